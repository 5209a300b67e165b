//! oylama-arith: generic ristretto255 arithmetic (RFC 9496) for Python, over curve25519-dalek.
//!
//! Decoding of elements, the element derivation from uniform bytes, scalar reduction,
//! constant-time multiplication for secret scalars, variable-time (multi-)scalar
//! multiplication for public data, sums. It holds no protocol: no ballots, proofs,
//! transcripts or hashing of statements; oylama's proofs are in Python (`src/oylama/crypto`),
//! the independent auditor's in `audit/`.
#![forbid(unsafe_code)]

pub mod ristretto;

#[cfg(feature = "python")]
mod python;
