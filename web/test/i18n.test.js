// The message catalogues: the same keys in Turkish and English, no empty message, and every
// key the pages use is in them (a missing key would show the key to a resident).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';

const dir = new URL('../../src/oylama/service/_web/i18n/', import.meta.url);
const tr = JSON.parse(readFileSync(new URL('tr.json', dir)));
const en = JSON.parse(readFileSync(new URL('en.json', dir)));

test('tr and en have the same keys, none empty, placeholders alike', () => {
  assert.deepEqual(Object.keys(tr).sort(), Object.keys(en).sort());
  for (const k of Object.keys(tr)) {
    assert.ok(tr[k].trim() && en[k].trim(), k);
    const ph = (s) => (s.match(/\{[a-z]+\}/g) ?? []).sort().join();
    assert.equal(ph(tr[k]), ph(en[k]), k);
  }
});

test('every literal key the pages use exists', () => {
  const src = new URL('../src/app/', import.meta.url);
  const keys = new Set();
  for (const f of readdirSync(src)) {
    const text = readFileSync(new URL(f, src), 'utf8');
    for (const m of text.matchAll(/\bt\('([a-z_]+\.[a-z_A-Z0-9.]+)'/g)) keys.add(m[1]);
  }
  const html = readFileSync(new URL('../index.html', dir), 'utf8');
  for (const m of html.matchAll(/data-i18n="([a-z_.]+)"/g)) keys.add(m[1]);
  assert.ok(keys.size > 100);
  for (const k of keys) assert.ok(k in tr, `missing message ${k}`);
  for (const prefix of ['status', 'title', 'sdg']) assert.ok(Object.keys(tr).some((k) => k.startsWith(`${prefix}.`)));
  for (let i = 1; i <= 17; i++) assert.ok(`sdg.SDG${i}` in tr);
});
