// DOM helpers. Everything that comes from the server or the user is inserted as text
// (text nodes, textContent, attribute values) — never parsed as HTML.

const PROPS = new Set(['value', 'checked', 'disabled', 'selected', 'hidden', 'open', 'multiple', 'muted', 'defaultValue']);

/**
 * Creates an element: h('a', {href: '#/x', class: 'card', onclick: fn}, 'text', child, [more]).
 * Strings and numbers become text nodes; null/undefined/false children are skipped.
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  setProps(el, props);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Same as h() for SVG elements. */
export function s(tag, props, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setProps(el, props);
  append(el, children);
  return el;
}

function setProps(el, props) {
  if (!props) return;
  for (const [k, v] of Object.entries(props)) {
    if (v == null || v === false) continue;
    if (k === 'class') {
      el.setAttribute('class', Array.isArray(v) ? v.filter(Boolean).join(' ') : v);
    } else if (k === 'style') {
      Object.assign(el.style, v); // CSSOM, not a style attribute: fine under the page's CSP
    } else if (k === 'dataset') {
      Object.assign(el.dataset, v);
    } else if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2), v);
    } else if (k === 'text') {
      el.textContent = String(v);
    } else if (PROPS.has(k)) {
      el[k] = v;
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
}

export function append(el, children) {
  for (const c of children) {
    if (c == null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  clear(el);
  return append(el, children);
}

/**
 * A table, or the `empty` text when there are no rows. cols: [label, cell(row) → node or text,
 * td attributes?]. Options: className (besides "table"), rowProps(row) → the row's attributes.
 */
export function dataTable(cols, rows, empty, { className, rowProps } = {}) {
  if (!rows.length) return h('p', { class: 'muted' }, empty);
  return h('div', { class: 'table-wrap' }, h('table', { class: ['table', className] },
    h('thead', null, h('tr', null, cols.map(([label]) => h('th', null, label)))),
    h('tbody', null, rows.map((r) => h('tr', rowProps ? rowProps(r) : null, cols.map(([, cell, td]) => {
      const v = cell(r);
      return h('td', td || null, v instanceof Node ? v : v == null ? '' : String(v));
    }))))));
}

// ---------------------------------------------------------------- formatting

// One formatter for each kind of value, shared by every page; the CLI's Output.bytes and
// Output.duration print the same (FormatsUiTest compares them).

/**
 * A length or a moment on the player's clock, to the tenth: 0:05.3, 1:19.5, 1:02:05.0; under a tenth
 * in hundredths (0:00.04 rather than zero). Rounded first, so 59.96 reads 1:00.0.
 */
export function fmtDuration(sec) {
  if (sec == null || !isFinite(sec)) return '';
  const t = Math.max(0, Math.round(sec * 10));
  if (sec > 0 && t === 0) return `0:00.${String(Math.max(1, Math.round(sec * 100))).padStart(2, '0')}`;
  const hh = Math.floor(t / 36000), mm = Math.floor((t % 36000) / 600), ss = Math.floor((t % 600) / 10);
  const p = (n) => String(n).padStart(2, '0');
  return `${hh > 0 ? `${hh}:${p(mm)}` : mm}:${p(ss)}.${t % 10}`;
}

/** How long work took or will take: 4.2 s, 12 s, 12 min, 2 h 5 min (rounded before the unit is chosen). */
export function fmtLongDuration(sec) {
  if (!sec) return '0 s';
  const tenths = Math.round(sec * 10);
  if (tenths < 100) return `${Math.floor(tenths / 10)}.${tenths % 10} s`;
  if (Math.round(sec) < 60) return `${Math.round(sec)} s`;
  const min = Math.round(sec / 60);
  return min >= 60 ? `${Math.floor(min / 60)} h ${min % 60} min` : `${min} min`;
}

/** Decimal units, as disks count: 999 B, 1.2 kB, 345 MB, 1.5 GB (rounded before the unit is chosen: 1.0 MB, not 1000 kB). */
export function fmtBytes(n) {
  if (n == null || !isFinite(n)) return '';
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let i = 0, v = n;
  while (Math.round(v) >= 1000 && i < units.length - 1) { v /= 1000; i++; }
  const tenths = Math.round(v * 10);
  return `${i === 0 || tenths >= 1000 ? Math.round(v) : `${Math.floor(tenths / 10)}.${tenths % 10}`} ${units[i]}`;
}

/** A count with the reader's digit grouping. */
export function fmtNumber(n) {
  return n == null ? '' : Number(n).toLocaleString();
}

export function fmtBitRate(b) {
  if (!b) return '';
  return b >= 1e6 ? `${(b / 1e6).toFixed(1)} Mb/s` : `${Math.round(b / 1e3)} kb/s`;
}

/** A moment in the reader's locale and time zone (the API and --json keep ISO 8601). */
export function fmtDate(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (isNaN(d)) return String(iso);
  return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/**
 * A capture time. Every date in the dashboard is shown in the browser's time zone; the catalog
 * cannot tell a camera clock that recorded no zone from UTC, so such times are read as UTC too
 * (CAPTURE_ZONE_NOTE says so where capture times are shown).
 */
export function fmtCapture(iso, withTime = true) {
  if (!iso) return '';
  const d = new Date(iso);
  if (isNaN(d)) return String(iso);
  return withTime ? fmtDate(iso) : d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

export const CAPTURE_ZONE_NOTE = 'In your time zone. Cameras that record no time zone are taken to be on UTC.';

/** How a capture time was found, for people. */
export const CAPTURE_SOURCES = { quicktime: 'container creation time', exif: 'EXIF', xmp: 'XMP', filename: 'file name', mtime: 'file modification time' };

export function fmtAgo(iso) {
  if (!iso) return '';
  const d = new Date(iso).getTime();
  const s = Math.round((Date.now() - d) / 1000);
  if (!isFinite(s)) return '';
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return fmtDate(iso);
}

export function fmtRes(w, h) {
  return w && h ? `${w}×${h}` : '';
}

/** A GPS position: 52.37403, 4.88969 (five decimals: about a metre). */
export function fmtLatLon(lat, lon) {
  return lat == null || lon == null ? '' : `${Number(lat).toFixed(5)}, ${Number(lon).toFixed(5)}`;
}

export function resClass(w, h) {
  if (!w || !h) return '';
  const short = Math.min(w, h);
  return short >= 2160 ? '4K' : short >= 1080 ? 'HD' : short >= 720 ? '720p' : 'SD';
}

export function fileName(path) {
  if (!path) return '';
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i >= 0 ? path.slice(i + 1) : path;
}

export function displayTitle(a) {
  return (a && (a.title || fileName(a.path))) || `Asset ${a?.id ?? ''}`;
}

/** Whether the person asked for less motion (CSS handles transitions; this is for scripted scrolling). */
export function reducedMotion() {
  return matchMedia('(prefers-reduced-motion: reduce)').matches;
}

export function debounce(fn, ms) {
  let t = null;
  const d = (...args) => { clearTimeout(t); t = setTimeout(() => fn(...args), ms); };
  d.cancel = () => clearTimeout(t);
  return d;
}

/** Calls fn at most once per ms (trailing call guaranteed). */
export function throttle(fn, ms) {
  let last = 0, timer = null;
  return (...args) => {
    const wait = last + ms - Date.now();
    if (wait <= 0) { last = Date.now(); fn(...args); return; }
    clearTimeout(timer);
    timer = setTimeout(() => { last = Date.now(); fn(...args); }, wait);
  };
}

// ---------------------------------------------------------------- small widgets

let toastBox = null;

/** A short message in the corner. kind: 'ok' | 'error' | 'info'. */
export function toast(message, kind = 'info') {
  toastBox ??= document.getElementById('toasts');
  if (!toastBox) return;
  const t = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, message);
  toastBox.appendChild(t);
  setTimeout(() => t.classList.add('leaving'), kind === 'error' ? 6000 : 3000);
  setTimeout(() => t.remove(), kind === 'error' ? 6400 : 3400);
}

/**
 * A modal confirmation (a real <dialog>, not window.confirm). Resolves true when confirmed.
 * body: strings or nodes, rendered as text.
 */
export function confirmDialog({ title, body, confirm = 'OK', danger = false }) {
  return new Promise((resolve) => {
    const ok = h('button', { type: 'submit', value: 'ok', class: danger ? 'btn danger' : 'btn primary' }, confirm);
    const dlg = h('dialog', { class: 'dialog' },
      h('form', { method: 'dialog' },
        h('h2', null, title),
        ...[].concat(body).map((b) => (b instanceof Node ? b : h('p', null, b))),
        h('div', { class: 'dialog-actions' },
          h('button', { type: 'submit', value: 'cancel', class: 'btn' }, 'Cancel'), ok)));
    dlg.addEventListener('close', () => { resolve(dlg.returnValue === 'ok'); dlg.remove(); });
    document.body.appendChild(dlg);
    dlg.showModal();
    ok.focus();
  });
}

export function empty(message, hint) {
  return h('div', { class: 'empty' }, h('p', null, message), hint ? h('p', { class: 'muted' }, hint) : null);
}

export function errorBox(err) {
  return h('div', { class: 'error-box', role: 'alert' }, err?.message || String(err));
}

export function spinner(label = 'Loading…') {
  return h('div', { class: 'loading' }, h('span', { class: 'spin', 'aria-hidden': 'true' }), label);
}
