// Σ-protocol proofs with strong Fiat–Shamir (crypto.md §5–§8, version 2: every proof carries
// its commitments). Provers draw randomness in exactly the order the spec (and oylama's Python
// prover) does, so a deterministic source reproduces the known-answer vectors byte for byte.
// Verifiers recompute the challenge from the commitments and check each equation of the spec
// (crypto.md §3.3: Σ k·P = O) one by one; they throw ProofError / EncodingError naming the
// first that fails and never return false.
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

/** A commitment: a point of the proof, O allowed (crypto.md §2.2). */
function commitment(text, what) {
  try {
    return decodePoint(fromBase64(text, 32), true);
  } catch (e) {
    throw new ProofError(`${what}: ${e.message}`);
  }
}

const pt = (P) => toBase64(P.toBytes());

/** Σ k·P over public scalars and points (crypto.md §3.3); variable time. */
function holds(terms) {
  let acc = O;
  for (const [k, P] of terms) acc = acc.add(mul(P, k));
  return acc.is0();
}

/** Throw for the first equation (a list of [k, P] terms) that does not hold. */
function requireAll(tag, equations, names) {
  equations.forEach((eq, n) => {
    if (!holds(eq)) throw new ProofError(`${tag}: ${names(n)} does not hold`);
  });
}

/** §7: z·G - c·alpha - A = O and z·H - c·beta + (c·v)·G - B = O. */
function branchEquations(H, alpha, beta, v, c, z, A, B) {
  return [
    [[z, G], [-c, alpha], [-1n, A]],
    [[z, H], [-c, beta], [c * BigInt(v), G], [-1n, B]],
  ];
}

const branchName = (where) => (n) =>
  `${where(n >> 1)}: ${n % 2 ? 'z·H - c·(beta - v·G) = B' : 'z·G - c·alpha = A'}`;

// -- Schnorr (§5) -----------------------------------------------------------------------------

export function proveSchnorr(secret, { context, label, rng }) {
  checkContext(context, label);
  const X = baseMul(secret);
  const w = randomScalar(rng);
  const A = baseMul(w);
  const c = challenge('schnorr', context, label, [G, X, A]);
  return { commitment: pt(A), response: sc(w + c * secret) };
}

export function verifySchnorr(X, proof, { context, label }) {
  checkContext(context, label);
  checkKeys(proof, ['commitment', 'response'], 'SchnorrProof');
  if (X.is0()) throw new ProofError('schnorr: the public key is the identity');
  const A = commitment(proof.commitment, 'schnorr commitment');
  const z = proofScalar(proof.response, 'schnorr response');
  const c = challenge('schnorr', context, label, [G, X, A]);
  requireAll('schnorr', [[[z, G], [-c, X], [-1n, A]]], () => 'z·G - c·X = A');
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
  return { commitment1: pt(a1), commitment2: pt(a2), response: sc(w + c * x) };
}

export function verifyDleq(g1, h1, g2, h2, proof, { context, label }) {
  checkContext(context, label);
  checkKeys(proof, ['commitment1', 'commitment2', 'response'], 'DleqProof');
  if (g1.is0()) throw new ProofError('dleq: g1 is the identity');
  const a1 = commitment(proof.commitment1, 'dleq commitment1');
  const a2 = commitment(proof.commitment2, 'dleq commitment2');
  const z = proofScalar(proof.response, 'dleq response');
  const c = challenge('dleq', context, label, [g1, h1, g2, h2, a1, a2]);
  requireAll('dleq', [[[z, g1], [-c, h1], [-1n, a1]], [[z, g2], [-c, h2], [-1n, a2]]],
    (n) => `z·g${n + 1} - c·h${n + 1} = A${n + 1}`);
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

// The prover's: no shortcut for v = 0, whose absence from the simulated branches would tell
// the time that the real value is 0.
const shiftedEvenly = (beta, v) => beta.subtract(baseMul(BigInt(v)));

/** A simulated branch's commitments (constant time: which branch is simulated is secret). */
function branch(H, alpha, shiftedBeta, c, z) {
  return [baseMul(z).subtract(mulSecret(alpha, c)), mulSecret(H, z).subtract(mulSecret(shiftedBeta, c))];
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
  return { commitments: commits.map(pt), challenges: cs.slice(0, -1).map(sc), responses: zs.map(sc) };
}

/** ct: fresh ciphertext points (already validated, not O). */
export function verifyOneOf(H, [alpha, beta], values, proof, { context, label }) {
  checkContext(context, label);
  checkKey(H);
  checkValues(values);
  checkKeys(proof, ['commitments', 'challenges', 'responses'], 'DisjunctiveProof');
  checkArray(proof.commitments, 'commitments');
  checkArray(proof.challenges, 'challenges');
  checkArray(proof.responses, 'responses');
  const n = values.length;
  if (proof.commitments.length !== 2 * n || proof.challenges.length !== n - 1
      || proof.responses.length !== n) {
    throw new ProofError(`one-of: expected ${2 * n} commitments, ${n - 1} challenges and ${n} responses`);
  }
  const commits = proof.commitments.map((x, i) => commitment(x, `one-of commitment ${i}`));
  const cs = proof.challenges.map((x, j) => proofScalar(x, `one-of challenge ${j}`));
  const zs = proof.responses.map((x, j) => proofScalar(x, `one-of response ${j}`));
  const c = challenge('one-of', context, label, [...oneOfStatement(H, alpha, beta, values), ...commits]);
  let s = 0n;
  for (const x of cs) s += x;
  cs.push(mod(c - s));
  const eqs = [];
  values.forEach((v, j) => eqs.push(...branchEquations(H, alpha, beta, v, cs[j], zs[j],
    commits[2 * j], commits[2 * j + 1])));
  requireAll('one-of', eqs, branchName((j) => `branch ${j}`));
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
      commits.push(ws.flatMap((w) => [baseMul(w), mulSecret(H, w)]));
      return;
    }
    const cj = randomScalar(rng);
    const zrow = points.map(() => randomScalar(rng));
    cs.push(cj); zs.push(zrow);
    commits.push(points.flatMap(([a, b], i) => branch(H, a, shiftedEvenly(b, row[i]), cj, zrow[i])));
  });
  const c = challenge('table', context, label, [...tableStatement(H, points, rows), ...commits.flat()]);
  let s = 0n;
  for (const x of cs) s += x;
  cs[t] = mod(c - s);
  zs[t] = ws.map((w, i) => mod(w + cs[t] * rs[i]));
  return {
    commitments: commits.map((row) => row.map(pt)),
    challenges: cs.slice(0, -1).map(sc),
    responses: zs.map((row) => row.map(sc)),
  };
}

export function verifyTable(H, points, rows, proof, { context, label }) {
  checkContext(context, label);
  checkKey(H);
  checkTable(rows, points.length);
  checkKeys(proof, ['commitments', 'challenges', 'responses'], 'TableProof');
  checkArray(proof.commitments, 'commitments');
  checkArray(proof.challenges, 'challenges');
  checkArray(proof.responses, 'responses');
  const n = rows.length;
  const width = points.length;
  if (proof.commitments.length !== n || proof.challenges.length !== n - 1 || proof.responses.length !== n
      || proof.commitments.some((row) => !Array.isArray(row) || row.length !== 2 * width)
      || proof.responses.some((row) => !Array.isArray(row) || row.length !== width)) {
    throw new ProofError(`table: expected ${n} rows of ${2 * width} commitments, ${n - 1} challenges and ${n} rows of ${width} responses`);
  }
  const commits = proof.commitments.map((row, j) =>
    row.map((x, i) => commitment(x, `table commitment ${j}.${i}`)));
  const cs = proof.challenges.map((x, j) => proofScalar(x, `table challenge ${j}`));
  const zs = proof.responses.map((row, j) =>
    row.map((x, i) => proofScalar(x, `table response ${j}.${i}`)));
  const c = challenge('table', context, label, [...tableStatement(H, points, rows), ...commits.flat()]);
  let s = 0n;
  for (const x of cs) s += x;
  cs.push(mod(c - s));
  const eqs = [];
  rows.forEach((row, j) => {
    points.forEach(([a, b], i) => eqs.push(...branchEquations(H, a, b, row[i], cs[j], zs[j][i],
      commits[j][2 * i], commits[j][2 * i + 1])));
  });
  requireAll('table', eqs, branchName((k) => `row ${Math.floor(k / width)}, ciphertext ${k % width}`));
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
      ciphertext: { alpha: pt(ba), beta: pt(bb) },
      commitments: st.commits.map(pt),
      challenge0: sc(st.cs[0]),
      response0: sc(st.zs[0]),
      response1: sc(st.zs[1]),
    };
  });
  return { bits: out };
}

export function verifyRange(H, [alpha, beta], proof, { a, b, context, label }) {
  checkContext(context, label);
  checkKey(H);
  a = BigInt(a); b = BigInt(b);
  const weights = rangeWeights(a, b);
  const n = weights.length;
  checkKeys(proof, ['bits'], 'RangeProof');
  checkArray(proof.bits, 'bits');
  if (proof.bits.length !== n) {
    throw new ProofError(`range: expected ${n} bits for [${a}, ${b}], got ${proof.bits.length}`);
  }
  const bits = proof.bits.map((bit, i) => {
    checkKeys(bit, ['ciphertext', 'commitments', 'challenge0', 'response0', 'response1'], 'RangeBit');
    let ct;
    try {
      checkKeys(bit.ciphertext, ['alpha', 'beta'], 'Ciphertext');
      ct = [decodePoint(fromBase64(bit.ciphertext.alpha, 32)),
        decodePoint(fromBase64(bit.ciphertext.beta, 32))];
    } catch (e) {
      throw new ProofError(`range bit ${i}: ciphertext: ${e.message}`);
    }
    checkArray(bit.commitments, `range bit ${i} commitments`);
    if (bit.commitments.length !== 4) throw new ProofError(`range bit ${i}: expected 4 commitments`);
    return {
      ct,
      commits: bit.commitments.map((x, k) => commitment(x, `range bit ${i} commitment ${k}`)),
      c0: proofScalar(bit.challenge0, `range bit ${i} challenge0`),
      z0: proofScalar(bit.response0, `range bit ${i} response0`),
      z1: proofScalar(bit.response1, `range bit ${i} response1`),
    };
  });
  const fields = rangeStatement(H, alpha, beta, a, b, n);
  for (const bit of bits) fields.push(...bit.ct, ...bit.commits);
  const c = challenge('range', context, label, fields);
  const eqs = [
    [...bits.map((bit, i) => [weights[i], bit.ct[0]]), [-1n, alpha]],
    [...bits.map((bit, i) => [weights[i], bit.ct[1]]), [a, G], [-1n, beta]],
  ];
  for (const { ct: [ba, bb], commits, c0, z0, z1 } of bits) {
    eqs.push(...branchEquations(H, ba, bb, 0n, c0, z0, commits[0], commits[1]));
    eqs.push(...branchEquations(H, ba, bb, 1n, mod(c - c0), z1, commits[2], commits[3]));
  }
  if (!holds(eqs[0])) throw new ProofError("range: the bits' alpha do not recombine to the ciphertext's alpha");
  if (!holds(eqs[1])) throw new ProofError("range: the bits' beta do not recombine to the ciphertext's beta - a·G");
  const bitName = branchName((j) => `bit ${j >> 1}, branch ${j % 2}`);
  requireAll('range', eqs.slice(2), bitName);
}
