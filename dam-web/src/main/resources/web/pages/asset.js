// One asset. The first screen holds the player (our own seek bar with trickplay and markers; an image
// viewer for images, a waveform for audio), the key facts and the title/tags/description editor (the
// custom fields under it); the rest is in tabs (Processing, Technical, History, Files, Share), the chosen one remembered per user.
// Keyboard shortcuts for playback, the neighbours in the current list and editing; ? lists them.

import {
  h, fill, fmtDuration, fmtBytes, fmtBitRate, fmtDate, fmtRes, fmtLatLon, displayTitle, fileName,
  toast, confirmDialog, errorBox, spinner, dataTable,
  fmtCapture, CAPTURE_SOURCES, CAPTURE_ZONE_NOTE,
} from '../lib/dom.js';
import { get, post, patch, del, posterUrl, proxyUrl } from '../lib/api.js';
import { can } from '../lib/session.js';
import { pref, setPref } from '../lib/prefs.js';
import { neighbours } from '../lib/currentlist.js';
import { spriteTrack, forgetSprite } from '../lib/sprites.js';
import { mediaPlayer } from '../lib/player.js';
import { transport, typing, shortcutsDialog, SHORTCUTS, IMAGE_SHORTCUTS } from '../lib/player-keys.js';
import { marksEditor, markShortcuts } from '../lib/marks.js';
import { imageViewer } from '../lib/viewer.js';
import { waveformPeaks, drawWaveform } from '../lib/waveform.js';
import { kindIcon } from '../lib/cards.js';
import { jobRow, updateJobRow } from './jobs.js';
import { processingPanels } from './processing.js';
import { sharePanel } from './sharing.js';
import { collectionsPanel } from './collections.js';
import { assetFieldsPanel } from './fields.js';
import { ledgerPanel } from './ledger.js';
import { xmpPanel } from './xmp.js';
import { attachSuggest } from '../lib/suggest.js';
import { sceneStrip, seekWhenReady } from '../lib/scenestrip.js';
import { screenTextPanel } from '../lib/screentext.js';

const TAB_PREF = 'asset.tab';
/** The largest original the image viewer opens (else the large poster): 50 megapixels, 100 MB. */
const MAX_VIEWER_PIXELS = 50e6;
const MAX_VIEWER_BYTES = 100e6;

export async function render(ctx) {
  const id = ctx.args[0];
  if (!/^\d+$/.test(id || '')) {
    ctx.main.append(errorBox(new Error('That is not an asset id.')));
    return;
  }
  const root = h('div', { class: 'asset-page' }, spinner());
  ctx.main.append(root);
  let a;
  try {
    a = await get(`/assets/${id}`);
  } catch (e) {
    fill(root, h('p', { class: 'crumbs' }, h('a', { href: '#/library' }, '← Library')), errorBox(e));
    return;
  }
  if (ctx.signal.aborted) return;
  document.title = `${displayTitle(a)} · That DAM`;

  const playerBox = h('div', { class: 'player-box' });
  const jobsList = h('div', { class: 'job-list', role: 'list' });
  // view.player: the media player (video, audio); view.viewer: the image viewer; view.media: the element.
  const view = { a, media: null, player: null, viewer: null, keys: null, markers: [] };
  const scenes = sceneStrip(ctx, a);
  const proc = processingPanels(ctx, view, {
    markers: (list) => { view.markers = list; view.player?.setMarkers(list); },
  });

  // ------------------------------------------------------------------ player

  function placeholder(kind, ...text) {
    return h('div', { class: 'player-placeholder' }, kindIcon(kind, 'icon big'), ...text.map((t) => h('p', null, t)));
  }

  function buildPlayer() {
    const cur = view.a;
    view.keys?.stop();
    Object.assign(view, { media: null, player: null, viewer: null, keys: null });
    const poster = cur.posterPath ? posterUrl(cur.id, 'large') : null;
    if (cur.status === 'failed') {
      fill(playerBox, h('div', { class: 'player-placeholder' }, kindIcon('failed', 'icon big'),
        h('p', null, 'This file could not be read as media.'), h('p', { class: 'mono small' }, cur.error || '')));
      return;
    }
    if (cur.kind === 'image') {
      // The original at full resolution when this user may have it and a browser can hold it decoded
      // (a small file can be a huge picture: 4 bytes a pixel), else the large poster.
      const original = (cur.downloads || []).find((d) => d.kind === 'original'
        && (cur.width || 0) * (cur.height || 0) <= MAX_VIEWER_PIXELS && (d.sizeBytes || 0) <= MAX_VIEWER_BYTES);
      const src = original ? original.url.replace(/([?&])download=1\b&?/, '$1').replace(/[?&]$/, '') : poster;
      if (!src) { fill(playerBox, placeholder('image', 'No preview yet.')); return; }
      view.viewer = imageViewer({ src, alt: displayTitle(cur), fallback: poster });
      fill(playerBox, view.viewer.el);
      return;
    }
    if (cur.kind !== 'video' && cur.kind !== 'audio') {
      fill(playerBox, placeholder(cur.kind, 'No preview for this kind of file.'));
      return;
    }
    if (!cur.proxyPath) {
      const job = (cur.jobs || []).find((j) => j.kind === 'proxy' && (j.state === 'queued' || j.state === 'running'));
      fill(playerBox, h('div', { class: 'player-placeholder', style: poster ? { backgroundImage: `url("${poster}")` } : null },
        h('div', { class: 'veil' },
          kindIcon(cur.kind, 'icon big'),
          h('p', null, job ? 'Making a browser-playable copy… it plays here when it is ready.' : 'No browser-playable copy yet.'),
          job ? null : h('button', { class: 'btn', type: 'button', dataset: { needs: 'editor' }, onclick: () => regenerate('proxy') }, 'Make one'))));
      return;
    }
    const player = mediaPlayer({
      kind: cur.kind, src: proxyUrl(cur.id), poster, label: displayTitle(cur), duration: cur.durationSec,
      sprite: cur.kind === 'video' && cur.spriteVttPath ? spriteTrack(cur.id) : null,
    });
    fill(playerBox, player.el);
    Object.assign(view, { player, media: player.media });
    view.keys = transport(player.media, {
      fps: cur.fps, showRate: player.showRate, fullscreen: cur.kind === 'video' ? player.fullscreen : null,
    });
    player.setMarkers(view.markers);
    if (cur.kind === 'audio') addWaveform(player);
    scenes.attach(player.media);
    proc.mediaChanged();
  }

  // The seek bar of an audio player shows the waveform, drawn again when its width changes.
  function addWaveform(player) {
    const canvas = h('canvas', { class: 'waveform', 'aria-hidden': 'true' });
    player.bar.prepend(canvas);
    waveformPeaks(proxyUrl(view.a.id), 600, view.a.durationSec, { signal: ctx.signal }).then((peaks) => {
      if (!peaks || ctx.signal.aborted) return;
      drawWaveform(canvas, peaks);
      let width = canvas.clientWidth;
      const ro = new ResizeObserver(() => { if (canvas.clientWidth !== width) { width = canvas.clientWidth; drawWaveform(canvas, peaks); } });
      ro.observe(canvas);
      ctx.onCleanup(() => ro.disconnect());
    }).catch(() => {});
  }

  // ------------------------------------------------------------------ edit form

  const titleIn = h('input', { name: 'title', value: a.title || '', maxlength: '500', required: true });
  const tagsIn = h('input', { name: 'tags', value: (a.tags || []).join(', '), placeholder: 'beach, drone, 2024' });
  const descIn = h('textarea', { name: 'description', rows: '2', value: a.description || '' });
  const batchIn = h('input', { name: 'batch', value: a.batch || '', list: 'batch-names', placeholder: 'none' });
  const batchList = h('datalist', { id: 'batch-names' });
  const saved = h('span', { class: 'form-status', role: 'status' });
  get('/batches').then((bs) => batchList.replaceChildren(...bs.map((b) => h('option', { value: b.name })))).catch(() => {});
  const tagsOf = (text) => text.split(',').map((t) => t.trim()).filter(Boolean);

  const fieldsPart = assetFieldsPanel(ctx, a, (updated) => { view.a = { ...view.a, ...updated }; });
  const marks = marksEditor(a, (x) => { view.a = { ...view.a, rating: x.rating, favourite: x.favourite, label: x.label }; });
  const editForm = h('form', {
    class: 'edit-form', 'aria-label': 'Title, tags and description', onsubmit: async (e) => {
      e.preventDefault();
      const btn = editForm.querySelector('button[type=submit]');
      btn.disabled = true;
      saved.textContent = 'Saving…';
      saved.className = 'form-status';
      try {
        const updated = await patch(`/assets/${view.a.id}`, {
          title: titleIn.value, tags: tagsOf(tagsIn.value), description: descIn.value, batch: batchIn.value,
        });
        view.a = { ...view.a, ...updated };
        renderHead();
        renderTags();
        tagsIn.value = (updated.tags || []).join(', ');
        saved.textContent = 'Saved ✓';
        saved.className = 'form-status ok';
      } catch (err) {
        saved.textContent = err.message;
        saved.className = 'form-status error-text';
      } finally {
        btn.disabled = false;
      }
    },
  },
  h('label', null, h('span', null, 'Title'), titleIn),
  h('label', null, h('span', null, 'Tags'), tagsIn),
  h('label', null, h('span', null, 'Description'), descIn),
  h('label', null, h('span', null, 'Batch'), batchIn, batchList),
  h('div', { class: 'form-actions' }, h('button', { class: 'btn primary', type: 'submit', dataset: { needs: 'editor' } }, 'Save'), saved));
  if (!can('editor')) for (const el of [titleIn, tagsIn, descIn, batchIn]) el.readOnly = true;
  else ctx.onCleanup(attachSuggest(tagsIn, { list: true }));

  // ------------------------------------------------------------------ header

  const crumbs = h('nav', { class: 'crumbs asset-crumbs', 'aria-label': 'Breadcrumb' });
  const head = h('div', { class: 'asset-head' });
  const tagsView = h('div', { class: 'tags' });
  const actions = h('div', { class: 'asset-actions' });
  function renderHead() {
    const x = view.a;
    document.title = `${displayTitle(x)} · That DAM`;
    const n = neighbours(x.id);
    const listed = n.prev != null || n.next != null;
    const stepLink = (dir, text) => (n[dir] != null
      ? h('a', { class: `btn small step-${dir}`, href: `#/asset/${n[dir]}`, 'aria-label': `${dir === 'prev' ? 'Previous' : 'Next'} asset in ${n.label || 'the list'}` }, text)
      : null);
    fill(crumbs,
      listed && n.href ? [h('a', { href: n.href }, n.label || 'List'), ' / '] : [h('a', { href: '#/library' }, 'Library'), ' / '],
      x.batch ? [h('a', { href: `#/batch/${encodeURIComponent(x.batch)}` }, x.batch), ' / '] : null,
      h('span', null, fileName(x.path)));
    fill(head,
      h('div', { class: 'asset-title-row' },
        h('h1', { class: 'asset-title' }, displayTitle(x)),
        h('div', { class: 'asset-steps' }, stepLink('prev', '‹ Previous'), stepLink('next', 'Next ›'))),
      tagsView);
    fill(actions, downloadMenu(x),
      h('a', { class: 'btn small similar-btn', href: `#/search?q=${encodeURIComponent(`similar:${x.id}`)}`, title: 'Assets close to this one in meaning' },
        h('span', { class: 'similar-icon', 'aria-hidden': 'true' }, '≈'), h('span', { class: 'similar-label' }, 'Similar')),
      h('button', { class: 'btn small kbd-hint', type: 'button', onclick: openShortcuts, 'aria-keyshortcuts': '?' }, 'Shortcuts ', h('kbd', null, '?')),
      h('span', { class: 'danger-zone', dataset: { needs: 'editor' } }, deleteBtn));
  }
  function renderTags() {
    fill(tagsView, (view.a.tags || []).map((t) => h('a', { class: 'chip', href: `#/search?q=${encodeURIComponent(`tag:${/\s/.test(t) ? `"${t}"` : t}`)}` }, t)));
  }

  // What this user may download ("downloads" of the asset), as a menu; nothing when there is none.
  function downloadMenu(x) {
    const list = Array.isArray(x.downloads) ? x.downloads : [];
    if (!list.length) return null;
    const asAttachment = (url) => (/[?&]download=1\b/.test(url) ? url : `${url}${url.includes('?') ? '&' : '?'}download=1`);
    const menu = h('details', { class: 'download-menu' },
      h('summary', { class: 'btn small' }, 'Download'),
      h('ul', { class: 'download-list' }, list.map((d) => h('li', null,
        h('a', { href: asAttachment(d.url), download: d.fileName || '', dataset: { kind: d.kind } },
          h('span', { class: 'dl-label' }, d.label || d.kind),
          h('span', { class: 'muted small' }, [d.fileName, fmtBytes(d.sizeBytes)].filter(Boolean).join(' · ')))))));
    menu.addEventListener('keydown', (e) => { if (e.key === 'Escape' && menu.open) { menu.open = false; menu.querySelector('summary').focus(); } });
    return menu;
  }
  const closeMenus = (e) => {
    for (const m of root.querySelectorAll('details.download-menu[open]')) if (!m.contains(e.target)) m.open = false;
  };
  document.addEventListener('click', closeMenus);
  ctx.onCleanup(() => document.removeEventListener('click', closeMenus));

  // ------------------------------------------------------------------ key facts

  const facts = h('dl', { class: 'key-facts' });
  function renderFacts() {
    const x = view.a;
    const shot = x.capturedAt
      ? ['Shot', h('span', { class: 'shot-at', title: CAPTURE_ZONE_NOTE }, fmtCapture(x.capturedAt))]
      : ['Added', fmtDate(x.addedAt)];
    const rows = [
      shot,
      ['Duration', fmtDuration(x.durationSec)],
      ['Size', fmtBytes(x.sizeBytes)],
      ['Resolution', fmtRes(x.width, x.height)],
      ['Codecs', [x.videoCodec, x.audioCodec].filter(Boolean).join(' / ')],
      ['State', h('span', { class: 'fact-state' }, h('span', { class: `pill kind-${x.kind}` }, x.kind), ' ', h('span', { class: `pill status-${x.status}` }, x.status))],
      ['Location', x.gps ? fmtLatLon(x.gps.latitude, x.gps.longitude) : null],
    ].filter(([, v]) => v != null && v !== '');
    fill(facts, rows.map(([k, v]) => h('div', { class: 'fact', dataset: { fact: k.toLowerCase() } }, h('dt', null, k), h('dd', null, v))));
  }

  // A map of where it was shot (lib/map.js draws it without fetching anything from the internet).
  const mapBox = h('div', { class: 'asset-map' });
  if (a.gps) {
    import('../lib/map.js')
      .then(({ mapView }) => {
        if (ctx.signal.aborted) return;
        mapBox.replaceChildren(mapView([{ lat: a.gps.latitude, lon: a.gps.longitude, label: displayTitle(a), href: `#/asset/${a.id}` }], { height: 180, focus: { lat: a.gps.latitude, lon: a.gps.longitude } }));
      })
      .catch(() => {});
  }

  // ------------------------------------------------------------------ technical, history

  function metadataPanel(x) {
    const rows = [
      ['File', h('span', { class: 'mono' }, x.path)],
      ['Kind', x.kind], ['Container', x.container], ['Duration', x.durationSec ? `${fmtDuration(x.durationSec)} (${x.durationSec.toFixed(3)} s)` : null],
      ['Resolution', fmtRes(x.width, x.height)], ['Frame rate', x.fps ? `${+x.fps.toFixed(3)} fps` : null],
      ['Video codec', x.videoCodec], ['Audio codec', x.audioCodec], ['Bit rate', fmtBitRate(x.bitRate)],
      ['Size', x.sizeBytes != null ? `${fmtBytes(x.sizeBytes)} (${x.sizeBytes.toLocaleString('en-US')} bytes)` : null],
      ['Rotation', x.rotation ? `${x.rotation}°` : null],
      ['Shot', x.capturedAt ? h('span', { title: CAPTURE_ZONE_NOTE }, `${fmtCapture(x.capturedAt)} (from the ${CAPTURE_SOURCES[x.captureSource] || 'file'})`) : null],
      ['Recorded tag', x.creationTime], ['Timecode', x.timecode],
      ['Location', x.gps ? fmtLatLon(x.gps.latitude, x.gps.longitude) : null],
      ['Camera', [x.cameraMake, x.cameraModel].filter(Boolean).join(' ')], ['Title tag', x.titleTag], ['Comment', x.commentTag],
      ['Batch', x.batch], ['Status', x.status], ['Error', x.error],
      ['Quick hash', x.quickHash], ['Full hash', x.fullHash], ['Catalogued', fmtDate(x.addedAt)], ['Updated', fmtDate(x.updatedAt)],
    ].filter(([, v]) => v != null && v !== '');
    return h('dl', { class: 'meta-grid' }, rows.flatMap(([k, v]) => [h('dt', null, k), h('dd', { class: /hash/i.test(k) ? 'mono' : null }, v instanceof Node ? v : String(v))]));
  }

  const streamsTable = (x) => dataTable([
    ['#', (st) => st.index], ['Type', (st) => st.type], ['Codec', (st) => [st.codec, st.profile].filter(Boolean).join(' / ')],
    ['Size', (st) => fmtRes(st.width, st.height)], ['FPS', (st) => (st.fps ? +st.fps.toFixed(3) : '')], ['Pixels', (st) => st.pixFmt],
    ['Audio', (st) => [st.sampleRate ? `${st.sampleRate} Hz` : '', st.channelLayout || (st.channels ? `${st.channels} ch` : '')].filter(Boolean).join(' ')],
    ['Lang', (st) => st.language], ['Bit rate', (st) => fmtBitRate(st.bitRate)],
  ], x.streams || [], 'No streams were found.', { className: 'streams' });

  const versionsTable = (x) => dataTable([
    ['Version', (v) => v.versionNo], ['Added', (v) => fmtDate(v.createdAt)], ['Size', (v) => fmtBytes(v.sizeBytes)],
    ['Length', (v) => fmtDuration(v.durationSec)], ['Picture', (v) => [fmtRes(v.width, v.height), v.videoCodec].filter(Boolean).join(' ')],
    ['Audio', (v) => v.audioCodec], ['Quick hash', (v) => h('span', { class: 'mono' }, v.quickHash || '')], ['Error', (v) => v.error],
  ], x.versions || [], 'None.');

  const locationsTable = (x) => ((x.locations || []).length
    ? h('ul', { class: 'locations' }, x.locations.map((l) => h('li', { class: 'location' },
      h('div', { class: 'location-path mono' }, l.path),
      h('div', { class: 'location-meta muted small' },
        l.missing ? h('span', { class: 'pill status-missing' }, 'missing') : h('span', { class: 'pill status-ok' }, 'present'),
        ` ${fmtBytes(l.sizeBytes)} · modified ${fmtDate(l.modifiedAt)} · last seen ${fmtDate(l.lastSeen)}`))))
    : h('p', { class: 'muted' }, 'No known location.'));

  // ------------------------------------------------------------------ jobs & actions

  const jobRows = new Map();
  function renderJobs() {
    jobRows.clear();
    const jobs = [...(view.a.jobs || [])].sort((p, q) => q.id - p.id);
    jobsList.replaceChildren(...(jobs.length ? jobs.map((j) => {
      const r = jobRow(j, { compact: true });
      jobRows.set(String(j.id), r);
      return r;
    }) : [h('p', { class: 'muted' }, 'No background jobs for this asset.')]));
  }

  async function regenerate(kind) {
    try {
      const job = await post(`/assets/${view.a.id}/regenerate?kind=${kind}`);
      toast(`Queued a new ${kind}`, 'ok');
      if (!jobRows.has(String(job.id))) {
        view.a.jobs = [job, ...(view.a.jobs || []).filter((j) => j.id !== job.id)];
        renderJobs();
      }
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  // Audio gets no sprite, and its poster is made from its picture or waveform, not asked for here.
  const canDerive = a.status !== 'failed' && a.kind !== 'other';
  const regenKinds = a.kind === 'video' ? ['poster', 'sprite', 'proxy'] : a.kind === 'audio' ? ['proxy'] : ['poster'];
  const regenButtons = h('div', { class: 'button-row', dataset: { needs: 'editor' } },
    h('span', { class: 'muted small' }, 'Make again:'),
    regenKinds.map((k) => h('button', { class: 'btn small', type: 'button', disabled: !canDerive, dataset: { regen: k }, onclick: () => regenerate(k) }, k)));

  // Forgetting (DELETE) after a confirmation; the catalog entry goes, files on disk never do.
  async function forget({ title, callout, confirm, done, then }) {
    const ok = await confirmDialog({
      title,
      body: [
        h('p', null, 'This forgets “', h('strong', null, displayTitle(view.a)), '” — its catalog entry, tags, posters, sprites and proxies.'),
        h('p', { class: 'callout' }, callout),
      ],
      confirm, danger: true,
    });
    if (!ok) return;
    try {
      await del(`/assets/${view.a.id}`);
      toast(done, 'ok');
      location.hash = then;
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  const deleteBtn = h('button', {
    class: 'btn small danger', type: 'button', onclick: () => forget({
      title: 'Remove from the catalog?',
      callout: 'Your files stay on disk. Nothing in your folders is deleted; a later scan would catalogue the file again.',
      confirm: 'Remove from catalog', done: 'Removed from the catalog. The file is still on disk.', then: '#/library',
    }),
  }, 'Remove from catalog…');

  // A missing asset: where and when its file was last seen, and the choice to forget it.
  const missingBanner = h('div', { class: 'missing-banner', role: 'status', hidden: true });
  function renderMissing() {
    const x = view.a;
    missingBanner.hidden = x.status !== 'missing';
    if (missingBanner.hidden) return;
    const last = [...(x.locations || [])].sort((p, q) => String(q.lastSeen || '').localeCompare(String(p.lastSeen || '')))[0];
    fill(missingBanner,
      h('p', null, 'The file of this asset is gone',
        last ? [' (last seen at ', h('span', { class: 'mono' }, last.path), ', ', fmtDate(last.lastSeen), ')'] : null,
        '. Put it back and it is found again, or forget it.'),
      h('button', {
        class: 'btn danger small', type: 'button', dataset: { needs: 'editor' }, onclick: () => forget({
          title: 'Forget this asset?',
          callout: 'Its file is already gone from disk. If it comes back later, a scan catalogues it again.',
          confirm: 'Forget', done: 'Forgot the missing asset.', then: '#/library?status=missing',
        }),
      }, 'Forget'));
  }

  // ------------------------------------------------------------------ tabs

  const metaPanel = h('div');
  const streamsPanel = h('div');
  const versionsPanel = h('div');
  const locationsPanel = h('div');
  function renderDetails() {
    const x = view.a;
    renderFacts();
    fill(metaPanel, metadataPanel(x));
    fill(streamsPanel, streamsTable(x));
    fill(versionsPanel, versionsTable(x));
    fill(locationsPanel, locationsTable(x));
    renderMissing();
  }

  const panel = (title, ...body) => h('section', { class: 'panel' }, h('h2', null, title), ...body);
  const tabs = [
    proc.panels.length ? ['processing', 'Processing', proc.panels] : null,
    ['technical', 'Technical', [panel('Technical metadata', metaPanel), panel('Streams', streamsPanel)]],
    ['history', 'History', [panel('Jobs', jobsList), panel('Versions', versionsPanel), panel('Locations', locationsPanel)]],
    ['files', 'Files', [proc.filesPanel, regenButtons, ledgerPanel(view.a.id), xmpPanel(view.a.id)]],
    ['share', 'Share', [sharePanel({ assetId: view.a.id }, 'this asset')]],
  ].filter(Boolean);
  const tabEls = new Map(); // name -> { tab, body }
  const tabList = h('div', { class: 'asset-tablist', role: 'tablist', 'aria-label': 'More about this asset' });
  const tabBodies = tabs.map(([name, title, body]) => {
    const tab = h('button', {
      class: 'asset-tab', type: 'button', role: 'tab', id: `asset-tab-${name}`, 'aria-controls': `asset-panel-${name}`,
      'aria-selected': 'false', tabindex: '-1', dataset: { tab: name }, onclick: () => choose(name, true),
    }, title);
    const el = h('div', { class: 'asset-tabpanel', role: 'tabpanel', id: `asset-panel-${name}`, 'aria-labelledby': tab.id, tabindex: '0', hidden: true, dataset: { tab: name } }, body);
    tabList.append(tab);
    tabEls.set(name, { tab, el });
    return el;
  });
  // Arrow keys, Home and End move between tabs (and show them), as in every tab strip.
  tabList.addEventListener('keydown', (e) => {
    const names = [...tabEls.keys()];
    const i = names.indexOf(e.target.dataset?.tab);
    if (i < 0) return;
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: names.length - 1 }[e.key];
    if (to == null) return;
    e.preventDefault();
    const name = names[(to + names.length) % names.length];
    choose(name, true);
    tabEls.get(name).tab.focus();
  });
  function choose(name, remember) {
    for (const [n, { tab, el }] of tabEls) {
      const on = n === name;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      el.hidden = !on;
    }
    if (remember) setPref(TAB_PREF, name);
  }
  const wanted = pref(TAB_PREF, 'processing');
  choose(tabEls.has(wanted) ? wanted : tabEls.has('processing') ? 'processing' : 'technical', false);

  // ------------------------------------------------------------------ layout

  fill(root,
    crumbs, // a row of its own: beside the actions it would squeeze the title on a phone
    h('div', { class: 'asset-top-row' }, head, actions),
    missingBanner,
    h('div', { class: 'asset-first' },
      h('div', { class: 'asset-stage' }, playerBox, scenes.el),
      h('aside', { class: 'asset-side' },
        h('section', { class: 'panel facts-panel', 'aria-label': 'Key facts' }, facts),
        a.gps ? h('section', { class: 'panel map-panel', 'aria-label': 'Where it was shot' }, mapBox) : null,
        h('section', { class: 'panel edit-panel', 'aria-label': 'Details' }, marks.el, editForm),
        fieldsPart.el,
        collectionsPanel(a.id),
        screenTextPanel(ctx, view).el)),
    h('div', { class: 'asset-tabs' }, tabList, tabBodies));
  renderHead();
  renderTags();
  renderDetails();
  renderJobs();
  buildPlayer();
  seekWhenReady(view.media, ctx.query.get('t') ?? undefined); // #/asset/ID?t=SECONDS opens at that time
  proc.start();

  // ------------------------------------------------------------------ keyboard

  function openShortcuts() {
    const k = view.a.kind;
    const list = k === 'image' ? IMAGE_SHORTCUTS
      : view.media ? SHORTCUTS.filter(([keys]) => k === 'video' || keys[0] !== 'F')
        : SHORTCUTS.filter(([keys]) => ['[', ']', 'E', '?'].includes(keys[0]));
    shortcutsDialog(can('editor') ? [...list, ...markShortcuts(k)] : list);
  }

  function step(dir) {
    const n = neighbours(view.a.id);
    if (n[dir] != null) location.hash = `#/asset/${n[dir]}`;
    else if (n.prev != null || n.next != null) toast(`This is the ${dir === 'prev' ? 'first' : 'last'} asset in ${n.label || 'the list'}.`);
    else toast('Open an asset from a list (library, search, a batch) to step through it with [ and ].');
  }

  const onKey = (e) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e)) return;
    let used = true;
    if (e.key === '?') openShortcuts();
    else if (e.key === '[') step('prev');
    else if (e.key === ']') step('next');
    else if ((e.key === 'e' || e.key === 'E') && !e.shiftKey) { titleIn.focus(); titleIn.select(); } else if (marks.key(e)) used = true;
    else if (view.keys) used = view.keys.handle(e);
    else if (view.viewer) used = !e.target.closest?.('[role=tab], [role=slider], button') && view.viewer.handleKey(e);
    else used = false;
    if (used) e.preventDefault();
  };
  document.addEventListener('keydown', onKey);
  ctx.onCleanup(() => { document.removeEventListener('keydown', onKey); view.keys?.stop(); });

  // ------------------------------------------------------------------ live

  // what: 'proxy' | 'poster' | 'sprite' | 'content' | null — which file changed, so the player is
  // only rebuilt when it has to be (never under someone watching).
  const reload = async (what) => {
    try {
      const fresh = await get(`/assets/${view.a.id}`);
      if (ctx.signal.aborted) return;
      const before = view.a;
      view.a = fresh;
      renderHead();
      renderTags();
      renderDetails();
      renderJobs();
      fieldsPart.refresh(fresh);
      const media = view.media;
      const watching = media && !media.paused;
      const changed = !!before.proxyPath !== !!fresh.proxyPath || !!before.posterPath !== !!fresh.posterPath;
      if (watching) return;
      if (changed || what === 'proxy' || what === 'content' || (what === 'sprite' && media instanceof HTMLVideoElement)) buildPlayer();
      else if (what === 'poster') {
        const v = Date.now();
        if (media instanceof HTMLVideoElement && fresh.posterPath) media.poster = `${posterUrl(fresh.id, 'large')}&v=${v}`;
        if (view.viewer && !(fresh.downloads || []).some((d) => d.kind === 'original')) buildPlayer();
      }
    } catch { /* removed: handled by asset.removed */ }
  };
  const mine = (m) => String(m.assetId) === String(view.a.id);
  ctx.on('job.state', (m) => {
    if (!mine(m)) return;
    const row = jobRows.get(String(m.jobId));
    if (row) updateJobRow(row, { state: m.state, error: m.error, attempts: m.attempts, progress: m.state === 'done' ? 1 : undefined });
    proc.onJobState(m);
    if (m.state === 'done') {
      if (m.kind === 'sprite') forgetSprite(view.a.id);
      reload(m.kind);
      proc.refreshFiles();
    } else if (!row) reload(null);
  });
  ctx.on('job.progress', (m) => {
    if (!mine(m)) return;
    const row = jobRows.get(String(m.jobId));
    if (row) updateJobRow(row, { progress: m.progress, state: 'running' });
    proc.onJobProgress(m);
  });
  ctx.on('asset.updated', (m) => { if (mine(m)) reload(null); });
  ctx.on('asset.ingested', (m) => { if (mine(m)) reload('content'); });
  ctx.on('asset.removed', (m) => {
    if (!mine(m)) return;
    root.prepend(h('div', { class: 'error-box', role: 'alert' }, 'This asset was removed from the catalog.'));
  });
  ctx.onCleanup(() => { if (view.media) { view.media.pause(); view.media.removeAttribute('src'); view.media.load(); } });
}
