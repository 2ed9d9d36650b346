// Library map: every asset whose file records where it was made (GPS), drawn by lib/map.js; a
// point opens its asset, and [ and ] on the asset page go through the places newest first.

import { h, fmtNumber, fmtCapture, displayTitle, errorBox, spinner, empty } from '../lib/dom.js';
import { get, qs } from '../lib/api.js';
import { mapView } from '../lib/map.js';
import { setCurrentList } from '../lib/currentlist.js';

const PAGE = 5000; // the most the server gives at once
const MAX = 50000; // points drawn at most

export async function render(ctx) {
  const count = h('span', { class: 'count' });
  const body = h('div', { class: 'map-page-body' }, spinner('Loading places…'));
  ctx.main.append(h('div', { class: 'page-head' }, h('h1', null, 'Map', count)), body);

  let places = [];
  let total = 0;
  try {
    do {
      const page = await get('/map/places' + qs({ limit: PAGE, offset: places.length }), { signal: ctx.signal });
      total = page.total;
      places = places.concat(page.places);
      if (!page.places.length) break;
    } while (places.length < Math.min(total, MAX));
  } catch (e) {
    if (ctx.signal.aborted) return;
    body.replaceChildren(errorBox(e));
    return;
  }
  if (ctx.signal.aborted) return;
  count.textContent = `${fmtNumber(total)} place${total === 1 ? '' : 's'}`;
  if (!places.length) {
    body.replaceChildren(empty('No asset records where it was made.',
      'Phones and many cameras write a GPS position into photos and videos; such files show up here once scanned.'));
    return;
  }
  setCurrentList(places.map((p) => p.id), { label: 'Map', href: '#/map' });
  const points = places.map((p) => ({
    lat: p.latitude, lon: p.longitude, kind: p.kind, href: `#/asset/${p.id}`,
    label: [displayTitle(p), fmtCapture(p.capturedAt, false)].filter(Boolean).join(', '),
  }));
  const height = Math.max(320, Math.min(720, window.innerHeight - 220));
  body.replaceChildren(mapView(points, { height }));
  if (total > places.length) body.append(h('p', { class: 'muted small' }, `Showing the newest ${fmtNumber(places.length)}.`));
}
