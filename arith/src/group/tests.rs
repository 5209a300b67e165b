//! Tests of the arithmetic against definitions (repeated addition, the group law) and of the
//! decoder against the known classes of bad encodings. The differential test against
//! libsodium is in the Python suite (tests/test_arith_differential.py).

use super::*;
use curve25519_dalek::constants::EIGHT_TORSION;

/// splitmix64: a deterministic stream for test inputs (no rand dependency).
struct Stream(u64);

impl Stream {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn bytes32(&mut self) -> [u8; 32] {
        let mut b = [0u8; 32];
        for c in b.chunks_exact_mut(8) {
            c.copy_from_slice(&self.next().to_le_bytes());
        }
        b
    }

    fn scalar(&mut self) -> Scalar {
        let mut w = [0u8; 64];
        w[..32].copy_from_slice(&self.bytes32());
        w[32..].copy_from_slice(&self.bytes32());
        Scalar::from_bytes_mod_order_wide(&w)
    }

    fn point(&mut self) -> EdwardsPoint {
        mul_base(&self.scalar())
    }
}

fn small(n: u64) -> Scalar {
    Scalar::from(n)
}

/// `n·P` by repeated addition: the definition, independent of every multiplication algorithm.
fn repeated(p: &EdwardsPoint, n: u64) -> EdwardsPoint {
    (0..n).fold(EdwardsPoint::identity(), |acc, _| acc + p)
}

fn with_y(y: u8, sign: bool) -> [u8; 32] {
    let mut b = [0u8; 32];
    b[0] = y;
    if sign {
        b[31] |= 0x80;
    }
    b
}

#[test]
fn valid_points_round_trip() {
    let mut s = Stream(1);
    for _ in 0..200 {
        let p = s.point();
        let b = encode(&p);
        assert_eq!(decode_valid(&b, false).unwrap(), p);
        assert!(is_valid_point(&b));
    }
    assert!(is_valid_point(&base_point_bytes()));
}

#[test]
fn identity_only_where_allowed_and_only_canonical() {
    assert_eq!(decode_valid(&IDENTITY_BYTES, false), Err(Error::Identity));
    assert!(decode_valid(&IDENTITY_BYTES, true).unwrap().is_identity());
    assert!(!is_valid_point(&IDENTITY_BYTES));
    // x = 0 with the sign bit set, and y = p + 1: other spellings of the identity.
    let mut signed = IDENTITY_BYTES;
    signed[31] |= 0x80;
    assert_eq!(decode_valid(&signed, true), Err(Error::NonCanonical));
    let mut p_plus_one = P_BYTES;
    p_plus_one[0] += 1;
    assert_eq!(decode_valid(&p_plus_one, true), Err(Error::NonCanonical));
}

#[test]
fn every_small_order_point_is_refused() {
    for (i, t) in EIGHT_TORSION.iter().enumerate() {
        let b = encode(t);
        let expected = if i == 0 {
            Error::Identity
        } else {
            Error::SmallOrder
        };
        assert_eq!(decode_valid(&b, false), Err(expected), "torsion point {i}");
        assert!(!is_valid_point(&b));
    }
    // The order-2 point (0, -1) with the sign bit set is non-canonical (x = 0).
    let mut b = encode(&EIGHT_TORSION[4]);
    assert!(x_is_zero(&b));
    b[31] |= 0x80;
    assert_eq!(decode(&b), Err(Error::NonCanonical));
}

#[test]
fn mixed_order_points_are_refused() {
    let mut s = Stream(2);
    for t in EIGHT_TORSION.iter().skip(1) {
        let p = s.point() + t;
        assert!(!p.is_torsion_free());
        assert!(!in_prime_order_subgroup(&p));
        assert_eq!(decode_valid(&encode(&p), false), Err(Error::NotInSubgroup));
        // The decoder itself accepts any point of the curve.
        assert_eq!(decode(&encode(&p)).unwrap(), p);
    }
}

#[test]
fn subgroup_test_agrees_with_dalek() {
    let mut s = Stream(3);
    for i in 0..64 {
        let p = s.point() + EIGHT_TORSION[i % 8];
        assert_eq!(in_prime_order_subgroup(&p), p.is_torsion_free());
    }
}

#[test]
fn non_canonical_y_is_refused() {
    // y = p, p + 1, …, 2^255 - 1 (the 19 values >= p), both signs.
    for extra in 0u8..19 {
        for sign in [false, true] {
            let mut b = P_BYTES;
            b[0] += extra;
            if sign {
                b[31] |= 0x80;
            }
            assert!(!y_below_p(&b));
            assert_eq!(decode(&b), Err(Error::NonCanonical));
            assert!(!is_valid_point(&b));
        }
    }
    // p - 1 is canonical (the order-2 point).
    let mut b = P_BYTES;
    b[0] -= 1;
    assert!(y_below_p(&b));
    assert!(decode(&b).is_ok());
}

#[test]
fn off_curve_y_is_refused() {
    let mut found = 0;
    for y in 2u8..60 {
        let b = with_y(y, false);
        if CompressedEdwardsY(b).decompress().is_none() {
            assert_eq!(decode(&b), Err(Error::NotOnCurve));
            assert_eq!(decode(&with_y(y, true)), Err(Error::NotOnCurve));
            assert!(!is_valid_point(&b));
            found += 1;
        }
    }
    assert!(found > 10, "about half of all y are off the curve");
}

#[test]
fn wrong_lengths_are_errors() {
    assert!(!is_valid_point(&[1u8; 31]));
    assert!(!is_valid_point(&[]));
    assert!(matches!(
        array32(&[0u8; 33], "a point"),
        Err(Error::Length { got: 33, .. })
    ));
    assert!(matches!(
        check_many(&[0u8; 33], false, 1),
        Err(Error::Argument(_))
    ));
    assert!(matches!(
        scalar(&[0u8; 31]),
        Err(Error::Length { got: 31, .. })
    ));
}

#[test]
fn check_many_names_the_first_bad_point() {
    let mut s = Stream(4);
    let mut data = Vec::new();
    for _ in 0..3 {
        data.extend_from_slice(&encode(&s.point()));
    }
    assert_eq!(check_many(&data, false, 1), Ok(3));
    data.extend_from_slice(&IDENTITY_BYTES);
    assert_eq!(check_many(&data, true, 1), Ok(4));
    let err = check_many(&data, false, 1).unwrap_err();
    assert_eq!(
        err.to_string(),
        "point 3: the identity point is not allowed here"
    );
}

#[test]
fn decoder_never_panics_on_random_bytes() {
    let mut s = Stream(5);
    let mut valid = 0;
    for _ in 0..20_000 {
        let b = s.bytes32();
        let strict = decode(&b);
        if let Ok(p) = &strict {
            // Whatever decodes strictly re-encodes to the same bytes.
            assert_eq!(encode(p), b);
        }
        if decode_valid(&b, true).is_ok() {
            valid += 1;
        }
    }
    // About 1/2 of random y are on the curve, 1/8 of those in the subgroup.
    assert!(
        (800..1800).contains(&valid),
        "{valid} valid points in 20,000"
    );
}

#[test]
fn scalars_canonical_and_reduced() {
    let l_minus_one = (-Scalar::ONE).to_bytes();
    assert!(scalar_is_canonical(&l_minus_one));
    let mut l = l_minus_one;
    l[0] += 1;
    assert_eq!(scalar(&l), Err(Error::ScalarNonCanonical));
    assert_eq!(scalar(&[0xff; 32]), Err(Error::ScalarNonCanonical));
    assert_eq!(scalar_reduce(&l).unwrap(), Scalar::ZERO);
    assert_eq!(scalar_reduce(&[]).unwrap(), Scalar::ZERO);
    assert!(scalar_reduce(&[0u8; 65]).is_err());
    // reduce(a || b) = a + b·2^256 (mod L), with 2^256 mod L from reducing 1 || 0^32 shifted.
    let mut s = Stream(6);
    let two256 = scalar_reduce(&{
        let mut w = [0u8; 33];
        w[32] = 1;
        w
    })
    .unwrap();
    for _ in 0..50 {
        let (a, b) = (s.bytes32(), s.bytes32());
        let mut wide = a.to_vec();
        wide.extend_from_slice(&b);
        let expected = Scalar::from_bytes_mod_order(a) + Scalar::from_bytes_mod_order(b) * two256;
        assert_eq!(scalar_reduce(&wide).unwrap(), expected);
    }
}

#[test]
fn multiplications_agree_with_repeated_addition() {
    let mut s = Stream(7);
    let p = s.point();
    let fixed = FixedBase::new(&p);
    let base = FixedBase::new(&base_point());
    for n in [0u64, 1, 2, 3, 7, 8, 31, 100] {
        let k = small(n);
        let want = repeated(&p, n);
        assert_eq!(mul(&k, &p), want, "mul {n}");
        assert_eq!(mul_vartime(&k, &p), want, "mul_vartime {n}");
        assert_eq!(fixed.mul(&k), want, "fixed base {n}");
        assert_eq!(mul_base(&k), repeated(&base_point(), n), "mul_base {n}");
        assert_eq!(base.mul(&k), repeated(&base_point(), n));
    }
    // Large scalars: all algorithms agree, and the group law holds.
    for _ in 0..20 {
        let (a, b) = (s.scalar(), s.scalar());
        let ap = mul(&a, &p);
        assert_eq!(mul_vartime(&a, &p), ap);
        assert_eq!(fixed.mul(&a), ap);
        assert_eq!(mul(&(a + b), &p), ap + mul(&b, &p));
        assert_eq!(mul_base(&a), mul(&a, &base_point()));
        assert_eq!(double_mul_base_vartime(&a, &p, &b), ap + mul_base(&b));
    }
    // Points outside the subgroup: generic group arithmetic on the whole curve.
    let q = p + EIGHT_TORSION[3];
    assert_eq!(mul(&small(9), &q), repeated(&q, 9));
    assert_eq!(mul_vartime(&small(9), &q), repeated(&q, 9));
}

#[test]
fn msm_and_combine_agree_with_sums_of_products() {
    let mut s = Stream(8);
    let ps: Vec<EdwardsPoint> = (0..6).map(|_| s.point()).collect();
    let ks: Vec<Scalar> = (0..6).map(|_| s.scalar()).collect();
    let naive = sum(ks.iter().zip(&ps).map(|(k, p)| mul(k, p)));
    assert_eq!(msm_vartime(&ks, &ps).unwrap(), naive);
    assert!(msm_vartime(&ks[..2], &ps).is_err());

    // points: G, P0..P5; rows: a single G term, G + one point, three points + G, a zero row,
    // a repeated index, a lone point, an empty row.
    let mut points = vec![base_point()];
    points.extend(&ps);
    let z = Scalar::ZERO;
    let (a, b, c, d) = (s.scalar(), s.scalar(), s.scalar(), s.scalar());
    let terms = vec![0, 0, 1, 0, 2, 3, 0, 4, 0, 0, 5, 5, 6];
    let coeffs = vec![a, a, b, c, a, b, z, d, z, z, a, b, c];
    let widths = vec![1, 2, 4, 1, 2, 2, 1, 0];
    let rows = combine_vartime(&points, &terms, &coeffs, &widths).unwrap();
    let g = base_point();
    assert_eq!(rows.len(), 8);
    assert_eq!(rows[0], mul(&a, &g));
    assert_eq!(rows[1], mul(&a, &g) + mul(&b, &ps[0]));
    assert_eq!(rows[2], mul(&c, &g) + mul(&a, &ps[1]) + mul(&b, &ps[2]));
    assert_eq!(rows[3], mul(&d, &ps[3]));
    assert!(rows[4].is_identity());
    assert_eq!(rows[5], mul(&(a + b), &ps[4]));
    assert_eq!(rows[6], mul(&c, &ps[5]));
    assert!(rows[7].is_identity());

    assert!(combine_vartime(&points, &terms, &coeffs[..12], &widths).is_err());
    assert!(combine_vartime(&points, &terms, &coeffs, &[1, 2]).is_err());
    assert!(combine_vartime(&points, &terms, &coeffs, &[usize::MAX, 14]).is_err());
    let err = combine_vartime(&points, &[9], &[a], &[1]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "term 0: point index 9 out of range (7 points)"
    );
}

#[test]
fn rows_of_small_scalars_agree_with_the_general_algorithms() {
    let mut s = Stream(12);
    let ps: Vec<EdwardsPoint> = (0..30).map(|_| s.point()).collect();
    let mut points = vec![base_point()];
    points.extend(&ps);
    // Weights of every size around the 64-bit switch, with and without the base point.
    for bits in [1u32, 2, 22, 63, 64] {
        let ks: Vec<Scalar> = (0..31)
            .map(|i| {
                let max = if bits == 64 {
                    u64::MAX
                } else {
                    (1u64 << bits) - 1
                };
                Scalar::from(s.next() & max | if i == 3 { 1u64 << (bits - 1) } else { 0 })
            })
            .collect();
        let terms: Vec<usize> = (0..31).collect();
        let rows = combine_vartime(&points, &terms, &ks, &[31]).unwrap();
        let naive = sum(ks.iter().zip(&points).map(|(k, p)| mul(k, p)));
        assert_eq!(rows[0], naive, "{bits} bits");
        assert_eq!(rows[0], msm_vartime(&ks, &points).unwrap());
    }
    // One bit over the switch: the general path, same value.
    let mut wide = vec![Scalar::ONE; 31];
    wide[7] = Scalar::from(u64::MAX) + Scalar::ONE; // 2^64
    let terms: Vec<usize> = (0..31).collect();
    let rows = combine_vartime(&points, &terms, &wide, &[31]).unwrap();
    assert_eq!(rows[0], msm_vartime(&wide, &points).unwrap());
    assert_eq!(small_bits(&wide), 65);
    assert_eq!(small_bits(&[Scalar::ZERO]), 0);
    assert_eq!(small_bits(&[Scalar::ONE]), 1);
}

#[test]
fn check_many_on_threads_names_the_first_bad_point() {
    let mut s = Stream(11);
    let mut data = Vec::new();
    for i in 0..50 {
        let p = s.point();
        let p = if i == 31 || i == 44 {
            p + EIGHT_TORSION[2]
        } else {
            p
        };
        data.extend_from_slice(&encode(&p));
    }
    for threads in [1, 2, 3, 7, 64] {
        let err = check_many(&data, false, threads).unwrap_err();
        assert_eq!(err.to_string(), "point 31: not in the prime-order subgroup");
        assert_eq!(check_many(&data[..31 * 32], false, threads), Ok(31));
    }
    assert_eq!(check_many(&[], false, 4), Ok(0));
}

#[test]
fn column_sums_agree_with_naive_sums_on_any_thread_count() {
    let mut s = Stream(9);
    let (rows, width) = (37, 3);
    let grid: Vec<EdwardsPoint> = (0..rows * width).map(|_| s.point()).collect();
    let data = encode_many(&grid);
    let want: Vec<EdwardsPoint> = (0..width)
        .map(|c| sum((0..rows).map(|r| grid[r * width + c])))
        .collect();
    for threads in [1, 2, 3, 8, 100] {
        assert_eq!(
            sum_columns(&data, width, threads).unwrap(),
            want,
            "{threads} threads"
        );
    }
    let empty = sum_columns(&[], 4, 2).unwrap();
    assert!(empty.len() == 4 && empty.iter().all(|p| p.is_identity()));
    assert!(sum_columns(&data[..40], width, 1).is_err());
    // A width whose rows would overflow the byte count is an error, not a wrap or a panic.
    for huge in [usize::MAX, usize::MAX / 32 + 1, 1 << 60] {
        assert!(matches!(
            sum_columns(&data, huge, 2),
            Err(Error::Argument(_))
        ));
    }
    assert!(sum_columns(&data, 0, 1).is_err());
    let mut bad = data.clone();
    let off = (5 * width + 2) * 32;
    bad[off..off + 32].copy_from_slice(&P_BYTES);
    let err = sum_columns(&bad, width, 3).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("row 5, column 2: {}", Error::NonCanonical)
    );
}

#[test]
fn progression_is_consecutive_multiples() {
    let mut s = Stream(10);
    let (start, step) = (s.point(), s.point());
    let out = progression(&start, &step, 20);
    assert_eq!(out.len(), 20 * 32);
    for (i, b) in out.chunks_exact(32).enumerate() {
        assert_eq!(b, encode(&(start + repeated(&step, i as u64))));
    }
    let multiples = progression(&EdwardsPoint::identity(), &base_point(), 5);
    assert_eq!(&multiples[..32], &IDENTITY_BYTES);
    assert_eq!(&multiples[32..64], &base_point_bytes());
    assert!(progression(&start, &step, 0).is_empty());
}
