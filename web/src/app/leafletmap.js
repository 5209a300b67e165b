// The tile map (Leaflet), loaded only when the deployment configured a tile server and a page
// draws a map: most residents never download Leaflet. Its stylesheet is added on first use
// (LEAFLET_CSS: the hashed URL, set by build.mjs).
//
// Names are text, never HTML: Leaflet writes a string tooltip with innerHTML, so it gets a DOM
// node holding a text node instead (a project named `<img src=x onerror=…>` shows those
// characters), and the attribution -- which Leaflet also writes as HTML -- is escaped.

import L from 'leaflet';

/* global LEAFLET_CSS */

/** Leaflet's stylesheet, added once (`href`: this bundle's hashed URL unless another is given). */
export function css(href = LEAFLET_CSS) {
  if (document.querySelector('link[data-leaflet]')) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  link.dataset.leaflet = '';
  document.head.append(link);
}

/** Text for the few Leaflet options that only take HTML strings (the attribution). */
export function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

/**
 * Draw `points` ({lat, lon, label, funded}) over the configured tiles in `box`; `outline`
 * (rings of [lat, lon]) is drawn under them.
 */
export function drawTiles(box, points, config, outline = []) {
  css();
  const map = L.map(box, { scrollWheelZoom: false });
  L.tileLayer(config.tile_url, { attribution: escapeHtml(config.tile_attribution ?? ''), maxZoom: 19 }).addTo(map);
  for (const ring of outline) L.polygon(ring, { color: '#0b3d6b', weight: 2, fill: false, interactive: false }).addTo(map);
  const bounds = [];
  for (const q of points) {
    const tip = document.createElement('span');
    tip.className = 'map-tip';
    tip.textContent = q.label;
    L.circleMarker([q.lat, q.lon], { radius: 9, color: '#1a1a1a', weight: 2, fillColor: q.funded ? '#0b5cad' : '#6b747d', fillOpacity: 0.9 })
      .bindTooltip(tip).addTo(map);
    bounds.push([q.lat, q.lon]);
  }
  map.fitBounds(bounds, { padding: [30, 30], maxZoom: 16 });
  return map;
}
