// Maps without a tile server: an SVG in Web Mercator with a graticule and the Natural Earth 1:110m
// land outline shipped with the dashboard (lib/land-110m.json), so nothing leaves the server. With
// map.tile-url set, the tiles of that server are drawn under the points instead. Points are links
// (keyboard-focusable, labelled); nearby points merge into a numbered cluster that zooms in when
// activated. Zoom with the wheel, the buttons, a double click or + and -; pan by dragging or with
// the arrow keys.

import { h, s } from './dom.js';
import { get } from './api.js';

const WORLD = 1024; // the whole world is WORLD × WORLD units at zoom 0 (drawing coordinates)
const TILE = 256; // screen pixels of the world at zoom 0
const MAX_ZOOM = 18;
const OUTLINE_MAX_ZOOM = 5; // without tiles: the 1:110m outline shows nothing closer
const MAX_LAT = 85.0511;
const CLUSTER_PX = 30; // points closer than this on screen are drawn as one cluster

let land = null; // Promise of the outline rings
let settings = null; // Promise of /map/settings

function loadLand() {
  land ??= fetch('lib/land-110m.json').then((r) => (r.ok ? r.json() : { rings: [] })).then((d) => d.rings || []).catch(() => []);
  return land;
}

function loadSettings() {
  settings ??= get('/map/settings').catch(() => ({ tileUrl: null, tileAttribution: null }));
  return settings;
}

/** Longitude, latitude → world units (0 … WORLD). */
export function project(lon, lat) {
  const la = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI / 180;
  return [(lon + 180) / 360 * WORLD, (1 - Math.log(Math.tan(Math.PI / 4 + la / 2)) / Math.PI) / 2 * WORLD];
}

/**
 * A map of `points` ([{lat, lon, label, href}]): fitted to them, or centred on `focus` ({lat, lon})
 * closer in; `height` in CSS pixels.
 */
export function mapView(points, { height = 360, focus = null } = {}) {
  const pts = (points || []).filter((p) => Number.isFinite(p.lat) && Number.isFinite(p.lon))
    .map((p) => ({ ...p, xy: project(p.lon, p.lat) }));
  const svg = s('svg', { class: 'map-svg', role: 'group', 'aria-label': 'Map', width: '100%', height: String(height) });
  const tiles = s('g', { class: 'map-tiles' });
  const base = s('g', { class: 'map-base' });
  const graticule = s('path', { class: 'map-graticule', d: graticulePath(30) });
  const fine = s('path', { class: 'map-graticule fine', d: graticulePath(10) });
  const landPath = s('path', { class: 'map-land' });
  base.append(graticule, fine, landPath);
  const markers = s('g', { class: 'map-markers' });
  svg.append(tiles, base, markers);

  const status = h('p', { class: 'map-status', role: 'status' });
  const credit = h('div', { class: 'map-credit', hidden: true });
  const zoomIn = h('button', { class: 'btn small map-zoom-in', type: 'button', 'aria-label': 'Zoom in', title: 'Zoom in (+)' }, '+');
  const zoomOut = h('button', { class: 'btn small map-zoom-out', type: 'button', 'aria-label': 'Zoom out', title: 'Zoom out (−)' }, '−');
  const fitBtn = h('button', { class: 'btn small map-fit', type: 'button', 'aria-label': 'Show all places', title: 'Show all places' }, '⤢');
  const root = h('div', {
    class: 'map', tabindex: '0', role: 'region',
    'aria-label': `Map of ${pts.length} place${pts.length === 1 ? '' : 's'}: arrow keys move it, + and − zoom, Tab goes to the places`,
  }, svg, h('div', { class: 'map-controls' }, zoomIn, zoomOut, fitBtn), credit, status);
  root.style.height = `${height}px`;

  let width = 0;
  const view = { x: WORLD / 2, y: WORLD / 2, z: 0 }; // centre in world units, zoom (fractional)
  let tileUrl = null;

  const scale = () => TILE * 2 ** view.z / WORLD; // screen px per world unit
  const minZoom = () => Math.max(0, Math.log2(Math.max(width, 1) / TILE));
  const maxZoom = () => (tileUrl ? MAX_ZOOM : OUTLINE_MAX_ZOOM);
  const toScreen = ([x, y]) => [(x - view.x) * scale() + width / 2, (y - view.y) * scale() + height / 2];

  function clampView() {
    view.z = Math.max(minZoom(), Math.min(maxZoom(), view.z));
    const halfW = width / 2 / scale(), halfH = height / 2 / scale();
    view.x = halfW * 2 >= WORLD ? WORLD / 2 : Math.max(halfW, Math.min(WORLD - halfW, view.x));
    view.y = halfH * 2 >= WORLD ? WORLD / 2 : Math.max(halfH, Math.min(WORLD - halfH, view.y));
  }

  /** Shows every point (or the world), or the focus close in. */
  function fit() {
    if (focus && Number.isFinite(focus.lat) && Number.isFinite(focus.lon)) {
      [view.x, view.y] = project(focus.lon, focus.lat);
      view.z = 10;
    } else if (pts.length) {
      const xs = pts.map((p) => p.xy[0]), ys = pts.map((p) => p.xy[1]);
      const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
      view.x = (x0 + x1) / 2;
      view.y = (y0 + y1) / 2;
      const span = Math.max((x1 - x0) / Math.max(width - 80, 1), (y1 - y0) / Math.max(height - 80, 1));
      view.z = span > 0 ? Math.log2(WORLD / (span * TILE)) : 10;
    } else {
      view.x = WORLD / 2;
      view.y = WORLD / 2;
      view.z = 0;
    }
    clampView();
  }

  function draw() {
    if (!width) return;
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    const k = scale();
    base.setAttribute('transform', `translate(${width / 2 - view.x * k} ${height / 2 - view.y * k}) scale(${k})`);
    tiles.setAttribute('transform', base.getAttribute('transform'));
    fine.classList.toggle('shown', view.z >= 3);
    if (tileUrl) drawTiles(k);
    drawMarkers();
    root.dataset.zoom = view.z.toFixed(2);
  }

  function drawTiles(k) {
    const z = Math.max(0, Math.min(MAX_ZOOM, Math.round(view.z)));
    const n = 2 ** z, size = WORLD / n;
    const x0 = Math.floor((view.x - width / 2 / k) / size), x1 = Math.floor((view.x + width / 2 / k) / size);
    const y0 = Math.floor((view.y - height / 2 / k) / size), y1 = Math.floor((view.y + height / 2 / k) / size);
    const want = [];
    for (let x = Math.max(0, x0); x <= Math.min(n - 1, x1); x++) {
      for (let y = Math.max(0, y0); y <= Math.min(n - 1, y1); y++) want.push([x, y]);
    }
    tiles.replaceChildren(...want.map(([x, y]) => s('image', {
      href: tileUrl.replace('{z}', z).replace('{x}', x).replace('{y}', y),
      x: x * size, y: y * size, width: size, height: size, preserveAspectRatio: 'none',
    })));
  }

  /**
   * Points near each other on screen become one cluster (a greedy pass over a grid); at the closest
   * zoom nothing merges, so every place stays reachable (Tab reaches even those on one spot).
   */
  function drawMarkers() {
    const cell = CLUSTER_PX;
    const merge = view.z < maxZoom() - 0.01;
    const grid = new Map();
    const clusters = [];
    for (const p of pts) {
      const [sx, sy] = toScreen(p.xy);
      if (sx < -cell || sy < -cell || sx > width + cell || sy > height + cell) continue;
      const gx = Math.floor(sx / cell), gy = Math.floor(sy / cell);
      let into = null;
      for (let dx = -1; dx <= 1 && !into && merge; dx++) {
        for (let dy = -1; dy <= 1 && !into; dy++) {
          for (const c of grid.get(`${gx + dx},${gy + dy}`) || []) {
            if (Math.hypot(c.sx - sx, c.sy - sy) < cell) { into = c; break; }
          }
        }
      }
      if (into) {
        into.members.push(p);
      } else {
        const c = { sx, sy, members: [p] };
        clusters.push(c);
        const key = `${gx},${gy}`;
        grid.set(key, [...(grid.get(key) || []), c]);
      }
    }
    markers.replaceChildren(...clusters.map((c) => (c.members.length === 1 ? pointMarker(c) : clusterMarker(c))));
    status.textContent = `${clusters.length} marker${clusters.length === 1 ? '' : 's'} shown`;
  }

  function pointMarker(c) {
    const p = c.members[0];
    const a = s('a', { class: 'map-point', href: p.href || '#', 'aria-label': p.label || 'Place', transform: `translate(${c.sx} ${c.sy})` },
      s('title', null, p.label || ''), s('circle', { r: 7 }));
    if (p.kind) a.classList.add(`kind-${p.kind}`);
    return a;
  }

  function clusterMarker(c) {
    const n = c.members.length;
    const label = `${n} places here: ${c.members.slice(0, 3).map((m) => m.label).filter(Boolean).join(', ')}${n > 3 ? ', …' : ''}. Activate to zoom in`;
    const r = Math.min(22, 11 + Math.log2(n) * 2);
    const a = s('a', { class: 'map-cluster', href: '#', role: 'button', 'aria-label': label, transform: `translate(${c.sx} ${c.sy})` },
      s('title', null, label), s('circle', { r }), s('text', { 'text-anchor': 'middle', dy: '0.35em' }, String(n)));
    a.addEventListener('click', (e) => {
      e.preventDefault();
      const xs = c.members.map((m) => m.xy[0]), ys = c.members.map((m) => m.xy[1]);
      const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
      view.x = (x0 + x1) / 2;
      view.y = (y0 + y1) / 2;
      const span = Math.max((x1 - x0) / Math.max(width - 80, 1), (y1 - y0) / Math.max(height - 80, 1));
      // all in one spot (same position): as close as it goes, where nothing merges any more
      view.z = span > 0 ? Math.max(view.z + 1, Math.log2(WORLD / (span * TILE))) : maxZoom();
      clampView();
      draw();
      root.focus();
    });
    a.addEventListener('keydown', (e) => {
      if (e.key === ' ') { e.preventDefault(); a.dispatchEvent(new MouseEvent('click')); }
    });
    return a;
  }

  /** Zooms by `dz` keeping the world point under screen position (sx, sy) where it is. */
  function zoomAt(dz, sx = width / 2, sy = height / 2) {
    const k0 = scale();
    const wx = view.x + (sx - width / 2) / k0, wy = view.y + (sy - height / 2) / k0;
    view.z += dz;
    clampView();
    const k1 = scale();
    view.x = wx - (sx - width / 2) / k1;
    view.y = wy - (sy - height / 2) / k1;
    clampView();
    draw();
  }

  function pan(dx, dy) {
    view.x -= dx / scale();
    view.y -= dy / scale();
    clampView();
    draw();
  }

  zoomIn.addEventListener('click', () => zoomAt(1));
  zoomOut.addEventListener('click', () => zoomAt(-1));
  fitBtn.addEventListener('click', () => { fit(); draw(); });
  svg.addEventListener('wheel', (e) => {
    e.preventDefault();
    const r = svg.getBoundingClientRect();
    zoomAt(-Math.sign(e.deltaY) * 0.5, e.clientX - r.left, e.clientY - r.top);
  }, { passive: false });
  svg.addEventListener('dblclick', (e) => {
    const r = svg.getBoundingClientRect();
    zoomAt(1, e.clientX - r.left, e.clientY - r.top);
  });
  root.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const step = 80;
    const moves = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    if (moves[e.key] && e.target === root) pan(...moves[e.key]);
    else if (e.key === '+' || e.key === '=') zoomAt(1);
    else if (e.key === '-' || e.key === '_') zoomAt(-1);
    else return;
    // the map's keys are the map's: the page's own shortcuts do not see them too
    e.preventDefault();
    e.stopPropagation();
  });

  // One pointer dragging pans, two pinching zoom; a gesture that moved is not a click on the marker under it.
  const pointers = new Map(); // pointerId → {x, y}
  let moved = false, pinch = null, swallowClick = false;
  svg.addEventListener('pointerdown', (e) => {
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (pointers.size === 1) { moved = false; swallowClick = false; }
    pinch = null;
  });
  svg.addEventListener('pointermove', (e) => {
    const prev = pointers.get(e.pointerId);
    if (!prev) return;
    const dx = e.clientX - prev.x, dy = e.clientY - prev.y;
    if (!moved && Math.hypot(dx, dy) < 4) return;
    if (!moved) svg.setPointerCapture(e.pointerId);
    moved = true;
    root.classList.add('dragging');
    pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (pointers.size === 1) {
      pan(dx, dy);
    } else if (pointers.size === 2) {
      const [a, b] = [...pointers.values()];
      const d = Math.hypot(a.x - b.x, a.y - b.y);
      const r = svg.getBoundingClientRect();
      if (pinch && d > 0) zoomAt(Math.log2(d / pinch), (a.x + b.x) / 2 - r.left, (a.y + b.y) / 2 - r.top);
      pinch = d;
    }
  });
  const lift = (e) => {
    if (!pointers.delete(e.pointerId)) return;
    pinch = null;
    if (!pointers.size && moved) {
      root.classList.remove('dragging');
      swallowClick = true;
    }
  };
  svg.addEventListener('pointerup', lift);
  svg.addEventListener('pointercancel', lift);
  svg.addEventListener('click', (e) => {
    if (!swallowClick) return;
    swallowClick = false;
    e.preventDefault();
    e.stopPropagation();
  }, { capture: true });

  // Drawn once it has a width (it is measured where it is put) and the tile settings are known (they
  // set how close it may zoom), and again whenever the width changes.
  let fitted = false, settled = false;
  function redraw() {
    if (!width || !settled) return;
    if (!fitted) { fit(); fitted = true; } else clampView();
    draw();
  }
  const resized = new ResizeObserver(() => {
    const w = Math.round(root.clientWidth);
    if (!w || w === width) return;
    width = w;
    redraw();
  });
  resized.observe(root);

  loadLand().then((rings) => {
    landPath.setAttribute('d', rings.map((r) => {
      let d = '';
      for (let i = 0; i < r.length; i += 2) {
        const [x, y] = project(r[i], r[i + 1]);
        d += `${i ? 'L' : 'M'}${x.toFixed(2)} ${y.toFixed(2)}`;
      }
      return `${d}Z`;
    }).join(''));
  });
  loadSettings().then((st) => {
    if (st?.tileUrl) {
      tileUrl = st.tileUrl;
      root.classList.add('tiled');
      if (st.tileAttribution) {
        credit.hidden = false;
        credit.textContent = st.tileAttribution;
      }
    }
    settled = true;
    redraw();
  });
  return root;
}

/** Meridians and parallels every `step` degrees, in world units. */
function graticulePath(step) {
  let d = '';
  for (let lon = -180; lon <= 180; lon += step) {
    const [x, y0] = project(lon, MAX_LAT), [, y1] = project(lon, -MAX_LAT);
    d += `M${x.toFixed(2)} ${y0.toFixed(2)}V${y1.toFixed(2)}`;
  }
  for (let lat = -80; lat <= 80; lat += step) {
    const [, y] = project(0, lat);
    d += `M0 ${y.toFixed(2)}H${WORLD}`;
  }
  return d;
}
