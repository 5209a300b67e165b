// The spoiled-ballot checker page (service.md §5.1). One self-contained HTML file: served at
// /elections/{id}/spoiled[/{tracking code}] it reads the election's record from the service;
// saved and opened from disk it reads a record file and a device's saved spoiled ballot the
// voter picks. Text goes into the page as text nodes only.

import { CheckFailed } from './bytes.js';
import { readRecord } from './board.js';
import { checkSpoiled, electionOf, spoiledEntries } from './spoiled.js';

const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) e.setAttribute(k, String(v));
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

function say(text, kind = '') {
  $('status').replaceChildren(el('p', { class: kind, role: kind === 'bad' ? 'alert' : null }, text));
}

const text = (t) => (t && typeof t === 'object' ? (t.tr ?? '') + (t.en && t.en !== t.tr ? ` / ${t.en}` : '') : String(t ?? ''));

function values(result) {
  const projects = result.ballot?.projects ?? [];
  return el('table', {},
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Proje / Project'), el('th', { scope: 'col' }, 'Ad / Name'), el('th', { scope: 'col', class: 'num' }, 'Değer / Value'))),
    el('tbody', {}, (result.choices ?? []).map((x, j) => el('tr', { class: x ? 'chosen' : null },
      el('td', {}, projects[j]?.id ?? String(j + 1)), el('td', {}, text(projects[j]?.name)), el('td', { class: 'num' }, String(x))))));
}

function show(result, { where, wanted }) {
  const section = el('section', { class: 'spoiled', 'data-code': result.code ?? '', 'data-ok': String(result.ok) },
    el('h2', {}, `Takip kodu / Tracking code: ${result.code ?? '?'}`),
    el('p', { class: `result ${result.ok ? 'ok' : 'bad'}` }, result.ok
      ? 'EŞLEŞİYOR: şifreli oy tam olarak aşağıdaki seçimleri içeriyor. / MATCH: the encrypted ballot holds exactly the choices below.'
      : `EŞLEŞMİYOR / MISMATCH: ${result.problem}`),
    el('p', {}, `${where}${result.ballot ? ` — ${text(result.ballot.title)} (${result.ballot.id})` : ''}`),
    result.choices ? values(result) : null);
  if (wanted && result.code === wanted) section.classList.add('wanted');
  return section;
}

function wantedCode() {
  const parts = location.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'elections' && parts[2] === 'spoiled' && parts[3]) return parts[3].toUpperCase();
  return null;
}

function check(recordText, spoiledText) {
  const out = $('results');
  out.replaceChildren();
  const pinned = $('key').value.trim() || null;
  let record;
  let election;
  try {
    record = readRecord(recordText, { pinnedKey: pinned });
    election = electionOf(record);
  } catch (e) {
    if (!(e instanceof CheckFailed) && !(e instanceof SyntaxError)) throw e;
    say(`Kayıt doğrulanamadı / The record does not verify: ${e.message}`, 'bad');
    return;
  }
  $('board').replaceChildren(
    el('p', {}, `Seçim / Election: ${text(election.manifest.title)} (${record.electionId}); ${record.size} kayıt / entries, imzalı son kontrol noktasıyla doğrulandı / verified against the signed final checkpoint.`),
    el('p', {}, 'Pano anahtarı / Board key: ', el('code', { id: 'board-key' }, record.boardKey),
      pinned ? ' — verdiğiniz anahtarla aynı / the one you gave' : ' — resmi yayınla karşılaştırın / compare it with the one published out of band'));
  const wanted = wantedCode();
  if (spoiledText !== null) {
    const mineText = spoiledText.replace(/\n$/, '');
    const mine = checkSpoiled(election, mineText);
    const entry = spoiledEntries(record, election).find((s) => s.text === mineText);
    const where = entry ? `Panoda kayıt / On the board as entry ${entry.index}` : 'Dosyanız; panoda yayımlanmamış / Your file; not published on the board';
    out.append(show(mine, { where, wanted: mine.code }));
    say(mine.ok ? 'Dosya denetlendi / The file was checked.' : 'Denetim BAŞARISIZ / Check FAILED.', mine.ok ? 'ok' : 'bad');
    return;
  }
  const all = spoiledEntries(record, election);
  const listed = wanted ? all.filter((s) => s.code === wanted) : all;
  if (!all.length) { say('Bu seçimde yayımlanmış açılmış oy yok. / This election has no published spoiled ballots.'); return; }
  if (wanted && !listed.length) { say(`${wanted} takip kodlu açılmış oy panoda yok. / No spoiled ballot with tracking code ${wanted} is on the board.`, 'bad'); return; }
  for (const s of listed) out.append(show(s, { where: `Panoda kayıt / On the board as entry ${s.index}`, wanted }));
  const bad = listed.filter((s) => !s.ok).length;
  say(bad ? `${bad} açılmış oy EŞLEŞMİYOR / ${bad} spoiled ballot(s) do NOT match.` : `${listed.length} açılmış oy denetlendi, hepsi eşleşiyor / ${listed.length} spoiled ballot(s) checked, all match.`, bad ? 'bad' : 'ok');
}

const readFile = (input) => (input.files && input.files[0] ? input.files[0].text() : Promise.resolve(null));

async function fromFiles() {
  const record = await readFile($('record-file'));
  const spoiled = await readFile($('spoiled-file'));
  if (record === null) { say('Bir kayıt dosyası seçin / Choose a record file.', 'bad'); return; }
  check(record, spoiled);
}

async function boot() {
  $('check-files').addEventListener('click', () => { fromFiles().catch((e) => say(String(e.message), 'bad')); });
  const params = new URLSearchParams(location.search);
  if (params.get('key')) $('key').value = params.get('key');
  const parts = location.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (!location.protocol.startsWith('http') || parts[0] !== 'elections' || parts[2] !== 'spoiled') {
    $('recheck').hidden = true;
    $('files').open = true;
    say('Kayıt dosyasını (ve isterseniz cihazınızın indirdiği açılmış oy dosyasını) seçin. / Choose the record file (and, if you like, the spoiled ballot file your device downloaded).');
    return;
  }
  say('Seçimin kaydı indiriliyor… / Downloading the election record…');
  let recordText;
  try {
    const r = await fetch(`/api/v1/elections/${encodeURIComponent(parts[1])}/record`, { cache: 'no-store' });
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    recordText = await r.text();
  } catch (e) {
    say(`Kayıt indirilemedi / Could not download the record: ${e.message}`, 'bad');
    return;
  }
  $('recheck').addEventListener('click', () => {
    readFile($('spoiled-file')).then((s) => check(recordText, s)).catch((e) => say(String(e.message), 'bad'));
  });
  check(recordText, null);
}

boot();
