// One asset: the player with a sprite scrub bar, editable description, technical metadata,
// versions, locations, processing (motion, idle trim, ffmpeg console), the files made from it, live
// job status, and removal from the catalog.

import {
  h, fill, append, fmtDuration, fmtClock, fmtBytes, fmtBitRate, fmtDate, fmtRes, displayTitle, fileName,
  toast, confirmDialog, errorBox, spinner, dataTable,
  fmtCapture, CAPTURE_SOURCES, CAPTURE_ZONE_NOTE,
} from '../lib/dom.js';
import { get, post, patch, del, posterUrl, proxyUrl } from '../lib/api.js';
import { can } from '../lib/session.js';
import { spriteTrack, forgetSprite, cueAt, showTile, preloadSheets } from '../lib/sprites.js';
import { kindIcon } from '../lib/cards.js';
import { jobRow, updateJobRow } from './jobs.js';
import { processingPanels } from './processing.js';
import { sharePanel } from './sharing.js';

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
  const scrubber = h('div', { class: 'scrubber', hidden: true });
  const jobsList = h('div', { class: 'job-list' });
  const view = { a, media: null };
  const proc = processingPanels(ctx, view);

  // ------------------------------------------------------------------ player

  function buildPlayer() {
    const cur = view.a;
    playerBox.replaceChildren();
    scrubber.hidden = true;
    view.media = null;
    const poster = cur.posterPath ? posterUrl(cur.id, 'large') : null;
    if (cur.status === 'failed') {
      playerBox.append(h('div', { class: 'player-placeholder' }, kindIcon('failed', 'icon big'),
        h('p', null, 'This file could not be read as media.'), h('p', { class: 'mono small' }, cur.error || '')));
      return;
    }
    if (cur.kind === 'image') {
      playerBox.append(poster
        ? h('img', { class: 'still', src: poster, alt: displayTitle(cur) })
        : h('div', { class: 'player-placeholder' }, kindIcon('image', 'icon big'), h('p', null, 'No preview yet.')));
      return;
    }
    if (cur.kind !== 'video' && cur.kind !== 'audio') {
      playerBox.append(h('div', { class: 'player-placeholder' }, kindIcon(cur.kind, 'icon big'), h('p', null, 'No preview for this kind of file.')));
      return;
    }
    if (!cur.proxyPath) {
      const job = (cur.jobs || []).find((j) => j.kind === 'proxy' && (j.state === 'queued' || j.state === 'running'));
      playerBox.append(h('div', { class: 'player-placeholder', style: poster ? { backgroundImage: `url("${poster}")` } : null },
        h('div', { class: 'veil' },
          kindIcon(cur.kind, 'icon big'),
          h('p', null, job ? 'Making a browser-playable copy… it plays here when it is ready.' : 'No browser-playable copy yet.'),
          job ? null : h('button', { class: 'btn', type: 'button', dataset: { needs: 'editor' }, onclick: () => regenerate('proxy') }, 'Make one'))));
      return;
    }
    if (cur.kind === 'audio') {
      const audio = h('audio', { controls: true, preload: 'metadata', src: proxyUrl(cur.id) });
      append(playerBox, [poster ? h('img', { class: 'still waveform', src: poster, alt: '' }) : null, audio]);
      view.media = audio;
      return;
    }
    const video = h('video', { controls: true, preload: 'metadata', playsinline: true, src: proxyUrl(cur.id), poster });
    playerBox.append(video);
    view.media = video;
    buildScrubber(video);
    proc.mediaChanged();
  }

  // A bar under the player: hovering shows the sprite tile for that time, clicking seeks.
  async function buildScrubber(video) {
    const track = view.a.spriteVttPath ? await spriteTrack(view.a.id) : null;
    if (ctx.signal.aborted || view.media !== video) return;
    const duration = () => (isFinite(video.duration) && video.duration > 0 ? video.duration : track?.duration || view.a.durationSec || 0);
    const played = h('div', { class: 'scrub-played' });
    const hover = h('div', { class: 'scrub-hover' });
    const tile = h('div', { class: 'tile' });
    const time = h('span', { class: 'scrub-time' });
    const preview = h('div', { class: 'scrub-preview', hidden: true }, track ? h('div', { class: 'scrub-tile' }, tile) : null, time);
    const bar = h('div', {
      class: 'scrub-track', role: 'slider', tabindex: '0', 'aria-label': 'Seek', 'aria-valuemin': '0',
    }, played, hover);
    scrubber.replaceChildren(bar, preview);
    scrubber.hidden = false;
    if (track) preloadSheets(track);

    const at = (clientX) => {
      const r = bar.getBoundingClientRect();
      const f = Math.min(1, Math.max(0, (clientX - r.left) / r.width));
      return { f, t: f * duration(), r };
    };
    bar.addEventListener('pointermove', (e) => {
      const { f, t, r } = at(e.clientX);
      hover.style.width = `${f * 100}%`;
      preview.hidden = false;
      time.textContent = fmtClock(t);
      const pw = track ? 176 : 64;
      if (track) {
        const c = cueAt(track, Math.min(t, track.duration - 0.001));
        showTile(tile, c, 160, 90);
      }
      preview.style.left = `${Math.min(r.width - pw / 2, Math.max(pw / 2, f * r.width))}px`;
    });
    bar.addEventListener('pointerleave', () => { preview.hidden = true; hover.style.width = '0'; });
    bar.addEventListener('click', (e) => {
      const { t } = at(e.clientX);
      video.currentTime = t;
    });
    bar.addEventListener('keydown', (e) => {
      const step = e.shiftKey ? 10 : 2;
      if (e.key === 'ArrowRight') { video.currentTime = Math.min(duration(), video.currentTime + step); e.preventDefault(); }
      if (e.key === 'ArrowLeft') { video.currentTime = Math.max(0, video.currentTime - step); e.preventDefault(); }
      if (e.key === ' ') { if (video.paused) video.play(); else video.pause(); e.preventDefault(); }
    });
    const sync = () => {
      const d = duration();
      played.style.width = d ? `${Math.min(100, (video.currentTime / d) * 100)}%` : '0';
      bar.setAttribute('aria-valuemax', String(Math.round(d)));
      bar.setAttribute('aria-valuenow', String(Math.round(video.currentTime)));
    };
    video.addEventListener('timeupdate', sync);
    video.addEventListener('seeked', sync);
    video.addEventListener('loadedmetadata', sync);
  }

  // ------------------------------------------------------------------ edit form

  const titleIn = h('input', { name: 'title', value: a.title || '', maxlength: '500', required: true });
  const tagsIn = h('input', { name: 'tags', value: (a.tags || []).join(', '), placeholder: 'beach, drone, 2024' });
  const descIn = h('textarea', { name: 'description', rows: '3', value: a.description || '' });
  const batchIn = h('input', { name: 'batch', value: a.batch || '', list: 'batch-names', placeholder: 'none' });
  const batchList = h('datalist', { id: 'batch-names' });
  const saved = h('span', { class: 'form-status', role: 'status' });
  get('/batches').then((bs) => batchList.replaceChildren(...bs.map((b) => h('option', { value: b.name })))).catch(() => {});
  const tagsOf = (text) => text.split(',').map((t) => t.trim()).filter(Boolean);

  const editForm = h('form', {
    class: 'edit-form', onsubmit: async (e) => {
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
  h('label', null, 'Title', titleIn),
  h('label', null, 'Tags ', h('span', { class: 'muted small' }, '(comma separated)'), tagsIn),
  h('label', null, 'Description', descIn),
  h('label', null, 'Batch', batchIn, batchList),
  h('div', { class: 'form-actions' }, h('button', { class: 'btn primary', type: 'submit', dataset: { needs: 'editor' } }, 'Save'), saved));
  if (!can('editor')) for (const el of [titleIn, tagsIn, descIn, batchIn]) el.readOnly = true;

  // ------------------------------------------------------------------ header

  const head = h('div', { class: 'asset-head' });
  const tagsView = h('div', { class: 'tags' });
  function renderHead() {
    const x = view.a;
    document.title = `${displayTitle(x)} · That DAM`;
    fill(head,
      h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' },
        h('a', { href: '#/library' }, 'Library'), ' / ',
        x.batch ? [h('a', { href: `#/batch/${encodeURIComponent(x.batch)}` }, x.batch), ' / '] : null,
        h('span', null, fileName(x.path))),
      h('h1', { class: 'asset-title' }, displayTitle(x)),
      h('div', { class: 'asset-badges' },
        h('span', { class: `pill kind-${x.kind}` }, x.kind),
        x.status !== 'ok' ? h('span', { class: `pill status-${x.status}` }, x.status) : null,
        x.durationSec ? h('span', { class: 'pill' }, fmtDuration(x.durationSec)) : null,
        x.width ? h('span', { class: 'pill' }, fmtRes(x.width, x.height)) : null,
        x.videoCodec ? h('span', { class: 'pill' }, x.videoCodec) : null,
        h('span', { class: 'pill' }, fmtBytes(x.sizeBytes))),
      h('div', { class: 'asset-path mono', title: x.path }, x.path));
  }
  function renderTags() {
    fill(tagsView, (view.a.tags || []).map((t) => h('a', { class: 'chip', href: `#/search?q=${encodeURIComponent(`tag:${/\s/.test(t) ? `"${t}"` : t}`)}` }, t)));
  }

  // ------------------------------------------------------------------ metadata

  function metadataPanel(x) {
    const rows = [
      ['Kind', x.kind], ['Container', x.container], ['Duration', x.durationSec ? `${fmtDuration(x.durationSec)} (${x.durationSec.toFixed(3)} s)` : null],
      ['Resolution', fmtRes(x.width, x.height)], ['Frame rate', x.fps ? `${+x.fps.toFixed(3)} fps` : null],
      ['Video codec', x.videoCodec], ['Audio codec', x.audioCodec], ['Bit rate', fmtBitRate(x.bitRate)],
      ['Size', x.sizeBytes != null ? `${fmtBytes(x.sizeBytes)} (${x.sizeBytes.toLocaleString('en-US')} bytes)` : null],
      ['Rotation', x.rotation ? `${x.rotation}°` : null],
      ['Shot', x.capturedAt ? h('span', { class: 'shot-at', title: CAPTURE_ZONE_NOTE },
        `${fmtCapture(x.capturedAt)} (from the ${CAPTURE_SOURCES[x.captureSource] || 'file'})`) : null],
      ['Recorded tag', x.creationTime], ['Timecode', x.timecode],
      ['Location', x.gps ? `${x.gps.latitude.toFixed(5)}, ${x.gps.longitude.toFixed(5)}` : null],
      ['Camera', [x.cameraMake, x.cameraModel].filter(Boolean).join(' ')], ['Title tag', x.titleTag], ['Comment', x.commentTag],
      ['Batch', x.batch], ['Status', x.status], ['Error', x.error],
      ['Quick hash', x.quickHash], ['Full hash', x.fullHash], ['Catalogued', fmtDate(x.addedAt)], ['Updated', fmtDate(x.updatedAt)],
    ].filter(([, v]) => v != null && v !== '');
    return h('dl', { class: 'meta-grid' }, rows.flatMap(([k, v]) => [h('dt', null, k), h('dd', { class: /hash/i.test(k) ? 'mono' : null }, v instanceof Node ? v : String(v))]));
  }

  const streamsTable = (x) => dataTable([
    ['#', (s) => s.index], ['Type', (s) => s.type], ['Codec', (s) => [s.codec, s.profile].filter(Boolean).join(' / ')],
    ['Size', (s) => fmtRes(s.width, s.height)], ['FPS', (s) => (s.fps ? +s.fps.toFixed(3) : '')], ['Pixels', (s) => s.pixFmt],
    ['Audio', (s) => [s.sampleRate ? `${s.sampleRate} Hz` : '', s.channelLayout || (s.channels ? `${s.channels} ch` : '')].filter(Boolean).join(' ')],
    ['Lang', (s) => s.language], ['Bit rate', (s) => fmtBitRate(s.bitRate)],
  ], x.streams || [], 'No streams were found.');

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

  const canDerive = a.status !== 'failed' && a.kind !== 'other';
  const regenButtons = h('div', { class: 'button-row', dataset: { needs: 'editor' } },
    h('span', { class: 'muted small' }, 'Make again:'),
    ['poster', ...(a.kind === 'video' ? ['sprite'] : []), ...(a.kind === 'video' || a.kind === 'audio' ? ['proxy'] : [])]
      .map((k) => h('button', { class: 'btn small', type: 'button', disabled: !canDerive, dataset: { regen: k }, onclick: () => regenerate(k) }, k)));

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
    class: 'btn danger', type: 'button', onclick: () => forget({
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

  // ------------------------------------------------------------------ layout

  const metaPanel = h('div');
  const streamsPanel = h('div');
  const versionsPanel = h('div');
  const locationsPanel = h('div');
  function renderDetails() {
    const x = view.a;
    fill(metaPanel, metadataPanel(x));
    fill(streamsPanel, streamsTable(x));
    fill(versionsPanel, versionsTable(x));
    fill(locationsPanel, locationsTable(x));
    renderMissing();
  }

  const panel = (title, ...body) => h('section', { class: 'panel' }, h('h2', null, title), ...body);
  fill(root,
    head,
    missingBanner,
    h('div', { class: 'asset-layout' },
      h('div', { class: 'asset-main' },
        h('div', { class: 'player' }, playerBox, scrubber, proc.strip),
        tagsView,
        ...proc.panels,
        panel('Technical metadata', metaPanel),
        panel('Streams', streamsPanel),
        panel('Versions', versionsPanel),
        panel('Locations', locationsPanel)),
      h('aside', { class: 'asset-side' },
        panel('Details', editForm),
        panel('Jobs', jobsList, regenButtons),
        sharePanel({ assetId: view.a.id }, 'this asset'),
        proc.filesPanel,
        h('section', { class: 'panel danger-zone', dataset: { needs: 'editor' } }, h('h2', null, 'Catalog'), h('p', { class: 'muted small' },
          'Removing only forgets the asset. Files on disk are never touched.'), deleteBtn))));
  renderHead();
  renderTags();
  renderDetails();
  renderJobs();
  buildPlayer();
  proc.start();

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
      const media = view.media;
      const watching = media && !media.paused;
      const changed = !!before.proxyPath !== !!fresh.proxyPath || !!before.posterPath !== !!fresh.posterPath;
      if (watching) return;
      if (changed || what === 'proxy' || what === 'content') buildPlayer();
      else if (what === 'sprite' && media instanceof HTMLVideoElement) buildScrubber(media);
      else if (what === 'poster') {
        const v = Date.now();
        if (media instanceof HTMLVideoElement && fresh.posterPath) media.poster = `${posterUrl(fresh.id, 'large')}&v=${v}`;
        playerBox.querySelector('img.still')?.setAttribute('src', `${posterUrl(fresh.id, 'large')}&v=${v}`);
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
