// The residents' proposals page writes and signs exactly what cycle.md §4 says: every vector of
// docs/spec/vectors/cycle-proposals.json reproduced by the page's own functions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as C from '../src/index.js';
import { contentText } from '../src/app/proposals.js';

const V = JSON.parse(readFileSync(new URL('../../docs/spec/vectors/cycle-proposals.json', import.meta.url)));
const E = V.election_id;
const seedOf = (code) => C.credentialKeys(code, E).seed;

test('cycle-proposals.json: canonical content, statements and signatures', () => {
  for (const c of V.credentials) {
    const { seed, publicKey } = C.credentialKeys(c.code, E);
    assert.equal(C.toHex(seed), c.seed);
    assert.equal(C.toBase64(publicKey), c.public_key);
  }
  for (const p of V.proposals) {
    const text = contentText(JSON.parse(p.content));
    assert.equal(text, p.content);
    const bytes = C.utf8(text);
    assert.equal(C.toHex(C.statementMessage('proposal', bytes, E)), p.statement);
    assert.equal(C.toHex(C.signStatement(seedOf(p.code), 'proposal', bytes, E)), p.signature);
    assert.equal(JSON.parse(p.payload).content.title, JSON.parse(p.content).title);
  }
  const s = V.support;
  assert.equal(JSON.stringify({ proposal: 'P1' }), s.content);
  assert.equal(C.toHex(C.statementMessage('proposal-support', C.utf8(s.content), E)), s.statement);
  assert.equal(C.toHex(C.signStatement(seedOf(s.code), 'proposal-support', C.utf8(s.content), E)), s.signature);
  const ph = V.photo;
  const data = C.fromHex(ph.bytes);
  assert.equal(C.toHex(C.statementMessage('proposal-photo', data, E)), ph.statement);
  assert.equal(C.toHex(C.signStatement(seedOf(ph.code), 'proposal-photo', data, E)), ph.signature);
});

test('the page never writes a rejected content text', () => {
  for (const bad of V.rejected_contents) {
    let parsed;
    try { parsed = JSON.parse(bad.text); } catch { continue; }
    if (Object.keys(parsed).length !== 11) continue; // a field left out: the page writes all
    assert.notEqual(contentText(parsed), bad.text, bad.reason);
  }
});
