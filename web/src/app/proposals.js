// Residents' proposals (/elections/{id}/proposals): the list with support counts and a district
// filter, hidden ones collapsed with the moderators' reason; each proposal's shareable page
// (/proposals/P7) with its review and a support button; the form (/proposals/new). A resident
// types the letter's code; this device derives the key and signs a statement (cycle.md §4.1)
// over what is sent -- the code never leaves the device, the server gets the public key and
// the signature. Every text a resident or staff wrote goes in as a text node (dom.js).

import * as C from './oylama-crypto.js';
import { ApiError, NetworkError, eid, getJson } from './api.js';
import { projectAssemblies } from './assemblies.js';
import { codeGroups, tidyCode } from './codes.js';
import { announce, h, render } from './dom.js';
import { dateTime, money, number, t } from './i18n.js';

const PHASES = ['proposals', 'review', 'voting', 'implementation'];

async function load(id) {
  const [view, list, cycle] = await Promise.all([
    getJson(`/elections/${eid(id)}`),
    getJson(`/elections/${eid(id)}/proposals`),
    getJson(`/elections/${eid(id)}/cycle`).catch(() => null),
  ]);
  return { id, view, list, cycle };
}

const base = (id) => `/elections/${eid(id)}/proposals`;
const current = (el) => el.cycle?.phase ?? null;
const districtName = (el, d) => el.list.districts.find((x) => x.id === d)?.name ?? d;

/** The cycle's phases with their dates, the current one marked (shown on the election's pages). */
export function phaseBox(cycle) {
  if (!cycle) return null;
  const now = cycle.phase;
  return h('section', { class: 'panel phases', id: 'phases', 'aria-labelledby': 'phases-title' },
    h('h2', { id: 'phases-title' }, t('proposal.phase_title')),
    h('p', { id: 'phase-now' }, t('proposal.phase_now', { phase: t(`proposal.phase_${now}`) })),
    h('ol', {}, PHASES.map((p) => {
      const ph = cycle[p];
      if (!ph || (!ph.opens && !ph.closes)) return null;
      return h('li', { 'aria-current': p === now ? 'step' : null, class: p === now ? 'current' : null },
        h('strong', {}, t(`proposal.phase_${p}`)), ' ',
        t('proposal.phase_dates', { opens: ph.opens ? dateTime(ph.opens) : '…', closes: ph.closes ? dateTime(ph.closes) : '…' }));
    })));
}

/** A place on another election page (vote, catalogue) that shows the calendar once it loads,
 *  with a link to the proposals while residents can propose or read the reviews. */
export function phaseSlot(id) {
  const slot = h('div', { class: 'phase-slot' });
  getJson(`/elections/${eid(id)}/cycle`).then((cycle) => {
    const box = phaseBox(cycle);
    if (!box) return;
    if (cycle.proposals || cycle.review) box.append(h('p', {}, h('a', { href: base(id), id: 'to-proposals' }, t('proposal.see_all'))));
    slot.replaceChildren(box);
  }).catch(() => { /* no calendar: nothing to show */ });
  return slot;
}

function crumbs(id, label) {
  return h('p', { class: 'crumbs' }, h('a', { href: base(id) }, label));
}

function status(p) {
  const out = [];
  if (p.accepted) out.push(h('span', { class: 'badge ok' }, t('proposal.on_ballot')));
  else if (p.review) out.push(h('span', { class: p.review.decision === 'feasible' ? 'badge ok' : 'badge' }, t(`proposal.review_${p.review.decision}`)));
  return out;
}

function summaryLine(el, p) {
  return h('p', { class: 'meta' },
    t('proposal.district', { district: districtName(el, p.content.district) }), ' · ',
    t('proposal.cost', { cost: money(p.content.cost, el.list.currency) }), ' · ',
    h('span', { class: 'supports' }, t('proposal.supports', { n: number(p.supports) })));
}

function card(el, p) {
  const link = h('a', { href: `${base(el.id)}/${p.id}`, dir: 'auto' }, p.content.title);
  if (p.hidden) {
    return h('li', { class: 'card hidden-proposal', 'data-proposal': p.id },
      h('details', {},
        h('summary', {}, t('proposal.hidden', { id: p.id }), ' ', h('span', { class: 'reason', dir: 'auto' }, p.moderation?.reason ?? '')),
        h('h2', {}, link), summaryLine(el, p)));
  }
  return h('li', { class: 'card', 'data-proposal': p.id },
    h('h2', {}, link, ' ', status(p)),
    summaryLine(el, p),
    h('p', { class: 'description', dir: 'auto' }, p.content.description.length > 240 ? `${p.content.description.slice(0, 240)}…` : p.content.description));
}

export async function proposalsPage(id, arg) {
  if (arg === 'new') return formPage(id);
  if (arg) return proposalPage(id, arg);
  const el = await load(id);
  const params = new URLSearchParams(location.search);
  const district = params.get('district') ?? '';
  const shown = el.list.proposals.filter((p) => !district || p.content.district === district);
  const select = h('select', { id: 'f-district', on: { change: () => {
    const q = select.value ? `?district=${encodeURIComponent(select.value)}` : '';
    history.replaceState(null, '', `${base(id)}${q}`);
    proposalsPage(id, null);
  } } },
  h('option', { value: '' }, t('proposal.all_districts')),
  el.list.districts.map((d) => h('option', { value: d.id, selected: d.id === district }, d.name)));
  render(
    h('h1', {}, t('proposal.title')),
    h('p', {}, el.view.title),
    phaseBox(el.cycle),
    current(el) === 'proposals' ? h('p', {}, h('a', { class: 'button primary-link', href: `${base(id)}/new`, id: 'propose' }, t('proposal.propose'))) : null,
    h('form', { class: 'panel filters', role: 'search', on: { submit: (e) => e.preventDefault() } },
      h('div', { class: 'field' }, h('label', { for: 'f-district' }, t('proposal.filter_district')), select)),
    shown.length ? h('ul', { class: 'cards', id: 'proposals' }, shown.map((p) => card(el, p))) : h('p', { class: 'msg' }, t('proposal.none')),
  );
}

// -- signing with the letter's code ------------------------------------------------------------

function codeField() {
  return h('div', { class: 'field' },
    h('label', { for: 'code' }, t('vote.code_label')),
    h('p', { class: 'hint', id: 'code-hint' }, t('proposal.code_hint')),
    h('input', { type: 'text', id: 'code', name: 'code', class: 'code', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', 'aria-describedby': 'code-hint', required: true }));
}

/** The typed code's key pair, or throws an Error whose message the page shows. */
function keysFrom(typed, electionId) {
  let code;
  try {
    code = C.parseCode(tidyCode(typed));
  } catch {
    const shape = codeGroups(typed);
    throw new Error(shape.canonicalOk ? t('vote.code_mistyped') : (shape.groups.some((g) => g.badSymbol) ? t('vote.code_bad_symbol') : t('vote.code_bad_length')));
  }
  return C.credentialKeys(code, electionId);
}

async function post(path, body) {
  let r;
  try {
    r = await fetch(`/api/v1${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), cache: 'no-store' });
  } catch (e) { throw new NetworkError(e.message); }
  let answer = null;
  try { answer = await r.json(); } catch { /* not JSON */ }
  if (!r.ok) throw new ApiError(r.status, answer?.detail ?? '');
  return answer;
}

function failure(e) {
  if (e instanceof NetworkError) return t('error.network');
  if (e instanceof ApiError) {
    if (e.status === 403) return t('proposal.refused', { detail: e.detail });
    if (e.status === 409) return t('proposal.conflict', { detail: e.detail });
    if (e.status === 429) return t('proposal.too_many');
    return t('error.generic', { detail: e.detail || e.message });
  }
  return e.message;
}

// -- one proposal --------------------------------------------------------------------------------

async function proposalPage(id, pid) {
  const el = await load(id);
  const p = el.list.proposals.find((x) => x.id === pid);
  if (!p) {
    render(crumbs(id, t('proposal.back')), h('h1', {}, t('error.not_found')));
    return;
  }
  const c = p.content;
  const assemblies = await projectAssemblies(id, p.id, { proposal: true });
  const canSupport = current(el) === 'proposals' && !p.hidden;
  const message = h('p', { id: 'support-msg', role: 'status' });
  const form = canSupport ? h('form', { class: 'panel', id: 'support', novalidate: true, on: { submit: async (e) => {
    e.preventDefault();
    message.className = '';
    let keys;
    try { keys = keysFrom(form.querySelector('#code').value, id); } catch (err) { message.className = 'error'; message.textContent = err.message; return; }
    const content = C.utf8(JSON.stringify({ proposal: pid }));
    const signature = C.signStatement(keys.seed, 'proposal-support', content, id);
    try {
      const answer = await post(`/elections/${eid(id)}/proposals/${pid}/supports`, { credential: C.toBase64(keys.publicKey), signature: C.toBase64(signature) });
      message.textContent = t('proposal.supported', { n: number(answer.supports) });
      document.querySelector('#proposal .supports').textContent = t('proposal.supports', { n: number(answer.supports) });
      announce(message.textContent);
    } catch (err) { message.className = 'error'; message.textContent = failure(err); }
  } } }, codeField(), h('button', { type: 'submit', class: 'primary' }, t('proposal.support')), message) : null;
  const body = [
    summaryLine(el, p),
    p.photo_url ? h('img', { class: 'photo', src: p.photo_url, alt: t('proposal.photo_of', { title: c.title }) }) : null,
    h('p', { class: 'description', dir: 'auto', style: 'white-space: pre-line' }, c.description),
    h('dl', {},
      c.category ? [h('dt', {}, t('proposal.category')), h('dd', { dir: 'auto' }, c.category)] : null,
      c.sdg.length ? [h('dt', {}, t('proposal.sdg')), h('dd', {}, c.sdg.map((s) => t(`sdg.${s}`)).join(', '))] : null,
      c.audience.length ? [h('dt', {}, t('proposal.audience')), h('dd', { dir: 'auto' }, c.audience.join(', '))] : null,
      c.address ? [h('dt', {}, t('proposal.address')), h('dd', { dir: 'auto' }, c.address)] : null),
    p.review ? h('section', { class: 'panel', id: 'review' },
      h('h2', {}, t('proposal.review_title'), ' ', status(p)),
      h('p', { style: 'white-space: pre-line' }, h('strong', {}, t('proposal.technical')), ' ', h('span', { dir: 'auto' }, p.review.technical)),
      h('p', { style: 'white-space: pre-line' }, h('strong', {}, t('proposal.legal')), ' ', h('span', { dir: 'auto' }, p.review.legal)),
      p.review.cost ? h('p', {}, t('proposal.review_cost', { cost: money(p.review.cost, el.list.currency) })) : null) : null,
    p.moderations.length ? h('section', { class: 'panel', id: 'moderation' },
      h('h2', {}, t('proposal.moderation_title')),
      h('ol', {}, p.moderations.map((m) => h('li', {},
        h('strong', {}, t(`proposal.action_${m.action}`, { by: m.by })), ' ', h('span', { dir: 'auto' }, m.reason))))) : null,
    assemblies,
    p.accepted ? h('p', {}, h('a', { href: `/elections/${eid(id)}/projects/${encodeURIComponent(p.accepted.ballot)}/${encodeURIComponent(p.accepted.project)}` }, t('proposal.see_project'))) : null,
    h('p', { class: 'hint' }, t('proposal.log', { entry: number(p.entry) })),
  ];
  render(
    crumbs(id, t('proposal.back')),
    h('h1', { dir: 'auto' }, c.title),
    h('article', { id: 'proposal', 'data-proposal': p.id },
      p.hidden ? h('details', { class: 'hidden-proposal' },
        h('summary', {}, t('proposal.hidden', { id: p.id }), ' ', h('span', { class: 'reason', dir: 'auto' }, p.moderation?.reason ?? '')), body) : body),
    p.hidden ? null : phaseBox(el.cycle),
    form,
  );
}

// -- the form ---------------------------------------------------------------------------------

/** The canonical JSON of a ProposalContent (cycle.md §4.1): msgspec's text -- fields in order,
 *  every field written, floats with a decimal point. */
export function contentText(c) {
  const num = (x) => (x === null ? 'null' : (Number.isInteger(x) ? `${x}.0` : String(x)));
  const str = (x) => (x === null ? 'null' : JSON.stringify(x));
  return `{"title":${str(c.title)},"description":${str(c.description)},"cost":${str(c.cost)},"district":${str(c.district)},`
    + `"category":${str(c.category)},"sdg":${JSON.stringify(c.sdg)},"audience":${JSON.stringify(c.audience)},`
    + `"latitude":${num(c.latitude)},"longitude":${num(c.longitude)},"address":${str(c.address)},"photo":${str(c.photo)}}`;
}

function field(name, label, control, hint = null) {
  return h('div', { class: 'field' }, h('label', { for: `p-${name}` }, label), hint ? h('p', { class: 'hint' }, hint) : null, control);
}

async function formPage(id) {
  const el = await load(id);
  if (current(el) !== 'proposals') {
    render(crumbs(id, t('proposal.back')), h('h1', {}, t('proposal.propose')), phaseBox(el.cycle), h('p', { class: 'msg' }, t('proposal.closed')));
    return;
  }
  const input = (name, attrs = {}) => h('input', { id: `p-${name}`, name, type: 'text', ...attrs });
  const title = input('title', { maxlength: 120, required: true });
  const description = h('textarea', { id: 'p-description', name: 'description', rows: 6, maxlength: 4000, required: true });
  const cost = input('cost', { inputmode: 'decimal', required: true, pattern: '(0|[1-9][0-9]{0,11})([.][0-9]{1,2})?' });
  const district = h('select', { id: 'p-district', name: 'district' }, el.list.districts.map((d) => h('option', { value: d.id }, d.name)));
  const category = input('category', { maxlength: 64 });
  const sdg = h('select', { id: 'p-sdg', name: 'sdg', multiple: true, size: 5 },
    Array.from({ length: 17 }, (_, k) => h('option', { value: `SDG${k + 1}` }, t(`sdg.SDG${k + 1}`))));
  const audience = input('audience', { maxlength: 200 });
  const address = input('address', { maxlength: 200 });
  const photo = h('input', { id: 'p-photo', name: 'photo', type: 'file', accept: 'image/jpeg,image/png,image/webp' });
  const message = h('p', { id: 'propose-msg', role: 'status' });
  const form = h('form', { class: 'panel', id: 'propose-form', novalidate: true, on: { submit: async (e) => {
    e.preventDefault();
    message.className = 'error';
    let keys;
    try { keys = keysFrom(form.querySelector('#code').value, id); } catch (err) { message.textContent = err.message; return; }
    const trim = (x) => x.value.trim();
    if (!trim(title) || !trim(description)) { message.textContent = t('proposal.missing'); return; }
    if (!/^(0|[1-9][0-9]{0,11})(\.[0-9]{1,2})?$/.test(trim(cost))) { message.textContent = t('proposal.bad_cost'); return; }
    message.className = '';
    message.textContent = t('proposal.sending');
    const credential = C.toBase64(keys.publicKey);
    try {
      let digest = null;
      if (photo.files.length) {
        const data = new Uint8Array(await photo.files[0].arrayBuffer());
        const signature = C.signStatement(keys.seed, 'proposal-photo', data, id);
        digest = (await post(`/elections/${eid(id)}/proposals/photos`, { data: C.toBase64(data), credential, signature: C.toBase64(signature) })).digest;
      }
      const content = {
        title: trim(title), description: description.value.trim(), cost: trim(cost), district: district.value,
        category: trim(category) || null, sdg: [...sdg.selectedOptions].map((o) => o.value),
        audience: trim(audience) ? trim(audience).split(',').map((x) => x.trim()).filter(Boolean) : [],
        latitude: null, longitude: null, address: trim(address) || null, photo: digest,
      };
      const text = contentText(content);
      const signature = C.signStatement(keys.seed, 'proposal', C.utf8(text), id);
      const made = await post(`/elections/${eid(id)}/proposals`, { content: text, credential, signature: C.toBase64(signature) });
      location.assign(`${base(id)}/${made.id}`);
    } catch (err) { message.className = 'error'; message.textContent = failure(err); }
  } } },
  field('title', t('proposal.f_title'), title),
  field('description', t('proposal.f_description'), description),
  field('cost', t('proposal.f_cost', { currency: el.list.currency }), cost),
  field('district', t('proposal.f_district'), district),
  field('category', t('proposal.category'), category),
  field('sdg', t('proposal.sdg'), sdg),
  field('audience', t('proposal.audience'), audience, t('proposal.f_audience_hint')),
  field('address', t('proposal.address'), address),
  field('photo', t('proposal.f_photo'), photo),
  codeField(),
  h('button', { type: 'submit', class: 'primary' }, t('proposal.send')),
  message);
  render(crumbs(id, t('proposal.back')), h('h1', {}, t('proposal.propose')), h('p', {}, t('proposal.intro')), form);
}
