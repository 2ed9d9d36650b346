// Collections: nested, ordered groups of assets, and smart ones that keep a search.
// #/collections is the tree (create, rename, delete); #/collection/ID one collection, whose items are put in
// order by dragging them (or, from the keyboard, Alt+arrow keys on a focused item), saved at once.

import { h, fmtNumber, toast, confirmDialog, errorBox, spinner, empty } from '../lib/dom.js';
import { api, get, post, patch, del, qs, posterUrl } from '../lib/api.js';
import { AssetGrid } from '../lib/cards.js';
import { can } from '../lib/session.js';
import { savedSearches } from '../lib/savedsearches.js';

const href = (id) => `#/collection/${id}`;
/** Pages of a collection's items; the largest page the API gives, so an order can be saved with every item. */
const PAGE = 500;

function failed(status, err) {
  status.textContent = err.message;
  status.className = 'form-status error-text';
}

/** The form that makes a collection: under `parents` (a select of the manual ones), smart when a query is given. */
function createForm(all, { parentId = null, onCreated }) {
  const nameIn = h('input', { name: 'name', placeholder: 'Name', required: true, 'aria-label': 'Collection name', maxlength: '200' });
  const parentSel = h('select', { name: 'parent', 'aria-label': 'Inside' },
    h('option', { value: '' }, 'At the top level'),
    ...all.filter((c) => !c.smart).map((c) => h('option', { value: String(c.id), selected: c.id === parentId }, c.path)));
  const queryIn = h('input', { name: 'query', placeholder: 'Search query for a smart collection (optional)', 'aria-label': 'Smart collection query' });
  const saved = savedSearches();
  const savedSel = saved.length ? h('select', { name: 'saved', 'aria-label': 'Or a saved search' },
    h('option', { value: '' }, 'or a saved search…'), ...saved.map((x) => h('option', { value: String(x.id) }, x.name))) : null;
  const status = h('span', { class: 'form-status', role: 'status' });
  return h('form', {
    class: 'inline-form collection-create', dataset: { needs: 'editor' }, onsubmit: async (e) => {
      e.preventDefault();
      const body = { name: nameIn.value.trim() };
      if (parentSel.value) body.parentId = Number(parentSel.value);
      if (queryIn.value.trim()) body.query = queryIn.value.trim();
      else if (savedSel?.value) body.savedSearch = savedSel.value;
      try {
        const c = await post('/collections', body);
        toast(`Created “${c.path}”`, 'ok');
        onCreated(c);
      } catch (err) {
        failed(status, err);
      }
    },
  }, nameIn, parentSel, queryIn, savedSel, h('button', { class: 'btn', type: 'submit' }, 'Create'), status);
}

/** A line of the tree: link, counts, smart mark, and rename / delete for editors. */
function treeRow(c, reload) {
  const name = h('a', { class: 'collection-name', href: href(c.id) }, c.name);
  const rename = h('button', {
    class: 'btn small', type: 'button', dataset: { needs: 'editor' }, 'aria-label': `Rename ${c.path}`, onclick: () => {
      const input = h('input', { value: c.name, 'aria-label': `New name of ${c.path}`, maxlength: '200' });
      const form = h('form', {
        class: 'inline-form', onsubmit: async (e) => {
          e.preventDefault();
          try {
            await patch(`/collections/${c.id}`, { name: input.value.trim() });
            reload();
          } catch (err) {
            toast(err.message, 'error');
          }
        },
      }, input, h('button', { class: 'btn small', type: 'submit' }, 'Save'));
      name.replaceWith(form);
      input.focus();
      input.select();
    },
  }, 'Rename');
  const remove = h('button', {
    class: 'btn small danger', type: 'button', dataset: { needs: 'editor' }, 'aria-label': `Delete ${c.path}`,
    onclick: () => deleteCollection(c).then((gone) => gone && reload()),
  }, 'Delete');
  return h('li', { class: 'collection-node', dataset: { id: String(c.id) } },
    h('div', { class: 'collection-row' }, name,
      c.smart ? h('span', { class: 'badge badge-smart', title: `Smart: ${c.query}` }, 'smart') : null,
      h('span', { class: 'muted small' }, c.smart ? 'search results' : `${fmtNumber(c.items)} item${c.items === 1 ? '' : 's'}`),
      c.children ? h('span', { class: 'muted small' }, `${c.children} sub-collection${c.children === 1 ? '' : 's'}`) : null,
      h('span', { class: 'collection-actions' }, rename, remove)));
}

/** Asks, then deletes; with sub-collections it says they go too. Resolves true when deleted. */
async function deleteCollection(c) {
  const ok = await confirmDialog({
    title: `Delete the collection “${c.path}”?`,
    body: [c.children ? `Its ${c.children} sub-collection${c.children === 1 ? '' : 's'} go too.` : null,
      'The assets stay in the library and every file stays on disk.'].filter(Boolean),
    confirm: 'Delete collection', danger: true,
  });
  if (!ok) return false;
  try {
    await del(`/collections/${c.id}${c.children ? '?recursive=true' : ''}`);
    toast(`Deleted “${c.path}”; its assets are still in the library.`, 'ok');
    return true;
  } catch (err) {
    toast(err.message, 'error');
    return false;
  }
}

export async function render(ctx) {
  const tree = h('div', { class: 'collection-tree' }, spinner());
  const formBox = h('section', { class: 'panel', dataset: { needs: 'editor' } }, h('h2', null, 'New collection'));
  ctx.main.append(h('div', { class: 'page-head' }, h('h1', null, 'Collections')), tree, formBox);
  async function load() {
    let all;
    try {
      all = await get('/collections');
    } catch (e) {
      tree.replaceChildren(errorBox(e));
      return;
    }
    if (ctx.signal.aborted) return;
    const byParent = new Map();
    for (const c of all) {
      const k = c.parentId ?? 0;
      if (!byParent.has(k)) byParent.set(k, []);
      byParent.get(k).push(c);
    }
    const branch = (parent) => {
      const kids = byParent.get(parent) || [];
      if (!kids.length) return null;
      return h('ul', { class: 'collection-branch' }, ...kids.map((c) => {
        const li = treeRow(c, load);
        const sub = branch(c.id);
        if (sub) li.append(sub);
        return li;
      }));
    };
    tree.replaceChildren(branch(0) || empty('No collections yet.', 'Group assets from anywhere into a project, a day, a scene…'));
    formBox.replaceChildren(h('h2', null, 'New collection'),
      h('p', { class: 'muted small' }, 'A smart collection holds the live results of its search query.'),
      createForm(all, { onCreated: () => load() }));
  }
  await load();
}

export async function renderCollection(ctx) {
  const id = Number(ctx.args[0]);
  if (!Number.isInteger(id) || id < 1) {
    ctx.main.append(errorBox(new Error('That is not a collection id.')));
    return;
  }
  let details;
  let all;
  try {
    [details, all] = await Promise.all([get(`/collections/${id}`), get('/collections')]);
  } catch (e) {
    ctx.main.append(errorBox(e));
    return;
  }
  if (ctx.signal.aborted) return;
  const c = details.collection;
  document.title = `${c.name} · Collections · That DAM`;

  const crumbs = h('nav', { class: 'crumbs' }, h('a', { href: '#/collections' }, 'Collections'));
  const ancestors = c.path.split('/');
  let at = c;
  const chain = [];
  while (at && at.parentId != null) {
    at = all.find((x) => x.id === at.parentId);
    if (at) chain.unshift(at);
  }
  for (const p of chain) crumbs.append(' / ', h('a', { href: href(p.id) }, p.name));
  crumbs.append(' / ', h('span', null, ancestors[ancestors.length - 1]));

  const cover = c.cover ? h('img', { class: 'collection-cover', alt: '', src: posterUrl(c.cover) })
    : c.smart ? h('img', { class: 'collection-cover', alt: '', hidden: true }) : null;
  cover?.addEventListener('error', () => cover.remove(), { once: true }); // no poster (yet): no cover shown
  if (c.smart && !c.cover) {
    // a smart collection without a chosen cover shows its first result (the API's summaries never run its search)
    get(`/collections/${id}/assets${qs({ limit: 1 })}`).then((page) => {
      if (!page.items.length) { cover.remove(); return; }
      cover.src = posterUrl(page.items[0].id);
      cover.hidden = false;
    }).catch(() => cover.remove());
  }
  const head = h('div', { class: 'page-head' }, h('h1', null, c.name),
    c.smart ? h('span', { class: 'badge badge-smart', title: 'Its assets are the live results of its search' }, 'smart') : null);
  const description = h('p', { class: 'collection-description' }, c.description || '');
  const facts = h('p', { class: 'muted' }, c.smart ? `Search: ${c.query}${c.filter ? ` · ${c.filter}` : ''}` : `${fmtNumber(c.items)} items`);

  // editing: name, description, parent; delete
  const nameIn = h('input', { name: 'name', value: c.name, required: true, maxlength: '200' });
  const descIn = h('textarea', { name: 'description', rows: '1' });
  descIn.value = c.description;
  const status = h('span', { class: 'form-status', role: 'status' });
  const edit = h('form', {
    class: 'inline-form collection-edit', dataset: { needs: 'editor' }, onsubmit: async (e) => {
      e.preventDefault();
      try {
        await patch(`/collections/${id}`, { name: nameIn.value.trim(), description: descIn.value });
        toast('Saved', 'ok');
        window.dispatchEvent(new HashChangeEvent('hashchange'));
      } catch (err) {
        failed(status, err);
      }
    },
  }, h('label', null, 'Name ', nameIn), h('label', null, 'Description ', descIn), h('button', { class: 'btn', type: 'submit' }, 'Save'), status);
  const moveSel = h('select', { 'aria-label': 'Move into' }, h('option', { value: '' }, 'The top level'),
    ...all.filter((x) => !x.smart && x.id !== id && !x.path.startsWith(`${c.path}/`))
      .map((x) => h('option', { value: String(x.id), selected: x.id === c.parentId }, x.path)));
  const move = h('form', {
    class: 'inline-form', dataset: { needs: 'editor' }, onsubmit: async (e) => {
      e.preventDefault();
      try {
        const moved = await post(`/collections/${id}/move`, { parentId: moveSel.value ? Number(moveSel.value) : null });
        toast(`Moved to “${moved.path}”`, 'ok');
        window.dispatchEvent(new HashChangeEvent('hashchange'));
      } catch (err) {
        toast(err.message, 'error');
      }
    },
  }, h('label', null, 'Move into ', moveSel), h('button', { class: 'btn', type: 'submit' }, 'Move'));
  const remove = h('button', {
    class: 'btn danger', type: 'button', dataset: { needs: 'editor' },
    onclick: async () => { if (await deleteCollection(c)) location.hash = '#/collections'; },
  }, 'Delete collection…');
  const coverSel = h('select', { 'aria-label': 'Cover' }, h('option', { value: '0' }, 'The first item'));
  const coverForm = h('form', {
    class: 'inline-form', dataset: { needs: 'editor' }, hidden: c.smart, onsubmit: async (e) => {
      e.preventDefault();
      try {
        await patch(`/collections/${id}`, { coverAssetId: Number(coverSel.value) });
        toast('Cover chosen', 'ok');
        window.dispatchEvent(new HashChangeEvent('hashchange'));
      } catch (err) {
        toast(err.message, 'error');
      }
    },
  }, h('label', null, 'Cover ', coverSel), h('button', { class: 'btn', type: 'submit' }, 'Set'));
  if (!c.smart && c.items) {
    get(`/collections/${id}/assets${qs({ limit: PAGE })}`).then((page) => {
      coverSel.append(...page.items.map((x) => h('option', { value: String(x.id), selected: x.id === c.coverAssetId },
        x.title || x.path || `#${x.id}`)));
    }).catch(() => { coverForm.hidden = true; });
  }

  const children = h('ul', { class: 'collection-children' }, ...details.children.map((k) => h('li', null,
    h('a', { href: href(k.id) }, k.name), k.smart ? h('span', { class: 'badge badge-smart' }, 'smart') : null,
    h('span', { class: 'muted small' }, k.smart ? ' search results' : ` ${fmtNumber(k.items)} items`))));
  const sub = h('section', { class: 'panel' }, h('h2', null, 'Sub-collections'),
    details.children.length ? children : h('p', { class: 'muted' }, 'None.'),
    c.smart ? null : createForm(all, { parentId: id, onCreated: (made) => { location.hash = href(made.id); } }));

  const live = h('div', { class: 'collection-live', role: 'status', 'aria-live': 'polite' });
  const hint = !c.smart && can('editor')
    ? h('p', { class: 'muted small' }, 'Drag items to change their order, or focus one and press Alt+← / Alt+→.') : null;

  const grid = new AssetGrid({
    pageSize: PAGE,
    load: async (offset, limit) => get(`/collections/${id}/assets${qs({ limit, offset })}`),
    emptyText: c.smart ? 'Nothing matches its search yet.' : 'This collection is empty.',
    emptyHint: c.smart ? '' : 'Add assets from their page (“Add to collection”).',
    currentList: () => ({ label: `Collection ${c.name}`, href: location.hash }),
  });
  ctx.onCleanup(() => grid.destroy());
  grid.grid.classList.add('collection-items');
  if (!c.smart && can('editor')) sortable(grid, id, live);

  ctx.main.append(crumbs, head, h('div', { class: 'collection-head' }, cover, h('div', null, description, facts)),
    h('div', { class: 'toolbar' }, edit, move, coverForm, remove), sub, hint, live, grid.el);
  grid.loadMore();
}

/**
 * Makes the grid's items reorderable: dragging a card moves it among the others as it goes, and dropping it
 * saves the new order; Alt+ArrowLeft/Right (or Up/Down) on a focused card moves it one place. The order
 * sent is every item, so the rest of the collection is loaded first.
 */
function sortable(grid, id, live) {
  const el = grid.grid;
  let dragged = null;
  const cards = () => [...el.querySelectorAll(':scope > .card')];
  const mark = () => { for (const card of cards()) card.draggable = true; };
  new MutationObserver(mark).observe(el, { childList: true });
  mark();

  async function save(what) {
    while (!grid.done) await grid.loadMore();
    const ids = grid.ids().map(Number);
    try {
      await api('PUT', `/collections/${id}/order`, { assets: ids });
      live.textContent = what;
    } catch (err) {
      toast(err.message, 'error');
      grid.reset();
    }
  }

  el.addEventListener('dragstart', (e) => {
    dragged = e.target.closest?.('.card');
    if (!dragged) return;
    dragged.classList.add('dragging');
    e.dataTransfer.effectAllowed = 'move';
    e.dataTransfer.setData('text/plain', dragged.dataset.id);
  });
  el.addEventListener('dragover', (e) => {
    if (!dragged) return;
    e.preventDefault();
    const over = e.target.closest?.('.card');
    if (!over || over === dragged) return;
    const r = over.getBoundingClientRect();
    const after = e.clientX > r.left + r.width / 2 || e.clientY > r.bottom;
    over[after ? 'after' : 'before'](dragged);
  });
  el.addEventListener('drop', (e) => {
    if (!dragged) return;
    e.preventDefault();
  });
  el.addEventListener('dragend', () => {
    if (!dragged) return;
    const moved = dragged;
    dragged = null;
    moved.classList.remove('dragging');
    const at = cards().indexOf(moved) + 1;
    save(`Moved to place ${at}.`);
  });
  el.addEventListener('keydown', (e) => {
    const card = e.target.closest?.('.card');
    if (!card || !e.altKey) return;
    const step = { ArrowLeft: -1, ArrowUp: -1, ArrowRight: 1, ArrowDown: 1 }[e.key];
    if (!step) return;
    e.preventDefault();
    const sibling = step < 0 ? card.previousElementSibling : card.nextElementSibling;
    if (!sibling?.classList.contains('card')) return;
    sibling[step < 0 ? 'before' : 'after'](card);
    card.focus();
    save(`Moved to place ${cards().indexOf(card) + 1}.`);
  });
}

/** The asset page's panel: the collections holding this asset, and adding it to another (editors). */
export function collectionsPanel(assetId) {
  const list = h('ul', { class: 'asset-collections' });
  const select = h('select', { 'aria-label': 'Collection' });
  const status = h('span', { class: 'form-status', role: 'status' });
  const form = h('form', {
    class: 'inline-form', dataset: { needs: 'editor' }, onsubmit: async (e) => {
      e.preventDefault();
      if (!select.value) return;
      try {
        const r = await post(`/collections/${select.value}/assets`, { assetIds: [assetId] });
        toast(`Added to “${r.collection.path}”`, 'ok');
        load();
      } catch (err) {
        failed(status, err);
      }
    },
  }, select, h('button', { class: 'btn', type: 'submit' }, 'Add to collection'), status);
  async function load() {
    try {
      const [holding, all] = await Promise.all([get(`/collections${qs({ asset: assetId })}`), get('/collections')]);
      const held = new Set(holding.map((c) => c.id));
      list.replaceChildren(...holding.map((c) => h('li', null, h('a', { href: href(c.id) }, c.path),
        h('button', {
          class: 'btn small', type: 'button', dataset: { needs: 'editor' }, 'aria-label': `Remove from ${c.path}`, onclick: async () => {
            try {
              await post(`/collections/${c.id}/assets/remove`, { assetIds: [assetId] });
              load();
            } catch (err) {
              toast(err.message, 'error');
            }
          },
        }, 'Remove'))));
      if (!holding.length) list.replaceChildren(h('li', { class: 'muted' }, 'In no collection.'));
      const choices = all.filter((c) => !c.smart && !held.has(c.id));
      select.replaceChildren(...choices.map((c) => h('option', { value: String(c.id) }, c.path)));
      form.hidden = !choices.length;
    } catch (err) {
      list.replaceChildren(h('li', null, errorBox(err)));
    }
  }
  load();
  return h('section', { class: 'panel collections-panel', 'aria-label': 'Collections' }, h('h2', null, 'Collections'), list, form);
}
