// Encrypted ballots (ballots.md): styles, labels, encryption with every proof, verification,
// canonical JSON and tracking codes, and the Benaloh challenge (spoil / verify a spoiled ballot).

import { sha256 } from '@noble/hashes/sha2.js';
import { concat, fromBase64, lp, toBase64, u32be, utf8 } from './bytes.js';
import {
  addCt, checkKeys, ciphertextFromWire, ciphertextToWire, encryptPoints, encryptRandom,
} from './elgamal.js';
import { CryptoError, EncodingError, InputError, ProofError } from './errors.js';
import {
  G, L, O, Point, baseMul, decodePoint, decodeScalar, encodeScalar, mod, mul, withTable,
} from './group.js';
import {
  MAX_ONE_OF, MAX_VALUE, proveDleq, proveOneOf, proveRange, proveTable, verifyDleq,
  verifyOneOf, verifyRange, verifyTable,
} from './proofs.js';

export const KINDS = ['approval', 'knapsack', 'cumulative', 'quadratic'];
export const MAX_PROJECTS = 1024;
export const MAX_STYLE_ID = 128;
export const MAX_BALLOT_ID = 64;
export const MAX_ONE_OF_POINTS = 5;
const MAX_VOTES_UNSIGNED = MAX_ONE_OF - 1;
const MAX_VOTES_SIGNED = (MAX_ONE_OF - 1) >> 1;

const STYLE_KEYS = ['id', 'kind', 'projects', 'costs', 'budget', 'min_count', 'max_count',
  'points', 'max_votes', 'signed', 'credits'];
const BALLOT_KEYS = ['election', 'style', 'ballot_id', 'selections', 'squares', 'proofs',
  'count', 'total'];

const big = (x) => BigInt(x);
const sumBig = (xs) => xs.reduce((s, x) => s + big(x), 0n);

// -- styles (§2) -------------------------------------------------------------------------------

function req(cond, style, msg) {
  if (!cond) throw new InputError(`ballot style '${style.id}' (${style.kind}): ${msg}`);
}

/** Normalise a style object (e.g. from a manifest's `style`) and check ballots.md §2. */
export function checkStyle(s) {
  const style = {
    id: s.id, kind: s.kind, projects: s.projects, costs: s.costs ?? [], budget: s.budget ?? 0,
    min_count: s.min_count ?? 0, max_count: s.max_count ?? null, points: s.points ?? 0,
    max_votes: s.max_votes ?? 0, signed: s.signed ?? false, credits: s.credits ?? 0,
  };
  const sid = utf8(String(style.id));
  req(sid.length >= 1 && sid.length <= MAX_STYLE_ID, style, 'id must be 1 to 128 bytes');
  req(KINDS.includes(style.kind), style, `kind must be one of ${KINDS.join(', ')}`);
  req(Number.isInteger(style.projects) && style.projects >= 1 && style.projects <= MAX_PROJECTS,
    style, 'projects must be 1 to 1024');
  const n = style.projects;
  const used = new Set();
  if (style.kind === 'approval' || style.kind === 'knapsack') {
    used.add('min_count'); used.add('max_count');
    const hi = style.max_count ?? n;
    req(style.min_count >= 0 && style.min_count <= hi && hi <= n, style,
      'need 0 <= min_count <= max_count <= projects');
  }
  if (style.kind === 'knapsack') {
    used.add('costs'); used.add('budget');
    req(style.costs.length === n, style, `costs must list ${n} costs`);
    req(style.costs.every((c) => big(c) >= 0n), style, 'costs must be >= 0');
    req(sumBig(style.costs) <= MAX_VALUE, style, "the costs' sum must be at most 2^62");
    req(big(style.budget) >= 1n && big(style.budget) <= MAX_VALUE, style, 'budget 1 to 2^62');
  } else if (style.kind === 'cumulative') {
    used.add('points');
    req(big(style.points) >= 1n && big(style.points) <= MAX_VALUE / big(n), style,
      'points must be 1 to 2^62/projects');
  } else if (style.kind === 'quadratic') {
    used.add('max_votes'); used.add('signed'); used.add('credits');
    const top = style.signed ? MAX_VOTES_SIGNED : MAX_VOTES_UNSIGNED;
    req(style.max_votes >= 1 && style.max_votes <= top, style, `max_votes must be 1 to ${top}`);
    req(big(style.credits) >= 1n && big(style.credits) <= MAX_VALUE, style, 'credits 1 to 2^62');
  }
  const unused = {
    costs: style.costs.length !== 0, budget: big(style.budget) !== 0n,
    min_count: style.min_count !== 0, max_count: style.max_count !== null,
    points: big(style.points) !== 0n, max_votes: style.max_votes !== 0, signed: !!style.signed,
    credits: big(style.credits) !== 0n,
  };
  for (const [name, isSet] of Object.entries(unused)) {
    req(used.has(name) || !isSet, style, `${name} is not used by this kind`);
  }
  return style;
}

export function countBounds(style) {
  if (style.kind !== 'approval' && style.kind !== 'knapsack') return null;
  const n = style.projects;
  const hi = style.max_count ?? n;
  return style.min_count === 0 && hi === n ? null : [big(style.min_count), big(hi)];
}

export function totalBounds(style) {
  const n = style.projects;
  if (style.kind === 'knapsack') {
    return sumBig(style.costs) <= big(style.budget) ? null : [0n, big(style.budget)];
  }
  if (style.kind === 'cumulative') return n === 1 ? null : [0n, big(style.points)];
  if (style.kind === 'quadratic') {
    return big(n) * big(style.max_votes) ** 2n <= big(style.credits) ? null : [0n, big(style.credits)];
  }
  return null;
}

export function selectionScales(style) {
  if (style.kind === 'knapsack') return style.costs.map((c) => (big(c) > 0n ? big(c) : 1n));
  return Array(style.projects).fill(1n);
}

export function totalWeights(style) {
  if (style.kind === 'knapsack') return style.costs.map((c) => (big(c) > 0n ? 1n : 0n));
  return Array(style.projects).fill(1n);
}

export function selectionValues(style) {
  if (style.kind === 'approval' || style.kind === 'knapsack') {
    return selectionScales(style).map((s) => [0n, s]);
  }
  if (style.kind === 'cumulative' && big(style.points) <= BigInt(MAX_ONE_OF_POINTS)) {
    const vals = [];
    for (let v = 0n; v <= big(style.points); v++) vals.push(v);
    return Array(style.projects).fill(vals);
  }
  return Array(style.projects).fill(null);
}

export const quadraticOffset = (style) => (style.signed ? big(style.max_votes) : 0n);

export function quadraticRows(style) {
  const vmax = style.max_votes;
  const off = quadraticOffset(style);
  const rows = [];
  for (let v = style.signed ? -vmax : 0; v <= vmax; v++) rows.push([big(v) + off, big(v) * big(v)]);
  return rows;
}

/** Refuse choices the style does not allow (ballots.md §2), naming the project or bound. */
export function checkChoices(style, choices) {
  const n = style.projects;
  if (choices.length !== n) {
    throw new InputError(`expected ${n} choices (one per project), got ${choices.length}`);
  }
  choices.forEach((x, j) => {
    if (!Number.isInteger(x)) throw new InputError(`project ${j}: a choice is an integer`);
  });
  if (style.kind === 'approval' || style.kind === 'knapsack') {
    choices.forEach((x, j) => {
      if (x !== 0 && x !== 1) throw new InputError(`project ${j}: a ${style.kind} choice is 0 or 1, got ${x}`);
    });
    const count = choices.reduce((a, b) => a + b, 0);
    const hi = style.max_count ?? n;
    if (count < style.min_count) {
      throw new InputError(`${count} projects selected, the ballot needs at least ${style.min_count}`);
    }
    if (count > hi) throw new InputError(`${count} projects selected, the ballot allows at most ${hi}`);
    if (style.kind === 'knapsack') {
      const spent = style.costs.reduce((s, c, j) => s + big(c) * big(choices[j]), 0n);
      if (spent > big(style.budget)) {
        throw new InputError(`the selection costs ${spent}, over the budget of ${style.budget}`);
      }
    }
  } else if (style.kind === 'cumulative') {
    choices.forEach((x, j) => {
      if (x < 0 || big(x) > big(style.points)) {
        throw new InputError(`project ${j}: points must be in [0, ${style.points}], got ${x}`);
      }
    });
    const total = sumBig(choices);
    if (total > big(style.points)) throw new InputError(`${total} points given, the ballot allows ${style.points}`);
  } else {
    const vmax = style.max_votes;
    const low = style.signed ? -vmax : 0;
    choices.forEach((v, j) => {
      if (v < low || v > vmax) throw new InputError(`project ${j}: votes must be in [${low}, ${vmax}], got ${v}`);
    });
    const cost = choices.reduce((s, v) => s + big(v) * big(v), 0n);
    if (cost > big(style.credits)) {
      throw new InputError(`the votes cost ${cost} credits, the ballot allows ${style.credits}`);
    }
  }
}

// -- labels (§4) -------------------------------------------------------------------------------

/** ballots §4: the voter's credential (its Ed25519 public key) is in every proof's label. */
export function ballotLabel(styleId, ballotId, credential, role, index) {
  return concat(lp(utf8('oylama/ballot/v2')), lp(utf8(styleId)), lp(ballotId), lp(credential),
    lp(utf8(role)), u32be(index));
}

export function newBallotId(rng) { return rng.tokenBytes(16); }

function checkIds(context, ballotId, credential) {
  if (!(context instanceof Uint8Array) || context.length !== 32) {
    throw new CryptoError('context must be 32 bytes (the election base hash)');
  }
  if (!(ballotId instanceof Uint8Array) || ballotId.length < 1 || ballotId.length > MAX_BALLOT_ID) {
    throw new CryptoError(`a ballot id is 1 to ${MAX_BALLOT_ID} bytes`);
  }
  if (!(credential instanceof Uint8Array) || credential.length !== 32) {
    throw new CryptoError("a credential is 32 bytes (the voter's public key)");
  }
}

// -- aggregates --------------------------------------------------------------------------------

const countWeights = (style) =>
  selectionScales(style).map((s) => (s !== 1n ? Point.Fn.inv(s) : 1n));

function combine(points, weights) {
  let alpha = O;
  let beta = O;
  points.forEach(([a, b], j) => {
    const k = weights[j];
    if (k === 1n) { alpha = alpha.add(a); beta = beta.add(b); } else if (k) {
      alpha = alpha.add(mul(a, k)); beta = beta.add(mul(b, k));
    }
  });
  return [alpha, beta];
}

function proveBound(H, ct, m, r, [a, b], opts) {
  if (a < b) return { range: proveRange(H, ct, m, r, { a, b, ...opts }), exact: null };
  if (m !== a) throw new CryptoError(`bound: ${m} is not ${a}`);
  const [alpha, beta] = ct;
  return { range: null, exact: proveDleq(r, G, alpha, H, beta.subtract(baseMul(a)), opts) };
}

function verifyBound(H, ct, proof, [a, b], what, opts) {
  if (proof === null) throw new ProofError(`${what}: the proof that it lies in [${a}, ${b}] is missing`);
  try {
    checkKeys(proof, ['range', 'exact'], 'BoundProof');
    if (a < b) {
      if (proof.range === null || proof.exact !== null) throw new ProofError('expected a range proof only');
      verifyRange(H, ct, proof.range, { a, b, ...opts });
    } else {
      if (proof.exact === null || proof.range !== null) throw new ProofError('expected an exact (DLEQ) proof only');
      const [alpha, beta] = ct;
      verifyDleq(G, alpha, H, beta.subtract(baseMul(a)), proof.exact, opts);
    }
  } catch (e) {
    if (e instanceof CryptoError) {
      const E = e.constructor;
      throw new E(`${what} in [${a}, ${b}]: ${e.message}`);
    }
    throw e;
  }
}

function plaintexts(style, choices) {
  if (style.kind === 'quadratic') {
    const off = quadraticOffset(style);
    return [choices.map((v) => big(v) + off), choices.map((v) => big(v) * big(v))];
  }
  const scales = selectionScales(style);
  return [choices.map((x, j) => scales[j] * big(x)), []];
}

// -- encryption (§3, §5) -----------------------------------------------------------------------

/**
 * Encrypt and prove a ballot. Returns { ballot (wire object, canonical field order),
 * secrets: { choices, randomness (bigints), square_randomness } }.
 */
export function encryptBallot(styleIn, H, choices, options) {
  const steps = encryptSteps(styleIn, H, choices, options);
  for (;;) {
    const { value, done } = steps.next();
    if (done) return value;
    if (options.onProgress) options.onProgress(value);
  }
}

/**
 * The same, yielding to the browser between proofs (so the page repaints its progress bar):
 * the randomness is drawn in exactly the same order as encryptBallot's.
 */
export async function encryptBallotAsync(styleIn, H, choices, options) {
  const steps = encryptSteps(styleIn, H, choices, options);
  for (;;) {
    const { value, done } = steps.next();
    if (done) return value;
    if (options.onProgress) options.onProgress(value);
    await new Promise((r) => setTimeout(r, 0));
  }
}

function* encryptSteps(styleIn, H, choices, { context, ballotId, credential, rng }) {
  const style = checkStyle(styleIn);
  if (H.is0()) throw new CryptoError('the public key must not be the identity');
  withTable(H);
  checkIds(context, ballotId, credential);
  choices = [...choices];
  checkChoices(style, choices);
  const sid = style.id;
  const n = style.projects;
  const [selM, sqM] = plaintexts(style, choices);
  const sel = selM.map((m) => encryptRandom(H, m, rng));
  const sq = sqM.map((m) => encryptRandom(H, m, rng));
  const values = selectionValues(style);
  const proofs = [];
  const steps = n + 2;
  for (let j = 0; j < n; j++) {
    const label = ballotLabel(sid, ballotId, credential, 'selection', j);
    const opts = { context, label, rng };
    const [ct, r] = sel[j];
    if (style.kind === 'quadratic') {
      const table = proveTable(H, [ct, sq[j][0]], quadraticRows(style), [selM[j], sqM[j]],
        [r, sq[j][1]], opts);
      proofs.push({ one_of: null, range: null, table });
    } else if (values[j] !== null) {
      proofs.push({ one_of: proveOneOf(H, ct, values[j], selM[j], r, opts), range: null, table: null });
    } else {
      proofs.push({ one_of: null, range: proveRange(H, ct, selM[j], r, { a: 0n, b: big(style.points), ...opts }), table: null });
    }
    yield (j + 1) / steps;
  }
  let count = null;
  const cb = countBounds(style);
  if (cb !== null) {
    const cw = countWeights(style);
    const agg = combine(sel.map(([ct]) => ct), cw);
    const r = mod(sel.reduce((s, [, rj], j) => s + cw[j] * rj, 0n));
    count = proveBound(H, agg, sumBig(choices), r, cb,
      { context, label: ballotLabel(sid, ballotId, credential, 'count', 0), rng });
  }
  yield (n + 1) / steps;
  let total = null;
  const tb = totalBounds(style);
  if (tb !== null) {
    const w = totalWeights(style);
    const pairs = style.kind === 'quadratic' ? sq : sel;
    const plain = style.kind === 'quadratic' ? sqM : selM;
    const agg = combine(pairs.map(([ct]) => ct), w);
    const r = mod(pairs.reduce((s, [, rj], j) => s + w[j] * rj, 0n));
    const m = plain.reduce((s, x, j) => s + w[j] * x, 0n);
    total = proveBound(H, agg, m, r, tb,
      { context, label: ballotLabel(sid, ballotId, credential, 'total', 0), rng });
  }
  yield 1;
  const ballot = {
    election: toBase64(context),
    style: sid,
    ballot_id: toBase64(ballotId),
    selections: sel.map(([ct]) => ciphertextToWire(ct)),
    squares: sq.map(([ct]) => ciphertextToWire(ct)),
    proofs,
    count,
    total,
  };
  const secrets = {
    choices,
    randomness: sel.map(([, r]) => r),
    square_randomness: sq.map(([, r]) => r),
  };
  return { ballot, secrets };
}

// -- wire form, tracking code (§6) -------------------------------------------------------------

/** The canonical bytes of a wire ballot object (fields already in canonical order). */
export function ballotBytes(ballot) { return utf8(JSON.stringify(ballot)); }

/** Parse a ballot JSON text, refusing anything that is not canonical. */
export function parseBallot(text) {
  let obj;
  try { obj = JSON.parse(text); } catch (e) { throw new EncodingError(`malformed EncryptedBallot JSON: ${e.message}`); }
  checkKeys(obj, BALLOT_KEYS, 'EncryptedBallot');
  if (JSON.stringify(obj) !== text) throw new EncodingError('non-canonical EncryptedBallot JSON');
  return obj;
}

const TRACKING_TAG = utf8('oylama/ballot/v1/tracking-code');

export function trackingCode(ballot) {
  const bytes = ballot instanceof Uint8Array ? ballot : ballotBytes(ballot);
  return sha256(concat(lp(TRACKING_TAG), bytes));
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32(bytes) {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b; bits += 8;
    while (bits >= 5) { bits -= 5; out += B32[(acc >> bits) & 31]; }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) out += B32[(acc << (5 - bits)) & 31];
  return out;
}

export function formatTrackingCode(code) {
  const t = base32(code);
  return t.match(/.{1,4}/g).join('-');
}

/** Normalise a typed tracking code (case-insensitive, dashes and spaces optional). */
export function normalizeTrackingCode(text) {
  const t = String(text).replace(/[\s-]/g, '').toUpperCase();
  if (!/^[A-Z2-7]{52}$/.test(t)) throw new InputError('a tracking code is 52 letters A–Z and digits 2–7');
  return t.match(/.{1,4}/g).join('-');
}

// -- verification (§7) -------------------------------------------------------------------------

function decodeFresh(ct, what) {
  return ciphertextFromWire(ct, { fresh: true });
}

/** ballots §7, for the ballot signed by `credential` (its proofs bind it, §4). */
export function verifyBallot(styleIn, H, ballot, { context, credential }) {
  const { style, ballotId } = checkBallotShape(styleIn, H, ballot, { context, credential });
  const n = style.projects;
  const quad = style.kind === 'quadratic';
  const cb = countBounds(style);
  const tb = totalBounds(style);
  const values = selectionValues(style);
  const sel = [];
  const sq = [];
  for (let j = 0; j < n; j++) {
    const opts = { context, label: ballotLabel(style.id, ballotId, credential, 'selection', j) };
    try {
      const p = ballot.proofs[j];
      checkKeys(p, ['one_of', 'range', 'table'], 'SelectionProof');
      const ct = decodeFresh(ballot.selections[j]);
      sel.push(ct);
      if (quad) {
        const q = decodeFresh(ballot.squares[j]);
        sq.push(q);
        if (p.table === null || p.one_of !== null || p.range !== null) throw new ProofError('table: expected a table proof only');
        verifyTable(H, [ct, q], quadraticRows(style), p.table, opts);
      } else if (values[j] !== null) {
        if (p.one_of === null || p.range !== null || p.table !== null) throw new ProofError('one-of: expected a one-of proof only');
        verifyOneOf(H, ct, values[j], p.one_of, opts);
      } else {
        if (p.range === null || p.one_of !== null || p.table !== null) throw new ProofError('range: expected a range proof only');
        verifyRange(H, ct, p.range, { a: 0n, b: big(style.points), ...opts });
      }
    } catch (e) {
      if (e instanceof CryptoError) { const E = e.constructor; throw new E(`project ${j}: ${e.message}`); }
      throw e;
    }
  }
  if (cb !== null) {
    verifyBound(H, combine(sel, countWeights(style)), ballot.count, cb,
      'count of selected projects', { context, label: ballotLabel(style.id, ballotId, credential, 'count', 0) });
  }
  if (tb !== null) {
    const what = { knapsack: 'cost of the selection', cumulative: 'points given', quadratic: 'credits spent' }[style.kind];
    verifyBound(H, combine(quad ? sq : sel, totalWeights(style)), ballot.total, tb, what,
      { context, label: ballotLabel(style.id, ballotId, credential, 'total', 0) });
  }
}

/** ballots §7 steps 1-3: the ballot's election, style, ids and sizes (no proof). */
function checkBallotShape(styleIn, H, ballot, { context, credential }) {
  const style = checkStyle(styleIn);
  if (H.is0()) throw new CryptoError('the public key must not be the identity');
  withTable(H);
  checkKeys(ballot, BALLOT_KEYS, 'EncryptedBallot');
  const ballotId = fromBase64(ballot.ballot_id);
  checkIds(context, ballotId, credential);
  const election = fromBase64(ballot.election);
  if (toBase64(election) !== toBase64(context)) throw new CryptoError('the ballot is for another election (context)');
  if (ballot.style !== style.id) throw new CryptoError(`the ballot is of style '${ballot.style}', not '${style.id}'`);
  const n = style.projects;
  const quad = style.kind === 'quadratic';
  if (!Array.isArray(ballot.selections) || !Array.isArray(ballot.proofs) || !Array.isArray(ballot.squares)
      || ballot.selections.length !== n || ballot.proofs.length !== n
      || ballot.squares.length !== (quad ? n : 0)) {
    throw new EncodingError(`expected ${n} selections and proofs${quad ? ' and squares' : ', no squares'}`);
  }
  const cb = countBounds(style);
  const tb = totalBounds(style);
  if ((ballot.count === null) !== (cb === null)) {
    throw new ProofError(cb === null ? 'unexpected count proof' : 'the count proof is missing');
  }
  if ((ballot.total === null) !== (tb === null)) {
    throw new ProofError(tb === null ? 'unexpected total proof' : 'the total proof is missing');
  }
  return { style, ballotId };
}

// -- Benaloh (§8) ------------------------------------------------------------------------------

export function spoil(ballot, secrets) {
  return {
    ballot,
    choices: secrets.choices,
    randomness: secrets.randomness.map((r) => toBase64(encodeScalar(r))),
    square_randomness: secrets.square_randomness.map((r) => toBase64(encodeScalar(r))),
  };
}

function reveal(text, what) {
  let r;
  try { r = decodeScalar(fromBase64(text, 32)); } catch (e) { throw new ProofError(`${what}: ${e.message}`); }
  if (r === 0n) throw new ProofError(`${what}: zero randomness`);
  return r;
}

/**
 * Check a spoiled ballot (ballots.md §8); returns the choices and the tracking code text. Step
 * 1 (the proofs) needs the credential that made them (the device's own); with
 * `credential: null` only the ballot's election, style and sizes are checked (a checker of the
 * board, which does not record the credential).
 */
export function verifySpoiled(styleIn, H, spoiled, { context, credential }) {
  const style = checkStyle(styleIn);
  checkKeys(spoiled, ['ballot', 'choices', 'randomness', 'square_randomness'], 'SpoiledBallot');
  if (credential === null) checkBallotShape(style, H, spoiled.ballot, { context, credential: new Uint8Array(32) });
  else verifyBallot(style, H, spoiled.ballot, { context, credential });
  checkChoices(style, spoiled.choices);
  const n = style.projects;
  const quad = style.kind === 'quadratic';
  if (spoiled.randomness.length !== n || spoiled.square_randomness.length !== (quad ? n : 0)) {
    throw new ProofError('wrong number of revealed randomness values');
  }
  const [selM, sqM] = plaintexts(style, spoiled.choices);
  for (let j = 0; j < n; j++) {
    const r = reveal(spoiled.randomness[j], `project ${j}`);
    const ct = encryptPoints(H, selM[j], r);
    const want = ciphertextToWire(ct);
    const got = spoiled.ballot.selections[j];
    if (want.alpha !== got.alpha || want.beta !== got.beta) {
      throw new ProofError(`project ${j}: the selection is not the encryption of the revealed choice`);
    }
    if (quad) {
      const q = reveal(spoiled.square_randomness[j], `project ${j} square`);
      const w2 = ciphertextToWire(encryptPoints(H, sqM[j], q));
      const g2 = spoiled.ballot.squares[j];
      if (w2.alpha !== g2.alpha || w2.beta !== g2.beta) {
        throw new ProofError(`project ${j}: the square is not the encryption of the revealed vote`);
      }
    }
  }
  return { choices: spoiled.choices, trackingCode: formatTrackingCode(trackingCode(spoiled.ballot)) };
}

export { decodePoint, L };
