// Asset cards and the paged, live-updating grid they live in (Library, Search, Batch pages).

import { h, s, fmtDuration, fmtBytes, fmtRes, fmtCapture, CAPTURE_SOURCES, CAPTURE_ZONE_NOTE, displayTitle, fileName, spinner, fmtNumber } from './dom.js';
import { posterUrl } from './api.js';
import { spriteTrack, cueAt, showTile, preloadSheets } from './sprites.js';
import { setCurrentList } from './currentlist.js';
import { pref, setPref } from './prefs.js';
import { bulkBar, markFromKey, LABELS } from './bulkbar.js';
import { typing } from './player-keys.js';

const KIND_ICON = {
  video: 'M4 6h11a1 1 0 0 1 1 1v2.5l4-2.5v10l-4-2.5V17a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1z',
  audio: 'M9 18V6l10-2v12M9 18a2.5 2.5 0 1 1-5 0 2.5 2.5 0 0 1 5 0zm10-2a2.5 2.5 0 1 1-5 0 2.5 2.5 0 0 1 5 0z',
  image: 'M4 5h16v14H4zM4 16l5-5 4 4 3-3 4 4M15.5 9.5a1.5 1.5 0 1 1-3 0 1.5 1.5 0 0 1 3 0z',
  other: 'M6 3h8l5 5v13H6zM14 3v5h5',
  failed: 'M12 3l10 18H2zM12 10v5M12 18v.5',
};

export function kindIcon(kind, cls = 'icon') {
  return s('svg', { class: cls, viewBox: '0 0 24 24', 'aria-hidden': 'true' },
    s('path', { d: KIND_ICON[kind] || KIND_ICON.other }));
}

function placeholder(a) {
  const failed = a.status === 'failed';
  return h('div', { class: 'placeholder' }, kindIcon(failed ? 'failed' : a.kind),
    h('span', null, failed ? 'Unreadable' : a.status === 'missing' ? 'File missing' : 'No preview yet'));
}

/** One asset as a card linking to its page. Every text is inserted as text. */
export function assetCard(a) {
  const thumb = h('div', { class: 'thumb' });
  if (a.status !== 'failed' && a.kind !== 'other') {
    const img = h('img', { class: 'poster', alt: '', loading: 'lazy', decoding: 'async', draggable: 'false' });
    img.addEventListener('error', () => { img.replaceWith(placeholder(a)); }, { once: true });
    img.src = posterUrl(a.id);
    thumb.appendChild(img);
  } else {
    thumb.appendChild(placeholder(a));
  }
  if (a.kind === 'video') {
    thumb.append(h('div', { class: 'tile', 'aria-hidden': 'true' }), h('div', { class: 'scrubline', 'aria-hidden': 'true' }, h('i')));
  }
  const badges = h('div', { class: 'badges' });
  if (a.status === 'failed') badges.appendChild(h('span', { class: 'badge badge-failed', title: a.error || 'could not be read' }, 'failed'));
  if (a.status === 'missing') badges.appendChild(h('span', { class: 'badge badge-missing' }, 'missing'));
  if (a.kind === 'audio' || a.kind === 'image') badges.appendChild(h('span', { class: 'badge badge-kind' }, a.kind));
  thumb.appendChild(badges);
  thumb.appendChild(h('span', { class: 'card-check', role: 'checkbox', 'aria-checked': 'false', 'aria-label': 'Select', title: 'Select (Shift: a range, Ctrl/⌘: one more)' }));
  if (a.durationSec) thumb.appendChild(h('span', { class: 'badge badge-duration' }, fmtDuration(a.durationSec)));

  const sub = [fmtRes(a.width, a.height), a.videoCodec || a.audioCodec, fmtBytes(a.sizeBytes)].filter(Boolean).join(' · ');
  const card = h('a', {
    class: ['card', a.status === 'failed' && 'is-failed'], href: `#/asset/${a.id}`,
    dataset: { id: String(a.id), kind: a.kind || '', status: a.status || '' },
  },
  thumb,
  h('div', { class: 'card-body' },
    h('div', { class: 'card-title', title: a.path || '' }, displayTitle(a)),
    h('div', { class: 'card-sub' }, a.status === 'failed' ? (a.error || 'could not be read') : sub || fileName(a.path)),
    a.capturedAt ? h('div', { class: 'card-date muted small', title: `${a.captureSource ? `Shot (from the ${CAPTURE_SOURCES[a.captureSource] || 'file'})`
      : 'Shot (or catalogued, for a file that does not say)'}. ${CAPTURE_ZONE_NOTE}` }, fmtCapture(a.capturedAt, false)) : null,
    // search hits carry their relevance; shown only when asked for (and only meaningful when ranked by it)
    marks(a),
    typeof a.score === 'number' ? h('div', { class: 'card-score muted small', title: 'Relevance score' }, a.score > 0 ? a.score.toFixed(2) : '—') : null,
    a.matches?.length ? matchList(a) : null));
  return card;
}

/** Where a search hit matched, each a link to that moment (inside the card's own link: followed by script). */
function matchList(a) {
  const go = (e, m) => {
    e.preventDefault();
    e.stopPropagation();
    location.hash = `#/asset/${a.id}?t=${Math.floor(m.startSec)}`;
  };
  return h('ul', { class: 'card-matches small' }, a.matches.map((m) => h('li', null, h('span', {
    class: 'card-match', role: 'link', tabindex: '0', dataset: { start: String(m.startSec) },
    onclick: (e) => go(e, m), onkeydown: (e) => { if (e.key === 'Enter') go(e, m); },
  }, `at ${clock(m.startSec)}–${clock(m.endSec)}`, m.text ? h('span', { class: 'card-match-text' }, ` “${m.text}”`) : null))));
}

/** Seconds as m:ss, or h:mm:ss from an hour on (as the command line prints them). */
function clock(sec) {
  const t = Math.max(0, Math.floor(sec));
  const hh = Math.floor(t / 3600), mm = Math.floor(t % 3600 / 60), ss = String(t % 60).padStart(2, '0');
  return hh ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

/** Stars, favourite heart and colour label, compactly (nothing for an unmarked asset). */
export function marks(a) {
  if (!a.rating && !a.favourite && !a.label) return null;
  return h('div', { class: 'card-marks small' },
    a.label ? h('span', { class: `label-dot label-${a.label}`, title: `Label: ${a.label}`, role: 'img', 'aria-label': `${a.label} label` }) : null,
    a.rating ? h('span', { class: 'card-stars', title: `${a.rating} star${a.rating === 1 ? '' : 's'}`, role: 'img', 'aria-label': `${a.rating} of 5 stars` }, '★'.repeat(a.rating)) : null,
    a.favourite ? h('span', { class: 'card-fav', title: 'Favourite', role: 'img', 'aria-label': 'favourite' }, '♥') : null);
}

/** The change a rating/favourite/label key asks for, or null: {rating} | {favourite: 'toggle'} | {label}. */
export function markOfKey(e) {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (/^[0-5]$/.test(e.key)) return { rating: Number(e.key) };
  if (e.key === 'f' || e.key === 'F') return { favourite: 'toggle' };
  if (/^[6-9]$/.test(e.key)) return { label: LABELS[Number(e.key) - 6] };
  if (e.key === 'p' || e.key === 'P') return { label: 'purple' };
  return null;
}

export const VIEWS = [['grid', 'Grid'], ['list', 'List']];
export const DENSITIES = [['compact', 'Compact'], ['comfortable', 'Comfortable'], ['large', 'Large']];

/**
 * The grid/list and density switches of a page of assets, remembered for the person
 * (library.view, library.density): every page of assets shows them the same way.
 */
export function layoutControls(grid) {
  const apply = () => grid.setLayout({ view: pref('library.view', 'grid'), density: pref('library.density', 'comfortable') });
  const buttons = VIEWS.map(([v, label]) => h('button', {
    type: 'button', class: 'seg-btn', dataset: { view: v }, 'aria-pressed': String(pref('library.view', 'grid') === v),
    onclick: () => {
      setPref('library.view', v);
      for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.view === v));
      apply();
    },
  }, label));
  const density = h('select', {
    name: 'density', 'aria-label': 'Density',
    onchange: (e) => { setPref('library.density', e.target.value); apply(); },
  }, DENSITIES.map(([v, label]) => h('option', { value: v, selected: v === pref('library.density', 'comfortable') }, label)));
  apply();
  return h('div', { class: 'layout-controls' }, h('div', { class: 'seg', role: 'group', 'aria-label': 'View' }, buttons), density);
}

/**
 * A grid of asset cards loaded a page at a time: more pages load as the end of the grid scrolls
 * into view (and with a "Load more" button). Cards are kept in a map by id for live updates.
 * CSS content-visibility keeps off-screen cards cheap, so long libraries stay smooth.
 */
export class AssetGrid {
  /**
   * load(offset, limit) resolves to {items, total?}, or {unchanged: true} to keep what is shown (a
   * query still being typed). currentList() → {label, href}: the shown ids become the current list
   * (lib/currentlist.js) for the asset page's [ and ].
   */
  constructor({ load, pageSize = 60, emptyText = 'Nothing here yet.', emptyHint = '', onTotal = null, currentList = null, selectionQuery = null }) {
    this.load = load;
    // Selection: ids of loaded cards, or (allResults) everything the grid's query matches, given to
    // bulk actions as that query (selectionQuery() → {query, filter}) rather than as a list of ids.
    this.selectionQuery = selectionQuery;
    this.selected = new Set();
    this.allResults = false;
    this.anchor = null;
    this.selectionListeners = [];
    this.currentList = currentList;
    this.previous = null;
    this.pageSize = pageSize;
    this.emptyText = emptyText;
    this.emptyHint = emptyHint;
    this.onTotal = onTotal;
    this.cards = new Map();
    this.offset = 0;
    this.total = null;
    this.done = false;
    this.loading = null;
    this.generation = 0;

    this.grid = h('div', { class: 'grid' }); // links, not list items: no list role
    this.status = h('div', { class: 'grid-status muted' });
    this.more = h('button', { class: 'btn', type: 'button', hidden: true, onclick: () => this.loadMore() }, 'Load more');
    this.sentinel = h('div', { class: 'sentinel', 'aria-hidden': 'true' });
    this.bar = bulkBar(this);
    this.el = h('div', { class: 'grid-wrap' }, this.bar, this.grid, h('div', { class: 'grid-footer' }, this.status, this.more), this.sentinel);
    this.grid.addEventListener('click', (e) => this.selectByClick(e));
    this.grid.addEventListener('keydown', (e) => this.keydown(e));

    this.observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) this.loadMore();
    }, { rootMargin: '900px 0px' });
    this.observer.observe(this.sentinel);
    this.enableScrub();
  }

  async loadMore() {
    if (this.loading || this.done) return this.loading;
    const gen = this.generation;
    const first = this.offset === 0;
    // Replacing results (the query changed): the old ones stay, dimmed, until the new ones are here.
    const replacing = first && this.previous != null;
    const showSpinner = first && !replacing;
    if (showSpinner) this.grid.replaceChildren(spinner());
    this.grid.classList.toggle('stale', replacing);
    this.loading = (async () => {
      try {
        const page = await this.load(this.offset, this.pageSize);
        if (gen !== this.generation) return;
        if (page.unchanged) {
          if (replacing) {
            this.restore();
          } else {
            if (showSpinner) this.grid.replaceChildren();
            this.done = true;
          }
          return;
        }
        if (first) this.grid.replaceChildren();
        this.previous = null;
        const items = page.items || [];
        const frag = document.createDocumentFragment();
        for (const a of items) {
          if (this.cards.has(String(a.id))) continue;
          const c = assetCard(a);
          this.cards.set(String(a.id), c);
          if (this.allResults) this.selected.add(String(a.id));
          this.paintSelected(c);
          frag.appendChild(c);
        }
        this.grid.appendChild(frag);
        this.notifySelection();
        this.offset += items.length;
        if (page.total != null) this.setTotal(page.total);
        this.quiet = !!page.quiet;
        this.done = items.length < this.pageSize || (this.total != null && this.offset >= this.total);
        this.renderStatus();
        this.publishList();
      } catch (e) {
        if (gen !== this.generation) return;
        if (replacing) this.restore();
        if (showSpinner) this.grid.replaceChildren();
        this.status.textContent = e.message || String(e);
        this.status.classList.add('error-text');
        this.done = true;
      } finally {
        if (gen === this.generation) {
          this.loading = null;
          this.grid.classList.remove('stale');
        }
      }
      // Still room on screen (a tall window): keep going.
      if (!this.done && gen === this.generation) {
        const r = this.sentinel.getBoundingClientRect();
        if (r.top < window.innerHeight + 900) this.loadMore();
      }
    })();
    return this.loading;
  }

  setTotal(t) {
    this.total = t;
    this.onTotal?.(t);
  }

  renderStatus() {
    this.status.classList.remove('error-text');
    const n = this.cards.size;
    const emptyEl = this.grid.querySelector(':scope > .empty');
    if (n === 0) {
      if (this.quiet) emptyEl?.remove();
      else if (!emptyEl) this.grid.appendChild(h('div', { class: 'empty' }, h('p', null, this.emptyText), this.emptyHint ? h('p', { class: 'muted' }, this.emptyHint) : null));
      this.status.textContent = '';
    } else {
      emptyEl?.remove();
      this.status.textContent = this.total != null ? `Showing ${fmtNumber(n)} of ${fmtNumber(this.total)}` : `${fmtNumber(n)} shown`;
    }
    this.more.hidden = this.done;
  }

  /**
   * Loads from the start (filters changed). With keep, what is shown stays until the new first page
   * replaces it (or, when that fails or load answers unchanged, stays as it was); a newer reset wins.
   */
  reset(load, { keep = false } = {}) {
    if (load) this.load = load;
    this.generation++;
    // other results: what was selected is not among them
    if (this.selected.size || this.allResults) this.clearSelection();
    this.loading = null;
    if (keep) {
      this.previous ??= { cards: new Map(this.cards), offset: this.offset, total: this.total, done: this.done };
    } else {
      this.previous = null;
      this.grid.replaceChildren();
    }
    this.cards.clear();
    this.offset = 0;
    this.total = null;
    this.done = false;
    return this.loadMore();
  }

  /** Back to what was shown before a reset that kept it. */
  restore() {
    const p = this.previous;
    this.previous = null;
    if (!p) return;
    this.cards = p.cards;
    this.offset = p.offset;
    this.total = p.total;
    this.done = p.done;
    this.grid.classList.remove('stale');
  }

  /** The ids shown, in display order. */
  ids() {
    return [...this.grid.querySelectorAll(':scope > .card')].map((c) => c.dataset.id);
  }

  publishList() {
    if (this.currentList) setCurrentList(this.ids(), this.currentList());
  }

  /** Grid or list, and how big the cards are. */
  setLayout({ view, density }) {
    this.grid.classList.toggle('view-list', view === 'list');
    for (const [d] of DENSITIES) this.grid.classList.toggle(`density-${d}`, d === density);
  }

  has(id) {
    return this.cards.has(String(id));
  }

  /** Adds new assets at the top (newest first), marking them as fresh. */
  prepend(items) {
    const frag = document.createDocumentFragment();
    let added = 0;
    for (const a of items) {
      if (this.has(a.id)) continue;
      const c = assetCard(a);
      c.classList.add('fresh');
      this.cards.set(String(a.id), c);
      frag.appendChild(c);
      added++;
    }
    if (!added) return 0;
    this.grid.prepend(frag);
    this.offset += added;
    this.renderStatus();
    this.publishList();
    return added;
  }

  /** Replaces a card with a fresh rendering of the asset (title edited, poster made…). */
  update(a) {
    const old = this.cards.get(String(a.id));
    if (!old) return;
    const c = assetCard(a);
    this.cards.set(String(a.id), c);
    this.paintSelected(c);
    old.replaceWith(c);
  }

  // ---- selection

  onSelectionChange(fn) {
    this.selectionListeners.push(fn);
    fn();
  }

  notifySelection() {
    for (const fn of this.selectionListeners) fn();
  }

  /** How many are selected: every result when all are, else the chosen cards. */
  selectedCount() {
    return this.allResults ? (this.total ?? this.selected.size) : this.selected.size;
  }

  canSelectAllResults() {
    return !!this.selectionQuery;
  }

  /** The selection as the bulk API takes it: {ids} or, for all results, {query, filter}. */
  selectionBody() {
    if (this.allResults) {
      const { query: q = '', filter = '' } = this.selectionQuery();
      const query = q.trim() || '*'; // the API refuses a blank query: every asset is asked for as `*`
      return filter ? { query, filter } : { query };
    }
    return { ids: [...this.selected].map(Number) };
  }

  paintSelected(card) {
    const on = this.selected.has(card.dataset.id);
    card.classList.toggle('selected', on);
    card.querySelector('.card-check')?.setAttribute('aria-checked', String(on));
  }

  setSelected(id, on) {
    id = String(id);
    if (on) this.selected.add(id); else this.selected.delete(id);
    if (!on) this.allResults = false;
    const c = this.cards.get(id);
    if (c) this.paintSelected(c);
  }

  selectRange(from, to, on = true) {
    const ids = this.ids();
    let i = ids.indexOf(String(from)), j = ids.indexOf(String(to));
    if (i < 0) i = j;
    if (i > j) [i, j] = [j, i];
    for (let k = i; k <= j; k++) this.setSelected(ids[k], on);
    this.grid.classList.toggle('selecting', this.selected.size > 0);
    this.notifySelection();
  }

  toggle(id) {
    this.setSelected(id, !this.selected.has(String(id)));
    this.anchor = String(id);
    this.grid.classList.toggle('selecting', this.selected.size > 0);
    this.notifySelection();
  }

  selectAllLoaded() {
    for (const id of this.ids()) this.setSelected(id, true);
    this.grid.classList.toggle('selecting', this.selected.size > 0);
    this.notifySelection();
  }

  selectAllResults() {
    if (!this.selectionQuery) return;
    this.allResults = true;
    for (const id of this.ids()) this.selected.add(id);
    for (const c of this.cards.values()) this.paintSelected(c);
    this.grid.classList.add('selecting');
    this.notifySelection();
  }

  clearSelection() {
    this.selected.clear();
    this.allResults = false;
    this.anchor = null;
    for (const c of this.cards.values()) this.paintSelected(c);
    this.grid.classList.remove('selecting');
    this.notifySelection();
  }

  /** The checkbox, Ctrl/⌘-click and (while something is selected) a plain click toggle; Shift-click selects a range. */
  selectByClick(e) {
    const card = e.target.closest?.('.card');
    if (!card || e.button !== 0) return;
    const id = card.dataset.id;
    if (e.shiftKey && this.anchor) {
      e.preventDefault();
      this.selectRange(this.anchor, id);
    } else if (e.target.closest('.card-check') || e.ctrlKey || e.metaKey || this.selected.size > 0) {
      e.preventDefault();
      this.toggle(id);
    }
  }

  focusCard(id) {
    this.cards.get(String(id))?.focus();
  }

  cardLabel(id) {
    const dot = this.cards.get(String(id))?.querySelector('.label-dot');
    return dot ? [...dot.classList].find((c) => c.startsWith('label-') && c !== 'label-dot')?.slice(6) : null;
  }

  /** Arrows move the focus (Shift: and extend the selection), Space toggles, Ctrl/⌘+A selects all, Escape clears; marks. */
  keydown(e) {
    if (typing(e)) return;
    const card = e.target.closest?.('.card');
    const ids = this.ids();
    if ((e.ctrlKey || e.metaKey) && (e.key === 'a' || e.key === 'A')) {
      e.preventDefault();
      this.selectAllLoaded();
      return;
    }
    if (e.key === 'Escape' && (this.selected.size || this.allResults)) {
      e.preventDefault();
      this.clearSelection();
      return;
    }
    if (!card) return;
    const id = card.dataset.id;
    if (e.key === ' ') {
      e.preventDefault();
      this.toggle(id);
      return;
    }
    const mark = markOfKey(e);
    if (mark) {
      e.preventDefault();
      markFromKey(this, mark, id);
      return;
    }
    const step = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -this.columns(), ArrowDown: this.columns() }[e.key];
    if (!step || e.ctrlKey || e.metaKey || e.altKey) return;
    e.preventDefault();
    const next = ids[Math.max(0, Math.min(ids.length - 1, ids.indexOf(id) + step))];
    if (e.shiftKey) {
      this.anchor ??= id;
      this.selectRange(this.anchor, next);
    }
    this.focusCard(next);
  }

  /** Cards per row: those on the first card's line. */
  columns() {
    const cards = this.grid.querySelectorAll(':scope > .card');
    if (!cards.length) return 1;
    const top = cards[0].offsetTop;
    let n = 0;
    for (const c of cards) { if (c.offsetTop !== top) break; n++; }
    return Math.max(1, n);
  }

  remove(id) {
    const c = this.cards.get(String(id));
    if (!c) return;
    c.remove();
    this.cards.delete(String(id));
    if (this.selected.delete(String(id))) this.notifySelection();
    this.offset = Math.max(0, this.offset - 1);
    if (this.total != null) this.setTotal(Math.max(0, this.total - 1));
    this.renderStatus();
    this.publishList();
  }

  /** The poster was (re)made: load it again, bypassing the cached 404 or old picture. */
  refreshPoster(id) {
    const c = this.cards.get(String(id));
    if (!c) return;
    const thumb = c.querySelector('.thumb');
    const ph = thumb.querySelector('.placeholder');
    let img = thumb.querySelector('img.poster');
    if (c.dataset.status === 'failed') return;
    if (!img) {
      img = h('img', { class: 'poster', alt: '', decoding: 'async', draggable: 'false' });
      img.addEventListener('error', () => { img.remove(); }, { once: true });
      ph?.replaceWith(img);
    }
    img.src = `${posterUrl(id)}&v=${Date.now()}`;
  }

  /** Hover-scrubbing: moving over a video card shows the sprite tile for that point in time. */
  enableScrub() {
    let cur = null, lastX = 0;
    const leave = () => {
      if (!cur) return;
      cur.classList.remove('scrubbing');
      const dur = cur.querySelector('.badge-duration');
      if (dur && dur.dataset.text) dur.textContent = dur.dataset.text;
      cur = null;
    };
    const scrubAt = (card) => {
      const track = card._track;
      if (!track || card !== cur) return;
      const thumb = card.querySelector('.thumb');
      const r = thumb.getBoundingClientRect();
      const f = Math.min(0.9999, Math.max(0, (lastX - r.left) / r.width));
      const t = f * track.duration;
      showTile(card.querySelector('.tile'), cueAt(track, t), r.width, r.height);
      card.querySelector('.scrubline i').style.width = `${f * 100}%`;
      const dur = card.querySelector('.badge-duration');
      if (dur) {
        dur.dataset.text ??= dur.textContent;
        dur.textContent = fmtDuration(t);
      }
      card.classList.add('scrubbing');
    };
    const enter = (card) => {
      cur = card;
      if (!card || card.dataset.kind !== 'video' || card.dataset.status === 'failed') return;
      if (card._track) { scrubAt(card); return; }
      spriteTrack(card.dataset.id).then((track) => {
        if (!track) return;
        card._track = track;
        preloadSheets(track);
        scrubAt(card);
      });
    };
    this.grid.addEventListener('pointermove', (e) => {
      if (e.pointerType === 'touch') return;
      lastX = e.clientX;
      const card = e.target.closest?.('.card') || null;
      if (card !== cur) { leave(); enter(card); } else if (card) scrubAt(card);
    });
    this.grid.addEventListener('pointerleave', leave);
  }

  destroy() {
    this.generation++;
    this.observer.disconnect();
  }
}
