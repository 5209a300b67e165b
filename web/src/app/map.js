// Project map: Leaflet over the configured tiles, or, with no tile server (or offline), the
// points on a plain SVG in an equirectangular projection. Either way a list follows.
//
// Names are text, never HTML: Leaflet writes a string tooltip or popup with innerHTML, so it
// gets a DOM node holding a text node instead (a project named `<img src=x onerror=…>` shows
// those characters), and the attribution -- which Leaflet also writes as HTML -- is escaped.

import L from 'leaflet';
import { h, s } from './dom.js';
import { t, text } from './i18n.js';

export function projectMap(id, projects, funded, config) {
  const pts = projects.filter((p) => p.latitude !== null && p.longitude !== null)
    .map((p) => ({ p, lat: Number(p.latitude), lon: Number(p.longitude), funded: funded.has(p.id) }));
  if (!pts.length) return null;
  const box = h('div', { class: 'map', id, role: 'region', 'aria-label': t('results.map_label') });
  const list = h('ul', {}, pts.map((q) => h('li', {}, `${q.funded ? '✓ ' : ''}${text(q.p.name)} (${q.p.latitude}, ${q.p.longitude})`)));
  const wrap = h('div', {}, box, h('details', {}, h('summary', {}, t('results.map_list')), list));
  if (config.tile_url) {
    requestAnimationFrame(() => {
      try {
        const map = L.map(box, { scrollWheelZoom: false });
        L.tileLayer(config.tile_url, { attribution: escapeHtml(config.tile_attribution ?? ''), maxZoom: 19 }).addTo(map);
        const bounds = [];
        for (const q of pts) {
          L.circleMarker([q.lat, q.lon], { radius: 9, color: '#1a1a1a', weight: 2, fillColor: q.funded ? '#0b5cad' : '#8a939c', fillOpacity: 0.9 })
            .bindTooltip(h('span', { class: 'map-tip' }, `${q.funded ? '✓ ' : ''}${text(q.p.name)}`)).addTo(map);
          bounds.push([q.lat, q.lon]);
        }
        map.fitBounds(bounds, { padding: [30, 30], maxZoom: 16 });
      } catch { box.replaceChildren(svgMap(pts)); }
    });
  } else {
    box.append(svgMap(pts));
  }
  return wrap;
}

/** Text for the few Leaflet options that only take HTML strings (the attribution). */
export function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

function svgMap(pts) {
  const W = 600; const H = 320; const pad = 30;
  const lats = pts.map((q) => q.lat); const lons = pts.map((q) => q.lon);
  const midLat = (Math.min(...lats) + Math.max(...lats)) / 2;
  const k = Math.cos((midLat * Math.PI) / 180);
  const spanX = Math.max(1e-4, (Math.max(...lons) - Math.min(...lons)) * k);
  const spanY = Math.max(1e-4, Math.max(...lats) - Math.min(...lats));
  const scale = Math.min((W - 2 * pad) / spanX, (H - 2 * pad) / spanY);
  const cx = (Math.max(...lons) + Math.min(...lons)) / 2; const cy = midLat;
  const X = (lon) => W / 2 + (lon - cx) * k * scale;
  const Y = (lat) => H / 2 - (lat - cy) * scale;
  return s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': t('results.map_svg', { n: pts.length }) },
    s('rect', { x: 0, y: 0, width: W, height: H, fill: '#eef2f5' }),
    pts.map((q) => s('g', {},
      s('circle', { cx: X(q.lon), cy: Y(q.lat), r: 8, fill: q.funded ? '#0b5cad' : '#8a939c', stroke: '#1a1a1a', 'stroke-width': 2 }, s('title', {}, text(q.p.name))),
      s('text', { x: X(q.lon) + 11, y: Y(q.lat) + 4, 'font-size': 11 }, q.p.id))));
}
