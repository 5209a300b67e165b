// Exponential ElGamal on ristretto255 (crypto.md §4) and the Ciphertext wire form (§9).

import { fromBase64, toBase64 } from './bytes.js';
import { CryptoError, EncodingError } from './errors.js';
import { G, O, baseMul, decodePoint, mul, mulSecret, randomScalar } from './group.js';

/** A public key: a valid point, not O. Precomputes a table since it is multiplied often. */
export function decodePublicKey(bytes) {
  const H = decodePoint(bytes, false);
  return H;
}

export function encryptPoints(H, m, r) {
  const alpha = baseMul(r);
  const beta = baseMul(BigInt(m)).add(mulSecret(H, r));
  if (alpha.is0() || beta.is0()) throw new CryptoError('degenerate encryption');
  return [alpha, beta];
}

export function encryptRandom(H, m, rng) {
  for (;;) {
    const r = randomScalar(rng);
    try {
      return [encryptPoints(H, m, r), r];
    } catch (e) {
      if (!(e instanceof CryptoError)) throw e;
    }
  }
}

export function ciphertextToWire([alpha, beta]) {
  return { alpha: toBase64(alpha.toBytes()), beta: toBase64(beta.toBytes()) };
}

const CT_KEYS = ['alpha', 'beta'];

export function checkKeys(obj, keys, what) {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    throw new EncodingError(`${what}: expected an object`);
  }
  const got = Object.keys(obj);
  if (got.length !== keys.length || got.some((k, i) => k !== keys[i])) {
    throw new EncodingError(`${what}: expected fields ${keys.join(', ')}`);
  }
}

/** Decode a wire ciphertext to points; `fresh` refuses O in either component. */
export function ciphertextFromWire(obj, { fresh = true } = {}) {
  checkKeys(obj, CT_KEYS, 'Ciphertext');
  const a = fromBase64(obj.alpha, 32);
  const b = fromBase64(obj.beta, 32);
  return [decodePoint(a, !fresh), decodePoint(b, !fresh)];
}

export function addCt([a1, b1], [a2, b2]) { return [a1.add(a2), b1.add(b2)]; }
export function scaleCt([a, b], k) { return [mul(a, k), mul(b, k)]; }
export const ZERO_CT = [O, O];
export { G };
