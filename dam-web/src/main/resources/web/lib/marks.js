// Rating, favourite and colour label of one asset: the asset page's editor (stars, heart, colour
// buttons) and its keys (0–5, 6–9 and P for labels, Shift+F favourite: F alone is full screen there).

import { h, toast } from './dom.js';
import { patch } from './api.js';
import { can } from './session.js';
import { LABELS } from './bulkbar.js';

/** The asset page's keys for marks, for its shortcuts list; images keep 0 and 1 for the viewer. */
export function markShortcuts(kind) {
  return [
    [kind === 'image' ? ['2', '…', '5'] : ['0', '…', '5'], 'Rating (0: none)'],
    [['Shift', 'F'], 'Favourite or not'],
    [['6', '7', '8', '9'], 'Label red, yellow, green, blue (again: none)'],
    [['P'], 'Label purple'],
  ];
}

/**
 * The stars, heart and colour buttons for asset {@code a}; onSaved(asset) after each change.
 * Returns {el, key(e) → true when the key was a mark and was used}.
 */
export function marksEditor(a, onSaved) {
  let cur = a;
  const editable = can('editor');
  const set = async (change) => {
    if (!editable) return;
    try {
      cur = await patch(`/assets/${cur.id}`, change);
      paint();
      onSaved?.(cur);
    } catch (e) {
      toast(e.message, 'error');
    }
  };
  const stars = [1, 2, 3, 4, 5].map((n) => h('button', {
    type: 'button', class: 'star', 'aria-label': `${n} star${n === 1 ? '' : 's'}`,
    onclick: () => set({ rating: cur.rating === n ? 0 : n }),
  }, '★'));
  const fav = h('button', { type: 'button', class: 'fav', 'aria-label': 'Favourite', onclick: () => set({ favourite: !cur.favourite }) }, '♥');
  const labels = LABELS.map((l) => h('button', {
    type: 'button', class: `label-btn`, 'aria-label': `${l} label`, title: l,
    onclick: () => set({ label: cur.label === l ? 'none' : l }),
  }, h('span', { class: `label-dot label-${l}`, 'aria-hidden': 'true' })));
  function paint() {
    stars.forEach((b, i) => b.setAttribute('aria-pressed', String(i < cur.rating)));
    fav.setAttribute('aria-pressed', String(!!cur.favourite));
    labels.forEach((b, i) => b.setAttribute('aria-pressed', String(cur.label === LABELS[i])));
    for (const b of [...stars, fav, ...labels]) b.disabled = !editable;
  }
  paint();
  const el = h('div', { class: 'marks-editor', role: 'group', 'aria-label': 'Rating, favourite and label' },
    h('span', { class: 'stars', role: 'group', 'aria-label': 'Rating' }, stars), fav,
    h('span', { class: 'labels', role: 'group', 'aria-label': 'Colour label' }, labels));
  const key = (e) => {
    if (!editable || e.ctrlKey || e.metaKey || e.altKey) return false;
    if (/^[0-5]$/.test(e.key) && !(cur.kind === 'image' && (e.key === '0' || e.key === '1'))) { set({ rating: Number(e.key) }); return true; }
    if (e.key === 'F' && e.shiftKey) { set({ favourite: !cur.favourite }); return true; }
    if (/^[6-9]$/.test(e.key)) { const l = LABELS[Number(e.key) - 6]; set({ label: cur.label === l ? 'none' : l }); return true; }
    if (e.key === 'p' || e.key === 'P') { set({ label: cur.label === 'purple' ? 'none' : 'purple' }); return true; }
    return false;
  };
  return { el, key };
}
