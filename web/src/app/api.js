// The service's HTTP API (docs/spec/service.md, board.md §8). Errors keep the status so the
// pages can say what happened; a failed fetch is a NetworkError (safe to retry).

export class ApiError extends Error {
  constructor(status, detail) { super(detail || `HTTP ${status}`); this.name = 'ApiError'; this.status = status; this.detail = detail; }
}
export class NetworkError extends Error {
  constructor(message) { super(message); this.name = 'NetworkError'; }
}

async function call(path, options = {}) {
  let r;
  try {
    r = await fetch(`/api/v1${path}`, { cache: 'no-store', ...options });
  } catch (e) {
    throw new NetworkError(e.message);
  }
  if (!r.ok) {
    let detail = '';
    try { detail = (await r.json()).detail ?? ''; } catch { /* not problem+json */ }
    throw new ApiError(r.status, detail);
  }
  return r;
}

export const getJson = async (path) => (await call(path)).json();
export const getText = async (path) => (await call(path)).text();
export const getBytes = async (path) => new Uint8Array(await (await call(path)).arrayBuffer());

/** POST a cast body; answers {status, body}. */
export async function postCast(electionId, body) {
  const r = await call(`/elections/${encodeURIComponent(electionId)}/ballots`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body,
  });
  return { status: r.status, body: await r.json() };
}

/** POST a spoiled ballot for publication (service.md §5.1); answers {status, body}. */
export async function postSpoiled(electionId, body) {
  const r = await call(`/elections/${encodeURIComponent(electionId)}/spoiled`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body,
  });
  return { status: r.status, body: await r.json() };
}

export const eid = (id) => encodeURIComponent(id);
