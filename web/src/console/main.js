// The staff console (/staff): sign in, elections, settings, voter roll, key ceremony,
// lifecycle, turnout, accounts and the audit log. A client of the public API only (api.js).

import { announce, h, render } from '../app/dom.js';
import { ApiError, api, eid, fileBase64, setCsrf, whenExpired } from './api.js';
import { assembliesSection } from './assemblies.js';
import { editor, emptyDocument } from './editor.js';
import { proposalsSection } from './proposals.js';
import { currentLang, initLang, t, toggleLang } from './i18n.js';
import { loadLang as loadResidentsLang, text as residentsText } from '../app/i18n.js';
import { paperSection } from './paper.js';
import { cityImport, implementationPanel } from './tracking.js';

let me = null; // {username, role, csrf_token, idle_ms}
let timer = null;

function go(path) { history.pushState(null, '', path); show(); }
const link = (href, text, attrs = {}) => h('a', { href, ...attrs, on: { click: (e) => { e.preventDefault(); go(href); } } }, text);

function route() {
  const parts = location.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[1] === 'elections' && parts[2]) return { page: 'election', id: parts[2] };
  return { page: parts[1] ?? 'home' };
}

function header() {
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  const nav = document.getElementById('nav');
  nav.replaceChildren();
  const who = document.getElementById('who');
  who.replaceChildren();
  document.getElementById('lang').textContent = t('lang');
  if (!me) return;
  nav.append(link('/staff', t('elections')));
  if (me.role === 'admin') nav.append(link('/staff/accounts', t('accounts'), { id: 'accounts-link' }), link('/staff/audit', t('audit'), { id: 'audit-link' }));
  who.append(h('span', {}, t('signed_in', { name: me.username, role: me.role })), ' ',
    h('button', { type: 'button', class: 'lang', id: 'sign-out', on: { click: signOut } }, t('signout')));
}

function signInPage(note = null) {
  header();
  const err = h('p', { id: 'sign-in-error', class: 'field-error', role: 'alert' }, note ?? '');
  const form = h('form', { class: 'panel narrow', on: { submit: async (e) => {
    e.preventDefault();
    err.textContent = '';
    try {
      me = await api('POST', '/session', { username: form.username.value, password: form.password.value, cookie: true });
      setCsrf(me.csrf_token);
      show();
    } catch (x) { err.textContent = x.message; form.password.focus(); }
  } } },
  h('label', { for: 'username' }, t('username')), h('input', { type: 'text', id: 'username', name: 'username', autocomplete: 'username', required: true }),
  h('label', { for: 'password' }, t('password')), h('input', { type: 'password', id: 'password', name: 'password', autocomplete: 'current-password', required: true }),
  err, h('button', { type: 'submit', class: 'primary', id: 'sign-in' }, t('signin_go')));
  render(h('h1', {}, t('signin')), form);
}

async function signOut() {
  try { await api('DELETE', '/session'); } catch { /* gone already */ }
  me = null; setCsrf(null);
  history.pushState(null, '', '/staff');
  signInPage();
}

const statusText = (s) => t(`status.${s}`);

async function homePage() {
  const list = await api('GET', '/console/elections');
  const rows = list.map((e) => h('li', { class: 'card' },
    h('h2', {}, link(`/staff/elections/${eid(e.id)}`, e.title, { 'data-election': e.id })),
    h('p', { class: 'meta' }, `${e.id} · ${statusText(e.status)}`, e.test ? h('span', { class: 'badge test' }, t('test_badge')) : null)));
  render(h('h1', {}, t('elections')),
    me.role === 'staff' ? h('p', {}, h('button', { type: 'button', class: 'primary', id: 'new-election', on: { click: () => go('/staff/new') } }, t('new_election'))) : null,
    rows.length ? h('ul', { class: 'cards' }, rows) : h('p', {}, t('none')),
    ['staff', 'admin'].includes(me.role) ? cityImport() : null);
}

function newPage() {
  const state = { doc: emptyDocument(), election: null, frozen: false, test: false };
  render(h('h1', {}, t('new_election')), editor(state, (view) => go(`/staff/elections/${eid(view.id)}`)));
}

function table(head, rows) {
  return h('table', {}, h('thead', {}, h('tr', {}, head.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c, k) => (k === 0 ? h('th', { scope: 'row' }, c) : h('td', {}, c)))))));
}

function lifecycle(view, refresh) {
  const msg = h('div', { id: 'lifecycle-msg', role: 'status' });
  const confirmBox = h('div', { id: 'confirm-box' });
  const step = (action, label) => h('button', { type: 'button', class: 'secondary', id: `do-${action}`, on: { click: () => {
    confirmBox.replaceChildren(h('div', { class: 'msg', role: 'alertdialog', 'aria-labelledby': 'confirm-text' },
      h('p', { id: 'confirm-text' }, t('confirm', { action: label })),
      h('button', { type: 'button', class: 'primary', id: 'confirm-yes', on: { click: async () => {
        confirmBox.replaceChildren();
        msg.className = 'msg'; msg.textContent = t('loading');
        try {
          const out = await api('POST', `/elections/${eid(view.id)}/${action}`);
          msg.className = 'msg ok'; msg.textContent = t('done', { status: statusText(out.status) });
          await refresh(msg.textContent);
        } catch (x) { msg.className = 'msg error'; msg.textContent = t('refused', { detail: x.message }); }
      } } }, t('confirm_yes')),
      h('button', { type: 'button', class: 'secondary', on: { click: () => confirmBox.replaceChildren() } }, t('cancel'))));
    confirmBox.querySelector('#confirm-yes').focus();
  } } }, label);
  return h('section', { class: 'panel', id: 'lifecycle' }, h('h2', {}, t('lifecycle')),
    h('p', {}, `${t('status')}: `, h('strong', { id: 'status-text' }, statusText(view.status))),
    step('open', t('open')), step('close', t('close')), step('tally', t('tally')), step('publish', t('publish')),
    confirmBox, msg);
}

function ceremony(view, staff, refresh) {
  const sec = h('section', { class: 'panel', id: 'ceremony' }, h('h2', {}, t('ceremony')));
  if (view.status === 'draft') {
    const err = h('p', { class: 'field-error', id: 'ceremony-error', role: 'alert' });
    const n = h('input', { type: 'number', id: 'trustees', min: 1, value: 3 });
    const k = h('input', { type: 'number', id: 'threshold', min: 1, value: 2 });
    const keys = h('textarea', { id: 'trustee-keys', rows: 4 });
    sec.append(h('label', { for: 'trustees' }, t('trustees')), n, h('label', { for: 'threshold' }, t('threshold')), k,
      h('label', { for: 'trustee-keys' }, t('trustee_keys')), keys, err,
      h('button', { type: 'button', class: 'primary', id: 'start-ceremony', on: { click: async () => {
        err.textContent = '';
        try {
          const out = await api('POST', `/elections/${eid(view.id)}/ceremony`, {
            trustees: Number(n.value), threshold: Number(k.value),
            trustee_keys: keys.value.split('\n').map((x) => x.trim()).filter((x) => x && !x.startsWith('#')),
          });
          await refresh(null, out.trustee_tokens);
        } catch (x) { err.textContent = x.message; }
      } } }, t('start_ceremony')));
  }
  if (staff.trustees?.length) {
    const mark = (b) => (b ? '✓' : '–');
    sec.append(table([t('trustee'), t('record'), t('shares'), t('commitment'), t('partial')],
      staff.trustees.map((x) => [String(x.index), mark(x.record), mark(x.shares), mark(x.commitment), mark(x.partial)])));
  }
  return sec;
}

function roll(view, staff, refresh) {
  const err = h('p', { class: 'field-error', id: 'credentials-error', role: 'alert' });
  const file = h('input', { type: 'file', id: 'credentials-file', accept: '.txt,.csv,text/plain' });
  const counts = Object.entries(staff.voters_by_district ?? {});
  return h('section', { class: 'panel', id: 'roll' }, h('h2', {}, t('roll')),
    view.voters != null ? h('p', { id: 'voter-count' }, t('voters', { n: view.voters }), ` · ${t('fingerprint')}: `, h('code', {}, view.credentials)) : null,
    counts.length ? table([t('district'), t('eligible')], counts.map(([d, c]) => [d, String(c)])) : null,
    view.status === 'draft' ? [h('label', { for: 'credentials-file' }, t('roll_file')), file, err,
      h('button', { type: 'button', class: 'secondary', id: 'upload-credentials', on: { click: async () => {
        err.textContent = '';
        try {
          await api('PUT', `/elections/${eid(view.id)}/credentials`, { list: await file.files[0].text() });
          await refresh();
        } catch (x) { err.textContent = x.message; }
      } } }, t('upload'))] : null);
}

function importer(view, staff, refresh) {
  const report = h('div', { id: 'import-report', role: 'status' });
  const ballot = h('select', { id: 'import-ballot' }, staff.document.ballots.map((b) => h('option', { value: b.id }, b.id)));
  const file = h('input', { type: 'file', id: 'import-file', accept: '.csv,.xlsx,.pb,text/csv' });
  return h('section', { class: 'panel', id: 'import' }, h('h2', {}, t('import')),
    h('label', { for: 'import-ballot' }, t('import_ballot')), ballot,
    h('label', { for: 'import-file' }, t('import_file')), file,
    h('button', { type: 'button', class: 'secondary', id: 'import-go', on: { click: async () => {
      report.replaceChildren();
      const f = file.files[0];
      if (!f) return;
      const format = f.name.endsWith('.xlsx') ? 'xlsx' : (f.name.endsWith('.pb') ? 'pabulib' : 'csv');
      try {
        const out = await api('POST', `/elections/${eid(view.id)}/projects/import`, { ballot: ballot.value, format, data: await fileBase64(f) });
        await refresh(t('imported', { n: out.imported }));
      } catch (x) {
        report.className = 'msg error';
        report.append(h('p', {}, x.message));
        if (x.errors?.length) report.append(table([t('row'), t('column'), t('message')], x.errors.map((e) => [String(e.row ?? ''), e.column ?? e.field ?? '', e.message])));
      }
    } } }, t('import_go')),
    report);
}

// Downloads of the definition (TOML) and of each ballot's projects (CSV, Pabulib), in every
// status: the same GET …/export the API documents, sent with the session cookie.
function exporter(view, staff) {
  const url = (q) => `/api/v1/elections/${eid(view.id)}/export?${q}`;
  return h('section', { class: 'panel', id: 'export' }, h('h2', {}, t('export')),
    h('p', {}, h('a', { href: url('format=toml'), download: `${view.id}.toml` }, t('export_toml'))),
    h('ul', {}, staff.document.ballots.map((b) => h('li', {}, `${b.id}: `,
      h('a', { href: url(`format=csv&ballot=${eid(b.id)}`), download: `${b.id}.csv` }, t('export_csv')), ' · ',
      h('a', { href: url(`format=pabulib&ballot=${eid(b.id)}`), download: `${b.id}.pb`, 'data-export': 'pabulib' }, t('export_pb'))))));
}

// The residents' ballots before opening, exactly as residents will see them: the residents'
// own page (its choosing step, GET …/preview with this session; nothing can be sent from it)
// framed at a phone's width and at a desktop's, one pair per ballot.
function previewSection(view) {
  const out = h('div', { id: 'preview-frames' });
  return h('section', { class: 'panel', id: 'preview' }, h('h2', {}, t('preview')),
    h('button', { type: 'button', class: 'secondary', id: 'show-preview', on: { click: async () => {
      try {
        const got = await api('GET', `/elections/${eid(view.id)}/preview`);
        const frame = (b, kind, width, height) => h('figure', { class: `preview ${kind}` },
          h('figcaption', {}, `${residentsText(b.title)} — ${kind === 'phone' ? '360 px' : t('desktop')}`),
          h('div', { class: 'frame-box', tabindex: '0', role: 'region', 'aria-label': `${b.id} ${kind}` },
            h('iframe', { class: `preview-${kind}`, 'data-ballot': b.id, src: `/elections/${eid(view.id)}/preview/${eid(b.id)}?lang=${currentLang()}`,
              width, height, title: t('preview_frame', { ballot: residentsText(b.title), width: kind === 'phone' ? '360 px' : t('desktop') }) })));
        await loadResidentsLang(currentLang());
        header();
        out.replaceChildren(...got.manifest.ballots.flatMap((b) => [frame(b, 'phone', 360, 640), frame(b, 'desktop', 1024, 720)]));
      } catch (x) { out.replaceChildren(h('p', { class: 'msg error' }, x.message)); }
    } } }, t('preview')), out);
}

async function turnoutSection(view) {
  const out = await api('GET', `/elections/${eid(view.id)}/turnout`);
  return h('section', { class: 'panel', id: 'turnout', 'aria-live': 'polite' }, h('h2', {}, t('turnout')),
    table([t('district'), t('voted'), t('eligible')], out.districts.map((d) => [d.district, String(d.voted), String(d.eligible)])));
}

async function electionPage(id, note = null, tokens = null) {
  const [staff, view] = await Promise.all([api('GET', `/elections/${eid(id)}/staff-view`), api('GET', `/elections/${eid(id)}`)]);
  const refresh = (text = null, toks = null) => electionPage(id, text, toks);
  const frozen = staff.status !== 'draft';
  const doc = structuredClone(staff.document);
  const m = staff.document.election;
  const parts = [
    h('h1', {}, staff.title, staff.test ? h('span', { class: 'badge test' }, t('test_badge')) : null),
    note ? h('p', { class: 'msg ok', role: 'status', id: 'page-note' }, note) : null,
    h('p', { id: 'window' }, t('window', { opens: m.opens ?? t('unset'), closes: m.closes ?? t('unset') })),
    h('p', {}, h('a', { href: `/elections/${eid(id)}` }, t('residents')), ' · ', h('a', { href: `/elections/${eid(id)}/board` }, t('board')), ' · ',
      h('a', { href: `/elections/${eid(id)}/results` }, t('results'))),
    tokens ? h('div', { class: 'msg', id: 'tokens' }, h('p', {}, t('tokens')), h('ol', {}, tokens.map((x) => h('li', {}, h('code', { class: 'token' }, x))))) : null,
    lifecycle(view, refresh),
    ['open', 'closed', 'tallied', 'published'].includes(staff.status) ? await turnoutSection(view) : null,
    (staff.staff ?? []).includes(me.username) && ['ceremony', 'open'].includes(staff.status) ? paperSection(view, staff.document.ballots, me.username) : null,
    staff.status === 'published' ? await implementationPanel(view, refresh) : null,
    ceremony(view, staff, refresh),
    roll(view, staff, refresh),
    frozen ? null : importer(view, staff, refresh),
    exporter(view, staff),
    previewSection(view),
    await proposalsSection(id, staff, refresh),
    await assembliesSection(view, staff.document),
    h('h2', {}, t('settings')),
    frozen ? h('p', { class: 'msg', id: 'frozen' }, t('frozen')) : null,
    editor({ doc, election: id, frozen }, (v) => refresh(t('saved'))),
    staff.test ? h('p', {}, h('button', { type: 'button', class: 'secondary', id: 'delete-test', on: { click: async () => {
      await api('DELETE', `/elections/${eid(id)}`); go('/staff');
    } } }, t('delete_test'))) : null,
  ];
  render(...parts);
  if (note) announce(note);
  if (staff.status === 'open') {
    timer = setInterval(async () => {
      const old = document.getElementById('turnout');
      if (!old) { clearInterval(timer); return; }
      try { old.replaceWith(await turnoutSection(view)); } catch { /* next time */ }
    }, 5000);
  }
}

async function accountsPage(note = null) {
  const [accounts, elections] = await Promise.all([api('GET', '/accounts'), api('GET', '/console/elections')]);
  const err = h('p', { class: 'field-error', id: 'account-error', role: 'alert' });
  const name = h('input', { type: 'text', id: 'new-username', autocomplete: 'off' });
  const pass = h('input', { type: 'password', id: 'new-password', autocomplete: 'new-password' });
  const role = h('select', { id: 'new-role' }, ['staff', 'observer', 'admin'].map((r) => h('option', { value: r }, r)));
  const user = h('select', { id: 'assign-user' }, accounts.filter((a) => a.role === 'staff').map((a) => h('option', { value: a.username }, a.username)));
  const election = h('select', { id: 'assign-election' }, elections.map((e) => h('option', { value: e.id }, e.id)));
  const act = async (fn) => { err.textContent = ''; try { await fn(); await accountsPage(t('saved')); } catch (x) { err.textContent = x.message; } };
  render(h('h1', {}, t('accounts')), note ? h('p', { class: 'msg ok', role: 'status' }, note) : null,
    table([t('username'), t('role'), t('staff_of'), ''], accounts.map((a) => [a.username, a.role + (a.disabled ? ` (${t('disabled')})` : ''), a.elections.join(', '),
      h('button', { type: 'button', class: 'secondary', 'data-account': a.username, on: { click: () => act(() => api('PATCH', `/accounts/${eid(a.username)}`, { disabled: !a.disabled })) } }, a.disabled ? t('enable') : t('disable'))])),
    h('section', { class: 'panel' }, h('h2', {}, t('new_account')),
      h('label', { for: 'new-username' }, t('username')), name, h('label', { for: 'new-password' }, t('password')), pass,
      h('label', { for: 'new-role' }, t('role')), role,
      h('button', { type: 'button', class: 'primary', id: 'create-account', on: { click: () => act(() => api('POST', '/accounts', { username: name.value, password: pass.value, role: role.value })) } }, t('create_account'))),
    h('section', { class: 'panel' }, h('h2', {}, t('assign')),
      h('label', { for: 'assign-user' }, t('username')), user, h('label', { for: 'assign-election' }, t('election')), election,
      h('button', { type: 'button', class: 'primary', id: 'assign', on: { click: () => act(() => api('POST', `/elections/${eid(election.value)}/staff`, { username: user.value })) } }, t('assign'))),
    err);
}

async function auditPage() {
  const events = await api('GET', '/audit');
  render(h('h1', {}, t('audit')), table([t('when'), t('who'), t('what'), t('election')],
    events.map((e) => [new Date(e.at).toISOString(), e.username, `${e.action} ${e.detail}`, e.election ?? ''])));
}

async function show() {
  clearInterval(timer);
  if (!me) { signInPage(); return; }
  header();
  const r = route();
  document.title = `${t('brand')}`;
  try {
    if (r.page === 'election') await electionPage(r.id);
    else if (r.page === 'new') newPage();
    else if (r.page === 'accounts') await accountsPage();
    else if (r.page === 'audit') await auditPage();
    else await homePage();
  } catch (x) {
    if (x instanceof ApiError && x.status === 401) return;
    render(h('h1', {}, t('error', { detail: '' })), h('p', { class: 'msg error', role: 'alert' }, x.message), h('p', {}, link('/staff', t('back'))));
  }
}

async function boot() {
  initLang();
  whenExpired(() => { me = null; setCsrf(null); signInPage(t('expired')); });
  document.getElementById('lang').addEventListener('click', () => { toggleLang(); show(); });
  window.addEventListener('popstate', show);
  try {
    me = await api('GET', '/session');
    setCsrf(me.csrf_token);
  } catch { me = null; }
  await show();
}

boot();
