// The voting page: credential code -> ballot -> review -> "Oyumu gönder" (encrypt, prove, sign
// on this device and send, one action) -> receipt -> "Tamamlandı". Checking the encryption
// (Benaloh) is an optional path before sending. The code, the key and the choices never leave
// the device; the server gets the public credential, the signature and the encrypted ballot
// (docs/spec/service.md §5).

import * as C from './oylama-crypto.js';
import { ApiError, NetworkError, eid, getJson, postCast, postSpoiled } from './api.js';
import { codeGroups, fragmentParams, shortFingerprint, tidyCode } from './codes.js';
import { announce, download, h, main, nextFrame, render } from './dom.js';
import {
  CheckError, PinError, checkReceipt, checkSpoiledReceipt, eligibleBallots, letterPin, loadCredentialList,
  loadDefinition, loadElection,
} from './election.js';
import { currentLang, money, number, t, text } from './i18n.js';
import { ballotRules, catalogLink, projectCard, schedule } from './projects.js';
import { phaseSlot } from './proposals.js';

const big = (x) => BigInt(x);

// The step on screen, to draw again in another language (null while encrypting or sending).
let current = null;
/** Draw the current step again (after a language switch); the voter's inputs are kept. */
export function redraw() { if (current) current(); }

// -- leaving with an unsent ballot ---------------------------------------------------------------

let unsent = false;
function setUnsent(value) {
  unsent = value;
  window.onbeforeunload = value ? (e) => { e.preventDefault(); e.returnValue = ''; return ''; } : null;
}
export function hasUnsent() { return unsent; }

// -- what survives a reload (sessionStorage: this tab only) -------------------------------------
//
// A cast that may not have reached the server (only the signed, encrypted ballot: no choice,
// no randomness, no code), so it can be sent again; and, once ballots were cast, which ones
// (tracking codes), so that the "Tamamlandı" screen is still there after a reload.

const PENDING = (id) => `oylama-pending-cast:${id}`;
const DONE = (id) => `oylama-done:${id}`;
const store = {
  get(key) { try { return JSON.parse(sessionStorage.getItem(key) ?? 'null'); } catch { return null; } },
  set(key, value) { try { sessionStorage.setItem(key, JSON.stringify(value)); } catch { /* storage disabled */ } },
  drop(key) { try { sessionStorage.removeItem(key); } catch { /* ignore */ } },
};
const savePending = (el, ballot, made) => store.set(PENDING(el.id), { ballot: ballot.id, trackingCode: made.trackingCode, ballotText: made.ballotText, body: made.body });
const clearPending = (el) => store.drop(PENDING(el.id));
const loadPending = (el) => store.get(PENDING(el.id));

function saveDone(state, finished = false) {
  store.set(DONE(state.el.id), { district: state.district, cast: Object.fromEntries(state.cast), finished });
}

export async function votePage(id, config = {}) {
  const frag = fragmentParams(location.hash);
  const pin = letterPin(); // the list fingerprint of the letter's link, checked before any encryption
  if (frag.code) {
    // The letter's QR code carries the code in the fragment (never sent to the server); it is
    // taken into the form and removed from the address bar and the history.
    history.replaceState(null, '', location.pathname + location.search + (pin ? `#fp=${frag.fp}` : ''));
  }
  const state = {
    id, config, pin, el: null, elP: null, fingerprint: null, district: null, seed: null, publicKey: null,
    cast: new Map(), typed: frag.code ?? '', error: null, groups: null,
  };
  state.elP = loadElection(id).then(async (el) => {
    el.definition = await loadDefinition(id);
    state.el = el;
    return el;
  });
  state.elP.catch(() => { /* shown when the code is sent, or below */ });
  const done = store.get(DONE(id));
  if (done && done.finished && !frag.code) {
    const el = await state.elP;
    if (el.view.status === 'open') {
      state.district = done.district;
      state.cast = new Map(Object.entries(done.cast ?? {}));
      return doneStep(state);
    }
  }
  codeStep(state);
  let el;
  try { el = await state.elP; } catch (e) { if (e instanceof NetworkError) return; throw e; }
  if (el.view.status !== 'open' || !el.key) { clearPending(el); return notOpen(el); }
  if (current && current.step === 'code') current();
  if (frag.code) submitCode(state, frag.code);
}

function title(el) { return el.manifest ? text(el.manifest.title) : el.view.title; }

function notOpen(el) {
  current = () => notOpen(el);
  setUnsent(false);
  const st = el.view.status;
  const key = { draft: 'vote.not_yet', ceremony: 'vote.not_yet', closed: 'vote.closed', tallied: 'vote.closed', published: 'vote.closed' }[st] ?? 'vote.not_open';
  render(
    h('h1', {}, title(el)),
    h('p', { class: 'msg' }, t(key)),
    el.manifest ? schedule(el.manifest) : null,
    st === 'published' ? h('p', { class: 'more' }, h('a', { href: `/elections/${encodeURIComponent(el.id)}/results` }, t('nav.results'))) : null,
    el.manifest ? catalogLink(el.id) : null,
    phaseSlot(el.id),
  );
}

// -- 1. the credential code ------------------------------------------------------------------

function helpText(config, key) {
  const given = config?.[key];
  if (!given) return null;
  return given[currentLang()] ?? given.tr ?? null;
}

function codeStep(state) {
  current = () => codeStep(state);
  current.step = 'code';
  // This step is drawn again when the election has loaded (its title, schedule, catalogue
  // link) while the resident may be typing: the new field takes over the focus and the caret,
  // or a key pressed in between (Enter) would go nowhere.
  const before = document.getElementById('code');
  const typing = before !== null && document.activeElement === before;
  const caret = typing ? [before.selectionStart, before.selectionEnd] : null;
  const { el, error, groups } = state;
  const pending = el ? loadPending(el) : null;
  const pendingBallot = pending && el.manifest.ballots.find((b) => b.id === pending.ballot);
  const described = ['code-hint', error ? 'code-error' : null, groups ? 'code-groups' : null].filter(Boolean).join(' ');
  const input = h('input', {
    type: 'text', id: 'code', name: 'code', class: 'code', autocomplete: 'off', autocapitalize: 'characters',
    spellcheck: 'false', inputmode: 'text', 'aria-describedby': described, value: state.typed,
    'aria-invalid': error ? 'true' : null, required: true,
  });
  input.addEventListener('input', () => { state.typed = input.value; });
  const help = helpText(state.config, 'help');
  const form = h('form', { class: 'panel', novalidate: true, on: { submit: (e) => { e.preventDefault(); state.typed = input.value; submitCode(state, input.value); } } },
    h('label', { for: 'code' }, t('vote.code_label')),
    h('p', { class: 'hint', id: 'code-hint' }, t('vote.code_hint')),
    input,
    groups ? h('p', { class: 'groups', id: 'code-groups' },
      h('span', { class: 'visually-hidden' }, t('vote.groups_intro')),
      groups.map((g, k) => h('span', { class: g.bad ? 'group bad' : 'group', 'data-group': k + 1 },
        g.text, g.bad ? h('span', { class: 'visually-hidden' }, ` (${t('vote.group_wrong', { n: k + 1 })})`) : null))) : null,
    error ? h('p', { class: 'error', id: 'code-error', role: 'alert' }, error) : null,
    h('button', { type: 'submit', class: 'primary' }, t('vote.code_submit')),
  );
  render(
    h('h1', {}, el ? title(el) : t('title.vote')),
    pendingBallot ? h('div', { class: 'panel', id: 'pending' },
      h('p', { class: 'warn' }, t('vote.pending', { code: shortFingerprint(pending.trackingCode), ballot: text(pendingBallot.title) })),
      h('button', { type: 'button', class: 'primary', id: 'resend', on: { click: () => cast(state, pendingBallot, pending) } }, t('cast.retry')),
      h('button', { type: 'button', class: 'secondary', on: { click: () => { clearPending(el); codeStep(state); } } }, t('vote.pending_discard'))) : null,
    h('p', {}, t('vote.intro')),
    el?.manifest ? schedule(el.manifest) : null,
    state.pin ? h('p', { class: 'hint', id: 'pin' }, t('vote.pin_from_letter', { fp: C.letterFingerprint(state.pin.padEnd(20, '0')) })) : null,
    form,
    h('details', { class: 'help', id: 'code-help' }, h('summary', {}, t('vote.lost_title')),
      h('p', {}, help ?? t('vote.lost_default'))),
    el ? catalogLink(el.id) : null,
    h('details', {}, h('summary', {}, t('vote.how_title')), h('p', {}, t('vote.how'))),
  );
  if (error || typing) input.focus();
  if (caret && caret[0] !== null) input.setSelectionRange(caret[0], caret[1]);
}

function codeError(state, message, typed) {
  state.error = message;
  state.groups = typed === null ? null : codeGroups(typed).groups;
  codeStep(state);
}

async function submitCode(state, typed) {
  state.typed = typed;
  const shape = codeGroups(typed);
  let code;
  try {
    code = C.parseCode(tidyCode(typed));
  } catch {
    const message = shape.canonicalOk ? t('vote.code_mistyped') : (shape.groups.some((g) => g.badSymbol) ? t('vote.code_bad_symbol') : t('vote.code_bad_length'));
    return codeError(state, message, typed);
  }
  announce(t('vote.checking_code'));
  let list;
  try {
    await state.elP;
    list = await loadCredentialList(state.el, state.pin);
  } catch (e) {
    if (e instanceof PinError) {
      // The server's list is not the authority's: never encrypt a ballot for it.
      return codeError(state, t('vote.pin_mismatch', { served: C.letterFingerprint(e.served), pinned: C.letterFingerprint(e.pinned.padEnd(20, '0')) }), null);
    }
    return codeError(state, e instanceof NetworkError ? t('error.network') : t('error.check', { what: e.message }), null);
  }
  if (state.el.view.status !== 'open') return notOpen(state.el);
  const { seed, publicKey } = C.credentialKeys(code, state.el.id);
  const district = list.map.get(C.toBase64(publicKey));
  if (district === undefined) return codeError(state, t('vote.code_unknown'), null);
  Object.assign(state, { seed, publicKey, district, fingerprint: list.fingerprint, error: null, groups: null, typed: '' });
  ballotsStep(state);
}

// -- 2. which ballot ---------------------------------------------------------------------------

function ballotsStep(state) {
  current = () => ballotsStep(state);
  setUnsent(false);
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
    state.cast.size ? h('button', { type: 'button', class: 'secondary', id: 'finish', on: { click: () => doneStep(state) } }, t('done.finish')) : null,
  );
}

/** What the voter can compare with the letter: the voters' list it was checked against. */
function listLine(state) {
  if (!state.fingerprint) return null;
  const fp = C.letterFingerprint(state.fingerprint);
  return h('details', { class: 'tech' }, h('summary', {}, t('tech.title')),
    h('p', { class: 'hint', id: 'list-fingerprint' }, t(state.pin ? 'vote.pin_ok' : 'vote.list_fingerprint', { fp })));
}

// -- staff preview -----------------------------------------------------------------------------

/**
 * A ballot exactly as residents will see it, before the election opens: the same choosing
 * step, drawn from the manifest the definition would give (GET …/preview, for the election's
 * staff and observers, with their session). Nothing can be sent from it.
 */
export async function previewPage(id, ballotId) {
  const got = await getJson(`/elections/${eid(id)}/preview`);
  const el = { id, view: { status: got.status }, manifest: got.manifest, definition: got.definition };
  const ballot = got.manifest.ballots.find((b) => b.id === ballotId);
  if (!ballot) throw new ApiError(404, 'ballot');
  choose({ el, preview: true, cast: new Map(), fingerprint: null }, ballot);
}

// -- 3. choosing -------------------------------------------------------------------------------

function choose(state, ballot, initial = null) {
  const style = C.checkStyle(ballot.style);
  const n = style.projects;
  const choices = initial ? [...initial] : Array(n).fill(0);
  current = () => choose(state, ballot, choices);
  const currency = state.el.manifest.currency;
  const def = state.el.definition?.ballots?.find((b) => b.id === ballot.id);
  const gauge = h('div', { class: 'gauge', id: 'gauge' });
  const cards = [];
  const controls = [];
  const problem = h('p', { class: 'error', id: 'choose-error', role: 'alert' });
  const next = h('button', { type: 'button', class: 'primary', id: 'to-review', on: { click: () => {
    try { C.checkChoices(style, choices); } catch (e) { problem.textContent = explain(style, choices); return; }
    if (state.preview) { problem.textContent = t('vote.preview_only'); return; }
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
    setUnsent(choices.some((x) => x !== 0));
    if (style.kind === 'knapsack') {
      const used = spent();
      const pct = Number((used * 1000n) / big(style.budget)) / 10;
      const usedMoney = money(Number(used) / ballot.scale, currency);
      gauge.append(
        h('p', { id: 'budget-text' }, t('gauge.budget', { used: usedMoney, budget: money(ballot.budget, currency), left: money((Number(big(style.budget) - used)) / ballot.scale, currency) })),
        h('div', { class: 'bar', role: 'meter', 'aria-labelledby': 'budget-text', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': pct.toFixed(1), 'aria-valuetext': t('gauge.percent', { pct: number(Math.round(pct)) }) }, h('span', { style: `width:${Math.min(100, pct)}%` })),
        h('p', { class: 'hint' }, t('gauge.count', { n: count() })),
      );
    } else if (style.kind === 'approval') {
      gauge.append(h('p', { id: 'count-text' }, t('gauge.count_of', { n: count(), max: maxCount })));
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
    const dp = def?.projects?.find((x) => x.id === p.id);
    const card = projectCard(state.el, ballot, p, dp, { compact: true });
    const nameId = `p${j}-name`;
    if (style.kind === 'knapsack' || style.kind === 'approval') {
      const why = h('span', { class: 'hint', id: `p${j}-why` });
      const box = h('input', { type: 'checkbox', id: `p${j}`, 'aria-describedby': `p${j}-why`, on: { change: () => {
        if (box.checked) {
          choices[j] = 1;
          if ((costs && spent() > big(style.budget)) || count() > maxCount) { choices[j] = 0; box.checked = false; }
        } else choices[j] = 0;
        update();
        announce(gauge.querySelector('p').textContent);
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
      card.append(h('div', { class: 'choice' }, box, h('label', { for: `p${j}` }, t('vote.select', { name: text(p.name) }))), why);
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
    state.preview ? h('p', { class: 'msg', id: 'preview-note' }, t('vote.preview_note')) : null,
    h('h1', {}, text(ballot.title)),
    ballotRules(state.el.manifest, ballot, style, def?.consultation === true),
    schedule(state.el.manifest),
    gauge,
    list,
    problem,
    h('div', { class: 'row' }, next, state.preview ? null : h('button', { type: 'button', class: 'secondary', on: { click: () => ballotsStep(state) } }, t('vote.back'))),
    listLine(state),
  );
  update();
  keepClearOf(gauge);
}

/**
 * The sticky gauge must never cover the focused control (WCAG 2.2 "focus not obscured"): the
 * page's scroll padding is the gauge's height, so focus moves scroll past it, and a focused
 * control that still ends up under it (the gauge grew) is scrolled clear.
 */
function keepClearOf(gauge) {
  const root = document.documentElement;
  const pad = () => { root.style.scrollPaddingTop = `${gauge.offsetHeight + 12}px`; };
  pad();
  new ResizeObserver(pad).observe(gauge);
  main().addEventListener('focusin', (e) => {
    if (!gauge.isConnected || gauge.contains(e.target)) return;
    const under = gauge.getBoundingClientRect().bottom + 4 - e.target.getBoundingClientRect().top;
    if (under > 0) window.scrollBy(0, -under);
  });
}

function explain(style, choices) {
  const count = choices.filter((x) => x !== 0).length;
  if ((style.kind === 'approval' || style.kind === 'knapsack') && count < style.min_count) return t('vote.need_min', { n: style.min_count });
  return t('vote.not_allowed');
}

// -- 4. review; send (encrypt, prove, sign, cast) --------------------------------------------------

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
  setUnsent(true);
  render(
    h('h1', {}, t('review.title')),
    h('p', {}, text(ballot.title)),
    h('div', { class: 'panel' }, summary(ballot, choices)),
    h('p', {}, t('review.explain')),
    h('div', { class: 'row' },
      h('button', { type: 'button', class: 'primary', id: 'send', on: { click: () => send(state, ballot, choices) } }, t('review.send')),
      h('button', { type: 'button', class: 'secondary', on: { click: () => choose(state, ballot, choices) } }, t('review.change'))),
    h('details', { class: 'tech', id: 'check-first-box' }, h('summary', {}, t('review.check_title')),
      h('p', {}, t('encrypted.spoil_explain')),
      h('button', { type: 'button', class: 'secondary', id: 'check-first', on: { click: () => encryptThen(state, ballot, choices, encrypted) } }, t('review.check_first'))),
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
  return { enc, secrets, ballotText, trackingCode, body };
}

async function encryptThen(state, ballot, choices, next) {
  const made = await encrypt(state, ballot, choices);
  next(state, ballot, choices, made);
}

/** The one primary action: encrypt, prove, sign and send. */
async function send(state, ballot, choices) {
  const made = await encrypt(state, ballot, choices);
  await cast(state, ballot, made);
}

/** Encrypted, not sent (the optional check path): send it, or open it to check it. */
function encrypted(state, ballot, choices, made) {
  current = () => encrypted(state, ballot, choices, made);
  setUnsent(true);
  render(
    h('h1', {}, t('encrypted.title')),
    h('p', { class: 'msg warn-box' }, t('encrypted.not_sent')),
    h('p', {}, t('encrypted.code_intro')),
    trackingBox(made.trackingCode, 'tracking-code'),
    h('p', {}, t('encrypted.choose')),
    h('div', { class: 'row' },
      h('button', { type: 'button', class: 'primary', id: 'cast', on: { click: () => cast(state, ballot, made) } }, t('review.send')),
      h('button', { type: 'button', class: 'secondary', id: 'spoil', on: { click: () => spoilIt(state, ballot, choices, made) } }, t('encrypted.spoil'))),
    h('details', {}, h('summary', {}, t('encrypted.spoil_what')), h('p', {}, t('encrypted.spoil_explain'))),
  );
}

/** A tracking code with its short fingerprint shown large beside it. */
export function trackingBox(code, id) {
  return h('div', { class: 'tracking' },
    h('p', { class: 'fingerprint', 'aria-hidden': 'true' }, shortFingerprint(code)),
    h('p', { class: 'code-box', id }, code));
}

// -- 5. Benaloh check --------------------------------------------------------------------------
//
// The device checks its own spoiled ballot, then offers to publish it (signed for spoiling,
// service.md §5.1) so that another device can check it with code that did not encrypt it:
// the checker page /elections/{id}/spoiled/{code}.

function spoilIt(state, ballot, choices, made) {
  current = () => spoilIt(state, ballot, choices, made);
  setUnsent(true);
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
    h('div', { class: 'row' },
      h('button', { type: 'button', class: 'primary', id: 'again', on: { click: () => send(state, ballot, choices) } }, t('spoil.again')),
      h('button', { type: 'button', class: 'secondary', on: { click: () => choose(state, ballot, choices) } }, t('review.change'))),
    h('section', { 'aria-labelledby': 'elsewhere' }, h('h2', { id: 'elsewhere' }, t('spoil.elsewhere_title')),
      h('p', {}, t('spoil.elsewhere_explain')), box),
    h('button', { type: 'button', class: 'secondary', on: { click: () => download(`spoiled-${made.trackingCode.slice(0, 9)}.json`, JSON.stringify(spoiled)) } }, t('spoil.download')),
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
      h('p', {}, h('a', { class: 'button', id: 'check-elsewhere', href: link, target: '_blank', rel: 'noopener' }, t('spoil.check_link'))));
    return;
  }
  const publish = async () => {
    box.replaceChildren(h('p', { role: 'status' }, t('spoil.publishing')));
    const txt = JSON.stringify(spoiled);
    const signature = C.signSpoiled(state.seed, C.utf8(txt), el.id);
    const body = `{"credential":${JSON.stringify(C.toBase64(state.publicKey))},"signature":${JSON.stringify(C.toBase64(signature))},"spoiled":${txt}}`;
    try {
      const { body: answer } = await postSpoiled(el.id, body);
      await checkSpoiledReceipt(el, { index: answer.index, checkpoint: answer.checkpoint, proof: answer.inclusion_proof, spoiledText: txt });
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
    h('button', { type: 'button', class: 'secondary', id: 'publish-spoiled', on: { click: publish } }, t('spoil.publish')));
}

// -- 6. cast, receipt, done --------------------------------------------------------------------

async function cast(state, ballot, made) {
  current = null;
  const { el } = state;
  savePending(el, ballot, made);
  render(h('h1', {}, t('cast.title')), h('p', { role: 'status' }, t('cast.sending')));
  let answer;
  try {
    answer = await postCast(el.id, made.body);
  } catch (e) {
    return castFailed(state, ballot, made, e);
  }
  clearPending(el);
  setUnsent(false);
  state.cast.set(ballot.id, { trackingCode: made.trackingCode, index: answer.body.index });
  if (state.district !== null) saveDone(state);
  receipt(state, ballot, made, answer.body);
}

async function castFailed(state, ballot, made, e) {
  current = null;
  let msg = t('error.generic', { detail: e.message });
  let retry = false;
  if (e instanceof NetworkError) { msg = t('cast.network'); retry = true; }
  else if (e instanceof ApiError) {
    if (e.status === 409) {
      let status = null;
      try { status = (await loadElection(state.el.id)).view.status; } catch { /* keep the detail */ }
      msg = status && status !== 'open' ? t('vote.closed') : t('cast.conflict', { detail: e.detail });
    } else if (e.status === 403) msg = t('cast.forbidden', { detail: e.detail });
    else if (e.status === 429) { msg = t('cast.too_many'); retry = true; }
    else if (e.status >= 500) { msg = t('cast.server'); retry = true; }
    else msg = t('cast.refused', { status: e.status, detail: e.detail });
    if (!retry) clearPending(state.el);
  }
  render(
    h('h1', {}, t('cast.failed_title')),
    h('p', { class: 'msg error', role: 'alert' }, msg),
    h('p', {}, t('cast.code_was', { code: made.trackingCode })),
    retry ? h('p', {}, t('cast.retry_safe')) : null,
    h('div', { class: 'row' },
      retry ? h('button', { type: 'button', class: 'primary', on: { click: () => cast(state, ballot, made) } }, t('cast.retry')) : null,
      h('button', { type: 'button', class: 'secondary', on: { click: () => (state.district ? ballotsStep(state) : codeStep(state)) } }, t('vote.back'))),
  );
}

function receiptText(el, ballot, code, index) {
  return [
    t('receipt.file_title'), '',
    `${t('receipt.election')}: ${text(el.manifest.title)}`,
    `${t('receipt.ballot')}: ${text(ballot.title)}`,
    `${t('receipt.short')}: ${shortFingerprint(code)}`,
    `${t('receipt.code')}: ${code}`,
    `${t('receipt.index')}: ${index}`,
    `${t('receipt.check_at')}: ${location.origin}/elections/${encodeURIComponent(el.id)}/verify/${code}`,
    '',
  ].join('\n');
}

function receiptTools(el, ballot, code, index) {
  const verifyUrl = `/elections/${encodeURIComponent(el.id)}/verify/${code}`;
  return h('div', { class: 'row' },
    h('button', { type: 'button', class: 'secondary', on: { click: () => download(`makbuz-${code.slice(0, 9)}.txt`, receiptText(el, ballot, code, index), 'text/plain') } }, t('receipt.save')),
    h('button', { type: 'button', class: 'secondary', on: { click: async () => {
      try { await navigator.clipboard.writeText(code); announce(t('receipt.copied')); } catch { announce(t('receipt.copy_failed')); }
    } } }, t('receipt.copy')),
    h('button', { type: 'button', class: 'secondary', on: { click: () => window.print() } }, t('receipt.print')),
    h('a', { class: 'button', href: verifyUrl }, t('receipt.verify_link')));
}

function receipt(state, ballot, made, answer) {
  const { el } = state;
  const remaining = eligibleBallots(el.manifest, state.district).filter((b) => !state.cast.has(b.id));
  if (!remaining.length) return doneStep(state, { ballot, made, answer });
  const check = h('p', { role: 'status', id: 'receipt-check' }, t('receipt.checking'));
  current = () => receipt(state, ballot, made, answer);
  render(
    h('h1', {}, t('receipt.title')),
    h('p', { class: 'msg ok', id: 'receipt-status' }, answer.superseded !== null ? t('receipt.revoted') : t('receipt.cast')),
    h('p', {}, t('receipt.code_intro')),
    trackingBox(made.trackingCode, 'receipt-code'),
    check,
    receiptTools(el, ballot, made.trackingCode, answer.index),
    h('p', { class: 'msg warn-box' }, t('receipt.more_ballots', { n: remaining.length })),
    h('div', { class: 'row' },
      h('button', { type: 'button', class: 'primary', id: 'next-ballot', on: { click: () => ballotsStep(state) } }, t('receipt.next_ballot')),
      h('button', { type: 'button', class: 'secondary', id: 'finish', on: { click: () => doneStep(state) } }, t('done.finish'))),
  );
  runCheck(el, made, answer, check);
}

function runCheck(el, made, answer, check) {
  checkReceipt(el, { trackingCode: made.trackingCode, index: answer.index, checkpoint: answer.checkpoint, proof: answer.inclusion_proof, ballotText: made.ballotText })
    .then(({ checkpoint }) => { check.className = 'ok'; check.textContent = t('receipt.checked', { size: checkpoint.size.toString() }); })
    .catch((e) => { check.className = 'error'; check.textContent = t('receipt.check_failed', { why: e.message }); });
}

/**
 * "Tamamlandı": every ballot of the code, cast or not cast, with the tracking codes. Kept in
 * sessionStorage, so a reload shows it again (a new code starts over).
 */
function doneStep(state, last = null) {
  current = () => doneStep(state, last);
  setUnsent(false);
  const { el } = state;
  saveDone(state, true); // a reload shows this screen again (a new code starts over)
  const ballots = eligibleBallots(el.manifest, state.district);
  const check = last ? h('p', { role: 'status', id: 'receipt-check' }, t('receipt.checking')) : null;
  render(
    h('h1', {}, t('done.title')),
    last ? h('p', { class: 'msg ok', id: 'receipt-status' }, last.answer.superseded !== null ? t('receipt.revoted') : t('receipt.cast')) : null,
    h('p', {}, t('done.intro')),
    h('ul', { class: 'cards', id: 'done-list' }, ballots.map((b) => {
      const got = state.cast.get(b.id);
      return h('li', { class: got ? 'card cast' : 'card not-cast', 'data-ballot': b.id },
        h('h2', {}, text(b.title)),
        got ? h('p', { class: 'ok' }, `✓ ${t('done.cast')}`) : h('p', { class: 'warn' }, `✗ ${t('done.not_cast')}`),
        got ? trackingBox(got.trackingCode, last && last.ballot.id === b.id ? 'receipt-code' : null) : null,
        got && last && last.ballot.id === b.id ? check : null,
        got ? receiptTools(el, b, got.trackingCode, got.index) : null,
        !got && state.seed ? h('button', { type: 'button', class: 'primary', 'data-vote': b.id, on: { click: () => choose(state, b) } }, t('vote.open_ballot')) : null);
    })),
    h('h2', {}, t('receipt.revote_title')),
    h('p', {}, t('receipt.revote')),
    h('button', { type: 'button', class: 'secondary', id: 'start-over', on: { click: () => {
      store.drop(DONE(el.id));
      Object.assign(state, { seed: null, publicKey: null, district: null, cast: new Map(), typed: '', error: null, groups: null });
      codeStep(state);
    } } }, t('done.start_over')),
  );
  if (last) runCheck(el, last.made, last.answer, check);
}

export { CheckError };
