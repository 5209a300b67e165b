// A credential list in several board entries (credentials.md §5.4): the voting page puts the
// parts of a list longer than 16 MiB together from the board (fetching past the entries it
// read first), checks the whole list's fingerprint, and refuses any other cut.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as C from '../src/index.js';
import { CheckError, LIST_PART, joinParts, loadCredentialList } from '../src/app/election.js';

const ID = 'big-2026';

/** The shortest-form MessagePack entry of board.md §3 (a test encoder: the page only decodes). */
function encodeEntry(index, kind, payload) {
  const str = (s) => { const b = C.utf8(s); return C.concat(new Uint8Array([0xa0 | b.length]), b); };
  const uint = (v) => (v <= 0x7f ? new Uint8Array([v]) : v <= 0xff ? new Uint8Array([0xcc, v])
    : new Uint8Array([0xcd, v >> 8, v & 0xff]));
  const bin = (b) => {
    const n = b.length;
    const head = n <= 0xff ? [0xc4, n] : n <= 0xffff ? [0xc5, n >> 8, n & 0xff]
      : [0xc6, n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
    return C.concat(new Uint8Array(head), b);
  };
  return C.concat(new Uint8Array([0x97, 0x01]), str(ID), uint(index), str(kind), bin(new Uint8Array(32)),
    uint(0), bin(payload));
}

/** A list text of `voters` credentials (keys are not checked here: the fingerprint is). */
function listText(voters) {
  const creds = [];
  for (let k = 0; k < voters; k++) {
    creds.push(`{"public_key":"${k.toString().padStart(43, 'A')}=","district":"city-wide"}`);
  }
  return C.utf8(`{"format":"oylama-public-credentials/v1","election_id":"${ID}","credentials":[${creds.join(',')}]}\n`);
}

/** The election as the page holds it, its board served by a stubbed fetch. */
function election(list, trustees, cut) {
  const parts = [];
  for (let at = 0; at < list.length; at += cut) parts.push(list.slice(at, at + cut));
  const kinds = ['manifest', 'staff', ...Array(trustees).fill('trustee-key'),
    ...Array(trustees).fill('trustee-commitment'), ...parts.map(() => 'credentials'), 'opened', 'ballot'];
  let p = 0;
  const board = kinds.map((kind, i) => encodeEntry(i, kind, kind === 'credentials' ? parts[p++] : C.utf8('{}')));
  const fetched = [];
  globalThis.fetch = async (url) => {
    const q = new URL(url, 'http://x');
    const start = Number(q.searchParams.get('start'));
    const end = Number(q.searchParams.get('end'));
    fetched.push([start, end]);
    const entries = board.slice(start, end).map((data, k) => ({ index: start + k, data: C.toBase64(data) }));
    return { ok: true, json: async () => ({ entries }) };
  };
  const head = board.slice(0, 2 * trustees + 4).map((d) => C.decodeEntry(d));
  const el = { id: ID, manifest: { trustees }, head,
    view: { board_size: board.length, credentials: C.toHex(C.sha256(list)) } };
  return { el, parts, fetched };
}

test('a list of 16 MiB parts is put together from the board and its fingerprint checked', async () => {
  assert.equal(LIST_PART, 16777216);
  const list = listText(230000); // about 17.7 MB: two parts
  assert.ok(list.length > LIST_PART && list.length < 2 * LIST_PART);
  for (const trustees of [1, 3]) {
    const { el, parts, fetched } = election(list, trustees, LIST_PART);
    assert.deepEqual(parts.map((p) => p.length), [LIST_PART, list.length - LIST_PART]);
    const got = await loadCredentialList(el, C.toHex(C.sha256(list)).slice(0, 20));
    assert.equal(got.fingerprint, C.toHex(C.sha256(list)));
    assert.equal(got.map.size, 230000);
    assert.equal(got.map.get(`${'229999'.padStart(43, 'A')}=`), 'city-wide');
    assert.ok(fetched.length >= 1); // the head ends before the entry after the last part
    // a served view that names another list is refused
    el.view.credentials = '00'.repeat(32);
    await assert.rejects(loadCredentialList(el), CheckError);
  }
});

test('any other cut of the list is refused', async () => {
  const list = listText(10);
  assert.deepEqual(joinParts([list]), list); // a small list: one entry, as before
  const { el } = election(list, 1, 100); // parts of 100 bytes: not the specified cut
  await assert.rejects(loadCredentialList(el), /part 0 of \d+ has 100 bytes/);
  assert.throws(() => joinParts([]), CheckError);
  assert.throws(() => joinParts([new Uint8Array(LIST_PART), new Uint8Array(0)]), /part 1 of 2 has 0 bytes/);
  assert.throws(() => joinParts([new Uint8Array(LIST_PART + 1)]), /part 0 of 1/);
});
