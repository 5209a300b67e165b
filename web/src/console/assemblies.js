// The Assemblies panel (issue #18; docs/spec/service.md §9): record a neighbourhood assembly
// meeting, enter an item's show of hands, generate one-time slips (printable: the codes are
// shown this once, the server keeps only their hashes), open and close an item's quick vote,
// publish the minutes. Every change is an entry of the participation log. What staff typed is
// drawn as text (dom.js h()).

import { append, h } from '../app/dom.js';
import { api, eid } from './api.js';
import { t } from './i18n.js';

/** "text | p1, p2 | pr-3" per line: an agenda item, its projects, its proposals. */
export function parseAgenda(textValue) {
  return textValue.split('\n').map((line) => line.trim()).filter(Boolean).map((line) => {
    const [item, projects = '', proposals = ''] = line.split('|');
    const ids = (s) => s.split(',').map((x) => x.trim()).filter(Boolean);
    return { text: item.trim(), projects: ids(projects), proposals: ids(proposals) };
  });
}

function field(id, label, el) {
  el.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), el);
}

function slipsSheet(view, a, codes) {
  const url = `${location.origin}/elections/${eid(view.id)}/assemblies/${eid(a.id)}/vote`;
  return h('div', { class: 'slips', id: `slips-${a.id}` },
    h('p', { class: 'msg' }, t('asm.slips_once')),
    h('button', { type: 'button', class: 'secondary', on: { click: () => window.print() } }, t('asm.print')),
    h('ol', { class: 'slip-sheet' }, codes.map((c) => h('li', { class: 'slip' },
      h('p', {}, a.title), h('p', {}, h('code', { class: 'slip-code' }, c)), h('p', { class: 'hint' }, url)))));
}

function itemRow(view, a, item, refresh) {
  const err = h('p', { class: 'field-error', role: 'alert' });
  const run = async (fn) => { err.textContent = ''; try { await fn(); await refresh(); } catch (x) { err.textContent = x.message; } };
  const base = `/elections/${eid(view.id)}/assemblies/${eid(a.id)}/items/${item.item}`;
  const idp = `asm-${a.id}-${item.item}`;
  const num = () => h('input', { type: 'text', inputmode: 'numeric', value: '0', size: 5 });
  const parts = [h('h4', {}, `${item.item}. `, item.text)];
  if (item.state === 'decided') {
    parts.push(h('p', { 'data-decision': item.item }, t(`asm.method_${item.method}`), ': ',
      `${t('asm.yes')} ${item.yes} · ${t('asm.no')} ${item.no} · ${t('asm.abstain')} ${item.abstain}`),
    item.advice ? h('p', {}, item.advice) : null);
  } else if (item.state === 'voting') {
    const advice = h('input', { type: 'text' });
    parts.push(h('p', {}, t('asm.voted', { n: item.voted })),
      field(`${idp}-close-advice`, t('asm.advice'), advice),
      h('button', { type: 'button', class: 'primary', id: `${idp}-close`, on: { click: () => run(() => api('POST', `${base}/quick-vote/close`, { advice: advice.value })) } }, t('asm.close_vote')));
  } else {
    const [yes, no, abstain, advice] = [num(), num(), num(), h('input', { type: 'text' })];
    parts.push(h('div', { class: 'grid' },
      field(`${idp}-yes`, t('asm.yes'), yes), field(`${idp}-no`, t('asm.no'), no), field(`${idp}-abstain`, t('asm.abstain'), abstain),
      field(`${idp}-advice`, t('asm.advice'), advice)),
    h('p', { class: 'row' },
      h('button', { type: 'button', class: 'primary', id: `${idp}-hands`, on: { click: () => run(() => api('POST', `${base}/hands`, { yes: Number(yes.value), no: Number(no.value), abstain: Number(abstain.value), advice: advice.value })) } }, t('asm.enter_hands')),
      h('button', { type: 'button', class: 'secondary', id: `${idp}-open`, on: { click: () => run(() => api('POST', `${base}/quick-vote`)) } }, t('asm.open_vote'))));
  }
  parts.push(err);
  return h('li', { 'data-item': item.item }, parts);
}

function assemblyBlock(view, a, refresh) {
  const err = h('p', { class: 'field-error', role: 'alert' });
  const minutes = h('textarea', { rows: 5 }, a.minutes);
  const count = h('input', { type: 'text', inputmode: 'numeric', value: String(Math.max(1, a.attendees)) });
  const sheet = h('div');
  const idp = `asm-${a.id}`;
  return h('article', { class: 'panel', id: idp },
    h('h3', {}, a.title),
    h('p', {}, `${a.date} · ${a.neighbourhood ? `${a.neighbourhood}, ` : ''}${a.district} · ${t('asm.attendees')}: ${a.attendees} · ${t('asm.slips')}: ${a.slips}`),
    h('p', {}, h('a', { href: `/elections/${eid(view.id)}/assemblies/${eid(a.id)}` }, t('asm.public_page'))),
    h('ol', { class: 'agenda' }, a.items.map((item) => itemRow(view, a, item, refresh))),
    field(`${idp}-minutes`, t('asm.minutes'), minutes),
    h('button', { type: 'button', class: 'secondary', id: `${idp}-save-minutes`, on: { click: async () => {
      err.textContent = '';
      try { await api('PUT', `/elections/${eid(view.id)}/assemblies/${eid(a.id)}/minutes`, { minutes: minutes.value }); await refresh(); } catch (x) { err.textContent = x.message; }
    } } }, t('asm.save_minutes')),
    field(`${idp}-slip-count`, t('asm.slip_count'), count),
    h('button', { type: 'button', class: 'secondary', id: `${idp}-make-slips`, on: { click: async () => {
      err.textContent = '';
      try {
        const out = await api('POST', `/elections/${eid(view.id)}/assemblies/${eid(a.id)}/slips`, { count: Number(count.value) });
        sheet.replaceChildren(slipsSheet(view, a, out.codes));
      } catch (x) { err.textContent = x.message; }
    } } }, t('asm.make_slips')),
    err, sheet);
}

/** The panel; `doc` is the definition (for the districts). */
export async function assembliesSection(view, doc) {
  const sec = h('section', { class: 'panel', id: 'assemblies' });
  const refresh = async () => sec.replaceWith(await assembliesSection(view, doc));
  const list = await api('GET', `/elections/${eid(view.id)}/assemblies`);
  const err = h('p', { class: 'field-error', id: 'assembly-error', role: 'alert' });
  const districts = [...(doc.districts ?? []).map((d) => [d.id, d.name || d.id]), ['city-wide', t('city_wide')]];
  const f = {
    date: h('input', { type: 'text', placeholder: 'YYYY-MM-DD' }),
    district: h('select', {}, districts.map(([v, n]) => h('option', { value: v }, n))),
    neighbourhood: h('input', { type: 'text' }),
    attendees: h('input', { type: 'text', inputmode: 'numeric' }),
    title: h('input', { type: 'text' }),
    agenda: h('textarea', { rows: 4 }),
    minutes: h('textarea', { rows: 3 }),
  };
  const record = async () => {
    err.textContent = '';
    try {
      await api('POST', `/elections/${eid(view.id)}/assemblies`, {
        date: f.date.value.trim(), district: f.district.value, neighbourhood: f.neighbourhood.value.trim() || null,
        attendees: Number(f.attendees.value), title: f.title.value, agenda: parseAgenda(f.agenda.value), minutes: f.minutes.value,
      });
      await refresh();
    } catch (x) { err.textContent = x.message; }
  };
  append(sec, [
    h('h2', {}, t('asm.title')),
    list.length ? list.map((a) => assemblyBlock(view, a, refresh)) : h('p', {}, t('asm.none')),
    h('h3', {}, t('asm.record')),
    field('asm-date', t('asm.date'), f.date), field('asm-district', t('district'), f.district),
    field('asm-neighbourhood', t('neighbourhood'), f.neighbourhood), field('asm-attendees', t('asm.attendees'), f.attendees),
    field('asm-title', t('asm.meeting_title'), f.title),
    field('asm-agenda', t('asm.agenda'), f.agenda), h('p', { class: 'hint' }, t('asm.agenda_hint')),
    field('asm-minutes', t('asm.minutes'), f.minutes),
    err, h('button', { type: 'button', class: 'primary', id: 'asm-record', on: { click: record } }, t('asm.record'))]);
  return sec;
}
