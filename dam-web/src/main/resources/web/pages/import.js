// Import: verified offload of a camera card (a folder on the server) into one or two destinations,
// and the recent imports with their live progress and the files that failed.

import { h, fill, fmtNumber, fmtBytes, fmtDate, toast, empty, errorBox } from '../lib/dom.js';
import { get, post } from '../lib/api.js';

const POLL_MS = 1000;

function pct(x) {
  if (x.state === 'done') return 100;
  const f = x.bytes > 0 ? x.bytesDone / x.bytes : x.files > 0 ? x.filesDone / x.files : 0;
  return Math.round(Math.max(0, Math.min(1, f)) * 100);
}

/** MB/s over the import's life so far (or its whole run once it ended). */
function speed(x) {
  const end = x.finishedAt ? Date.parse(x.finishedAt) : Date.now();
  const secs = (end - Date.parse(x.startedAt)) / 1000;
  return secs > 0 && x.bytesDone > 0 ? `${(x.bytesDone / 1e6 / secs).toFixed(0)} MB/s` : '';
}

function importRow(x) {
  const p = pct(x);
  const bar = h('div', {
    class: ['progress', x.state === 'running' && !x.bytesDone && 'indeterminate'], role: 'progressbar',
    'aria-label': `Import ${x.id}`, 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(p),
  }, h('i', { style: { width: `${p}%` } }));
  return h('article', { class: 'panel import-run', dataset: { importId: String(x.id), state: x.state } },
    h('div', { class: 'import-head' },
      h('span', { class: `pill state state-${x.state}` }, x.state),
      h('span', { class: 'mono import-source', title: x.source }, x.source),
      h('span', { class: 'muted' }, '→'),
      h('span', { class: 'mono import-dests' }, x.destinations.join(', '))),
    h('div', { class: 'job-progress' }, bar, h('span', { class: 'pct' }, `${p}%`)),
    h('p', { class: 'import-counts small' },
      `${fmtNumber(x.filesDone)} of ${fmtNumber(x.files)} files`,
      x.filesSkipped ? ` (${fmtNumber(x.filesSkipped)} already copied)` : '',
      ` · ${fmtBytes(x.bytesDone)} of ${fmtBytes(x.bytes)}`,
      speed(x) ? ` · ${speed(x)}` : '',
      ` · batch ${x.batch || '—'} · ${x.hashes.join(', ')}`,
      x.user ? ` · by ${x.user}` : '',
      ` · started ${fmtDate(x.startedAt)}`),
    x.state === 'running' && x.currentFile ? h('p', { class: 'current-path mono small', title: x.currentFile }, x.currentFile) : null,
    x.error && !x.failures.length ? h('p', { class: 'error-text small' }, x.error) : null,
    x.failures.length ? h('details', { class: 'problems import-failures', open: x.failures.length <= 5 },
      h('summary', { class: 'error-text' }, `${fmtNumber(x.failures.length)} failed — not copied with proof`),
      h('ul', null, x.failures.slice(0, 200).map((f) => h('li', null, h('span', { class: 'mono' }, f.path), ' — ', f.error)))) : null);
}

export async function render(ctx) {
  const source = h('input', { name: 'source', placeholder: '/media/me/CANON_EOS', required: true, autocomplete: 'off', 'aria-label': 'Source folder (the card)' });
  const dest = h('input', { name: 'destination', placeholder: '/srv/footage/2026-03-01/A001', required: true, autocomplete: 'off', 'aria-label': 'Destination folder' });
  const dest2 = h('input', { name: 'destination2', placeholder: 'optional: a second copy, e.g. /mnt/backup/A001', autocomplete: 'off', 'aria-label': 'Second destination folder' });
  const batch = h('input', { name: 'batch', placeholder: 'default: the card folder’s name', autocomplete: 'off', 'aria-label': 'Batch' });
  const md5 = h('input', { type: 'checkbox', name: 'md5' });
  const sha1 = h('input', { type: 'checkbox', name: 'sha1' });
  const status = h('span', { class: 'form-status', role: 'status' });
  const list = h('div', { class: 'imports' });
  const queued = new Set(); // job ids started here whose import has not begun yet

  const form = h('form', {
    class: 'panel import-form', dataset: { needs: 'editor' }, onsubmit: async (e) => {
      e.preventDefault();
      status.textContent = '';
      status.className = 'form-status';
      const body = {
        source: source.value.trim(),
        destinations: [dest.value.trim(), dest2.value.trim()].filter(Boolean),
        batch: batch.value.trim() || null,
        hashes: [md5.checked && 'md5', sha1.checked && 'sha1'].filter(Boolean),
      };
      try {
        const job = await post('/imports', body);
        queued.add(job.id);
        toast(`Import queued (job ${job.id})`, 'ok');
        load();
      } catch (err) {
        status.textContent = err.message;
        status.className = 'form-status error-text';
      }
    },
  },
  h('h2', null, 'Import a card'),
  h('p', { class: 'muted small' }, 'Every file is copied in one read of the card, written safely, read back and compared (xxh64); '
    + 'a copy that differs is made once more, then reported. The card is only read. An ASC MHL hash list is written in each '
    + 'destination’s ascmhl folder, and the copies are catalogued at once. Destinations are library roots or folders inside one.'),
  h('label', { class: 'field' }, 'Source (a folder on the server)', source),
  h('label', { class: 'field' }, 'Destination', dest),
  h('label', { class: 'field' }, 'Second destination', dest2),
  h('label', { class: 'field' }, 'Batch', batch),
  h('fieldset', { class: 'import-hashes' }, h('legend', null, 'Also record'),
    h('label', null, md5, ' MD5'), h('label', null, sha1, ' SHA-1')),
  h('div', { class: 'button-row' }, h('button', { class: 'btn primary', type: 'submit' }, 'Start import'), status));

  let timer = null;
  async function load() {
    clearTimeout(timer);
    try {
      const runs = await get('/imports?limit=20', { signal: ctx.signal });
      for (const r of runs) if (r.jobId != null) queued.delete(r.jobId);
      const waiting = [...queued].map((id) => h('p', { class: 'muted import-queued', dataset: { jobId: String(id) } },
        `Import job ${id} is queued…`));
      fill(list, ...waiting, ...(runs.length ? runs.map(importRow)
        : waiting.length ? [] : [empty('No imports yet.', 'Start one above: the card’s files are copied with proof.')]));
      if (queued.size || runs.some((r) => r.state === 'running')) timer = setTimeout(load, POLL_MS);
    } catch (e) {
      if (ctx.signal.aborted) return;
      fill(list, errorBox(e));
    }
  }
  ctx.onCleanup(() => clearTimeout(timer));
  ctx.on('job.state', (ev) => { if (ev.kind === 'import') load(); });

  fill(ctx.main,
    h('div', { class: 'page-head' }, h('h1', null, 'Import')),
    form,
    h('section', { class: 'import-recent' }, h('h2', null, 'Recent imports'), list));
  load();
}
