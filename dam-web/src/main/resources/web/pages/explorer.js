// Explorer: the library as folders. A tree of every root on the left (each folder opened on demand,
// with its count and total duration), the selected folder's assets on the right. The route holds
// the folder (#/explorer?path=...), so reload and back return to it.

import { h, fmtBytes, fmtLongDuration, fmtNumber, errorBox, spinner, empty } from '../lib/dom.js';
import { get, qs } from '../lib/api.js';
import { AssetGrid, layoutControls } from '../lib/cards.js';

const href = (path) => (path ? `#/explorer?path=${encodeURIComponent(path)}` : '#/explorer');

// What the tree showed, kept across routes (choosing a folder renders the page again): the open
// folders, and whether the keyboard chose the folder (the tree then gets the focus back).
const state = { open: new Set(), focusTree: false };

/** A folder's sub-folders, as the API lists them (one request per folder opened). */
async function subfolders(path, signal) {
  return (await get(`/folders${qs({ path, limit: 1 })}`, { signal })).folders;
}

/** The folders from the root down to {@code path} (both included), by their paths. */
function chain(root, path) {
  const out = [root];
  if (!path || path === root) return out;
  let cur = root;
  for (const part of path.slice(root.length + 1).split('/').filter(Boolean)) {
    cur = `${cur}/${part}`;
    out.push(cur);
  }
  return out;
}

function stateText(f) {
  if (f.offline) return 'offline';
  if (f.missing) return 'missing';
  if (!f.catalogued) return 'not catalogued';
  return '';
}

function folderFacts(f) {
  return f.catalogued ? `${fmtNumber(f.assets)} · ${fmtLongDuration(f.durationSec)}` : '';
}

export async function render(ctx) {
  const selected = ctx.query.get('path') || '';
  const tree = h('ul', { class: 'tree', role: 'tree', 'aria-label': 'Folders' });
  const crumbs = h('nav', { class: 'crumbs', 'aria-label': 'Folder path' });
  const title = h('h1', null, 'Explorer');
  const info = h('p', { class: 'muted explorer-info' });
  const main = h('div', { class: 'explorer-main' });
  ctx.main.append(crumbs, h('div', { class: 'page-head' }, title), info,
    h('div', { class: 'explorer' }, h('aside', { class: 'explorer-tree panel' }, tree), main));

  let roots;
  try {
    roots = (await get('/folders', { signal: ctx.signal })).folders;
  } catch (e) {
    ctx.main.append(errorBox(e));
    return;
  }
  if (ctx.signal.aborted) return;
  if (!roots.length) {
    tree.closest('aside').remove();
    main.append(empty('No library roots yet.', 'Add a folder on the Scan page to see it here.'));
    return;
  }
  const root = roots.find((r) => selected === r.path || selected.startsWith(`${r.path}/`));
  if (root) for (const p of chain(root.path, selected).slice(0, -1)) state.open.add(p);

  const focus = state.focusTree;
  state.focusTree = false;
  buildTree(ctx, tree, roots, selected).then(() => {
    if (focus && !ctx.signal.aborted) (tree.querySelector('[aria-selected="true"]') || tree.querySelector('[role=treeitem]'))?.focus();
  });

  if (!selected) {
    crumbs.append(h('span', null, 'Library roots'));
    main.append(rootList(roots));
    return;
  }
  crumbs.append(h('a', { href: href('') }, 'Library roots'));
  if (root) {
    for (const p of chain(root.path, selected)) {
      crumbs.append(' / ', p === selected ? h('span', { 'aria-current': 'page' }, p === root.path ? p : p.slice(p.lastIndexOf('/') + 1))
        : h('a', { href: href(p) }, p === root.path ? p : p.slice(p.lastIndexOf('/') + 1)));
    }
  } else {
    crumbs.append(' / ', h('span', null, selected));
  }
  const name = selected.slice(selected.lastIndexOf('/') + 1) || selected;
  title.textContent = name;
  document.title = `${name} · Explorer · That DAM`;

  const subs = h('div', { class: 'explorer-subs' });
  const grid = new AssetGrid({
    load: async (offset, limit) => {
      const res = await get(`/folders${qs({ path: selected, limit, offset })}`, { signal: ctx.signal });
      if (offset === 0) showFolder(res, info, subs);
      // a file gone from disk shows as missing even when its asset has another copy
      return { items: res.files.map((f) => ({ ...f.asset, path: f.path, status: f.missing ? 'missing' : f.asset.status })), total: res.total };
    },
    emptyText: 'No catalogued files directly in this folder.',
    currentList: () => ({ label: `Folder ${name}`, href: location.hash }),
  });
  ctx.onCleanup(() => grid.destroy());
  main.append(subs, h('div', { class: 'toolbar explorer-toolbar' }, layoutControls(grid)), grid.el);
  grid.loadMore();
}

function showFolder(res, info, subs) {
  const f = res.folder;
  const st = stateText(f);
  info.textContent = `${fmtNumber(f.assets)} asset${f.assets === 1 ? '' : 's'} · ${fmtBytes(f.sizeBytes)} · ${fmtLongDuration(f.durationSec)}`
    + ` · ${fmtNumber(res.total)} file${res.total === 1 ? '' : 's'} directly here${st ? ` · ${st}` : ''}`;
  subs.replaceChildren(...(res.folders.length ? [h('ul', { class: 'folder-chips', 'aria-label': 'Folders here' },
    res.folders.map((x) => h('li', null, h('a', { class: ['folder-chip', (x.missing || x.offline) && 'is-missing', !x.catalogued && 'is-uncatalogued'], href: href(x.path) },
      h('span', { class: 'folder-chip-name' }, x.name),
      h('span', { class: 'muted small' }, [folderFacts(x), stateText(x)].filter(Boolean).join(' · ')))))),
  ] : []));
}

function rootList(roots) {
  return h('ul', { class: 'folder-chips root-list', 'aria-label': 'Library roots' }, roots.map((r) => h('li', null,
    h('a', { class: ['folder-chip', (r.missing || r.offline) && 'is-missing'], href: href(r.path) },
      h('span', { class: 'folder-chip-name' }, r.path),
      h('span', { class: 'muted small' }, [`${fmtNumber(r.assets)} assets`, fmtBytes(r.sizeBytes), fmtLongDuration(r.durationSec),
        stateText(r)].filter(Boolean).join(' · '))))));
}

// ---- the tree (WAI-ARIA tree view: roving tabindex; arrows move, open and close; Enter opens the folder)

/** Fills the tree with the roots and opens the folders that were open; resolves when they all are. */
async function buildTree(ctx, tree, roots, selected) {
  const pending = [];
  tree.replaceChildren(...roots.map((r) => treeItem(ctx, r, 1, selected, pending)));
  tree.addEventListener('keydown', (e) => onKey(ctx, tree, e));
  // opening a folder may open folders inside it: wait until nothing more is opening
  while (pending.length) await Promise.all(pending.splice(0));
  const first = tree.querySelector('[aria-selected="true"]') || tree.querySelector('[role=treeitem]');
  first?.setAttribute('tabindex', '0');
}

function treeItem(ctx, f, level, selected, pending) {
  const expandable = f.hasSubfolders || (f.catalogued === false) || level === 1;
  const st = stateText(f);
  const li = h('li', {
    role: 'treeitem', tabindex: '-1', 'aria-level': String(level), 'aria-selected': String(f.path === selected),
    class: ['tree-item', (f.missing || f.offline) && 'is-missing', !f.catalogued && 'is-uncatalogued'],
    dataset: { path: f.path },
  });
  const label = h('a', { class: 'tree-label', href: href(f.path), tabindex: '-1' },
    h('span', { class: 'tree-twisty', 'aria-hidden': 'true' }),
    h('span', { class: 'tree-name', title: f.path }, level === 1 ? f.path : f.name),
    h('span', { class: 'tree-facts muted small' }, folderFacts(f)),
    st ? h('span', { class: `badge badge-${f.offline || f.missing ? 'missing' : 'kind'}` }, st) : null);
  label.addEventListener('click', (e) => {
    // a click on the twisty opens or closes; elsewhere it follows the link to the folder
    if (e.target.closest('.tree-twisty') && li.hasAttribute('aria-expanded')) {
      e.preventDefault();
      toggle(ctx, li);
    }
  });
  li.append(label);
  if (expandable) {
    li.setAttribute('aria-expanded', 'false');
    if (state.open.has(f.path)) pending.push(expand(ctx, li, selected, pending));
  }
  return li;
}

async function expand(ctx, li, selected, pending = []) {
  if (li.getAttribute('aria-expanded') === 'true') return;
  const path = li.dataset.path;
  li.setAttribute('aria-expanded', 'true');
  li.setAttribute('aria-busy', 'true');
  state.open.add(path);
  const group = h('ul', { role: 'group' });
  li.append(group);
  try {
    const folders = await subfolders(path, ctx.signal);
    if (li.getAttribute('aria-expanded') !== 'true') return;
    const level = Number(li.getAttribute('aria-level')) + 1;
    group.replaceChildren(...folders.map((f) => treeItem(ctx, f, level, selected ?? currentSelection(), pending)));
    if (!folders.length) {
      li.removeAttribute('aria-expanded');
      group.remove();
    }
  } catch (e) {
    if (ctx.signal.aborted) return;
    group.replaceChildren(h('li', { role: 'none', class: 'error-text small' }, e.message));
  } finally {
    li.removeAttribute('aria-busy');
  }
}

function collapse(li) {
  li.setAttribute('aria-expanded', 'false');
  state.open.delete(li.dataset.path);
  li.querySelector(':scope > [role=group]')?.remove();
}

function toggle(ctx, li) {
  if (li.getAttribute('aria-expanded') === 'true') collapse(li); else expand(ctx, li);
}

function currentSelection() {
  return new URLSearchParams(location.hash.split('?')[1] || '').get('path') || '';
}

function visibleItems(tree) {
  return [...tree.querySelectorAll('[role=treeitem]')].filter((el) => !el.parentElement.closest('[role=treeitem][aria-expanded="false"]'));
}

function focusItem(tree, li) {
  if (!li) return;
  for (const el of tree.querySelectorAll('[role=treeitem][tabindex="0"]')) el.setAttribute('tabindex', '-1');
  li.setAttribute('tabindex', '0');
  li.focus();
}

function onKey(ctx, tree, e) {
  const li = e.target.closest('[role=treeitem]');
  if (!li || e.altKey || e.ctrlKey || e.metaKey) return;
  const items = visibleItems(tree);
  const i = items.indexOf(li);
  const parent = li.parentElement.closest('[role=treeitem]');
  switch (e.key) {
    case 'ArrowDown': focusItem(tree, items[i + 1]); break;
    case 'ArrowUp': focusItem(tree, items[i - 1]); break;
    case 'Home': focusItem(tree, items[0]); break;
    case 'End': focusItem(tree, items[items.length - 1]); break;
    case 'ArrowRight':
      if (li.getAttribute('aria-expanded') === 'false') expand(ctx, li);
      else if (li.getAttribute('aria-expanded') === 'true') focusItem(tree, li.querySelector(':scope > [role=group] > [role=treeitem]'));
      break;
    case 'ArrowLeft':
      if (li.getAttribute('aria-expanded') === 'true') collapse(li); else focusItem(tree, parent);
      break;
    case 'Enter':
    case ' ':
      state.focusTree = true;
      location.hash = href(li.dataset.path);
      break;
    default: return;
  }
  e.preventDefault();
}
