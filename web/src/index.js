// oylama's in-browser cryptography: everything a voter's device computes, written from
// docs/spec (crypto.md, ballots.md, credentials.md, board.md) over @noble/curves and
// @noble/hashes. Bundled by build.mjs into src/oylama/service/_web/oylama-crypto.js.

export * from './bytes.js';
export * from './errors.js';
export {
  DeterministicRng, G, IDENTITY_BYTES, L, O, Point, baseMul, decodePoint, decodeScalar,
  encodeInt, encodePoint, encodeScalar, hashToPoint, mod, mul, randomScalar, secureRng, withTable,
} from './group.js';
export { challenge, transcript } from './transcript.js';
export {
  addCt, ciphertextFromWire, ciphertextToWire, decodePublicKey, encryptPoints, encryptRandom,
  scaleCt,
} from './elgamal.js';
export * from './proofs.js';
export * from './ballot.js';
export * from './credentials.js';
export * from './board.js';
export { sha256, sha512 } from '@noble/hashes/sha2.js';
export * from './trustees.js';
