// The console is a client of the public API (docs/spec/service.md): the same endpoints a
// program uses, signed in with the HttpOnly session cookie the page never sees. Every
// state-changing request carries the session's CSRF token (X-CSRF-Token), which the page is
// told at sign-in and by GET /api/v1/session after a reload, and keeps only in memory.

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.detail || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.errors = Array.isArray(body?.errors) ? body.errors : [];
  }
}

let csrf = null;
export function setCsrf(token) { csrf = token; }
let onExpired = () => {};
export function whenExpired(fn) { onExpired = fn; }

export async function api(method, path, body) {
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  const r = await fetch(`/api/v1${path}`, {
    method, headers, cache: 'no-store', credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (r.status === 204) return null;
  const type = r.headers.get('content-type') || '';
  const data = type.includes('json') ? await r.json() : await r.text();
  if (!r.ok) {
    if (r.status === 401 && path !== '/session') onExpired();
    throw new ApiError(r.status, typeof data === 'object' ? data : { detail: data });
  }
  return data;
}

export const eid = (id) => encodeURIComponent(id);

/** A File as base64 (what the JSON bodies carry). */
export async function fileBase64(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
