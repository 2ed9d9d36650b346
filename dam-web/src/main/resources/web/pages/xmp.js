// An asset's XMP (on its Files tab): its sidecar, the last synchronisation, conflicts and markers.
// Hidden when the asset never had XMP and edits are not written back.

import { h, fill, fmtDate, fmtDuration, dataTable, errorBox } from '../lib/dom.js';
import { get } from '../lib/api.js';

export function xmpPanel(assetId) {
  const body = h('div');
  const el = h('section', { class: 'panel xmp', hidden: true }, h('h2', null, 'XMP'), body);
  get(`/assets/${encodeURIComponent(assetId)}/xmp`).then((x) => {
    if (x.source === 'none' && !x.writeBack && !x.error) return;
    el.hidden = false;
    const facts = [
      ['From', x.source === 'embedded' ? 'embedded in the file' : x.source === 'none' ? 'nothing read yet' : 'sidecar'],
      ['Sidecar', h('span', { class: 'mono' }, x.sidecar || '')],
      ['Last sync', x.lastSync ? fmtDate(x.lastSync) : 'never'],
      ['Write-back', x.writeBack ? 'on' : 'off'],
    ];
    if (x.logComment) facts.push(['Log comment', x.logComment]);
    fill(body,
      h('dl', { class: 'xmp-facts' }, facts.flatMap(([k, v]) => [h('dt', null, k), h('dd', null, v)])),
      x.error ? h('p', { class: 'error-box', role: 'status' }, x.error) : null,
      x.conflicts.length ? h('h3', null, 'Conflicts at the last merge') : null,
      x.conflicts.length ? dataTable([
        ['Field', (c) => c.field],
        ['Library', (c) => c.catalog],
        ['Sidecar', (c) => c.sidecar],
        ['Kept', (c) => (c.kept === 'catalog' ? 'library' : 'sidecar')],
      ], x.conflicts, '') : null,
      x.markers.length ? h('h3', null, 'Markers') : null,
      x.markers.length ? dataTable([
        ['At', (m) => (m.seconds != null ? fmtDuration(m.seconds) : m.start || '')],
        ['Name', (m) => m.name || ''],
        ['Comment', (m) => m.comment || ''],
      ], x.markers, '', { className: 'xmp-markers' }) : null);
  }).catch((e) => {
    el.hidden = false;
    fill(body, errorBox(e));
  });
  return el;
}
