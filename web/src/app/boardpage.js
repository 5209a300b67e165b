// Board page: the latest checkpoint (signature checked here), entries counted by kind, and
// the entries themselves, a page at a time.

import * as C from './oylama-crypto.js';
import { eid, getText } from './api.js';
import { h, render } from './dom.js';
import { fetchEntries, loadBoardKey, loadView } from './election.js';
import { locale, number, t } from './i18n.js';

const PAGE = 50;

export async function boardPage(id) {
  const view = await loadView(id);
  let cp = null; let cpError = null; let key = null;
  try {
    key = await loadBoardKey(id);
    const note = await getText(`/elections/${eid(id)}/board/checkpoint`);
    cp = C.verifyCheckpoint(note, key.name, key.publicKey, key.origin);
  } catch (e) { cpError = e.message; }
  const size = cp ? Number(cp.size) : 0;
  const entries = size ? (await fetchEntries(id, 0, size)).map((e) => ({ ...C.decodeEntry(e.data), leaf: C.leafHash(e.data) })) : [];
  let rootOk = null;
  if (cp) rootOk = C.toBase64(C.treeHash(entries.map((e) => e.leaf))) === C.toBase64(cp.root);
  const counts = new Map();
  for (const e of entries) counts.set(e.kind, (counts.get(e.kind) ?? 0) + 1);
  const tableBox = h('div', {});
  const show = (page) => tableBox.replaceChildren(entryTable(entries, page, show));
  render(
    h('h1', {}, t('board.title', { title: view.title })),
    h('section', { class: 'panel', 'aria-labelledby': 'cp' },
      h('h2', { id: 'cp' }, t('board.checkpoint')),
      cp ? h('dl', {},
        h('dt', {}, t('board.origin')), h('dd', { class: 'mono' }, cp.origin),
        h('dt', {}, t('board.size')), h('dd', {}, number(cp.size)),
        h('dt', {}, t('board.root')), h('dd', { class: 'mono' }, C.toBase64(cp.root)),
        h('dt', {}, t('board.key')), h('dd', { class: 'mono' }, C.verifierKey(key.name, key.publicKey))) : null,
      cp ? h('p', { class: 'ok' }, t('board.signature_ok')) : h('p', { class: 'error' }, t('board.no_checkpoint', { why: cpError })),
      rootOk === null ? null : rootOk ? h('p', { class: 'ok' }, t('board.root_ok', { n: size })) : h('p', { class: 'error', role: 'alert' }, t('board.root_bad'))),
    h('h2', {}, t('board.counts')),
    h('table', {}, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('board.kind')), h('th', { scope: 'col', class: 'num' }, t('board.count')))),
      h('tbody', {}, [...counts].map(([k, n]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', { class: 'num' }, number(n)))))),
    h('h2', {}, t('board.entries')),
    tableBox,
  );
  show(0);
}

function entryTable(entries, page, show) {
  const pages = Math.max(1, Math.ceil(entries.length / PAGE));
  const slice = entries.slice(page * PAGE, (page + 1) * PAGE);
  const fmt = new Intl.DateTimeFormat(locale(), { dateStyle: 'short', timeStyle: 'medium', timeZone: 'UTC' });
  return h('div', {},
    h('table', {},
      h('thead', {}, h('tr', {}, ['#', t('board.kind'), t('board.time'), t('board.bytes'), t('board.leaf')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, slice.map((e) => h('tr', {},
        h('td', { class: 'num' }, e.index.toString()), h('td', {}, e.kind), h('td', {}, `${fmt.format(new Date(Number(e.timestamp)))} UTC`),
        h('td', { class: 'num' }, number(e.payload.length)), h('td', { class: 'mono' }, C.toHex(e.leaf).slice(0, 16) + '…'))))),
    h('nav', { class: 'row', 'aria-label': t('board.pages') },
      h('button', { type: 'button', class: 'secondary', disabled: page === 0, on: { click: () => show(page - 1) } }, t('board.prev')),
      h('span', {}, t('board.page', { page: page + 1, pages })),
      h('button', { type: 'button', class: 'secondary', disabled: page + 1 >= pages, on: { click: () => show(page + 1) } }, t('board.next'))));
}
