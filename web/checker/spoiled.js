// Spoiled ballots checked from docs/spec/ballots.md §2, §3, §6 and §8 alone: does each published
// ciphertext re-encrypt from the revealed choice and randomness? Written for this checker, over
// noble's ristretto255 (crypto.md §2), independently of the code that encrypts ballots
// (web/src/ballot.js and proofs.js): a device that cheats when it encrypts must not be the one
// that says it did not.
//
// What it does of ballots §8: steps 2-5 and the ballot's binding to the election (its
// `election` is the base hash, its `style` and sizes the style's). What it leaves out: step 1's
// zero-knowledge proofs, which say nothing about what the ciphertexts hold beyond what step 4
// shows, and which bind the credential that published the ballot -- the board does not record
// it (ballots §4, §8); the service checked them when it took the spoiled ballot.

import { ristretto255 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { CheckFailed, base64, fromUtf8, join, leInt, lp, same, unbase64, utf8 } from './bytes.js';

const Point = ristretto255.Point;
const L = Point.Fn.ORDER;
const tag = (text) => lp(utf8(text));

/** A point per crypto §2.2: the RFC 9496 encoding of an element, not O. */
function point(bytes) {
  let P;
  try { P = Point.fromBytes(bytes); } catch { throw new CheckFailed('not the encoding of a ristretto255 element'); }
  if (P.is0() || !same(P.toBytes(), bytes)) throw new CheckFailed('not a valid point of the group');
  return P;
}

const times = (P, k) => (k % L === 0n ? Point.ZERO : P.multiplyUnsafe(((k % L) + L) % L));
const encode = (P) => P.toBytes(); // the identity is 32 zero bytes

/**
 * What the board says about the election: its manifest, and the joint key K and base hash
 * recomputed (election §4, trustees §5) and compared with the `opened` entry's.
 */
export function electionOf(record) {
  const { entries } = record;
  if (entries[0]?.kind !== 'manifest') throw new CheckFailed('entry 0 is not the manifest');
  const manifestBytes = entries[0].payload;
  const manifest = JSON.parse(fromUtf8(manifestBytes));
  if (manifest.election_id !== record.electionId) throw new CheckFailed('the manifest is of another election');
  if (manifest.origin !== record.origin) throw new CheckFailed("the checkpoint's origin is not the manifest's");
  const manifestHash = sha256(join(tag('oylama/election/v1/manifest'), lp(manifestBytes)));
  const keys = new Map();
  for (const e of entries) {
    if (e.kind !== 'trustee-key') continue;
    const rec = JSON.parse(fromUtf8(e.payload)).record; // {record, signature}: trustees §3.3
    if (!rec || typeof rec !== 'object') throw new CheckFailed('a trustee-key entry holds no record');
    if (keys.has(rec.index)) throw new CheckFailed(`two records of trustee ${rec.index}`);
    keys.set(rec.index, point(unbase64(rec.commitments[0], 32)));
  }
  if (keys.size !== manifest.trustees) throw new CheckFailed(`${keys.size} trustee records, the manifest has ${manifest.trustees}`);
  let K = Point.ZERO;
  for (const P of keys.values()) K = K.add(P);
  if (K.is0()) throw new CheckFailed('the joint key is the identity');
  const baseHash = sha256(join(tag('oylama/election/v1/base-hash'), lp(manifestHash), lp(K.toBytes())));
  const opened = entries.find((e) => e.kind === 'opened');
  if (!opened) throw new CheckFailed('the election was never opened');
  const o = JSON.parse(fromUtf8(opened.payload));
  if (o.joint_key !== base64(K.toBytes()) || o.base_hash !== base64(baseHash)) {
    throw new CheckFailed("the opened entry's key or base hash is not the trustees'");
  }
  const cast = new Set();
  for (const e of entries) {
    if (e.kind !== 'ballot') continue;
    const b = JSON.parse(fromUtf8(e.payload)).ballot;
    cast.add(`${b.style}\n${b.ballot_id}`);
  }
  return { manifest, K, baseHash, cast };
}

/** ballots §2: the choices a style allows. */
function checkChoices(style, x) {
  const n = style.projects;
  if (!Array.isArray(x) || x.length !== n || !x.every(Number.isSafeInteger)) throw new CheckFailed(`expected ${n} whole numbers`);
  const sum = (f) => x.reduce((s, v, j) => s + BigInt(f(v, j)), 0n);
  if (style.kind === 'approval' || style.kind === 'knapsack') {
    if (!x.every((v) => v === 0 || v === 1)) throw new CheckFailed('a choice is 0 or 1');
    const count = sum((v) => v);
    if (count < BigInt(style.min_count) || count > BigInt(style.max_count ?? n)) throw new CheckFailed('too few or too many projects');
    if (style.kind === 'knapsack' && sum((v, j) => BigInt(v) * BigInt(style.costs[j])) > BigInt(style.budget)) {
      throw new CheckFailed('over the budget');
    }
  } else if (style.kind === 'cumulative') {
    if (!x.every((v) => v >= 0 && BigInt(v) <= BigInt(style.points)) || sum((v) => v) > BigInt(style.points)) {
      throw new CheckFailed('more points than allowed');
    }
  } else if (style.kind === 'quadratic') {
    const low = style.signed ? -style.max_votes : 0;
    if (!x.every((v) => v >= low && v <= style.max_votes) || sum((v) => BigInt(v) * BigInt(v)) > BigInt(style.credits)) {
      throw new CheckFailed('votes out of range or over the credits');
    }
  } else throw new CheckFailed(`unknown kind ${style.kind}`);
}

/** ballots §3: what each selection (and square) ciphertext encrypts. */
function plaintexts(style, x) {
  if (style.kind === 'quadratic') {
    const offset = style.signed ? BigInt(style.max_votes) : 0n;
    return [x.map((v) => BigInt(v) + offset), x.map((v) => BigInt(v) * BigInt(v))];
  }
  if (style.kind === 'knapsack') {
    return [x.map((v, j) => BigInt(v) * (BigInt(style.costs[j]) > 0n ? BigInt(style.costs[j]) : 1n)), []];
  }
  return [x.map(BigInt), []];
}

/** One revealed randomness: 32 bytes, canonical (< L), not zero (ballots §8 step 3). */
function revealed(text, what) {
  const r = leInt(unbase64(text, 32));
  if (r >= L) throw new CheckFailed(`${what}: the randomness is not canonical`);
  if (r === 0n) throw new CheckFailed(`${what}: the randomness is zero`);
  return r;
}

export const trackingCode = (ballotText) =>
  sha256(join(tag('oylama/ballot/v1/tracking-code'), utf8(ballotText)));

export function displayCode(code) {
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const b of code) bits += b.toString(2).padStart(8, '0');
  let out = '';
  for (let i = 0; i < bits.length; i += 5) out += A[parseInt(bits.slice(i, i + 5).padEnd(5, '0'), 2)];
  return out.match(/.{1,4}/g).join('-');
}

/**
 * Check one spoiled ballot (its canonical text) against the election: returns
 * { code, ballot (manifest ballot), choices, ok, problem }. `problem` names the first failure.
 */
export function checkSpoiled(election, text) {
  const out = { code: null, ballot: null, choices: null, ok: false, problem: null };
  try {
    let sp;
    try { sp = JSON.parse(text); } catch { throw new CheckFailed('not JSON'); }
    const keys = sp && typeof sp === 'object' ? Object.keys(sp).join() : '';
    if (keys !== 'ballot,choices,randomness,square_randomness' || JSON.stringify(sp) !== text) {
      throw new CheckFailed('not the canonical text of a spoiled ballot');
    }
    const ballotText = JSON.stringify(sp.ballot);
    out.code = displayCode(trackingCode(ballotText));
    out.choices = sp.choices;
    const b = sp.ballot;
    const mb = election.manifest.ballots.find((m) => m.id === b.style);
    if (!mb) throw new CheckFailed(`ballot ${b.style} is not one of this election`);
    out.ballot = mb;
    const style = mb.style;
    if (b.election !== base64(election.baseHash)) throw new CheckFailed('the ballot is for another election (base hash)');
    if (b.style !== style.id) throw new CheckFailed('the ballot is of another style');
    checkChoices(style, sp.choices);
    const [sel, sq] = plaintexts(style, sp.choices);
    const n = style.projects;
    const quadratic = style.kind === 'quadratic';
    if (b.selections.length !== n || b.squares.length !== (quadratic ? n : 0)
        || sp.randomness.length !== n || sp.square_randomness.length !== (quadratic ? n : 0)) {
      throw new CheckFailed('not one ciphertext and one randomness per project');
    }
    const G = Point.BASE;
    const reencrypt = (ct, m, r, what) => {
      const alpha = base64(encode(times(G, r)));
      const beta = base64(encode(times(G, m).add(times(election.K, r))));
      if (ct.alpha !== alpha || ct.beta !== beta) {
        throw new CheckFailed(`${what}: the ciphertext is NOT the encryption of the revealed choice`);
      }
    };
    for (let j = 0; j < n; j++) {
      reencrypt(b.selections[j], sel[j], revealed(sp.randomness[j], `project ${j + 1}`), `project ${j + 1} (${mb.projects[j].id})`);
      if (quadratic) reencrypt(b.squares[j], sq[j], revealed(sp.square_randomness[j], `project ${j + 1} square`), `project ${j + 1} (${mb.projects[j].id}) square`);
    }
    if (election.cast.has(`${b.style}\n${b.ballot_id}`)) {
      throw new CheckFailed('this ballot was also cast: its vote is public');
    }
    out.ok = true;
  } catch (e) {
    if (!(e instanceof CheckFailed)) throw e;
    out.problem = e.message;
  }
  return out;
}

/** Every `ballot-spoiled` entry of the record, checked: [{ index, text, ...checkSpoiled }]. */
export function spoiledEntries(record, election) {
  return record.entries
    .filter((e) => e.kind === 'ballot-spoiled')
    .map((e) => {
      const text = fromUtf8(e.payload);
      return { index: Number(e.index), text, ...checkSpoiled(election, text) };
    });
}
