// The person's saved searches, listed in the navigation (<div id="nav-saved">) and kept by the
// server (GET/POST /api/v1/saved-searches, DELETE /api/v1/saved-searches/{id}).

import { h } from './dom.js';
import { get, post, del } from './api.js';
import { onUser } from './session.js';

let list = [];

/** The route that runs a saved search (or any query, filters and order). */
export function searchHref({ query = '', filter = '', sort = '' }) {
  const p = new URLSearchParams();
  if (query) p.set('q', query);
  if (filter) p.set('filter', filter);
  if (sort) p.set('sort', sort);
  const s = p.toString();
  return `#/search${s ? `?${s}` : ''}`;
}

function render() {
  const box = document.getElementById('nav-saved');
  if (!box) return;
  box.replaceChildren();
  box.hidden = list.length === 0;
  if (!list.length) return;
  const menu = h('details', { class: 'nav-saved-menu' },
    h('summary', null, 'Saved'),
    h('ul', { class: 'menu', 'aria-label': 'Saved searches' }, list.map((s) => h('li', null,
      h('a', { href: searchHref(s), dataset: { savedId: String(s.id) }, title: [s.query, s.filter].filter(Boolean).join(' · ') || 'everything' }, s.name)))));
  // a choice closes the menu
  menu.addEventListener('click', (e) => { if (e.target.closest('a')) menu.open = false; });
  box.append(menu);
}

/** Reads them again from the server (after logging in, or a change). */
export async function refreshSavedSearches() {
  try {
    list = await get('/saved-searches');
  } catch {
    list = []; // logged out or offline: nothing to list
  }
  render();
  return list;
}

export function savedSearches() {
  return list;
}

/** Saves (or replaces, by name) a search; resolves to the saved one. */
export async function saveSearch(body) {
  const saved = await post('/saved-searches', body);
  await refreshSavedSearches();
  return saved;
}

export async function deleteSavedSearch(id) {
  await del(`/saved-searches/${encodeURIComponent(id)}`);
  await refreshSavedSearches();
}

onUser((u) => {
  if (u) refreshSavedSearches();
  else {
    list = [];
    render();
  }
});
