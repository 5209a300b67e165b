// Results page: per ballot the votes as labelled bars (winners marked, reasons for the
// projects that got more votes than a winner but were not funded), the budget bar, the
// turnout as a share of the eligible voters, a map of the projects, a CSV of it all, and the
// downloads an auditor needs.
//
// Turnout: the eligible voters of each district are counted from the public credential list
// on the board (checked against its fingerprint); the ballots counted are the published
// result's. A district's ballot is cast only by that district's voters, so its turnout is the
// district's; the city-wide ballot's turnout is the whole city's.

import { ApiError, eid, getJson } from './api.js';
import { budgetChart, scoreChart, whyNotFunded } from './charts.js';
import { download, h, render } from './dom.js';
import { loadCredentialList, loadDefinition, loadElection } from './election.js';
import { money, number, percent, t, text } from './i18n.js';
import { projectMap } from './map.js';
import { districtName, ruleSentence } from './projects.js';

/** For a city-wide ballot: the district a project's neighbourhood belongs to. */
function areaFinder(definition, ballot) {
  if (ballot.district !== 'city-wide') return () => ballot.district;
  const of = new Map();
  for (const d of definition?.districts ?? []) for (const n of d.neighbourhoods ?? []) of.set(n, d.id);
  return (p) => of.get(p.neighbourhood) ?? '';
}

function csvCell(v) {
  const s = String(v ?? '');
  return /[",\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A consultation's result (docs/ballots.md §4.1): each answer's votes and share, and the
 *  answer with the most votes -- no budget, no costs. */
function consultationSection(i, ballot, r) {
  const chosen = ballot.projects.find((p) => r.selected.includes(p.id));
  const total = r.scores.reduce((a, b) => a + b, 0);
  return h('section', { 'aria-labelledby': `b${i}`, class: 'consultation' },
    h('h2', { id: `b${i}` }, text(ballot.title)),
    h('p', {}, t('consult.summary', { ballots: number(r.ballots) })),
    h('table', {},
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('consult.answer')), h('th', { scope: 'col', class: 'num' }, t('consult.votes')), h('th', { scope: 'col', class: 'num' }, t('consult.share')))),
      h('tbody', {}, ballot.projects.map((p, j) => h('tr', { 'data-answer': p.id },
        h('th', { scope: 'row' }, text(p.name)),
        h('td', { class: 'num' }, number(r.scores[j])),
        h('td', { class: 'num' }, total ? percent(r.scores[j] / total, 1) : '—'))))),
    chosen ? h('p', { class: 'msg ok', id: `chosen-${i}` }, t('consult.chosen', { answer: text(chosen.name) })) : null);
}

export async function resultsPage(id, config) {
  const el = await loadElection(id);
  const heading = h('h1', {}, el.manifest ? text(el.manifest.title) : el.view.title);
  if (el.view.status !== 'published') {
    return render(heading, h('p', { class: 'msg' }, t('results.not_yet')));
  }
  let result;
  try {
    result = await getJson(`/elections/${eid(id)}/result`);
  } catch (e) {
    if (e instanceof ApiError && e.status === 409) return render(heading, h('p', { class: 'msg' }, t('results.not_yet')));
    throw e;
  }
  el.definition = await loadDefinition(id);
  let eligible = null;
  try {
    const list = await loadCredentialList(el);
    eligible = new Map();
    for (const d of list.map.values()) eligible.set(d, (eligible.get(d) ?? 0) + 1);
  } catch { /* turnout is left out when the list cannot be checked */ }
  const cur = el.manifest.currency;
  const csv = [[t('csv.ballot'), t('csv.project'), t('csv.votes'), t('csv.cost'), t('csv.funded'), t('csv.reason')]];
  const turnoutRows = [];
  const sections = result.map((r, i) => {
    const mb = el.manifest.ballots.find((b) => b.id === r.style);
    const db = el.definition?.ballots?.find((b) => b.id === r.style);
    const ballot = { ...mb, eid: el.id, currency: cur, defProjects: new Map((db?.projects ?? []).map((p) => [p.id, p])) };
    const funded = new Set(r.selected);
    const voters = ballot.district === 'city-wide'
      ? (eligible ? [...eligible.values()].reduce((a, b) => a + b, 0) : null)
      : (eligible ? eligible.get(ballot.district) ?? 0 : null);
    turnoutRows.push({ name: districtName(el.definition, ballot.district), ballots: r.ballots, voters });
    if (r.ballots > 0 && r.scores.length === 0) {
      // Fewer ballots than min_tally_ballots: the trustees did not decrypt this tally.
      return h('section', { 'aria-labelledby': `b${i}` },
        h('h2', { id: `b${i}` }, text(ballot.title)),
        h('p', { class: 'msg' }, t('results.withheld', { ballots: number(r.ballots), minimum: number(el.manifest.min_tally_ballots) })));
    }
    if (db?.consultation) return consultationSection(i, ballot, r);
    const why = whyNotFunded(ballot, r);
    ballot.projects.forEach((p, j) => csv.push([text(ballot.title), text(p.name), r.scores[j], p.cost, funded.has(p.id) ? t('results.yes') : t('results.no'),
      why.has(j) ? t(`csv.why_${why.get(j).kind}`) : '']));
    return h('section', { 'aria-labelledby': `b${i}` },
      h('h2', { id: `b${i}` }, text(ballot.title)),
      h('p', {}, t('results.summary', { ballots: number(r.ballots), funded: number(r.selected.length), cost: money(r.cost, cur), budget: money(r.budget, cur) })),
      h('p', { class: 'hint' }, ruleSentence(r.rule)),
      scoreChart(`chart-${i}`, ballot, r),
      budgetChart(`budget-${i}`, ballot, r),
      h('h3', {}, t('results.map_title')),
      projectMap(`map-${i}`, ballot.projects, funded, config, areaFinder(el.definition, ballot)) ?? h('p', {}, t('results.no_map')));
  });
  const turnout = h('section', { 'aria-labelledby': 'turnout' },
    h('h2', { id: 'turnout' }, t('turnout.title')),
    h('table', { id: 'turnout-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('turnout.area')), h('th', { scope: 'col', class: 'num' }, t('turnout.ballots')), h('th', { scope: 'col', class: 'num' }, t('turnout.eligible')), h('th', { scope: 'col', class: 'num' }, t('turnout.share')))),
      h('tbody', {}, turnoutRows.map((x) => h('tr', {},
        h('th', { scope: 'row' }, x.name), h('td', { class: 'num' }, number(x.ballots)),
        h('td', { class: 'num' }, x.voters === null ? '—' : number(x.voters)),
        h('td', { class: 'num' }, x.voters ? percent(x.ballots / x.voters, 1) : '—'))))),
    h('p', { class: 'hint' }, t('turnout.note')));
  const csvText = '\ufeff' + csv.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
  render(
    heading,
    turnout,
    ...sections,
    h('h2', {}, t('results.downloads')),
    h('p', {}, h('button', { type: 'button', class: 'secondary', id: 'csv', on: { click: () => download(`${id}-sonuclar.csv`, csvText, 'text/csv') } }, t('results.csv'))),
    h('details', { class: 'tech' }, h('summary', {}, t('tech.title')),
      h('ul', {},
        h('li', {}, h('a', { href: `/api/v1/elections/${eid(id)}/record`, download: `${id}-record.json` }, t('results.record'))),
        h('li', {}, h('a', { href: `/api/v1/elections/${eid(id)}/manifest`, download: `${id}-manifest.json` }, t('results.manifest'))),
        h('li', {}, h('a', { href: `/api/v1/elections/${eid(id)}/result`, download: `${id}-result.json` }, t('results.result_json')))),
      h('p', { class: 'hint' }, t('results.audit'))),
  );
}
