// That DAM Toolbox — the web dashboard. Plain ES modules, no build step.
// Hash routes: #/library #/search?q= #/asset/42 #/batches #/batch/NAME #/jobs #/scan #/stats #/ffmpeg

import { h, errorBox } from './lib/dom.js';
import { events } from './lib/events.js';
import * as library from './pages/library.js';
import * as search from './pages/search.js';
import * as asset from './pages/asset.js';
import * as batches from './pages/batches.js';
import * as jobs from './pages/jobs.js';
import * as scan from './pages/scan.js';
import * as stats from './pages/stats.js';
import { renderConsolePage } from './pages/processing.js';

const ROUTES = {
  library: { render: library.render, nav: 'library', title: 'Library' },
  search: { render: search.render, nav: 'search', title: 'Search' },
  asset: { render: asset.render, nav: 'library', title: 'Asset' },
  batches: { render: batches.render, nav: 'batches', title: 'Batches' },
  batch: { render: batches.renderBatch, nav: 'batches', title: 'Batch' },
  jobs: { render: jobs.render, nav: 'jobs', title: 'Jobs' },
  scan: { render: scan.render, nav: 'scan', title: 'Scan' },
  stats: { render: stats.render, nav: 'stats', title: 'Stats' },
  ffmpeg: { render: renderConsolePage, nav: 'ffmpeg', title: 'FFmpeg' },
};

function decode(part) {
  try { return decodeURIComponent(part); } catch { return part; }
}

export function parseHash(hash = location.hash) {
  const raw = hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = q >= 0 ? raw.slice(0, q) : raw;
  const parts = path.split('/').filter(Boolean).map(decode);
  return { page: parts[0] || 'library', args: parts.slice(1), query: new URLSearchParams(q >= 0 ? raw.slice(q + 1) : '') };
}

let current = null; // { controller, cleanups }

function route() {
  if (!location.hash || location.hash === '#' || location.hash === '#/') {
    location.replace('#/library');
    return;
  }
  if (current) {
    current.controller.abort();
    for (const fn of current.cleanups.splice(0)) {
      try { fn(); } catch (e) { console.error(e); }
    }
  }
  const { page, args, query } = parseHash();
  const r = ROUTES[page];
  const main = document.getElementById('app');
  const section = h('section', { class: `page page-${page}` });
  main.replaceChildren(section);
  for (const a of document.querySelectorAll('.nav a')) {
    if (r && a.dataset.page === r.nav) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  document.title = `${r ? r.title : 'Not found'} · That DAM`;
  const search = document.getElementById('global-search');
  if (page !== 'search' && document.activeElement !== search) search.value = '';
  window.scrollTo(0, 0);

  const controller = new AbortController();
  const cleanups = [];
  current = { controller, cleanups };
  if (!r) {
    section.append(h('div', { class: 'empty' }, h('h1', null, 'Nothing here'), h('p', null, h('a', { href: '#/library' }, 'Go to the library'))));
    return;
  }
  const ctx = {
    main: section, args, query, signal: controller.signal,
    onCleanup: (fn) => { if (controller.signal.aborted) fn(); else cleanups.push(fn); },
    on: (type, fn) => { const off = events.on(type, fn); ctx.onCleanup(off); return off; },
  };
  Promise.resolve()
    .then(() => r.render(ctx))
    .catch((e) => {
      if (controller.signal.aborted || e?.name === 'AbortError') return;
      console.error(e);
      section.append(errorBox(e));
    });
}

function setupHeader() {
  const form = document.getElementById('global-search-form');
  const input = document.getElementById('global-search');
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = input.value.trim();
    input.blur();
    location.hash = `#/search${q ? `?q=${encodeURIComponent(q)}` : ''}`;
  });

  // "/" focuses the search box (the page's own query box on the Search page), unless typing.
  document.addEventListener('keydown', (e) => {
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    e.preventDefault();
    const box = document.querySelector('[data-search-primary]') || input;
    box.focus();
    box.select?.();
  });
  input.addEventListener('keydown', (e) => { if (e.key === 'Escape') input.blur(); });

  const conn = document.getElementById('conn');
  const label = conn.querySelector('.conn-label');
  const TEXT = { open: 'Live', connecting: 'Connecting…', reconnecting: 'Reconnecting…' };
  events.onStatus((st) => {
    conn.dataset.state = st;
    label.textContent = TEXT[st] || st;
    conn.title = st === 'open' ? 'Live updates are on' : 'Live updates are off: reconnecting to the server…';
  });
}

setupHeader();
events.start();
window.addEventListener('hashchange', route);
route();
