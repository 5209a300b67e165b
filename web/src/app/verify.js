// Verify page: a tracking code -> its status on the board, and the inclusion proof of its
// entry checked here against the board's signed checkpoint.

import * as C from './oylama-crypto.js';
import { ApiError, NetworkError, eid, getJson } from './api.js';
import { h, render } from './dom.js';
import { checkReceipt, loadElection } from './election.js';
import { t, text } from './i18n.js';

export async function verifyPage(id, code = null) {
  const el = await loadElection(id);
  form(el, code, null);
  if (code) await check(el, code);
}

function form(el, value, result) {
  const input = h('input', { type: 'text', id: 'tracking', class: 'code', value: value ?? '', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'tracking-hint' });
  render(
    h('h1', {}, t('verify.title')),
    h('p', {}, el.manifest ? text(el.manifest.title) : el.view.title),
    h('form', { class: 'panel', on: { submit: (e) => { e.preventDefault(); check(el, input.value); } } },
      h('label', { for: 'tracking' }, t('verify.label')),
      h('p', { class: 'hint', id: 'tracking-hint' }, t('verify.hint')),
      input,
      h('button', { type: 'submit', class: 'primary' }, t('verify.submit'))),
    h('div', { id: 'verify-result', role: 'status' }, result),
  );
}

async function check(el, typed) {
  const out = document.getElementById('verify-result');
  let code;
  try { code = C.normalizeTrackingCode(typed); } catch {
    out.replaceChildren(h('p', { class: 'error' }, t('verify.bad_code')));
    return;
  }
  out.replaceChildren(h('p', {}, t('verify.checking')));
  let st;
  try {
    st = await getJson(`/elections/${eid(el.id)}/ballots/${encodeURIComponent(code)}`);
  } catch (e) {
    const m = e instanceof ApiError && e.status === 404 ? t('verify.unknown') : e instanceof NetworkError ? t('error.network') : t('error.generic', { detail: e.message });
    out.replaceChildren(h('p', { class: 'error' }, m));
    return;
  }
  const status = st.status === 'counted' ? t('verify.counted') : t('verify.superseded', { by: st.superseded_by });
  try {
    const { checkpoint } = await checkReceipt(el, { trackingCode: code, index: st.index, checkpoint: st.checkpoint, proof: st.inclusion_proof });
    out.replaceChildren(
      h('p', { class: 'msg ok' }, t('verify.found', { index: st.index, style: st.style })),
      h('p', { id: 'ballot-status' }, status),
      h('p', { class: 'ok' }, t('verify.proof_ok', { size: checkpoint.size.toString() })),
      h('p', { class: 'code-box' }, code));
  } catch (e) {
    out.replaceChildren(h('p', { class: 'msg error' }, t('verify.proof_failed', { why: e.message })), h('p', {}, status));
  }
}
