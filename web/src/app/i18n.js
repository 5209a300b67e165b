// Message catalogues: one JSON file per language in /_web/i18n/ (tr.json, en.json, ar.json,
// ku.json, ...). Adding a language is adding its file: the service lists the files it has
// (/_web_config.json "languages", each file's "lang.name" and "lang.dir"), the language menu
// offers them, and the page sets <html lang dir>. Turkish is the default; the choice is kept
// in localStorage and can be given as ?lang=.
//
// Placeholders: {name}, or {name+CASE} for a number followed by its Turkish case suffix,
// generated from how the number is read aloud (vowel harmony, buffer consonants, voicing):
// %40'ı, %50'si, 3'ü, 7'ye, 6'da, 1.000'den. In other languages {name+CASE} is the number.

let messages = {};
let lang = 'tr';
let languages = [{ code: 'tr', name: 'Türkçe', dir: 'ltr' }];
const CODE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;

export function currentLang() { return lang; }
export function availableLanguages() { return languages; }
export function setLanguages(list) {
  if (Array.isArray(list) && list.length) languages = list.filter((l) => l && CODE.test(l.code));
}

export function initialLang() {
  const q = new URLSearchParams(location.search).get('lang');
  if (q && CODE.test(q)) return q;
  try {
    const saved = localStorage.getItem('oylama-lang');
    if (saved && CODE.test(saved)) return saved;
  } catch { /* storage disabled */ }
  return 'tr';
}

export async function loadLang(code) {
  let r = await fetch(`/_web/i18n/${code}.json`);
  if (!r.ok && code !== 'tr') { code = 'tr'; r = await fetch('/_web/i18n/tr.json'); }
  if (!r.ok) throw new Error(`messages ${code}: ${r.status}`);
  messages = await r.json();
  lang = code;
  document.documentElement.lang = code;
  document.documentElement.dir = messages['lang.dir'] === 'rtl' ? 'rtl' : 'ltr';
  try { localStorage.setItem('oylama-lang', code); } catch { /* storage disabled */ }
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
}

// -- Turkish number suffixes ---------------------------------------------------------------------

const ONES = ['sıfır', 'bir', 'iki', 'üç', 'dört', 'beş', 'altı', 'yedi', 'sekiz', 'dokuz'];
const TENS = ['', 'on', 'yirmi', 'otuz', 'kırk', 'elli', 'altmış', 'yetmiş', 'seksen', 'doksan'];

/** The last word of a number read aloud in Turkish ("12,5" -> "beş", "40" -> "kırk"). */
export function lastTurkishWord(formatted) {
  const m = /(\d[\d.\s\u00a0\u202f]*)(?:,(\d+))?\D*$/.exec(String(formatted));
  if (!m) return null;
  const digits = m[2] !== undefined ? m[2].replace(/^0+(?=\d)/, '') : m[1].replace(/\D/g, '');
  const n = BigInt(digits || '0');
  if (n === 0n) return ONES[0];
  if (n % 10n) return ONES[Number(n % 10n)];
  if (n % 100n) return TENS[Number((n % 100n) / 10n)];
  if (n % 1000n) return 'yüz';
  if (n % 1000000n) return 'bin';
  if (n % 1000000000n) return 'milyon';
  if (n % 1000000000000n) return 'milyar';
  return 'trilyon';
}

const VOWELS = 'aıoueiöü';
/**
 * The suffix a Turkish case adds to `word`: poss (3rd person possessive: -ı, -si), acc
 * (accusative: -ı, -yi), dat (-a, -ye), loc (-da, -te), abl (-dan, -ten), gen (-ın, -nin).
 */
export function turkishSuffix(word, kase) {
  const v = [...word].reverse().find((c) => VOWELS.includes(c)) ?? 'e';
  const back = 'aıou'.includes(v);
  const round = 'oöuü'.includes(v);
  const four = back ? (round ? 'u' : 'ı') : (round ? 'ü' : 'i');
  const two = back ? 'a' : 'e';
  const endsVowel = VOWELS.includes(word[word.length - 1]);
  const hard = 'fstkçşhp'.includes(word[word.length - 1]);
  switch (kase) {
    case 'poss': return (endsVowel ? 's' : '') + four;
    case 'acc': return (endsVowel ? 'y' : '') + four;
    case 'gen': return (endsVowel ? 'n' : '') + four + 'n';
    case 'dat': return (endsVowel ? 'y' : '') + two;
    case 'loc': return (hard ? 't' : 'd') + two;
    case 'abl': return (hard ? 't' : 'd') + two + 'n';
    default: throw new Error(`unknown case ${kase}`);
  }
}

/** `formatted` (a number as shown) with its Turkish case suffix after an apostrophe. */
export function withSuffix(formatted, kase) {
  const word = lastTurkishWord(formatted);
  return word ? `${formatted}'${turkishSuffix(word, kase)}` : String(formatted);
}

/** t('key', {name: value}): {name} and {name+case} placeholders; a missing key shows itself. */
export function t(key, params = {}) {
  const text = messages[key];
  if (text === undefined) return key;
  return text.replace(/\{([a-zA-Z_]+)(?:\+([a-z]+))?\}/g, (all, name, kase) => {
    if (!(name in params)) return all;
    const v = String(params[name]);
    return kase && lang === 'tr' ? withSuffix(v, kase) : v;
  });
}

/** Whether the catalogue has `key` (for optional texts, e.g. a rule's sentence). */
export function has(key) { return key in messages; }

/** A definition's text {tr, en, ...}: the page's language, else English, else Turkish. */
export function text(tx) {
  if (!tx) return '';
  if (typeof tx === 'string') return tx;
  return tx[lang] || (lang !== 'tr' && tx.en) || tx.tr;
}

export function locale() {
  return messages['lang.locale'] || ({ tr: 'tr-TR', en: 'en-GB' }[lang] ?? lang);
}

/** Whether this browser has the locale's formatting data (Chromium has none for Kurmanji). */
function known(loc) {
  try { return Intl.DateTimeFormat.supportedLocalesOf([loc]).length > 0; } catch { return false; }
}

/** The locale numbers are written in: the page's, or -- where the browser has no data for it
 *  -- Turkey's conventions (where Kurmanji's readers of these pages live), never English's. */
export function numberLocale() {
  const loc = locale();
  return known(loc) ? loc : 'tr-TR';
}

export function money(amount, currency) {
  const n = Number(amount);
  try {
    return new Intl.NumberFormat(numberLocale(), { style: 'currency', currency, maximumFractionDigits: 2 }).format(n);
  } catch {
    return `${new Intl.NumberFormat(numberLocale()).format(n)} ${currency}`;
  }
}

export function number(n) { return new Intl.NumberFormat(numberLocale()).format(Number(n)); }

/** A share as a percentage (0.4 -> "%40" in Turkish, "40%" in English). */
export function percent(share, digits = 0) {
  return new Intl.NumberFormat(numberLocale(), { style: 'percent', maximumFractionDigits: digits }).format(share);
}

/** Times are shown in Turkey's time zone, whatever the device's. */
export const TIME_ZONE = 'Europe/Istanbul';

export function dateTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  if (!known(locale())) {  // numbers only: no month name in a language that is not the page's
    return new Intl.DateTimeFormat('tr-TR', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: TIME_ZONE }).format(d);
  }
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'long', timeStyle: 'short', timeZone: TIME_ZONE }).format(d);
}

export function date(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  if (!known(locale())) return new Intl.DateTimeFormat('tr-TR', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: TIME_ZONE }).format(d);
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'long', timeZone: TIME_ZONE }).format(d);
}
