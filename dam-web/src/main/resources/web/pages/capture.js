// Capture: the camera monitor. #/capture is a multi-view grid of every live source (preview, state,
// REC with the server's timecode and duration, dropped frames, disk left); #/capture/ID shows one
// source large with the operator's overlays, the scopes and the controls. Everything about a
// recording (timecode, duration, size, drops, disk) comes from the server's recording.* events —
// the page never counts time itself.

import { h, fill, fmtBytes, fmtDuration, fmtNumber, fmtRes, toast, errorBox, spinner, confirmDialog, empty } from '../lib/dom.js';
import { api, get, post, del } from '../lib/api.js';
import { can } from '../lib/session.js';
import {
  applyOverlays, drawGuides, measure, drawHistogram, drawWaveform, FALSE_COLOUR_BANDS, PEAKING_COLOURS,
} from '../lib/monitor.js';

const base = (id) => `/api/v1/capture/sources/${encodeURIComponent(id)}`;
const previewUrl = (id, n = 0) => `${base(id)}/preview.mjpeg${n ? `?r=${n}` : ''}`;
/** A transparent pixel: setting it as an image's source ends its stream (the browser drops the connection). */
const BLANK = 'data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==';
/**
 * Browsers open about six connections to one server; each MJPEG tile holds one. Past this many
 * tiles, the grid shows the latest picture (frame.jpg) once a second instead.
 */
const MJPEG_TILES = 4;

const STATE_TEXT = { idle: 'Idle', starting: 'Starting', live: 'Live', 'no-signal': 'No signal', recording: 'Recording' };
/** Why a take ended (recording.stopped's reason), for people. */
const STOP_TEXT = {
  stopped: 'is saved', seconds: 'is saved (it ran its set length)', 'disk-full': 'stopped before the disk filled up and is saved',
  'signal-lost': 'stopped when the signal was lost and is saved', shutdown: 'stopped when the server shut down and is saved',
};
const KIND_TEXT = { test: 'Test pattern', device: 'Device', network: 'Network' };

// ---------------------------------------------------------------- shared state of a page

/**
 * The sources as the server last described them, plus the last recording.progress of each, kept
 * current from the event stream; `changed(id)` is called after every update.
 */
function liveModel(ctx, changed, listChanged) {
  const model = { sources: new Map(), progress: new Map(), disk: null, audio: [], encoder: '' };
  model.load = async () => {
    const s = await get('/capture/sources', { signal: ctx.signal });
    const before = [...model.sources.keys()].join('\n');
    const old = model.sources;
    model.sources = new Map(s.sources.map((src) => [src.id, { ...src, lastTake: old.get(src.id)?.lastTake }]));
    model.audio = s.audio || [];
    model.encoder = s.encoder || '';
    if ([...model.sources.keys()].join('\n') !== before) listChanged();
    for (const id of model.sources.keys()) changed(id);
  };
  const withSource = (id, fn) => {
    const src = model.sources.get(id);
    if (!src) return;
    fn(src);
    changed(id);
  };
  ctx.on('capture.sources', () => model.load().catch(() => { /* the next event or a reload tries again */ }));
  ctx.on('capture.state', (m) => withSource(m.source, (src) => { src.state = m.state; }));
  ctx.on('recording.started', (m) => withSource(m.take.source, (src) => {
    src.recording = m.take;
    src.state = 'recording';
    model.progress.delete(src.id);
  }));
  ctx.on('recording.progress', (m) => {
    if (model.sources.get(m.source)?.lastTake?.id === m.takeId) return; // late news of a take that has ended
    model.progress.set(m.source, m);
    if (m.diskFreeBytes != null) model.disk = m.diskFreeBytes;
    withSource(m.source, (src) => {
      if (!src.recording || src.recording.id !== m.takeId) src.recording = { ...(src.recording || {}), id: m.takeId, source: m.source, state: 'recording' };
    });
  });
  const ended = (m, why) => withSource(m.take.source, (src) => {
    if (src.recording && src.recording.id !== m.take.id) return;
    src.recording = null;
    if (src.state === 'recording') src.state = 'live';
    model.progress.delete(src.id); // the take's own numbers say how it ended; the disk figure stays
    src.lastTake = { ...m.take, why };
  });
  /** A take the server says has ended (its answer to a stop, when the event stream is slow or away). */
  model.ended = (take) => { if (take && take.state !== 'recording') ended({ take }, 'stopped'); };
  ctx.on('recording.stopped', (m) => ended(m, m.reason));
  ctx.on('recording.failed', (m) => ended(m, m.error));
  // after a lost connection the events in between are gone: ask again
  ctx.on('hello', () => model.load().catch(() => {}));
  return model;
}

function stateBadge(src) {
  const st = src.recording ? 'recording' : src.state;
  return h('span', { class: `pill cap-state cap-state-${st}`, dataset: { state: st } }, STATE_TEXT[st] || st);
}

/** REC state, timecode and duration, dropped frames, size and disk left, as the server last reported them. */
function recordingFacts(src, model, { compact = false } = {}) {
  const p = model.progress.get(src.id);
  const rec = src.recording;
  const disk = p?.diskFreeBytes ?? model.disk;
  const facts = h('dl', { class: ['cap-facts', compact && 'compact'] });
  const add = (label, value, cls) => facts.append(h('div', { class: cls }, h('dt', null, label), h('dd', null, value)));
  add('REC', h('span', { class: ['cap-rec', rec && 'on'], dataset: { rec: String(!!rec) } }, rec ? '● REC' : 'Standby'), 'cap-fact-rec');
  add('Timecode', h('span', { class: 'cap-timecode mono' }, p?.timecode || rec?.startTimecode || '--:--:--:--'), 'cap-fact-tc');
  add('Duration', h('span', { class: 'cap-duration mono' }, p ? fmtDuration(p.durationSeconds) : rec ? '0:00.0' : '–'), 'cap-fact-duration');
  add('Dropped', h('span', { class: 'cap-dropped' }, p ? fmtNumber(p.droppedFrames) : '–'), 'cap-fact-dropped');
  if (!compact) add('Size', h('span', { class: 'cap-bytes' }, p ? fmtBytes(p.bytes) : '–'), 'cap-fact-bytes');
  add('Disk free', h('span', { class: 'cap-disk' }, disk != null ? fmtBytes(disk) : '–'), 'cap-fact-disk');
  return facts;
}

/** The last finished take of a source: where it went, or why it stopped. */
function lastTakeNote(src) {
  const t = src.lastTake;
  if (!t) return null;
  const name = t.name || `take ${t.id}`;
  const failed = t.state === 'failed';
  return h('p', { class: ['cap-last-take small', failed && 'error-text'], dataset: { take: String(t.id), state: t.state } },
    failed ? `“${name}” failed: ${t.error || t.why || 'no reason given'}`
      : `“${name}” ${STOP_TEXT[t.why] || 'is saved'}${t.durationSeconds ? ` (${fmtDuration(t.durationSeconds)})` : ''}`,
    failed ? null : [' · ', t.assetId != null
      ? h('a', { href: `#/asset/${t.assetId}` }, 'open it')
      : h('a', { href: `#/search?q=${encodeURIComponent(`"${name}"`)}` }, 'find it in the library')]);
}

async function record(ids, name, errorTarget) {
  fill(errorTarget);
  try {
    const r = await post('/capture/record', { sources: ids, name: name || null });
    toast(`Recording ${r.takes.map((t) => t.name).join(', ')}`, 'ok');
    return r.takes;
  } catch (e) {
    fill(errorTarget, errorBox(e));
    return null;
  }
}

async function stop(ids, errorTarget) {
  fill(errorTarget);
  try {
    return (await post('/capture/stop', { sources: ids, takes: [] })).takes || [];
  } catch (e) {
    fill(errorTarget, errorBox(e));
    return [];
  }
}

// ---------------------------------------------------------------- the grid

export async function render(ctx) {
  if (ctx.args[0]) return renderSource(ctx, ctx.args[0]);
  const grid = h('div', { class: 'cap-grid', id: 'cap-grid', 'aria-busy': 'true' }, spinner());
  const errors = h('div', { id: 'cap-error', 'aria-live': 'polite' });
  const tiles = new Map(); // id → { el, update, img }
  const model = liveModel(ctx, (id) => tiles.get(id)?.update(), () => buildTiles());
  const takeName = h('input', { id: 'cap-take-name', name: 'take', maxlength: '200', autocomplete: 'off', spellcheck: 'false', placeholder: 'e.g. Interview A' });
  const recAll = h('button', { class: 'btn danger', type: 'button', id: 'cap-rec-all', dataset: { needs: 'editor' } }, '● REC all');
  const stopAll = h('button', { class: 'btn', type: 'button', id: 'cap-stop-all', dataset: { needs: 'editor' } }, '■ STOP all');
  recAll.addEventListener('click', async () => {
    const ids = [...model.sources.values()].filter((s) => s.available && !s.recording).map((s) => s.id);
    if (!ids.length) { fill(errors, errorBox({ message: 'No available source is idle: nothing to record.' })); return; }
    recAll.disabled = true;
    await record(ids, takeName.value.trim(), errors);
    recAll.disabled = false;
  });
  stopAll.addEventListener('click', () => stop([], errors));

  function tile(src) {
    const n = model.sources.size;
    let refresh = 0;
    const img = h('img', { class: 'cap-tile-img', alt: `Live picture of ${src.name}`, decoding: 'async' });
    const start = () => {
      if (n <= MJPEG_TILES) img.src = previewUrl(src.id);
      else img.src = `${base(src.id)}/frame.jpg?t=${Date.now()}`;
    };
    // past MJPEG_TILES: the latest picture once a second; an MJPEG stream that breaks is opened again
    img.addEventListener('load', () => {
      if (n > MJPEG_TILES && !ctx.signal.aborted) refresh = setTimeout(start, 1000);
    });
    img.addEventListener('error', () => {
      if (!ctx.signal.aborted && img.src !== BLANK) refresh = setTimeout(start, 2000);
    });
    ctx.onCleanup(() => { clearTimeout(refresh); img.src = BLANK; });
    start();
    const status = h('div', { class: 'cap-tile-status' });
    const buttons = h('div', { class: 'button-row', dataset: { needs: 'editor' } });
    const el = h('article', { class: 'cap-tile', dataset: { source: src.id }, 'aria-labelledby': `cap-tile-${src.id}` },
      h('a', { class: 'cap-tile-preview', href: `#/capture/${encodeURIComponent(src.id)}`, 'aria-label': `Open the monitor of ${src.name}` }, img),
      h('div', { class: 'cap-tile-body' },
        h('div', { class: 'cap-tile-head' },
          h('h2', { class: 'cap-tile-name', id: `cap-tile-${src.id}` }, h('a', { href: `#/capture/${encodeURIComponent(src.id)}` }, src.name)),
          h('span', { class: 'cap-badge-slot' })),
        status, buttons));
    const update = () => {
      const s = model.sources.get(src.id);
      if (!s) return;
      el.dataset.state = s.recording ? 'recording' : s.state;
      fill(el.querySelector('.cap-badge-slot'), stateBadge(s));
      fill(status, h('p', { class: 'muted small cap-tile-sub' }, [KIND_TEXT[s.kind] || s.kind, s.available ? null : 'not available',
        s.viewers ? `${s.viewers} watching` : null].filter(Boolean).join(' · ')), recordingFacts(s, model, { compact: true }), lastTakeNote(s));
      fill(buttons, s.recording
        ? h('button', { class: 'btn small', type: 'button', 'aria-label': `Stop recording ${s.name}`, onclick: () => stop([s.id], errors) }, '■ STOP')
        : h('button', { class: 'btn small danger', type: 'button', disabled: !s.available, 'aria-label': `Record ${s.name}`, onclick: () => record([s.id], takeName.value.trim(), errors) }, '● REC'));
    };
    update();
    return { el, update, img };
  }

  function buildTiles() {
    for (const t of tiles.values()) t.img.src = BLANK;
    tiles.clear();
    grid.removeAttribute('aria-busy');
    if (!model.sources.size) {
      fill(grid, empty('No live source.', 'Plug in a camera or capture card, add a network source below, or set capture.test-sources in dam.toml.'));
      return;
    }
    fill(grid, [...model.sources.values()].map((src) => {
      const t = tile(src);
      tiles.set(src.id, t);
      return t.el;
    }));
  }

  ctx.main.append(
    h('div', { class: 'page-head' }, h('h1', null, 'Capture'),
      h('div', { class: 'toolbar cap-group', dataset: { needs: 'editor' } },
        h('label', { class: 'field cap-take-field', for: 'cap-take-name' }, 'Take name'), takeName, recAll, stopAll)),
    errors, grid,
    h('section', { class: 'panel', dataset: { needs: 'admin' }, 'aria-labelledby': 'cap-add-title' },
      h('h2', { id: 'cap-add-title' }, 'Add a network source'), addForm(model)));
  try {
    await model.load();
    if (!tiles.size) buildTiles();
  } catch (e) {
    if (e.name !== 'AbortError') { grid.removeAttribute('aria-busy'); fill(grid, errorBox(e)); }
  }
}

/** Admins add a camera by URL. The password is sent once and never shown back; the form forgets it after sending. */
function addForm(model) {
  const status = h('div', { id: 'cap-add-status', 'aria-live': 'polite' });
  const field = (label, input, hint) => h('label', { class: 'field' }, label, input, hint ? h('span', { class: 'muted small' }, hint) : null);
  const name = h('input', { name: 'name', required: true, maxlength: '100', autocomplete: 'off' });
  const url = h('input', { name: 'url', required: true, inputmode: 'url', autocomplete: 'off', spellcheck: 'false', placeholder: 'rtsp://192.168.1.20:554/stream1' });
  const transport = h('select', { name: 'transport' },
    h('option', { value: '' }, 'Automatic'), h('option', { value: 'tcp' }, 'TCP'), h('option', { value: 'udp' }, 'UDP'));
  const user = h('input', { name: 'username', autocomplete: 'off', spellcheck: 'false' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'new-password' });
  const audio = h('select', { name: 'audio' }, h('option', { value: '' }, 'The stream’s own (or none)'));
  const form = h('form', { class: 'proc-form cap-add-form', id: 'cap-add', 'aria-label': 'Add a network source' },
    field('Name', name), field('URL', url, 'RTSP, SRT, RTMP or HTTP(S) (MPEG-TS, MJPEG, HLS)'), field('RTSP transport', transport),
    field('User name', user), field('Password', password, 'Kept on the server; never shown again'), field('Audio input', audio),
    h('div', { class: 'button-row' }, h('button', { class: 'btn primary', type: 'submit' }, 'Add source')), status);
  form.addEventListener('focusin', () => {
    // the audio inputs are known once the sources loaded
    if (audio.options.length > 1) return;
    for (const a of model.audio) audio.append(h('option', { value: a.id }, `${a.name} (${a.kind})`));
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    fill(status);
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const src = await post('/capture/sources', {
        name: name.value.trim(), url: url.value.trim(), transport: transport.value || null,
        username: user.value.trim() || null, password: password.value || null, audio: audio.value || null,
      });
      form.reset();
      toast(`${src.name} added`, 'ok');
      await model.load();
    } catch (err) {
      fill(status, errorBox(err));
    } finally {
      password.value = ''; // never left in the page, whatever happened
      button.disabled = false;
    }
  });
  return form;
}

// ---------------------------------------------------------------- one source, large

const PREFS_KEY = 'dam.monitor';
const DEFAULTS = {
  zebra: false, zebraLevel: 95, peaking: false, peakingColour: 'red', falseColour: false,
  histogram: true, waveform: true, safe: false, g239: false, g185: false, g916: false,
};

/** The overlay choices of this browser (a property of the screen being watched, so not the account's). */
function loadMonitorPrefs() {
  try {
    const v = JSON.parse(localStorage.getItem(PREFS_KEY) || '{}');
    return { ...DEFAULTS, ...(v && typeof v === 'object' ? v : {}) };
  } catch {
    return { ...DEFAULTS };
  }
}

function saveMonitorPrefs(p) {
  try {
    localStorage.setItem(PREFS_KEY, JSON.stringify(p));
  } catch {
    // storage disabled or full: the choice lasts for this page
  }
}

/** Toggles, their shortcut key and label; the page lists them. */
const TOGGLES = [
  ['zebra', 'z', 'Zebras'],
  ['peaking', 'p', 'Focus peaking'],
  ['falseColour', 'f', 'False colour'],
  ['histogram', 'h', 'Histogram'],
  ['waveform', 'w', 'Waveform'],
  ['safe', 's', 'Safe areas'],
  ['g239', '2', '2.39:1 guide'],
  ['g185', '1', '1.85:1 guide'],
  ['g916', '9', '9:16 guide'],
];

/** How often the overlays are computed at most: above the preview's 15 pictures a second (its default), well below the screen's 60. */
const FRAME_MS = 1000 / 24;
/** Width of the copy the histogram and the waveform are measured on. */
const SCOPE_W = 192;

async function renderSource(ctx, id) {
  const prefs = loadMonitorPrefs();
  const errors = h('div', { id: 'cap-error', 'aria-live': 'polite' });
  let src;
  try {
    const all = await get('/capture/sources', { signal: ctx.signal });
    src = all.sources.find((s) => s.id === id);
    if (!src) throw new Error(`There is no live source “${id}”: it was removed, or its device is unplugged.`);
  } catch (e) {
    if (e.name === 'AbortError') return;
    ctx.main.append(h('p', { class: 'crumbs' }, h('a', { href: '#/capture' }, 'Capture')), errorBox(e));
    return;
  }
  document.title = `${src.name} · Capture · That DAM`;

  // --- picture: the MJPEG stream (hidden) is copied into `frame` each animation frame, then drawn with overlays into `view`
  const img = h('img', { class: 'cap-source-img', alt: '', 'aria-hidden': 'true', decoding: 'sync' });
  const view = h('canvas', { id: 'cap-canvas', class: 'cap-canvas', width: 640, height: 360, role: 'img', 'aria-label': `Live picture of ${src.name}` });
  const frame = document.createElement('canvas');
  const small = document.createElement('canvas');
  const vctx = view.getContext('2d', { willReadFrequently: true });
  const fctx = frame.getContext('2d', { willReadFrequently: true });
  const sctx = small.getContext('2d', { willReadFrequently: true });
  const histo = h('canvas', { class: 'cap-scope', id: 'cap-histogram', width: 256, height: 96, role: 'img', 'aria-label': 'Luma histogram' });
  const wave = h('canvas', { class: 'cap-scope', id: 'cap-waveform', width: SCOPE_W, height: 128, role: 'img', 'aria-label': 'Luma waveform (0 to 100 IRE)' });
  const perf = h('span', { class: 'muted small cap-perf', id: 'cap-perf' });
  let frozen = false;
  let have = false; // a picture has been drawn
  let raf = 0, last = 0, frames = 0, spent = 0, streamTry = 0, retry = 0;

  const openStream = () => { img.src = previewUrl(id, streamTry++); };
  img.addEventListener('error', () => {
    if (ctx.signal.aborted || img.src === BLANK) return;
    retry = setTimeout(openStream, Math.min(10000, 500 * 2 ** Math.min(5, streamTry)));
  });
  img.addEventListener('load', () => { streamTry = 1; });

  function tick(now) {
    raf = requestAnimationFrame(tick);
    if (now - last < FRAME_MS) return;
    last = now;
    const w = img.naturalWidth, hh = img.naturalHeight;
    if (!w || !hh) return;
    const t0 = performance.now();
    if (frame.width !== w || frame.height !== hh) {
      frame.width = w; frame.height = hh; view.width = w; view.height = hh;
      small.width = SCOPE_W; small.height = Math.max(1, Math.round((SCOPE_W * hh) / w));
      have = false;
    }
    if (!frozen || !have) {
      fctx.drawImage(img, 0, 0, w, hh);
      have = true;
    }
    if (prefs.zebra || prefs.peaking || prefs.falseColour) {
      const data = fctx.getImageData(0, 0, w, hh);
      applyOverlays(data, prefs);
      vctx.putImageData(data, 0, 0);
    } else {
      vctx.drawImage(frame, 0, 0);
    }
    drawGuides(vctx, w, hh, prefs);
    if (prefs.histogram || prefs.waveform) {
      sctx.drawImage(frame, 0, 0, small.width, small.height);
      const m = measure(sctx.getImageData(0, 0, small.width, small.height));
      if (prefs.histogram) drawHistogram(histo, m, prefs.zebra ? prefs.zebraLevel : null);
      if (prefs.waveform) drawWaveform(wave, m);
    }
    frames++;
    spent = spent ? spent * 0.9 + (performance.now() - t0) * 0.1 : performance.now() - t0;
    // for people (and tests): how many pictures were drawn, and what the overlays cost
    view.dataset.frames = String(frames);
    if (frames % 15 === 0) perf.textContent = `${w}×${hh} · overlays ${spent.toFixed(1)} ms a picture`;
  }
  openStream();
  raf = requestAnimationFrame(tick);
  ctx.onCleanup(() => { cancelAnimationFrame(raf); clearTimeout(retry); img.src = BLANK; });

  // --- overlay controls
  const toggles = new Map();
  const apply = () => {
    saveMonitorPrefs(prefs);
    for (const [key, box] of toggles) box.checked = !!prefs[key];
    histo.hidden = !prefs.histogram;
    wave.hidden = !prefs.waveform;
    view.dataset.overlays = TOGGLES.filter(([k]) => prefs[k]).map(([k]) => k).join(' ');
    zebraOut.value = `${prefs.zebraLevel} IRE`;
  };
  const zebraLevel = h('input', { type: 'range', id: 'cap-zebra-level', min: '50', max: '100', step: '1', value: String(prefs.zebraLevel) });
  const zebraOut = h('output', { for: 'cap-zebra-level', class: 'mono small' });
  zebraLevel.addEventListener('input', () => { prefs.zebraLevel = Number(zebraLevel.value); apply(); });
  const peakColour = h('select', { id: 'cap-peaking-colour' },
    Object.keys(PEAKING_COLOURS).map((c) => h('option', { value: c, selected: prefs.peakingColour === c }, c)));
  peakColour.addEventListener('change', () => { prefs.peakingColour = peakColour.value; apply(); });
  const toggleRow = (key, keyName, label) => {
    const box = h('input', { type: 'checkbox', id: `cap-ov-${key}`, name: key, checked: !!prefs[key], 'aria-keyshortcuts': keyName.toUpperCase() });
    box.addEventListener('change', () => { prefs[key] = box.checked; apply(); });
    toggles.set(key, box);
    return h('label', { class: 'check', for: `cap-ov-${key}` }, box, label, h('kbd', { class: 'cap-key', 'aria-hidden': 'true' }, keyName.toUpperCase()));
  };
  const freeze = h('button', { class: 'btn small', type: 'button', id: 'cap-freeze', 'aria-pressed': 'false', 'aria-keyshortcuts': 'Space' }, 'Freeze picture');
  const setFrozen = (on) => {
    frozen = on;
    freeze.setAttribute('aria-pressed', String(on));
    freeze.textContent = on ? 'Resume picture' : 'Freeze picture';
    view.dataset.frozen = String(on);
  };
  freeze.addEventListener('click', () => setFrozen(!frozen));
  const overlays = h('fieldset', { class: 'cap-overlays' }, h('legend', null, 'Overlays'),
    TOGGLES.slice(0, 3).map(([k, key, label]) => toggleRow(k, key, label)),
    h('label', { class: 'field', for: 'cap-zebra-level' }, h('span', null, 'Zebra level ', zebraOut), zebraLevel),
    h('label', { class: 'field', for: 'cap-peaking-colour' }, 'Peaking colour', peakColour),
    TOGGLES.slice(3).map(([k, key, label]) => toggleRow(k, key, label)),
    h('div', { class: 'button-row' }, freeze));
  const legend = h('details', { class: 'cap-legend small' }, h('summary', null, 'False colour bands'),
    h('ul', null, FALSE_COLOUR_BANDS.map(([lo, hi, [r, g, b], meaning]) => h('li', null,
      h('i', { class: 'cap-swatch', style: { background: `rgb(${r},${g},${b})` }, 'aria-hidden': 'true' }),
      `${lo}–${Math.min(hi, 100)} IRE: ${meaning}`)), h('li', null, 'Everything else: grey')));
  const shortcuts = h('details', { class: 'cap-shortcuts small' }, h('summary', null, 'Keyboard shortcuts'),
    h('dl', null, TOGGLES.map(([, key, label]) => [h('dt', null, h('kbd', null, key.toUpperCase())), h('dd', null, label)]),
      h('dt', null, h('kbd', null, 'Space')), h('dd', null, 'Freeze or resume the picture')));
  const onKey = (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    const t = e.target;
    const typing = t && (t.isContentEditable || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT'
      || (t.tagName === 'INPUT' && !['checkbox', 'radio', 'range', 'button', 'submit'].includes(t.type)));
    if (typing) return;
    if (e.key === ' ') {
      if (t && t !== document.body && /^(INPUT|BUTTON|A|SUMMARY)$/.test(t.tagName)) return; // Space presses the control
      e.preventDefault();
      setFrozen(!frozen);
      return;
    }
    const hit = TOGGLES.find(([, key]) => key === e.key.toLowerCase());
    if (!hit) return;
    e.preventDefault();
    prefs[hit[0]] = !prefs[hit[0]];
    apply();
  };
  document.addEventListener('keydown', onKey);
  ctx.onCleanup(() => document.removeEventListener('keydown', onKey));

  // --- recording controls and the server's numbers
  const status = h('div', { class: 'cap-status', id: 'cap-status' });
  const badge = h('span', { class: 'cap-badge-slot', id: 'cap-badge' });
  const rec = h('button', { class: 'btn danger cap-rec-button', type: 'button', id: 'cap-rec', dataset: { needs: 'editor' } }, '● REC');
  const stopBtn = h('button', { class: 'btn cap-stop-button', type: 'button', id: 'cap-stop', dataset: { needs: 'editor' } }, '■ STOP');
  const takeName = h('input', { id: 'cap-take-name', name: 'take', maxlength: '200', autocomplete: 'off', spellcheck: 'false', placeholder: 'e.g. Interview A, take 3' });
  const recStatus = h('p', { class: 'cap-live', role: 'status', id: 'cap-rec-status' });
  let wasRecording = null;
  const model = liveModel(ctx, (sid) => { if (sid === id) update(); }, () => {
    if (!model.sources.has(id)) fill(errors, errorBox({ message: `${src.name} is no longer a source (it was removed).` }));
  });
  model.sources.set(id, src);
  function update() {
    const s = model.sources.get(id);
    if (!s) return;
    const recording = !!s.recording;
    fill(badge, stateBadge(s));
    fill(status, recordingFacts(s, model), lastTakeNote(s));
    rec.disabled = recording || !s.available;
    stopBtn.disabled = !recording;
    takeName.disabled = recording;
    if (wasRecording !== null && wasRecording !== recording) recStatus.textContent = recording ? `Recording ${s.name}` : `Stopped recording ${s.name}`;
    wasRecording = recording;
  }
  rec.addEventListener('click', async () => {
    rec.disabled = true;
    const takes = await record([id], takeName.value.trim(), errors);
    if (takes) {
      const s = model.sources.get(id);
      const mine = takes.find((t) => t.source === id);
      if (s && mine && !s.recording) { s.recording = mine; s.state = 'recording'; }
    }
    update();
  });
  stopBtn.addEventListener('click', async () => {
    // a stop answers once the file is finalised and catalogued: a moment, shown as such
    stopBtn.disabled = true;
    stopBtn.textContent = 'Stopping…';
    for (const t of await stop([id], errors)) model.ended(t);
    stopBtn.textContent = '■ STOP';
    update();
  });

  ctx.main.append(
    h('p', { class: 'crumbs' }, h('a', { href: '#/capture' }, 'Capture'), ' / ', src.name),
    h('div', { class: 'page-head' },
      h('h1', { class: 'cap-title' }, src.name, ' ', badge),
      h('span', { class: 'muted small' }, [KIND_TEXT[src.kind] || src.kind, src.address].filter(Boolean).join(' · '))),
    errors, recStatus,
    h('div', { class: 'cap-layout' },
      h('div', { class: 'cap-main' },
        h('div', { class: 'cap-picture' }, view, img),
        h('div', { class: 'cap-recbar', dataset: { needs: 'editor' } },
          h('label', { class: 'field cap-take-field' }, 'Take name', takeName), rec, stopBtn),
        status, perf),
      h('aside', { class: 'cap-side', 'aria-label': 'Scopes and overlays' },
        h('section', { class: 'panel cap-scopes', 'aria-label': 'Scopes' }, histo, wave),
        h('section', { class: 'panel' }, overlays, legend, shortcuts),
        settingsPanel(ctx, src, model, update),
        src.kind === 'network' ? removePanel(src) : null)));
  apply();
  update();
  model.load().catch((e) => { if (e.name !== 'AbortError') fill(errors, errorBox(e)); });
}

/** The sizes and rates the device said it supports (its `formats`); empty choices keep the source's default. */
function settingsPanel(ctx, src, model, update) {
  const formats = src.formats || [];
  if (!formats.length) return null;
  const cur = src.settings || {};
  const sizes = [];
  for (const [i, f] of formats.entries()) sizes.push({ key: String(i), f, label: `${fmtRes(f.width, f.height)} ${f.format}` });
  const size = h('select', { id: 'cap-size', name: 'size' }, h('option', { value: '' }, 'Source default'),
    sizes.map((s) => h('option', { value: s.key, selected: cur.width === s.f.width && cur.height === s.f.height && (!cur.format || cur.format === s.f.format) }, s.label)));
  const rate = h('select', { id: 'cap-rate', name: 'rate' });
  const fillRates = () => {
    const f = size.value ? formats[Number(size.value)] : null;
    const rates = f ? f.rates || [] : [...new Set(formats.flatMap((x) => x.rates || []))];
    fill(rate, h('option', { value: '' }, 'Source default'),
      rates.map((r) => h('option', { value: r, selected: cur.rate === r }, rateLabel(r))));
  };
  size.addEventListener('change', fillRates);
  fillRates();
  const status = h('div', { id: 'cap-settings-status', 'aria-live': 'polite' });
  const form = h('form', { class: 'edit-form', id: 'cap-settings', 'aria-label': 'Source settings' },
    h('label', { for: 'cap-size' }, 'Size and format', size),
    h('label', { for: 'cap-rate' }, 'Frame rate', rate),
    h('div', { class: 'button-row' }, h('button', { class: 'btn', type: 'submit' }, 'Apply')), status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    fill(status);
    const f = size.value ? formats[Number(size.value)] : null;
    try {
      const s = await api('PUT', `/capture/sources/${encodeURIComponent(src.id)}/settings`, {
        ...cur, width: f ? f.width : null, height: f ? f.height : null, format: f ? f.format : null, rate: rate.value || null,
      }, { signal: ctx.signal });
      model.sources.set(src.id, { ...model.sources.get(src.id), ...s });
      Object.assign(cur, s.settings || {});
      update();
      toast('Settings applied', 'ok');
    } catch (err) {
      if (err.name !== 'AbortError') fill(status, errorBox(err));
    }
  });
  return h('section', { class: 'panel', dataset: { needs: 'editor' }, 'aria-labelledby': 'cap-settings-title' },
    h('h2', { id: 'cap-settings-title' }, 'Source settings'), form);
}

/** "30000/1001" → "29.97 fps". */
function rateLabel(r) {
  const [n, d] = String(r).split('/').map(Number);
  const fps = d ? n / d : n;
  return isFinite(fps) ? `${Math.round(fps * 100) / 100} fps` : String(r);
}

function removePanel(src) {
  const status = h('div', { 'aria-live': 'polite' });
  const button = h('button', { class: 'btn danger', type: 'button', id: 'cap-remove' }, 'Remove this source');
  button.addEventListener('click', async () => {
    const ok = await confirmDialog({
      title: `Remove ${src.name}?`, body: 'Its address and credentials are forgotten. Takes already recorded stay in the library.',
      confirm: 'Remove', danger: true,
    });
    if (!ok) return;
    try {
      await del(`/capture/sources/${encodeURIComponent(src.id)}`);
      toast(`${src.name} removed`, 'ok');
      location.hash = '#/capture';
    } catch (e) {
      fill(status, errorBox(e));
    }
  });
  return h('section', { class: 'panel danger-zone', dataset: { needs: 'admin' } }, h('h2', null, 'Network source'), h('div', { class: 'button-row' }, button), status);
}
