// Project map. The base map needs no third-party server: an SVG drawn from the election's own
// data -- each district's area outlined around its projects' locations (a padded convex
// hull), the projects as numbered dots -- with the numbers' labels in HTML over it, so they
// grow with the reader's text size. With a tile server configured (OYLAMA_WEB_TILE_URL) the
// streets come from there through Leaflet, loaded only then (leaflet-map.js). Either way a
// numbered list of the projects follows; raw coordinates are never shown.

import { h, s } from './dom.js';
import { t, text } from './i18n.js';

/** Convex hull (Andrew's monotone chain) of [x, y] points, counter-clockwise. */
export function hull(points) {
  const p = [...new Map(points.map((q) => [`${q[0]},${q[1]}`, q])).values()].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (p.length < 3) return p;
  const cross = (o, a, b) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower = []; const upper = [];
  for (const q of p) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], q) <= 0) lower.pop();
    lower.push(q);
  }
  for (const q of [...p].reverse()) {
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], q) <= 0) upper.pop();
    upper.push(q);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

/** A ring around `pts` ([x, y]) at distance `pad`: the hull's points pushed out from its centre. */
function padded(pts, pad) {
  const hl = hull(pts);
  const cx = hl.reduce((a, q) => a + q[0], 0) / hl.length;
  const cy = hl.reduce((a, q) => a + q[1], 0) / hl.length;
  if (hl.length < 3) {
    // one or two points: a circle-ish octagon around them
    const r = pad + Math.max(0, ...hl.map((q) => Math.hypot(q[0] - cx, q[1] - cy)));
    return Array.from({ length: 12 }, (_, k) => [cx + r * Math.cos((k * Math.PI) / 6), cy + r * Math.sin((k * Math.PI) / 6)]);
  }
  return hl.map((q) => {
    const d = Math.hypot(q[0] - cx, q[1] - cy) || 1;
    return [q[0] + ((q[0] - cx) / d) * pad, q[1] + ((q[1] - cy) / d) * pad];
  });
}

/**
 * The map of a ballot's projects. `projects`: manifest projects; `funded`: a Set of ids (or
 * null before results); `areaOf(project)` names the area a project belongs to (its
 * district), for the outlines. Answers null when no project has a location.
 */
export function projectMap(id, projects, funded, config, areaOf = () => '') {
  const pts = projects.map((p, k) => ({ p, k }))
    .filter(({ p }) => p.latitude !== null && p.latitude !== undefined && p.longitude !== null && p.longitude !== undefined)
    .map(({ p, k }) => ({ p, n: k + 1, lat: Number(p.latitude), lon: Number(p.longitude), funded: funded ? funded.has(p.id) : false }));
  if (!pts.length) return null;
  const box = h('div', { class: 'map', id, role: 'img', 'aria-label': t('map.label', { n: pts.length }) });
  const list = h('ol', { class: 'map-list' }, pts.map((q) => h('li', { value: q.n },
    funded && q.funded ? h('span', { class: 'funded-mark' }, `✓ ${t('results.funded_short')}: `) : null, text(q.p.name))));
  const wrap = h('div', { class: 'map-wrap' }, box, list);
  const areas = new Map();
  for (const q of pts) {
    const a = areaOf(q.p) || '';
    if (!areas.has(a)) areas.set(a, []);
    areas.get(a).push(q);
  }
  box.append(...svgMap(pts, areas));
  if (config && config.tile_url) {
    // Streets from the configured tile server; the SVG stays if Leaflet cannot start.
    import('./leaflet-map.js').then((m) => {
      const holder = h('div', { class: 'map-tiles' });
      box.replaceChildren(holder);
      const outline = [...areas.values()].filter((g) => g.length >= 1).map((g) => hull(g.map((q) => [q.lat, q.lon])));
      m.drawTiles(holder, pts.map((q) => ({ lat: q.lat, lon: q.lon, funded: q.funded, label: `${q.n}. ${text(q.p.name)}` })), config, outline);
    }).catch(() => { /* the SVG base map stays */ });
  }
  return wrap;
}

function svgMap(pts, areas) {
  const W = 600; const H = 360; const pad = 40;
  const lats = pts.map((q) => q.lat); const lons = pts.map((q) => q.lon);
  const midLat = (Math.min(...lats) + Math.max(...lats)) / 2;
  const k = Math.cos((midLat * Math.PI) / 180);
  const spanX = Math.max(1e-3, (Math.max(...lons) - Math.min(...lons)) * k);
  const spanY = Math.max(1e-3, Math.max(...lats) - Math.min(...lats));
  const scale = Math.min((W - 2 * pad) / spanX, (H - 2 * pad) / spanY);
  const cx = (Math.max(...lons) + Math.min(...lons)) / 2; const cy = midLat;
  const X = (lon) => W / 2 + (lon - cx) * k * scale;
  const Y = (lat) => H / 2 - (lat - cy) * scale;
  const rings = [...areas.values()].map((g) => padded(g.map((q) => [X(q.lon), Y(q.lat)]), 24));
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, 'aria-hidden': 'true', focusable: 'false', preserveAspectRatio: 'xMidYMid meet' },
    s('rect', { x: 0, y: 0, width: W, height: H, fill: '#eef2f5' }),
    rings.map((r) => s('polygon', { points: r.map((q) => `${q[0].toFixed(1)},${q[1].toFixed(1)}`).join(' '), class: 'area' })),
    pts.map((q) => s('circle', { cx: X(q.lon), cy: Y(q.lat), r: 9, class: q.funded ? 'dot funded' : 'dot' })));
  // The numbers are HTML over the SVG (percent positions), sized in rem: they scale with text.
  const labels = pts.map((q) => h('span', {
    class: 'map-label', style: `left:${((100 * X(q.lon)) / W).toFixed(2)}%;top:${((100 * Y(q.lat)) / H).toFixed(2)}%`,
  }, String(q.n)));
  return [svg, ...labels];
}
