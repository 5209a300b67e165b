// Verify page: a tracking code -> its status on the board, and the inclusion proof of its
// entry checked here against the board's signed checkpoint. A ballot replaced by a later one
// is shown in amber with who to contact if the resident did not vote again themselves.

import * as C from './oylama-crypto.js';
import { ApiError, NetworkError, eid, getJson } from './api.js';
import { shortFingerprint, tidyTrackingCode } from './codes.js';
import { h, render } from './dom.js';
import { checkReceipt, loadElection } from './election.js';
import { currentLang, t, text } from './i18n.js';

export async function verifyPage(id, code = null, config = {}) {
  const el = await loadElection(id);
  form(el, code, config);
  if (code) await check(el, code, config);
}

function form(el, value, config) {
  const input = h('input', { type: 'text', id: 'tracking', class: 'code', value: value ?? '', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'tracking-hint' });
  render(
    h('h1', {}, t('verify.title')),
    h('p', {}, el.manifest ? text(el.manifest.title) : el.view.title),
    h('form', { class: 'panel', on: { submit: (e) => { e.preventDefault(); check(el, input.value, config); } } },
      h('label', { for: 'tracking' }, t('verify.label')),
      h('p', { class: 'hint', id: 'tracking-hint' }, t('verify.hint')),
      input,
      h('button', { type: 'submit', class: 'primary' }, t('verify.submit'))),
    h('div', { id: 'verify-result', role: 'status' }),
  );
}

function contact(config) {
  const given = config?.contact;
  return (given && (given[currentLang()] ?? given.tr)) || t('verify.contact_default');
}

async function check(el, typed, config) {
  const out = document.getElementById('verify-result');
  let code;
  try { code = C.normalizeTrackingCode(tidyTrackingCode(typed)); } catch {
    out.replaceChildren(h('p', { class: 'msg error' }, t('verify.bad_code')));
    return;
  }
  out.replaceChildren(h('p', {}, t('verify.checking')));
  let st;
  try {
    st = await getJson(`/elections/${eid(el.id)}/ballots/${encodeURIComponent(code)}`);
  } catch (e) {
    const m = e instanceof ApiError && e.status === 404 ? t('verify.unknown') : e instanceof NetworkError ? t('error.network') : t('error.generic', { detail: e.message });
    out.replaceChildren(h('p', { class: 'msg error' }, m));
    return;
  }
  const ballot = el.manifest?.ballots.find((b) => b.id === st.style);
  const ballotTitle = ballot ? text(ballot.title) : st.style;
  const counted = st.status === 'counted';
  const status = counted
    ? h('p', { class: 'msg ok', id: 'ballot-status' }, t('verify.counted', { ballot: ballotTitle }))
    : h('div', { class: 'msg amber', id: 'ballot-status' },
      h('p', {}, t('verify.superseded', { ballot: ballotTitle })),
      h('p', { id: 'contact' }, t('verify.not_you', { contact: contact(config) })));
  const codeBox = h('div', { class: 'tracking' },
    h('p', { class: 'fingerprint', 'aria-hidden': 'true' }, shortFingerprint(code)),
    h('p', { class: 'code-box' }, code));
  try {
    const { checkpoint } = await checkReceipt(el, { trackingCode: code, index: st.index, checkpoint: st.checkpoint, proof: st.inclusion_proof });
    out.replaceChildren(
      h('p', { class: 'found' }, t('verify.found', { ballot: ballotTitle })),
      status,
      codeBox,
      h('p', { class: 'ok', id: 'proof-ok' }, t('verify.proof_ok_plain')),
      h('details', { class: 'tech' }, h('summary', {}, t('tech.title')),
        h('p', {}, t('verify.proof_ok', { size: checkpoint.size.toString(), index: String(st.index) })),
        counted ? null : h('p', {}, t('verify.superseded_by', { by: String(st.superseded_by) }))));
  } catch (e) {
    out.replaceChildren(h('p', { class: 'msg error' }, t('verify.proof_failed', { why: e.message })), status, codeBox);
  }
}
