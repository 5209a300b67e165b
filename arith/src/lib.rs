//! oylama-arith: generic edwards25519 arithmetic for Python, over curve25519-dalek.
//!
//! Decoding and validation of points, scalar reduction, constant-time multiplication for
//! secret scalars, variable-time (multi-)scalar multiplication for public data, sums. It holds
//! no protocol: no ballots, proofs, transcripts or hashing of statements; oylama's proofs are
//! in Python (`src/oylama/crypto`), the independent auditor's in `audit/`.
#![forbid(unsafe_code)]

pub mod group;

#[cfg(feature = "python")]
mod python;
