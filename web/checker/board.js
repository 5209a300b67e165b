// The record file and its board, as the checker reads them (record.md §3, board.md §2-§6):
// entries decoded from their one MessagePack form, the hash chain, the RFC 9162 root of every
// entry, and the final checkpoint's Ed25519 signature under the record's board key. Written
// from the specification for this checker alone.

import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { CheckFailed, fromUtf8, hex, join, same, unbase64, utf8 } from './bytes.js';

const KINDS = new Set(['manifest', 'trustee-key', 'trustee-commitment', 'credentials', 'opened',
  'ballot', 'ballot-superseded', 'ballot-spoiled', 'closed', 'tally', 'partial-decryption',
  'result', 'allocation', 'staff', 'paper-keyer', 'paper-ballot']);

export const leaf = (data) => sha256(join(Uint8Array.of(0), data));
const node = (l, r) => sha256(join(Uint8Array.of(1), l, r));

/** MTH of board §5.1 over leaf hashes. */
export function treeHash(leaves) {
  if (leaves.length === 0) return sha256(new Uint8Array(0));
  if (leaves.length === 1) return leaves[0];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return node(treeHash(leaves.slice(0, k)), treeHash(leaves.slice(k)));
}

// -- MessagePack, board §3: read, then write back and compare (one accepted encoding) --------

function uintBytes(v) {
  if (v <= 0x7fn) return Uint8Array.of(Number(v));
  const sizes = [[0xffn, 0xcc, 1], [0xffffn, 0xcd, 2], [0xffffffffn, 0xce, 4], [2n ** 64n - 1n, 0xcf, 8]];
  const [, tag, n] = sizes.find(([max]) => v <= max);
  const out = new Uint8Array(n + 1);
  out[0] = tag;
  for (let i = n; i >= 1; i--) { out[i] = Number(v & 255n); v >>= 8n; }
  return out;
}
function strBytes(text) {
  const b = utf8(text);
  if (b.length <= 31) return join(Uint8Array.of(0xa0 | b.length), b);
  return join(Uint8Array.of(0xd9, b.length), b);
}
function binBytes(b) {
  if (b.length <= 255) return join(Uint8Array.of(0xc4, b.length), b);
  if (b.length <= 65535) return join(Uint8Array.of(0xc5, b.length >> 8, b.length & 255), b);
  const n = b.length;
  return join(Uint8Array.of(0xc6, n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255), b);
}

export function decodeEntry(data) {
  let o = 0;
  const take = (n) => {
    if (o + n > data.length) throw new CheckFailed('entry: truncated');
    const out = data.subarray(o, o + n); o += n; return out;
  };
  const big = (n) => { let v = 0n; for (const b of take(n)) v = (v << 8n) | BigInt(b); return v; };
  const uint = () => {
    const t = take(1)[0];
    if (t <= 0x7f) return BigInt(t);
    const n = { 0xcc: 1, 0xcd: 2, 0xce: 4, 0xcf: 8 }[t];
    if (!n) throw new CheckFailed('entry: expected an unsigned integer');
    return big(n);
  };
  const str = () => {
    const t = take(1)[0];
    const n = (t & 0xe0) === 0xa0 ? t & 31 : t === 0xd9 ? take(1)[0] : -1;
    if (n < 0) throw new CheckFailed('entry: expected a string');
    return fromUtf8(take(n));
  };
  const bin = () => {
    const t = take(1)[0];
    const n = { 0xc4: 1, 0xc5: 2, 0xc6: 4 }[t];
    if (!n) throw new CheckFailed('entry: expected bytes');
    return take(Number(big(n)));
  };
  if (take(1)[0] !== 0x97) throw new CheckFailed('entry: not an array of 7');
  const e = { version: uint(), electionId: str(), index: uint(), kind: str(), prevHash: bin(), timestamp: uint(), payload: bin() };
  if (o !== data.length) throw new CheckFailed('entry: bytes after the array');
  if (e.version !== 1n || !KINDS.has(e.kind) || e.prevHash.length !== 32) throw new CheckFailed('entry: invalid field');
  const again = join(Uint8Array.of(0x97), uintBytes(e.version), strBytes(e.electionId), uintBytes(e.index),
    strBytes(e.kind), binBytes(e.prevHash), uintBytes(e.timestamp), binBytes(e.payload));
  if (!same(again, data)) throw new CheckFailed('entry: not its one canonical encoding');
  return e;
}

// -- signed note, board §6 --------------------------------------------------------------------

/** `<name>+<key id hex>+<base64(0x01 || key)>` -> { name, key }; the key id is checked. */
export function parseVerifierKey(text) {
  // The name has no '+' (board §6.1); the base64 after the key id may.
  const m = /^([^+]+)\+([0-9a-f]{8})\+(.+)$/.exec(String(text));
  if (!m) throw new CheckFailed('board key: not name+id+key');
  const [, name, id, blob] = m;
  const raw = unbase64(blob, 33);
  if (raw[0] !== 1) throw new CheckFailed('board key: not an Ed25519 key');
  const key = raw.subarray(1);
  if (hex(keyId(name, key)) !== id) throw new CheckFailed('board key: key id does not match');
  return { name, key };
}

const keyId = (name, key) => sha256(join(utf8(name), Uint8Array.of(0x0a, 0x01), key)).subarray(0, 4);

/** A checkpoint note signed by `key`: { origin, size, root }. */
export function verifyNote(note, { name, key }) {
  const cut = note.lastIndexOf('\n\n');
  if (cut < 0 || !note.endsWith('\n')) throw new CheckFailed('checkpoint: not a signed note');
  const text = note.slice(0, cut + 1);
  const lines = text.slice(0, -1).split('\n');
  if (lines.length !== 3 || !/^(0|[1-9][0-9]*)$/.test(lines[1])) throw new CheckFailed('checkpoint: not three lines');
  const id = keyId(name, key);
  let ok = false;
  for (const line of note.slice(cut + 2, -1).split('\n')) {
    const m = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
    if (!m) throw new CheckFailed('checkpoint: malformed signature line');
    const sig = unbase64(m[2]);
    if (m[1] === name && same(sig.subarray(0, 4), id)) {
      if (sig.length !== 68 || ok) throw new CheckFailed('checkpoint: bad signature line');
      ok = ed25519.verify(sig.subarray(4), utf8(text), key, { zip215: false });
      if (!ok) throw new CheckFailed('checkpoint: the signature does not verify');
    }
  }
  if (!ok) throw new CheckFailed('checkpoint: not signed by the board key');
  return { origin: lines[0], size: BigInt(lines[1]), root: unbase64(lines[2], 32) };
}

/**
 * The record file (record.md §3): canonical JSON, every entry decoded, the chain, the root of
 * all entries equal to the final checkpoint's, signed by the record's board key (and by
 * `pinnedKey` when the voter gave one). Returns { electionId, boardKey, size, entries }.
 */
export function readRecord(text, { pinnedKey = null } = {}) {
  let obj;
  try { obj = JSON.parse(text); } catch { throw new CheckFailed('the record is not JSON'); }
  if (!obj || obj.format !== 'oylama-record/v1' || `${JSON.stringify(obj)}\n` !== text) {
    throw new CheckFailed('not the canonical text of an oylama-record/v1 file');
  }
  if (pinnedKey !== null && pinnedKey !== obj.board_key) {
    throw new CheckFailed('the record is signed by another board key than the one you gave');
  }
  const key = parseVerifierKey(obj.board_key);
  const raws = obj.entries.map((e) => unbase64(e));
  const leaves = raws.map(leaf);
  const entries = raws.map((raw, i) => {
    const e = decodeEntry(raw);
    if (e.index !== BigInt(i) || e.electionId !== obj.election_id) throw new CheckFailed(`entry ${i}: index or election`);
    const prev = i === 0 ? new Uint8Array(32) : leaves[i - 1];
    if (!same(e.prevHash, prev)) throw new CheckFailed(`entry ${i}: the hash chain is broken`);
    return e;
  });
  if (!obj.checkpoints.length) throw new CheckFailed('the record has no checkpoint');
  const cp = verifyNote(obj.checkpoints[obj.checkpoints.length - 1], key);
  if (cp.size !== BigInt(entries.length) || !same(cp.root, treeHash(leaves))) {
    throw new CheckFailed('the final checkpoint does not cover exactly these entries');
  }
  return { electionId: obj.election_id, boardKey: obj.board_key, origin: cp.origin, size: entries.length, entries };
}
