// Library: every asset as a poster grid or a list (remembered, with the density), newest capture
// first by default; new assets appear live. Assets
// whose files are gone get a "N missing" chip, and the missing view can forget them all (prune).

import { h, debounce, fmtNumber, toast, confirmDialog } from '../lib/dom.js';
import { get, post, qs } from '../lib/api.js';
import { AssetGrid, layoutControls } from '../lib/cards.js';
import { forgetSprite } from '../lib/sprites.js';

const SORTS = [['newest', 'Newest'], ['oldest', 'Oldest'], ['name', 'Name'], ['size', 'Largest'], ['duration', 'Longest']];
const KINDS = [['', 'All kinds'], ['video', 'Video'], ['audio', 'Audio'], ['image', 'Images'], ['other', 'Other']];
const STATUSES = [['', 'Any status'], ['ok', 'OK'], ['failed', 'Failed'], ['missing', 'Missing']];

export function select(name, options, value, onchange) {
  return h('select', { name, 'aria-label': name, onchange: (e) => onchange(e.target.value) },
    options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
}

export function render(ctx) {
  const q = ctx.query;
  const state = { sort: q.get('sort') || 'newest', kind: q.get('kind') || '', status: q.get('status') || '' };
  const count = h('span', { class: 'count' });
  const loadPage = (offset, limit) => get('/assets' + qs({ limit, offset, sort: state.sort, kind: state.kind, status: state.status }));
  const grid = new AssetGrid({
    load: loadPage,
    selectionQuery: () => ({ query: [state.kind && `kind:${state.kind}`, state.status && `status:${state.status}`].filter(Boolean).join(' ') }),
    emptyText: 'No assets yet.',
    emptyHint: 'Add a folder on the Scan page and start a scan — assets appear here as they are found.',
    onTotal: (t) => { count.textContent = `${fmtNumber(t)} asset${t === 1 ? '' : 's'}`; },
    currentList: () => ({ label: 'Library', href: location.hash }),
  });
  ctx.onCleanup(() => grid.destroy());

  const change = (k) => (v) => {
    state[k] = v;
    const p = new URLSearchParams();
    for (const [key, val] of Object.entries(state)) if (val && !(key === 'sort' && val === 'newest')) p.set(key, val);
    const s = p.toString();
    history.replaceState(null, '', `#/library${s ? `?${s}` : ''}`);
    grid.reset();
  };

  const notice = h('button', { class: 'notice', type: 'button', hidden: true, onclick: () => { notice.hidden = true; grid.reset(); } });

  // ---- missing files: a chip with their count (only when there are some) and, in the missing view, forgetting them
  const statusSelect = select('status', STATUSES, state.status, (v) => { change('status')(v); syncMissing(); });
  const missingChip = h('button', {
    class: 'chip chip-missing', type: 'button', hidden: true,
    onclick: () => {
      const v = state.status === 'missing' ? '' : 'missing';
      statusSelect.value = v;
      change('status')(v);
      syncMissing();
    },
  });
  const forgetBtn = h('button', { class: 'btn small danger forget-missing', type: 'button', hidden: true, dataset: { needs: 'admin' }, onclick: () => forgetMissing() },
    'Forget missing…');
  let missing = 0;
  function syncMissing() {
    const on = state.status === 'missing';
    missingChip.hidden = missing === 0;
    missingChip.textContent = `${fmtNumber(missing)} missing`;
    missingChip.classList.toggle('active', on);
    missingChip.setAttribute('aria-pressed', String(on));
    missingChip.title = on ? 'Show every asset' : 'Show the assets whose files are gone';
    forgetBtn.hidden = !(on && missing > 0);
  }
  const loadMissing = debounce(async () => {
    try {
      missing = (await get('/assets' + qs({ status: 'missing', limit: 1 }))).total;
      if (!ctx.signal.aborted) syncMissing();
    } catch { /* the next event or a reload will catch up */ }
  }, 250);
  ctx.onCleanup(() => loadMissing.cancel());

  // A dry run first: the dialog says what would be forgotten, and only a confirmation forgets it.
  async function forgetMissing() {
    forgetBtn.disabled = true;
    try {
      const preview = await post('/prune', { dryRun: true, purge: true });
      const away = preview.unavailableRoots || [];
      const awayNote = away.length ? h('p', { class: 'callout unavailable-roots' },
        `Left alone, their folder is absent or empty (an unplugged drive?): ${away.join(', ')}`) : null;
      if (!preview.missingLocations) {
        toast(away.length ? `Nothing to forget. Left alone (absent or empty): ${away.join(', ')}`
          : 'Nothing to forget: every catalogued file is in place again.', 'info');
        loadMissing();
        grid.reset();
        return;
      }
      const shown = preview.missingPaths.slice(0, 10);
      const more = preview.missingLocations - shown.length;
      const plural = (n, word) => `${fmtNumber(n)} ${word}${n === 1 ? '' : 's'}`;
      const ok = await confirmDialog({
        title: 'Forget the missing files?',
        body: [
          h('p', { class: 'prune-summary' }, `${plural(preview.purgedAssets, 'asset')} and ${plural(preview.purgedLocations, 'file location')} would be forgotten.`),
          h('ul', { class: 'prune-paths mono small', 'aria-label': 'Files that are gone' }, shown.map((p) => h('li', null, p))),
          more > 0 ? h('p', { class: 'muted small' }, `… and ${fmtNumber(more)} more`) : null,
          awayNote,
          h('p', { class: 'callout' }, 'Only catalog entries go, with their posters, sprites and proxies. Nothing on disk is touched: a file that comes back is catalogued again by the next scan.'),
        ].filter(Boolean),
        confirm: 'Forget', danger: true,
      });
      if (!ok) return;
      const done = await post('/prune', { dryRun: false, purge: true });
      toast(`Forgot ${plural(done.purgedAssets, 'asset')}. Files on disk were not touched.`, 'ok');
      grid.reset();
      loadMissing();
    } catch (e) {
      toast(e.message, 'error');
    } finally {
      forgetBtn.disabled = false;
    }
  }

  ctx.main.append(
    h('div', { class: 'page-head' },
      h('h1', null, 'Library ', count),
      h('div', { class: 'toolbar' },
        missingChip,
        forgetBtn,
        select('kind', KINDS, state.kind, change('kind')),
        statusSelect,
        select('sort', SORTS, state.sort, change('sort')),
        layoutControls(grid))),
    notice,
    grid.el);
  grid.loadMore();
  syncMissing();
  loadMissing();

  // ---- live updates
  const pending = new Set();
  const fetchNew = debounce(async () => {
    const n = Math.min(200, pending.size + 5);
    pending.clear();
    if (state.sort !== 'newest') {
      // Another order: new assets belong somewhere in the middle. Offer a refresh instead.
      notice.textContent = `New assets were added — show them`;
      notice.hidden = false;
      return;
    }
    try {
      const page = await get('/assets' + qs({ limit: n, offset: 0, sort: 'newest', kind: state.kind, status: state.status }));
      const fresh = page.items.filter((a) => !grid.has(a.id));
      grid.prepend(fresh);
      grid.setTotal(page.total);
      grid.renderStatus();
    } catch { /* the next event or a reload will catch up */ }
  }, 300);
  const refresh = async (id) => {
    if (!grid.has(id)) return;
    try { grid.update(await get(`/assets/${id}`)); } catch { /* gone: asset.removed follows */ }
  };
  ctx.on('asset.ingested', (m) => {
    if (m.newAsset) { pending.add(m.assetId); fetchNew(); } else { refresh(m.assetId); loadMissing(); } // a file may be back
  });
  ctx.on('asset.failed', (m) => { if (grid.has(m.assetId)) refresh(m.assetId); else { pending.add(m.assetId); fetchNew(); } });
  ctx.on('asset.updated', (m) => { refresh(m.assetId); loadMissing(); });
  ctx.on('asset.removed', (m) => { grid.remove(m.assetId); loadMissing(); });
  ctx.on('job.state', (m) => {
    if (m.state !== 'done' || m.assetId == null) return;
    if (m.kind === 'poster') grid.refreshPoster(m.assetId);
    if (m.kind === 'sprite') forgetSprite(m.assetId);
  });
  ctx.onCleanup(() => fetchNew.cancel());
}
