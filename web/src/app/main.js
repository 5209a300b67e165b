// Entry point of the pages: language, navigation, and the page for the current path.
import { assembliesPage, assemblyPage, slipVotePage } from './assemblies.js';
import { boardPage } from './boardpage.js';
import { h, render } from './dom.js';
import { homePage } from './home.js';
import { availableLanguages, currentLang, initialLang, loadLang, setLanguages, t } from './i18n.js';
import { catalogPage, projectPage } from './catalog.js';
import { resultsPage } from './results.js';
import { verifyPage } from './verify.js';
import { previewPage, redraw, votePage } from './vote.js';
import { proposalsPage } from './proposals.js';
import { ApiError, NetworkError } from './api.js';
import { cityMapPage, implementationPage } from './tracking.js';

function route() {
  const parts = location.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'map' && parts.length === 1) return { page: 'map' };
  if (parts[0] !== 'elections' || !parts[1]) return { page: 'home' };
  if (parts[2] === 'preview' && parts[3]) return { page: 'preview', id: parts[1], arg: parts[3] };
  if (parts[2] === 'assemblies' && parts[3]) return { page: parts[4] === 'vote' ? 'assembly_vote' : 'assembly', id: parts[1], arg: parts[3] };
  if (parts[2] === 'projects' && parts[3]) return { page: 'project', id: parts[1], ballot: parts[3], arg: parts[4] ?? null };
  return { page: parts[2] ?? 'vote', id: parts[1], arg: parts[3] ?? null };
}

function nav(r) {
  const el = document.getElementById('nav');
  el.replaceChildren();
  if (!r.id) {
    el.append(h('a', { href: '/map', 'aria-current': r.page === 'map' ? 'page' : null }, t('nav.map')));
    return;
  }
  const base = `/elections/${encodeURIComponent(r.id)}`;
  const here = r.page === 'project' ? 'projects' : r.page.startsWith('assembl') ? 'assemblies' : r.page;
  for (const [page, href] of [['vote', base], ['projects', `${base}/projects`], ['results', `${base}/results`], ['verify', `${base}/verify`], ['board', `${base}/board`], ['spoiled', `${base}/spoiled`], ['proposals', `${base}/proposals`], ['assemblies', `${base}/assemblies`], ['implementation', `${base}/implementation`]]) {
    el.append(h('a', { href, 'aria-current': here === page ? 'page' : null }, t(`nav.${page}`)));
  }
}

async function show(r, config) {
  nav(r);
  document.title = `${t(`title.${r.page}`)} — ${t('brand')}`;
  try {
    if (r.page === 'home') await homePage();
    else if (r.page === 'vote') await votePage(r.id, config);
    else if (r.page === 'projects') await catalogPage(r.id, config);
    else if (r.page === 'project') await projectPage(r.id, r.ballot, r.arg, config);
    else if (r.page === 'verify') await verifyPage(r.id, r.arg, config);
    else if (r.page === 'results') await resultsPage(r.id, config);
    else if (r.page === 'board') await boardPage(r.id);
    else if (r.page === 'preview') await previewPage(r.id, r.arg);
    else if (r.page === 'proposals') await proposalsPage(r.id, r.arg);
    else if (r.page === 'implementation') await implementationPage(r.id);
    else if (r.page === 'map') await cityMapPage(config);
    else if (r.page === 'assemblies') await assembliesPage(r.id);
    else if (r.page === 'assembly') await assemblyPage(r.id, r.arg);
    else if (r.page === 'assembly_vote') await slipVotePage(r.id, r.arg);
    else render(h('h1', {}, t('error.not_found')));
  } catch (e) {
    let msg = t('error.generic', { detail: e.message });
    if (e instanceof NetworkError) msg = t('error.network');
    else if (e instanceof ApiError && e.status === 404) msg = t('error.no_election');
    else if (e.name === 'CheckError') msg = t('error.check', { what: e.message });
    render(h('h1', {}, t('error.title')), h('p', { class: 'msg error', role: 'alert' }, msg),
      h('button', { type: 'button', class: 'primary', on: { click: () => location.reload() } }, t('error.reload')));
  }
}

function languageMenu(r, config) {
  const select = document.getElementById('lang');
  select.replaceChildren(...availableLanguages().map((l) => h('option', { value: l.code, lang: l.code, dir: l.dir }, l.name)));
  select.value = currentLang();
  select.onchange = async () => {
    // Other pages are drawn again; the voting page redraws its current step from the state
    // it keeps in memory (a reload would lose the typed code and choices).
    await loadLang(select.value);
    if (r.page !== 'vote') await show(r, config); else { nav(r); redraw(); }
  };
}

async function boot() {
  const r = route();
  const configP = fetch('/_web_config.json').then((x) => x.json()).catch(() => ({}));
  await loadLang(initialLang());
  const config = { tile_url: null, tile_attribution: null, languages: null, help: {}, contact: {}, ...(await configP) };
  setLanguages(config.languages);
  languageMenu(r, config);
  await show(r, config);
}

boot();
