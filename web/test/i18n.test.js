// The message catalogues (one JSON file per language in _web/i18n/): every catalogue has exactly
// Turkish's keys, none empty, with the same placeholders; every key the pages use is there (a
// missing key would show the key to a resident) and every key there is used (an unused key is a
// translation nobody sees, or a sign that a page lost a string).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';

const dir = new URL('../../src/oylama/service/_web/i18n/', import.meta.url);
const catalogues = Object.fromEntries(
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f.slice(0, -5), JSON.parse(readFileSync(new URL(f, dir), 'utf8'))]),
);
const tr = catalogues.tr;

// the pages' sources: the app's modules and the HTML shells that carry data-i18n attributes
const appDir = new URL('../src/app/', import.meta.url);
const uncomment = (text) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
const sources = readdirSync(appDir)
  .filter((f) => f.endsWith('.js'))
  .map((f) => uncomment(readFileSync(new URL(f, appDir), 'utf8')));
const shells = ['index.html', 'spoiled.html'].map((f) => readFileSync(new URL(`../${f}`, dir), 'utf8'));
// the service reads each catalogue's lang.name and lang.dir to list the languages
const routes = readFileSync(new URL('../../src/oylama/service/_web_routes.py', import.meta.url), 'utf8');
const all = [...sources, ...shells, routes].join('\n');

/** Keys named literally: in a t(…)/ut(…) call's first argument (a ternary's two literals too),
 *  or in a data-i18n / data-i18n-label attribute. */
function literalKeys() {
  const keys = new Set();
  for (const text of sources) {
    for (const m of text.matchAll(/\bu?t\(([^,)]*)/g)) {
      for (const q of m[1].matchAll(/'([a-z_]+(?:\.[a-zA-Z0-9_.]+)?)'/g)) keys.add(q[1]);
    }
  }
  for (const m of all.matchAll(/data-i18n(?:-label)?="([a-z_.]+)"/g)) keys.add(m[1]);
  return keys;
}

/** Families of keys built at run time, t(`kind.${k}`): every key under such a prefix is used. */
const dynamicPrefixes = [...new Set([...all.matchAll(/`([a-z_]+\.[a-z_]*)\$\{/g)].map((m) => m[1]))];

const placeholders = (s) => (s.match(/\{[a-zA-Z_]+(?:\+[a-z]+)?\}/g) ?? []).map((p) => p.replace(/\+[a-z]+\}$/, '}')).sort().join();

test('there are at least Turkish, English, Arabic and Kurmanji catalogues', () => {
  for (const code of ['tr', 'en', 'ar', 'ku']) assert.ok(code in catalogues, code);
  assert.equal(catalogues.ar['lang.dir'], 'rtl');
  for (const [code, cat] of Object.entries(catalogues)) {
    assert.ok(cat['lang.name']?.trim(), `${code}: lang.name`);
    assert.ok(['ltr', 'rtl'].includes(cat['lang.dir']), `${code}: lang.dir`);
  }
});

for (const [code, cat] of Object.entries(catalogues)) {
  test(`${code}.json has Turkish's keys, none missing, none extra, none empty, placeholders alike`, () => {
    const missing = Object.keys(tr).filter((k) => !(k in cat));
    const extra = Object.keys(cat).filter((k) => !(k in tr));
    assert.deepEqual(missing, [], `${code}.json lacks keys`);
    assert.deepEqual(extra, [], `${code}.json has keys Turkish lacks`);
    for (const k of Object.keys(tr)) {
      assert.equal(typeof cat[k], 'string', `${code}: ${k}`);
      assert.ok(cat[k].trim(), `${code}: ${k} is empty`);
      assert.equal(placeholders(cat[k]), placeholders(tr[k]), `${code}: ${k} placeholders`);
    }
  });
}

test('every key the pages name is in the catalogues', () => {
  const keys = literalKeys();
  assert.ok(keys.size > 100, `only ${keys.size} keys found: the scan is broken`);
  for (const k of keys) assert.ok(k in tr, `missing message ${k}`);
  assert.ok(dynamicPrefixes.length >= 5, dynamicPrefixes.join());
  // a family read through has(…) first may be empty (a definition's own extra fields, say)
  const optional = (p) => all.includes(`has(\`${p}\${`);
  for (const p of dynamicPrefixes.filter((q) => !optional(q))) assert.ok(Object.keys(tr).some((k) => k.startsWith(p)), `no messages ${p}*`);
  for (let i = 1; i <= 17; i++) assert.ok(`sdg.SDG${i}` in tr);
});

test('every key in the catalogues is used by a page', () => {
  const quoted = new Set([...all.matchAll(/['"]([a-z_]+(?:\.[a-zA-Z0-9_.]+)?)['"]/g)].map((m) => m[1]));
  const unused = Object.keys(tr).filter((k) => !quoted.has(k) && !dynamicPrefixes.some((p) => k.startsWith(p)));
  assert.deepEqual(unused, [], 'keys no page uses');
});

test('the scan would see a missing and an unused key', () => {
  // the checks above can fail: a made-up key is neither in the catalogue nor used
  assert.ok(!('vote.no_such_message' in tr));
  assert.ok(!all.includes("'vote.no_such_message'"));
  assert.notEqual(placeholders('{a+poss} {b}'), placeholders('{a}'));
  assert.equal(placeholders('bütçenin %{pct+poss}'), placeholders('{pct}% of the budget'));
});
