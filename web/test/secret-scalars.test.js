// No secret scalar reaches the variable-time multiplication (issue #13 item 9).
//
// noble's multiplyUnsafe is the variable-time path (group.js `mul`); multiply is the
// constant-time one (`mulSecret`, `baseMul`). Both are instrumented on the class that
// implements them for the module's ristretto255 Point (noble's PrimeEdwardsPoint), and a whole
// ballot of every proof shape is encrypted and proved: every scalar that reached multiplyUnsafe
// while proving must be a public weight of the style (the provers, simulated branches
// included, use the constant-time path for everything else: which branch is simulated is the
// vote), and none may be a secret: a revealed randomness, or a draw of the random source that
// the ballot does not print (a nonce, a range bit's randomness). Run on the sources and, when it exists, on
// the committed bundle the service serves (OYLAMA_CRYPTO_MODULE overrides the module).
//
// noble freezes Point.prototype; a module hook (this process only: node --test runs each file
// in its own) loads noble's edwards.js and the bundle without that freeze, so that the two
// methods can be wrapped.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { register } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HOOKS = `
export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  if (!/(@noble\\/curves\\/abstract\\/edwards\\.js|oylama-crypto\\.js)$/.test(url)) return result;
  const source = String(result.source);
  const unfrozen = source.replace(/Object\\.freeze\\((\\w+)\\.prototype\\);/g, '/* unfrozen for the test */');
  if (unfrozen === source) throw new Error('no frozen prototype found in ' + url);
  return { ...result, source: unfrozen, shortCircuit: true };
}`;
register(`data:text/javascript,${encodeURIComponent(HOOKS)}`);

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const MODULES = process.env.OYLAMA_CRYPTO_MODULE
  ? [process.env.OYLAMA_CRYPTO_MODULE]
  : [here('../src/index.js'), here('../../src/oylama/service/_web/oylama-crypto.js')].filter(existsSync);

const STYLES = [
  // approval with an exact count: the count bound is a DLEQ proof (its witness is secret)
  { style: { id: 'a', kind: 'approval', projects: 4, min_count: 2, max_count: 2 }, choices: [1, 0, 0, 1] },
  // knapsack: 0/1 one-of proofs on scaled selections, a count range, a budget range
  { style: { id: 'k', kind: 'knapsack', projects: 4, costs: [5, 0, 7, 9], budget: 14, min_count: 1, max_count: 3 }, choices: [1, 1, 0, 1] },
  // cumulative, P <= 5: one-of over 0..P, and a total range
  { style: { id: 'c', kind: 'cumulative', projects: 3, points: 4 }, choices: [0, 3, 1] },
  // cumulative, P > 5: per-project range proofs
  { style: { id: 'r', kind: 'cumulative', projects: 2, points: 9 }, choices: [9, 0] },
  // signed quadratic: table proofs and a credits range
  { style: { id: 'q', kind: 'quadratic', projects: 3, max_votes: 2, signed: true, credits: 5 }, choices: [-2, 0, 1] },
];

const B64_32 = /^[A-Za-z0-9+/]{43}=$/;

const scalarOf = (text) => {
  const bytes = Buffer.from(text, 'base64');
  let k = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) k = (k << 8n) | BigInt(bytes[i]);
  return k;
};

/** The scalars a ballot prints: every 32-byte base64 string, read as a little-endian integer. */
function publishedScalars(value, L, out = new Set()) {
  if (typeof value === 'string') {
    if (B64_32.test(value)) out.add(scalarOf(value));
  } else if (Array.isArray(value)) value.forEach((v) => publishedScalars(v, L, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => publishedScalars(v, L, out));
  return out;
}

for (const path of MODULES) {
  test(`no secret scalar reaches multiplyUnsafe: ${path.split('/').slice(-2).join('/')}`, async () => {
    const C = await import(pathToFileURL(path).href);
    // RistrettoPoint's prototype is frozen; its multiplications are its parent class's.
    const proto = Object.getPrototypeOf(C.Point.prototype);
    assert.ok(Object.hasOwn(proto, 'multiply') && Object.hasOwn(proto, 'multiplyUnsafe'));
    const unsafe = [];
    const safe = [];
    const { multiply, multiplyUnsafe } = proto;
    proto.multiplyUnsafe = function (k) { unsafe.push(k); return multiplyUnsafe.call(this, k); };
    proto.multiply = function (k) { safe.push(k); return multiply.call(this, k); };
    try {
      const secret = C.randomScalar(new C.DeterministicRng('secret-scalars/key'));
      const H = C.baseMul(secret);
      const context = new Uint8Array(32).fill(7);
      for (const { style, choices } of STYLES) {
        const drawn = [];
        const inner = new C.DeterministicRng(`secret-scalars/${style.id}`);
        const rng = {
          tokenBytes(n) {
            const b = inner.tokenBytes(n);
            if (n === 64) {
              let k = 0n;
              for (let i = b.length - 1; i >= 0; i--) k = (k << 8n) | BigInt(b[i]);
              drawn.push(k % C.L);
            }
            return b;
          },
        };
        unsafe.length = 0;
        safe.length = 0;
        const credential = new Uint8Array(32).fill(9);
        const { ballot, secrets } = C.encryptBallot(style, H, choices, { context, ballotId: new Uint8Array([1, 2]), credential, rng });
        const proved = unsafe.splice(0);
        C.verifyBallot(style, H, ballot, { context, credential }); // a real ballot (public work)
        const verified = unsafe.splice(0);
        unsafe.splice(0, unsafe.length, ...proved);
        const checked = C.checkStyle(style);
        const printed = publishedScalars(ballot, C.L);
        const weights = C.selectionScales(checked).map((s) => (s === 1n ? 1n : C.Point.Fn.inv(s)));
        const publicScalars = new Set([...printed, ...weights]);
        const secretScalars = new Set([
          ...secrets.randomness, ...secrets.square_randomness,
          ...drawn.filter((k) => !printed.has(k)),
        ]);
        assert.ok(secretScalars.size > secrets.randomness.length, `${style.id}: nonces were drawn`);
        const leaked = unsafe.filter((k) => secretScalars.has(k));
        assert.deepEqual(leaked, [], `${style.id}: secret scalars reached the variable-time multiplyUnsafe`);
        const unknown = unsafe.filter((k) => !publicScalars.has(k));
        assert.deepEqual(unknown, [], `${style.id}: scalars that the ballot does not publish reached multiplyUnsafe`);
        // The instrumentation sees the constant-time path too: each randomness went through it
        // (mulSecret multiplies by k + 1).
        const safeSet = new Set(safe);
        for (const r of [...secrets.randomness, ...secrets.square_randomness]) {
          assert.ok(safeSet.has(r + 1n), `${style.id}: a randomness did not reach multiply`);
        }
        assert.ok(verified.length > 0, `${style.id}: the instrumentation sees the verifier's fast path`);
      }
    } finally {
      proto.multiply = multiply;
      proto.multiplyUnsafe = multiplyUnsafe;
    }
  });
}

test('mulSecret and baseMul agree with mul on 0, 1, L-1 and random scalars', async () => {
  const C = await import('../src/index.js');
  const G = await import('../src/group.js');
  const P = C.baseMul(12345n);
  for (const k of [0n, 1n, 2n, C.L - 1n, C.L - 2n, 2n ** 200n + 17n, C.L + 5n]) {
    assert.ok(G.mulSecret(P, k).equals(C.mul(P, k)), `k = ${k}`);
    assert.ok(C.baseMul(k).equals(C.mul(C.G, k)), `k = ${k}`);
  }
  assert.ok(G.mulSecret(C.O, 5n).is0());
});
