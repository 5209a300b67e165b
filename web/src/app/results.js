// Results page: per ballot the scores as a chart (funded projects marked), the spending
// against the budget, a map of the projects, and the downloads an auditor needs.

import { ApiError, eid, getJson } from './api.js';
import { budgetChart, scoreChart } from './charts.js';
import { h, render } from './dom.js';
import { loadElection } from './election.js';
import { money, number, t, text } from './i18n.js';
import { projectMap } from './map.js';

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
  const cur = el.manifest.currency;
  const sections = result.map((r, i) => {
    const ballot = { ...el.manifest.ballots.find((b) => b.id === r.style), currency: cur };
    const funded = new Set(r.selected);
    if (r.ballots > 0 && r.scores.length === 0) {
      // Fewer ballots than min_tally_ballots: the trustees did not decrypt this tally.
      return h('section', { 'aria-labelledby': `b${i}` },
        h('h2', { id: `b${i}` }, text(ballot.title)),
        h('p', { class: 'msg' }, t('results.withheld', { ballots: number(r.ballots), minimum: number(el.manifest.min_tally_ballots) })));
    }
    return h('section', { 'aria-labelledby': `b${i}` },
      h('h2', { id: `b${i}` }, text(ballot.title)),
      h('p', {}, t('results.summary', { ballots: number(r.ballots), funded: r.selected.length, cost: money(r.cost, cur), budget: money(r.budget, cur) })),
      h('p', { class: 'hint' }, t('results.rule', { rule: r.rule })),
      scoreChart(`chart-${i}`, ballot, r),
      budgetChart(`budget-${i}`, ballot, r),
      h('h3', {}, t('results.map_title')),
      projectMap(`map-${i}`, ballot.projects, funded, config) ?? h('p', {}, t('results.no_map')));
  });
  render(
    heading,
    ...sections,
    h('h2', {}, t('results.downloads')),
    h('ul', {},
      h('li', {}, h('a', { href: `/api/v1/elections/${eid(id)}/record`, download: `${id}-record.json` }, t('results.record'))),
      h('li', {}, h('a', { href: `/api/v1/elections/${eid(id)}/manifest`, download: `${id}-manifest.json` }, t('results.manifest'))),
      h('li', {}, h('a', { href: `/api/v1/elections/${eid(id)}/result`, download: `${id}-result.json` }, t('results.result_json')))),
    h('p', { class: 'hint' }, t('results.audit')),
  );
}
