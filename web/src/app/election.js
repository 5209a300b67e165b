// What the device checks before it trusts an election: the manifest it is served hashes to
// the view's manifest hash; the joint key is recomputed from the trustees' records on the
// board (their Schnorr proofs checked under the ceremony context, each record signed by its
// trustee's identity key in the manifest); the base hash (every proof's context) from the
// manifest hash and that key; the credential list's SHA-256 is the announced fingerprint --
// and the one printed on the voter's letter, pinned by the letter's link (`#fp=...`,
// pins.md): a list the server padded with keys of its own is refused before anything is
// encrypted; and, for a receipt, the board's signed checkpoint and the entry's inclusion proof.

import * as C from './oylama-crypto.js';
import { eid, getBytes, getJson, getText } from './api.js';

const { sha256 } = C;

export class CheckError extends Error {
  constructor(message) { super(message); this.name = 'CheckError'; }
}

const { manifestHash, baseHash, ceremonyContext } = C;

export async function loadView(id) { return getJson(`/elections/${eid(id)}`); }

/** The election's view and, once the ceremony started, its checked manifest (and key). */
export async function loadElection(id) {
  const view = await loadView(id);
  const out = { id, view, manifest: null, key: null, context: null };
  if (!view.manifest_hash) return out;
  const bytes = await getBytes(`/elections/${eid(id)}/manifest`);
  const mh = manifestHash(bytes);
  if (C.toBase64(mh) !== view.manifest_hash) throw new CheckError('manifest hash');
  out.manifest = JSON.parse(C.fromUtf8(bytes));
  if (out.manifest.election_id !== id) throw new CheckError('manifest election id');
  if (view.joint_key) {
    // The key is recomputed from the trustees' records on the board (each proof checked), so
    // the server cannot substitute a key whose secret it knows.
    const n = out.manifest.trustees;
    out.head = (await fetchEntries(id, 0, Math.min(view.board_size, 2 * n + 4))).map((e) => C.decodeEntry(e.data));
    const ctxC = ceremonyContext(mh);
    const keys = (out.manifest.trustee_keys ?? []).map((k) => C.fromBase64(k, 32));
    const records = out.head.filter((e) => e.kind === 'trustee-key').map((e) => {
      const text = C.fromUtf8(e.payload);
      const signed = JSON.parse(text);
      if (JSON.stringify(signed) !== text || typeof signed.signature !== 'string') {
        throw new CheckError('trustee record is not canonical');
      }
      try {
        C.verifyRecordSignature(JSON.stringify(signed.record), signed.record.index, C.fromBase64(signed.signature, 64), keys, ctxC);
      } catch (err) {
        throw new CheckError(`trustees' key: ${err.message}`);
      }
      return signed.record;
    });
    let K;
    try {
      K = C.jointKey(records, { n, t: out.manifest.threshold, context: ctxC }).toBytes();
    } catch (e) {
      throw new CheckError(`trustees' key: ${e.message}`);
    }
    if (C.toBase64(K) !== view.joint_key) throw new CheckError('joint key');
    out.key = C.decodePoint(K);
    const bh = baseHash(mh, K);
    if (view.base_hash !== C.toBase64(bh)) throw new CheckError('base hash');
    out.context = bh;
  }
  return out;
}

/**
 * The frozen definition (service.md §3: its JSON form), for what voters read and the manifest
 * does not carry: descriptions, district names, texts in more languages, any further project
 * field. It is display text: a server that does not answer it (or answers garbage) costs the
 * pages those texts, never the vote -- every number that counts comes from the checked
 * manifest. Null when there is none.
 */
export async function loadDefinition(id) {
  try {
    const def = await getJson(`/elections/${eid(id)}/definition`);
    return def && Array.isArray(def.ballots) ? def : null;
  } catch { return null; }
}

export async function fetchEntries(id, start, end) {
  const out = [];
  for (let s = start; s < end; s += 1000) {
    const e = Math.min(end, s + 1000);
    const page = await getJson(`/elections/${eid(id)}/board/entries?start=${s}&end=${e}`);
    for (const { index, data } of page.entries) out.push({ index, data: C.fromBase64(data) });
  }
  return out;
}

/**
 * The list fingerprint pinned by the letter's link: `#fp=<hex>` (the digits printed on the
 * letter, pins.md §5); null without one. A malformed one is a CheckError.
 */
export function letterPin() {
  const m = /(?:^#|&)fp=([^&]*)/.exec(location.hash);
  if (!m) return null;
  try {
    return C.parsePinnedFingerprint(decodeURIComponent(m[1]));
  } catch {
    throw new CheckError('the link from your letter is damaged (its list fingerprint)');
  }
}

/** Raised when the voters' list is not the one the letter names (pins.md §5). */
export class PinError extends Error {
  constructor(served, pinned) {
    super(`the voters' list ${C.letterFingerprint(served)} is not your letter's ${C.letterFingerprint(pinned.padEnd(20, '?'))}`);
    this.name = 'PinError'; this.served = served; this.pinned = pinned;
  }
}

/** Bytes of each part of a credential list on the board but the last (credentials.md §5.4). */
export const LIST_PART = 16777216;

/**
 * The list from the payloads of its consecutive `credentials` entries (credentials.md §5.4):
 * every part but the last exactly LIST_PART bytes, none empty; any other cut is a CheckError.
 */
export function joinParts(parts) {
  if (parts.length === 0) throw new CheckError('credential list not on the board');
  parts.forEach((p, i) => {
    if (p.length === 0 || p.length > LIST_PART || (i < parts.length - 1 && p.length !== LIST_PART)) {
      throw new CheckError(`credential list part ${i} of ${parts.length} has ${p.length} bytes`);
    }
  });
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/**
 * The public credential list from the board's `credentials` entries (one, or the parts of a
 * list longer than 16 MiB, consecutive), checked by fingerprint -- the view's, and the
 * letter's when its link pinned one (`pinned`, else PinError).
 * Returns `{ map: Map<publicKey, district>, fingerprint }`.
 */
export async function loadCredentialList(el, pinned = null) {
  const size = el.view.board_size;
  const decode = (page) => page.map((e) => C.decodeEntry(e.data));
  let have = el.head ?? []; // entries 0 .. have.length - 1
  let i = have.findIndex((e) => e.kind === 'credentials');
  if (i < 0 && size > have.length) {
    have = decode(await fetchEntries(el.id, 0, Math.min(size, 1000)));
    i = have.findIndex((e) => e.kind === 'credentials');
  }
  if (i < 0) throw new CheckError('credential list not on the board');
  const parts = [];
  for (;;) {
    while (i < have.length && have[i].kind === 'credentials') parts.push(have[i++].payload);
    if (i < have.length) break; // the entry after the last part
    if (have.length >= size) throw new CheckError('credential list not complete on the board');
    have = have.concat(decode(await fetchEntries(el.id, have.length, Math.min(size, have.length + 2))));
  }
  const data = joinParts(parts);
  const fingerprint = C.toHex(sha256(data));
  if (fingerprint !== el.view.credentials) throw new CheckError('credential list fingerprint');
  if (pinned !== null && !fingerprint.startsWith(pinned)) throw new PinError(fingerprint, pinned);
  const list = JSON.parse(C.fromUtf8(data));
  if (list.election_id !== el.id) throw new CheckError('credential list election id');
  return { map: new Map(list.credentials.map((c) => [c.public_key, c.district])), fingerprint };
}

/** Manifest ballots a credential of `district` may cast (credentials.md §8). */
export function eligibleBallots(manifest, district) {
  return manifest.ballots.filter((b) => b.district === 'city-wide' || (district !== 'city-wide' && b.district === district));
}

export async function loadBoardKey(id) {
  const k = await getJson(`/elections/${eid(id)}/board/key`);
  return { origin: k.origin, name: k.key_name, publicKey: C.fromBase64(k.ed25519_public_key, 32) };
}

/** Split a `ballot` entry payload into its members, keeping the ballot's exact text. */
export function parseBallotPayload(payload) {
  const text = C.fromUtf8(payload);
  const obj = JSON.parse(text);
  const prefix = `{"credential":${JSON.stringify(obj.credential)},"signature":${JSON.stringify(obj.signature)},"ballot":`;
  if (!text.startsWith(prefix) || !text.endsWith('}')) throw new CheckError('ballot entry payload');
  return { credential: obj.credential, signature: obj.signature, ballotText: text.slice(prefix.length, -1) };
}

/**
 * Check a receipt: the checkpoint is signed by the board key for this election's origin, the
 * entry at `index` is a ballot whose tracking code is `trackingCode` (and, if given, whose
 * text is `ballotText`), and its inclusion proof leads to the checkpoint's root.
 */
export async function checkReceipt(el, { trackingCode, index, checkpoint, proof, ballotText = null }) {
  const key = await loadBoardKey(el.id);
  const origin = el.manifest?.origin ?? key.origin;
  const cp = C.verifyCheckpoint(checkpoint, key.name, key.publicKey, origin);
  if (!(BigInt(index) < cp.size)) throw new CheckError('checkpoint too small');
  const [entry] = await fetchEntries(el.id, index, index + 1);
  const decoded = C.decodeEntry(entry.data);
  if (decoded.kind !== 'ballot' || decoded.index !== BigInt(index) || decoded.electionId !== el.id) {
    throw new CheckError('not a ballot entry');
  }
  const payload = parseBallotPayload(decoded.payload);
  const code = C.formatTrackingCode(C.trackingCode(C.utf8(payload.ballotText)));
  if (code !== C.normalizeTrackingCode(trackingCode)) throw new CheckError('tracking code');
  if (ballotText !== null && payload.ballotText !== ballotText) throw new CheckError('ballot text');
  C.verifyInclusion(C.leafHash(entry.data), index, cp.size, proof.map((p) => C.fromBase64(p, 32)), cp.root);
  return { checkpoint: cp, payload, key };
}

/**
 * Check a published spoiled ballot's receipt: the checkpoint is signed by the board key for
 * this election's origin, the entry at `index` is a `ballot-spoiled` entry holding exactly
 * `spoiledText`, and its inclusion proof leads to the checkpoint's root.
 */
export async function checkSpoiledReceipt(el, { index, checkpoint, proof, spoiledText }) {
  const key = await loadBoardKey(el.id);
  const origin = el.manifest?.origin ?? key.origin;
  const cp = C.verifyCheckpoint(checkpoint, key.name, key.publicKey, origin);
  if (!(BigInt(index) < cp.size)) throw new CheckError('checkpoint too small');
  const [entry] = await fetchEntries(el.id, index, index + 1);
  const decoded = C.decodeEntry(entry.data);
  if (decoded.kind !== 'ballot-spoiled' || decoded.index !== BigInt(index) || decoded.electionId !== el.id) {
    throw new CheckError('not a spoiled-ballot entry');
  }
  if (C.fromUtf8(decoded.payload) !== spoiledText) throw new CheckError('spoiled ballot text');
  C.verifyInclusion(C.leafHash(entry.data), index, cp.size, proof.map((p) => C.fromBase64(p, 32)), cp.root);
  return { checkpoint: cp };
}

export { getText };
