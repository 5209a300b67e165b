// Picking a project's location on a map: a click on the deployment's tile map fills in the
// latitude and longitude fields (which can always be typed instead). Only offered when the
// deployment configured a tile server (`OYLAMA_WEB_TILE_URL`, read from /_web_config.json):
// without streets under it a click would place nothing a member of staff could recognise.
// Leaflet is bundled into the console only (the residents' pages load their own copy on
// demand); its stylesheet is the one the residents' pages use, added the same way.

import L from 'leaflet';
import { h } from '../app/dom.js';
import { t } from './i18n.js';
import { css, escapeHtml } from '../app/leafletmap.js';

let configPromise = null;

/** The deployment's settings (tile server), fetched once. */
function config() {
  configPromise ??= fetch('/_web_config.json', { credentials: 'same-origin' })
    .then((r) => (r.ok ? r.json() : {}))
    .catch(() => ({}));
  return configPromise;
}

/** Six decimals: about 10 cm, the precision the definition keeps. */
const round = (x) => Math.round(x * 1e6) / 1e6;

/**
 * A "pick on the map" control (ids prefixed `key`) for one project: `current()` gives its
 * [lat, lon] (or null), `others()` the other projects' points (to centre the map), and
 * `onPick(lat, lon)` stores a click.
 */
export function picker(key, { current, others, onPick, disabled }) {
  const box = h('div', { class: 'picker-map', id: `${key}-map`, hidden: true });
  const note = h('p', { class: 'hint', id: `${key}-hint` });
  const button = h('button', { type: 'button', class: 'secondary', id: `${key}-pick`, disabled: true, 'aria-controls': `${key}-map` }, t('pick_on_map'));
  let map = null;
  let marker = null;
  config().then((c) => {
    if (!c.tile_url) { note.textContent = t('pick_no_tiles'); return; }
    button.disabled = disabled;
    note.textContent = t('pick_hint');
  });
  button.addEventListener('click', async () => {
    const c = await config();
    if (!c.tile_url || map) return;
    css('/_web/vendor/leaflet.css'); // the console has no hashed name for it
    box.hidden = false;
    map = L.map(box, { scrollWheelZoom: false });
    L.tileLayer(c.tile_url, { attribution: escapeHtml(c.tile_attribution ?? ''), maxZoom: 19 }).addTo(map);
    const here = current();
    const pts = others();
    if (here) map.setView(here, 16);
    else if (pts.length) map.fitBounds(L.latLngBounds(pts).pad(0.2), { maxZoom: 16 });
    else map.setView([39, 35], 5); // Türkiye, when nothing is placed yet
    const place = (latlng) => {
      if (marker) marker.setLatLng(latlng);
      else marker = L.circleMarker(latlng, { radius: 8, color: '#0b3d6b', weight: 3, fillOpacity: 0.6 }).addTo(map);
    };
    if (here) place(here);
    map.on('click', (e) => {
      const lat = round(e.latlng.lat);
      const lon = round(e.latlng.lng);
      place([lat, lon]);
      onPick(lat, lon);
    });
  });
  return h('div', { class: 'picker' }, button, note, box);
}
