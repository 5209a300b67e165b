// The public project catalogue (/elections/{id}/projects) and each project's own page
// (/elections/{id}/projects/{ballot}/{project}): open to anyone, no code, in every phase once
// the definition is public (from the key ceremony on). Filters (district, category, SDG, cost),
// sort and search live in the address (?q=&district=&category=&sdg=&max=&sort=), so a
// filtered list can be shared too.

import { ApiError, eid, getJson } from './api.js';
import { projectAssemblies } from './assemblies.js';
import { h, render } from './dom.js';
import { loadDefinition } from './election.js';
import { locale, money, number, t, text } from './i18n.js';
import { projectMap } from './map.js';
import { districtName, photos, projectCard, ruleSentence, schedule } from './projects.js';
import { phaseSlot } from './proposals.js';
import { trackingSection } from './tracking.js';

async function load(id) {
  const view = await getJson(`/elections/${eid(id)}`);
  const definition = view.status === 'draft' ? null : await loadDefinition(id);
  return { id, view, definition, manifest: null };
}

function notYet(el) {
  render(h('h1', {}, t('catalog.title')), h('p', {}, el.view.title), h('p', { class: 'msg' }, t('catalog.not_yet')), phaseSlot(el.id));
}

const fold = (s) => String(s).toLocaleLowerCase('tr').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ı/g, 'i');

export async function catalogPage(id) {
  const el = await load(id);
  if (!el.definition) return notYet(el);
  const def = el.definition;
  const cur = def.election.currency;
  const all = def.ballots.flatMap((b) => b.projects.map((p) => ({ b, p })));
  const params = new URLSearchParams(location.search);
  const f = {
    q: params.get('q') ?? '', district: params.get('district') ?? '', category: params.get('category') ?? '',
    sdg: params.get('sdg') ?? '', max: params.get('max') ?? '', sort: params.get('sort') ?? 'ballot',
  };
  const uniq = (xs) => [...new Set(xs)].sort((a, b) => a.localeCompare(b, locale()));
  const districts = uniq(def.ballots.map((b) => b.district));
  const categories = uniq(all.flatMap(({ p }) => p.categories ?? []));
  const sdgs = [...new Set(all.flatMap(({ p }) => p.sdg ?? []))].sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)));
  const costs = all.map(({ p }) => Number(p.cost));
  const bands = [...new Set([0.25, 0.5, 0.75].map((q) => niceCeil(quantile(costs, q))))].filter((x) => x < Math.max(...costs));

  const out = h('div', { id: 'catalog-results', 'aria-live': 'polite' });
  const count = h('p', { id: 'catalog-count', role: 'status' });
  const select = (name, label, options) => {
    const el = h('select', { id: `f-${name}`, name }, options.map(([v, l]) => h('option', { value: v }, l)));
    el.value = f[name];
    el.addEventListener('change', () => { f[name] = el.value; draw(); });
    return h('div', { class: 'field' }, h('label', { for: `f-${name}` }, label), el);
  };
  const search = h('input', { type: 'search', id: 'f-q', name: 'q', value: f.q, autocomplete: 'off' });
  search.addEventListener('input', () => { f.q = search.value; draw(); });

  function draw() {
    const q = fold(f.q.trim());
    let list = all.filter(({ b, p }) => (!f.district || b.district === f.district)
      && (!f.category || (p.categories ?? []).includes(f.category))
      && (!f.sdg || (p.sdg ?? []).includes(f.sdg))
      && (!f.max || Number(p.cost) <= Number(f.max))
      && (!q || fold(`${text(p.name)} ${p.description ? text(p.description) : ''} ${(p.categories ?? []).join(' ')} ${p.neighbourhood ?? ''}`).includes(q)));
    const by = {
      name: (x, y) => text(x.p.name).localeCompare(text(y.p.name), locale()),
      'cost-asc': (x, y) => Number(x.p.cost) - Number(y.p.cost),
      'cost-desc': (x, y) => Number(y.p.cost) - Number(x.p.cost),
    }[f.sort];
    if (by) list = [...list].sort(by);
    const query = new URLSearchParams(Object.entries(f).filter(([k, v]) => v && !(k === 'sort' && v === 'ballot')));
    history.replaceState(null, '', `${location.pathname}${query.toString() ? `?${query}` : ''}`);
    count.textContent = t('catalog.count', { n: number(list.length), total: number(all.length) });
    out.replaceChildren(list.length
      ? h('ul', { class: 'cards' }, list.map(({ b, p }) => h('li', {}, projectCard(el, b, p, p, { heading: 'h2' }))))
      : h('p', { class: 'msg' }, t('catalog.none')));
  }

  render(
    h('h1', {}, t('catalog.title')),
    h('p', {}, text(def.election.title)),
    h('p', {}, t('catalog.intro', { n: number(all.length) })),
    el.view.status === 'open' ? h('p', {}, h('a', { class: 'button primary-link', href: `/elections/${eid(id)}` }, t('catalog.vote'))) : null,
    el.view.status === 'published' ? h('p', { class: 'more' }, h('a', { href: `/elections/${eid(id)}/results` }, t('nav.results'))) : null,
    h('form', { class: 'panel filters', role: 'search', 'aria-label': t('catalog.filters'), on: { submit: (e) => e.preventDefault() } },
      h('div', { class: 'field' }, h('label', { for: 'f-q' }, t('catalog.search')), search),
      districts.length > 1 ? select('district', t('catalog.district'), [['', t('catalog.all')], ...districts.map((d) => [d, districtName(def, d)])]) : null,
      categories.length ? select('category', t('catalog.category'), [['', t('catalog.all')], ...categories.map((c) => [c, c])]) : null,
      sdgs.length ? select('sdg', t('catalog.sdg'), [['', t('catalog.all')], ...sdgs.map((g) => [g, `${t('project.sdg_tag', { n: g.slice(3) })} ${t(`sdg.${g}`)}`])]) : null,
      bands.length ? select('max', t('catalog.cost'), [['', t('catalog.any_cost')], ...bands.map((x) => [String(x), t('catalog.at_most', { cost: money(x, cur) })])]) : null,
      select('sort', t('catalog.sort'), [['ballot', t('catalog.sort_ballot')], ['name', t('catalog.sort_name')], ['cost-asc', t('catalog.sort_cost_asc')], ['cost-desc', t('catalog.sort_cost_desc')]])),
    count,
    out,
  );
  draw();
}

function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

function niceCeil(x) {
  if (!(x > 0)) return 0;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}

export async function projectPage(id, ballotId, projectId, config) {
  const el = await load(id);
  if (!el.definition) return notYet(el);
  const b = el.definition.ballots.find((x) => x.id === ballotId);
  const p = b?.projects.find((x) => x.id === projectId);
  if (!p) throw new ApiError(404, 'project');
  document.title = `${text(p.name)} — ${t('brand')}`;
  const pics = photos(p, el.id);
  const map = projectMap('project-map', [p], null, config, () => b.district);
  const assemblies = await projectAssemblies(id, projectId);
  render(
    h('p', { class: 'crumbs' }, h('a', { href: `/elections/${eid(id)}/projects` }, t('catalog.back'))),
    h('h1', {}, text(p.name)),
    h('p', {}, t('project.on_ballot', { ballot: text(b.title) })),
    projectCard(el, b, p, p, { heading: 'h2', link: false }),
    pics.length > 1 ? h('div', { class: 'gallery' }, pics.slice(1).map((x) => h('img', { class: 'photo', src: x.url, alt: x.alt ? text(x.alt) : t('project.photo_of', { name: text(p.name) }), loading: 'lazy' }))) : null,
    h('section', { class: 'panel', 'aria-labelledby': 'how-chosen' },
      h('h2', { id: 'how-chosen' }, t('project.how_chosen')),
      h('p', {}, t('rules.budget', { budget: money(b.budget, el.definition.election.currency) })),
      h('p', {}, ruleSentence(b.rule))),
    el.definition.election ? schedule(el.definition.election) : null,
    map ? h('section', { 'aria-labelledby': 'where' }, h('h2', { id: 'where' }, t('project.where')), map) : null,
    assemblies,
    el.view.status === 'open' ? h('p', {}, h('a', { class: 'button', href: `/elections/${eid(id)}` }, t('catalog.vote'))) : null,
  );
  if (el.view.status === 'published') await trackingSection(id, ballotId, projectId);
}
