// The spoiled-ballot checker (web/checker/): its own code, never web/src/; it accepts every
// spoiled ballot of the known-answer vectors and of the record vector, and names the project
// of any tampered one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { ed25519, ristretto255 } from '@noble/curves/ed25519.js';
import { readRecord } from '../checker/board.js';
import { checkSpoiled, electionOf, spoiledEntries } from '../checker/spoiled.js';

const V = (name) => JSON.parse(readFileSync(new URL(`../../docs/spec/vectors/${name}`, import.meta.url)));
const fromHex = (h) => Uint8Array.from(h.match(/../g).map((b) => parseInt(b, 16)));

test('the checker imports nothing of the code that encrypts (web/src/)', () => {
  const dir = new URL('../checker/', import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
  assert.ok(files.length >= 4);
  for (const f of files) {
    const src = readFileSync(new URL(f, dir), 'utf8');
    for (const m of src.matchAll(/\bfrom\s+'([^']+)'/g)) {
      assert.ok(m[1].startsWith('./') || m[1].startsWith('@noble/'), `${f} imports ${m[1]}`);
      assert.ok(!m[1].includes('..'), `${f} imports ${m[1]}`);
    }
  }
});

test('the record vector: board verified, every spoiled ballot matches its listed choices', () => {
  const data = V('record.json');
  const record = readRecord(data.record_text);
  const election = electionOf(record);
  const found = spoiledEntries(record, election);
  assert.ok(data.spoiled.length > 0);
  assert.deepEqual(
    found.map((s) => [s.ok, s.problem, s.code, s.index, s.ballot.id, s.choices]),
    data.spoiled.map((s) => [true, null, s.code, s.index, s.style, s.choices]),
  );
});

test('board keys whose base64 holds a + are read', async () => {
  const { parseVerifierKey } = await import('../checker/board.js');
  const { sha256 } = await import('@noble/hashes/sha2.js');
  for (let seed = 0; seed < 64; seed++) {
    const key = ed25519.getPublicKey(new Uint8Array(32).fill(seed));
    const blob = Buffer.concat([Buffer.from([1]), key]).toString('base64');
    const name = 'oylama.local/e';
    const id = Buffer.from(sha256(Buffer.concat([Buffer.from(name), Buffer.from([10, 1]), key])).subarray(0, 4)).toString('hex');
    const got = parseVerifierKey(`${name}+${id}+${blob}`);
    assert.equal(got.name, name);
    assert.deepEqual([...got.key], [...key]);
  }
});

test('a changed record does not verify, nor one under another pinned key', () => {
  const data = V('record.json');
  const obj = JSON.parse(data.record_text);
  const i = obj.entries.length - 1;
  const raw = Buffer.from(obj.entries[i], 'base64');
  raw[raw.length - 1] ^= 1;
  obj.entries[i] = raw.toString('base64');
  assert.throws(() => readRecord(`${JSON.stringify(obj)}\n`), /checkpoint/);
  assert.throws(() => readRecord(data.record_text, { pinnedKey: 'other+00000000+AQ==' }), /another board key/);
  assert.throws(() => readRecord(data.record_text.replace('{"format":', '{"format": ')), /canonical/);
});

test('tampered spoiled ballots are caught, naming the project', () => {
  const data = V('record.json');
  const record = readRecord(data.record_text);
  const election = electionOf(record);
  const [good] = spoiledEntries(record, election);
  const sp = JSON.parse(good.text);
  const n = sp.choices.length;
  // another randomness for the first project
  const r = structuredClone(sp);
  r.randomness[0] = r.randomness[1];
  let got = checkSpoiled(election, JSON.stringify(r));
  assert.equal(got.ok, false);
  assert.match(got.problem, /project 1 .*NOT the encryption/);
  // other choices than the ciphertexts hold, still allowed by the style
  const c = structuredClone(sp);
  const j = c.choices.findIndex((x) => x === 0);
  const k = c.choices.findIndex((x) => x !== 0);
  if (j >= 0 && k >= 0 && good.ballot.style.kind !== 'cumulative') {
    [c.choices[j], c.choices[k]] = [c.choices[k], c.choices[j]];
    got = checkSpoiled(election, JSON.stringify(c));
    assert.equal(got.ok, false, 'swapped choices');
  }
  // a choice the style does not allow
  const d = structuredClone(sp);
  d.choices[0] = 1_000_000;
  assert.equal(checkSpoiled(election, JSON.stringify(d)).ok, false);
  // a zero randomness, a missing one, another election, white space
  const z = structuredClone(sp);
  z.randomness[n - 1] = Buffer.alloc(32).toString('base64');
  assert.match(checkSpoiled(election, JSON.stringify(z)).problem, /zero/);
  const m = structuredClone(sp);
  m.randomness.pop();
  assert.equal(checkSpoiled(election, JSON.stringify(m)).ok, false);
  const e = structuredClone(sp);
  e.ballot.election = Buffer.alloc(32, 7).toString('base64');
  assert.match(checkSpoiled(election, JSON.stringify(e)).problem, /another election/);
  assert.match(checkSpoiled(election, good.text.replace(':', ': ')).problem, /canonical/);
  // a spoiled ballot that was also cast
  const cast = { ...election, cast: new Set([`${sp.ballot.style}\n${sp.ballot.ballot_id}`]) };
  assert.match(checkSpoiled(cast, good.text).problem, /also cast/);
});

test('every spoiled ballot of crypto-ballots.json (each kind) matches; a swapped one does not', () => {
  const v = V('crypto-ballots.json');
  const K = ristretto255.Point.fromHex(v.public);
  for (const vec of v.vectors) {
    const style = vec.style;
    const election = {
      manifest: { ballots: [{ id: style.id, style, title: style.id, projects: Array.from({ length: style.projects }, (_, j) => ({ id: `p${j}`, name: `p${j}` })) }] },
      K,
      baseHash: fromHex(v.context),
      cast: new Set(),
    };
    const text = JSON.stringify(vec.spoiled);
    const got = checkSpoiled(election, text);
    assert.equal(got.ok, true, `${style.kind}: ${got.problem}`);
    assert.deepEqual(got.choices, vec.choices);
    assert.equal(got.code, vec.tracking_code_text);
    const bad = structuredClone(vec.spoiled);
    const sel = bad.ballot.selections;
    [sel[0], sel[1]] = [sel[1], sel[0]];
    if (JSON.stringify(sel[0]) !== JSON.stringify(sel[1])) {
      assert.equal(checkSpoiled(election, JSON.stringify(bad)).ok, false, `${style.kind}: swapped`);
    }
  }
});

test('the page the service serves is a fresh build of the checker, script inlined', () => {
  const page = readFileSync(new URL('../../src/oylama/service/_web/spoiled.html', import.meta.url), 'utf8');
  const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 1);
  assert.ok(!/<script[^>]+src=/.test(page), 'no external script');
  assert.ok(scripts[0][1].includes('oylama/spoiled') || scripts[0][1].includes('tracking-code'));
});
