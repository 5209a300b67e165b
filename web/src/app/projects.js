// Projects as residents read them (the ballot's cards, the public catalogue, a project's own
// page), and what every ballot says about itself: how to vote, the budget, how the winners are
// chosen, and when voting opens and closes (Turkey's time, with a countdown).
//
// Numbers that count (costs, budget, the style) come from the checked manifest; texts and the
// fields the manifest does not carry (description, photos, audience, start date, any further
// field a definition has) from the definition (election.js loadDefinition), display only.

import { h } from './dom.js';
import { TIME_ZONE, date, dateTime, has, money, number, t, text } from './i18n.js';

const KNOWN = new Set(['id', 'name', 'cost', 'description', 'categories', 'sdg', 'latitude', 'longitude', 'neighbourhood', 'photos', 'photo', 'audience', 'start_date', 'starts', 'start']);

export const projectUrl = (electionId, ballotId, projectId) =>
  `/elections/${encodeURIComponent(electionId)}/projects/${encodeURIComponent(ballotId)}/${encodeURIComponent(projectId)}`;

export function catalogLink(electionId) {
  return h('p', { class: 'catalog-link' }, h('a', { href: `/elections/${encodeURIComponent(electionId)}/projects`, id: 'catalog-link' }, t('catalog.link')));
}

/** The district's name (from the definition) for a district id; city-wide has its own word. */
export function districtName(definition, id) {
  if (id === 'city-wide') return t('project.city_wide');
  return definition?.districts?.find((d) => d.id === id)?.name ?? id;
}

/** Where the service serves a photo uploaded to election `eid` (service §3.1). */
export const photoUrl = (eid, digest) => `/api/v1/elections/${encodeURIComponent(eid)}/photos/${digest}`;

/** Same-origin photo URLs of a definition project: "photos" as the console stores them (the
 * SHA-256 of a photo uploaded to election `eid`, served by the service, service §3.1), or as
 * same-origin URLs / {url, alt}; "photo" for one. Anything else (other sites, schemes) is left out. */
export function photos(dp, eid) {
  if (!dp) return [];
  const raw = Array.isArray(dp.photos) ? dp.photos : dp.photo ? [dp.photo] : [];
  return raw.map((x) => {
    if (typeof x === 'string' && /^[0-9a-f]{64}$/.test(x) && eid) {
      return { url: photoUrl(eid, x), alt: null };
    }
    return typeof x === 'string' ? { url: x, alt: null } : { url: x?.url ?? x?.path, alt: x?.alt ?? null };
  }).filter((x) => typeof x.url === 'string' && x.url.startsWith('/') && !x.url.startsWith('//'));
}

function startDate(dp) {
  return dp?.start_date ?? dp?.starts ?? dp?.start ?? null;
}

function sdgTags(list) {
  return list.map((g) => {
    const n = String(g).replace(/^SDG/, '');
    return h('span', { class: 'tag sdg', title: t(`sdg.${g}`) }, t('project.sdg_tag', { n }), ' ', h('span', { class: 'sdg-name' }, t(`sdg.${g}`)));
  });
}

/** A field the pages do not know by name, shown plainly (text, number, list, {tr, en}). */
function plain(value) {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(plain).filter(Boolean).join(', ');
  if (typeof value === 'object') return typeof value.tr === 'string' ? text(value) : null;
  return String(value);
}

/**
 * A project card. `el`: the election (manifest, definition); `ballot`: the manifest ballot;
 * `p`: its manifest project; `dp`: the definition's project (or null). `compact` on the
 * ballot (a link to the full page opens in a new tab, so the ballot is not left).
 */
export function projectCard(el, ballot, p, dp, { compact = false, heading = 'h3', link = true } = {}) {
  const currency = el.manifest?.currency ?? el.definition?.election?.currency ?? 'TRY';
  const pics = photos(dp, el.id);
  const desc = dp?.description ? text(dp.description) : null;
  const audience = dp?.audience ? plain(dp.audience) : null;
  const start = startDate(dp);
  const extra = dp ? Object.entries(dp).filter(([k, v]) => !KNOWN.has(k) && plain(v)) : [];
  const cats = p.categories ?? dp?.categories ?? [];
  const sdg = p.sdg ?? dp?.sdg ?? [];
  const url = projectUrl(el.id, ballot.id, p.id);
  const answer = el.definition?.ballots?.find((b) => b.id === ballot.id)?.consultation === true;
  return h('article', { class: 'card project', 'data-project': p.id },
    pics.length ? h('img', { class: compact ? 'photo thumb' : 'photo', src: pics[0].url, alt: pics[0].alt ? text(pics[0].alt) : t('project.photo_of', { name: text(p.name) }), loading: 'lazy' }) : null,
    h(heading, {}, text(p.name)),
    desc ? h('p', { class: 'description' }, desc) : null,
    h('dl', { class: 'facts' },
      answer ? null : h('div', {}, h('dt', {}, t('project.cost')), h('dd', { class: 'cost' }, money(p.cost, currency))),
      h('div', {}, h('dt', {}, t('project.district')), h('dd', {}, districtName(el.definition, ballot.district))),
      p.neighbourhood ? h('div', {}, h('dt', {}, t('project.place')), h('dd', {}, p.neighbourhood)) : null,
      audience ? h('div', {}, h('dt', {}, t('project.audience')), h('dd', {}, audience)) : null,
      start ? h('div', {}, h('dt', {}, t('project.start')), h('dd', {}, date(start))) : null,
      ...extra.map(([k, v]) => h('div', {}, h('dt', {}, has(`field.${k}`) ? t(`field.${k}`) : k), h('dd', {}, plain(v))))),
    cats.length ? h('p', { class: 'meta' }, h('span', { class: 'visually-hidden' }, t('project.categories')), cats.map((c) => h('span', { class: 'tag' }, c))) : null,
    sdg.length ? h('p', { class: 'meta' }, h('span', { class: 'visually-hidden' }, t('project.sdg')), sdgTags(sdg)) : null,
    link ? h('p', { class: 'more' }, h('a', compact ? { href: url, target: '_blank', rel: 'noopener' } : { href: url }, t('project.details', { name: text(p.name) }))) : null,
  );
}

// -- rules and schedule ---------------------------------------------------------------------------

function kindSentence(manifest, ballot, style) {
  const cur = manifest.currency;
  const count = (style.min_count ? ' ' + t('rules.min', { n: style.min_count }) : '') + (style.max_count !== null && style.max_count !== undefined ? ' ' + t('rules.max', { n: style.max_count }) : '');
  switch (style.kind) {
    case 'knapsack': return t('rules.knapsack', { budget: money(ballot.budget, cur) }) + count;
    case 'approval': return t('rules.approval') + count;
    case 'cumulative': return t('rules.cumulative', { points: number(style.points) });
    default: return t(style.signed ? 'rules.quadratic_signed' : 'rules.quadratic', {
      credits: number(style.credits), max: number(style.max_votes),
      two: number(4), three: number(9),
    });
  }
}

/** How to vote on this ballot, its budget, and one plain sentence on how winners are chosen. */
export function ballotRules(manifest, ballot, style, consultation = false) {
  const cur = manifest.currency;
  if (consultation) {
    // a question, not a budget (docs/ballots.md §4.1): one answer, the most-voted one wins
    return h('section', { class: 'rules panel', 'aria-labelledby': 'rules-title' },
      h('h2', { id: 'rules-title' }, t('rules.title')),
      h('p', { id: 'rules-kind' }, t('consult.rules')));
  }
  return h('section', { class: 'rules panel', 'aria-labelledby': 'rules-title' },
    h('h2', { id: 'rules-title' }, t('rules.title')),
    h('p', { id: 'rules-kind' }, kindSentence(manifest, ballot, style)),
    h('p', { id: 'rules-budget' }, t('rules.budget', { budget: money(ballot.budget, cur) })),
    h('p', { id: 'rules-rule' }, ruleSentence(ballot.rule)));
}

export function ruleSentence(rule) {
  return has(`rule.${rule}`) ? t(`rule.${rule}`) : t('rule.other', { rule });
}

let ticker = null;

function remaining(ms) {
  const mins = Math.max(0, Math.floor(ms / 60000));
  const d = Math.floor(mins / 1440); const hrs = Math.floor((mins % 1440) / 60); const m = mins % 60;
  if (d > 0) return t('time.days_hours', { d: number(d), h: number(hrs) });
  if (hrs > 0) return t('time.hours_minutes', { h: number(hrs), m: number(m) });
  return t('time.minutes', { m: number(m) });
}

/**
 * Opening and closing times in Turkey's time zone and a countdown to the next of them
 * (updated every 30 s while it is on the page; `now` injectable for tests).
 */
export function schedule(manifest, now = () => Date.now()) {
  if (!manifest.opens && !manifest.closes) return null;
  const countdown = h('p', { class: 'countdown', id: 'countdown' });
  const tick = () => {
    const at = now();
    const opens = manifest.opens ? Date.parse(manifest.opens) : null;
    const closes = manifest.closes ? Date.parse(manifest.closes) : null;
    if (opens !== null && at < opens) countdown.textContent = t('schedule.opens_in', { left: remaining(opens - at) });
    else if (closes !== null && at < closes) countdown.textContent = t('schedule.closes_in', { left: remaining(closes - at) });
    else if (closes !== null) countdown.textContent = t('schedule.ended');
    else countdown.textContent = '';
  };
  tick();
  if (ticker) clearInterval(ticker);
  ticker = setInterval(() => { if (countdown.isConnected) tick(); else { clearInterval(ticker); ticker = null; } }, 30000);
  return h('section', { class: 'schedule', 'aria-label': t('schedule.label') },
    h('p', {}, manifest.opens ? h('span', { id: 'opens' }, t('schedule.opens', { at: dateTime(manifest.opens) })) : null,
      manifest.opens && manifest.closes ? ' ' : null,
      manifest.closes ? h('span', { id: 'closes' }, t('schedule.closes', { at: dateTime(manifest.closes) })) : null,
      ' ', h('span', { class: 'hint' }, t('schedule.zone', { zone: TIME_ZONE }))),
    countdown);
}
