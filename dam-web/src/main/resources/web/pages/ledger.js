// The copy ledger of an asset (on its Files tab): the verified copies that brought its files in.

import { h, fill, fmtDate, dataTable, errorBox } from '../lib/dom.js';
import { get } from '../lib/api.js';

/** A panel that loads the asset's ledger; it stays hidden when the asset was never imported. */
export function ledgerPanel(assetId) {
  const body = h('div');
  const el = h('section', { class: 'panel ledger', hidden: true }, h('h2', null, 'Copied in'), body);
  get(`/assets/${encodeURIComponent(assetId)}/ledger`).then((r) => {
    if (!r.entries.length) return;
    el.hidden = false;
    fill(body, dataTable([
      ['Copied from', (e) => h('span', { class: 'mono', title: e.sourcePath || '' }, e.sourcePath || '')],
      ['To', (e) => h('span', { class: 'mono', title: e.destination }, e.destination)],
      ['When', (e) => fmtDate(e.copiedAt)],
      ['By', (e) => e.user || ''],
      ['xxh64', (e) => h('span', { class: 'mono' }, e.xxh64 || '')],
    ], r.entries, 'None.', { className: 'ledger-table' }));
  }).catch((e) => {
    el.hidden = false;
    fill(body, errorBox(e));
  });
  return el;
}
