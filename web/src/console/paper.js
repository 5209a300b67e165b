// Paper ballots at a polling station (docs/spec/service.md §5.2, record.md §2 items 7b-7c).
//
// This device is one keyer: it makes the staff member's Ed25519 keying key and keeps its private
// half in this browser's storage (never sent), publishes the public half once (a paper-keyer
// board entry), and for each paper ballot derives the credential from the resident's letter code
// (credentials.md §3; the code is not sent) and signs the statement
//   "oylama/paper-ballot-signature/v1" || LP(E) || {"credential","style","choices","station"}.
// A second staff member keys the same ballot on their own device; the service puts it on the
// board only when both signed the same statement, and holds a mismatch for review.

import { ed25519 } from '@noble/curves/ed25519.js';
import { h } from '../app/dom.js';
import { concat, fromHex, lp, toBase64, toHex, utf8 } from '../bytes.js';
import { credentialKeys } from '../credentials.js';
import { api, eid } from './api.js';
import { t } from './i18n.js';

const TAG = 'oylama/paper-ballot-signature/v1';

const storageKey = (electionId, username) => `oylama-paper-keyer:${electionId}:${username}`;

/** This device's keying seed for the election and account, made on first use. */
function keyerSeed(electionId, username) {
  const name = storageKey(electionId, username);
  const kept = localStorage.getItem(name);
  if (kept && /^[0-9a-f]{64}$/.test(kept)) return fromHex(kept);
  const seed = ed25519.utils.randomSecretKey();
  localStorage.setItem(name, toHex(seed));
  return seed;
}

/** The statement's canonical JSON (record.md §1): members in order, no white space. */
export function statementText(credential, style, choices, station) {
  return JSON.stringify({ credential: toBase64(credential), style, choices, station });
}

export function paperMessage(electionId, text) {
  return concat(utf8(TAG), lp(utf8(electionId)), utf8(text));
}

function table(head, rows) {
  return h('table', {}, h('thead', {}, h('tr', {}, head.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c, k) => (k === 0 ? h('th', { scope: 'row' }, c) : h('td', {}, c)))))));
}

/**
 * The "Paper ballots" panel of an election page (status ceremony or open): a button that opens
 * it, so that only a polling station's devices load it (and make a keying key). `ballots` are
 * the definition's (ids, projects with ids and names).
 */
export function paperSection(view, ballots, username) {
  const sec = h('section', { class: 'panel', id: 'paper' }, h('h2', {}, t('paper')));
  sec.append(h('button', { type: 'button', class: 'secondary', id: 'paper-start', on: { click: () => {
    fill(sec, view, ballots, username).catch((x) => sec.append(h('p', { class: 'msg error' }, x.message)));
  } } }, t('paper_start')));
  return sec;
}

async function fill(sec, view, manifestBallots, username) {
  const id = view.id;
  const seed = keyerSeed(id, username);
  const mine = toBase64(ed25519.getPublicKey(seed));
  sec.replaceChildren(h('h2', {}, t('paper')));
  const msg = h('div', { id: 'paper-msg', role: 'status' });
  const say = (text, kind = 'ok') => { msg.className = `msg ${kind}`; msg.textContent = text; };
  let keyers = [];
  try { keyers = await api('GET', `/elections/${eid(id)}/paper/keyers`); } catch { keyers = []; }
  const published = keyers.some((k) => k.account === username && k.key === mine);
  sec.append(h('p', { id: 'paper-key-state' }, published ? t('paper_key_ok') : t('paper_key_missing')));
  if (!published) {
    sec.append(h('button', { type: 'button', class: 'secondary', id: 'paper-publish-key', on: { click: async () => {
      try {
        await api('POST', `/elections/${eid(id)}/paper/keyers`, { key: mine });
        await fill(sec, view, manifestBallots, username);
      } catch (x) { say(x.message, 'error'); }
    } } }, t('paper_publish_key')));
  }
  if (view.status !== 'open') { sec.append(msg); sec.dataset.ready = 'true'; return; }

  const code = h('input', { type: 'text', id: 'paper-code', autocomplete: 'off', spellcheck: 'false' });
  const station = h('input', { type: 'text', id: 'paper-station', maxlength: 64, value: localStorage.getItem('oylama-paper-station') ?? '' });
  const ballot = h('select', { id: 'paper-ballot' }, manifestBallots.map((b) => h('option', { value: b.id }, b.id)));
  const choices = h('div', { id: 'paper-choices' });
  const drawChoices = () => {
    const b = manifestBallots.find((x) => x.id === ballot.value);
    choices.replaceChildren(...b.projects.map((p, k) => h('p', {},
      h('label', { for: `paper-choice-${k}` }, `${p.id}: ${p.name.tr}`),
      h('input', { type: 'number', id: `paper-choice-${k}`, 'data-project': p.id, value: 0, step: 1 }))));
  };
  ballot.addEventListener('change', drawChoices);
  drawChoices();
  const held = h('div', { id: 'paper-held' });
  const drawHeld = async () => {
    const rows = await api('GET', `/elections/${eid(id)}/paper/keyings`);
    const keying = (k) => (k ? `${k.account}: [${k.choices.join(', ')}] @ ${k.station}` : '—');
    held.replaceChildren(h('h3', {}, t('paper_held')), rows.length ? table(
      [t('paper_keying'), t('ballot'), t('status'), t('paper_first'), t('paper_second'), ''],
      rows.map((r) => {
        const reason = h('input', { type: 'text', id: `paper-reason-${r.id}`, maxlength: 200, 'aria-label': t('paper_reason') });
        return [String(r.id), r.style, h('span', { 'data-held-status': r.status }, t(`paper_status.${r.status}`)), keying(r.first), keying(r.second),
          h('span', {}, reason, h('button', { type: 'button', class: 'secondary', id: `paper-discard-${r.id}`, on: { click: async () => {
            try {
              await api('POST', `/elections/${eid(id)}/paper/keyings/${r.id}/discard`, { reason: reason.value });
              say(t('paper_discarded', { id: r.id }));
              await drawHeld();
            } catch (x) { say(x.message, 'error'); }
          } } }, t('paper_discard')))];
      })) : h('p', {}, t('none_held')));
  };
  const form = h('form', { id: 'paper-form', on: { submit: async (e) => {
    e.preventDefault();
    try {
      localStorage.setItem('oylama-paper-station', station.value);
      const credential = credentialKeys(code.value, id).publicKey; // the code stays here
      const values = [...choices.querySelectorAll('input')].map((i) => Number.parseInt(i.value || '0', 10));
      const text = statementText(credential, ballot.value, values, station.value);
      const signature = ed25519.sign(paperMessage(id, text), seed);
      const out = await api('POST', `/elections/${eid(id)}/paper/keyings`, {
        credential: toBase64(credential), style: ballot.value, choices: values, station: station.value, signature: toBase64(signature),
      });
      say(out.status === 'accepted' ? t('paper_accepted', { index: out.index }) : t(`paper_status.${out.status}`), out.status === 'mismatch' ? 'error' : 'ok');
      msg.dataset.outcome = out.status;
      code.value = '';
      await drawHeld();
    } catch (x) { say(x.message, 'error'); msg.dataset.outcome = 'refused'; }
  } } },
  h('label', { for: 'paper-station' }, t('paper_station')), station,
  h('label', { for: 'paper-code' }, t('paper_code')), code,
  h('label', { for: 'paper-ballot' }, t('ballot')), ballot, choices,
  h('button', { type: 'submit', class: 'primary', id: 'paper-key' }, t('paper_key_go')));
  sec.append(h('p', {}, t('paper_hint')), form, msg, held);
  try { await drawHeld(); } catch (x) { say(x.message, 'error'); }
  sec.dataset.ready = 'true';
}
