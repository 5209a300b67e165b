// The voting page: credential code -> ballot -> review -> encrypt, prove, sign on this device
// -> cast (or open it for a Benaloh check) -> receipt. The code, the key and the choices
// never leave the device; the server gets the public credential, the signature and the
// encrypted ballot (docs/spec/service.md §5).

import * as C from './oylama-crypto.js';
import { ApiError, NetworkError, postCast, postSpoiled } from './api.js';
import { announce, download, h, nextFrame, render } from './dom.js';
import {
  CheckError, PinError, checkReceipt, checkSpoiledReceipt, eligibleBallots, letterPin, loadCredentialList,
  loadDescriptions, loadElection, loadView,
} from './election.js';
import { money, number, t, text } from './i18n.js';
import { projectCard } from './projects.js';

const big = (x) => BigInt(x);

// The step on screen, to draw again in the other language (null while encrypting or sending).
let current = null;
/** Draw the current step again (after a language switch); the voter's inputs are kept. */
export function redraw() { if (current) current(); }

// A cast that may not have reached the server survives a reload in sessionStorage (only the
// signed, encrypted ballot: no choice, no randomness, no code), so it can be sent again.
const PENDING = (id) => `oylama-pending-cast:${id}`;
function savePending(el, ballot, made) {
  try {
    sessionStorage.setItem(PENDING(el.id), JSON.stringify({ ballot: ballot.id, trackingCode: made.trackingCode, ballotText: made.ballotText, body: made.body }));
  } catch { /* storage disabled: retry works until the page is closed */ }
}
function clearPending(el) { try { sessionStorage.removeItem(PENDING(el.id)); } catch { /* ignore */ } }
function loadPending(el) {
  try { return JSON.parse(sessionStorage.getItem(PENDING(el.id)) ?? 'null'); } catch { return null; }
}

export async function votePage(id) {
  const pin = letterPin(); // the list fingerprint of the letter's link, checked before any encryption
  const el = await loadElection(id);
  const state = { el, pin, fingerprint: null, district: null, seed: null, publicKey: null, cast: new Map() };
  if (el.view.status !== 'open' || !el.key) { clearPending(el); return notOpen(el); }
  el.descriptions = await loadDescriptions(id);
  codeStep(state);
}

function title(el) { return el.manifest ? text(el.manifest.title) : el.view.title; }

function notOpen(el) {
  current = () => notOpen(el);
  const st = el.view.status;
  const key = { draft: 'vote.not_yet', ceremony: 'vote.not_yet', closed: 'vote.closed', tallied: 'vote.closed', published: 'vote.closed' }[st] ?? 'vote.not_open';
  render(
    h('h1', {}, title(el)),
    h('p', { class: 'msg' }, t(key)),
    st === 'published' ? h('p', {}, h('a', { href: `/elections/${encodeURIComponent(el.id)}/results` }, t('nav.results'))) : null,
  );
}

// -- 1. the credential code ------------------------------------------------------------------

function codeStep(state, error = null) {
  current = () => codeStep(state, error);
  const pending = loadPending(state.el);
  const pendingBallot = pending && state.el.manifest.ballots.find((b) => b.id === pending.ballot);
  const input = h('input', {
    type: 'text', id: 'code', name: 'code', class: 'code', autocomplete: 'off', autocapitalize: 'characters',
    spellcheck: 'false', inputmode: 'text', 'aria-describedby': error ? 'code-hint code-error' : 'code-hint',
    'aria-invalid': error ? 'true' : null, required: true,
  });
  const form = h('form', { class: 'panel', novalidate: true, on: { submit: (e) => { e.preventDefault(); submitCode(state, input.value); } } },
    h('label', { for: 'code' }, t('vote.code_label')),
    h('p', { class: 'hint', id: 'code-hint' }, t('vote.code_hint')),
    input,
    error ? h('p', { class: 'error', id: 'code-error', role: 'alert' }, error) : null,
    h('button', { type: 'submit', class: 'primary' }, t('vote.code_submit')),
  );
  render(
    h('h1', {}, title(state.el)),
    pendingBallot ? h('div', { class: 'panel', id: 'pending' },
      h('p', { class: 'warn' }, t('vote.pending', { code: pending.trackingCode, ballot: text(pendingBallot.title) })),
      h('button', { type: 'button', class: 'primary', id: 'resend', on: { click: () => cast(state, pendingBallot, pending) } }, t('cast.retry')),
      h('button', { type: 'button', class: 'secondary', on: { click: () => { clearPending(state.el); codeStep(state); } } }, t('vote.pending_discard'))) : null,
    h('p', {}, t('vote.intro')),
    state.pin ? h('p', { class: 'hint', id: 'pin' }, t('vote.pin_from_letter', { fp: C.letterFingerprint(state.pin.padEnd(20, '0')) })) : null,
    form,
    h('details', {}, h('summary', {}, t('vote.how_title')), h('p', {}, t('vote.how'))),
  );
  if (error) input.focus();
}

async function submitCode(state, typed) {
  let code;
  try {
    code = C.parseCode(typed);
  } catch {
    return codeStep(state, t('vote.code_invalid'));
  }
  announce(t('vote.checking_code'));
  let list;
  try {
    list = await loadCredentialList(state.el, state.pin);
  } catch (e) {
    if (e instanceof PinError) {
      // The server's list is not the authority's: never encrypt a ballot for it.
      return codeStep(state, t('vote.pin_mismatch', { served: C.letterFingerprint(e.served), pinned: C.letterFingerprint(e.pinned.padEnd(20, '0')) }));
    }
    return codeStep(state, e instanceof NetworkError ? t('error.network') : t('error.check', { what: e.message }));
  }
  const { seed, publicKey } = C.credentialKeys(code, state.el.id);
  const district = list.map.get(C.toBase64(publicKey));
  if (district === undefined) return codeStep(state, t('vote.code_unknown'));
  Object.assign(state, { seed, publicKey, district, fingerprint: list.fingerprint });
  ballotsStep(state);
}

// -- 2. which ballot ---------------------------------------------------------------------------

function ballotsStep(state) {
  current = () => ballotsStep(state);
  const ballots = eligibleBallots(state.el.manifest, state.district);
  if (ballots.length === 1 && !state.cast.size) return choose(state, ballots[0]);
  render(
    h('h1', {}, t('vote.your_ballots')),
    h('p', {}, t('vote.your_ballots_intro', { count: ballots.length })),
    listLine(state),
    h('ul', { class: 'cards' }, ballots.map((b) => h('li', { class: 'card' },
      h('h2', {}, text(b.title)),
      state.cast.has(b.id) ? h('p', { class: 'ok' }, t('vote.already_cast_here')) : null,
      h('button', { type: 'button', class: 'primary', 'data-ballot': b.id, on: { click: () => choose(state, b) } },
        state.cast.has(b.id) ? t('vote.revote_button') : t('vote.open_ballot')),
    ))),
  );
}

/** What the voter can compare with the letter: the voters' list it was checked against. */
function listLine(state) {
  if (!state.fingerprint) return null;
  const fp = C.letterFingerprint(state.fingerprint);
  return h('p', { class: 'hint', id: 'list-fingerprint' }, t(state.pin ? 'vote.pin_ok' : 'vote.list_fingerprint', { fp }));
}

// -- 3. choosing -------------------------------------------------------------------------------

function rules(ballot, style) {
  const cur = ballot.currency;
  switch (style.kind) {
    case 'knapsack': return t('rules.knapsack', { budget: money(ballot.budget, cur) }) + (style.min_count ? ' ' + t('rules.min', { n: style.min_count }) : '') + (style.max_count !== null ? ' ' + t('rules.max', { n: style.max_count }) : '');
    case 'approval': return t('rules.approval') + (style.min_count ? ' ' + t('rules.min', { n: style.min_count }) : '') + (style.max_count !== null ? ' ' + t('rules.max', { n: style.max_count }) : '');
    case 'cumulative': return t('rules.cumulative', { points: style.points });
    default: return t(style.signed ? 'rules.quadratic_signed' : 'rules.quadratic', { credits: style.credits, max: style.max_votes });
  }
}

function choose(state, ballot, initial = null) {
  const style = C.checkStyle(ballot.style);
  const n = style.projects;
  const choices = initial ? [...initial] : Array(n).fill(0);
  current = () => choose(state, ballot, choices);
  const currency = state.el.manifest.currency;
  const b = { ...ballot, currency };
  const gauge = h('div', { class: 'gauge', id: 'gauge' });
  const cards = [];
  const controls = [];
  const problem = h('p', { class: 'error', id: 'choose-error', role: 'alert' });
  const next = h('button', { type: 'button', class: 'primary', id: 'to-review', on: { click: () => {
    try { C.checkChoices(style, choices); } catch (e) { problem.textContent = explain(style, choices); return; }
    review(state, ballot, choices);
  } } }, t('vote.review_button'));

  const costs = style.kind === 'knapsack' ? style.costs.map(big) : null;
  const spent = () => (costs ? choices.reduce((s, x, j) => s + big(x) * costs[j], 0n) : 0n);
  const count = () => choices.filter((x) => x !== 0).length;
  const pointsUsed = () => choices.reduce((s, x) => s + x, 0);
  const credits = () => choices.reduce((s, v) => s + v * v, 0);
  const maxCount = style.max_count ?? n;

  function update() {
    problem.textContent = '';
    gauge.replaceChildren();
    if (style.kind === 'knapsack') {
      const used = spent();
      const pct = Number((used * 1000n) / big(style.budget)) / 10;
      const usedMoney = money(Number(used) / ballot.scale, currency);
      gauge.append(
        h('p', { id: 'budget-text' }, t('gauge.budget', { used: usedMoney, budget: money(ballot.budget, currency), left: money((Number(big(style.budget) - used)) / ballot.scale, currency) })),
        h('div', { class: 'bar', role: 'meter', 'aria-labelledby': 'budget-text', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': pct.toFixed(1), 'aria-valuetext': t('gauge.percent', { pct: number(pct) }) }, h('span', { style: `width:${Math.min(100, pct)}%` })),
        h('p', { class: 'hint' }, t('gauge.count', { n: count() })),
      );
    } else if (style.kind === 'approval') {
      gauge.append(h('p', {}, t('gauge.count_of', { n: count(), max: maxCount })));
    } else if (style.kind === 'cumulative') {
      const pct = (100 * pointsUsed()) / style.points;
      gauge.append(
        h('p', { id: 'points-text' }, t('gauge.points', { used: pointsUsed(), total: style.points, left: style.points - pointsUsed() })),
        h('div', { class: 'bar', role: 'meter', 'aria-labelledby': 'points-text', 'aria-valuemin': 0, 'aria-valuemax': style.points, 'aria-valuenow': pointsUsed() }, h('span', { style: `width:${pct}%` })),
      );
    } else {
      const used = credits();
      gauge.append(
        h('p', { id: 'credits-text' }, t('gauge.credits', { used, total: style.credits, left: style.credits - used })),
        h('div', { class: 'bar', role: 'meter', 'aria-labelledby': 'credits-text', 'aria-valuemin': 0, 'aria-valuemax': style.credits, 'aria-valuenow': used }, h('span', { style: `width:${(100 * used) / style.credits}%` })),
      );
    }
    controls.forEach((c) => c());
    cards.forEach((card, j) => card.classList.toggle('chosen', choices[j] !== 0));
  }

  const list = h('ul', { class: 'cards', 'aria-label': t('vote.projects') });
  ballot.projects.forEach((p, j) => {
    const card = projectCard(p, currency, state.el.descriptions?.get(ballot.id)?.get(p.id));
    const nameId = `p${j}-name`;
    if (style.kind === 'knapsack' || style.kind === 'approval') {
      const why = h('span', { class: 'hint', id: `p${j}-why` });
      const box = h('input', { type: 'checkbox', id: `p${j}`, 'aria-describedby': `p${j}-why`, on: { change: () => {
        if (box.checked) {
          choices[j] = 1;
          if ((costs && spent() > big(style.budget)) || count() > maxCount) { choices[j] = 0; box.checked = false; }
        } else choices[j] = 0;
        update();
        announce(style.kind === 'knapsack' ? gauge.querySelector('#budget-text').textContent : gauge.textContent);
      } } });
      box.checked = choices[j] === 1;
      controls.push(() => {
        let blocked = null;
        if (choices[j] === 0) {
          if (costs && spent() + costs[j] > big(style.budget)) blocked = t('vote.no_room');
          else if (count() >= maxCount) blocked = t('vote.max_reached', { n: maxCount });
        }
        box.disabled = blocked !== null;
        why.textContent = blocked ?? '';
      });
      card.append(h('div', { class: 'choice' }, box, h('label', { for: `p${j}`, style: 'margin:0' }, t('vote.select', { name: text(p.name) })), ), why);
    } else {
      const low = style.kind === 'quadratic' && style.signed ? -style.max_votes : 0;
      const high = style.kind === 'quadratic' ? style.max_votes : style.points;
      const out = h('output', { id: `p${j}-value`, 'aria-live': 'polite' });
      const cost = h('span', { class: 'hint', id: `p${j}-cost` });
      const step = (d) => () => {
        const v = choices[j] + d;
        if (!allowed(j, v)) return;
        choices[j] = v;
        update();
      };
      const allowed = (k, v) => {
        if (v < low || v > high) return false;
        if (style.kind === 'cumulative') return pointsUsed() - choices[k] + v <= style.points;
        return credits() - choices[k] * choices[k] + v * v <= style.credits;
      };
      const minus = h('button', { type: 'button', 'aria-label': t('vote.less', { name: text(p.name) }), on: { click: step(-1) } }, '−');
      const plus = h('button', { type: 'button', 'aria-label': t('vote.more', { name: text(p.name) }), on: { click: step(1) } }, '+');
      controls.push(() => {
        out.textContent = String(choices[j]);
        minus.disabled = !allowed(j, choices[j] - 1);
        plus.disabled = !allowed(j, choices[j] + 1);
        cost.textContent = style.kind === 'quadratic' ? t('vote.vote_cost', { v: choices[j], c: choices[j] * choices[j] }) : t('vote.points_here', { v: choices[j] });
      });
      card.append(h('div', { class: 'stepper', role: 'group', 'aria-labelledby': nameId }, minus, out, plus, cost));
    }
    card.querySelector('h3').id = nameId;
    cards.push(card);
    list.append(h('li', {}, card));
  });

  render(
    h('h1', {}, text(ballot.title)),
    h('p', {}, rules(b, style)),
    listLine(state),
    gauge,
    list,
    problem,
    h('div', { class: 'row' }, next, h('button', { type: 'button', class: 'secondary', on: { click: () => ballotsStep(state) } }, t('vote.back'))),
  );
  update();
}

function explain(style, choices) {
  const count = choices.filter((x) => x !== 0).length;
  if ((style.kind === 'approval' || style.kind === 'knapsack') && count < style.min_count) return t('vote.need_min', { n: style.min_count });
  return t('vote.not_allowed');
}

// -- 4. review, encrypt ------------------------------------------------------------------------

function summary(ballot, choices) {
  const style = ballot.style;
  const rows = ballot.projects.map((p, j) => [p, choices[j]]).filter(([, x]) => x !== 0);
  if (!rows.length) return h('p', {}, t('review.nothing'));
  return h('ul', {}, rows.map(([p, x]) => h('li', {},
    text(p.name),
    style.kind === 'cumulative' ? ` — ${t('review.points', { v: x })}` : '',
    style.kind === 'quadratic' ? ` — ${t('review.votes', { v: x })}` : '')));
}

function review(state, ballot, choices) {
  current = () => review(state, ballot, choices);
  const go = h('button', { type: 'button', class: 'primary', id: 'encrypt', on: { click: () => encrypt(state, ballot, choices) } }, t('review.encrypt'));
  render(
    h('h1', {}, t('review.title')),
    h('p', {}, text(ballot.title)),
    h('div', { class: 'panel' }, summary(ballot, choices)),
    h('p', {}, t('review.explain')),
    h('div', { class: 'row' }, go, h('button', { type: 'button', class: 'secondary', on: { click: () => choose(state, ballot, choices) } }, t('review.change'))),
  );
}

async function encrypt(state, ballot, choices) {
  current = null;
  const bar = h('progress', { class: 'progress', max: 100, value: 0, 'aria-label': t('encrypt.progress') });
  render(h('h1', {}, t('encrypt.title')), h('p', { role: 'status' }, t('encrypt.working')), bar);
  await nextFrame();
  const { el } = state;
  const ballotId = C.newBallotId(C.secureRng);
  const { ballot: enc, secrets } = await C.encryptBallotAsync(ballot.style, el.key, choices, {
    context: el.context, ballotId, credential: state.publicKey, rng: C.secureRng,
    onProgress: (f) => { bar.value = Math.round(100 * f); },
  });
  const ballotText = JSON.stringify(enc);
  const bytes = C.utf8(ballotText);
  const signature = C.signBallot(state.seed, bytes, el.id);
  const trackingCode = C.formatTrackingCode(C.trackingCode(bytes));
  const body = `{"credential":${JSON.stringify(C.toBase64(state.publicKey))},"signature":${JSON.stringify(C.toBase64(signature))},"ballot":${ballotText}}`;
  encrypted(state, ballot, choices, { enc, secrets, ballotText, trackingCode, body });
}

function encrypted(state, ballot, choices, made) {
  current = () => encrypted(state, ballot, choices, made);
  render(
    h('h1', {}, t('encrypted.title')),
    h('p', {}, t('encrypted.code_intro')),
    h('p', { class: 'code-box', id: 'tracking-code' }, made.trackingCode),
    h('p', {}, t('encrypted.choose')),
    h('div', { class: 'row' },
      h('button', { type: 'button', class: 'primary', id: 'cast', on: { click: () => cast(state, ballot, made) } }, t('encrypted.cast')),
      h('button', { type: 'button', class: 'secondary', id: 'spoil', on: { click: () => spoilIt(state, ballot, choices, made) } }, t('encrypted.spoil'))),
    h('details', {}, h('summary', {}, t('encrypted.spoil_what')), h('p', {}, t('encrypted.spoil_explain'))),
  );
}

// -- 5. Benaloh check --------------------------------------------------------------------------
//
// The device checks its own spoiled ballot, then offers to publish it (signed for spoiling,
// service.md §5.1) so that another device can check it with code that did not encrypt it:
// the checker page /elections/{id}/spoiled/{code}.

function spoilIt(state, ballot, choices, made) {
  current = () => spoilIt(state, ballot, choices, made);
  const spoiled = C.spoil(made.enc, made.secrets);
  let result;
  let error = null;
  try {
    result = C.verifySpoiled(ballot.style, state.el.key, spoiled,
      { context: state.el.context, credential: state.publicKey });
  } catch (e) { error = e.message; }
  const same = !error && result.choices.every((x, j) => x === choices[j]) && result.trackingCode === made.trackingCode;
  const box = h('div', { class: 'panel', id: 'spoil-publish', 'aria-live': 'polite' });
  render(
    h('h1', {}, t('spoil.title')),
    error || !same
      ? h('p', { class: 'msg error', role: 'alert', id: 'spoil-result' }, t('spoil.failed', { why: error ?? t('spoil.mismatch') }))
      : h('p', { class: 'msg ok', id: 'spoil-result' }, t('spoil.ok')),
    h('p', {}, t('spoil.code', { code: made.trackingCode })),
    result ? h('div', { class: 'panel' }, h('h2', {}, t('spoil.revealed')), summary(ballot, result.choices)) : null,
    h('p', {}, t('spoil.not_cast')),
    h('section', { 'aria-labelledby': 'elsewhere' }, h('h2', { id: 'elsewhere' }, t('spoil.elsewhere_title')),
      h('p', {}, t('spoil.elsewhere_explain')), box),
    h('div', { class: 'row' },
      h('button', { type: 'button', class: 'primary', id: 'again', on: { click: () => review(state, ballot, choices) } }, t('spoil.again')),
      h('button', { type: 'button', class: 'secondary', on: { click: () => download(`spoiled-${made.trackingCode.slice(0, 9)}.json`, JSON.stringify(spoiled)) } }, t('spoil.download'))),
    h('p', { class: 'hint' }, t('spoil.download_why')),
  );
  publishBox(state, made, spoiled, box);
}

function publishBox(state, made, spoiled, box) {
  const { el } = state;
  const link = `/elections/${encodeURIComponent(el.id)}/spoiled/${made.trackingCode}`;
  if (made.published) {
    box.replaceChildren(
      h('p', { class: 'ok', id: 'spoil-published' }, t('spoil.published', { index: made.published.index })),
      h('p', {}, t('spoil.check_elsewhere')),
      h('p', { class: 'mono' }, `${location.origin}${link}`),
      h('p', {}, h('a', { class: 'button', id: 'check-elsewhere', href: link }, t('spoil.check_link'))));
    return;
  }
  const publish = async () => {
    box.replaceChildren(h('p', { role: 'status' }, t('spoil.publishing')));
    const text = JSON.stringify(spoiled);
    const signature = C.signSpoiled(state.seed, C.utf8(text), el.id);
    const body = `{"credential":${JSON.stringify(C.toBase64(state.publicKey))},"signature":${JSON.stringify(C.toBase64(signature))},"spoiled":${text}}`;
    try {
      const { body: answer } = await postSpoiled(el.id, body);
      await checkSpoiledReceipt(el, { index: answer.index, checkpoint: answer.checkpoint, proof: answer.inclusion_proof, spoiledText: text });
      made.published = { index: answer.index };
    } catch (e) {
      const why = e instanceof NetworkError ? t('error.network') : (e.detail || e.message);
      box.replaceChildren(
        h('p', { class: 'error', role: 'alert', id: 'spoil-publish-error' }, t('spoil.publish_failed', { why })),
        h('button', { type: 'button', class: 'secondary', on: { click: publish } }, t('cast.retry')));
      return;
    }
    publishBox(state, made, spoiled, box);
  };
  box.replaceChildren(
    h('p', { class: 'hint' }, t('spoil.publish_privacy')),
    h('button', { type: 'button', class: 'primary', id: 'publish-spoiled', on: { click: publish } }, t('spoil.publish')));
}

// -- 6. cast, receipt --------------------------------------------------------------------------

async function cast(state, ballot, made) {
  current = null;
  const { el } = state;
  savePending(el, ballot, made);
  const msg = h('p', { role: 'status' }, t('cast.sending'));
  render(h('h1', {}, t('cast.title')), msg);
  let answer;
  try {
    answer = await postCast(el.id, made.body);
  } catch (e) {
    return castFailed(state, ballot, made, e);
  }
  clearPending(el);
  state.cast.set(ballot.id, made.trackingCode);
  receipt(state, ballot, made, answer.body);
}

async function castFailed(state, ballot, made, e) {
  current = null;
  let text_ = t('error.generic', { detail: e.message });
  let retry = false;
  if (e instanceof NetworkError) { text_ = t('cast.network'); retry = true; }
  else if (e instanceof ApiError) {
    if (e.status === 409) {
      let status = null;
      try { status = (await loadView(state.el.id)).status; } catch { /* keep the detail */ }
      text_ = status && status !== 'open' ? t('vote.closed') : t('cast.conflict', { detail: e.detail });
    } else if (e.status === 403) text_ = t('cast.forbidden', { detail: e.detail });
    else if (e.status === 429) { text_ = t('cast.too_many'); retry = true; }
    else if (e.status >= 500) { text_ = t('cast.server'); retry = true; }
    else text_ = t('cast.refused', { status: e.status, detail: e.detail });
    if (!retry) clearPending(state.el);
  }
  render(
    h('h1', {}, t('cast.failed_title')),
    h('p', { class: 'msg error', role: 'alert' }, text_),
    h('p', {}, t('cast.code_was', { code: made.trackingCode })),
    retry ? h('p', {}, t('cast.retry_safe')) : null,
    h('div', { class: 'row' },
      retry ? h('button', { type: 'button', class: 'primary', on: { click: () => cast(state, ballot, made) } }, t('cast.retry')) : null,
      h('button', { type: 'button', class: 'secondary', on: { click: () => (state.district ? ballotsStep(state) : codeStep(state)) } }, t('vote.back'))),
  );
}

function receiptText(el, ballot, made, answer) {
  return [
    t('receipt.file_title'), '',
    `${t('receipt.election')}: ${text(el.manifest.title)} (${el.id})`,
    `${t('receipt.ballot')}: ${text(ballot.title)} (${ballot.id})`,
    `${t('receipt.code')}: ${made.trackingCode}`,
    `${t('receipt.index')}: ${answer.index}`,
    `${t('receipt.check_at')}: ${location.origin}/elections/${encodeURIComponent(el.id)}/verify/${made.trackingCode}`,
    '',
  ].join('\n');
}

function receipt(state, ballot, made, answer) {
  const { el } = state;
  const check = h('p', { role: 'status', id: 'receipt-check' }, t('receipt.checking'));
  const verifyUrl = `/elections/${encodeURIComponent(el.id)}/verify/${made.trackingCode}`;
  current = () => receipt(state, ballot, made, answer);
  const remaining = state.district ? eligibleBallots(el.manifest, state.district).filter((b) => !state.cast.has(b.id)) : [];
  render(
    h('h1', {}, t('receipt.title')),
    h('p', { class: 'msg ok', id: 'receipt-status' }, answer.superseded !== null ? t('receipt.revoted') : t('receipt.cast')),
    h('p', {}, t('receipt.code_intro')),
    h('p', { class: 'code-box', id: 'receipt-code' }, made.trackingCode),
    check,
    h('div', { class: 'row' },
      h('button', { type: 'button', class: 'primary', on: { click: () => download(`receipt-${el.id}-${ballot.id}.txt`, receiptText(el, ballot, made, answer), 'text/plain') } }, t('receipt.save')),
      h('button', { type: 'button', class: 'secondary', on: { click: async () => {
        try { await navigator.clipboard.writeText(made.trackingCode); announce(t('receipt.copied')); } catch { announce(t('receipt.copy_failed')); }
      } } }, t('receipt.copy')),
      h('button', { type: 'button', class: 'secondary', on: { click: () => window.print() } }, t('receipt.print')),
      h('a', { class: 'button', href: verifyUrl }, t('receipt.verify_link'))),
    h('h2', {}, t('receipt.revote_title')),
    h('p', {}, t('receipt.revote')),
    remaining.length ? h('button', { type: 'button', class: 'primary', id: 'next-ballot', on: { click: () => ballotsStep(state) } }, t('receipt.next_ballot')) : null,
  );
  checkReceipt(el, { trackingCode: made.trackingCode, index: answer.index, checkpoint: answer.checkpoint, proof: answer.inclusion_proof, ballotText: made.ballotText })
    .then(({ checkpoint }) => { check.className = 'ok'; check.textContent = t('receipt.checked', { size: checkpoint.size.toString() }); })
    .catch((e) => { check.className = 'error'; check.textContent = t('receipt.check_failed', { why: e.message }); });
}

export { CheckError };
