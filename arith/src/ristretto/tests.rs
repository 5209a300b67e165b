//! Tests of the arithmetic against definitions (repeated addition, the group law), of the
//! decoder against RFC 9496's encodings and the classes of strings it refuses, and of the
//! element derivation against RFC 9496's vectors. The differential test against libsodium's
//! ristretto255 functions is in the Python suite (tests/test_arith_differential.py).

use super::*;

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

    fn point(&mut self) -> RistrettoPoint {
        mul_base(&self.scalar())
    }
}

fn small(n: u64) -> Scalar {
    Scalar::from(n)
}

fn hex32(s: &str) -> [u8; 32] {
    let mut b = [0u8; 32];
    for (i, out) in b.iter_mut().enumerate() {
        *out = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap();
    }
    b
}

/// `n·P` by repeated addition: the definition, independent of every multiplication algorithm.
fn repeated(p: &RistrettoPoint, n: u64) -> RistrettoPoint {
    (0..n).fold(RistrettoPoint::identity(), |acc, _| acc + p)
}

/// The field prime `p = 2^255 - 19`, little-endian.
const P_BYTES: [u8; 32] = {
    let mut b = [0xffu8; 32];
    b[0] = 0xed;
    b[31] = 0x7f;
    b
};

#[test]
fn small_multiples_of_the_generator_have_rfc_9496_encodings() {
    // RFC 9496 Appendix A.1.
    let want = [
        "0000000000000000000000000000000000000000000000000000000000000000",
        "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76",
        "6a493210f7499cd17fecb510ae0cea23a110e8d5b901f8acadd3095c73a3b919",
        "94741f5d5d52755ece4f23f044ee27d5d1ea1e2bd196b462166b16152a9d0259",
    ];
    for (n, hex) in want.iter().enumerate() {
        let p = repeated(&base_point(), n as u64);
        assert_eq!(encode(&p), hex32(hex), "{n}·G");
        assert_eq!(decode(&hex32(hex)).unwrap(), p);
    }
    assert_eq!(base_point_bytes(), hex32(want[1]));
}

#[test]
fn elements_round_trip_and_the_identity_only_where_allowed() {
    let mut s = Stream(1);
    for _ in 0..200 {
        let p = s.point();
        let b = encode(&p);
        assert_eq!(decode_valid(&b, false).unwrap(), p);
        assert!(is_valid(&b));
    }
    assert!(is_valid(&IDENTITY_BYTES));
    assert_eq!(decode_valid(&IDENTITY_BYTES, false), Err(Error::Identity));
    assert!(decode_valid(&IDENTITY_BYTES, true).unwrap().is_identity());
}

#[test]
fn non_canonical_and_negative_field_elements_are_refused() {
    // s >= p (the 19 values p … 2^255 - 1) and anything with bit 255 set.
    for extra in 0u8..19 {
        let mut b = P_BYTES;
        b[0] += extra;
        assert_eq!(decode(&b), Err(Error::Invalid), "p + {extra}");
    }
    let mut top = encode(&base_point());
    top[31] |= 0x80;
    assert_eq!(decode(&top), Err(Error::Invalid));
    // Odd s is "negative": s and -s = p - s encode the same element, only the even one is
    // canonical. For every valid encoding, p - s (odd) is refused.
    let mut s = Stream(2);
    for _ in 0..50 {
        let b = encode(&s.point());
        assert_eq!(b[0] & 1, 0, "canonical encodings are even");
        let mut neg = [0u8; 32];
        let mut borrow = 0i16;
        for i in 0..32 {
            let d = P_BYTES[i] as i16 - b[i] as i16 - borrow;
            neg[i] = d.rem_euclid(256) as u8;
            borrow = i16::from(d < 0);
        }
        if neg != b {
            assert_eq!(decode(&neg), Err(Error::Invalid));
        }
    }
    assert_eq!(
        decode(&hex32(&format!("01{}", "00".repeat(31)))),
        Err(Error::Invalid)
    );
}

#[test]
fn about_one_string_in_sixteen_is_an_element() {
    // L ≈ 2^252 elements, each with one encoding among the ≈ 2^254 even s below p: about 1/4
    // of those decode; of all strings, half have bit 255 clear and half of those are even.
    let mut s = Stream(3);
    let mut valid = 0;
    for _ in 0..20_000 {
        let b = s.bytes32();
        if let Ok(p) = decode(&b) {
            assert_eq!(
                encode(&p),
                b,
                "whatever decodes re-encodes to the same bytes"
            );
            valid += 1;
        }
    }
    assert!((1_000..1_500).contains(&valid), "{valid} valid in 20,000");
}

#[test]
fn element_derivation_matches_rfc_9496() {
    // RFC 9496 Appendix A.3: two inputs whose images are the same element.
    let mut a = [0u8; 64];
    a[31] = 0x80;
    for x in &mut a[32..63] {
        *x = 0xff;
    }
    a[63] = 0x7f;
    let mut b = [0u8; 64];
    b[32] = 0x12;
    b[63] = 0x80;
    let want = hex32("304282791023b73128d277bdcb5c7746ef2eac08dde9f2983379cb8e5ef0517f");
    assert_eq!(encode(&from_uniform_bytes(&a).unwrap()), want);
    assert_eq!(encode(&from_uniform_bytes(&b).unwrap()), want);
    assert!(matches!(
        from_uniform_bytes(&[0u8; 63]),
        Err(Error::Length { got: 63, .. })
    ));
}

#[test]
fn wrong_lengths_are_errors() {
    assert!(!is_valid(&[0u8; 31]));
    assert!(!is_valid(&[]));
    assert!(matches!(
        array32(&[0u8; 33], "an element"),
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
fn check_many_names_the_first_bad_element() {
    let mut s = Stream(4);
    let mut data = Vec::new();
    for _ in 0..3 {
        data.extend_from_slice(&encode(&s.point()));
    }
    assert_eq!(check_many(&data, false, 1), Ok(3));
    data.extend_from_slice(&IDENTITY_BYTES);
    assert_eq!(check_many(&data, true, 1), Ok(4));
    let err = check_many(&data, false, 1).unwrap_err();
    assert_eq!(err.to_string(), "point 3: the identity is not allowed here");
}

#[test]
fn check_many_on_threads_names_the_first_bad_element() {
    let mut s = Stream(11);
    let mut data = Vec::new();
    for i in 0..50 {
        let b = if i == 31 || i == 44 {
            P_BYTES
        } else {
            encode(&s.point())
        };
        data.extend_from_slice(&b);
    }
    for threads in [1, 2, 3, 7, 64] {
        let err = check_many(&data, false, threads).unwrap_err();
        assert_eq!(
            err.to_string(),
            "point 31: not the encoding of a ristretto255 element"
        );
        assert_eq!(check_many(&data[..31 * 32], false, threads), Ok(31));
    }
    assert_eq!(check_many(&[], false, 4), Ok(0));
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
    assert_eq!(fixed.point(), p);
    for n in [0u64, 1, 2, 3, 7, 8, 31, 100] {
        let k = small(n);
        let want = repeated(&p, n);
        assert_eq!(mul(&k, &p), want, "mul {n}");
        assert_eq!(mul_vartime(&k, &p), want, "mul_vartime {n}");
        assert_eq!(fixed.mul(&k), want, "fixed base {n}");
        assert_eq!(mul_base(&k), repeated(&base_point(), n), "mul_base {n}");
        assert_eq!(base.mul(&k), repeated(&base_point(), n));
    }
    for _ in 0..20 {
        let (a, b) = (s.scalar(), s.scalar());
        let ap = mul(&a, &p);
        assert_eq!(mul_vartime(&a, &p), ap);
        assert_eq!(fixed.mul(&a), ap);
        assert_eq!(mul(&(a + b), &p), ap + mul(&b, &p));
        assert_eq!(mul_base(&a), mul(&a, &base_point()));
        assert_eq!(double_mul_base_vartime(&a, &p, &b), ap + mul_base(&b));
    }
    // The group has prime order L: L·P = O, i.e. (L - 1)·P = -P.
    assert_eq!(mul(&-Scalar::ONE, &p), -p);
}

#[test]
fn msm_and_combine_agree_with_sums_of_products() {
    let mut s = Stream(8);
    let ps: Vec<RistrettoPoint> = (0..6).map(|_| s.point()).collect();
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
    let ps: Vec<RistrettoPoint> = (0..30).map(|_| s.point()).collect();
    let mut points = vec![base_point()];
    points.extend(&ps);
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
fn column_sums_agree_with_naive_sums_on_any_thread_count() {
    let mut s = Stream(9);
    let (rows, width) = (37, 3);
    let grid: Vec<RistrettoPoint> = (0..rows * width).map(|_| s.point()).collect();
    let data = encode_many(&grid);
    let want: Vec<RistrettoPoint> = (0..width)
        .map(|c| sum((0..rows).map(|r| grid[r * width + c])))
        .collect();
    for threads in [1, 2, 3, 8, 100] {
        assert_eq!(
            sum_columns(&data, width, threads, true).unwrap(),
            want,
            "{threads} threads"
        );
    }
    let empty = sum_columns(&[], 4, 2, false).unwrap();
    assert!(empty.len() == 4 && empty.iter().all(|p| p.is_identity()));
    assert!(sum_columns(&data[..40], width, 1, true).is_err());
    for huge in [usize::MAX, usize::MAX / 32 + 1, 1 << 60] {
        assert!(matches!(
            sum_columns(&data, huge, 2, true),
            Err(Error::Argument(_))
        ));
    }
    assert!(sum_columns(&data, 0, 1, true).is_err());
    let mut bad = data.clone();
    let off = (5 * width + 2) * 32;
    bad[off..off + 32].copy_from_slice(&P_BYTES);
    let err = sum_columns(&bad, width, 3, true).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("row 5, column 2: {}", Error::Invalid)
    );
    // The identity: summed where allowed, refused (naming it) where not.
    let mut with_identity = data.clone();
    with_identity[..32].copy_from_slice(&IDENTITY_BYTES);
    assert!(sum_columns(&with_identity, width, 2, true).is_ok());
    let err = sum_columns(&with_identity, width, 2, false).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("row 0, column 0: {}", Error::Identity)
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
    let multiples = progression(&RistrettoPoint::identity(), &base_point(), 5);
    assert_eq!(&multiples[..32], &IDENTITY_BYTES);
    assert_eq!(&multiples[32..64], &base_point_bytes());
    assert!(progression(&start, &step, 0).is_empty());
}
