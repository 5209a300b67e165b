// Bulletin board checks done on the voter's device (board.md): signed checkpoints (C2SP
// signed notes, §6), RFC 9162 inclusion proofs (§5.2) and entry decoding (§3), so that a
// receipt is checked against a root the board signed, not against the server's word.

import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concat, equalBytes, fromBase64, fromUtf8, toBase64, toHex, utf8 } from './bytes.js';
import { BoardError } from './errors.js';

export const leafHash = (data) => sha256(concat(new Uint8Array([0]), data));
export const nodeHash = (l, r) => sha256(concat(new Uint8Array([1]), l, r));

const MAX_SIZE = 2n ** 63n - 1n;

function badName(name) {
  // no Unicode white space, '+', controls (U+0000..U+001F, U+007F..U+009F) or U+FEFF
  return name.length === 0 || /[\s+\u0000-\u001f\u007f-\u009f\ufeff]/u.test(name);
}

/** Parse a checkpoint text (§6.1): exactly three lines. */
export function parseCheckpoint(text) {
  if (!text.endsWith('\n')) throw new BoardError('checkpoint: must end in a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length !== 3) throw new BoardError('checkpoint: exactly three lines (no extensions)');
  const [origin, sizeText, rootText] = lines;
  if (badName(origin)) throw new BoardError('checkpoint: bad origin');
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText) || BigInt(sizeText) > MAX_SIZE) throw new BoardError('checkpoint: bad size');
  let root;
  try { root = fromBase64(rootText, 32); } catch (e) { throw new BoardError(`checkpoint: root: ${e.message}`); }
  const size = BigInt(sizeText);
  if (size === 0n && !equalBytes(root, sha256(new Uint8Array(0)))) throw new BoardError('checkpoint: empty tree root');
  return { origin, size, root };
}

/** The key ID of a (name, Ed25519 key): SHA-256(name || 0x0A || 0x01 || key)[0:4]. */
export function keyId(name, publicKey) {
  return sha256(concat(utf8(name), new Uint8Array([0x0a, 0x01]), publicKey)).slice(0, 4);
}

export function verifierKey(name, publicKey) {
  return `${name}+${toHex(keyId(name, publicKey))}+${toBase64(concat(new Uint8Array([1]), publicKey))}`;
}

/** Verify a signed note against the trusted (keyName, publicKey); returns the checkpoint. */
export function verifyCheckpoint(note, keyName, publicKey, expectedOrigin = undefined) {
  if (typeof note !== 'string' || !note.endsWith('\n')) throw new BoardError('note: must end in a newline');
  for (const ch of note) {
    const cp = ch.codePointAt(0);
    if (cp < 0x20 && ch !== '\n') throw new BoardError('note: control character');
  }
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new BoardError('note: no signature block');
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  const lines = block.slice(0, -1).split('\n');
  if (lines.length < 1 || lines.length > 100 || block === '') throw new BoardError('note: 1 to 100 signature lines');
  const id = keyId(keyName, publicKey);
  let found = 0;
  for (const line of lines) {
    const m = /^\u2014 (\S+) (\S+)$/u.exec(line);
    if (!m || badName(m[1])) throw new BoardError('note: malformed signature line');
    let sig;
    try { sig = fromBase64(m[2]); } catch { throw new BoardError('note: signature is not canonical base64'); }
    if (sig.length < 5) throw new BoardError('note: signature too short');
    if (m[1] !== keyName || !equalBytes(sig.slice(0, 4), id)) continue;
    found += 1;
    if (sig.length !== 68) throw new BoardError('note: the board signature is not 64 bytes');
    let ok = false;
    try { ok = ed25519.verify(sig.slice(4), utf8(text), publicKey, { zip215: false }); } catch { ok = false; }
    if (!ok) throw new BoardError('note: the board signature does not verify');
  }
  if (found !== 1) throw new BoardError('note: exactly one signature by the board key is required');
  const cp = parseCheckpoint(text);
  if (expectedOrigin !== undefined && cp.origin !== expectedOrigin) throw new BoardError('checkpoint: unexpected origin');
  return cp;
}

function pathLength(m, n) {
  // number of splits from the root to leaf m in a tree of n leaves
  let len = 0;
  while (n > 1n) {
    let k = 1n;
    while (k * 2n < n) k *= 2n;
    if (m < k) { n = k; } else { m -= k; n -= k; }
    len += 1;
  }
  return len;
}

/** RFC 9162 §2.1.3.2 with board.md §5.2's strict checks; throws BoardError. */
export function verifyInclusion(leaf, index, size, proof, root) {
  const m = BigInt(index);
  const n = BigInt(size);
  if (leaf.length !== 32 || root.length !== 32 || proof.some((p) => p.length !== 32)) {
    throw new BoardError('inclusion: hashes are 32 bytes');
  }
  if (!(m >= 0n && m < n && n <= MAX_SIZE)) throw new BoardError('inclusion: index out of range');
  if (proof.length !== pathLength(m, n)) throw new BoardError('inclusion: wrong proof length');
  let fn = m;
  let sn = n - 1n;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0n) throw new BoardError('inclusion: proof too long');
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(p, r);
      while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1n; sn >>= 1n;
  }
  if (sn !== 0n || !equalBytes(r, root)) throw new BoardError('inclusion: the proof does not lead to the root');
}

/** Merkle tree hash of a list of leaf hashes (§5.1). */
export function treeHash(leaves) {
  if (leaves.length === 0) return sha256(new Uint8Array(0));
  if (leaves.length === 1) return leaves[0];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(treeHash(leaves.slice(0, k)), treeHash(leaves.slice(k)));
}

// -- entries (§3): the shortest-form MessagePack array of 7 -----------------------------------

/** Decode an entry; throws BoardError unless it is exactly the canonical encoding. */
export function decodeEntry(data) {
  let o = 0;
  const need = (k) => { if (o + k > data.length) throw new BoardError('entry: truncated'); };
  const byte = () => { need(1); return data[o++]; };
  const be = (k) => { need(k); let v = 0n; for (let i = 0; i < k; i++) v = (v << 8n) | BigInt(data[o++]); return v; };
  const uint = () => {
    const b = byte();
    let v;
    if (b <= 0x7f) return BigInt(b);
    if (b === 0xcc) { v = be(1); if (v <= 0x7fn) throw new BoardError('entry: integer not shortest'); return v; }
    if (b === 0xcd) { v = be(2); if (v <= 0xffn) throw new BoardError('entry: integer not shortest'); return v; }
    if (b === 0xce) { v = be(4); if (v <= 0xffffn) throw new BoardError('entry: integer not shortest'); return v; }
    if (b === 0xcf) { v = be(8); if (v <= 0xffffffffn) throw new BoardError('entry: integer not shortest'); return v; }
    throw new BoardError('entry: expected an unsigned integer');
  };
  const str = () => {
    const b = byte();
    let n;
    if ((b & 0xe0) === 0xa0) n = b & 31;
    else if (b === 0xd9) { n = Number(be(1)); if (n <= 31) throw new BoardError('entry: string not shortest'); }
    else throw new BoardError('entry: expected a string');
    need(n);
    const s = fromUtf8(data.slice(o, o + n)); o += n;
    return s;
  };
  const bin = () => {
    const b = byte();
    let n;
    if (b === 0xc4) n = Number(be(1));
    else if (b === 0xc5) { n = Number(be(2)); if (n <= 255) throw new BoardError('entry: binary not shortest'); }
    else if (b === 0xc6) { n = Number(be(4)); if (n <= 65535) throw new BoardError('entry: binary not shortest'); }
    else throw new BoardError('entry: expected binary');
    need(n);
    const v = data.slice(o, o + n); o += n;
    return v;
  };
  if (byte() !== 0x97) throw new BoardError('entry: expected an array of 7');
  const version = uint();
  if (version !== 1n) throw new BoardError('entry: version must be 1');
  const electionId = str();
  if (!/^[\x21-\x7e]{1,128}$/.test(electionId)) throw new BoardError('entry: bad election id');
  const index = uint();
  const kind = str();
  const KINDS = ['manifest', 'trustee-key', 'trustee-commitment', 'credentials', 'opened', 'ballot',
    'ballot-superseded', 'ballot-spoiled', 'closed', 'tally', 'partial-decryption', 'result', 'allocation', 'staff',
    'paper-keyer', 'paper-ballot'];
  if (!KINDS.includes(kind)) throw new BoardError('entry: unknown kind');
  const prevHash = bin();
  if (prevHash.length !== 32) throw new BoardError('entry: prev_hash is 32 bytes');
  const timestamp = uint();
  const payload = bin();
  if (payload.length > 16777216) throw new BoardError('entry: payload too large');
  if (o !== data.length) throw new BoardError('entry: trailing bytes');
  if (index > MAX_SIZE || timestamp > MAX_SIZE) throw new BoardError('entry: integer out of range');
  return { version: 1, electionId, index, kind, prevHash, timestamp, payload };
}
