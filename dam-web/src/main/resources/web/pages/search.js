// Search: the query language as you type, facet checkboxes (OR within a facet, AND across facets),
// the order (relevance only when there are words to rank by), saved searches, results as cards or a list.

import { h, debounce, fmtNumber, toast } from '../lib/dom.js';
import { get, qs } from '../lib/api.js';
import { AssetGrid, layoutControls } from '../lib/cards.js';
import { pref, setPref } from '../lib/prefs.js';
import { saveSearch, deleteSavedSearch, savedSearches, refreshSavedSearches } from '../lib/savedsearches.js';
import { select } from './library.js';

const MODES = [['hybrid', 'Hybrid'], ['keyword', 'Keyword'], ['semantic', 'Semantic']];
const SORTS = [['relevance', 'Relevance'], ['newest', 'Newest'], ['oldest', 'Oldest'], ['duration', 'Longest'], ['size', 'Largest'], ['name', 'Name']];
const FACETS = [['kind', 'Kind'], ['codec', 'Codec'], ['res', 'Resolution'], ['batch', 'Batch'], ['status', 'Status'], ['year', 'Year'], ['rating', 'Rating'], ['label', 'Colour label']];
const RES_LABEL = { sd: 'SD', hd: 'HD 720p', fhd: 'Full HD', '4k': '4K' };
/** How long typing must pause before a query that cannot run says why. */
const PAUSE_MS = 1200;

const OPERATORS = new Set(['AND', 'OR', 'NOT', '&&', '||']);

/**
 * The query as it can run while it is still being typed: an open quote is closed (or left out while
 * nothing is quoted yet), open parentheses are closed, a ')' without its '(' is left out, and what
 * waits for more at the end (AND, OR, NOT, -, field:, field:>=) is left out.
 */
export function liveQuery(q) {
  let out = '';
  let quote = -1; // where the open quote is in out
  for (let i = 0; i < q.length; i++) {
    const c = q[i];
    if (quote >= 0) {
      if (c === '\\' && (q[i + 1] === '"' || q[i + 1] === '\\')) { out += c + q[++i]; continue; }
      if (c === '"') quote = -1;
      out += c;
    } else if (c === '"') {
      quote = out.length;
      out += c;
    } else if (c === ')' && depth(out) === 0) {
      // no '(' to close: left out
    } else {
      out += c;
    }
  }
  if (quote >= 0) out = /^"\s*$/.test(out.slice(quote)) ? out.slice(0, quote) : `${out}"`;
  for (;;) {
    const trimmed = out.replace(/\s+$/, '');
    const cut = Math.max(trimmed.lastIndexOf(' '), trimmed.lastIndexOf('\t'), trimmed.lastIndexOf('('));
    const last = trimmed.slice(cut + 1);
    const waiting = last && !last.includes('"')
      && (OPERATORS.has(last) || /^[-!+]+$/.test(last) || /^[-!+]*[A-Za-z_]+:(?:[<>]=?|=|\.\.)?$/.test(last));
    if (!waiting) { out = trimmed; break; }
    out = trimmed.slice(0, cut + 1);
  }
  return out + ')'.repeat(depth(out));
}

/** Open parentheses outside quotes. */
function depth(q) {
  let d = 0, quoted = false;
  for (let i = 0; i < q.length; i++) {
    const c = q[i];
    if (quoted && c === '\\') i++;
    else if (c === '"') quoted = !quoted;
    else if (!quoted && c === '(') d++;
    else if (!quoted && c === ')' && d > 0) d--;
  }
  return d;
}

/** The query term selecting a custom field's value: field:status:final, or field:client="Acme Films". */
function fieldTerm(name, value) {
  const v = String(value);
  return /^[\p{L}\p{N}_.-]+$/u.test(v) ? `field:${name}:${v}` : `field:${name}="${v.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** Whether the query holds {@code term} as a whole word (ignoring case). */
function hasTerm(q, term) {
  return ` ${q.replace(/\s+/g, ' ').toLowerCase()} `.includes(` ${term.toLowerCase()} `);
}

/** The query without {@code term} (each time it stands as a whole word). */
function withoutTerm(q, term) {
  const esc = term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return q.replace(new RegExp(`(^|\\s)${esc}(?=\\s|$)`, 'giu'), ' ').replace(/\s+/g, ' ').trim();
}

/** How a facet value reads: "Full HD", "★★★★", "red". */
function facetLabel(key, value) {
  if (key === 'res') return RES_LABEL[value] || value;
  if (key === 'rating') return `${'★'.repeat(Number(value) || 0)} (${value})`;
  return value;
}

/** Facet selections {facet: [values]} from their text (kind:video batch:"Screen Records"), as the server reads it. */
export function parseFilters(text) {
  const out = {};
  const re = /(\w+):(?:"((?:[^"\\]|\\.)*)"|(\S+))/g;
  for (const m of (text || '').matchAll(re)) {
    const value = m[2] != null ? m[2].replace(/\\(["\\])/g, '$1') : m[3];
    const list = (out[m[1].toLowerCase()] ??= []);
    if (!list.includes(value)) list.push(value);
  }
  return out;
}

/** The text of facet selections, in facet order. */
export function formatFilters(filters) {
  const parts = [];
  for (const [key] of FACETS) {
    for (const v of filters[key] || []) {
      parts.push(/^[^\s"\\]+$/.test(v) ? `${key}:${v}` : `${key}:"${v.replace(/[\\"]/g, '\\$&')}"`);
    }
  }
  return parts.join(' ');
}

/** A query error: the server's message and the query with the place it points at marked. */
function queryError(e, q) {
  const pos = e.detail?.position;
  const where = typeof pos === 'number' && pos >= 0 && pos <= q.length
    ? h('code', { class: 'query-where', 'aria-hidden': 'true' }, q.slice(0, pos), h('mark', null, q.slice(pos, pos + 1) || ' '), q.slice(pos + 1))
    : null;
  return [h('p', { class: 'query-error-msg' }, e.message), where];
}

export function render(ctx) {
  const state = {
    q: ctx.query.get('q') || '',
    sort: ctx.query.get('sort') || '', // '' = the query's default order
    mode: MODES.some(([m]) => m === ctx.query.get('mode')) ? ctx.query.get('mode') : 'hybrid',
    filters: parseFilters(ctx.query.get('filter') || ''),
  };
  const input = h('input', {
    type: 'search', class: 'query-input', value: state.q, placeholder: 'Search titles, files, tags, codecs…',
    'aria-label': 'Search query', autocomplete: 'off', spellcheck: 'false', dataset: { searchPrimary: '' },
  });
  const err = h('div', { class: 'error-box query-error', role: 'alert', hidden: true });
  const summary = h('div', { class: 'search-summary muted', role: 'status' });
  const facetsEl = h('aside', { class: 'facets', 'aria-label': 'Filters' });
  let shown = null;   // the request whose results are on screen
  let pending = null; // the request the next first page asks
  let lastFacets = null;
  let controller = null;
  const fieldLabels = new Map(); // custom field name → its label, for their facets' legends
  get('/fields').then((fields) => {
    for (const f of fields) fieldLabels.set(f.name, f.label || f.name);
    renderFacets();
  }).catch(() => {}); // without them the legends are the fields' names

  const grid = new AssetGrid({
    // "all results": the query and facet selections on screen, resolved by the bulk job
    selectionQuery: () => ({ query: shown?.q ?? state.q, filter: shown?.filter ?? formatFilters(state.filters) }),
    load: async (offset, limit) => {
      const ask = offset === 0 ? pending : shown;
      if (!ask) return { unchanged: true };
      controller?.abort();
      controller = new AbortController();
      const { signal } = controller;
      try {
        // A query that cannot run is found out first (an answer, not a failed request): while typing it
        // leaves the results as they are without a word; on Enter it says what and where.
        if (offset === 0 && ask.q.trim()) {
          const check = await get('/search/check' + qs({ q: ask.q.trim(), mode: ask.mode }), { signal });
          if (!check.ok) {
            if (!ask.live) showError({ message: check.message, detail: check }, ask.q.trim());
            return { unchanged: true };
          }
        }
        const res = await get('/search' + qs({ q: ask.q.trim(), filter: ask.filter, sort: ask.sort, mode: ask.mode, limit, offset, facets: offset === 0 ? 'true' : 'false' }),
          { signal });
        if (offset === 0) {
          shown = ask;
          if (!ask.live) hideError();
          summary.textContent = `${fmtNumber(res.total)} result${res.total === 1 ? '' : 's'}${res.tookMs != null ? ` · ${res.tookMs} ms` : ''}`;
          sortSelect.value = state.sort || res.sort;
          sortNote.textContent = state.sort ? '' : res.sort === 'relevance' ? 'Best matches first' : 'Newest first';
          lastFacets = res.facets || {};
          renderFacets();
          syncSaved();
        }
        return { items: res.items || [], total: res.total };
      } catch (e) {
        if (e.name === 'AbortError') return { unchanged: true };
        // While typing, a query that cannot run yet leaves the results as they are, without a word.
        if (!ask.live) showError(e, ask.q.trim());
        return { unchanged: true };
      }
    },
    emptyText: 'No matches.',
    emptyHint: 'Try fewer words, a shorter prefix, or fewer filters.',
    currentList: () => ({ label: shown?.q.trim() ? `Search: ${shown.q.trim()}` : 'Search', href: location.hash }),
  });
  ctx.onCleanup(() => { grid.destroy(); controller?.abort(); });

  function showError(e, q) {
    err.replaceChildren(...queryError(e, q).filter(Boolean));
    err.hidden = false;
  }
  function hideError() {
    err.hidden = true;
    err.replaceChildren();
  }

  // ---- facets: checkboxes; a facet with a selection still lists its other values with their counts
  function renderFacets() {
    facetsEl.replaceChildren();
    if (!lastFacets) return;
    for (const [key, label] of FACETS) {
      const values = lastFacets[key] || [];
      if (!values.length) continue;
      const selected = state.filters[key] || [];
      facetsEl.appendChild(h('fieldset', { class: 'facet', dataset: { facet: key } },
        h('legend', null, label),
        h('div', { class: 'facet-values' }, values.map((f) => h('label', { class: 'facet-value', dataset: { value: f.value } },
          h('input', {
            type: 'checkbox', value: f.value, checked: selected.includes(f.value),
            onchange: (e) => toggle(key, f.value, e.target.checked),
          }),
          h('span', { class: 'facet-label' }, facetLabel(key, f.value)),
          h('span', { class: 'chip-count' }, fmtNumber(f.count)))))));
    }
    // custom fields' facets (field:NAME): selected through the query, as the facet filters do not take them
    for (const key of Object.keys(lastFacets).filter((k) => k.startsWith('field:')).sort()) {
      const values = lastFacets[key] || [];
      if (!values.length) continue;
      const name = key.slice('field:'.length);
      facetsEl.appendChild(h('fieldset', { class: 'facet', dataset: { facet: key } },
        h('legend', null, fieldLabels.get(name) || name),
        h('div', { class: 'facet-values' }, values.map((f) => h('label', { class: 'facet-value', dataset: { value: f.value } },
          h('input', {
            type: 'checkbox', value: f.value, checked: hasTerm(state.q, fieldTerm(name, f.value)),
            onchange: (e) => toggleField(name, f.value, e.target.checked),
          }),
          h('span', { class: 'facet-label' }, f.value),
          h('span', { class: 'chip-count' }, fmtNumber(f.count)))))));
    }
  }

  function toggleField(name, value, on) {
    const term = fieldTerm(name, value);
    state.q = on ? [state.q.trim(), term].filter(Boolean).join(' ') : withoutTerm(state.q, term);
    input.value = state.q;
    run({ live: false });
  }

  function toggle(key, value, on) {
    const list = (state.filters[key] || []).filter((v) => v !== value);
    if (on) list.push(value);
    if (list.length) state.filters[key] = list; else delete state.filters[key];
    run({ live: true });
  }

  // ---- running: live while typing (completed, silent), as typed on Enter (errors say where)
  function run({ live }) {
    const p = new URLSearchParams();
    if (state.q.trim()) p.set('q', state.q.trim());
    const filter = formatFilters(state.filters);
    if (filter) p.set('filter', filter);
    if (state.sort) p.set('sort', state.sort);
    if (state.mode !== 'hybrid') p.set('mode', state.mode);
    const s = p.toString();
    history.replaceState(null, '', `#/search${s ? `?${s}` : ''}`);
    const next = { q: live ? liveQuery(state.q) : state.q, filter, sort: state.sort, mode: state.mode, live };
    // typing that changes nothing runnable (a space, a trailing AND) asks nothing
    if (live && shown && ['q', 'filter', 'sort', 'mode'].every((k) => next[k].trim() === shown[k].trim())) return;
    pending = next;
    grid.reset(null, { keep: true });
  }

  const typed = debounce(() => run({ live: true }), 250);
  // After a pause, a query that still cannot run as typed says why (the results stay those of its completed form).
  const paused = debounce(async () => {
    const q = state.q;
    if (!q.trim()) return;
    try {
      const check = await get('/search/check' + qs({ q: q.trim() }));
      if (!check.ok && state.q === q) showError({ message: check.message, detail: check }, q.trim());
    } catch {
      // the server cannot be reached: the next search says so
    }
  }, PAUSE_MS);
  input.addEventListener('input', () => {
    state.q = input.value;
    hideError(); // it was about what was there before
    typed();
    paused();
  });
  ctx.onCleanup(() => { typed.cancel(); paused.cancel(); });

  const sortSelect = select('sort', SORTS, state.sort || (state.q.trim() ? 'relevance' : 'newest'), (v) => { state.sort = v; run({ live: true }); });
  const sortNote = h('span', { class: 'sort-note muted small' });
  // by the words, by meaning (nearest vectors), or both fused: remembered in the address
  const modeSelect = select('mode', MODES, state.mode, (v) => { state.mode = v; run({ live: true }); });
  modeSelect.title = 'Hybrid: words and meaning; Keyword: the words only; Semantic: meaning only';
  const form = h('form', {
    class: 'search-form', role: 'search',
    onsubmit: (e) => { e.preventDefault(); typed.cancel(); paused.cancel(); state.q = input.value; run({ live: false }); },
  },
  input,
  h('label', { class: 'sort-label mode-label' }, h('span', { class: 'muted small' }, 'Match'), modeSelect),
  h('label', { class: 'sort-label' }, h('span', { class: 'muted small' }, 'Sort'), sortSelect),
  h('button', { class: 'btn primary', type: 'submit' }, 'Search'));

  // ---- the relevance score: hidden unless asked for (remembered)
  const scoreBox = h('input', {
    type: 'checkbox', checked: !!pref('search.score', false),
    onchange: (e) => { setPref('search.score', e.target.checked); grid.el.classList.toggle('show-score', e.target.checked); },
  });
  grid.el.classList.toggle('show-score', scoreBox.checked);

  // ---- saved searches
  const nameInput = h('input', { type: 'text', name: 'name', maxlength: 80, required: true, 'aria-label': 'Name of the saved search', placeholder: 'Name' });
  const saveStatus = h('span', { class: 'form-status', role: 'status' });
  const saveForm = h('form', {
    class: 'save-search', hidden: true,
    onsubmit: async (e) => {
      e.preventDefault();
      saveStatus.textContent = '';
      saveStatus.classList.remove('error-text');
      try {
        const saved = await saveSearch({ name: nameInput.value, query: state.q.trim(), filter: formatFilters(state.filters), sort: state.sort || null });
        saveForm.hidden = true;
        toast(`Saved “${saved.name}”`, 'ok');
        syncSaved();
      } catch (ex) {
        saveStatus.textContent = ex.message;
        saveStatus.classList.add('error-text');
      }
    },
  },
  nameInput,
  h('button', { class: 'btn primary small', type: 'submit' }, 'Save'),
  h('button', { class: 'btn small', type: 'button', onclick: () => { saveForm.hidden = true; } }, 'Cancel'),
  saveStatus);
  const saveBtn = h('button', {
    class: 'btn small save-search-btn', type: 'button',
    onclick: () => {
      saveForm.hidden = false;
      nameInput.value = nameInput.value || state.q.trim().slice(0, 80);
      nameInput.focus();
      nameInput.select();
    },
  }, 'Save search');
  const deleteBtn = h('button', { class: 'btn small danger delete-saved', type: 'button', hidden: true }, 'Delete saved search');
  let current = null;
  deleteBtn.addEventListener('click', async () => {
    if (!current) return;
    try {
      await deleteSavedSearch(current.id);
      toast(`Deleted “${current.name}”`, 'ok');
      syncSaved();
    } catch (ex) {
      toast(ex.message, 'error');
    }
  });
  // The saved search the page shows now, if any: it can be deleted from here.
  function syncSaved() {
    const filter = formatFilters(state.filters);
    current = savedSearches().find((s) => s.query === state.q.trim() && s.filter === filter && (s.sort || '') === state.sort) || null;
    deleteBtn.hidden = !current;
    deleteBtn.textContent = current ? `Delete “${current.name}”` : '';
  }
  refreshSavedSearches().then(() => { if (!ctx.signal.aborted) syncSaved(); });

  const help = h('p', { class: 'help muted' },
    'Words match as prefixes · ', h('code', null, '"exact phrase"'), ' · ', h('code', null, '-exclude'), ' · filters: ',
    ['kind:video', 'codec:h264', 'batch:"Screen Records"', 'res:4k', 'duration:>60', 'width:>=1920', 'created:2024-01..2024-06', 'status:failed', 'tag:x']
      .flatMap((x, i) => [i ? ' ' : '', h('code', null, x)]));

  ctx.main.append(
    h('div', { class: 'page-head' }, h('h1', null, 'Search'),
      h('div', { class: 'toolbar' }, saveBtn, deleteBtn, h('label', { class: 'check score-toggle' }, scoreBox, 'Show score'), layoutControls(grid))),
    form, saveForm, help, err,
    h('div', { class: 'search-summary-row' }, summary, sortNote),
    h('div', { class: 'search-layout' }, facetsEl, h('div', { class: 'results' }, grid.el)));
  // The first run: as the address says (a query there may be unbalanced: it says so, as on Enter).
  pending = { q: state.q, filter: formatFilters(state.filters), sort: state.sort, mode: state.mode, live: false };
  grid.loadMore();
  if (!ctx.query.get('q')) input.focus();
}
