// Entry point of the pages: language, navigation, and the page for the current path.
import { boardPage } from './boardpage.js';
import { h, render } from './dom.js';
import { homePage } from './home.js';
import { currentLang, initialLang, loadLang, t } from './i18n.js';
import { resultsPage } from './results.js';
import { verifyPage } from './verify.js';
import { redraw, votePage } from './vote.js';
import { ApiError, NetworkError } from './api.js';

function route() {
  const parts = location.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] !== 'elections' || !parts[1]) return { page: 'home' };
  return { page: parts[2] ?? 'vote', id: parts[1], arg: parts[3] ?? null };
}

function nav(r) {
  const el = document.getElementById('nav');
  el.replaceChildren();
  if (!r.id) return;
  const base = `/elections/${encodeURIComponent(r.id)}`;
  for (const [page, href] of [['vote', base], ['verify', `${base}/verify`], ['results', `${base}/results`], ['board', `${base}/board`], ['spoiled', `${base}/spoiled`]]) {
    el.append(h('a', { href, 'aria-current': r.page === page ? 'page' : null }, t(`nav.${page}`)));
  }
}

async function show(r, config) {
  nav(r);
  document.title = `${t(`title.${r.page}`)} — ${t('brand')}`;
  try {
    if (r.page === 'home') await homePage();
    else if (r.page === 'vote') await votePage(r.id);
    else if (r.page === 'verify') await verifyPage(r.id, r.arg);
    else if (r.page === 'results') await resultsPage(r.id, config);
    else if (r.page === 'board') await boardPage(r.id);
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

async function boot() {
  await loadLang(initialLang());
  let config = { tile_url: null, tile_attribution: null };
  try { config = await (await fetch('/_web_config.json', { cache: 'no-cache' })).json(); } catch { /* defaults */ }
  const r = route();
  const langButton = document.getElementById('lang');
  const label = () => {
    const other = currentLang() === 'tr' ? 'en' : 'tr';
    langButton.textContent = other === 'en' ? 'English' : 'Türkçe';
    langButton.lang = other;
  };
  label();
  langButton.addEventListener('click', async () => {
    // Other pages are drawn again; the voting page redraws its current step from the state it
    // keeps in memory (a reload would lose the typed code and choices).
    await loadLang(currentLang() === 'tr' ? 'en' : 'tr');
    label();
    if (r.page !== 'vote') await show(r, config); else { nav(r); redraw(); }
  });
  await show(r, config);
}

boot();
