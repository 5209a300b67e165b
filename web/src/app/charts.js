// Results residents can read: the projects as a list of bars in HTML (names wrap instead of
// being cut; each label carries the cost and, for a winner, the "✓ Kazandı" mark, so nothing
// is clipped on a 360 px phone and everything grows with the reader's text size), the budget
// as a labelled stacked bar, and, for every project that got more votes than a winner but
// was not funded, the reason -- derived from the published selection by walking the rule's
// order (docs/rules/), so the sentence never contradicts the result.

import { h } from './dom.js';
import { money, number, percent, t, text } from './i18n.js';
import { photos } from './projects.js';

/** The order a greedy-family rule walks the projects in (docs/rules/greedy.md, quadratic.md). */
export function walkOrder(ballot, scores) {
  const ratio = ballot.utility === 'cardinality' || ballot.utility === 'points';
  const idx = ballot.projects.map((p, j) => j);
  const key = (j) => (ratio ? scores[j] / Number(ballot.projects[j].cost) : scores[j]);
  const tie = ballot.tie_break === 'pabutools'
    ? (a, b) => (ballot.projects[a].id < ballot.projects[b].id ? -1 : 1)
    : (a, b) => a - b;
  return idx.sort((a, b) => key(b) - key(a) || tie(a, b));
}

/**
 * Why each unfunded project with more votes than some funded one was not funded: a Map from
 * project index to {kind, left, cost}. `kind`: 'no_room' (at its turn less than its cost was
 * left: greedy and quadratic voting), 'stopped' (greedy-no-skip stopped at an earlier
 * project), 'combination' (max-welfare chose another combination), 'other'.
 */
export function whyNotFunded(ballot, result) {
  const funded = new Set(result.selected);
  const scores = result.scores;
  const winners = ballot.projects.map((p, j) => j).filter((j) => funded.has(ballot.projects[j].id));
  if (!winners.length) return new Map();
  const lowest = Math.min(...winners.map((j) => scores[j]));
  const out = new Map();
  const losers = ballot.projects.map((p, j) => j).filter((j) => !funded.has(ballot.projects[j].id) && scores[j] > lowest);
  if (!losers.length) return out;
  const budget = Number(result.budget);
  if (['greedy', 'greedy-no-skip', 'quadratic-voting'].includes(result.rule)) {
    let left = budget;
    let stopped = false;
    for (const j of walkOrder(ballot, scores)) {
      const cost = Number(ballot.projects[j].cost);
      if (funded.has(ballot.projects[j].id)) { left -= cost; continue; }
      if (losers.includes(j)) {
        out.set(j, { kind: stopped ? 'stopped' : cost > left ? 'no_room' : 'other', left, cost });
      }
      if (result.rule === 'greedy-no-skip') stopped = true;
    }
  } else {
    for (const j of losers) out.set(j, { kind: result.rule === 'max-welfare' ? 'combination' : 'other', left: null, cost: Number(ballot.projects[j].cost) });
  }
  return out;
}

/** The scores as labelled bars, highest first; each unfunded project above a winner says why. */
export function scoreChart(id, ballot, result) {
  const why = whyNotFunded(ballot, result);
  const cur = ballot.currency;
  const rows = ballot.projects.map((p, j) => ({ p, j, score: result.scores[j], funded: result.selected.includes(p.id) }))
    .sort((a, b) => b.score - a.score || a.j - b.j);
  const max = Math.max(1, ...rows.map((r) => Math.abs(r.score)));
  return h('figure', { class: 'chart', id },
    h('figcaption', { id: `${id}-title` }, t('results.chart_title', { ballot: text(ballot.title) })),
    h('ol', { class: 'bars', 'aria-labelledby': `${id}-title` }, rows.map((r) => {
      const reason = why.get(r.j);
      const pic = photos(ballot.defProjects?.get(r.p.id), ballot.eid)[0];
      return h('li', { class: r.funded ? 'bar-row funded' : 'bar-row', 'data-project': r.p.id },
        pic ? h('img', { class: 'thumb', src: pic.url, alt: '', loading: 'lazy' }) : null,
        h('div', { class: 'bar-label' },
          h('span', { class: 'name' }, text(r.p.name)),
          h('span', { class: 'facts' },
            r.funded ? h('span', { class: 'funded-mark' }, `✓ ${t('results.funded_short')}`) : null,
            h('span', { class: 'cost' }, money(r.p.cost, cur)))),
        h('div', { class: 'bar-track' },
          h('span', { class: 'bar-fill', style: `width:${Math.max(0.5, (100 * Math.abs(r.score)) / max).toFixed(2)}%` }),
          h('span', { class: 'bar-value' }, t('results.votes', { n: number(r.score) }))),
        reason ? h('p', { class: 'why' }, reasonText(reason, cur)) : null);
    })));
}

function reasonText(r, cur) {
  if (r.kind === 'no_room') return t('results.why_no_room', { left: money(r.left, cur), cost: money(r.cost, cur) });
  if (r.kind === 'stopped') return t('results.why_stopped');
  if (r.kind === 'combination') return t('results.why_combination');
  return t('results.why_other');
}

/** The funded projects' costs stacked against the budget, every part labelled. */
export function budgetChart(id, ballot, result) {
  const cur = ballot.currency;
  const budget = Number(result.budget);
  const total = Math.max(budget, Number(result.cost)) || 1;
  const funded = result.selected.map((pid) => ballot.projects.find((p) => p.id === pid)).filter(Boolean);
  const left = Math.max(0, budget - Number(result.cost));
  return h('figure', { class: 'budget-chart', id },
    h('figcaption', { id: `${id}-title` }, t('results.budget_desc', { cost: money(result.cost, cur), budget: money(result.budget, cur), share: percent(Number(result.cost) / (budget || 1)) })),
    h('div', { class: 'stack', role: 'img', 'aria-labelledby': `${id}-title` },
      funded.map((p, i) => h('span', { class: `seg s${i % 2}`, style: `width:${((100 * Number(p.cost)) / total).toFixed(2)}%` })),
      left ? h('span', { class: 'seg left', style: `width:${((100 * left) / total).toFixed(2)}%` }) : null),
    h('ul', { class: 'stack-legend' },
      funded.map((p, i) => h('li', {}, h('span', { class: `swatch s${i % 2}`, 'aria-hidden': 'true' }), `${text(p.name)}: ${money(p.cost, cur)}`)),
      h('li', {}, h('span', { class: 'swatch left', 'aria-hidden': 'true' }), t('results.left', { left: money(left, cur) }))));
}
