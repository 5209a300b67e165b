// ristretto255 (RFC 9496; crypto.md §2): strict decoding, scalars, random scalars, hash to the
// group by element derivation. Arithmetic is @noble/curves' audited code (its RistrettoPoint);
// what is ours is exactly the acceptance rules of the spec.

import { ristretto255, ristretto255_hasher } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import {
  bytesToIntLE, concat, equalBytes, intToBytesLE, lp, toHex, u32be, u64be, utf8,
} from './bytes.js';
import { CryptoError, EncodingError } from './errors.js';

export const Point = ristretto255.Point;
export const L = Point.Fn.ORDER;
export const G = Point.BASE;
export const O = Point.ZERO;
export const IDENTITY_BYTES = new Uint8Array(32);

export const mod = (a) => { const r = a % L; return r < 0n ? r + L : r; };

/**
 * k·P for a public scalar (any k; 0 gives O). Variable time (noble's multiplyUnsafe): only
 * for values anyone may know -- published proof scalars, challenges, style weights. A secret
 * scalar MUST go through mulSecret (test/secret-scalars.test.js checks a whole ballot).
 */
export function mul(P, k) {
  k = mod(k);
  if (k === 0n || P.is0()) return O;
  return P.multiplyUnsafe(k);
}

/**
 * k·P for a secret scalar, any k in [0, L), in constant time (noble's multiply: a fixed
 * sequence of window additions with fake points). noble refuses k = 0, and a branch on
 * k === 0 would tell the time whether a plaintext is 0, so k·P is computed as (k+1)·P − P
 * for every k; only k = L − 1, which no plaintext, randomness or nonce is in practice
 * (probability 2^-252), takes another path.
 */
export function mulSecret(P, k) {
  k = mod(k);
  if (P.is0()) return O;
  if (k === L - 1n) return P.negate();
  return P.multiply(k + 1n).subtract(P);
}

/** k·G in constant time, for a secret or a public scalar (0 gives O). */
export function baseMul(k) {
  return mulSecret(G, k);
}

const tabled = new WeakSet();
/**
 * Precompute a window table for a point multiplied many times (the election key: each
 * ballot multiplies it hundreds of times; 3-5x faster). Idempotent.
 */
export function withTable(P) {
  if (!P.is0() && !tabled.has(P)) { P.precompute(8, false); tabled.add(P); }
  return P;
}

export function encodePoint(P) { return P.toBytes(); }

/**
 * Decode 32 bytes per crypto.md §2.2: RFC 9496 §4.3.1 (canonical, non-negative, an element;
 * bit 255 set is refused), not O unless allowIdentity.
 */
export function decodePoint(bytes, allowIdentity = false) {
  if (!(bytes instanceof Uint8Array) || bytes.length !== 32) {
    throw new EncodingError('a point is 32 bytes');
  }
  if (equalBytes(bytes, IDENTITY_BYTES)) {
    if (allowIdentity) return O;
    throw new EncodingError('the identity is not allowed here');
  }
  let P;
  try {
    P = Point.fromBytes(bytes);
  } catch (e) {
    throw new EncodingError(`not the encoding of a ristretto255 element: ${e.message}`);
  }
  if (!equalBytes(P.toBytes(), bytes)) throw new EncodingError('non-canonical encoding');
  return P;
}

export function encodeScalar(k) {
  if (typeof k !== 'bigint' || k < 0n || k >= L) throw new CryptoError('scalar out of range');
  return intToBytesLE(k, 32);
}
/** INT(v): a public integer 0 <= v <= 2^62 as 32 bytes little-endian. */
export function encodeInt(v) {
  v = BigInt(v);
  if (v < 0n || v > 2n ** 62n) throw new CryptoError('integer out of [0, 2^62]');
  return intToBytesLE(v, 32);
}

export function decodeScalar(bytes) {
  if (!(bytes instanceof Uint8Array) || bytes.length !== 32) {
    throw new EncodingError('a scalar is 32 bytes');
  }
  const k = bytesToIntLE(bytes);
  if (k >= L) throw new EncodingError('non-canonical scalar (>= L)');
  return k;
}

/** Uniform in [1, L): 64 bytes little-endian mod L, redrawn on 0 (crypto.md §2.3). */
export function randomScalar(rng) {
  for (;;) {
    const k = bytesToIntLE(rng.tokenBytes(64)) % L;
    if (k !== 0n) return k;
  }
}

/** The browser's (or node's) CSPRNG. */
export const secureRng = {
  tokenBytes(n) {
    const out = new Uint8Array(n);
    globalThis.crypto.getRandomValues(out);
    return out;
  },
};

/** crypto.md §12.3: for tests and known-answer vectors only. */
export class DeterministicRng {
  constructor(seed) {
    this.seed = typeof seed === 'string' ? utf8(seed) : seed;
    this.block = 0n;
    this.buffer = new Uint8Array(0);
  }
  tokenBytes(n) {
    while (this.buffer.length < n) {
      const blk = sha512(concat(utf8('oylama/crypto/v2/test-rng'), u32be(this.seed.length),
        this.seed, u64be(this.block)));
      this.block += 1n;
      this.buffer = concat(this.buffer, blk);
    }
    const out = this.buffer.slice(0, n);
    this.buffer = this.buffer.slice(n);
    return out;
  }
}

/** crypto.md §2.4: RFC 9496's element derivation of a domain-separated SHA-512 digest. */
export function hashToPoint(tag, msg) {
  const t = typeof tag === 'string' ? utf8(tag) : tag;
  const m = typeof msg === 'string' ? utf8(msg) : msg;
  const uniform = sha512(concat(lp(utf8('oylama/crypto/v2/hash-to-point')), lp(t), lp(m)));
  const P = ristretto255_hasher.deriveToCurve(uniform);
  if (P.is0()) throw new CryptoError('hash_to_point: the identity');
  return P;
}

export { toHex };
