// Byte helpers of the spoiled-ballot checker. Its own, like everything in web/checker/: the
// checker must not run the code that encrypted the ballots it checks (web/src/).

export class CheckFailed extends Error {
  constructor(message) { super(message); this.name = 'CheckFailed'; }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Canonical padded base64 (RFC 4648 §4) only: anything else is refused. */
export function unbase64(text, size = null) {
  if (typeof text !== 'string' || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) {
    throw new CheckFailed('not canonical base64');
  }
  const bin = atob(text);
  const out = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  if (base64(out) !== text) throw new CheckFailed('not canonical base64');
  if (size !== null && out.length !== size) throw new CheckFailed(`expected ${size} bytes`);
  return out;
}

export function base64(bytes) {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? B64[n & 63] : '=';
  }
  return out;
}

export const hex = (bytes) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');

export const utf8 = (text) => new TextEncoder().encode(text);
export const fromUtf8 = (bytes) => new TextDecoder('utf-8', { fatal: true }).decode(bytes);

export function join(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

export function u32(n) { return Uint8Array.of(n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255); }

/** LP(x) = u32be(len(x)) || x */
export const lp = (bytes) => join(u32(bytes.length), bytes);

export const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Little-endian bytes to a BigInt. */
export function leInt(bytes) {
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]);
  return v;
}
