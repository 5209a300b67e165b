//! The Python module `oylama_arith`: thin wrappers over [`crate::ristretto`] on `bytes`.
//!
//! Elements ("points") are 32-byte RFC 9496 encodings and scalars 32-byte little-endian canonical encodings (below
//! `L`); batches are the concatenation of their items. Every error is a `ValueError` carrying
//! the message of [`crate::group::Error`]; nothing here can panic. Every call that costs a
//! scalar multiplication or more releases the GIL while it computes (the inputs are immutable
//! `bytes`), so threads of one process verify in parallel.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::scalar::Scalar;
use zeroize::Zeroize;

use crate::ristretto::{self as group, Error};

/// Below this many points a batch runs with the GIL held and on one thread.
const PARALLEL_MIN_POINTS: usize = 8192;

fn value_error(e: Error) -> PyErr {
    PyValueError::new_err(e.to_string())
}

fn named(what: &'static str) -> impl Fn(Error) -> PyErr {
    move |e| PyValueError::new_err(format!("{what}: {e}"))
}

fn point(data: &[u8], what: &'static str) -> PyResult<RistrettoPoint> {
    let b = group::array32(data, "a point").map_err(named(what))?;
    group::decode(&b).map_err(named(what))
}

fn scalar(data: &[u8], what: &'static str) -> PyResult<Scalar> {
    group::scalar(data).map_err(named(what))
}

fn bytes_of<'py>(py: Python<'py>, p: &RistrettoPoint) -> Bound<'py, PyBytes> {
    PyBytes::new(py, p.compress().as_bytes())
}

fn threads_for(points: usize, threads: usize) -> usize {
    if threads != 0 {
        threads
    } else if points < PARALLEL_MIN_POINTS {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    }
}

/// libsodium's ``crypto_core_ristretto255_is_valid_point``: whether ``p`` is the encoding of
/// an element (RFC 9496 §4.3.1), the identity included. Any other length is not valid.
#[pyfunction]
fn is_valid(p: &[u8]) -> bool {
    group::is_valid(p)
}

/// Check concatenated 32-byte encodings (each as ``is_valid``, and not the identity unless
/// ``allow_identity``); return their count, or raise ``ValueError`` naming the first bad one
/// (``point 3: not the encoding of a ristretto255 element``). ``threads = 0`` uses every core
/// for large inputs, with the GIL released.
#[pyfunction]
#[pyo3(signature = (data, allow_identity = false, threads = 0))]
fn check_points(
    py: Python<'_>,
    data: &[u8],
    allow_identity: bool,
    threads: usize,
) -> PyResult<usize> {
    let threads = threads_for(data.len() / 32, threads);
    if threads > 1 {
        py.detach(|| group::check_many(data, allow_identity, threads))
            .map_err(value_error)
    } else {
        group::check_many(data, allow_identity, 1).map_err(value_error)
    }
}

/// Whether ``s`` is a canonical scalar: 32 bytes, value below ``L``.
#[pyfunction]
fn scalar_is_canonical(s: &[u8]) -> bool {
    group::scalar_is_canonical(s)
}

/// A little-endian integer of at most 64 bytes, reduced modulo ``L`` (32 bytes).
#[pyfunction]
fn scalar_reduce<'py>(py: Python<'py>, data: &[u8]) -> PyResult<Bound<'py, PyBytes>> {
    let mut s = group::scalar_reduce(data).map_err(value_error)?;
    let out = PyBytes::new(py, s.as_bytes());
    s.zeroize();
    Ok(out)
}

/// ``k·G`` in constant time (``k`` secret); ``k = 0`` gives the identity.
#[pyfunction]
fn mul_base<'py>(py: Python<'py>, k: &[u8]) -> PyResult<Bound<'py, PyBytes>> {
    let mut k = scalar(k, "scalar")?;
    let p = group::mul_base(&k);
    k.zeroize();
    Ok(bytes_of(py, &p))
}

/// ``k_i·G`` for concatenated secret scalars, in constant time; concatenated points.
#[pyfunction]
fn mul_base_many<'py>(py: Python<'py>, ks: &[u8]) -> PyResult<Bound<'py, PyBytes>> {
    let mut ks = group::scalars(ks, "scalar").map_err(value_error)?;
    let points: Vec<RistrettoPoint> = ks.iter().map(group::mul_base).collect();
    ks.zeroize();
    Ok(PyBytes::new(py, &group::encode_many(&points)))
}

/// ``k·P`` in constant time (``k`` secret).
#[pyfunction]
fn mul<'py>(py: Python<'py>, k: &[u8], p: &[u8]) -> PyResult<Bound<'py, PyBytes>> {
    let p = point(p, "point")?;
    let mut k = scalar(k, "scalar")?;
    let q = py.detach(|| group::mul(&k, &p));
    k.zeroize();
    Ok(bytes_of(py, &q))
}

/// A point with a precomputed table of its multiples (about 30 kB), for constant-time
/// multiplication by many secret scalars, e.g. ``r·H`` for every encryption under a key ``H``.
#[pyclass(frozen, module = "oylama_arith")]
struct FixedBase {
    inner: group::FixedBase,
    encoding: [u8; 32],
}

#[pymethods]
impl FixedBase {
    #[new]
    fn new(p: &[u8]) -> PyResult<Self> {
        let q = point(p, "point")?;
        Ok(FixedBase {
            inner: group::FixedBase::new(&q),
            encoding: group::encode(&q),
        })
    }

    /// The point's encoding.
    #[getter]
    fn point<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.encoding)
    }

    /// ``k·P`` in constant time.
    fn mul<'py>(&self, py: Python<'py>, k: &[u8]) -> PyResult<Bound<'py, PyBytes>> {
        let mut k = scalar(k, "scalar")?;
        let inner = &self.inner;
        let q = py.detach(|| inner.mul(&k));
        k.zeroize();
        Ok(bytes_of(py, &q))
    }

    /// ``k_i·P`` for concatenated scalars, in constant time.
    fn mul_many<'py>(&self, py: Python<'py>, ks: &[u8]) -> PyResult<Bound<'py, PyBytes>> {
        let mut ks = group::scalars(ks, "scalar").map_err(value_error)?;
        let points: Vec<RistrettoPoint> = ks.iter().map(|k| self.inner.mul(k)).collect();
        ks.zeroize();
        Ok(PyBytes::new(py, &group::encode_many(&points)))
    }

    fn __repr__(&self) -> String {
        let hex: String = self.encoding.iter().map(|b| format!("{b:02x}")).collect();
        format!("FixedBase({hex})")
    }
}

/// ``k·P`` in variable time: public ``k`` and ``P`` only.
#[pyfunction]
fn mul_vartime<'py>(py: Python<'py>, k: &[u8], p: &[u8]) -> PyResult<Bound<'py, PyBytes>> {
    let p = point(p, "point")?;
    let k = scalar(k, "scalar")?;
    Ok(bytes_of(py, &py.detach(|| group::mul_vartime(&k, &p))))
}

/// ``a·P + b·G`` in variable time (public data).
#[pyfunction]
fn double_mul_base_vartime<'py>(
    py: Python<'py>,
    a: &[u8],
    p: &[u8],
    b: &[u8],
) -> PyResult<Bound<'py, PyBytes>> {
    let p = point(p, "point")?;
    let (a, b) = (scalar(a, "a")?, scalar(b, "b")?);
    Ok(bytes_of(
        py,
        &py.detach(|| group::double_mul_base_vartime(&a, &p, &b)),
    ))
}

/// ``Σ k_i·P_i`` in variable time for concatenated scalars and points (public data).
#[pyfunction]
fn msm_vartime<'py>(
    py: Python<'py>,
    scalars: &[u8],
    points: &[u8],
) -> PyResult<Bound<'py, PyBytes>> {
    let q = py
        .detach(|| {
            let ps = group::decode_many(points, "point")?;
            let ks = group::scalars(scalars, "scalar")?;
            group::msm_vartime(&ks, &ps)
        })
        .map_err(value_error)?;
    Ok(bytes_of(py, &q))
}

/// Rows of a sparse linear combination of public points, in variable time.
///
/// ``points``: concatenated points ``P_0 …``; ``terms``: point indices; ``scalars``: one
/// concatenated scalar per term; ``widths``: the number of terms of each row, in order. Row
/// ``r`` is the sum of ``k·P[i]`` over its terms; zero scalars are skipped. Returns the rows'
/// encodings, concatenated (a row without terms is the identity).
#[pyfunction]
fn combine_vartime<'py>(
    py: Python<'py>,
    points: &[u8],
    terms: Vec<usize>,
    scalars: &[u8],
    widths: Vec<usize>,
) -> PyResult<Bound<'py, PyBytes>> {
    let out = py
        .detach(|| {
            let ps = group::decode_many(points, "point")?;
            let ks = group::scalars(scalars, "scalar")?;
            let rows = group::combine_vartime(&ps, &terms, &ks, &widths)?;
            Ok(group::encode_many(&rows))
        })
        .map_err(value_error)?;
    Ok(PyBytes::new(py, &out))
}

/// RFC 9496 §4.3.4 element derivation of 64 uniformly random bytes (the caller hashes its
/// message into them); the encoding of the element.
#[pyfunction]
fn from_uniform_bytes<'py>(py: Python<'py>, data: &[u8]) -> PyResult<Bound<'py, PyBytes>> {
    Ok(bytes_of(
        py,
        &group::from_uniform_bytes(data).map_err(value_error)?,
    ))
}

/// :func:`from_uniform_bytes` of each 64-byte block of ``data``; the encodings, concatenated.
#[pyfunction]
fn from_uniform_bytes_many<'py>(py: Python<'py>, data: &[u8]) -> PyResult<Bound<'py, PyBytes>> {
    if data.len() % group::UNIFORM_BYTES != 0 {
        return Err(PyValueError::new_err(format!(
            "{} bytes is not a whole number of 64-byte blocks",
            data.len()
        )));
    }
    let points = py.detach(|| {
        data.chunks_exact(group::UNIFORM_BYTES)
            .map(group::from_uniform_bytes)
            .collect::<Result<Vec<_>, _>>()
    });
    Ok(PyBytes::new(
        py,
        &group::encode_many(&points.map_err(value_error)?),
    ))
}

/// ``P + Q``.
#[pyfunction]
fn add<'py>(py: Python<'py>, p: &[u8], q: &[u8]) -> PyResult<Bound<'py, PyBytes>> {
    Ok(bytes_of(py, &(point(p, "p")? + point(q, "q")?)))
}

/// ``P - Q``.
#[pyfunction]
fn sub<'py>(py: Python<'py>, p: &[u8], q: &[u8]) -> PyResult<Bound<'py, PyBytes>> {
    Ok(bytes_of(py, &(point(p, "p")? - point(q, "q")?)))
}

/// ``-P``.
#[pyfunction]
fn neg<'py>(py: Python<'py>, p: &[u8]) -> PyResult<Bound<'py, PyBytes>> {
    Ok(bytes_of(py, &-point(p, "point")?))
}

/// The sum of concatenated points (the identity for none).
#[pyfunction]
fn sum_points<'py>(py: Python<'py>, data: &[u8]) -> PyResult<Bound<'py, PyBytes>> {
    let total = sum_columns_inner(py, data, 1, 0, true)?;
    Ok(PyBytes::new(py, &group::encode_many(&total)))
}

fn sum_columns_inner(
    py: Python<'_>,
    data: &[u8],
    width: usize,
    threads: usize,
    allow_identity: bool,
) -> PyResult<Vec<RistrettoPoint>> {
    let threads = threads_for(data.len() / 32, threads);
    if threads > 1 {
        py.detach(|| group::sum_columns(data, width, threads, allow_identity))
            .map_err(value_error)
    } else {
        group::sum_columns(data, width, 1, allow_identity).map_err(value_error)
    }
}

/// Column sums of a row-major matrix of elements with ``width`` columns (e.g. the homomorphic
/// tally of ballots' ciphertexts): ``width`` concatenated elements, every one decoded strictly
/// (its whole validity check), the identity refused unless ``allow_identity``. ``threads = 0``
/// uses every core for large inputs; the GIL is released while they run.
#[pyfunction]
#[pyo3(signature = (data, width, threads = 0, allow_identity = true))]
fn sum_columns<'py>(
    py: Python<'py>,
    data: &[u8],
    width: usize,
    threads: usize,
    allow_identity: bool,
) -> PyResult<Bound<'py, PyBytes>> {
    let total = sum_columns_inner(py, data, width, threads, allow_identity)?;
    Ok(PyBytes::new(py, &group::encode_many(&total)))
}

/// ``start + i·step`` for ``i = 0 … count-1``, concatenated (consecutive multiples of ``step``
/// when ``start`` is the identity): the steps of a baby-step giant-step search.
#[pyfunction]
fn progression<'py>(
    py: Python<'py>,
    start: &[u8],
    step: &[u8],
    count: usize,
) -> PyResult<Bound<'py, PyBytes>> {
    const MAX_COUNT: usize = 1 << 21; // 64 MiB of encodings
    if count > MAX_COUNT {
        return Err(PyValueError::new_err(format!(
            "count: at most {MAX_COUNT}, got {count}"
        )));
    }
    let (start, step) = (point(start, "start")?, point(step, "step")?);
    Ok(PyBytes::new(py, &group::progression(&start, &step, count)))
}

/// Generic ristretto255 arithmetic (curve25519-dalek): no protocol, no hashing of statements.
#[pymodule]
fn oylama_arith(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add(
        "BASE_POINT",
        PyBytes::new(m.py(), &group::base_point_bytes()),
    )?;
    m.add("IDENTITY", PyBytes::new(m.py(), &group::IDENTITY_BYTES))?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<FixedBase>()?;
    m.add_function(wrap_pyfunction!(is_valid, m)?)?;
    m.add_function(wrap_pyfunction!(from_uniform_bytes, m)?)?;
    m.add_function(wrap_pyfunction!(from_uniform_bytes_many, m)?)?;
    m.add_function(wrap_pyfunction!(check_points, m)?)?;
    m.add_function(wrap_pyfunction!(scalar_is_canonical, m)?)?;
    m.add_function(wrap_pyfunction!(scalar_reduce, m)?)?;
    m.add_function(wrap_pyfunction!(mul_base, m)?)?;
    m.add_function(wrap_pyfunction!(mul_base_many, m)?)?;
    m.add_function(wrap_pyfunction!(mul, m)?)?;
    m.add_function(wrap_pyfunction!(mul_vartime, m)?)?;
    m.add_function(wrap_pyfunction!(double_mul_base_vartime, m)?)?;
    m.add_function(wrap_pyfunction!(msm_vartime, m)?)?;
    m.add_function(wrap_pyfunction!(combine_vartime, m)?)?;
    m.add_function(wrap_pyfunction!(add, m)?)?;
    m.add_function(wrap_pyfunction!(sub, m)?)?;
    m.add_function(wrap_pyfunction!(neg, m)?)?;
    m.add_function(wrap_pyfunction!(sum_points, m)?)?;
    m.add_function(wrap_pyfunction!(sum_columns, m)?)?;
    m.add_function(wrap_pyfunction!(progression, m)?)?;
    Ok(())
}
