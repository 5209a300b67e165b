// Tiny DOM builder: text always goes in as text nodes (never innerHTML), so nothing the server
// or a board entry says can inject markup into the page.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'on') for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    else if (k === 'text') el.textContent = v;
    else if (k === 'style') el.style.cssText = v; // CSSOM: allowed under a CSP without 'unsafe-inline'
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function main() { return document.getElementById('main'); }

/** Replace the page content, move focus to the new heading (screen readers hear the step). */
export function render(...children) {
  document.documentElement.style.scrollPaddingTop = '';
  const m = main().cloneNode(false);
  main().replaceWith(m); // drops the listeners the previous step added to <main>
  m.replaceChildren();
  append(m, children);
  const heading = m.querySelector('h1');
  if (heading) { heading.setAttribute('tabindex', '-1'); heading.focus(); } else m.focus();
  window.scrollTo(0, 0);
}

export function announce(text) {
  const st = document.getElementById('status');
  st.textContent = '';
  setTimeout(() => { st.textContent = text; }, 30);
}

export function download(name, text, type = 'application/json') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Let the browser paint (a status message) before a long synchronous computation. */
export const nextFrame = () => new Promise((r) => setTimeout(r, 30));
