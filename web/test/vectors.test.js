// Every known-answer vector of docs/spec/vectors/ reproduced or verified by the JS code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as C from '../src/index.js';

const V = (name) => JSON.parse(readFileSync(new URL(`../../docs/spec/vectors/${name}`, import.meta.url)));
const hex = C.fromHex;
const b64 = C.fromBase64;

test('group: constants, base multiplication, addition, hash to point', () => {
  const g = V('crypto-group.json');
  assert.equal(C.L.toString(), g.L);
  assert.equal(C.toHex(C.G.toBytes()), g.generator);
  assert.equal(C.toHex(C.O.toBytes()), g.identity);
  assert.equal(C.toHex(C.hashToPoint('pedersen', 'H').toBytes()), g.pedersen_h);
  for (const v of g.base_mul) {
    assert.equal(C.toHex(C.baseMul(C.decodeScalar(hex(v.k))).toBytes()), v.kG);
  }
  for (const v of g.add) {
    const p = C.decodePoint(hex(v.p));
    const q = C.decodePoint(hex(v.q));
    assert.equal(C.toHex(p.add(q).toBytes()), v.p_plus_q);
    assert.equal(C.toHex(p.subtract(q).toBytes()), v.p_minus_q);
    assert.equal(C.toHex(p.subtract(p).toBytes()), v.p_minus_p);
  }
  for (const v of g.hash_to_point) {
    assert.equal(C.toHex(C.hashToPoint(hex(v.tag), hex(v.message)).toBytes()), v.point);
  }
  // RFC 9496 A.1: 2·G, 3·G.
  assert.equal(C.toHex(C.G.add(C.G).toBytes()), '6a493210f7499cd17fecb510ae0cea23a110e8d5b901f8acadd3095c73a3b919');
});

test('group: every invalid point and scalar is rejected', () => {
  const g = V('crypto-group.json');
  assert.ok(g.invalid_points.length > 5);
  for (const v of g.invalid_points) {
    const bytes = hex(v.encoding);
    assert.throws(() => C.decodePoint(bytes, false), C.EncodingError, v.reason);
    if (v.encoding === g.identity) {
      assert.ok(C.decodePoint(bytes, true).is0());
    } else {
      assert.throws(() => C.decodePoint(bytes, true), C.EncodingError, v.reason);
    }
  }
  for (const v of g.invalid_scalars) {
    assert.throws(() => C.decodeScalar(hex(v.encoding)), C.EncodingError, v.reason);
  }
});

test('transcripts and challenges', () => {
  const t = V('crypto-transcript.json');
  for (const v of t.vectors) {
    const fields = v.fields.map(hex);
    assert.equal(C.toHex(C.transcript(v.tag, hex(v.context), hex(v.label), fields)), v.transcript);
    assert.equal(C.toHex(C.encodeScalar(C.challenge(v.tag, hex(v.context), hex(v.label), fields))), v.challenge);
  }
});

test('elgamal encryptions and decryption points', () => {
  const e = V('crypto-elgamal.json');
  const s = C.decodeScalar(hex(e.secret));
  assert.equal(C.toHex(C.baseMul(s).toBytes()), e.public);
  const H = C.decodePoint(hex(e.public));
  for (const v of e.encryptions) {
    const ct = C.encryptPoints(H, BigInt(v.m), C.decodeScalar(hex(v.r)));
    assert.deepEqual(C.ciphertextToWire(ct), v.ciphertext);
    assert.equal(C.toHex(ct[0].toBytes()), v.alpha);
    const [a, b] = C.ciphertextFromWire(v.ciphertext);
    assert.equal(C.toHex(b.subtract(C.mul(a, s)).toBytes()), v.decrypted_point);
  }
});

function verifyProofVector(v, H, context, label) {
  const st = v.statement;
  const opts = { context, label };
  switch (v.type) {
    case 'schnorr': return C.verifySchnorr(C.decodePoint(hex(st.public)), v.proof, opts);
    case 'one-of': return C.verifyOneOf(H, C.ciphertextFromWire(st.ciphertext), st.values.map(BigInt), v.proof, opts);
    case 'range': return C.verifyRange(H, C.ciphertextFromWire(st.ciphertext, { fresh: false }), v.proof, { a: st.a, b: st.b, ...opts });
    case 'dleq': return C.verifyDleq(...['g1', 'h1', 'g2', 'h2'].map((k) => C.decodePoint(hex(st[k]), k !== 'g1')), v.proof, opts);
    case 'table': return C.verifyTable(H, st.ciphertexts.map((c) => C.ciphertextFromWire(c)), st.rows.map((r) => r.map(BigInt)), v.proof, opts);
    default: throw new Error(v.type);
  }
}

test('proofs: each verifies, and fails under another context or label', () => {
  const p = V('crypto-proofs.json');
  const H = C.decodePoint(hex(p.public));
  const context = hex(p.context);
  const types = new Set();
  for (const v of p.vectors) {
    types.add(v.type);
    verifyProofVector(v, H, context, hex(v.label));
    const other = context.slice(); other[0] ^= 1;
    assert.throws(() => verifyProofVector(v, H, other, hex(v.label)), C.ProofError);
    assert.throws(() => verifyProofVector(v, H, context, C.concat(hex(v.label), new Uint8Array([0]))), C.ProofError);
  }
  assert.deepEqual([...types].sort(), ['dleq', 'one-of', 'range', 'schnorr', 'table']);
});

test('ballots: reproduced byte for byte from the deterministic source, verified, spoiled', () => {
  const bv = V('crypto-ballots.json');
  const rng = new C.DeterministicRng('ballots');
  const secret = C.randomScalar(rng);
  assert.equal(C.toHex(C.encodeScalar(secret)), bv.secret);
  const H = C.baseMul(secret);
  assert.equal(C.toHex(H.toBytes()), bv.public);
  const context = hex(bv.context);
  const kinds = new Set();
  for (const v of bv.vectors) {
    kinds.add(v.style.kind);
    const ballotId = hex(v.ballot_id);
    const credential = hex(v.credential);
    assert.equal(C.toHex(C.ballotLabel(v.style.id, ballotId, credential, 'selection', 0)), v.labels.selection_0);
    assert.equal(C.toHex(C.ballotLabel(v.style.id, ballotId, credential, 'count', 0)), v.labels.count);
    assert.equal(C.toHex(C.ballotLabel(v.style.id, ballotId, credential, 'total', 0)), v.labels.total);
    const { ballot, secrets } = C.encryptBallot(v.style, H, v.choices, { context, ballotId, credential, rng });
    assert.equal(JSON.stringify(ballot), JSON.stringify(v.ballot), v.style.id);
    const code = C.trackingCode(ballot);
    assert.equal(C.toHex(code), v.tracking_code);
    assert.equal(C.formatTrackingCode(code), v.tracking_code_text);
    C.verifyBallot(v.style, H, v.ballot, { context, credential });
    const other = context.slice(); other[1] ^= 1;
    assert.throws(() => C.verifyBallot(v.style, H, v.ballot, { context: other, credential }), C.CryptoError);
    // ballots §4: the proofs bind the voter's credential; another voter's key refuses them.
    const stranger = credential.slice(); stranger[0] ^= 1;
    assert.throws(() => C.verifyBallot(v.style, H, v.ballot, { context, credential: stranger }), C.ProofError);
    const spoiled = C.spoil(ballot, secrets);
    assert.equal(JSON.stringify(spoiled), JSON.stringify(v.spoiled));
    const out = C.verifySpoiled(v.style, H, v.spoiled, { context, credential });
    assert.deepEqual(C.verifySpoiled(v.style, H, v.spoiled, { context, credential: null }).choices, v.choices);
    assert.deepEqual(out.choices, v.choices);
    assert.equal(out.trackingCode, v.tracking_code_text);
  }
  assert.deepEqual([...kinds].sort(), ['approval', 'cumulative', 'knapsack', 'quadratic']);
});

test('credentials: weights, codes, rejections, derivations, signatures', () => {
  const cv = V('credentials.json');
  assert.equal(C.ALPHABET, cv.alphabet);
  assert.deepEqual(C.WEIGHTS, cv.weights);
  for (const c of cv.codes) {
    assert.equal(C.parseCode(c.printed), c.canonical);
    assert.equal(C.formatCode(C.parseCode(c.canonical.toLowerCase())), c.printed);
  }
  for (const r of cv.rejected_codes) assert.throws(() => C.parseCode(r.text), C.InputError, r.reason);
  for (const d of cv.derivations) {
    const { seed, publicKey } = C.credentialKeys(d.code, d.election_id);
    assert.equal(C.toHex(seed), d.seed);
    assert.equal(C.toBase64(publicKey), d.public_key);
  }
  for (const s of cv.signatures) {
    const { seed, publicKey } = C.credentialKeys(s.code, s.election_id);
    const ballot = typeof s.ballot === 'string' ? C.fromHex(s.ballot) : s.ballot;
    assert.equal(C.toHex(C.signedMessage(ballot, s.election_id)), s.message);
    const sig = C.signBallot(seed, ballot, s.election_id);
    assert.equal(C.toHex(sig), s.signature);
    C.verifyBallotSignature(publicKey, ballot, sig, s.election_id);
    const bad = sig.slice(); bad[0] ^= 1;
    assert.throws(() => C.verifyBallotSignature(publicKey, ballot, bad, s.election_id), C.SignatureError);
  }
  assert.equal(cv.spoiled_signatures.length, cv.signatures.length);
  for (const s of cv.spoiled_signatures) {
    const { seed, publicKey } = C.credentialKeys(s.code, s.election_id);
    const spoiled = C.fromHex(s.spoiled);
    assert.equal(C.toHex(C.spoiledSignedMessage(spoiled, s.election_id)), s.message);
    const sig = C.signSpoiled(seed, spoiled, s.election_id);
    assert.equal(C.toHex(sig), s.signature);
    // a spoiled ballot's signature is never a ballot signature
    assert.throws(() => C.verifyBallotSignature(publicKey, spoiled, sig, s.election_id), C.SignatureError);
  }
});

test('trustee records, joint key, election hashes (crypto-trustees.json, election.json)', () => {
  const tv = V('crypto-trustees.json');
  const context = hex(tv.ceremony_context);
  const records = tv.trustee_records.map((r) => r.public);
  records.forEach((r, k) => {
    const rec = tv.trustee_records[k];
    assert.equal(C.toHex(C.coefficientLabel(tv.trustees, tv.threshold, r.index, 0, C.fromBase64(r.box_public))), rec.coefficient_labels[0]);
  });
  const K = C.jointKey(records, { n: tv.trustees, t: tv.threshold, context });
  assert.equal(C.toHex(K.toBytes()), tv.joint_key);
  const other = context.slice(); other[0] ^= 1;
  assert.throws(() => C.jointKey(records, { n: tv.trustees, t: tv.threshold, context: other }), /coefficient 0/);
  assert.throws(() => C.jointKey(records.slice(1), { n: tv.trustees, t: tv.threshold, context }), /expected 3/);
  assert.throws(() => C.jointKey([records[0], records[0], records[1]], { n: 3, t: 2, context }), /two records/);
  const ev = V('election.json');
  const M = C.fromBase64(ev.manifest_base64);
  const mh = C.manifestHash(M);
  assert.equal(C.toHex(mh), ev.manifest_hash);
  assert.equal(C.toHex(C.ceremonyContext(mh)), ev.ceremony_context);
  const K2 = C.jointKey(ev.trustee_records, { n: 3, t: 2, context: C.ceremonyContext(mh) });
  assert.equal(C.toHex(K2.toBytes()), ev.joint_key);
  assert.equal(C.toHex(C.baseHash(mh, K2.toBytes())), ev.base_hash);
});

test('trustee records signed by the manifest\'s identity keys (election.json, trustees.md §3.3)', () => {
  const ev = V('election.json');
  const manifest = JSON.parse(ev.manifest_text);
  const keys = manifest.trustee_keys.map((k) => C.fromBase64(k, 32));
  assert.deepEqual(ev.trustee_identities.map((i) => i.public_key), manifest.trustee_keys);
  const ctx = C.ceremonyContext(C.manifestHash(C.fromBase64(ev.manifest_base64)));
  ev.signed_records.forEach((text, k) => {
    const signed = JSON.parse(text);
    assert.equal(JSON.stringify(signed), text);
    const recordText = JSON.stringify(signed.record);
    assert.equal(recordText, JSON.stringify(ev.trustee_records[k]));
    const sig = C.fromBase64(signed.signature, 64);
    C.verifyRecordSignature(recordText, signed.record.index, sig, keys, ctx);
    const rotated = [...keys.slice(1), keys[0]];
    assert.throws(() => C.verifyRecordSignature(recordText, signed.record.index, sig, rotated, ctx), /not signed/);
    const other = ctx.slice(); other[0] ^= 1;
    assert.throws(() => C.verifyRecordSignature(recordText, signed.record.index, sig, keys, other), /not signed/);
    assert.throws(() => C.verifyRecordSignature(recordText, 4, sig, keys, ctx), /no identity key/);
  });
});

test('letters print the list fingerprint\'s first 20 digits (credentials.json)', () => {
  const g = V('credentials.json').generation;
  const rows = g.secrets_csv.trim().split('\r\n').map((r) => r.split(','));
  assert.deepEqual(rows[0], ['voter_id', 'district', 'credential_code', 'list_fingerprint']);
  for (const r of rows.slice(1)) assert.equal(r[3], C.letterFingerprint(g.fingerprint));
  assert.equal(C.parsePinnedFingerprint(C.letterFingerprint(g.fingerprint).toUpperCase()), g.fingerprint.slice(0, 20));
  assert.equal(C.parsePinnedFingerprint(g.fingerprint), g.fingerprint);
  for (const bad of ['', 'abc', g.fingerprint.slice(0, 19), 'z'.repeat(20), g.fingerprint + '0']) {
    assert.throws(() => C.parsePinnedFingerprint(bad), C.InputError);
  }
});

test('encryptBallotAsync draws the same randomness as encryptBallot (same ballot bytes)', async () => {
  const bv = V('crypto-ballots.json');
  const H = C.decodePoint(hex(bv.public));
  const context = hex(bv.context);
  const v = bv.vectors.find((x) => x.style.kind === 'knapsack');
  const credential = hex(v.credential);
  const a = C.encryptBallot(v.style, H, v.choices, { context, ballotId: hex(v.ballot_id), credential, rng: new C.DeterministicRng('same') });
  const seen = [];
  const b = await C.encryptBallotAsync(v.style, H, v.choices, { context, ballotId: hex(v.ballot_id), credential, rng: new C.DeterministicRng('same'), onProgress: (f) => seen.push(f) });
  assert.equal(JSON.stringify(a.ballot), JSON.stringify(b.ballot));
  assert.equal(seen.at(-1), 1);
  assert.ok(seen.every((f, i) => i === 0 || f > seen[i - 1]));
});
