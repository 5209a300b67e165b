// The console's implementation panel (published elections: each funded project's status, dates,
// money spent, and progress notes with photos, each a participation-log entry) and the import
// of the municipality's own project list for the city map. Calls the public API only.

import { h } from '../app/dom.js';
import { api, eid, fileBase64 } from './api.js';
import { t } from './i18n.js';
import { text as residentsText } from '../app/i18n.js';

const STATUSES = ['planned', 'tendering', 'in-progress', 'done', 'cancelled'];

function errorTable(x) {
  if (!x.errors?.length) return null;
  return h('table', {}, h('thead', {}, h('tr', {}, [t('row'), t('column'), t('message')].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, x.errors.map((e) => h('tr', {}, h('td', {}, String(e.row ?? '')), h('td', {}, e.column ?? e.field ?? ''), h('td', {}, e.message)))));
}

function projectForm(view, p, refresh) {
  const key = `${p.ballot}-${p.project}`;
  const msg = h('p', { role: 'status', id: `track-msg-${key}` });
  const field = (name, el, label) => [h('label', { for: `${name}-${key}` }, label), el];
  const status = h('select', { id: `status-${key}` }, STATUSES.map((s) => h('option', { value: s }, t(`track.${s}`))));
  status.value = p.status;
  const spent = h('input', { type: 'text', id: `spent-${key}`, inputmode: 'decimal', value: p.spent });
  const started = h('input', { type: 'date', id: `started-${key}`, value: p.started ?? '' });
  const finished = h('input', { type: 'date', id: `finished-${key}`, value: p.finished ?? '' });
  const reason = h('input', { type: 'text', id: `reason-${key}`, maxlength: 1000 });
  const note = h('textarea', { id: `note-${key}`, rows: 3, maxlength: 4000 });
  const photo = h('input', { type: 'file', id: `photo-${key}`, accept: 'image/jpeg,image/png,image/webp' });
  const say = (ok, text) => { msg.className = ok ? 'msg ok' : 'msg error'; msg.textContent = text; };
  const base = `/elections/${eid(view.id)}/implementation`;
  return h('li', { class: 'card', 'data-project': key },
    h('h3', {}, residentsText(p.name)),
    h('p', {}, `${t('track.now')}: `, h('strong', {}, t(`track.${p.status}`)), ` · ${t('track.spent')}: ${p.spent} / ${p.cost}`),
    field('status', status, t('status')), field('spent', spent, t('track.spent')),
    field('started', started, t('track.started')), field('finished', finished, t('track.finished')),
    field('reason', reason, t('track.reason')),
    h('button', { type: 'button', class: 'primary', id: `save-status-${key}`, on: { click: async () => {
      try {
        await api('POST', `${base}/status`, {
          ballot: p.ballot, project: p.project, status: status.value, spent: spent.value.trim() || '0',
          started: started.value || null, finished: finished.value || null, reason: reason.value.trim() || null,
        });
        await refresh(t('saved'));
      } catch (x) { say(false, x.message); }
    } } }, t('track.save')),
    field('note', note, t('track.note')), field('photo', photo, t('track.photo')),
    h('button', { type: 'button', class: 'secondary', id: `add-note-${key}`, on: { click: async () => {
      try {
        const photos = [];
        if (photo.files[0]) photos.push((await api('POST', `${base}/photos`, { data: await fileBase64(photo.files[0]) })).digest);
        await api('POST', `${base}/notes`, { ballot: p.ballot, project: p.project, text: note.value, photos });
        await refresh(t('saved'));
      } catch (x) { say(false, x.message); }
    } } }, t('track.add_note')),
    msg);
}

/** The implementation panel of a published election. */
export async function implementationPanel(view, refresh) {
  const out = await api('GET', `/elections/${eid(view.id)}/implementation`);
  return h('section', { class: 'panel', id: 'implementation' }, h('h2', {}, t('track.title')),
    h('p', {}, h('a', { href: `/elections/${eid(view.id)}/implementation` }, t('track.public')), ' · ',
      h('a', { href: `/elections/${eid(view.id)}/implementation.atom` }, 'Atom')),
    out.projects.length ? h('ul', { class: 'cards' }, out.projects.map((p) => projectForm(view, p, refresh))) : h('p', {}, t('track.none')));
}

/** The municipality's own project list (CSV) for the city map; staff and admins. */
export function cityImport() {
  const report = h('div', { id: 'city-report', role: 'status' });
  const file = h('input', { type: 'file', id: 'city-file', accept: '.csv,text/csv' });
  return h('section', { class: 'panel', id: 'city-import' }, h('h2', {}, t('city.title')),
    h('p', {}, t('city.hint'), ' ', h('a', { href: '/map' }, t('city.map'))),
    h('label', { for: 'city-file' }, t('import_file')), file,
    h('button', { type: 'button', class: 'secondary', id: 'city-go', on: { click: async () => {
      report.replaceChildren();
      const f = file.files[0];
      if (!f) return;
      try {
        const out = await api('POST', '/city-projects/import', { format: 'csv', data: await fileBase64(f) });
        report.className = 'msg ok';
        report.append(h('p', {}, t('imported', { n: out.imported })));
      } catch (x) {
        report.className = 'msg error';
        report.append(h('p', {}, x.message), errorTable(x));
      }
    } } }, t('import_go')),
    report);
}
