//! Unit costs behind the batchable-proof design (issue #15, phase 2): what a verifier pays per
//! point to decode, to check the subgroup, and per term of one multi-scalar multiplication, on
//! edwards25519 and on ristretto255, for the sizes of a 0/1 proof, of 20- and 50-project
//! knapsack ballots (25-bit budget) and of a 1,000-proof batch.
//!
//!     cargo run --release --example batch_costs --manifest-path arith/Cargo.toml
//!
//! Prints one line per measure (best of 7 runs) and a table of per-proof and per-ballot
//! estimates for three verification designs. Arithmetic only: no transcript hashing, no Python.

use std::hint::black_box;
use std::time::Instant;

use curve25519_dalek::edwards::CompressedEdwardsY;
use curve25519_dalek::ristretto::{CompressedRistretto, RistrettoPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::VartimeMultiscalarMul;
use curve25519_dalek::EdwardsPoint;

/// splitmix64, for reproducible inputs without a rand dependency.
struct Stream(u64);

impl Stream {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn scalar(&mut self) -> Scalar {
        let mut w = [0u8; 64];
        for c in w.chunks_exact_mut(8) {
            c.copy_from_slice(&self.next().to_le_bytes());
        }
        Scalar::from_bytes_mod_order_wide(&w)
    }

    /// A 128-bit weight, as batch verification draws them.
    fn weight(&mut self) -> Scalar {
        let mut b = [0u8; 32];
        b[..8].copy_from_slice(&self.next().to_le_bytes());
        b[8..16].copy_from_slice(&self.next().to_le_bytes());
        Scalar::from_bytes_mod_order(b)
    }
}

/// Best of 7 runs of `reps` calls, in microseconds per call.
fn time<F: FnMut()>(reps: usize, mut f: F) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..7 {
        let start = Instant::now();
        for _ in 0..reps {
            f();
        }
        best = best.min(start.elapsed().as_secs_f64() * 1e6 / reps as f64);
    }
    best
}

fn main() {
    let mut s = Stream(15);
    let n = 1000;
    let ed: Vec<EdwardsPoint> = (0..n)
        .map(|_| EdwardsPoint::mul_base(&s.scalar()))
        .collect();
    let ed_bytes: Vec<[u8; 32]> = ed.iter().map(|p| p.compress().to_bytes()).collect();
    let ri: Vec<RistrettoPoint> = (0..n)
        .map(|_| RistrettoPoint::mul_base(&s.scalar()))
        .collect();
    let ri_bytes: Vec<CompressedRistretto> = ri.iter().map(|p| p.compress()).collect();

    let mut i = 0;
    let decode_ed = time(2000, || {
        i = (i + 1) % n;
        black_box(CompressedEdwardsY(ed_bytes[i]).decompress());
    });
    let subgroup = time(1000, || {
        i = (i + 1) % n;
        black_box(ed[i].is_torsion_free());
    });
    let decode_ri = time(2000, || {
        i = (i + 1) % n;
        black_box(ri_bytes[i].decompress());
    });
    let compress_ed = time(2000, || {
        i = (i + 1) % n;
        black_box(ed[i].compress());
    });
    let (a, b) = (s.scalar(), s.scalar());
    let double_base = time(1000, || {
        i = (i + 1) % n;
        black_box(EdwardsPoint::vartime_double_scalar_mul_basepoint(
            &a, &ed[i], &b,
        ));
    });
    let scalar_mul = time(100_000, || {
        black_box(black_box(a) * black_box(b));
    });
    println!("per point: edwards decode {decode_ed:.2} µs, subgroup check {subgroup:.2} µs, ristretto decode {decode_ri:.2} µs, edwards compress {compress_ed:.2} µs");
    println!(
        "one-by-one: a·P + b·G (vartime) {double_base:.2} µs; scalar product {scalar_mul:.3} µs"
    );

    // One multi-scalar multiplication of the sizes a batch verifier meets: the dynamic points
    // of the statements and proofs plus G and H (the weights' products are full scalars).
    let sizes = [
        ("0/1 proof", 8usize),
        ("knapsack20", 6 * 20 + 6 * 25 + 2),
        ("knapsack50", 6 * 50 + 6 * 25 + 2),
        ("1000 0/1 proofs", 6 * 1000 + 2),
    ];
    let big: Vec<EdwardsPoint> = (0..6002).map(|k| ed[k % n] + ed[(k * 7 + 3) % n]).collect();
    let big_ri: Vec<RistrettoPoint> = (0..6002).map(|k| ri[k % n] + ri[(k * 7 + 3) % n]).collect();
    let ks: Vec<Scalar> = (0..6002).map(|_| s.scalar()).collect();
    let mut msm = Vec::new();
    for (name, m) in sizes {
        let reps = (20_000 / m).max(3);
        let t = time(reps, || {
            black_box(EdwardsPoint::vartime_multiscalar_mul(&ks[..m], &big[..m]));
        });
        let t_ri = time(reps, || {
            black_box(RistrettoPoint::vartime_multiscalar_mul(
                &ks[..m],
                &big_ri[..m],
            ));
        });
        println!(
            "MSM of {m:5} points ({name:16}): {t:9.1} µs = {:.2} µs per point (ristretto {:.2})",
            t / m as f64,
            t_ri / m as f64
        );
        msm.push((name, m, t));
    }
    let _ = s.weight();

    // Per proof / ballot: points received, of which ciphertext points (statement), and the
    // MSM. Designs: (a) edwards25519, every received point subgroup-checked (commitments too:
    // a torsion part in a commitment would pass a weighted batch with probability 1/8);
    // (b) edwards25519, cofactored equations (8·(…) = O): commitments unchecked, ciphertext
    // points still checked (they enter tallies and decryptions); (c) ristretto255: decoding
    // only. Scalar work: about 3 products per term.
    println!();
    println!("design estimates (arithmetic only), µs:");
    println!(
        "{:<18} {:>8} {:>10} {:>12} {:>12} {:>12}",
        "batch", "points", "cts pts", "(a) strict", "(b) cofact.", "(c) ristr."
    );
    for (name, m, t) in &msm {
        let points = m - 2;
        let cts = match *name {
            "0/1 proof" => 2,
            "knapsack20" => 2 * 20 + 2 * 25,
            "knapsack50" => 2 * 50 + 2 * 25,
            _ => 2 * 1000,
        };
        let scalars = 3.0 * points as f64 * scalar_mul;
        let strict = points as f64 * (decode_ed + subgroup) + t + scalars;
        let cofactored = points as f64 * decode_ed + cts as f64 * subgroup + t + scalars;
        let ristretto = points as f64 * decode_ri + t + scalars;
        println!(
            "{name:<18} {points:>8} {cts:>10} {strict:>12.0} {cofactored:>12.0} {ristretto:>12.0}"
        );
    }
}
