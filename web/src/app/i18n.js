// Message catalogues (/_web/i18n/tr.json, en.json): Turkish by default, English on request.
// The choice is kept in localStorage and in ?lang=, and sets <html lang>.

let messages = {};
let lang = 'tr';
export const LANGS = ['tr', 'en'];

export function currentLang() { return lang; }

export function initialLang() {
  const q = new URLSearchParams(location.search).get('lang');
  if (LANGS.includes(q)) return q;
  try {
    const saved = localStorage.getItem('oylama-lang');
    if (LANGS.includes(saved)) return saved;
  } catch { /* storage disabled */ }
  return 'tr';
}

export async function loadLang(code) {
  const r = await fetch(`/_web/i18n/${code}.json`, { cache: 'no-cache' });
  if (!r.ok) throw new Error(`messages ${code}: ${r.status}`);
  messages = await r.json();
  lang = code;
  document.documentElement.lang = code;
  try { localStorage.setItem('oylama-lang', code); } catch { /* storage disabled */ }
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
}

/** t('key', {name: value}) with {name} placeholders; a missing key shows itself. */
export function t(key, params = {}) {
  let text = messages[key];
  if (text === undefined) return key;
  for (const [k, v] of Object.entries(params)) text = text.split(`{${k}}`).join(String(v));
  return text;
}

/** A manifest Text {tr, en}: the page's language, Turkish when no English is given. */
export function text(tx) {
  if (!tx) return '';
  if (typeof tx === 'string') return tx;
  return (lang === 'en' && tx.en) ? tx.en : tx.tr;
}

export function locale() { return lang === 'tr' ? 'tr-TR' : 'en-GB'; }

export function money(amount, currency) {
  const n = Number(amount);
  try {
    return new Intl.NumberFormat(locale(), { style: 'currency', currency, maximumFractionDigits: 2 }).format(n);
  } catch {
    return `${new Intl.NumberFormat(locale()).format(n)} ${currency}`;
  }
}

export function number(n) { return new Intl.NumberFormat(locale()).format(Number(n)); }
