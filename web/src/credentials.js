// Voter credentials (credentials.md §2–§4): code parsing with its GF(32) check, HKDF-SHA-512
// to an Ed25519 seed, and the domain-separated ballot signature. Only the device ever holds
// the code or the key; the server receives the public key and the signature.

import { ed25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { concat, lp, utf8 } from './bytes.js';
import { EncodingError, InputError, SignatureError } from './errors.js';

/**
 * An Ed25519 public key (a credential, a trustee's identity key; credentials.md §4 rule 1):
 * the canonical RFC 8032 encoding of an edwards25519 point of prime order, not the identity.
 * These keys are not elements of the ballots' group (ristretto255).
 */
export function decodeEd25519Key(bytes) {
  if (!(bytes instanceof Uint8Array) || bytes.length !== 32) {
    throw new EncodingError('an Ed25519 key is 32 bytes');
  }
  let P;
  try {
    P = ed25519.Point.fromBytes(bytes, false);
  } catch (e) {
    throw new EncodingError(`not an Ed25519 point: ${e.message}`);
  }
  const same = P.toBytes().every((b, i) => b === bytes[i]);
  if (P.is0() || !same || P.isSmallOrder() || !P.isTorsionFree()) {
    throw new EncodingError('not the canonical encoding of a point of prime order');
  }
  return P;
}

export const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const VALUE = new Map([...ALPHABET].map((c, i) => [c, i]));

function gfMul(a, b) {
  let r = 0;
  for (let i = 0; i < 5; i++) {
    if ((b >> i) & 1) r ^= a << i;
  }
  for (let i = 8; i >= 5; i--) {
    if ((r >> i) & 1) r ^= 0b100101 << (i - 5);
  }
  return r;
}

/** w_i = α^(23 − i) in GF(32) = GF(2)[x]/(x^5 + x^2 + 1), α = x. */
export const WEIGHTS = (() => {
  const w = new Array(24);
  let p = 1;
  for (let i = 23; i >= 0; i--) { w[i] = p; p = gfMul(p, 2); }
  return w;
})();

function checksum(values) {
  let s = 0;
  values.forEach((v, i) => { s ^= gfMul(WEIGHTS[i], v); });
  return s;
}

/** What a voter typed -> the canonical 24-symbol code (§2.4); InputError otherwise. */
export function parseCode(text) {
  let t = String(text).replace(/[ \t-]/g, '');
  t = t.replace(/[a-z]/g, (c) => c.toUpperCase());
  t = t.replace(/O/g, '0').replace(/[IL]/g, '1');
  if (![...t].every((c) => VALUE.has(c))) throw new InputError('the code has a character that is not a code symbol');
  if (t.length !== 24) throw new InputError(`a code has 24 symbols, got ${t.length}`);
  if (checksum([...t].map((c) => VALUE.get(c))) !== 0) {
    throw new InputError('the code is not valid (check symbol): a symbol was mistyped');
  }
  return t;
}

export function formatCode(code) { return code.match(/.{6}/g).join('-'); }

/** HKDF-SHA-512(IKM = code, salt = LP(tag) || LP(E), info, 32) (§3). */
export function credentialSeed(code, electionId) {
  const canonical = parseCode(code);
  if (!electionId) throw new InputError('an election id is non-empty text');
  const salt = concat(lp(utf8('oylama/credential/v1')), lp(utf8(electionId)));
  return hkdf(sha512, utf8(canonical), salt, utf8('oylama/credential/v1/ed25519-seed'), 32);
}

export function credentialKeys(code, electionId) {
  const seed = credentialSeed(code, electionId);
  return { seed, publicKey: ed25519.getPublicKey(seed) };
}

/** M = "oylama/ballot-signature/v1" || LP(E) || B (§4). */
export function signedMessage(ballotBytes, electionId) {
  return concat(utf8('oylama/ballot-signature/v1'), lp(utf8(electionId)), ballotBytes);
}

export function signBallot(seed, ballotBytes, electionId) {
  return ed25519.sign(signedMessage(ballotBytes, electionId), seed);
}

/**
 * M' = "oylama/spoiled-ballot-signature/v1" || LP(E) || S (§4.1): publishing a spoiled ballot
 * is signed over another message than casting, so what is sent to be published can never be
 * cast with that signature.
 */
export function spoiledSignedMessage(spoiledBytes, electionId) {
  return concat(utf8('oylama/spoiled-ballot-signature/v1'), lp(utf8(electionId)), spoiledBytes);
}

export function signSpoiled(seed, spoiledBytes, electionId) {
  return ed25519.sign(spoiledSignedMessage(spoiledBytes, electionId), seed);
}

/**
 * A participation-log statement (cycle.md §4.1): "oylama/cycle-statement/v1" || LP(E) ||
 * LP(kind) || SHA-256(C), for a proposal, a support or a proposal's photo. Its tag differs
 * from the ballots' in the eighth byte: no statement is ever a ballot's signed message.
 */
export function statementMessage(kind, contentBytes, electionId) {
  return concat(utf8('oylama/cycle-statement/v1'), lp(utf8(electionId)), lp(utf8(kind)), sha256(contentBytes));
}

export function signStatement(seed, kind, contentBytes, electionId) {
  return ed25519.sign(statementMessage(kind, contentBytes, electionId), seed);
}

export function verifyBallotSignature(publicKey, ballotBytes, signature, electionId) {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) throw new SignatureError('a public credential is 32 bytes');
  try { decodeEd25519Key(publicKey); } catch (e) { throw new SignatureError(`public credential: ${e.message}`); }
  if (!(signature instanceof Uint8Array) || signature.length !== 64) throw new SignatureError('a signature is 64 bytes');
  let ok = false;
  try {
    ok = ed25519.verify(signature, signedMessage(ballotBytes, electionId), publicKey, { zip215: false });
  } catch { ok = false; }
  if (!ok) throw new SignatureError('the ballot signature does not verify');
}

/** Hex digits of the list fingerprint printed on a letter (credentials.md §6, pins.md). */
export const LETTER_DIGITS = 20;

/** The fingerprint's first 20 digits as a letter prints them: four groups of five, joined by "-". */
export function letterFingerprint(fingerprintHex) {
  const head = fingerprintHex.slice(0, LETTER_DIGITS);
  return head.match(/.{5}/g).join('-');
}

/**
 * A pinned fingerprint as a voter has it (pins.md §2): 20 to 64 hex digits, '-' and spaces
 * ignored, any case. Throws InputError for anything else.
 */
export function parsePinnedFingerprint(text) {
  const value = String(text).replace(/[- ]/g, '').toLowerCase();
  if (!/^[0-9a-f]{20,64}$/.test(value)) throw new InputError('a list fingerprint is 20 to 64 hex digits');
  return value;
}
