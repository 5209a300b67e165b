// The trustees' public records and the joint key (trustees.md §3.2, §5), each record signed by
// its trustee's identity key (trustees.md §3.3), and the election's hashes (election.md §4):
// what a voter's device recomputes so that the server cannot hand it a key whose secret it
// knows -- unless it ran every trustee's role itself, with identity keys of its own in the
// manifest, which only keys pinned out of band (pins.md) can tell.

import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concat, fromBase64, lp, u32be, utf8 } from './bytes.js';
import { decodeEd25519Key } from './credentials.js';
import { checkKeys } from './elgamal.js';
import { CryptoError } from './errors.js';
import { O, decodePoint } from './group.js';
import { verifySchnorr } from './proofs.js';

const tagHash = (tag, ...fields) => sha256(concat(lp(utf8(tag)), ...fields.map(lp)));

export const manifestHash = (manifestBytes) => tagHash('oylama/election/v1/manifest', manifestBytes);
export const ceremonyContext = (mh) => tagHash('oylama/election/v1/ceremony-context', mh);
export const baseHash = (mh, jointKey) => tagHash('oylama/election/v1/base-hash', mh, jointKey);

export function coefficientLabel(n, t, i, j, boxPublic) {
  return concat(utf8('trustee-coefficient'), u32be(n), u32be(t), u32be(i), u32be(j), boxPublic);
}

const RECORD_KEYS = ['index', 'trustees', 'threshold', 'commitments', 'proofs', 'box_public'];

/** Check one TrusteePublic (wire object) of a ceremony (n, t); returns its commitment points. */
export function verifyTrusteePublic(rec, { n, t, context }) {
  checkKeys(rec, RECORD_KEYS, 'TrusteePublic');
  const i = rec.index;
  if (!Number.isInteger(i) || i < 1 || i > n || rec.trustees !== n || rec.threshold !== t) {
    throw new CryptoError(`trustee ${i}: index or (n, t) does not match the ceremony`);
  }
  if (!Array.isArray(rec.commitments) || !Array.isArray(rec.proofs)
      || rec.commitments.length !== t || rec.proofs.length !== t) {
    throw new CryptoError(`trustee ${i}: expected ${t} commitments and proofs`);
  }
  const box = fromBase64(rec.box_public, 32);
  const k = new Uint8Array(32); k[0] = 8;
  let shared;
  try { shared = x25519.scalarMult(k, box); } catch { shared = new Uint8Array(32); }
  if (shared.every((b) => b === 0)) throw new CryptoError(`trustee ${i}: box key of small order`);
  return rec.commitments.map((c, j) => {
    const K = decodePoint(fromBase64(c, 32));
    try {
      verifySchnorr(K, rec.proofs[j], { context, label: coefficientLabel(n, t, i, j, box) });
    } catch (e) {
      throw new CryptoError(`trustee ${i}: coefficient ${j}: ${e.message}`);
    }
    return K;
  });
}

/**
 * σ_rec over "oylama/trustee-record/v1" || LP(ctx_c) || R (trustees.md §3.3), R the record's
 * canonical JSON text, under identity key `keys[index - 1]` (32 bytes each). Throws CryptoError.
 */
export function verifyRecordSignature(recordText, index, signature, keys, context) {
  if (!Number.isInteger(index) || index < 1 || index > keys.length) {
    throw new CryptoError(`no identity key for trustee ${index}`);
  }
  const key = keys[index - 1];
  try { decodeEd25519Key(key); } catch (e) { throw new CryptoError(`trustee ${index}'s identity key: ${e.message}`); }
  if (!(signature instanceof Uint8Array) || signature.length !== 64) {
    throw new CryptoError(`trustee ${index}'s record: a signature is 64 bytes`);
  }
  const message = concat(utf8('oylama/trustee-record/v1'), lp(context), utf8(recordText));
  let ok = false;
  try { ok = ed25519.verify(signature, message, key, { zip215: false }); } catch { ok = false; }
  if (!ok) throw new CryptoError(`trustee ${index}'s record: not signed by the trustee's identity key`);
}

/** K = Σ_i K_i0 over exactly one valid record per index 1..n (trustees.md §3.2, §5). */
export function jointKey(records, { n, t, context }) {
  if (records.length !== n) throw new CryptoError(`expected ${n} trustee records, got ${records.length}`);
  const seen = new Set();
  let K = O;
  for (const rec of records) {
    const points = verifyTrusteePublic(rec, { n, t, context });
    if (seen.has(rec.index)) throw new CryptoError(`two records for trustee ${rec.index}`);
    seen.add(rec.index);
    K = K.add(points[0]);
  }
  if (K.is0()) throw new CryptoError('the joint key is the identity');
  return K;
}
