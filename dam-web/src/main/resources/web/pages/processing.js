// Processing on one asset: motion analysis (its segments, peak stills and idle ranges become markers
// on the player's seek bar), idle trim, the ffmpeg console with its history, and the files all of
// these made (download, delete).
// Everything from the server is rendered as text; commands are sent as token lists, never as a line.

import { h, s, fill, fmtBytes, fmtDuration, fmtLongDuration, fmtAgo, toast, confirmDialog, errorBox, dataTable } from '../lib/dom.js';
import { get, post, del, qs } from '../lib/api.js';

const num = (x, d = 2) => (x == null ? '' : Number(x).toFixed(d));
const PROCESS_KINDS = new Set(['motion', 'trim-idle', 'ffmpeg']);

/**
 * Splits a command line into tokens the way a user expects (spaces separate, '…' and "…" group,
 * nothing is expanded): it only saves typing one token per field, no shell ever sees it.
 */
export function tokenize(line) {
  const out = [];
  let cur = '';
  let quote = null;
  let has = false;
  for (const c of line) {
    if (quote) {
      if (c === quote) quote = null; else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c; has = true;
    } else if (/\s/.test(c)) {
      if (has || cur) out.push(cur);
      cur = ''; has = false;
    } else {
      cur += c;
    }
  }
  if (quote) throw new Error(`Unclosed ${quote} quote.`);
  if (has || cur) out.push(cur);
  return out;
}

function field(label, input, hint) {
  return h('label', { class: 'field' }, h('span', null, label), input, hint ? h('span', { class: 'muted small' }, hint) : null);
}

function numberInput(name, value, { min, max, step }) {
  return h('input', { type: 'number', name, value: String(value), min: String(min), max: String(max), step: String(step), required: true });
}

/** Builds the processing panels of an asset page. Returns the nodes and the hooks the page calls. */
export function processingPanels(ctx, view, hooks = {}) {
  const id = () => view.a.id;
  const isVideo = () => view.a.kind === 'video';
  const usable = () => view.a.status !== 'failed' && (view.a.kind === 'video' || view.a.kind === 'audio');
  const running = new Map(); // jobId -> progress element

  // ---------------------------------------------------------------- seeking the player, its markers

  let motion = null;

  /** Seeks the page's player and brings it into view (the panels are below it). */
  function seek(t) {
    const m = view.media;
    if (!m) return;
    m.currentTime = t;
    const still = matchMedia('(prefers-reduced-motion: reduce)').matches;
    m.closest('.vplayer')?.scrollIntoView({ block: 'nearest', behavior: still ? 'auto' : 'smooth' });
  }

  const playButton = (t) => h('button', { class: 'btn small', type: 'button', 'aria-label': `Play from ${fmtDuration(t)}`, onclick: () => seek(t) }, 'Play');

  /**
   * What the player's seek bar marks: motion segments and idle ranges cut. (Peak stills lie inside
   * their segments: as markers they would overlap them, so they seek from the Processing tab.)
   */
  function emitMarkers() {
    const list = [];
    if (motion && isVideo()) {
      for (const g of motion.segments) list.push({ kind: 'motion', start: g.startSec, end: g.endSec, label: 'Motion' });
    }
    if (trim) for (const [a, b] of trim.removed) list.push({ kind: 'idle', start: a, end: b, label: 'Idle' });
    hooks.markers?.(list);
  }

  /** The motion score over time, its moving parts clickable (they seek the player). */
  function motionPlot() {
    const W = 1000;
    const H = 48;
    const dur = motion.durationSec || 1;
    const scores = motion.timeline?.scores || [];
    const step = motion.timeline?.stepSec || 0.1;
    const peak = Math.max(0.02, ...scores);
    let d = `M0 ${H}`;
    scores.forEach((v, i) => { d += ` L${((i * step) / dur) * W} ${H - (v / peak) * (H - 4)}`; });
    d += ` L${W} ${H} Z`;
    const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', class: 'motion-plot', role: 'img',
      'aria-label': `Motion over time: ${motion.segments.length} moving part(s)` },
    motion.segments.map((g, i) => s('rect', {
      class: 'motion-seg', x: String((g.startSec / dur) * W), y: '0', width: String(Math.max(2, ((g.endSec - g.startSec) / dur) * W)),
      height: String(H), dataset: { segment: String(i) },
    }, s('title', null, `${fmtDuration(g.startSec)}–${fmtDuration(g.endSec)} (peak ${num(g.peakScore, 3)})`))),
    s('path', { class: 'motion-area', d }));
    svg.addEventListener('click', (e) => {
      const seg = e.target.closest?.('[data-segment]');
      if (seg) seek(motion.segments[+seg.dataset.segment].startSec);
    });
    return h('div', { class: 'motion-strip' }, svg);
  }

  // ---------------------------------------------------------------- motion panel

  const motionForm = h('form', { class: 'proc-form', dataset: { form: 'motion', needs: 'editor' } },
    field('Sensitivity', numberInput('sensitivity', 0.5, { min: 0, max: 1, step: 0.05 }), '0 … 1, higher finds subtler motion'),
    field('Shortest part (s)', numberInput('minSegmentSec', 1, { min: 0, max: 3600, step: 0.1 })),
    field('Peak stills', numberInput('peakFrames', 6, { min: 0, max: 50, step: 1 })),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'clip' }), 'Also cut a clip of only the moving parts'),
    h('div', { class: 'form-actions' }, h('button', { class: 'btn primary', type: 'submit' }, 'Analyze motion'), progressSlot('motion')));
  const motionResult = h('div', { class: 'proc-result' });
  motionForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const f = new FormData(motionForm);
    submit('motion', `/assets/${id()}/motion`, {
      sensitivity: +f.get('sensitivity'), minSegmentSec: +f.get('minSegmentSec'), peakFrames: +f.get('peakFrames'), clip: f.get('clip') === 'on',
    }, motionForm);
  });

  function renderMotion() {
    if (!motion) { fill(motionResult, h('p', { class: 'muted' }, 'Not analysed yet.')); return; }
    const link = (kind) => `/api/v1/assets/${id()}/derivatives/${kind}`;
    fill(motionResult,
      h('p', { class: 'proc-summary' }, `${fmtLongDuration(motion.motionSec)} of motion in ${fmtLongDuration(motion.durationSec)} · ${motion.segments.length} part(s) · analysed in ${fmtLongDuration(motion.analysisSec)}`),
      motionPlot(),
      dataTable([
        ['From', (g) => fmtDuration(g.startSec)], ['To', (g) => fmtDuration(g.endSec)], ['Length', (g) => fmtLongDuration(g.endSec - g.startSec)],
        ['Peak', (g) => num(g.peakScore, 3)], ['', (g) => playButton(g.startSec)],
      ], motion.segments, 'Nothing moves at these settings.', { className: 'motion-segments' }),
      motion.frames?.length ? h('div', { class: 'peak-stills' }, motion.frames.map((k, i) => {
        const t = motion.frameSecs?.[i];
        const at = t == null ? '' : fmtDuration(t);
        return h('button', { class: 'peak-still', type: 'button', disabled: t == null, 'aria-label': `Play from the still at ${at}`, dataset: { at: String(t ?? '') }, onclick: () => seek(t) },
          h('img', { src: link(k), alt: '', loading: 'lazy' }), h('span', { class: 'peak-time' }, at));
      })) : null,
      motion.clip ? h('p', null, h('a', { class: 'btn small', href: link(motion.clip), download: '' }, 'Download the motion clip')) : null);
  }

  // ---------------------------------------------------------------- idle trim panel

  const trimForm = h('form', { class: 'proc-form', dataset: { form: 'trim', needs: 'editor' } },
    field('Noise (dB)', numberInput('noiseDb', -50, { min: -120, max: 0, step: 1 }), 'changes quieter than this count as idle'),
    field('Shortest idle (s)', numberInput('minIdleSec', 2, { min: 0.1, max: 3600, step: 0.1 })),
    field('Padding (s)', numberInput('padSec', 0.25, { min: 0, max: 60, step: 0.05 }), 'kept around each cut'),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'silence' }), 'Idle only when also silent'),
    h('div', { class: 'form-actions' },
      h('button', { class: 'btn', type: 'submit', value: 'dry' }, 'Find idle parts'),
      h('button', { class: 'btn primary', type: 'submit', value: 'trim' }, 'Trim'),
      progressSlot('trim-idle')));
  const trimResult = h('div', { class: 'proc-result' });
  trimForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const f = new FormData(trimForm);
    submit('trim-idle', `/assets/${id()}/trim-idle`, {
      noiseDb: +f.get('noiseDb'), minIdleSec: +f.get('minIdleSec'), padSec: +f.get('padSec'), silence: f.get('silence') === 'on',
      dryRun: e.submitter?.value === 'dry',
    }, trimForm);
  });
  let trim = null;

  function renderTrim() {
    if (!trim) { fill(trimResult, h('p', { class: 'muted' }, 'No idle trim yet.')); return; }
    const dur = trim.inputSec || 1;
    const bar = h('div', { class: 'range-bar', role: 'img', 'aria-label': `${trim.kept.length} kept, ${trim.removed.length} removed` },
      trim.kept.map(([a, b]) => h('i', { class: 'kept', style: { left: `${(a / dur) * 100}%`, width: `${((b - a) / dur) * 100}%` }, title: `keep ${fmtDuration(a)}–${fmtDuration(b)}` })));
    const rows = [...trim.kept.map((r) => ['keep', r]), ...trim.removed.map((r) => ['cut', r])].sort((p, q) => p[1][0] - q[1][0]);
    fill(trimResult,
      h('p', { class: 'proc-summary' }, `${fmtLongDuration(trim.inputSec)} → ${fmtLongDuration(trim.outputSec)} · ${trim.kept.length} kept, ${trim.removed.length} cut${trim.dryRun ? ' (dry run)' : ''}`),
      bar,
      dataTable([
        ['', ([what]) => h('span', { class: `pill ${what === 'keep' ? 'status-ok' : 'status-missing'}` }, what)],
        ['From', ([, [a]]) => fmtDuration(a)], ['To', ([, [, b]]) => fmtDuration(b)], ['Length', ([, [a, b]]) => fmtLongDuration(b - a)],
        ['', ([, [a]]) => playButton(a)],
      ], rows, 'No ranges.', { className: 'trim-ranges', rowProps: ([what]) => ({ dataset: { range: what } }) }),
      trim.output ? h('p', null, h('a', { class: 'btn small', href: `/api/v1/assets/${id()}/derivatives/${trim.output}`, download: '' }, 'Download the trimmed file')) : null);
  }

  // ---------------------------------------------------------------- ffmpeg console

  let presets = [];
  const presetSel = h('select', { name: 'preset', 'aria-label': 'Preset' });
  const paramBox = h('div', { class: 'param-box' });
  const customIn = h('input', {
    name: 'args', class: 'mono', spellcheck: 'false', autocomplete: 'off',
    value: '-i {{input}} -vf scale=640:-2 -c:a copy {{output.mp4}}', 'aria-label': 'Custom ffmpeg arguments',
  });
  const tokenView = h('div', { class: 'token-view mono small', 'aria-live': 'polite' });
  const consoleError = h('div', { class: 'console-error', role: 'alert', hidden: true });
  const customBox = h('div', { class: 'custom-box', hidden: true },
    field('ffmpeg arguments', customIn, 'No shell: {{input}} is this asset, {{output.mp4}} (any extension) a new file.'), tokenView);

  function renderTokens() {
    try {
      const t = tokenize(customIn.value);
      fill(tokenView, t.map((x, i) => h('span', { class: 'token', dataset: { index: String(i) } }, x)));
    } catch (e) {
      fill(tokenView, h('span', { class: 'error-text' }, e.message));
    }
  }
  customIn.addEventListener('input', renderTokens);

  function renderParams() {
    const p = presets.find((x) => x.name === presetSel.value);
    customBox.hidden = !!p;
    paramBox.hidden = !p;
    if (!p) { renderTokens(); fill(paramBox); return; }
    fill(paramBox, h('p', { class: 'muted small' }, p.description),
      p.params.map((pp) => field(pp.name, h('input', { name: `param:${pp.name}`, value: pp.defaultValue ?? '', placeholder: pp.defaultValue ?? '', dataset: { param: pp.name } }), pp.description)));
  }
  presetSel.addEventListener('change', renderParams);

  const consoleForm = h('form', { class: 'proc-form console-form', dataset: { form: 'ffmpeg', needs: 'editor' } },
    field('Preset', presetSel), paramBox, customBox, consoleError,
    h('div', { class: 'form-actions' }, h('button', { class: 'btn primary', type: 'submit' }, 'Run'), progressSlot('ffmpeg')));
  consoleForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    consoleError.hidden = true;
    let body;
    if (presetSel.value) {
      const params = {};
      for (const inp of paramBox.querySelectorAll('input[data-param]')) if (inp.value !== '') params[inp.dataset.param] = inp.value;
      body = { preset: presetSel.value, params };
    } else {
      try { body = { args: tokenize(customIn.value) }; } catch (err) { showConsoleError(err.message); return; }
    }
    const btn = consoleForm.querySelector('button[type=submit]');
    btn.disabled = true;
    try {
      const run = await post(`/assets/${id()}/ffmpeg`, body);
      toast(`ffmpeg run ${run.id} queued`, 'ok');
      await loadHistory();
    } catch (err) {
      showConsoleError(err.message);
      const m = /argument (\d+)/.exec(err.message);
      if (m) tokenView.querySelector(`[data-index="${+m[1] - 1}"]`)?.classList.add('rejected');
    } finally {
      btn.disabled = false;
    }
  });

  function showConsoleError(msg) {
    consoleError.hidden = false;
    fill(consoleError, msg);
  }

  const history = h('div', { class: 'console-history' });
  let runs = [];
  async function loadHistory() {
    try {
      runs = await get(`/ffmpeg/runs${qs({ asset: id(), limit: 20 })}`);
      renderHistory();
    } catch (e) {
      fill(history, errorBox(e));
    }
  }

  function renderHistory() {
    if (!runs.length) { fill(history, h('p', { class: 'muted' }, 'No ffmpeg runs on this asset yet.')); return; }
    fill(history, h('ul', { class: 'run-list' }, runs.map((r) => h('li', { class: 'run', dataset: { run: String(r.id), state: r.state } },
      h('div', { class: 'run-head' },
        h('span', { class: `pill state state-${r.state}` }, r.state.replace('_', ' ')),
        h('span', null, `#${r.id} ${r.preset || 'custom'}`),
        h('span', { class: 'muted small' }, [r.exitCode != null ? `exit ${r.exitCode}` : '', r.durationMs != null ? `${num(r.durationMs / 1000, 1)} s` : '', fmtAgo(r.createdAt)].filter(Boolean).join(' · ')),
        r.state === 'queued' || r.state === 'running'
          ? h('button', { class: 'btn small', type: 'button', dataset: { needs: 'editor' }, onclick: () => cancelRun(r) }, 'Cancel') : null),
      r.jobId != null && (r.state === 'queued' || r.state === 'running') ? jobProgress(r.jobId) : null,
      h('div', { class: 'run-cmd mono small' }, r.display),
      r.outputs.length ? h('div', { class: 'run-outputs' }, r.outputs.map((k) => h('a', { class: 'btn small', href: `/api/v1/assets/${id()}/derivatives/${k}?download=1`, download: fileNames.get(k) || '' }, fileNames.get(k) || k))) : null,
      r.message && r.state !== 'ok' ? h('div', { class: 'job-error small' }, r.message) : null,
      r.stderrTail ? h('details', null, h('summary', { class: 'small muted' }, 'ffmpeg output'), h('pre', { class: 'stderr mono small' }, r.stderrTail)) : null))));
  }

  async function cancelRun(r) {
    try {
      await post(`/ffmpeg/runs/${r.id}/cancel`);
      toast(`Run ${r.id} cancelled`, 'ok');
    } catch (e) {
      toast(e.message, 'error');
    }
    loadHistory();
  }

  // ---------------------------------------------------------------- files made from the asset

  const files = h('div', { class: 'derivative-files' });
  const fileNames = new Map(); // kind → the name it downloads under
  /** Lists the files made from the asset; returns the list (null when it could not be read). */
  async function loadFiles() {
    try {
      const list = await get(`/assets/${id()}/derivatives`);
      fileNames.clear();
      for (const d of list) fileNames.set(d.kind, d.fileName);
      if (runs.length) renderHistory();
      fill(files, dataTable([
        ['Kind', (d) => h('a', { href: `${d.url}?download=1`, download: d.fileName, title: [d.fileName, d.mime, d.detail].filter(Boolean).join(' · ') }, d.kind)],
        ['Size', (d) => fmtBytes(d.sizeBytes)],
        ['', (d) => (d.stale ? h('span', { class: 'pill status-missing' }, 'stale') : '')],
        ['', (d) => (d.deletable ? h('button', { class: 'btn small danger', type: 'button', dataset: { needs: 'editor' }, 'aria-label': `Delete ${d.kind}`, onclick: () => removeFile(d) }, 'Delete') : '')],
      ], list, 'None yet.', { rowProps: (d) => ({ dataset: { kind: d.kind } }) }));
      return list;
    } catch (e) {
      fill(files, errorBox(e));
      return null;
    }
  }

  async function removeFile(d) {
    const ok = await confirmDialog({ title: `Delete ${d.kind}?`, body: ['The file made by processing is deleted. The original is not touched.'], confirm: 'Delete', danger: true });
    if (!ok) return;
    try {
      await del(`/assets/${id()}/derivatives/${d.kind}`);
      toast(`Deleted ${d.kind}`, 'ok');
      refresh();
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  // ---------------------------------------------------------------- jobs, progress, refresh

  function progressSlot(kind) {
    return h('span', { class: 'proc-progress form-status', dataset: { kind } });
  }

  function jobProgress(jobId) {
    const bar = h('div', { class: 'progress', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100' }, h('i'));
    running.set(String(jobId), bar);
    return bar;
  }

  async function submit(kind, path, body, form) {
    const btns = form.querySelectorAll('button[type=submit]');
    btns.forEach((b) => { b.disabled = true; });
    const slot = form.querySelector('.proc-progress');
    try {
      const job = await post(path, body);
      slot.textContent = 'Queued…';
      slot.dataset.job = String(job.id);
    } catch (e) {
      slot.textContent = e.message;
      slot.className = 'proc-progress form-status error-text';
      btns.forEach((b) => { b.disabled = false; });
    }
  }

  function slotFor(m) {
    return [motionForm, trimForm, consoleForm].map((f) => f.querySelector('.proc-progress'))
      .find((x) => x.dataset.job === String(m.jobId) || (m.kind === 'ffmpeg' && x.dataset.kind === 'ffmpeg'));
  }

  // Reports are asked for only when the files say they exist (no 404s for analyses never made).
  async function refresh() {
    const list = await loadFiles();
    const made = (kind) => !!list?.some((d) => d.kind === kind);
    const [mo, tr] = await Promise.all([
      usable() && isVideo() && made('motion') ? get(`/assets/${id()}/motion`).catch(() => null) : null,
      usable() && made('idle-ranges') ? get(`/assets/${id()}/trim-idle`).catch(() => null) : null,
    ]);
    if (ctx.signal.aborted) return;
    motion = mo;
    trim = tr;
    emitMarkers();
    if (!usable()) return;
    renderMotion();
    renderTrim();
    loadHistory();
  }

  function onJobState(m) {
    if (!PROCESS_KINDS.has(m.kind)) return false;
    const slot = slotFor(m);
    if (slot && m.kind !== 'ffmpeg') {
      if (m.state === 'running') slot.textContent = 'Running…';
      if (m.state === 'done' || m.state === 'failed' || m.state === 'cancelled') {
        slot.textContent = m.state === 'done' ? 'Done ✓' : `${m.state}${m.error ? `: ${m.error}` : ''}`;
        slot.className = `proc-progress form-status ${m.state === 'done' ? 'ok' : 'error-text'}`;
        slot.closest('form').querySelectorAll('button[type=submit]').forEach((b) => { b.disabled = false; });
      }
    }
    if (m.state === 'done' || m.state === 'failed' || m.state === 'cancelled') refresh();
    else if (m.kind === 'ffmpeg') loadHistory();
    return true;
  }

  function onJobProgress(m) {
    if (!PROCESS_KINDS.has(m.kind)) return false;
    const pct = Math.round(m.progress * 100);
    const slot = slotFor(m);
    if (slot && m.kind !== 'ffmpeg') slot.textContent = `${pct}%`;
    const bar = running.get(String(m.jobId));
    if (bar) { bar.firstChild.style.width = `${pct}%`; bar.setAttribute('aria-valuenow', String(pct)); }
    return true;
  }

  async function start() {
    if (!usable()) { refresh(); return; }
    try {
      presets = await get('/ffmpeg/presets');
    } catch { presets = []; }
    fill(presetSel, presets.map((p) => h('option', { value: p.name }, p.name)), h('option', { value: '' }, 'Custom arguments…'));
    renderParams();
    refresh();
  }

  const panel = (title, cls, ...body) => h('section', { class: `panel ${cls}` }, h('h2', null, title), ...body);
  const panels = usable() ? [
    isVideo() ? panel('Motion', 'motion-panel', motionForm, motionResult) : null,
    panel('Idle trim', 'trim-panel', trimForm, trimResult),
    panel('FFmpeg console', 'console-panel', consoleForm, h('h3', null, 'History'), history),
  ] : [];
  return {
    panels, filesPanel: panel('Files made from this asset', 'files-panel', files),
    start, onJobState, onJobProgress, mediaChanged: emitMarkers, refreshFiles: loadFiles,
  };
}

/** #/ffmpeg: the presets and every run in the library, newest first. */
export async function renderConsolePage(ctx) {
  const list = h('div', { class: 'console-history' });
  const presetList = h('div');
  ctx.main.append(h('div', { class: 'page' }, h('h1', null, 'FFmpeg console'),
    h('p', { class: 'muted' }, 'Run ffmpeg on an asset from its page. Commands are token lists checked before they run: no shell, no other files, no network.'),
    h('section', { class: 'panel' }, h('h2', null, 'Recent runs'), list),
    h('section', { class: 'panel' }, h('h2', null, 'Presets'), presetList)));
  try {
    const [runs, presets] = await Promise.all([get('/ffmpeg/runs?limit=100'), get('/ffmpeg/presets')]);
    if (ctx.signal.aborted) return;
    fill(list, dataTable([
      ['Run', (r) => `#${r.id}`],
      ['Asset', (r) => (r.assetId != null ? h('a', { href: `#/asset/${r.assetId}` }, `asset ${r.assetId}`) : h('span', { class: 'mono small' }, r.sourcePath))],
      ['State', (r) => h('span', { class: `pill state state-${r.state}` }, r.state.replace('_', ' '))],
      ['Command', (r) => r.display, { class: 'mono small' }],
      ['Time', (r) => (r.durationMs != null ? `${num(r.durationMs / 1000, 1)} s` : '')],
      ['When', (r) => fmtAgo(r.createdAt)],
    ], runs, 'No runs yet.', { rowProps: (r) => ({ dataset: { run: String(r.id) } }) }));
    fill(presetList, h('dl', { class: 'meta-grid' }, presets.flatMap((p) => [h('dt', null, p.name),
      h('dd', null, p.description, p.params.length ? h('div', { class: 'muted small mono' }, p.params.map((x) => `${x.name}=${x.defaultValue ?? ''}`).join('  ')) : null)])));
  } catch (e) {
    fill(list, errorBox(e));
  }
}
