// Neighbourhood assemblies (issue #18; docs/spec/cycle.md §6): the list of an election's
// meetings, each meeting's page (agenda, advisory decisions with their counts, minutes,
// links to the projects each item concerns), and the attendees' quick-vote page, where a
// one-time slip's code and a choice are sent for an item under a quick vote.
//
// Everything staff wrote (titles, agenda items, minutes, advice) goes in as text nodes (dom.js
// h()): markup in it is shown as the characters it is, never run.

import { ApiError, eid, getJson } from './api.js';
import { append, h, render } from './dom.js';
import { loadDefinition } from './election.js';
import { date, number, t, text } from './i18n.js';
import { districtName, projectUrl } from './projects.js';

const base = (id) => `/elections/${eid(id)}/assemblies`;

function place(a, definition) {
  const district = districtName(definition, a.district);
  return a.neighbourhood ? `${a.neighbourhood}, ${district}` : district;
}

export async function assembliesPage(id) {
  const [list, definition] = await Promise.all([getJson(`/elections/${eid(id)}/assemblies`), loadDefinition(id)]);
  render(
    h('h1', {}, t('assembly.list_title')),
    h('p', { class: 'hint' }, t('assembly.about')),
    list.length
      ? h('ul', { class: 'cards', id: 'assemblies' }, list.map((a) => h('li', { class: 'card' },
        h('h2', { style: 'overflow-wrap: anywhere' }, h('a', { href: `${base(id)}/${eid(a.id)}` }, a.title)),
        h('p', {}, t('assembly.when_where', { date: date(a.date), place: place(a, definition) })),
        h('p', {}, t('assembly.attendees', { count: number(a.attendees) })),
        h('p', {}, t('assembly.items_decided', { decided: number(a.items.filter((i) => i.state === 'decided').length), items: number(a.items.length) })))))
      : h('p', { class: 'msg' }, t('assembly.none')),
  );
}

/** Where a linked project's page is: its ballot from the definition (null before it is public). */
function projectLink(id, definition, projectId) {
  const b = definition?.ballots?.find((x) => x.projects.some((p) => p.id === projectId));
  if (!b) return h('span', {}, projectId);
  const p = b.projects.find((x) => x.id === projectId);
  return h('a', { href: projectUrl(id, b.id, projectId) }, text(p.name));
}

function decision(item) {
  if (item.state === 'voting') {
    return h('p', { class: 'msg' }, t('assembly.voting_now', { voted: number(item.voted) }));
  }
  if (item.state !== 'decided') return h('p', { class: 'hint' }, t('assembly.no_decision'));
  const total = item.yes + item.no + item.abstain;
  const how = item.method === 'codes' ? t('assembly.by_codes') : t('assembly.by_hands');
  return h('div', { class: 'decision' },
    h('p', {}, how),
    h('table', {},
      h('tbody', {}, [['yes', item.yes], ['no', item.no], ['abstain', item.abstain]].map(([k, v]) => h('tr', {},
        h('th', { scope: 'row' }, t(`assembly.choice_${k}`)),
        h('td', { class: 'num', 'data-count': k }, number(v)),
        h('td', { class: 'num' }, total ? `${Math.round((100 * v) / total)}%` : '—'))))),
    item.advice ? h('p', { class: 'advice' }, h('strong', {}, t('assembly.advice')), ' ', item.advice) : null);
}

export async function assemblyPage(id, aid) {
  const [a, definition] = await Promise.all([getJson(`${base(id)}/${eid(aid)}`), loadDefinition(id)]);
  document.title = `${a.title} — ${t('brand')}`;
  render(
    h('p', { class: 'crumbs' }, h('a', { href: base(id) }, t('assembly.back'))),
    h('h1', { style: 'overflow-wrap: anywhere' }, a.title),
    h('p', {}, t('assembly.when_where', { date: date(a.date), place: place(a, definition) })),
    h('p', {}, t('assembly.attendees', { count: number(a.attendees) })),
    a.items.some((i) => i.state === 'voting')
      ? h('p', {}, h('a', { class: 'button', href: `${base(id)}/${eid(aid)}/vote` }, t('assembly.vote_link')))
      : null,
    h('h2', {}, t('assembly.agenda')),
    h('ol', { class: 'agenda', id: 'agenda' }, a.items.map((item) => h('li', { 'data-item': item.item },
      h('h3', {}, item.text),
      item.projects.length ? h('p', {}, t('assembly.projects'), ' ', item.projects.map((p, k) => [k ? ', ' : '', projectLink(id, definition, p)])) : null,
      item.proposals.length ? h('p', {}, t('assembly.proposals'), ' ', item.proposals.join(', ')) : null,
      decision(item)))),
    h('h2', {}, t('assembly.minutes')),
    a.minutes ? h('div', { class: 'minutes', id: 'minutes', style: 'white-space: pre-wrap; overflow-wrap: anywhere' }, a.minutes) : h('p', { class: 'hint' }, t('assembly.no_minutes')),
    h('p', { class: 'hint' }, t('assembly.on_log', { revision: number(a.revision) })),
  );
}

function voteError(e) {
  if (!(e instanceof ApiError)) return t('error.network');
  if (e.status === 409 && /already/.test(e.detail)) return t('assembly.slip_used');
  if (e.status === 409) return t('assembly.vote_closed');
  if (e.status === 429) return t('assembly.too_many');
  return t('assembly.wrong_code');
}

/** How often the quick-vote page asks which items are open (staff open and close them). */
const POLL_MS = 5000;

export async function slipVotePage(id, aid) {
  const load = () => getJson(`/elections/${eid(id)}/assemblies/${eid(aid)}`);
  const a = await load();
  document.title = `${t('title.assembly_vote')} — ${a.title}`;
  const code = h('input', { type: 'text', class: 'code', id: 'slip-code', name: 'code', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', maxlength: '20', required: true });
  const status = h('p', { id: 'vote-status', role: 'status', 'aria-live': 'polite' });
  const items = h('fieldset', { id: 'open-items' });
  const buttons = ['yes', 'no', 'abstain'].map((c) => h('button', {
    type: 'button', class: c === 'yes' ? 'primary' : 'secondary', 'data-choice': c,
    on: { click: () => { if (code.value.trim()) send(c); else { status.className = 'msg error'; status.textContent = t('assembly.code_missing'); code.focus(); } } },
  }, t(`assembly.choice_${c}`)));
  let shown = null;
  /** The items under a quick vote now; the one picked stays picked while it is open. */
  function drawItems(assembly) {
    const open = assembly.items.filter((i) => i.state === 'voting');
    const key = open.map((i) => i.item).join(',');
    if (key === shown) return;
    shown = key;
    const was = items.querySelector('input[name=item]:checked')?.value;
    const keep = open.some((i) => String(i.item) === was);
    items.replaceChildren();
    append(items, [h('legend', {}, t('assembly.which_item')),
      open.length
        ? open.map((item, k) => h('div', { class: 'choice' },
          h('input', { type: 'radio', name: 'item', id: `item-${item.item}`, value: String(item.item), checked: keep ? String(item.item) === was : k === 0, style: 'width:28px;height:28px;flex:none' }),
          h('label', { for: `item-${item.item}` }, `${item.item}. ${item.text}`)))
        : [h('p', { class: 'msg', id: 'nothing-open' }, t('assembly.nothing_open')),
          h('p', {}, h('a', { href: `${base(id)}/${eid(aid)}` }, t('assembly.see_page')))]]);
    for (const b of buttons) b.disabled = !open.length;
  }
  async function send(choice) {
    const picked = items.querySelector('input[name=item]:checked');
    if (!picked) return;
    status.className = 'msg';
    status.textContent = t('assembly.sending');
    try {
      const r = await fetch(`/api/v1/elections/${eid(id)}/assemblies/${eid(aid)}/items/${picked.value}/slip-votes`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, cache: 'no-store',
        body: JSON.stringify({ code: code.value, choice }),
      });
      if (!r.ok) {
        let detail = '';
        try { detail = (await r.json()).detail ?? ''; } catch { /* not problem+json */ }
        throw new ApiError(r.status, detail);
      }
      const out = await r.json();
      status.className = 'msg ok';
      status.textContent = t('assembly.counted', { item: number(out.item), voted: number(out.voted) });
      code.value = '';
    } catch (e) {
      status.className = 'msg error';
      status.textContent = voteError(e);
    }
  }
  drawItems(a);
  render(
    h('h1', { style: 'overflow-wrap: anywhere' }, a.title),
    h('p', {}, t('assembly.vote_intro')),
    h('form', { id: 'slip-form', on: { submit: (ev) => ev.preventDefault() } },
      h('div', { class: 'field' }, h('label', { for: 'slip-code' }, t('assembly.code_label')), code),
      items,
      h('p', { class: 'row' }, buttons)),
    status,
  );
  const timer = setInterval(async () => {
    if (!document.body.contains(items)) { clearInterval(timer); return; }
    try { drawItems(await load()); } catch { /* the next time */ }
  }, POLL_MS);
}

/** The assemblies that discussed a project, for its page (an empty list: nothing shown). */
export async function projectAssemblies(id, projectId, { proposal = false } = {}) {
  let list = [];
  const what = proposal ? 'proposals' : 'projects';
  try { list = await getJson(`/elections/${eid(id)}/${what}/${eid(projectId)}/assemblies`); } catch { return null; }
  if (!list.length) return null;
  return h('section', { class: 'panel', 'aria-labelledby': 'assemblies-of' },
    h('h2', { id: 'assemblies-of' }, t('assembly.of_project')),
    h('ul', {}, list.map((a) => h('li', {},
      h('a', { href: `${base(id)}/${eid(a.id)}` }, a.title), ' — ', date(a.date),
      ' ', t('assembly.on_items', { items: a.items.join(', ') })))));
}
