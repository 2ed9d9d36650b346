// That DAM Toolbox — the web dashboard. Plain ES modules, no build step.
// Hash routes: #/library #/search?q= #/asset/42 #/explorer?path= #/batches #/batch/NAME #/collections #/collection/7 #/jobs
// #/scan #/import #/stats #/map #/ffmpeg #/duplicates #/capture #/capture/SOURCE
// #/account #/users #/audit #/backups #/vocabulary #/fields, and without a login #/login?next=ROUTE #/setup

import { h, errorBox, toast } from './lib/dom.js';
import { events } from './lib/events.js';
import { get, post, setUnauthorizedHandler } from './lib/api.js';
import { session, setUser, onUser, can } from './lib/session.js';
import { loadPrefs, resetPrefs } from './lib/prefs.js';
import { loadTheme } from './lib/theme.js';
import { initUploads } from './lib/upload.js';
import { renderSetup, renderLogin } from './pages/auth.js';
import * as account from './pages/account.js';
import * as users from './pages/users.js';
import * as audit from './pages/audit.js';
import * as backups from './pages/backups.js';
import * as library from './pages/library.js';
import * as search from './pages/search.js';
import * as asset from './pages/asset.js';
import * as batches from './pages/batches.js';
import * as collections from './pages/collections.js';
import * as explorer from './pages/explorer.js';
import * as jobs from './pages/jobs.js';
import * as scan from './pages/scan.js';
import * as stats from './pages/stats.js';
import * as map from './pages/map.js';
import * as importPage from './pages/import.js';
import * as vocabulary from './pages/vocabulary.js';
import * as fields from './pages/fields.js';
import * as duplicates from './pages/duplicates.js';
import * as capture from './pages/capture.js';
import { renderConsolePage } from './pages/processing.js';

const ROUTES = {
  library: { render: library.render, nav: 'library', title: 'Library' },
  search: { render: search.render, nav: 'search', title: 'Search' },
  asset: { render: asset.render, nav: 'library', title: 'Asset' },
  explorer: { render: explorer.render, nav: 'explorer', title: 'Explorer' },
  batches: { render: batches.render, nav: 'batches', title: 'Batches' },
  batch: { render: batches.renderBatch, nav: 'batches', title: 'Batch' },
  collections: { render: collections.render, nav: 'collections', title: 'Collections' },
  collection: { render: collections.renderCollection, nav: 'collections', title: 'Collection' },
  jobs: { render: jobs.render, nav: 'jobs', title: 'Jobs' },
  scan: { render: scan.render, nav: 'scan', title: 'Scan' },
  stats: { render: stats.render, nav: 'stats', title: 'Stats' },
  map: { render: map.render, nav: 'map', title: 'Map' },
  import: { render: importPage.render, nav: 'import', title: 'Import', needs: 'editor' },
  ffmpeg: { render: renderConsolePage, nav: 'ffmpeg', title: 'FFmpeg' },
  duplicates: { render: duplicates.render, nav: 'duplicates', title: 'Duplicates' },
  capture: { render: capture.render, nav: 'capture', title: 'Capture' },
  account: { render: account.render, nav: 'account', title: 'Account' },
  users: { render: users.render, nav: 'users', title: 'Users', needs: 'admin' },
  audit: { render: audit.render, nav: 'audit', title: 'Audit log', needs: 'admin' },
  backups: { render: backups.render, nav: 'backups', title: 'Backups', needs: 'admin' },
  vocabulary: { render: vocabulary.render, nav: 'vocabulary', title: 'Vocabulary' },
  fields: { render: fields.render, nav: 'fields', title: 'Custom fields', needs: 'admin' },
  login: { render: (ctx) => renderLogin(ctx, loggedIn), title: 'Log in', open: true },
  setup: { render: (ctx) => renderSetup(ctx, loggedIn), title: 'Set up', open: true },
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

/** The route to come back to after logging in: the current one, unless it is the login itself. */
function nextRoute() {
  const { page, query } = parseHash();
  if (page === 'login' || page === 'setup') return query.get('next') || '/library';
  return location.hash.replace(/^#/, '') || '/library';
}

/** Where a login (or the setup) goes: the `next` route, which must be a route of this page. */
async function loggedIn(view) {
  setUser({ name: view.user.name, role: view.user.role });
  session.setupRequired = false;
  events.start();
  await loadPrefs();
  loadTheme();
  const next = nextRoute();
  location.hash = /^\/[\w-]/.test(next) && !/^\/(login|setup)\b/.test(next) ? `#${next}` : '#/library';
}

/** Not logged in (any more): the stream stops, and the setup or login form shows. */
function loggedOut(setupRequired) {
  session.setupRequired = setupRequired;
  resetPrefs();
  setUser(null);
  events.stop();
  const target = setupRequired ? '#/setup' : `#/login?next=${encodeURIComponent(nextRoute())}`;
  if (parseHash().page !== (setupRequired ? 'setup' : 'login')) location.replace(target);
}

function route() {
  if (!location.hash || location.hash === '#' || location.hash === '#/') {
    location.replace('#/library');
    return;
  }
  const want = parseHash().page;
  if (!session.user && !ROUTES[want]?.open) {
    loggedOut(session.setupRequired);
    return;
  }
  if (session.user && ROUTES[want]?.open) {
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
  closeNav();
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
  if (r.needs && !can(r.needs)) {
    section.append(h('div', { class: 'empty', role: 'alert' }, h('h1', null, 'Your role does not allow this'),
      h('p', null, `This page is for the ${r.needs} role; you are ${session.user.role}.`),
      h('p', null, h('a', { href: '#/library' }, 'Go to the library'))));
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
  const TEXT = { open: 'Live', connecting: 'Connecting…', reconnecting: 'Reconnecting…', off: 'Offline' };
  events.onStatus((st) => {
    conn.dataset.state = st;
    label.textContent = TEXT[st] || st;
    conn.title = st === 'open' ? 'Live updates are on' : 'Live updates are off: reconnecting to the server…';
  });
}

// The navigation's menu button (shown on narrow screens, where the links fold away): a disclosure
// that closes on a link, Escape, a click elsewhere or a route change.
let closeNav = () => {};

function setupNavMenu() {
  const toggle = document.getElementById('nav-toggle');
  const nav = document.getElementById('main-nav');
  const setOpen = (open) => {
    toggle.setAttribute('aria-expanded', String(open));
    document.body.classList.toggle('nav-open', open);
  };
  // "More": the less-used links, a disclosure of their own on wide screens (inline in the folded menu)
  const more = document.getElementById('nav-more-button');
  const setMore = (open) => more.setAttribute('aria-expanded', String(open));
  closeNav = () => { setOpen(false); setMore(false); };
  toggle.addEventListener('click', () => setOpen(toggle.getAttribute('aria-expanded') !== 'true'));
  more.addEventListener('click', () => setMore(more.getAttribute('aria-expanded') !== 'true'));
  nav.addEventListener('click', (e) => { if (e.target.closest('a')) closeNav(); });
  document.addEventListener('click', (e) => {
    if (!e.target.closest('#main-nav, #nav-toggle')) setOpen(false);
    if (!e.target.closest('.nav-more')) setMore(false);
  });
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    if (more.getAttribute('aria-expanded') === 'true') {
      setMore(false);
      if (toggle.getAttribute('aria-expanded') !== 'true') { more.focus(); return; }
    }
    if (toggle.getAttribute('aria-expanded') !== 'true') return;
    setOpen(false);
    toggle.focus();
  });
}

// The user menu: the name and role, the account page, admin pages, logging out. A menu button
// (Enter, Space or ArrowDown opens it; arrows move; Escape or Tab closes).
function setupUserMenu() {
  const button = document.getElementById('user-button');
  const list = document.getElementById('user-menu-list');
  const items = () => [...list.querySelectorAll('[role=menuitem]')].filter((el) => el.offsetParent !== null);
  const open = (focusFirst) => {
    list.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    if (focusFirst) items()[0]?.focus();
  };
  const close = (focusButton) => {
    if (list.hidden) return;
    list.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    if (focusButton) button.focus();
  };
  button.addEventListener('click', () => (list.hidden ? open(false) : close(false)));
  button.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') { e.preventDefault(); open(true); } else if (e.key === 'Escape') close(false);
  });
  list.addEventListener('keydown', (e) => {
    const all = items();
    const i = all.indexOf(document.activeElement);
    if (e.key === 'Escape') { e.preventDefault(); close(true); } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      all[(i + (e.key === 'ArrowDown' ? 1 : all.length - 1)) % all.length]?.focus();
    } else if (e.key === 'Tab') close(false);
  });
  list.addEventListener('click', () => close(false));
  document.addEventListener('click', (e) => { if (!e.target.closest('.user-menu')) close(false); });
  document.getElementById('logout').addEventListener('click', async () => {
    try {
      await post('/auth/logout');
    } catch (e) {
      toast(e.message, 'error');
      return;
    }
    loggedOut(false);
  });
  onUser((u) => {
    document.getElementById('user-name').textContent = u ? u.name : '';
    document.getElementById('user-role').textContent = u ? u.role : '';
  });
}

/** Whether this browser is still logged in (asked after the event stream's upgrade failed). */
async function stillLoggedIn() {
  const st = await get('/auth/status');
  if (st.user) return true;
  loggedOut(st.setupRequired);
  return false;
}

/** The installable app's worker (offline start). Browsers offer it only on HTTPS or localhost. */
function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js').catch(() => {
    // refused (a private window, a policy): the dashboard works the same without it
  });
}

async function boot() {
  registerServiceWorker();
  setupHeader();
  setupNavMenu();
  setupUserMenu();
  initUploads();
  setUnauthorizedHandler((e) => {
    // the login and setup forms show the server's answer themselves
    if (ROUTES[parseHash().page]?.open) return;
    loggedOut(e.code === 'setup_required');
  });
  events.authCheck = stillLoggedIn;
  window.addEventListener('hashchange', route);
  let st;
  try {
    st = await get('/auth/status');
  } catch (e) {
    document.getElementById('app').replaceChildren(errorBox(e));
    return;
  }
  session.setupRequired = st.setupRequired;
  session.setupAllowedHere = st.setupAllowedHere;
  if (st.user) {
    setUser({ name: st.user, role: st.role });
    events.start();
    await loadPrefs();
    loadTheme();
  } else {
    setUser(null);
  }
  route();
}

boot();
