// Board page: the latest checkpoint (signature checked here), entries counted by kind, and
// the entries themselves, a page at a time. A large board is not downloaded on open: the
// table fetches one page at a time, and counting (with the root check) downloads everything
// only when the board is small or the visitor asks for it.

import * as C from './oylama-crypto.js';
import { eid, getText } from './api.js';
import { h, render } from './dom.js';
import { fetchEntries, loadBoardKey, loadView } from './election.js';
import { TIME_ZONE, has, number, numberLocale, t } from './i18n.js';

const kindName = (k) => (has(`kind.${k}`) ? t(`kind.${k}`) : k);

const PAGE = 50;
const AUTO_COUNT = 2000;

const decode = (list) => list.map((e) => ({ ...C.decodeEntry(e.data), leaf: C.leafHash(e.data) }));

export async function boardPage(id) {
  const view = await loadView(id);
  let cp = null; let cpError = null; let key = null;
  try {
    key = await loadBoardKey(id);
    const note = await getText(`/elections/${eid(id)}/board/checkpoint`);
    cp = C.verifyCheckpoint(note, key.name, key.publicKey, key.origin);
  } catch (e) { cpError = e.message; }
  const size = cp ? Number(cp.size) : 0;
  const countBox = h('div', { id: 'counts' });
  const tableBox = h('div', { id: 'entries' });
  const show = async (page) => {
    tableBox.replaceChildren(h('p', {}, t('loading')));
    const start = page * PAGE;
    const list = decode(await fetchEntries(id, start, Math.min(size, start + PAGE)));
    tableBox.replaceChildren(entryTable(list, page, Math.max(1, Math.ceil(size / PAGE)), show));
  };
  const count = async () => {
    countBox.replaceChildren(h('p', { role: 'status' }, t('board.counting', { n: number(size) })));
    const all = decode(await fetchEntries(id, 0, size));
    const rootOk = C.toBase64(C.treeHash(all.map((e) => e.leaf))) === C.toBase64(cp.root);
    const counts = new Map();
    for (const e of all) counts.set(e.kind, (counts.get(e.kind) ?? 0) + 1);
    countBox.replaceChildren(
      rootOk ? h('p', { class: 'ok' }, t('board.root_ok', { n: size })) : h('p', { class: 'error', role: 'alert' }, t('board.root_bad')),
      h('table', {}, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('board.kind')), h('th', { scope: 'col', class: 'num' }, t('board.count')))),
        h('tbody', {}, [...counts].map(([k, n]) => h('tr', {}, h('th', { scope: 'row' }, kindName(k)), h('td', { class: 'num' }, number(n)))))));
  };
  render(
    h('h1', {}, t('board.title', { title: view.title })),
    h('p', {}, t('board.intro')),
    h('section', { class: 'panel', 'aria-labelledby': 'cp' },
      h('h2', { id: 'cp' }, t('board.checkpoint')),
      cp ? h('p', {}, t('board.size_plain', { n: number(cp.size) })) : null,
      cp ? h('details', { class: 'tech' }, h('summary', {}, t('tech.title')), h('dl', {},
        h('dt', {}, t('board.origin')), h('dd', { class: 'mono' }, cp.origin),
        h('dt', {}, t('board.size')), h('dd', {}, number(cp.size)),
        h('dt', {}, t('board.root')), h('dd', { class: 'mono' }, C.toBase64(cp.root)),
        h('dt', {}, t('board.key')), h('dd', { class: 'mono' }, C.verifierKey(key.name, key.publicKey)))) : null,
      cp ? h('p', { class: 'ok' }, t('board.signature_ok')) : h('p', { class: 'error' }, t('board.no_checkpoint', { why: cpError }))),
    h('h2', {}, t('board.counts')),
    countBox,
    h('h2', {}, t('board.entries')),
    tableBox,
  );
  if (!size) return;
  if (size <= AUTO_COUNT) await count();
  else countBox.append(h('button', { type: 'button', class: 'secondary', on: { click: count } }, t('board.count_button', { n: number(size) })));
  await show(0);
}

function entryTable(list, page, pages, show) {
  const fmt = new Intl.DateTimeFormat(numberLocale(), { dateStyle: 'short', timeStyle: 'medium', timeZone: TIME_ZONE });
  return h('div', {},
    h('table', {},
      h('thead', {}, h('tr', {}, ['#', t('board.kind'), t('board.time'), t('board.bytes'), t('board.leaf')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, list.map((e) => h('tr', {},
        h('td', { class: 'num' }, e.index.toString()), h('td', {}, kindName(e.kind)), h('td', {}, fmt.format(new Date(Number(e.timestamp)))),
        h('td', { class: 'num' }, number(e.payload.length)), h('td', { class: 'mono' }, C.toHex(e.leaf).slice(0, 16) + '…'))))),
    h('nav', { class: 'row', 'aria-label': t('board.pages') },
      h('button', { type: 'button', class: 'secondary', disabled: page === 0, on: { click: () => show(page - 1) } }, t('board.prev')),
      h('span', {}, t('board.page', { page: page + 1, pages })),
      h('button', { type: 'button', class: 'secondary', disabled: page + 1 >= pages, on: { click: () => show(page + 1) } }, t('board.next'))));
}
