// What residents type, made into what the crypto library parses -- before any check, so that
// a Turkish keyboard's habits never count as a typo. The code alphabet (credentials §2.4:
// 0-9 and A-Z without I, L, O, U) has no ambiguous letters, so İ, ı, i and l all mean 1 and
// O means 0 (the library maps I, L, O itself); the tracking-code alphabet (A-Z, 2-7) has I,
// and İ and ı are that I. Any dash or space a phone may insert is a separator.
//
// Pure functions (no DOM): web/test/codes.test.js runs them under node.

const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D_]/g;
const SPACES = /[\s\u00A0\u2007\u202F\u200B\u2060]+/g;
const CODE_SYMBOLS = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Upper case without the Turkish locale's İ/ı asymmetry: every i-like letter becomes I. */
export function upperLatin(text) {
  return String(text).normalize('NFC')
    .replace(/i\u0307/g, 'I') // i + combining dot above (some keyboards)
    .replace(/[İıiÌÍÎÏìíîï]/g, 'I')
    .toUpperCase();
}

/** A typed credential code in the form `parseCode` takes (ASCII, dashes as separators). */
export function tidyCode(text) {
  return upperLatin(text).replace(DASHES, '-').replace(SPACES, '-').replace(/-+/g, '-').replace(/^-|-$/g, '');
}

/**
 * The groups of a typed code, each marked `bad` when it cannot be right: a symbol that is in
 * no code (after the safe mappings), or a group that is not 6 symbols long. Typed without
 * separators, the code is cut into groups of 6. `canonicalOk` says whether the groups could
 * form a code at all (4 groups of 6 valid symbols).
 */
export function codeGroups(text) {
  const tidy = tidyCode(text);
  const mapped = (g) => g.replace(/O/g, '0').replace(/[IL]/g, '1');
  let parts = tidy.split('-').filter(Boolean);
  if (parts.length === 1 && parts[0].length > 6) parts = parts[0].match(/.{1,6}/g);
  const groups = parts.map((g) => {
    const m = mapped(g);
    const badSymbol = [...m].some((c) => !CODE_SYMBOLS.includes(c));
    return { text: g, bad: badSymbol || m.length !== 6, badSymbol, length: m.length };
  });
  const canonicalOk = groups.length === 4 && groups.every((g) => !g.bad);
  return { groups, canonicalOk };
}

/** A typed tracking code in the form `normalizeTrackingCode` takes. */
export function tidyTrackingCode(text) {
  return upperLatin(text).replace(DASHES, '-').replace(SPACES, '');
}

/** The short fingerprint shown large beside a tracking code: its first two groups. */
export function shortFingerprint(trackingCode) {
  return String(trackingCode).split('-').slice(0, 2).join('-');
}

/** The letter's QR link: `#fp=<list fingerprint>&code=<credential code>` (either may be absent). */
export function fragmentParams(hash) {
  const out = {};
  for (const part of String(hash).replace(/^#/, '').split('&')) {
    const [k, v] = part.split('=');
    if (k && v !== undefined) {
      try { out[k] = decodeURIComponent(v); } catch { out[k] = v; }
    }
  }
  return out;
}
