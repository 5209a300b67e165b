// The election's settings as forms: the definition's JSON form (docs/ballots.md §7) edited in
// memory and sent whole to the server, which checks it with the one ballot loader (the checks
// and messages of `oylama ballot validate`). Each problem comes back with its field path
// (ballots[0].projects[3].cost), and is shown next to the input with that path.

import { append, h } from '../app/dom.js';
import { api, eid, fileBase64 } from './api.js';
import { t } from './i18n.js';
import { picker } from './picker.js';
import { photoUrl } from '../app/projects.js';

const KINDS = ['approval', 'knapsack', 'cumulative', 'quadratic'];
const RULES = { approval: ['greedy', 'greedy-no-skip', 'max-welfare'], knapsack: ['greedy', 'greedy-no-skip', 'max-welfare'], cumulative: ['greedy', 'greedy-no-skip', 'max-welfare'], quadratic: ['quadratic-voting'] };
const UTILITIES = { approval: ['cost', 'cardinality'], knapsack: ['cost', 'cardinality'], cumulative: ['points'], quadratic: [] };
const PARAMS = { approval: ['min_count', 'max_count'], knapsack: ['min_count', 'max_count'], cumulative: ['points'], quadratic: ['max_votes', 'signed', 'credits'] };
const ALL_PARAMS = ['min_count', 'max_count', 'points', 'max_votes', 'signed', 'credits'];

export const fieldName = (path) => path.map((p, k) => (typeof p === 'number' ? `[${p}]` : (k ? `.${p}` : p))).join('');
const fieldId = (path) => `f-${path.join('-')}`;

function get(doc, path) { return path.reduce((o, k) => (o == null ? undefined : o[k]), doc); }
function set(doc, path, value) {
  let o = doc;
  for (const k of path.slice(0, -1)) { if (o[k] == null) o[k] = {}; o = o[k]; }
  const last = path[path.length - 1];
  if (value !== undefined) { o[last] = value; return; }
  delete o[last];
  // A cleared optional table (a phase with no date left) goes too: `{}` would be refused.
  for (let n = path.length - 1; n > 1; n -= 1) {
    const parent = get(doc, path.slice(0, n - 1));
    const child = parent?.[path[n - 1]];
    if (!Array.isArray(parent) && child && typeof child === 'object' && !Array.isArray(child) && Object.keys(child).length === 0) delete parent[path[n - 1]];
    else break;
  }
}

export function emptyDocument() {
  return {
    election: { id: '', title: { tr: '' }, city: '', currency: 'TRY', min_tally_ballots: 5 },
    districts: [{ id: '', name: '' }],
    ballots: [newBallot('')],
  };
}
function newBallot(district) {
  return { id: '', title: { tr: '' }, district, kind: 'approval', budget: '', rule: 'greedy', utility: 'cost', tie_break: 'file-order', min_count: 1, projects: [newProject()] };
}
function newProject() { return { id: '', name: { tr: '' }, cost: '' }; }

/** The settings form. `state` = {doc, election (id or null), frozen}; onSaved(view). */
export function editor(state, onSaved) {
  const { doc } = state;
  const frozen = state.frozen;
  const root = h('form', { id: 'settings-form', novalidate: true, on: { submit: (e) => { e.preventDefault(); save(); } } });
  const summary = h('div', { id: 'errors', role: 'alert' });

  const redraw = () => { root.replaceChildren(); append(root, build()); };

  function input(path, label, { kind = 'text', optional = true, list = false, number = false, area = false, hint = null } = {}) {
    const id = fieldId(path);
    let value = get(doc, path);
    if (list && Array.isArray(value)) value = value.join(', ');
    const attrs = { id, name: fieldName(path), 'data-field': fieldName(path), disabled: frozen, 'aria-describedby': `${id}-error` };
    const update = (e) => {
      let v = e.target.value;
      if (kind === 'checkbox') v = e.target.checked ? true : undefined;
      else if (v.trim() === '' && optional) v = undefined;
      else if (list) v = v.split(',').map((x) => x.trim()).filter(Boolean);
      else if (number && /^-?\d+$/.test(v.trim())) v = Number(v.trim());
      else if (number && /^-?\d+\.\d+$/.test(v.trim()) && (path.at(-1) === 'latitude' || path.at(-1) === 'longitude')) v = Number(v.trim());
      set(doc, path, v);
    };
    const el = area
      ? h('textarea', { ...attrs, rows: 3, on: { change: update } }, value ?? '')
      : kind === 'checkbox'
        ? h('input', { ...attrs, type: 'checkbox', checked: value === true, on: { change: update } })
        : h('input', { ...attrs, type: 'text', value: value ?? '', inputmode: number ? 'decimal' : null, on: { change: update } });
    return h('div', { class: 'field' },
      h('label', { for: id }, label), hint && h('p', { class: 'hint' }, hint), el,
      h('p', { class: 'field-error', id: `${id}-error` }));
  }

  function select(path, label, options, onChange) {
    const id = fieldId(path);
    const value = get(doc, path);
    const el = h('select', { id, name: fieldName(path), 'data-field': fieldName(path), disabled: frozen, 'aria-describedby': `${id}-error`,
      on: { change: (e) => { set(doc, path, e.target.value || undefined); if (onChange) onChange(e.target.value); } } },
    options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
    return h('div', { class: 'field' }, h('label', { for: id }, label), el, h('p', { class: 'field-error', id: `${id}-error` }));
  }

  const button = (text, fn, attrs = {}) => (frozen ? null : h('button', { type: 'button', class: 'secondary', ...attrs, on: { click: () => { fn(); redraw(); } } }, text));

  function ballotSection(b, i) {
    const path = ['ballots', i];
    const districts = [...doc.districts.map((d) => [d.id, d.name || d.id]), ['city-wide', t('city_wide')]];
    const kindChanged = (kind) => {
      for (const p of ALL_PARAMS) if (!PARAMS[kind].includes(p)) delete b[p];
      if (!RULES[kind].includes(b.rule)) b.rule = RULES[kind][0];
      if (UTILITIES[kind].length === 0) delete b.utility; else if (!UTILITIES[kind].includes(b.utility)) b.utility = UTILITIES[kind][0];
      redraw();
    };
    const params = PARAMS[b.kind] ?? [];
    // a consultation (docs/ballots.md §4.1): one answer of cost 1, budget 1, on an approval ballot
    const consultationChanged = (e) => {
      if (e.target.checked) {
        Object.assign(b, { consultation: true, kind: 'approval', min_count: 1, max_count: 1, budget: '1', rule: 'greedy', utility: 'cost' });
        for (const p of ALL_PARAMS) if (!PARAMS.approval.includes(p)) delete b[p];
        for (const p of b.projects) p.cost = '1';
      } else delete b.consultation;
      redraw();
    };
    const consultationId = fieldId([...path, 'consultation']);
    return h('fieldset', { class: 'panel', 'data-field': fieldName(path) },
      h('legend', {}, `${t('ballot')} ${i + 1}`),
      input([...path, 'id'], t('id'), { optional: false }),
      input([...path, 'title', 'tr'], t('title_tr'), { optional: false }),
      input([...path, 'title', 'en'], t('title_en')),
      h('div', { class: 'field' },
        h('label', { for: consultationId }, t('consultation')),
        h('p', { class: 'hint' }, t('consultation_hint')),
        h('input', { id: consultationId, type: 'checkbox', 'data-field': fieldName([...path, 'consultation']), checked: b.consultation === true, disabled: frozen, 'aria-describedby': `${consultationId}-error`, on: { change: consultationChanged } }),
        h('p', { class: 'field-error', id: `${consultationId}-error` })),
      select([...path, 'district'], t('district'), districts),
      select([...path, 'kind'], t('kind'), KINDS.map((k) => [k, t(`kind.${k}`)]), kindChanged),
      input([...path, 'budget'], t('budget'), { optional: false, number: false }),
      params.map((p) => (p === 'signed' ? input([...path, p], t(p), { kind: 'checkbox' }) : input([...path, p], t(p), { number: true }))),
      select([...path, 'rule'], t('rule'), (RULES[b.kind] ?? []).map((r) => [r, r]), () => redraw()),
      h('p', { class: 'hint rule-sentence', id: `${fieldId([...path, 'rule'])}-sentence` }, t(`rule.${b.rule}`)),
      UTILITIES[b.kind]?.length ? select([...path, 'utility'], t('utility'), UTILITIES[b.kind].map((u) => [u, u])) : null,
      select([...path, 'tie_break'], t('tie_break'), [['file-order', 'file-order'], ['pabutools', 'pabutools']]),
      h('h3', { 'data-field': fieldName([...path, 'projects']) }, t('projects')),
      h('p', { class: 'field-error', id: `${fieldId([...path, 'projects'])}-error` }),
      b.projects.map((p, j) => projectSection(p, i, j)),
      button(t('add_project'), () => b.projects.push(newProject()), { id: `add-project-${i}` }),
      doc.ballots.length > 1 ? button(t('remove'), () => doc.ballots.splice(i, 1)) : null);
  }

  function projectSection(p, i, j) {
    const path = ['ballots', i, 'projects', j];
    const photos = p.photos ?? [];
    return h('fieldset', { class: 'project', 'data-field': fieldName(path) },
      h('legend', {}, `${t('project')} ${j + 1}${p.name?.tr ? ` — ${p.name.tr}` : ''}`),
      h('div', { class: 'grid' },
        input([...path, 'id'], t('id'), { optional: false }),
        input([...path, 'cost'], t('cost'), { optional: false }),
        input([...path, 'name', 'tr'], t('name_tr'), { optional: false }),
        input([...path, 'name', 'en'], t('name_en')),
        input([...path, 'description', 'tr'], t('desc_tr'), { area: true }),
        input([...path, 'description', 'en'], t('desc_en'), { area: true }),
        input([...path, 'categories'], t('categories'), { list: true }),
        input([...path, 'sdg'], t('sdg'), { list: true }),
        input([...path, 'audience'], t('audience'), { list: true }),
        input([...path, 'start'], t('start')),
        input([...path, 'address'], t('address')),
        input([...path, 'neighbourhood'], t('neighbourhood')),
        input([...path, 'latitude'], t('latitude'), { number: true }),
        input([...path, 'longitude'], t('longitude'), { number: true }),
        picker(fieldId(path), {
          disabled: frozen,
          current: () => (typeof p.latitude === 'number' && typeof p.longitude === 'number' ? [p.latitude, p.longitude] : null),
          others: () => doc.ballots.flatMap((b) => b.projects).filter((q) => q !== p && typeof q.latitude === 'number' && typeof q.longitude === 'number').map((q) => [q.latitude, q.longitude]),
          onPick: (lat, lon) => {
            set(doc, [...path, 'latitude'], lat);
            set(doc, [...path, 'longitude'], lon);
            document.getElementById(fieldId([...path, 'latitude'])).value = String(lat);
            document.getElementById(fieldId([...path, 'longitude'])).value = String(lon);
          },
        })),
      h('div', { class: 'photos', 'data-field': fieldName([...path, 'photos']) },
        photos.map((d) => h('img', { src: photoUrl(state.election, d), alt: t('photo_alt', { name: p.name?.tr ?? p.id }), width: 120, height: 90 })),
        state.election && !frozen ? photoInput(p, path) : null,
        h('p', { class: 'field-error', id: `${fieldId([...path, 'photos'])}-error` })),
      doc.ballots[i].projects.length > 1 ? button(t('remove'), () => doc.ballots[i].projects.splice(j, 1)) : null);
  }

  function photoInput(p, path) {
    const id = `${fieldId(path)}-photo`;
    const status = h('p', { class: 'hint', role: 'status' });
    return h('div', {}, h('label', { for: id }, t('add_photo')),
      h('input', { id, type: 'file', accept: 'image/jpeg,image/png,image/webp', on: { change: async (e) => {
        const file = e.target.files[0];
        if (!file) return;
        try {
          const out = await api('POST', `/elections/${eid(state.election)}/photos`, { data: await fileBase64(file) });
          p.photos = [...(p.photos ?? []), out.digest];
          redraw();
        } catch (err) { status.textContent = t('refused', { detail: err.message }); status.className = 'field-error'; }
      } } }), status);
  }

  // A whole definition from a TOML file (as `oylama ballot validate` reads it), checked by the
  // same loader; its problems are listed like the forms' (nothing is saved when one is found).
  function tomlLoader() {
    if (frozen) return null;
    const file = h('input', { type: 'file', id: 'toml-file', accept: '.toml,text/plain' });
    return h('fieldset', { class: 'panel', id: 'toml-import' }, h('legend', {}, t('toml_load')),
      h('label', { for: 'toml-file' }, t('toml_file')), file,
      h('button', { type: 'button', class: 'secondary', id: 'toml-go', on: { click: async () => {
        const f = file.files[0];
        if (!f) return;
        showErrors([]);
        try {
          const definition = await f.text();
          const view = state.election === null
            ? await api('POST', '/elections', { definition, test: Boolean(state.test) })
            : await api('PUT', `/elections/${eid(state.election)}/definition`, { definition });
          onSaved(view);
        } catch (err) {
          if (err.errors?.length) showErrors(err.errors);
          else showErrors([{ field: '', message: err.message }]);
        }
      } } }, t('toml_go')));
  }

  function build() {
    const e = ['election'];
    return [
      summary,
      tomlLoader(),
      h('fieldset', { class: 'panel' }, h('legend', {}, t('election')),
        input([...e, 'id'], t('id'), { optional: false }),
        input([...e, 'title', 'tr'], t('title_tr'), { optional: false }),
        input([...e, 'title', 'en'], t('title_en')),
        input([...e, 'city'], t('city'), { optional: false }),
        input([...e, 'currency'], t('currency'), { optional: false }),
        input([...e, 'opens'], t('opens')),
        input([...e, 'closes'], t('closes')),
        h('div', { class: 'grid' },
          input([...e, 'proposals', 'opens'], t('proposals_opens')),
          input([...e, 'proposals', 'closes'], t('proposals_closes'))),
        h('div', { class: 'grid' },
          input([...e, 'review', 'opens'], t('review_opens')),
          input([...e, 'review', 'closes'], t('review_closes'))),
        input([...e, 'implementation', 'opens'], t('implementation_opens')),
        input([...e, 'min_tally_ballots'], t('min_tally'), { number: true, optional: false }),
        state.election === null ? h('div', { class: 'field' }, h('label', { class: 'inline' }, h('input', { type: 'checkbox', id: 'test-election', on: { change: (ev) => { state.test = ev.target.checked; } } }), ` ${t('test')}`)) : null),
      h('fieldset', { class: 'panel', 'data-field': 'districts' }, h('legend', {}, t('districts')),
        h('p', { class: 'field-error', id: `${fieldId(['districts'])}-error` }),
        doc.districts.map((d, k) => h('div', { class: 'grid' },
          input(['districts', k, 'id'], `${t('district')} ${k + 1}: ${t('id')}`, { optional: false }),
          input(['districts', k, 'name'], `${t('district')} ${k + 1}: ${t('name')}`, { optional: false }),
          doc.districts.length > 1 ? button(t('remove'), () => doc.districts.splice(k, 1)) : null)),
        button(t('add_district'), () => doc.districts.push({ id: '', name: '' }), { id: 'add-district' })),
      h('h2', { 'data-field': 'ballots' }, t('ballots')),
      h('p', { class: 'field-error', id: `${fieldId(['ballots'])}-error` }),
      doc.ballots.map((b, i) => ballotSection(b, i)),
      button(t('add_ballot'), () => doc.ballots.push(newBallot(doc.districts[0]?.id ?? 'city-wide')), { id: 'add-ballot' }),
      frozen ? null : h('p', {}, h('button', { type: 'submit', class: 'primary', id: 'save' }, state.election === null ? t('create') : t('save'))),
    ];
  }

  function showErrors(errors) {
    for (const el of root.querySelectorAll('.field-error')) el.textContent = '';
    for (const el of root.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    summary.replaceChildren();
    summary.className = '';
    if (!errors.length) return;
    summary.className = 'msg error';
    summary.append(h('p', {}, t('fix', { n: errors.length })));
    const list = h('ul');
    let first = null;
    for (const e of errors) {
      // the problem's own field, else the nearest enclosing one that has a place for it
      let name = e.field;
      let slot = null;
      while (name && !slot) {
        const input = root.querySelector(`[data-field="${CSS.escape(name)}"]`);
        slot = input ? root.querySelector(`#${CSS.escape(`f-${name.replace(/\[(\d+)\]/g, '.$1').split('.').join('-')}-error`)}`) : null;
        if (input && input.matches('input, select, textarea')) { input.setAttribute('aria-invalid', 'true'); first ??= input; }
        if (!slot) name = name.replace(/(\.[^.[]+|\[\d+\])$/, '');
      }
      if (slot) slot.textContent = slot.textContent ? `${slot.textContent} ${e.message}` : e.message;
      list.append(h('li', {}, `${e.field || t('election')}: ${e.message}`));
    }
    summary.append(list);
    (first ?? summary).focus();
  }

  async function save() {
    showErrors([]); // no stale message while the server checks this version
    try {
      const view = state.election === null
        ? await api('POST', '/elections', { document: doc, test: Boolean(state.test) })
        : await api('PUT', `/elections/${eid(state.election)}/definition`, { document: doc });
      showErrors([]);
      summary.className = 'msg ok';
      summary.textContent = t('saved');
      onSaved(view);
    } catch (err) {
      if (err.errors?.length) showErrors(err.errors);
      else showErrors([{ field: '', message: err.message }]);
    }
  }

  redraw();
  return root;
}
