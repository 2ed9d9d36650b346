// The bulk toolbar of an asset grid: how many are selected (or "all N results"), and what to do to
// them, as one bulk job (POST /api/v1/assets/bulk) with its progress and then its summary.
// Also the rating / favourite / label keys of grids, on the focused card or the selection.

import { h, fmtNumber, toast, confirmDialog } from './dom.js';
import { get, post, patch } from './api.js';

export const LABELS = ['red', 'yellow', 'green', 'blue', 'purple'];
const PAST = {
  'set-fields': 'set', 'add-tags': 'tagged', 'remove-tags': 'untagged', rating: 'rated', favourite: 'marked', label: 'labelled',
  'add-to-collection': 'added', regenerate: 'queued', preset: 'queued', forget: 'forgotten',
};

/** "4,998 tagged, 2 failed: asset 7: …": a finished job's summary in words. */
export function summaryText(s) {
  if (!s) return 'Finished.';
  if (!s.selected) return 'Nothing was selected.';
  const parts = [`${fmtNumber(s.done)} ${PAST[s.action] || 'done'}`];
  if (s.skipped) parts.push(`${fmtNumber(s.skipped)} already so or not concerned`);
  if (s.failedCount) {
    const first = s.failed.slice(0, 3).map((f) => `asset ${f.assetId}: ${f.message}`).join('; ');
    parts.push(`${fmtNumber(s.failedCount)} failed: ${first}${s.failedCount > 3 ? '; …' : ''}`);
  }
  return parts.join(', ');
}

function tagsOf(text) {
  return text.split(',').map((t) => t.trim()).filter(Boolean);
}

/** A dialog asking for one value; resolves to it, or null when cancelled. */
async function ask(title, field, read, confirm = 'Apply') {
  const ok = await confirmDialog({ title, body: [].concat(field), confirm });
  return ok ? read() : null;
}

/** The toolbar for {@code grid}; hidden while nothing is selected. */
export function bulkBar(grid) {
  const count = h('span', { class: 'bulk-count', 'aria-live': 'polite' });
  const all = h('button', { type: 'button', class: 'btn small bulk-all', hidden: true, onclick: () => grid.selectAllResults() });
  const clearBtn = h('button', { type: 'button', class: 'btn small', onclick: () => grid.clearSelection() }, 'Clear');
  const progress = h('progress', { class: 'bulk-progress', max: '1', value: '0', hidden: true });
  const status = h('span', { class: 'bulk-status muted small', role: 'status' });
  const picker = (name, label, options, onpick) => h('select', {
    name, 'aria-label': label,
    onchange: (e) => { const v = e.target.value; e.target.value = ''; if (v !== '') onpick(v); },
  }, h('option', { value: '' }, label), options.map(([v, text]) => h('option', { value: v }, text)));

  const actions = h('div', { class: 'bulk-actions', dataset: { needs: 'editor' } },
    h('button', { type: 'button', class: 'btn small bulk-add-tags', onclick: () => tagAction('add-tags', 'Add tags') }, 'Add tags…'),
    h('button', { type: 'button', class: 'btn small bulk-remove-tags', onclick: () => tagAction('remove-tags', 'Remove tags') }, 'Remove tags…'),
    picker('bulk-rating', 'Rating…', [0, 1, 2, 3, 4, 5].map((n) => [String(n), n ? '★'.repeat(n) : 'No rating']),
      (v) => run('rating', { rating: Number(v) })),
    picker('bulk-favourite', 'Favourite…', [['true', '♥ Favourite'], ['false', 'Not a favourite']],
      (v) => run('favourite', { favourite: v === 'true' })),
    picker('bulk-label', 'Label…', [...LABELS.map((l) => [l, l[0].toUpperCase() + l.slice(1)]), ['none', 'No label']],
      (v) => run('label', { label: v })),
    h('button', { type: 'button', class: 'btn small bulk-set-field', onclick: () => setField() }, 'Set field…'),
    h('button', { type: 'button', class: 'btn small', onclick: () => toCollection() }, 'Add to collection…'),
    h('button', { type: 'button', class: 'btn small', onclick: () => regenerate() }, 'Regenerate…'),
    h('button', { type: 'button', class: 'btn small', onclick: () => preset() }, 'Run preset…'),
    h('button', { type: 'button', class: 'btn small danger bulk-forget', onclick: () => forget() }, 'Forget…'));
  const el = h('div', { class: 'bulk-bar', role: 'region', 'aria-label': 'Selection', hidden: true },
    count, all, clearBtn, actions, progress, status);

  let busy = false;
  grid.onSelectionChange(() => {
    const n = grid.selectedCount();
    el.hidden = n === 0 && !busy && !status.textContent;
    count.textContent = grid.allResults ? `All ${fmtNumber(n)} results selected` : `${fmtNumber(n)} selected`;
    const total = grid.total ?? 0;
    all.hidden = grid.allResults || !grid.canSelectAllResults() || n === 0 || total <= n;
    all.textContent = `Select all ${fmtNumber(total)} results`;
    for (const b of actions.querySelectorAll('button, select')) b.disabled = busy || n === 0;
  });

  async function tagAction(action, title) {
    const input = h('input', { type: 'text', name: 'tags', 'aria-label': 'Tags, separated by commas', placeholder: 'Beach, Places/Europe/Lisbon' });
    const tags = await ask(`${title} (${fmtNumber(grid.selectedCount())} assets)`, h('label', null, 'Tags, separated by commas', input),
      () => tagsOf(input.value));
    if (tags?.length) run(action, { tags });
  }

  async function setField() {
    let fields;
    try { fields = await get('/fields'); } catch (e) { toast(e.message, 'error'); return; }
    if (!fields.length) { toast('No custom fields are defined (an admin defines them on the Fields page).', 'info'); return; }
    const sel = h('select', { name: 'field' }, fields.map((f) => h('option', { value: f.name }, f.label || f.name)));
    const input = h('input', { type: 'text', name: 'value', placeholder: 'empty clears it' });
    const picked = await ask('Set a field', [h('label', null, 'Field', sel), h('label', null, 'Value', input)],
      () => ({ field: fields.find((f) => f.name === sel.value), text: input.value.trim() }), 'Set');
    if (!picked) return;
    const { field, text } = picked;
    // as typed: the server reads every type from text (yes/True/1, 1500, 2024-05-01) and says what does not fit
    const value = text !== '' && String(field.type).toLowerCase().includes('multi') ? tagsOf(text) : text;
    run('set-fields', { fields: { [field.name]: value } });
  }

  async function toCollection() {
    let list;
    try { list = await get('/collections'); } catch (e) { toast(e.message, 'error'); return; }
    const items = (list.items || list).filter((c) => !(c.collection?.smart ?? c.smart));
    if (!items.length) { toast('There is no collection to add to yet (smart ones hold their search results).', 'info'); return; }
    const sel = h('select', { name: 'collection' }, items.map((c) => h('option', { value: String(c.collection?.id ?? c.id) }, c.path || c.collection?.name || c.name)));
    const id = await ask('Add to collection', h('label', null, 'Collection', sel), () => Number(sel.value), 'Add');
    if (id) run('add-to-collection', { collection: id });
  }

  async function regenerate() {
    // derivative files, then the semantic analyses (how a library that keeps semantic.auto off analyses what it chooses)
    const boxes = ['poster', 'sprite', 'proxy', 'scenes', 'embed', 'fingerprint'].map((k) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: k, value: k, checked: k === 'poster' }), ` ${k}`));
    const kinds = await ask('Make derivatives or analyses again', h('fieldset', null, h('legend', null, 'What to make again'), boxes),
      () => boxes.map((b) => b.querySelector('input')).filter((i) => i.checked).map((i) => i.value), 'Queue');
    if (kinds?.length) run('regenerate', { kinds });
  }

  async function preset() {
    let presets;
    try { presets = await get('/ffmpeg/presets'); } catch (e) { toast(e.message, 'error'); return; }
    const sel = h('select', { name: 'preset' }, presets.map((p) => h('option', { value: p.name }, `${p.name} — ${p.description || ''}`)));
    const name = await ask('Run a preset on each', h('label', null, 'Preset (with its default settings)', sel), () => sel.value, 'Run');
    if (name) run('preset', { preset: name });
  }

  async function forget() {
    const n = grid.selectedCount();
    const ok = await confirmDialog({
      title: `Forget ${fmtNumber(n)} asset${n === 1 ? '' : 's'}?`,
      body: [`${fmtNumber(n)} asset${n === 1 ? '' : 's'} and their posters, sprites and proxies leave the catalog. Files on disk are not touched: a later scan catalogues them again.`],
      confirm: `Forget ${fmtNumber(n)}`, danger: true,
    });
    if (ok) run('forget', {});
  }

  async function run(action, args) {
    busy = true;
    progress.hidden = false;
    progress.value = 0;
    status.textContent = 'Working…';
    grid.notifySelection();
    try {
      const job = await post('/assets/bulk', { ...grid.selectionBody(), action, ...args });
      let view;
      for (;;) {
        view = await get(`/assets/bulk/${job.id}`);
        if (['done', 'failed', 'cancelled', 'skipped'].includes(view.job.state)) break;
        progress.value = view.job.progress;
        status.textContent = `Working… ${Math.round(view.job.progress * 100)} %`;
        await new Promise((r) => { setTimeout(r, 400); });
      }
      status.textContent = view.job.state === 'done' ? summaryText(view.summary) : `The bulk action ${view.job.state}: ${view.job.error || ''}`;
      status.classList.toggle('error-text', view.job.state !== 'done' || !!view.summary?.failedCount);
      grid.clearSelection();
      grid.reset(null, { keep: true });
    } catch (e) {
      status.textContent = e.message;
      status.classList.add('error-text');
    } finally {
      busy = false;
      progress.hidden = true;
      grid.notifySelection();
    }
  }

  return el;
}

/**
 * A rating, favourite or label key on a grid: the selection through one bulk job, or the focused
 * card alone through an edit. change: {rating} | {favourite: 'toggle'} | {label}.
 */
export async function markFromKey(grid, change, focusedId) {
  try {
    if (grid.selectedCount() > 0) {
      const body = { ...grid.selectionBody() };
      if ('rating' in change) Object.assign(body, { action: 'rating', rating: change.rating });
      else if ('label' in change) Object.assign(body, { action: 'label', label: change.label });
      else Object.assign(body, { action: 'favourite', favourite: true });
      await post('/assets/bulk', body);
      toast(`Marking ${fmtNumber(grid.selectedCount())} assets…`, 'info');
      return;
    }
    if (!focusedId) return;
    let p = change;
    if (change.favourite === 'toggle') p = { favourite: !(await get(`/assets/${focusedId}`)).favourite };
    if ('label' in change && grid.cardLabel(focusedId) === change.label) p = { label: 'none' };
    grid.update(await patch(`/assets/${focusedId}`, p));
    grid.focusCard(focusedId);
  } catch (e) {
    toast(e.message, 'error');
  }
}
