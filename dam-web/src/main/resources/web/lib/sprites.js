// Trickplay sprites: a WebVTT track whose cues point at tiles of JPEG sheets
// ("sprites/0.jpg#xywh=160,0,160,90", relative to /api/v1/assets/{id}/).

import { request } from './api.js';

const tracks = new Map(); // asset id -> Promise<Track|null>
const sheets = new Set();  // sheet URLs already requested (so the browser has them cached)

/** The asset's sprite track, fetched once; null when it has none (yet). */
export function spriteTrack(id) {
  const key = String(id);
  let p = tracks.get(key);
  if (!p) {
    const base = new URL(`/api/v1/assets/${encodeURIComponent(id)}/`, location.origin);
    p = request(new URL('sprite.vtt', base))
      .then((r) => (r.ok ? r.text() : null))
      .then((text) => (text ? parseVtt(text, base) : null))
      .then((track) => (track && track.cues.length ? track : null))
      .catch(() => null);
    tracks.set(key, p);
    // A missing sprite may be made later: do not remember the miss for long.
    p.then((t) => { if (!t) setTimeout(() => { if (tracks.get(key) === p) tracks.delete(key); }, 15000); });
  }
  return p;
}

/** Forget a cached track (its sprite was made again). */
export function forgetSprite(id) {
  tracks.delete(String(id));
}

/** Parses a WebVTT sprite track. Cue URLs are resolved against base and must stay on this origin. */
export function parseVtt(text, base) {
  const lines = text.split(/\r?\n/);
  const cues = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.includes('-->')) continue;
    const [a, b] = line.split('-->').map((x) => x.trim().split(/\s+/)[0]);
    const start = parseTime(a), end = parseTime(b);
    let payload = '';
    while (++i < lines.length && lines[i].trim() !== '') payload += lines[i].trim();
    const m = /^(.*)#xywh=(\d+),(\d+),(\d+),(\d+)$/.exec(payload);
    if (!m || !isFinite(start) || !isFinite(end)) continue;
    const url = new URL(m[1], base);
    if (url.origin !== location.origin) continue;
    cues.push({ start, end, url: url.href, x: +m[2], y: +m[3], w: +m[4], h: +m[5] });
  }
  cues.sort((p, q) => p.start - q.start);
  const duration = cues.length ? cues[cues.length - 1].end : 0;
  return { cues, duration };
}

function parseTime(t) {
  const parts = t.split(':').map(Number);
  if (parts.some((n) => !isFinite(n))) return NaN;
  return parts.reduce((acc, n) => acc * 60 + n, 0);
}

/** The cue showing at time t (the last one for t past the end). */
export function cueAt(track, t) {
  const cues = track.cues;
  let lo = 0, hi = cues.length - 1;
  if (t <= cues[0].start) return cues[0];
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (cues[mid].start <= t) lo = mid; else hi = mid - 1;
  }
  return cues[lo];
}

/** Requests every sheet of a track once, so hovering shows tiles without a delay. */
export function preloadSheets(track) {
  for (const c of track.cues) {
    if (sheets.has(c.url)) continue;
    sheets.add(c.url);
    const img = new Image();
    img.decoding = 'async';
    img.src = c.url;
  }
}

/**
 * Shows one tile in el (absolutely positioned in a box of boxW x boxH), scaled to fit the box
 * and centred: the element is the tile's own size, showing the sheet at the tile's offset, and a
 * transform scales it — no need to know the sheet's size.
 */
export function showTile(el, cue, boxW, boxH) {
  const scale = Math.min(boxW / cue.w, boxH / cue.h);
  el.style.width = `${cue.w}px`;
  el.style.height = `${cue.h}px`;
  el.style.backgroundImage = `url("${cue.url}")`;
  el.style.backgroundPosition = `-${cue.x}px -${cue.y}px`;
  el.style.transform = `translate(${(boxW - cue.w * scale) / 2}px, ${(boxH - cue.h * scale) / 2}px) scale(${scale})`;
}
