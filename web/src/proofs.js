// Σ-protocol proofs with strong Fiat–Shamir (crypto.md §5–§8). Provers draw randomness in
// exactly the order the spec (and oylama's Python prover) does, so a deterministic source
// reproduces the known-answer vectors byte for byte. Verifiers throw ProofError /
// EncodingError and never return false.
//
// Provers multiply every secret -- the witness (encryption randomness, an aggregate's
// randomness), the nonces, the plaintext and which branch is the real one -- with the
// constant-time mulSecret/baseMul; the variable-time mul only ever sees what the proof
// publishes (a simulated branch's challenge and response) or the statement.

import { fromBase64, toBase64 } from './bytes.js';
import { checkKeys } from './elgamal.js';
import { CryptoError, EncodingError, ProofError } from './errors.js';
import {
  G, L, O, baseMul, decodePoint, decodeScalar, encodeInt, encodeScalar, mod, mul, mulSecret,
  randomScalar,
} from './group.js';
import { challenge, checkContext } from './transcript.js';

export const MAX_ONE_OF = 64;
export const MAX_VALUE = 2n ** 62n;
export const MAX_TABLE_CELLS = 256;

const sc = (k) => toBase64(encodeScalar(mod(k)));

function proofScalar(text, what) {
  try {
    return decodeScalar(fromBase64(text, 32));
  } catch (e) {
    throw new ProofError(`${what}: ${e.message}`);
  }
}

function checkKey(H) {
  if (!H || H.is0()) throw new CryptoError('the public key must not be the identity');
}

function checkArray(x, what) {
  if (!Array.isArray(x)) throw new EncodingError(`${what}: expected an array`);
}

// -- Schnorr (§5) -----------------------------------------------------------------------------

export function proveSchnorr(secret, { context, label, rng }) {
  checkContext(context, label);
  const X = baseMul(secret);
  const w = randomScalar(rng);
  const A = baseMul(w);
  const c = challenge('schnorr', context, label, [G, X, A]);
  return { challenge: sc(c), response: sc(w + c * secret) };
}

export function verifySchnorr(X, proof, { context, label }) {
  checkContext(context, label);
  checkKeys(proof, ['challenge', 'response'], 'SchnorrProof');
  if (X.is0()) throw new ProofError('schnorr: the public key is the identity');
  const c = proofScalar(proof.challenge, 'schnorr challenge');
  const z = proofScalar(proof.response, 'schnorr response');
  const A = baseMul(z).subtract(mul(X, c));
  if (challenge('schnorr', context, label, [G, X, A]) !== c) {
    throw new ProofError('schnorr: challenge does not match the recomputed commitment');
  }
}

// -- DLEQ (§6) --------------------------------------------------------------------------------

export function proveDleq(x, g1, h1, g2, h2, { context, label, rng }) {
  checkContext(context, label);
  if (g1.is0()) throw new CryptoError('dleq: g1 must not be the identity');
  if (!mulSecret(g1, x).equals(h1) || !mulSecret(g2, x).equals(h2)) {
    throw new CryptoError('dleq: the secret does not match the statement');
  }
  const w = randomScalar(rng);
  const a1 = mulSecret(g1, w);
  const a2 = mulSecret(g2, w);
  const c = challenge('dleq', context, label, [g1, h1, g2, h2, a1, a2]);
  return { challenge: sc(c), response: sc(w + c * x) };
}

export function verifyDleq(g1, h1, g2, h2, proof, { context, label }) {
  checkContext(context, label);
  checkKeys(proof, ['challenge', 'response'], 'DleqProof');
  if (g1.is0()) throw new ProofError('dleq: g1 is the identity');
  const c = proofScalar(proof.challenge, 'dleq challenge');
  const z = proofScalar(proof.response, 'dleq response');
  const a1 = mul(g1, z).subtract(mul(h1, c));
  const a2 = mul(g2, z).subtract(mul(h2, c));
  if (challenge('dleq', context, label, [g1, h1, g2, h2, a1, a2]) !== c) {
    throw new ProofError('dleq: challenge does not match the recomputed commitments');
  }
}

// -- one-of (§7) ------------------------------------------------------------------------------

function checkValues(values) {
  if (!(values.length >= 1 && values.length <= MAX_ONE_OF)) {
    throw new CryptoError(`one-of: between 1 and ${MAX_ONE_OF} values, got ${values.length}`);
  }
  let prev = -1n;
  for (const v0 of values) {
    const v = BigInt(v0);
    if (!(prev < v && v <= MAX_VALUE)) {
      throw new CryptoError('one-of: values must be strictly increasing in [0, 2^62]');
    }
    prev = v;
  }
}

const shifted = (beta, v) => (BigInt(v) ? beta.subtract(baseMul(BigInt(v))) : beta);
// The prover's: no shortcut for v = 0, whose absence from the simulated branches would tell
// the time that the real value is 0.
const shiftedEvenly = (beta, v) => beta.subtract(baseMul(BigInt(v)));

function branch(H, alpha, shiftedBeta, c, z) {
  return [baseMul(z).subtract(mul(alpha, c)), mul(H, z).subtract(mul(shiftedBeta, c))];
}

function commitBranches(H, alpha, beta, values, t, rng) {
  const w = randomScalar(rng);
  const cs = [];
  const zs = [];
  const commits = [];
  values.forEach((v, j) => {
    if (j === t) {
      cs.push(0n); zs.push(0n);
      commits.push(baseMul(w), mulSecret(H, w));
    } else {
      const cj = randomScalar(rng);
      const zj = randomScalar(rng);
      cs.push(cj); zs.push(zj);
      commits.push(...branch(H, alpha, shiftedEvenly(beta, v), cj, zj));
    }
  });
  return { w, cs, zs, commits };
}

function finishBranches(c, w, r, t, cs, zs) {
  let s = 0n;
  for (const x of cs) s += x;
  cs[t] = mod(c - s);
  zs[t] = mod(w + cs[t] * r);
}

const oneOfStatement = (H, alpha, beta, values) =>
  [H, alpha, beta, encodeInt(values.length), ...values.map(encodeInt)];

function encryptsCheck(H, alpha, beta, m, r, what) {
  if (!baseMul(r).equals(alpha) || !baseMul(BigInt(m)).add(mulSecret(H, r)).equals(beta)) {
    throw new CryptoError(`${what}: the ciphertext is not the stated encryption`);
  }
}

export function proveOneOf(H, [alpha, beta], values, m, r, { context, label, rng }) {
  checkContext(context, label);
  checkKey(H);
  checkValues(values);
  const t = values.findIndex((v) => BigInt(v) === BigInt(m));
  if (t < 0) throw new CryptoError(`one-of: ${m} is not one of the allowed values`);
  encryptsCheck(H, alpha, beta, m, r, 'one-of');
  const { w, cs, zs, commits } = commitBranches(H, alpha, beta, values, t, rng);
  const c = challenge('one-of', context, label,
    [...oneOfStatement(H, alpha, beta, values), ...commits]);
  finishBranches(c, w, r, t, cs, zs);
  return { challenges: cs.map(sc), responses: zs.map(sc) };
}

/** ct: fresh ciphertext points (already validated, not O). */
export function verifyOneOf(H, [alpha, beta], values, proof, { context, label }) {
  checkContext(context, label);
  checkKey(H);
  checkValues(values);
  checkKeys(proof, ['challenges', 'responses'], 'DisjunctiveProof');
  checkArray(proof.challenges, 'challenges');
  checkArray(proof.responses, 'responses');
  const n = values.length;
  if (proof.challenges.length !== n || proof.responses.length !== n) {
    throw new ProofError(`one-of: expected ${n} challenges and ${n} responses`);
  }
  const cs = proof.challenges.map((x, j) => proofScalar(x, `one-of challenge ${j}`));
  const zs = proof.responses.map((x, j) => proofScalar(x, `one-of response ${j}`));
  const fields = oneOfStatement(H, alpha, beta, values);
  let sum = 0n;
  values.forEach((v, j) => {
    fields.push(...branch(H, alpha, shifted(beta, v), cs[j], zs[j]));
    sum += cs[j];
  });
  if (challenge('one-of', context, label, fields) !== mod(sum)) {
    throw new ProofError('one-of: the challenges do not sum to the Fiat–Shamir challenge');
  }
}

// -- table (§7.1) -----------------------------------------------------------------------------

function checkTable(rows, width) {
  if (width < 1 || rows.length < 1 || rows.length > MAX_ONE_OF
      || rows.length * width > MAX_TABLE_CELLS) {
    throw new CryptoError('table: bad table shape');
  }
  let prev = null;
  for (const row of rows) {
    if (row.length !== width || !row.every((v) => BigInt(v) >= 0n && BigInt(v) <= MAX_VALUE)) {
      throw new CryptoError(`table: each row has ${width} integers in [0, 2^62]`);
    }
    if (prev !== null) {
      let less = false;
      for (let i = 0; i < width; i++) {
        if (BigInt(prev[i]) !== BigInt(row[i])) { less = BigInt(prev[i]) < BigInt(row[i]); break; }
      }
      if (!less) throw new CryptoError('table: rows must be strictly increasing');
    }
    prev = row;
  }
}

function tableStatement(H, points, rows) {
  const fields = [H, encodeInt(points.length)];
  for (const [a, b] of points) fields.push(a, b);
  fields.push(encodeInt(rows.length));
  for (const row of rows) for (const v of row) fields.push(encodeInt(v));
  return fields;
}

export function proveTable(H, points, rows, values, rs, { context, label, rng }) {
  checkContext(context, label);
  checkKey(H);
  checkTable(rows, points.length);
  const t = rows.findIndex((row) => row.every((v, i) => BigInt(v) === BigInt(values[i])));
  if (t < 0) throw new CryptoError('table: the values are not a row of the table');
  if (rs.length !== points.length) throw new CryptoError('table: one randomness per ciphertext');
  points.forEach(([a, b], i) => encryptsCheck(H, a, b, values[i], rs[i], 'table'));
  const ws = points.map(() => randomScalar(rng));
  const cs = [];
  const zs = [];
  const commits = [];
  rows.forEach((row, j) => {
    if (j === t) {
      cs.push(0n); zs.push([]);
      for (const w of ws) commits.push(baseMul(w), mulSecret(H, w));
      return;
    }
    const cj = randomScalar(rng);
    const zrow = points.map(() => randomScalar(rng));
    cs.push(cj); zs.push(zrow);
    points.forEach(([a, b], i) => commits.push(...branch(H, a, shiftedEvenly(b, row[i]), cj, zrow[i])));
  });
  const c = challenge('table', context, label, [...tableStatement(H, points, rows), ...commits]);
  let s = 0n;
  for (const x of cs) s += x;
  cs[t] = mod(c - s);
  zs[t] = ws.map((w, i) => mod(w + cs[t] * rs[i]));
  return { challenges: cs.map(sc), responses: zs.map((row) => row.map(sc)) };
}

export function verifyTable(H, points, rows, proof, { context, label }) {
  checkContext(context, label);
  checkKey(H);
  checkTable(rows, points.length);
  checkKeys(proof, ['challenges', 'responses'], 'TableProof');
  checkArray(proof.challenges, 'challenges');
  checkArray(proof.responses, 'responses');
  const n = rows.length;
  const width = points.length;
  if (proof.challenges.length !== n || proof.responses.length !== n) {
    throw new ProofError(`table: expected ${n} challenges and ${n} response rows`);
  }
  if (proof.responses.some((row) => !Array.isArray(row) || row.length !== width)) {
    throw new ProofError(`table: every response row has ${width} scalars`);
  }
  const cs = proof.challenges.map((x, j) => proofScalar(x, `table challenge ${j}`));
  const zs = proof.responses.map((row, j) =>
    row.map((x, i) => proofScalar(x, `table response ${j}.${i}`)));
  const fields = tableStatement(H, points, rows);
  let sum = 0n;
  rows.forEach((row, j) => {
    points.forEach(([a, b], i) => fields.push(...branch(H, a, shifted(b, row[i]), cs[j], zs[j][i])));
    sum += cs[j];
  });
  if (challenge('table', context, label, fields) !== mod(sum)) {
    throw new ProofError('table: the challenges do not sum to the Fiat–Shamir challenge');
  }
}

// -- range (§8) -------------------------------------------------------------------------------

const bitlen = (x) => (x === 0n ? 0 : x.toString(2).length);

export function rangeWeights(a, b) {
  a = BigInt(a); b = BigInt(b);
  if (!(a >= 0n && a < b && b <= MAX_VALUE)) {
    throw new CryptoError(`range: need 0 <= a < b <= 2^62, got [${a}, ${b}]`);
  }
  const width = b - a;
  const n = bitlen(width);
  const out = [];
  for (let i = 0; i < n - 1; i++) out.push(1n << BigInt(i));
  out.push(width - (1n << BigInt(n - 1)) + 1n);
  return out;
}

function decompose(value, weights) {
  const n = weights.length;
  let high = n > 1 && value >= (1n << BigInt(n - 1)) ? 1n : 0n;
  if (n === 1) high = value;
  const rest = value - high * weights[n - 1];
  const out = [];
  for (let i = 0; i < n - 1; i++) out.push((rest >> BigInt(i)) & 1n);
  out.push(high);
  return out;
}

function weightedSum(points, weights) {
  const n = points.length;
  let acc = O;
  for (let i = n - 2; i >= 0; i--) acc = acc.double().add(points[i]);
  return acc.add(mul(points[n - 1], weights[n - 1]));
}

const rangeStatement = (H, alpha, beta, a, b, n) =>
  [H, alpha, beta, encodeInt(a), encodeInt(b), encodeInt(n)];

/** [alpha, beta] may be an aggregate (O allowed); r in [0, L). */
export function proveRange(H, [alpha, beta], m, r, { a, b, context, label, rng }) {
  checkContext(context, label);
  checkKey(H);
  a = BigInt(a); b = BigInt(b); m = BigInt(m);
  const weights = rangeWeights(a, b);
  if (!(a <= m && m <= b)) throw new CryptoError(`range: ${m} is not in [${a}, ${b}]`);
  if (!(r >= 0n && r < L)) throw new CryptoError('range: randomness must be in [0, L)');
  encryptsCheck(H, alpha, beta, m, r, 'range');
  const n = weights.length;
  const digits = decompose(m - a, weights);
  let rs;
  let bits;
  for (;;) {
    rs = [0n];
    for (let i = 1; i < n; i++) rs.push(randomScalar(rng));
    let s = 0n;
    for (let i = 1; i < n; i++) s += weights[i] * rs[i];
    rs[0] = mod(r - s);
    if (rs[0] === 0n) continue;
    bits = rs.map((x, i) => [baseMul(x), baseMul(digits[i]).add(mulSecret(H, x))]);
    if (!bits.some(([, bb]) => bb.is0())) break;
  }
  const fields = rangeStatement(H, alpha, beta, a, b, n);
  const states = [];
  bits.forEach(([ba, bb], i) => {
    const st = commitBranches(H, ba, bb, [0n, 1n], Number(digits[i]), rng);
    states.push(st);
    fields.push(ba, bb, ...st.commits);
  });
  const c = challenge('range', context, label, fields);
  const out = bits.map(([ba, bb], i) => {
    const st = states[i];
    finishBranches(c, st.w, rs[i], Number(digits[i]), st.cs, st.zs);
    return {
      ciphertext: { alpha: toBase64(ba.toBytes()), beta: toBase64(bb.toBytes()) },
      challenge0: sc(st.cs[0]),
      response0: sc(st.zs[0]),
      response1: sc(st.zs[1]),
    };
  });
  return { challenge: sc(c), bits: out };
}

export function verifyRange(H, [alpha, beta], proof, { a, b, context, label }) {
  checkContext(context, label);
  checkKey(H);
  a = BigInt(a); b = BigInt(b);
  const weights = rangeWeights(a, b);
  const n = weights.length;
  checkKeys(proof, ['challenge', 'bits'], 'RangeProof');
  checkArray(proof.bits, 'bits');
  if (proof.bits.length !== n) {
    throw new ProofError(`range: expected ${n} bits for [${a}, ${b}], got ${proof.bits.length}`);
  }
  const c = proofScalar(proof.challenge, 'range challenge');
  const bits = proof.bits.map((bit, i) => {
    checkKeys(bit, ['ciphertext', 'challenge0', 'response0', 'response1'], 'RangeBit');
    try {
      checkKeys(bit.ciphertext, ['alpha', 'beta'], 'Ciphertext');
      return [decodePoint(fromBase64(bit.ciphertext.alpha, 32)),
        decodePoint(fromBase64(bit.ciphertext.beta, 32))];
    } catch (e) {
      throw new ProofError(`range bit ${i}: ciphertext: ${e.message}`);
    }
  });
  const alphas = weightedSum(bits.map((p) => p[0]), weights);
  const betas = weightedSum(bits.map((p) => p[1]), weights).add(baseMul(a));
  if (!alphas.equals(alpha)) {
    throw new ProofError("range: the bits' alpha do not recombine to the ciphertext's alpha");
  }
  if (!betas.equals(beta)) {
    throw new ProofError("range: the bits' beta do not recombine to the ciphertext's beta - a·G");
  }
  const fields = rangeStatement(H, alpha, beta, a, b, n);
  proof.bits.forEach((bit, i) => {
    const c0 = proofScalar(bit.challenge0, `range bit ${i} challenge0`);
    const z0 = proofScalar(bit.response0, `range bit ${i} response0`);
    const z1 = proofScalar(bit.response1, `range bit ${i} response1`);
    const [ba, bb] = bits[i];
    fields.push(ba, bb, ...branch(H, ba, bb, c0, z0), ...branch(H, ba, bb.subtract(G), mod(c - c0), z1));
  });
  if (challenge('range', context, label, fields) !== c) {
    throw new ProofError('range: challenge does not match the recomputed commitments');
  }
}
