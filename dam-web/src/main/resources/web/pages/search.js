// Search: the query language, facet chips that add or remove filters, sort, results as cards.

import { h, debounce, fmtNumber } from '../lib/dom.js';
import { get, qs } from '../lib/api.js';
import { AssetGrid } from '../lib/cards.js';
import { select } from './library.js';

const SORTS = [['relevance', 'Relevance'], ['newest', 'Newest'], ['oldest', 'Oldest'], ['duration', 'Longest'], ['size', 'Largest'], ['name', 'Name']];
const FACETS = [['kind', 'Kind'], ['codec', 'Codec'], ['res', 'Resolution'], ['batch', 'Batch'], ['status', 'Status'], ['year', 'Year']];
const RES_LABEL = { sd: 'SD', hd: 'HD 720p', fhd: 'Full HD', '4k': '4K' };

/** Splits a query into tokens, keeping quoted parts together: batch:"Screen Records" stays one token. */
export function tokenize(q) {
  const out = [];
  let cur = '', quoted = false;
  for (const ch of q) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && /\s/.test(ch)) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

/** field:value as the query language wants it: quoted when the value has spaces or symbols. */
export function filterToken(field, value) {
  const v = String(value);
  return /^[\p{L}\p{N}._+\-/]+$/u.test(v) && !v.startsWith('-') ? `${field}:${v}` : `${field}:"${v.replaceAll('"', '')}"`;
}

function normal(token) {
  return token.replaceAll('"', '').toLowerCase();
}

export function render(ctx) {
  const state = { q: ctx.query.get('q') || '', sort: ctx.query.get('sort') || 'relevance' };
  const input = h('input', {
    type: 'search', class: 'query-input', value: state.q, placeholder: 'Search titles, files, tags, codecs…',
    'aria-label': 'Search query', autocomplete: 'off', spellcheck: 'false', dataset: { searchPrimary: '' },
  });
  const err = h('div', { class: 'error-box', role: 'alert', hidden: true });
  const summary = h('div', { class: 'search-summary muted' });
  const facetsEl = h('aside', { class: 'facets', 'aria-label': 'Filters' });
  let controller = null;

  const grid = new AssetGrid({
    load: async (offset, limit) => {
      controller?.abort();
      controller = new AbortController();
      const first = offset === 0;
      const res = await get('/search' + qs({ q: state.q.trim() || '*', sort: state.sort, limit, offset, facets: first ? 'true' : 'false' }),
        { signal: controller.signal });
      if (first) {
        err.hidden = true;
        summary.textContent = `${fmtNumber(res.total)} result${res.total === 1 ? '' : 's'}${res.tookMs != null ? ` · ${res.tookMs} ms` : ''}`;
        if (res.facets) renderFacets(res.facets);
      }
      return { items: res.items || [], total: res.total };
    },
    emptyText: 'No matches.',
    emptyHint: 'Try fewer words, a shorter prefix, or remove a filter.',
  });
  ctx.onCleanup(() => { grid.destroy(); controller?.abort(); });

  // The grid shows load errors in its status line; a bad query deserves the box under the input.
  const origLoad = grid.load;
  grid.load = async (offset, limit) => {
    try {
      return await origLoad(offset, limit);
    } catch (e) {
      if (e.name === 'AbortError') return { items: [], total: null };
      err.hidden = false;
      summary.textContent = '';
      err.textContent = e.message;
      facetsEl.replaceChildren();
      return { items: [], total: null, quiet: true };
    }
  };

  function renderFacets(facets) {
    const active = new Set(tokenize(state.q).map(normal));
    facetsEl.replaceChildren();
    for (const [key, label] of FACETS) {
      const values = facets[key] || [];
      if (!values.length) continue;
      facetsEl.appendChild(h('section', { class: 'facet', dataset: { facet: key } },
        h('h3', null, label),
        h('div', { class: 'chips' }, values.map((f) => {
          const token = filterToken(key, f.value);
          const on = active.has(normal(token));
          return h('button', {
            type: 'button', class: ['chip', on && 'active'], 'aria-pressed': on ? 'true' : 'false',
            dataset: { token }, title: on ? `Remove ${token}` : `Add ${token}`,
            onclick: () => toggle(token),
          }, key === 'res' ? RES_LABEL[f.value] || f.value : f.value, h('span', { class: 'chip-count' }, fmtNumber(f.count)));
        }))));
    }
  }

  function toggle(token) {
    const tokens = tokenize(state.q);
    const n = normal(token);
    const kept = tokens.filter((t) => normal(t) !== n);
    input.value = (kept.length === tokens.length ? [...tokens, token] : kept).join(' ');
    run();
  }

  const run = () => {
    state.q = input.value;
    const p = new URLSearchParams();
    if (state.q.trim()) p.set('q', state.q.trim());
    if (state.sort !== 'relevance') p.set('sort', state.sort);
    const s = p.toString();
    history.replaceState(null, '', `#/search${s ? `?${s}` : ''}`);
    grid.reset();
  };
  const typed = debounce(run, 250);
  input.addEventListener('input', typed);
  ctx.onCleanup(() => typed.cancel());

  const form = h('form', { class: 'search-form', role: 'search', onsubmit: (e) => { e.preventDefault(); typed.cancel(); run(); } },
    input,
    select('sort', SORTS, state.sort, (v) => { state.sort = v; run(); }),
    h('button', { class: 'btn primary', type: 'submit' }, 'Search'));

  const help = h('p', { class: 'help muted' },
    'Words match as prefixes · ', h('code', null, '"exact phrase"'), ' · ', h('code', null, '-exclude'), ' · filters: ',
    ['kind:video', 'codec:h264', 'batch:"Screen Records"', 'res:4k', 'duration:>60', 'width:>=1920', 'created:2024-01..2024-06', 'status:failed', 'tag:x']
      .flatMap((x, i) => [i ? ' ' : '', h('code', null, x)]));

  ctx.main.append(
    h('div', { class: 'page-head' }, h('h1', null, 'Search')),
    form, help, err, summary,
    h('div', { class: 'search-layout' }, facetsEl, h('div', { class: 'results' }, grid.el)));
  grid.loadMore();
  if (!ctx.query.get('q')) input.focus();
}
