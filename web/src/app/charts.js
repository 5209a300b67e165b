// Accessible SVG charts: role="img" with a title and description, every value also written as
// text on the chart, and the same data as a table for screen readers and keyboard users.

import { h, s } from './dom.js';
import { money, number, t, text } from './i18n.js';

function chartWidth() {
  const main = document.getElementById('main');
  const w = main ? main.clientWidth - 24 : 640;
  return Math.max(300, Math.min(720, Math.round(w)));
}

/** Horizontal bars of scores, funded projects marked (colour and a ✓ in the label). */
export function scoreChart(id, ballot, result) {
  const rows = ballot.projects.map((p, j) => ({ p, score: result.scores[j], funded: result.selected.includes(p.id) }))
    .sort((a, b) => b.score - a.score);
  // Drawn at the width it is shown at, so that text stays at 12 px on a 360 px phone.
  const W = chartWidth(); const rowH = 34; const left = Math.round(Math.min(210, W * 0.45)); const right = 44;
  const maxChars = Math.max(10, Math.floor((left - 10) / 7));
  const H = rows.length * rowH + 30;
  const min = Math.min(0, ...rows.map((r) => r.score));
  const max = Math.max(1, ...rows.map((r) => r.score));
  const x = (v) => left + ((v - min) / (max - min)) * (W - left - right);
  const titleId = `${id}-title`; const descId = `${id}-desc`;
  const svg = s('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': `${titleId} ${descId}`, width: '100%' },
    s('title', { id: titleId }, t('results.chart_title', { ballot: text(ballot.title) })),
    s('desc', { id: descId }, t('results.chart_desc', { n: rows.length, funded: rows.filter((r) => r.funded).length })),
    rows.map((r, i) => {
      const y = 10 + i * rowH;
      const name = text(r.p.name);
      const label = (r.funded ? '✓ ' : '') + (name.length > maxChars ? `${name.slice(0, maxChars - 1)}…` : name);
      return s('g', {},
        s('text', { x: left - 6, y: y + 20, 'text-anchor': 'end' }, label),
        s('rect', { x: Math.min(x(0), x(r.score)), y: y + 4, width: Math.max(1, Math.abs(x(r.score) - x(0))), height: rowH - 10, class: r.funded ? 'funded' : 'unfunded' }),
        s('text', { x: Math.max(x(0), x(r.score)) + 4, y: y + 20 }, number(r.score)));
    }),
    s('line', { x1: x(0), x2: x(0), y1: 4, y2: H - 20, stroke: '#1a1a1a' }),
  );
  const table = h('table', {},
    h('caption', { class: 'visually-hidden' }, t('results.chart_title', { ballot: text(ballot.title) })),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('results.project')), h('th', { scope: 'col', class: 'num' }, t('results.score')), h('th', { scope: 'col', class: 'num' }, t('results.cost')), h('th', { scope: 'col' }, t('results.funded')))),
    h('tbody', {}, rows.map((r) => h('tr', {},
      h('th', { scope: 'row' }, text(r.p.name)), h('td', { class: 'num' }, number(r.score)),
      h('td', { class: 'num' }, money(r.p.cost, ballot.currency)), h('td', {}, r.funded ? t('results.yes') : t('results.no'))))));
  return h('figure', {}, svg,
    h('figcaption', { class: 'legend' },
      h('span', {}, h('span', { class: 'swatch', style: 'background:#0b5cad' }), t('results.legend_funded')),
      h('span', {}, h('span', { class: 'swatch', style: 'background:#8a939c' }), t('results.legend_unfunded'))),
    h('details', {}, h('summary', {}, t('results.as_table')), table));
}

/** The funded projects' costs stacked against the budget line. */
export function budgetChart(id, ballot, result) {
  const W = chartWidth(); const H = 70; const pad = 10;
  const funded = result.selected.map((pid) => ballot.projects.find((p) => p.id === pid)).filter(Boolean);
  const budget = Number(result.budget);
  const total = Math.max(budget, Number(result.cost));
  const x = (v) => pad + (v / total) * (W - 2 * pad);
  let acc = 0;
  const titleId = `${id}-title`;
  return h('figure', {}, s('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': titleId, width: '100%' },
    s('title', { id: titleId }, t('results.budget_desc', { cost: money(result.cost, ballot.currency), budget: money(result.budget, ballot.currency) })),
    funded.map((p, i) => {
      const x0 = x(acc); acc += Number(p.cost);
      return s('rect', { x: x0, y: 12, width: Math.max(1, x(acc) - x0 - 1), height: 30, class: 'funded', opacity: i % 2 ? 0.75 : 1 }, s('title', {}, `${text(p.name)}: ${money(p.cost, ballot.currency)}`));
    }),
    s('line', { x1: x(budget), x2: x(budget), y1: 4, y2: 52, class: 'budget' }),
    s('text', { x: x(budget) - 4, y: 66, 'text-anchor': 'end' }, t('results.budget_line', { budget: money(result.budget, ballot.currency) }))),
  h('figcaption', {}, t('results.budget_desc', { cost: money(result.cost, ballot.currency), budget: money(result.budget, ballot.currency) })));
}
