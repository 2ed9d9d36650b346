// Batches: groups of assets (by default the folder a file was found in). List, view, rename, delete.

import { h, fmtBytes, fmtLongDuration, fmtNumber, fmtDate, toast, confirmDialog, errorBox, spinner, empty } from '../lib/dom.js';
import { get, post, patch, del, qs } from '../lib/api.js';
import { AssetGrid } from '../lib/cards.js';
import { sharePanel } from './sharing.js';

const batchHref = (name) => `#/batch/${encodeURIComponent(name)}`;

export async function render(ctx) {
  const list = h('div', { class: 'batch-list' }, spinner());
  const folderIn = h('input', { name: 'folder', placeholder: '/footage/2024/Trip to Lisbon', required: true, 'aria-label': 'Folder' });
  const nameIn = h('input', { name: 'name', placeholder: 'Batch name', required: true, 'aria-label': 'Batch name' });
  const status = h('span', { class: 'form-status', role: 'status' });
  const create = h('form', {
    class: 'inline-form', onsubmit: async (e) => {
      e.preventDefault();
      status.textContent = 'Scanning the folder…';
      status.className = 'form-status';
      try {
        const b = await post('/batches', { name: nameIn.value.trim(), folder: folderIn.value.trim() });
        status.textContent = '';
        toast(`Batch “${b.name}” has ${b.assetCount} assets`, 'ok');
        location.hash = batchHref(b.name);
      } catch (err) {
        status.textContent = err.message;
        status.className = 'form-status error-text';
      }
    },
    dataset: { needs: 'editor' },
  }, folderIn, nameIn, h('button', { class: 'btn', type: 'submit' }, 'Group folder'), status);

  ctx.main.append(
    h('div', { class: 'page-head' }, h('h1', null, 'Batches')),
    list,
    h('section', { class: 'panel', dataset: { needs: 'editor' } }, h('h2', null, 'Group a folder as a batch'),
      h('p', { class: 'muted small' }, 'Scans a folder inside a library root and puts everything in it into one batch.'), create));

  try {
    const batches = await get('/batches');
    if (ctx.signal.aborted) return;
    batches.sort((a, b) => a.name.localeCompare(b.name));
    list.replaceChildren(...(batches.length ? batches.map((b) => h('a', { class: 'batch-row', href: batchHref(b.name) },
      h('span', { class: 'batch-name' }, b.name),
      h('span', { class: 'batch-stat' }, `${fmtNumber(b.assetCount)} asset${b.assetCount === 1 ? '' : 's'}`),
      h('span', { class: 'batch-stat muted' }, fmtBytes(b.totalBytes)),
      h('span', { class: 'batch-stat muted' }, fmtLongDuration(b.totalDurationSec)))) : [empty('No batches yet.', 'Every scanned folder becomes a batch.')]));
  } catch (e) {
    list.replaceChildren(errorBox(e));
  }
}

export async function renderBatch(ctx) {
  const name = ctx.args[0] ?? '';
  const head = h('div', { class: 'page-head' }, h('h1', null, name));
  const info = h('p', { class: 'muted' });
  ctx.main.append(h('nav', { class: 'crumbs' }, h('a', { href: '#/batches' }, 'Batches'), ' / ', h('span', null, name)), head, info);
  let batch;
  try {
    const first = await get(`/batches/${encodeURIComponent(name)}${qs({ limit: 1 })}`);
    batch = first.batch;
  } catch (e) {
    ctx.main.append(errorBox(e));
    return;
  }
  if (ctx.signal.aborted) return;
  document.title = `${batch.name} · Batches · That DAM`;
  info.textContent = `${fmtNumber(batch.assetCount)} assets · ${fmtBytes(batch.totalBytes)} · ${fmtLongDuration(batch.totalDurationSec)} · created ${fmtDate(batch.createdAt)}`;

  const renameIn = h('input', { name: 'name', value: batch.name, 'aria-label': 'New name', required: true });
  const status = h('span', { class: 'form-status', role: 'status' });
  const rename = h('form', {
    class: 'inline-form', onsubmit: async (e) => {
      e.preventDefault();
      const to = renameIn.value.trim();
      if (!to || to === batch.name) return;
      try {
        const b = await patch(`/batches/${encodeURIComponent(batch.name)}`, { name: to });
        toast(`Renamed to “${b.name}”`, 'ok');
        location.replace(batchHref(b.name));
      } catch (err) {
        status.textContent = err.message;
        status.className = 'form-status error-text';
      }
    },
    dataset: { needs: 'editor' },
  }, renameIn, h('button', { class: 'btn', type: 'submit' }, 'Rename'), status);
  const remove = h('button', {
    class: 'btn danger', type: 'button', dataset: { needs: 'editor' }, onclick: async () => {
      const ok = await confirmDialog({
        title: `Delete the batch “${batch.name}”?`,
        body: [`Only the grouping goes away: its ${fmtNumber(batch.assetCount)} assets stay in the catalog and every file stays on disk.`],
        confirm: 'Delete batch', danger: true,
      });
      if (!ok) return;
      try {
        await del(`/batches/${encodeURIComponent(batch.name)}`);
        toast('Batch deleted; its assets are still in the library.', 'ok');
        location.hash = '#/batches';
      } catch (err) {
        toast(err.message, 'error');
      }
    },
  }, 'Delete batch…');
  head.append(h('div', { class: 'toolbar' }, rename, remove));
  ctx.main.append(sharePanel({ batch: batch.name }, `the batch “${batch.name}”`));

  const grid = new AssetGrid({
    load: async (offset, limit) => {
      const res = await get(`/batches/${encodeURIComponent(batch.name)}${qs({ limit, offset })}`);
      return { items: res.assets, total: res.batch.assetCount };
    },
    emptyText: 'This batch is empty.',
    selectionQuery: () => ({ query: '', filter: `batch:"${batch.name.replace(/["\\]/g, (c) => `\\${c}`)}"` }),
    currentList: () => ({ label: `Batch ${batch.name}`, href: location.hash }),
  });
  ctx.onCleanup(() => grid.destroy());
  ctx.main.append(grid.el);
  grid.loadMore();
}
