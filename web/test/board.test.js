// Board checks: the signed-note example of board.md §6.2, the entry example of §3, and the
// transparency-dev RFC 9162 inclusion vectors (in /work/shared, outside the repository).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import * as C from '../src/index.js';

const NOTE = 'board.example/izmir-2026\n2\nfGApwvfLQ5ybpDJ3tCOAA07HYJOEHrxhA2U//oozThw=\n\n'
  + '\u2014 board.example/izmir-2026 8lqsbaissPwke7Wgog7FY3yJjzeZeFdZCu+fqkf5McpLivZlP4gMdVFJZRHOVsmMVBliPPkM+8WQTVszUGIc1EKjWgc=\n';
const SEED = Uint8Array.from({ length: 32 }, (_, i) => i);
const ENTRY = '97 01 aa 69 7a 6d 69 72 2d 32 30 32 36 00 a8 6d 61 6e 69 66 65 73 74 c4 20'
  + ' 00'.repeat(32) + ' cf 00 00 01 9b 76 da a8 00 c4 0e 6d 61 6e 69 66 65 73 74 20 62 79 74 65 73';

test('signed checkpoint of board.md §6.2 verifies; changes are refused', () => {
  const pub = ed25519.getPublicKey(SEED);
  const name = 'board.example/izmir-2026';
  assert.equal(C.verifierKey(name, pub), 'board.example/izmir-2026+f25aac6d+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4');
  const cp = C.verifyCheckpoint(NOTE, name, pub, name);
  assert.equal(cp.size, 2n);
  assert.throws(() => C.verifyCheckpoint(NOTE.replace('\n2\n', '\n3\n'), name, pub), C.BoardError);
  assert.throws(() => C.verifyCheckpoint(NOTE, name, pub, 'other'), C.BoardError);
  assert.throws(() => C.verifyCheckpoint(NOTE.replace('8lqs', '8lqt'), name, pub), C.BoardError);
  const other = ed25519.getPublicKey(new Uint8Array(32));
  assert.throws(() => C.verifyCheckpoint(NOTE, name, other), C.BoardError);
  // an extension line is refused even with a valid signature over it
  const text = 'board.example/izmir-2026\n2\nfGApwvfLQ5ybpDJ3tCOAA07HYJOEHrxhA2U//oozThw=\nextra\n';
  const sig = ed25519.sign(C.utf8(text), SEED);
  const note = `${text}\n\u2014 ${name} ${C.toBase64(C.concat(C.keyId(name, pub), sig))}\n`;
  assert.throws(() => C.verifyCheckpoint(note, name, pub), /three lines/);
});

test('entry example of board.md §3 decodes, hashes, and builds the checkpoint root', () => {
  const data = C.fromHex(ENTRY.replace(/ /g, ''));
  const e = C.decodeEntry(data);
  assert.equal(e.kind, 'manifest');
  assert.equal(e.electionId, 'izmir-2026');
  assert.equal(e.timestamp, 1767225600000n);
  assert.equal(C.toHex(C.leafHash(data)), 'ca6aed6e0a12f029ff158b212fc89f4794282992676047e5364598aced7165fd');
  const second = C.fromHex('5753604d3582b50fa78f06339943ad0898474970fe4813a543ccbc5d511bef72');
  const root = C.treeHash([C.leafHash(data), second]);
  assert.equal(C.toBase64(root), 'fGApwvfLQ5ybpDJ3tCOAA07HYJOEHrxhA2U//oozThw=');
  C.verifyInclusion(C.leafHash(data), 0, 2, [second], root);
  assert.throws(() => C.verifyInclusion(second, 0, 2, [second], root), C.BoardError);
  const long = data.slice(); long[long.length - 1] = 0x74; // same length, other payload: decodes
  C.decodeEntry(long);
  assert.throws(() => C.decodeEntry(C.concat(data, new Uint8Array([0]))), C.BoardError);
  const nonShortest = C.fromHex('97cc01' + ENTRY.replace(/ /g, '').slice(4)); // version as 0xcc 0x01
  assert.throws(() => C.decodeEntry(nonShortest), /shortest/);
  const v2 = data.slice(); v2[1] = 0x02;
  assert.throws(() => C.decodeEntry(v2), /version/);
});

const DIR = new URL('../../../shared/vectors/merkle-rfc9162/inclusion/', import.meta.url).pathname;

test('RFC 9162 inclusion vectors (transparency-dev)', { skip: !existsSync(DIR) && 'vectors not present' }, () => {
  const files = [];
  const walk = (d) => readdirSync(d).forEach((f) => {
    const p = join(d, f);
    if (statSync(p).isDirectory()) walk(p); else if (f.endsWith('.json')) files.push(p);
  });
  walk(DIR);
  assert.ok(files.length > 50);
  let accepted = 0;
  for (const f of files) {
    const v = JSON.parse(readFileSync(f));
    const dec = (s) => (s === null || s === undefined ? new Uint8Array(0) : C.fromBase64(s));
    const run = () => C.verifyInclusion(dec(v.leafHash), v.leafIdx, v.treeSize, (v.proof ?? []).map(dec), dec(v.root));
    if (v.wantErr) assert.throws(run, C.BoardError, f);
    else { run(); accepted++; }
  }
  assert.ok(accepted >= 5);
});
