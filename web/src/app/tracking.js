// What became of the vote: an election's implementation page (/elections/{id}/implementation),
// the tracking history on each funded project's page, and the city map (/map) of every project
// of every election and of the municipality's own list, with filters and exports. Everything is
// read from the public API (the participation log's folded state); every text goes in as text.

import { ApiError, eid, getJson } from './api.js';
import { h, main, render } from './dom.js';
import { date, dateTime, locale, money, number, t, text } from './i18n.js';
import { projectMap } from './map.js';
import { photoUrl } from './projects.js';

const STATUSES = ['planned', 'tendering', 'in-progress', 'done', 'cancelled'];
const STAGES = ['proposed', 'ballot', 'funded', 'under-way', 'done', 'cancelled'];
const key = (s) => String(s).replace(/-/g, '_');
export const statusName = (s) => (STATUSES.includes(s) ? t(`tracking.status_${key(s)}`) : String(s));
const districtLabel = (d) => (d === 'city-wide' ? t('project.city_wide') : d);
const stageName = (s) => (STAGES.includes(s) ? t(`citymap.stage_${key(s)}`) : String(s));

async function implementationOf(id) {
  try {
    return await getJson(`/elections/${eid(id)}/implementation`);
  } catch (e) {
    if (e instanceof ApiError && e.status === 409) return null;
    throw e;
  }
}

function spentLine(p, currency) {
  return t('tracking.spent_of', { spent: money(p.spent, currency), cost: money(p.cost, currency) });
}

function event(e, id, currency) {
  const when = h('time', { datetime: new Date(e.at).toISOString() }, dateTime(new Date(e.at).toISOString()));
  if (e.kind === 'note') {
    return h('li', { class: 'track-note' }, when, ' — ', t('tracking.note'),
      h('p', { class: 'note-text' }, e.text),
      e.photos.length ? h('div', { class: 'gallery' }, e.photos.map((d) => h('img', { class: 'photo', src: photoUrl(id, d), alt: t('tracking.photo'), loading: 'lazy' }))) : null);
  }
  return h('li', { class: `track-status status-${e.status}` }, when, ' — ',
    h('strong', {}, statusName(e.status)), '. ',
    t('tracking.spent', { spent: money(e.spent, currency) }),
    e.started ? ` · ${t('tracking.started', { date: date(e.started) })}` : null,
    e.finished ? ` · ${t('tracking.finished', { date: date(e.finished) })}` : null,
    e.reason ? h('p', { class: 'reason' }, t('tracking.reason'), ': ', e.reason) : null);
}

/** The tracking history section of a funded project's page (appended to the page). */
export async function trackingSection(id, ballotId, projectId) {
  const out = await implementationOf(id);
  const p = out?.projects.find((x) => x.ballot === ballotId && x.project === projectId);
  if (!p) return;
  main().append(h('section', { class: 'panel', id: 'tracking', 'aria-labelledby': 'tracking-title' },
    h('h2', { id: 'tracking-title' }, t('tracking.title')),
    h('p', { class: 'track-now' }, h('strong', {}, statusName(p.status)), ' · ', spentLine(p, out.currency)),
    p.history.length
      ? h('ol', { class: 'track-history', reversed: true }, [...p.history].reverse().map((e) => event(e, id, out.currency)))
      : h('p', {}, t('tracking.no_history')),
    h('p', { class: 'more' }, h('a', { href: `/elections/${eid(id)}/implementation` }, t('tracking.all')))));
}

/** /elections/{id}/implementation: every funded project, its status and money spent. */
export async function implementationPage(id) {
  const out = await implementationOf(id);
  if (!out) {
    const view = await getJson(`/elections/${eid(id)}`);
    return render(h('h1', {}, t('tracking.page_title')), h('p', {}, view.title), h('p', { class: 'msg' }, t('tracking.not_yet')));
  }
  const counts = Object.fromEntries(STATUSES.map((s) => [s, out.projects.filter((p) => p.status === s).length]));
  render(
    h('h1', {}, t('tracking.page_title')),
    h('p', {}, text(out.title)),
    h('p', {}, t('tracking.intro', { n: number(out.projects.length) })),
    h('ul', { class: 'track-counts' }, STATUSES.filter((s) => counts[s]).map((s) => h('li', {}, `${statusName(s)}: ${number(counts[s])}`))),
    out.projects.length
      ? h('ul', { class: 'cards', id: 'implementation-list' }, out.projects.map((p) => h('li', { class: `card status-${p.status}` },
        h('h2', {}, h('a', { href: `/elections/${eid(id)}/projects/${eid(p.ballot)}/${eid(p.project)}` }, text(p.name))),
        h('p', {}, h('strong', { class: 'track-status-name' }, statusName(p.status)), ' · ', spentLine(p, out.currency)),
        p.started ? h('p', {}, t('tracking.started', { date: date(p.started) })) : null,
        p.finished ? h('p', {}, t('tracking.finished', { date: date(p.finished) })) : null,
        p.updated ? h('p', { class: 'muted' }, t('tracking.updated', { when: dateTime(new Date(p.updated).toISOString()) })) : null)))
      : h('p', { class: 'msg' }, t('tracking.none_funded')),
    h('p', { class: 'more' },
      h('a', { href: `/elections/${eid(id)}/implementation.atom`, type: 'application/atom+xml' }, t('tracking.feed')), ' · ',
      h('a', { href: '/map' }, t('nav.map'))),
  );
}

/** /map: every project of every election and of the city's list, filtered, with exports. */
export async function cityMapPage(config) {
  const data = await getJson('/map.geojson');
  const all = data.features.map((f, k) => ({ ...f.properties, key: `p${k}` }));
  const params = new URLSearchParams(location.search);
  const names = ['district', 'sdg', 'audience', 'stage', 'status', 'year', 'start'];
  const f = Object.fromEntries(names.map((n) => [n, params.get(n) ?? '']));
  const uniq = (xs) => [...new Set(xs.filter((x) => x !== null && x !== undefined && x !== ''))].map(String).sort((a, b) => a.localeCompare(b, locale(), { numeric: true }));
  const options = {
    district: uniq(all.map((p) => p.district)).map((d) => [d, districtLabel(d)]),
    sdg: uniq(all.flatMap((p) => p.sdg)).map((g) => [g, `${t('project.sdg_tag', { n: g.replace(/^SDG/, '') })} ${t(`sdg.${g}`)}`]),
    audience: uniq(all.flatMap((p) => p.audience)).map((a) => [a, a]),
    stage: STAGES.filter((s) => all.some((p) => p.stage === s)).map((s) => [s, stageName(s)]),
    status: STATUSES.filter((s) => all.some((p) => p.status === s)).map((s) => [s, statusName(s)]),
    year: uniq(all.map((p) => p.year)).map((y) => [y, y]),
  };
  const labels = {
    district: t('catalog.district'), sdg: t('catalog.sdg'), audience: t('citymap.audience'), stage: t('citymap.stage'),
    status: t('citymap.status'), year: t('citymap.year'),
  };
  const out = h('div', { id: 'map-results', 'aria-live': 'polite' });
  const count = h('p', { id: 'map-count', role: 'status' });
  const exports = h('p', { class: 'more', id: 'map-exports' });
  const select = (name) => {
    const el = h('select', { id: `m-${name}`, name }, [['', t('catalog.all')], ...options[name]].map(([v, l]) => h('option', { value: v }, l)));
    el.value = f[name];
    el.addEventListener('change', () => { f[name] = el.value; draw(); });
    return h('div', { class: 'field' }, h('label', { for: `m-${name}` }, labels[name]), el);
  };
  const start = h('input', { type: 'date', id: 'm-start', name: 'start', value: f.start });
  start.addEventListener('change', () => { f.start = start.value; draw(); });

  function draw() {
    const list = all.filter((p) => (!f.district || p.district === f.district)
      && (!f.sdg || p.sdg.includes(f.sdg)) && (!f.audience || p.audience.includes(f.audience))
      && (!f.stage || p.stage === f.stage) && (!f.status || p.status === f.status)
      && (!f.year || String(p.year) === f.year) && (!f.start || (p.start ?? '') >= f.start));
    const query = new URLSearchParams(Object.entries(f).filter(([, v]) => v));
    history.replaceState(null, '', `${location.pathname}${query.toString() ? `?${query}` : ''}`);
    const api = new URLSearchParams(Object.entries(f).filter(([k, v]) => v && k !== 'start'));
    const qs = api.toString() ? `?${api}` : '';
    exports.replaceChildren(
      h('a', { href: `/api/v1/map.geojson${qs}`, download: 'map.geojson' }, t('citymap.geojson')), ' · ',
      h('a', { href: `/api/v1/map.csv${qs}`, download: 'map.csv' }, t('citymap.csv')), ' · ',
      h('a', { href: '/map.atom', type: 'application/atom+xml' }, t('tracking.feed')));
    count.textContent = t('citymap.count', { n: number(list.length), total: number(all.length) });
    const shown = list.map((p) => ({ id: p.key, name: { tr: p.name, en: p.name_en }, latitude: p.latitude, longitude: p.longitude }));
    const done = new Set(list.filter((p) => ['funded', 'under-way', 'done'].includes(p.stage)).map((p) => p.key));
    const map = projectMap('city-map', shown, done, config, (q) => list.find((p) => p.key === q.id)?.district ?? '');
    out.replaceChildren(
      map ?? h('p', { class: 'msg' }, t('citymap.no_locations')),
      list.length
        ? h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': t('citymap.title') }, h('table', { class: 'map-table', id: 'map-table' },
          h('thead', {}, h('tr', {}, [t('citymap.name'), t('citymap.stage'), t('catalog.district'), t('citymap.audience'), t('citymap.start'), t('catalog.sdg')].map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, list.map((p) => h('tr', { 'data-stage': p.stage },
            h('td', {}, p.url ? h('a', { href: p.url }, text({ tr: p.name, en: p.name_en })) : text({ tr: p.name, en: p.name_en }),
              p.source === 'city' ? h('span', { class: 'muted' }, ` (${t('citymap.city_list')})`) : null,
              p.purpose ? h('div', { class: 'muted purpose' }, p.purpose) : null),
            h('td', {}, stageName(p.stage)),
            h('td', {}, districtLabel(p.district)),
            h('td', {}, p.audience.join(', ')),
            h('td', {}, p.start ? date(p.start) : '—'),
            h('td', {}, p.sdg.map((g) => g.replace(/^SDG/, '')).join(', ')))))))
        : h('p', { class: 'msg' }, t('catalog.none')));
  }

  render(
    h('h1', {}, t('citymap.title')),
    h('p', {}, t('citymap.intro')),
    h('form', { class: 'panel filters', role: 'search', 'aria-label': t('catalog.filters'), on: { submit: (e) => e.preventDefault() } },
      ...Object.keys(options).filter((n) => options[n].length).map(select),
      h('div', { class: 'field' }, h('label', { for: 'm-start' }, t('citymap.start_from')), start)),
    count,
    exports,
    out,
  );
  draw();
}
