// Scan: library roots, starting scans, and live progress from scan.* events.

import { h, fill, fmtNumber, fmtDate, fmtAgo, fmtLongDuration, toast, confirmDialog, errorBox, empty, dataTable } from '../lib/dom.js';
import { get, post, del } from '../lib/api.js';

const COUNTERS = [['scanned', 'Scanned'], ['added', 'Added'], ['updated', 'Updated'], ['unchanged', 'Unchanged'],
  ['deferred', 'Deferred'], ['failed', 'Failed'], ['skipped', 'Not media'], ['missing', 'Missing']];

function counters(p, cls = '') {
  return h('div', { class: `counters ${cls}` }, COUNTERS.map(([k, label]) =>
    h('div', { class: ['counter', `counter-${k}`, k === 'failed' && p[k] > 0 && 'bad'], dataset: { counter: k } },
      h('span', { class: 'counter-value' }, fmtNumber(p[k] ?? 0)), h('span', { class: 'counter-label' }, label))));
}

/** The deepest folder holding every path ("/" when they share none). */
function commonFolder(paths) {
  let parts = paths[0].split('/').slice(0, -1);
  for (const p of paths.slice(1)) {
    const q = p.split('/');
    let n = 0;
    while (n < parts.length && n < q.length - 1 && parts[n] === q[n]) n++;
    parts = parts.slice(0, n);
  }
  return parts.join('/') || '/';
}

/** "…/Footage/Bulk" for a long folder path: its last two names. */
function shortFolder(path) {
  const names = path.split('/').filter(Boolean);
  return names.length > 2 ? `…/${names.slice(-2).join('/')}` : path;
}

/**
 * What a recent scan covered: one root in full, or — for a watcher scan of many changed paths —
 * "13 paths under …/Bulk" that opens onto the listed paths.
 */
function scanTargets(x) {
  const roots = x.roots || [];
  const total = Math.max(x.targets || 0, roots.length);
  if (total <= 1) return h('span', { class: 'scan-target', title: roots[0] || '' }, roots[0] || '');
  const where = commonFolder(roots);
  const more = total - roots.length;
  return h('details', { class: 'scan-targets' },
    h('summary', { title: where }, `${fmtNumber(total)} paths under ${shortFolder(where)}`),
    h('ul', null, roots.map((r) => h('li', { title: r }, where !== '/' && r.startsWith(`${where}/`) ? r.slice(where.length + 1) : r)),
      more > 0 ? h('li', { class: 'muted' }, `… and ${fmtNumber(more)} more`) : null));
}

/** A scan's problems (an offline root, unreadable files): the count, the first few on expand. */
function scanProblems(x) {
  const problems = x.report?.problems || [];
  if (x.error) return h('span', { class: 'error-text scan-problems' }, x.error);
  if (!problems.length) return h('span', { class: 'muted scan-problems' }, '0');
  return h('details', { class: 'problems scan-problems' },
    h('summary', null, fmtNumber(problems.length)),
    h('ul', null, problems.slice(0, 10).map((p) => h('li', null, h('span', { class: 'mono' }, p.path), ' — ', p.error)),
      problems.length > 10 ? h('li', { class: 'muted' }, `… and ${fmtNumber(problems.length - 10)} more`) : null));
}

export async function render(ctx) {
  const rootsList = h('div', { class: 'roots' });
  const pathIn = h('input', { name: 'path', placeholder: '/home/me/Footage', required: true, 'aria-label': 'Folder path', autocomplete: 'off' });
  const addStatus = h('span', { class: 'form-status', role: 'status' });
  const live = h('section', { class: 'panel scan-live', 'aria-live': 'polite' });
  const recent = h('div', { class: 'recent-scans' });
  const scanAllBtn = h('button', { class: 'btn primary', type: 'button', id: 'scan-all', dataset: { needs: 'editor' }, onclick: () => start(null) }, 'Scan all roots');

  async function loadRoots() {
    try {
      const roots = await get('/roots');
      scanAllBtn.disabled = roots.length === 0;
      rootsList.replaceChildren(...(roots.length ? roots.map((r) => h('div', { class: 'root-row', dataset: { rootId: String(r.id) } },
        h('span', { class: 'root-path mono', title: r.path }, r.path),
        h('span', { class: 'muted small' }, `added ${fmtDate(r.addedAt)}`),
        h('div', { class: 'button-row' },
          h('button', { class: 'btn small', type: 'button', dataset: { needs: 'editor' }, onclick: () => start(r.path) }, 'Scan'),
          h('button', {
            class: 'btn small ghost', type: 'button', dataset: { needs: 'admin' }, onclick: async () => {
              const ok = await confirmDialog({
                title: 'Stop watching this folder?', confirm: 'Remove root',
                body: [h('p', { class: 'mono' }, r.path), 'Its assets stay in the catalog and its files stay on disk; it is just not scanned any more.'],
              });
              if (!ok) return;
              try { await del(`/roots/${r.id}`); loadRoots(); } catch (e) { toast(e.message, 'error'); }
            },
          }, 'Remove')))) : [empty('No library roots yet.', 'Add a folder below: scans walk it and catalogue every media file in it. Files are only ever read.')]));
    } catch (e) {
      rootsList.replaceChildren(errorBox(e));
    }
  }

  const addForm = h('form', {
    class: 'inline-form', onsubmit: async (e) => {
      e.preventDefault();
      addStatus.textContent = '';
      try {
        const clicked = performance.now();
        const r = await post('/roots', { path: pathIn.value.trim() });
        pathIn.value = '';
        toast(r.scanId ? `Added ${r.path} — scanning it now` : `${r.path} is already a root`, 'ok');
        loadRoots();
        if (r.scanId) follow({ id: r.scanId, roots: [r.path] }, clicked); // the server started its scan
      } catch (err) {
        addStatus.textContent = err.message;
        addStatus.className = 'form-status error-text';
      }
    },
    dataset: { needs: 'admin' },
  }, pathIn, h('button', { class: 'btn', type: 'submit' }, 'Add folder'), addStatus);

  // ---- live progress
  let current = null; // {scanId, roots, progress, report, state}
  function renderLive() {
    if (!current) {
      live.hidden = true;
      return;
    }
    live.hidden = false;
    const p = current.report || current.progress || {};
    const running = current.state === 'running' || current.state === 'queued';
    live.dataset.state = current.state;
    fill(live,
      h('div', { class: 'scan-title' },
        h('h2', null, running ? (current.state === 'queued' ? 'Scan queued…' : 'Scanning…') : current.state === 'failed' ? 'Scan failed' : 'Scan finished'),
        current.report?.durationMs != null ? h('span', { class: 'muted' }, `in ${fmtLongDuration(current.report.durationMs / 1000)}`) : null),
      running ? h('div', { class: 'progress indeterminate' }, h('i')) : null,
      counters(p, running ? 'live' : 'final'),
      running && current.progress?.currentPath ? h('p', { class: 'current-path mono small', title: current.progress.currentPath }, current.progress.currentPath) : null,
      current.roots?.length ? h('p', { class: 'muted small' }, 'Roots: ', current.roots.join(', ')) : null,
      current.error ? errorBox(new Error(current.error)) : null,
      current.report?.problems?.length ? h('details', { class: 'problems', open: current.report.problems.length <= 5 },
        h('summary', null, `${current.report.problems.length} problem${current.report.problems.length === 1 ? '' : 's'}`),
        h('ul', null, current.report.problems.slice(0, 200).map((x) => h('li', null, h('span', { class: 'mono' }, x.path), ' — ', x.error)))) : null,
      !running && current.report ? h('p', { class: 'muted small' }, current.report.added ? h('a', { href: '#/library' }, 'See the new assets in the Library →') : 'Nothing new.') : null);
  }

  async function start(path) {
    const clicked = performance.now();
    try {
      follow(await post('/scans', path ? { path } : {}), clicked);
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  // Shows a scan just started (asked for at `clicked`) in the live panel.
  function follow(s, clicked) {
    if (current && current.seenAt > clicked) {
      current.requestId = s.id; // its events arrived before the answer did
    } else {
      current = { scanId: null, requestId: s.id, roots: s.roots, state: 'queued', progress: null, report: null, seenAt: clicked };
      renderLive();
    }
    watch(s.id);
  }

  // The event stream is the live source; the scan's own status endpoint is the fallback (and
  // knows the final state even if an event was missed while reconnecting).
  let pollTimer = null;
  function watch(id) {
    clearTimeout(pollTimer);
    const tick = async () => {
      try {
        const s = await get(`/scans/${encodeURIComponent(id)}`);
        if (ctx.signal.aborted || !current || current.requestId !== id) return;
        const st = s.state.toLowerCase();
        if (st === 'done' || st === 'failed') {
          if (current.state !== 'done' || !current.report) {
            current.state = st;
            current.report = s.report || current.report;
            current.error = s.error;
            renderLive();
            loadRecent();
          }
          return;
        }
        if (!current.progress && s.progress) { current.progress = s.progress; current.state = 'running'; renderLive(); }
      } catch { /* try again */ }
      pollTimer = setTimeout(tick, 1500);
    };
    pollTimer = setTimeout(tick, 1500);
  }
  ctx.onCleanup(() => clearTimeout(pollTimer));

  ctx.on('scan.started', (m) => {
    if (current && current.state === 'queued') {
      current.seenAt = performance.now();
      current.scanId = m.scanId;
      current.state = 'running';
      current.roots = m.roots;
    } else {
      current = { scanId: m.scanId, roots: m.roots, state: 'running', progress: null, report: null, seenAt: performance.now() };
    }
    renderLive();
  });
  ctx.on('scan.progress', (m) => {
    if (!current || (current.scanId && current.scanId !== m.scanId)) current = { scanId: m.scanId, roots: [], state: 'running', seenAt: performance.now() };
    current.scanId = m.scanId;
    if (current.state === 'queued') current.state = 'running';
    if (current.state !== 'running') return;
    current.progress = m;
    renderLive();
  });
  ctx.on('scan.finished', (m) => {
    if (!current || (current.scanId && current.scanId !== m.scanId)) current = { scanId: m.scanId, roots: [], seenAt: performance.now() };
    current.state = 'done';
    current.report = m.report;
    renderLive();
    loadRecent();
  });

  async function loadRecent() {
    try {
      const scans = await get('/scans');
      const counts = (x) => x.report || x.progress || {};
      recent.replaceChildren(dataTable([
        ['Started', (x) => (x.startedAt ? fmtAgo(x.startedAt) : 'queued')],
        ['State', (x) => h('span', { class: `pill state-${x.state.toLowerCase()}` }, x.state.toLowerCase())],
        ['Trigger', (x) => x.trigger ?? ''],
        ['Roots', scanTargets, { class: 'mono small scan-roots' }],
        ['Scanned', (x) => fmtNumber(counts(x).scanned ?? 0)], ['Added', (x) => fmtNumber(counts(x).added ?? 0)],
        ['Failed', (x) => fmtNumber(counts(x).failed ?? 0)], ['Missing', (x) => fmtNumber(x.report?.missing ?? 0)],
        ['Problems', scanProblems],
        ['Took', (x) => (x.report?.durationMs != null ? fmtLongDuration(x.report.durationMs / 1000) : '')],
      ], scans, 'No scans since the server started.'));
      const running = scans.find((x) => ['running', 'queued'].includes(x.state.toLowerCase()));
      if (running && !current) {
        current = { requestId: running.id, scanId: null, roots: running.roots, state: running.state.toLowerCase(), progress: running.progress, report: null };
        renderLive();
        watch(running.id);
      }
    } catch (e) {
      recent.replaceChildren(errorBox(e));
    }
  }

  ctx.main.append(
    h('div', { class: 'page-head' }, h('h1', null, 'Scan'), h('div', { class: 'toolbar' }, scanAllBtn)),
    live,
    h('section', { class: 'panel' }, h('h2', null, 'Library roots'), rootsList, addForm,
      h('p', { class: 'muted small' }, 'A folder is scanned as soon as it is added. Scanning only reads: files are never moved, renamed or changed.')),
    h('section', { class: 'panel' }, h('h2', null, 'Recent scans'), recent));
  renderLive();
  await Promise.all([loadRoots(), loadRecent()]);
}
