// The console's Proposals panel: every resident's proposal of the election with its supports;
// staff hide or show one again with a public reason, record the feasibility review, and accept
// a feasible one into a ballot of the draft (the residents' pages show all of it, and each
// action is an entry of the participation log naming the account).

import { h } from '../app/dom.js';
import { api, eid } from './api.js';
import { t } from './i18n.js';

function moderateForm(id, p, refresh) {
  const action = p.hidden ? 'unhide' : 'hide';
  const reason = h('input', { type: 'text', name: 'reason', maxlength: 1000, required: true, 'aria-label': t('prop_reason') });
  const err = h('span', { class: 'field-error', role: 'alert' });
  return h('form', { class: 'inline', 'data-action': action, on: { submit: async (e) => {
    e.preventDefault();
    try {
      await api('POST', `/elections/${eid(id)}/proposals/${p.id}/moderation`, { action, reason: reason.value });
      refresh(t(`prop_${action}_done`, { id: p.id }));
    } catch (x) { err.textContent = x.message; }
  } } }, reason, h('button', { type: 'submit', class: 'secondary' }, t(`prop_${action}`)), err);
}

function reviewForm(id, p, refresh) {
  const decision = h('select', { name: 'decision', 'aria-label': t('prop_decision') },
    h('option', { value: 'feasible' }, t('prop_feasible')), h('option', { value: 'infeasible' }, t('prop_infeasible')));
  const technical = h('textarea', { name: 'technical', rows: 2, maxlength: 4000, 'aria-label': t('prop_technical'), placeholder: t('prop_technical') });
  const legal = h('textarea', { name: 'legal', rows: 2, maxlength: 4000, 'aria-label': t('prop_legal'), placeholder: t('prop_legal') });
  const cost = h('input', { type: 'text', name: 'cost', inputmode: 'decimal', 'aria-label': t('prop_cost'), placeholder: t('prop_cost') });
  const err = h('span', { class: 'field-error', role: 'alert' });
  return h('form', { class: 'review-form', on: { submit: async (e) => {
    e.preventDefault();
    try {
      await api('POST', `/elections/${eid(id)}/proposals/${p.id}/review`, {
        decision: decision.value, technical: technical.value, legal: legal.value, cost: cost.value.trim() || null,
      });
      refresh(t('prop_reviewed', { id: p.id }));
    } catch (x) { err.textContent = x.message; }
  } } }, decision, technical, legal, cost, h('button', { type: 'submit', class: 'secondary' }, t('prop_review')), err);
}

function acceptForm(id, p, staff, refresh) {
  const ballots = (staff.document.ballots ?? []).filter((b) => b.district === p.content.district);
  if (!ballots.length) return h('p', { class: 'hint' }, t('prop_no_ballot'));
  const ballot = h('select', { name: 'ballot', 'aria-label': t('prop_ballot') }, ballots.map((b) => h('option', { value: b.id }, b.id)));
  const err = h('span', { class: 'field-error', role: 'alert' });
  return h('form', { class: 'inline', on: { submit: async (e) => {
    e.preventDefault();
    try {
      await api('POST', `/elections/${eid(id)}/proposals/${p.id}/accept`, { ballot: ballot.value });
      refresh(t('prop_accepted', { id: p.id }));
    } catch (x) { err.textContent = x.message; }
  } } }, ballot, h('button', { type: 'submit', class: 'primary' }, t('prop_accept')), err);
}

export async function proposalsSection(id, staff, refresh) {
  let list;
  try { list = await api('GET', `/elections/${eid(id)}/proposals`); } catch { return null; }
  const mine = staff.editable !== false; // the server refuses what the account may not do
  const draft = staff.status === 'draft';
  const rows = list.proposals.map((p) => h('li', { class: 'card', 'data-proposal': p.id },
    h('h3', {}, `${p.id} · `, p.content.title, p.hidden ? h('span', { class: 'badge' }, t('prop_hidden')) : null),
    h('p', { class: 'meta' }, t('prop_meta', { district: p.content.district, cost: p.content.cost, n: p.supports })),
    h('p', {}, p.content.description),
    p.moderation ? h('p', { class: 'hint' }, t('prop_moderation', { by: p.moderation.by }), ' ', p.moderation.reason) : null,
    p.review ? h('p', { class: 'hint' }, t('prop_review_state', { decision: t(`prop_${p.review.decision}`), by: p.review.by })) : null,
    p.accepted ? h('p', { class: 'msg ok' }, t('prop_on_ballot', { ballot: p.accepted.ballot, project: p.accepted.project })) : null,
    mine ? moderateForm(id, p, refresh) : null,
    mine && !p.accepted ? reviewForm(id, p, refresh) : null,
    mine && draft && !p.accepted && !p.hidden && p.review?.decision === 'feasible' ? acceptForm(id, p, staff, refresh) : null));
  return h('section', { class: 'panel', id: 'proposals' }, h('h2', {}, t('proposals')),
    h('p', {}, h('a', { href: `/elections/${eid(id)}/proposals` }, t('prop_residents'))),
    rows.length ? h('ul', { class: 'cards' }, rows) : h('p', {}, t('prop_none')));
}
