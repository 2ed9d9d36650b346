// Library: every asset as a poster grid, newest first by default; new assets appear live.

import { h, debounce, fmtNumber } from '../lib/dom.js';
import { get, qs } from '../lib/api.js';
import { AssetGrid } from '../lib/cards.js';
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
    emptyText: 'No assets yet.',
    emptyHint: 'Add a folder on the Scan page and start a scan — assets appear here as they are found.',
    onTotal: (t) => { count.textContent = `${fmtNumber(t)} asset${t === 1 ? '' : 's'}`; },
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

  ctx.main.append(
    h('div', { class: 'page-head' },
      h('h1', null, 'Library ', count),
      h('div', { class: 'toolbar' },
        select('kind', KINDS, state.kind, change('kind')),
        select('status', STATUSES, state.status, change('status')),
        select('sort', SORTS, state.sort, change('sort')))),
    notice,
    grid.el);
  grid.loadMore();

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
  ctx.on('asset.ingested', (m) => { if (m.newAsset) { pending.add(m.assetId); fetchNew(); } else refresh(m.assetId); });
  ctx.on('asset.failed', (m) => { if (grid.has(m.assetId)) refresh(m.assetId); else { pending.add(m.assetId); fetchNew(); } });
  ctx.on('asset.updated', (m) => refresh(m.assetId));
  ctx.on('asset.removed', (m) => grid.remove(m.assetId));
  ctx.on('job.state', (m) => {
    if (m.state !== 'done' || m.assetId == null) return;
    if (m.kind === 'poster') grid.refreshPoster(m.assetId);
    if (m.kind === 'sprite') forgetSprite(m.assetId);
  });
  ctx.onCleanup(() => fetchNew.cancel());
}
