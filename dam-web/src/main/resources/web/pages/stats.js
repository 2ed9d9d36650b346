// Stats: totals and hand-made SVG bar charts (storage by kind and codec, assets by when they were shot).

import { h, s, fmtBytes, fmtNumber, fmtDuration, fmtLongDuration, errorBox, spinner } from '../lib/dom.js';
import { get } from '../lib/api.js';

const KIND_COLOR = { video: 'var(--c-video)', audio: 'var(--c-audio)', image: 'var(--c-image)', other: 'var(--c-other)' };
const STATUS_COLOR = { ok: 'var(--ok)', failed: 'var(--danger)', missing: 'var(--warn)' };

/** Horizontal bars: one row per group, sized by value(group). */
export function barChart(groups, { value, label = (g) => g.key, text, color = () => 'var(--accent)', width = 560 }) {
  const rowH = 28, gap = 6;
  const labelW = Math.min(170, Math.round(width * 0.32));
  const valueW = 92;
  const barMax = Math.max(40, width - labelW - valueW - 16);
  const max = Math.max(1, ...groups.map(value));
  const height = groups.length * (rowH + gap);
  // An image to assistive technology, so it needs its words: every bar's label and value.
  const summary = groups.map((g) => `${label(g) || '(none)'}: ${text(g)}`).join('; ');
  return s('svg', { class: 'chart bar-chart', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': summary },
    groups.map((g, i) => {
      const y = i * (rowH + gap);
      const w = Math.max(2, (value(g) / max) * barMax);
      const name = label(g) || '(none)';
      return s('g', { class: 'bar', transform: `translate(0 ${y})` },
        s('title', null, `${name}: ${text(g)}`),
        s('text', { x: labelW - 8, y: rowH / 2, 'text-anchor': 'end', 'dominant-baseline': 'central', class: 'chart-label' },
          name.length > 22 ? `${name.slice(0, 21)}…` : name),
        s('rect', { x: labelW, y: 3, width: barMax, height: rowH - 6, rx: 4, class: 'bar-bg' }),
        s('rect', { x: labelW, y: 3, width: w, height: rowH - 6, rx: 4, fill: color(g), class: 'bar-fill' }),
        s('text', { x: labelW + barMax + 8, y: rowH / 2, 'dominant-baseline': 'central', class: 'chart-value' }, text(g)));
    }));
}

/**
 * Vertical bars over months, gaps filled so the time axis is continuous. {@code href(key)} makes
 * each month a link; {@code text(month)} describes it.
 */
export function monthChart(months, { width = 560, height = 220, href = null,
  text = (x) => `${fmtNumber(x.count)} assets, ${fmtBytes(x.bytes)}` }) {
  const keys = months.map((m) => m.key).filter((k) => /^\d{4}-\d{2}$/.test(k)).sort();
  if (!keys.length) return null;
  const byKey = new Map(months.map((m) => [m.key, m]));
  const all = [];
  let [y, m] = keys[0].split('-').map(Number);
  // At least a year on the axis, so one busy month is not one wall-to-wall bar.
  const [ly, lm] = keys[keys.length - 1].split('-').map(Number);
  const span = (ly - y) * 12 + (lm - m) + 1;
  for (let i = span; i < 12; i++) {
    m--;
    if (m < 1) { m = 12; y--; }
  }
  // …and at most 20 years: the most recent ones (a few files with absurd dates do not squash the rest).
  if (span > 240) { y = ly - 20; m = lm + 1; if (m > 12) { m = 1; y++; } }
  while ((y < ly || (y === ly && m <= lm)) && all.length < 241) {
    const k = `${y}-${String(m).padStart(2, '0')}`;
    all.push(byKey.get(k) || { key: k, count: 0, bytes: 0, durationSec: 0 });
    m++;
    if (m > 12) { m = 1; y++; }
  }
  const left = 44, bottom = 26, top = 10, right = 8;
  const plotW = width - left - right, plotH = height - top - bottom;
  const max = Math.max(1, ...all.map((x) => x.count));
  const step = niceStep(max / 4);
  const ticks = [];
  for (let v = 0; v <= max; v += step) ticks.push(v);
  const bw = plotW / all.length;
  // Axis labels every 1, 2 or 3 months, half-year, year or several years, on round months (quarters
  // start in Jan/Apr/Jul/Oct, years in January) so they read in order: "Jan 24", "Apr 24", … or "2024".
  const fits = Math.max(1, Math.floor(plotW / 56));
  const every = [1, 2, 3, 6, 12, 24, 60, 120, 240].find((n) => Math.ceil(all.length / n) <= fits) || 240;
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const axisLabel = (yy, mm, i) => {
    if ((yy * 12 + mm - 1) % every !== 0) return null;
    if (every >= 12) return String(yy);
    // Monthly labels name the year in January and at the start; sparser ones always do.
    return every === 1 && mm !== 1 && i !== 0 ? MONTHS[mm - 1] : `${MONTHS[mm - 1]} ${String(yy).slice(2)}`;
  };
  // With links per month it is a group of links (each named by its title); without, an image with its words.
  const summary = all.filter((x) => x.count).map((x) => {
    const [yy, mm] = x.key.split('-').map(Number);
    return `${MONTHS[mm - 1]} ${yy}: ${text(x)}`;
  }).join('; ');
  return s('svg', { class: 'chart month-chart', width, height, viewBox: `0 0 ${width} ${height}`,
    role: href ? 'group' : 'img', 'aria-label': href ? 'Assets by month' : summary },
    ticks.map((v) => {
      const yy = top + plotH - (v / max) * plotH;
      return s('g', null, s('line', { x1: left, x2: width - right, y1: yy, y2: yy, class: 'grid-line' }),
        s('text', { x: left - 6, y: yy, 'text-anchor': 'end', 'dominant-baseline': 'central', class: 'chart-axis' }, fmtNumber(v)));
    }),
    all.map((x, i) => {
      const bh = (x.count / max) * plotH;
      const [yy, mm] = x.key.split('-').map(Number);
      const label = axisLabel(yy, mm, i);
      return s(href && x.count ? 'a' : 'g', { class: 'bar', href: href && x.count ? href(x.key) : null, dataset: { period: x.key } },
        s('title', null, `${MONTHS[mm - 1]} ${yy}: ${text(x)}`),
        s('rect', { x: left + i * bw + Math.min(2, bw * 0.15), y: top + plotH - bh, width: Math.max(1, bw - Math.min(4, bw * 0.3)), height: Math.max(x.count ? 2 : 0, bh), rx: 2, class: 'bar-fill', fill: 'var(--accent)' }),
        label ? s('text', { x: left + i * bw + bw / 2, y: height - 8, 'text-anchor': 'middle', class: 'chart-axis axis-month' }, label) : null);
    }));
}

function niceStep(raw) {
  if (raw <= 1) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

/** A chart that redraws itself at its container's pixel width (crisp text at every size). */
function responsive(draw) {
  const box = h('div', { class: 'chart-box' });
  let last = 0;
  const paint = () => {
    const w = Math.floor(box.clientWidth);
    if (!w || w === last) return;
    last = w;
    box.replaceChildren(draw(w) || h('p', { class: 'muted' }, 'No data yet.'));
  };
  new ResizeObserver(paint).observe(box);
  requestAnimationFrame(paint);
  return box;
}

export async function render(ctx) {
  const body = h('div', { class: 'stats' }, spinner());
  ctx.main.append(h('div', { class: 'page-head' }, h('h1', null, 'Stats')), body);
  let st, timeline;
  try {
    [st, timeline] = await Promise.all([get('/stats'), get('/timeline?by=month')]);
  } catch (e) {
    body.replaceChildren(errorBox(e));
    return;
  }
  if (ctx.signal.aborted) return;
  const tile = (label, value, sub) => h('div', { class: 'stat-tile' }, h('div', { class: 'stat-value' }, value), h('div', { class: 'stat-label' }, label), sub ? h('div', { class: 'muted small' }, sub) : null);
  const card = (title, chart, note) => h('section', { class: 'panel chart-panel' }, h('h2', null, title), note ? h('p', { class: 'muted small' }, note) : null, chart);
  const top = (list, n, by) => [...(list || [])].sort((a, b) => by(b) - by(a)).slice(0, n);
  const countText = (g) => `${fmtNumber(g.count)} · ${fmtBytes(g.bytes)}`;

  body.replaceChildren(
    h('div', { class: 'stat-tiles' },
      tile('Assets', fmtNumber(st.assets)),
      tile('Storage', fmtBytes(st.bytes)),
      tile('Running time', fmtLongDuration(st.durationSec)),
      tile('File locations', fmtNumber(st.locations))),
    h('div', { class: 'chart-grid' },
      card('Storage by kind', responsive((w) => (st.byKind?.length ? barChart(top(st.byKind, 8, (g) => g.bytes),
        { value: (g) => g.bytes, text: (g) => `${fmtBytes(g.bytes)} · ${fmtNumber(g.count)}`, color: (g) => KIND_COLOR[g.key] || 'var(--accent)', width: w }) : null))),
      card('Storage by codec', responsive((w) => (st.byCodec?.length ? barChart(top(st.byCodec, 12, (g) => g.bytes),
        { value: (g) => g.bytes, text: (g) => `${fmtBytes(g.bytes)} · ${fmtNumber(g.count)}`, width: w }) : null)), 'Video codec (audio codec for audio files).'),
      h('section', { class: 'panel chart-panel timeline-panel' }, h('h2', null, 'Shot over time'),
        h('p', { class: 'muted small' }, 'Assets by the month they were shot (capture time, UTC). Click a month to see its assets.'),
        responsive((w) => monthChart((timeline.buckets || []).map((b) => ({ key: b.period, count: b.count, durationSec: b.durationSec })), {
          width: w, href: (key) => `#/search?q=${encodeURIComponent(`created:${key}`)}`,
          text: (x) => `${fmtNumber(x.count)} assets, ${fmtDuration(x.durationSec || 0)}`,
        }))),
      card('By status', responsive((w) => (st.byStatus?.length ? barChart(st.byStatus, { value: (g) => g.count, text: countText, color: (g) => STATUS_COLOR[g.key] || 'var(--accent)', width: w }) : null))),
      card('Largest batches', responsive((w) => (st.byBatch?.length ? barChart(top(st.byBatch, 10, (g) => g.bytes),
        { value: (g) => g.bytes, text: countText, width: w }) : null)))));
}
