//! The ristretto255 group (RFC 9496) on 32-byte encodings: strict decoding, multiplication
//! (constant-time for secret scalars, variable-time for public data), sums, and the
//! element derivation from 64 uniform bytes.
//!
//! ristretto255 is a prime-order group of order `L` built on edwards25519: every element has
//! exactly one encoding, and every string that decodes is an element -- there is no torsion,
//! no cofactor and no subgroup check. Everything here is generic group arithmetic. Nothing
//! knows about ballots, proofs or transcripts, and nothing hashes anything: the caller decides
//! what a combination means, and hashes its own messages before [`from_uniform_bytes`].
//!
//! Every function returns a [`Result`]; nothing panics on any input (lengths are checked before
//! any slice is cut), so the Python bindings can turn every error into an exception.

use core::fmt;

use curve25519_dalek::constants::{RISTRETTO_BASEPOINT_COMPRESSED, RISTRETTO_BASEPOINT_POINT};
use curve25519_dalek::ristretto::{CompressedRistretto, RistrettoBasepointTable, RistrettoPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::{Identity, IsIdentity, VartimeMultiscalarMul};
use zeroize::Zeroize;

/// Bytes of an encoded element and of an encoded scalar.
pub const POINT_BYTES: usize = 32;
pub const SCALAR_BYTES: usize = 32;

/// Bytes of the input of the element derivation (RFC 9496 §4.3.4).
pub const UNIFORM_BYTES: usize = 64;

/// The identity's encoding: 32 zero bytes.
pub const IDENTITY_BYTES: [u8; 32] = [0u8; 32];

/// Why an input was refused. `Display` gives the message the Python exception carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// A byte string whose length is not what the operation needs.
    Length {
        what: &'static str,
        expected: usize,
        got: usize,
    },
    /// 32 bytes that RFC 9496 §4.3.1 refuses: a non-canonical or negative field element, or
    /// no element of the group.
    Invalid,
    /// The identity where it is not allowed.
    Identity,
    /// A scalar encoding whose value is not below `L`.
    ScalarNonCanonical,
    /// A malformed argument (a count, an index) with its explanation.
    Argument(String),
    /// An error about the `index`-th item of a batch.
    At {
        what: &'static str,
        index: usize,
        error: Box<Error>,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Length {
                what,
                expected,
                got,
            } => {
                write!(f, "{what} must be {expected} bytes, got {got}")
            }
            Error::Invalid => write!(f, "not the encoding of a ristretto255 element"),
            Error::Identity => write!(f, "the identity is not allowed here"),
            Error::ScalarNonCanonical => write!(f, "non-canonical scalar (not below L)"),
            Error::Argument(msg) => write!(f, "{msg}"),
            Error::At { what, index, error } => write!(f, "{what} {index}: {error}"),
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T> = core::result::Result<T, Error>;

// -- encodings -----------------------------------------------------------------------------

/// A 32-byte array from a slice, or a length error naming `what`.
pub fn array32(data: &[u8], what: &'static str) -> Result<[u8; 32]> {
    <[u8; 32]>::try_from(data).map_err(|_| Error::Length {
        what,
        expected: 32,
        got: data.len(),
    })
}

/// Split `data` into 32-byte items; a length that is not a multiple of 32 is refused.
pub fn chunks32<'a>(
    data: &'a [u8],
    what: &'static str,
) -> Result<impl Iterator<Item = [u8; 32]> + 'a> {
    if data.len() % 32 != 0 {
        return Err(Error::Argument(format!(
            "{what}: {} bytes is not a whole number of 32-byte items",
            data.len()
        )));
    }
    Ok(data.chunks_exact(32).map(|c| {
        let mut a = [0u8; 32];
        a.copy_from_slice(c);
        a
    }))
}

/// RFC 9496 §4.3.1 decoding: refuses a non-canonical or negative field element and any string
/// that encodes no element. The identity (32 zero bytes) decodes.
pub fn decode(b: &[u8; 32]) -> Result<RistrettoPoint> {
    CompressedRistretto(*b).decompress().ok_or(Error::Invalid)
}

/// The canonical encoding (RFC 9496 §4.3.2).
pub fn encode(p: &RistrettoPoint) -> [u8; 32] {
    p.compress().to_bytes()
}

/// Decode an element that came from outside, refusing the identity unless `allow_identity`.
pub fn decode_valid(b: &[u8; 32], allow_identity: bool) -> Result<RistrettoPoint> {
    let p = decode(b)?;
    if !allow_identity && p.is_identity() {
        return Err(Error::Identity);
    }
    Ok(p)
}

/// libsodium's `crypto_core_ristretto255_is_valid_point`: whether `data` is the encoding of an
/// element (the identity included). A slice of another length is not valid.
pub fn is_valid(data: &[u8]) -> bool {
    match array32(data, "an element") {
        Ok(b) => decode(&b).is_ok(),
        Err(_) => false,
    }
}

/// Decode many elements; the first error names its index.
pub fn decode_many(data: &[u8], what: &'static str) -> Result<Vec<RistrettoPoint>> {
    chunks32(data, what)?
        .enumerate()
        .map(|(i, b)| decode(&b).map_err(|e| at(what, i, e)))
        .collect()
}

/// Check many elements (`decode_valid`); the first error names its index. `threads > 1`
/// splits the work (a square root per element).
pub fn check_many(data: &[u8], allow_identity: bool, threads: usize) -> Result<usize> {
    let _ = chunks32(data, "points")?; // checks the length
    let n = data.len() / 32;
    let check = |first: usize, block: &[u8]| -> Result<()> {
        for (i, c) in block.chunks_exact(32).enumerate() {
            let b = array32(c, "an element")?;
            decode_valid(&b, allow_identity).map_err(|e| at("point", first + i, e))?;
        }
        Ok(())
    };
    let threads = threads.clamp(1, 64).min(n.max(1));
    if threads == 1 {
        check(0, data)?;
    } else {
        let per = n.div_ceil(threads);
        let results: Vec<Result<()>> = std::thread::scope(|s| {
            let handles: Vec<_> = data
                .chunks(per * 32)
                .enumerate()
                .map(|(i, block)| s.spawn(move || check(i * per, block)))
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|_| Err(Error::Argument("a worker thread failed".into())))
                })
                .collect()
        });
        // The first error in order of the points, as on one thread.
        results.into_iter().collect::<Result<Vec<()>>>()?;
    }
    Ok(n)
}

fn at(what: &'static str, index: usize, error: Error) -> Error {
    Error::At {
        what,
        index,
        error: Box::new(error),
    }
}

/// Encodings of many elements, concatenated.
pub fn encode_many(points: &[RistrettoPoint]) -> Vec<u8> {
    let mut out = vec![0u8; 32 * points.len()];
    for (p, slot) in points.iter().zip(out.chunks_exact_mut(32)) {
        slot.copy_from_slice(p.compress().as_bytes());
    }
    out
}

/// RFC 9496 §4.3.4 element derivation: the element of 64 uniformly random bytes (two
/// applications of the one-way map, added). Whoever calls it hashes its message first; the
/// discrete logarithm of the result to any other element is unknown.
pub fn from_uniform_bytes(data: &[u8]) -> Result<RistrettoPoint> {
    let b = <[u8; UNIFORM_BYTES]>::try_from(data).map_err(|_| Error::Length {
        what: "uniform bytes",
        expected: UNIFORM_BYTES,
        got: data.len(),
    })?;
    Ok(RistrettoPoint::from_uniform_bytes(&b))
}

// -- scalars -------------------------------------------------------------------------------

/// A canonical scalar (32 bytes, value below `L`).
pub fn scalar(data: &[u8]) -> Result<Scalar> {
    let b = <[u8; 32]>::try_from(data).map_err(|_| Error::Length {
        what: "a scalar",
        expected: 32,
        got: data.len(),
    })?;
    Option::from(Scalar::from_canonical_bytes(b)).ok_or(Error::ScalarNonCanonical)
}

/// Whether `data` is a canonical scalar encoding.
pub fn scalar_is_canonical(data: &[u8]) -> bool {
    scalar(data).is_ok()
}

/// Many canonical scalars.
pub fn scalars(data: &[u8], what: &'static str) -> Result<Vec<Scalar>> {
    chunks32(data, what)?
        .enumerate()
        .map(|(i, b)| scalar(&b).map_err(|e| at(what, i, e)))
        .collect()
}

/// A little-endian integer of at most 64 bytes reduced modulo `L`.
pub fn scalar_reduce(data: &[u8]) -> Result<Scalar> {
    if data.len() > 64 {
        return Err(Error::Argument(format!(
            "a wide scalar is at most 64 bytes, got {}",
            data.len()
        )));
    }
    let mut wide = [0u8; 64];
    wide[..data.len()].copy_from_slice(data);
    let s = Scalar::from_bytes_mod_order_wide(&wide);
    wide.zeroize();
    Ok(s)
}

// -- constant-time multiplication (secret scalars) --------------------------------------------

/// `k·G` with the precomputed basepoint table, in constant time.
pub fn mul_base(k: &Scalar) -> RistrettoPoint {
    RistrettoPoint::mul_base(k)
}

/// `k·P` in constant time (for secret `k`).
pub fn mul(k: &Scalar, p: &RistrettoPoint) -> RistrettoPoint {
    p * k
}

/// A precomputed table of multiples of one element, for constant-time fixed-base
/// multiplication by many secret scalars (about 3× faster than [`mul`] once built).
pub struct FixedBase {
    table: Box<RistrettoBasepointTable>,
}

impl FixedBase {
    pub fn new(p: &RistrettoPoint) -> Self {
        FixedBase {
            table: Box::new(RistrettoBasepointTable::create(p)),
        }
    }

    pub fn mul(&self, k: &Scalar) -> RistrettoPoint {
        self.table.as_ref() * k
    }

    pub fn point(&self) -> RistrettoPoint {
        self.table.basepoint()
    }
}

// -- variable-time multiplication (public data) ---------------------------------------------

/// `k·P` in variable time: only for public `k` and `P`.
pub fn mul_vartime(k: &Scalar, p: &RistrettoPoint) -> RistrettoPoint {
    RistrettoPoint::vartime_double_scalar_mul_basepoint(k, p, &Scalar::ZERO)
}

/// `a·P + b·G` in variable time.
pub fn double_mul_base_vartime(a: &Scalar, p: &RistrettoPoint, b: &Scalar) -> RistrettoPoint {
    RistrettoPoint::vartime_double_scalar_mul_basepoint(a, p, b)
}

/// `Σ k_i·P_i` in variable time (Straus for few points, Pippenger for many).
pub fn msm_vartime(ks: &[Scalar], ps: &[RistrettoPoint]) -> Result<RistrettoPoint> {
    if ks.len() != ps.len() {
        return Err(Error::Argument(format!(
            "as many scalars as points: {} scalars, {} points",
            ks.len(),
            ps.len()
        )));
    }
    Ok(RistrettoPoint::vartime_multiscalar_mul(ks, ps))
}

/// Rows whose scalars all have at most this many bits (public weights: costs, powers of two)
/// are computed by plain double-and-add, which costs a doubling per bit instead of the 256 of
/// the general algorithms.
const SMALL_SCALAR_BITS: usize = 64;

/// The bit length of the largest scalar.
fn small_bits(ks: &[Scalar]) -> usize {
    ks.iter()
        .map(|k| {
            let b = k.as_bytes();
            b.iter()
                .rposition(|&x| x != 0)
                .map_or(0, |i| 8 * i + 8 - b[i].leading_zeros() as usize)
        })
        .max()
        .unwrap_or(0)
}

/// `Σ k_i·P_i` for scalars below `2^bits`, left to right, variable time (public data).
fn small_combination(ks: &[Scalar], ps: &[RistrettoPoint], bits: usize) -> RistrettoPoint {
    let mut acc = RistrettoPoint::identity();
    for bit in (0..bits).rev() {
        acc = acc + acc;
        for (k, p) in ks.iter().zip(ps) {
            if (k.as_bytes()[bit / 8] >> (bit % 8)) & 1 == 1 {
                acc += p;
            }
        }
    }
    acc
}

/// Rows of a sparse linear combination of `points`, in variable time.
///
/// Row `r` has `widths[r]` terms, taken in order from `terms` (point indices) and `scalars`:
/// it is `Σ_t scalars[t]·points[terms[t]]` over its terms. Zero scalars are skipped; terms on
/// the base point `G` are merged and use its precomputed table.
pub fn combine_vartime(
    points: &[RistrettoPoint],
    terms: &[usize],
    scalars: &[Scalar],
    widths: &[usize],
) -> Result<Vec<RistrettoPoint>> {
    if terms.len() != scalars.len() {
        return Err(Error::Argument(format!(
            "as many terms as scalars: {} terms, {} scalars",
            terms.len(),
            scalars.len()
        )));
    }
    let total = widths.iter().try_fold(0usize, |acc, w| acc.checked_add(*w));
    if total != Some(terms.len()) {
        return Err(Error::Argument(format!(
            "the row widths do not add up to the {} terms",
            terms.len()
        )));
    }
    if let Some((t, &i)) = terms.iter().enumerate().find(|(_, &i)| i >= points.len()) {
        return Err(Error::Argument(format!(
            "term {t}: point index {i} out of range ({} points)",
            points.len()
        )));
    }
    let is_base: Vec<bool> = points
        .iter()
        .map(|p| *p == RISTRETTO_BASEPOINT_POINT)
        .collect();
    let mut out = Vec::with_capacity(widths.len());
    let mut ks: Vec<Scalar> = Vec::new();
    let mut ps: Vec<RistrettoPoint> = Vec::new();
    let mut start = 0;
    for &w in widths {
        let (row_terms, row_scalars) = (&terms[start..start + w], &scalars[start..start + w]);
        start += w;
        ks.clear();
        ps.clear();
        let mut base = Scalar::ZERO;
        for (&i, k) in row_terms.iter().zip(row_scalars) {
            if *k == Scalar::ZERO {
                continue;
            }
            if is_base[i] {
                base += k;
            } else {
                ks.push(*k);
                ps.push(points[i]);
            }
        }
        let small = small_bits(&ks).max(small_bits(&[base]));
        let value = match ks.len() {
            0 if base == Scalar::ZERO => RistrettoPoint::identity(),
            _ if small <= SMALL_SCALAR_BITS => {
                if base != Scalar::ZERO {
                    ks.push(base);
                    ps.push(RISTRETTO_BASEPOINT_POINT);
                }
                small_combination(&ks, &ps, small)
            }
            0 => RistrettoPoint::mul_base(&base),
            1 => RistrettoPoint::vartime_double_scalar_mul_basepoint(&ks[0], &ps[0], &base),
            _ => {
                if base != Scalar::ZERO {
                    ks.push(base);
                    ps.push(RISTRETTO_BASEPOINT_POINT);
                }
                RistrettoPoint::vartime_multiscalar_mul(&ks, &ps)
            }
        };
        out.push(value);
    }
    Ok(out)
}

// -- sums -----------------------------------------------------------------------------------

/// The sum of many elements.
pub fn sum(points: impl IntoIterator<Item = RistrettoPoint>) -> RistrettoPoint {
    points
        .into_iter()
        .fold(RistrettoPoint::identity(), |acc, p| acc + p)
}

/// Most columns of [`sum_columns`] (a tally has two per project).
pub const MAX_COLUMNS: usize = 1 << 20;

/// Column sums of a row-major matrix of encoded elements with `width` columns: `width`
/// elements. Every element is decoded, which is also its whole validity check; the identity is
/// refused unless `allow_identity` (a tally of fresh ciphertexts: one pass checks and sums).
///
/// Decoding (a square root per element) is most of the cost; `threads > 1` splits the rows.
pub fn sum_columns(
    data: &[u8],
    width: usize,
    threads: usize,
    allow_identity: bool,
) -> Result<Vec<RistrettoPoint>> {
    if width == 0 {
        return Err(Error::Argument("a matrix has at least one column".into()));
    }
    if width > MAX_COLUMNS {
        // The result alone holds `width` points: refuse before allocating it.
        return Err(Error::Argument(format!(
            "a row of {width} points is too long (at most {MAX_COLUMNS} columns)"
        )));
    }
    let row_bytes = 32 * width;
    if data.len() % row_bytes != 0 {
        return Err(Error::Argument(format!(
            "{} bytes is not a whole number of rows of {width} points",
            data.len()
        )));
    }
    let rows = data.len() / row_bytes;
    let threads = threads.clamp(1, 64).min(rows.max(1));
    let per = rows.div_ceil(threads).max(1);
    let partial = |first_row: usize, block: &[u8]| -> Result<Vec<RistrettoPoint>> {
        let mut acc = vec![RistrettoPoint::identity(); width];
        for (r, row) in block.chunks_exact(row_bytes).enumerate() {
            for (c, (slot, b)) in acc.iter_mut().zip(row.chunks_exact(32)).enumerate() {
                let b = array32(b, "an element")?;
                let p = decode_valid(&b, allow_identity).map_err(|e| {
                    Error::Argument(format!("row {}, column {c}: {e}", first_row + r))
                })?;
                *slot += p;
            }
        }
        Ok(acc)
    };
    let results: Vec<Result<Vec<RistrettoPoint>>> = if threads == 1 {
        vec![partial(0, data)]
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = data
                .chunks(per * row_bytes)
                .enumerate()
                .map(|(i, block)| s.spawn(move || partial(i * per, block)))
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|_| Err(Error::Argument("a worker thread failed".into())))
                })
                .collect()
        })
    };
    let mut total = vec![RistrettoPoint::identity(); width];
    for r in results {
        for (t, p) in total.iter_mut().zip(r?) {
            *t += p;
        }
    }
    Ok(total)
}

/// `start + i·step` for `i = 0 … count-1` (consecutive multiples when `start = O`): the baby
/// steps and giant steps of a small discrete logarithm, one addition and one encoding each.
pub fn progression(start: &RistrettoPoint, step: &RistrettoPoint, count: usize) -> Vec<u8> {
    let mut out = vec![0u8; 32 * count];
    let mut q = *start;
    for slot in out.chunks_exact_mut(32) {
        slot.copy_from_slice(q.compress().as_bytes());
        q += step;
    }
    out
}

/// The generator `G` of RFC 9496 §4.4.
pub fn base_point() -> RistrettoPoint {
    RISTRETTO_BASEPOINT_POINT
}

/// The generator's encoding.
pub fn base_point_bytes() -> [u8; 32] {
    RISTRETTO_BASEPOINT_COMPRESSED.to_bytes()
}

#[cfg(test)]
mod tests;
