// Jobs: the background queue (posters, sprites, proxies, hashes), live from job.* events.

import { h, fill, fmtAgo, throttle, fmtNumber, toast, errorBox, spinner } from '../lib/dom.js';
import { get, post, qs, assetTitle } from '../lib/api.js';

const STATES = ['queued', 'running', 'done', 'failed', 'cancelled'];
/** Each kind's label as the API names it (kindLabel), remembered for rows that arrive as events. */
const KIND_LABEL = {};

async function act(job, what, row) {
  try {
    const j = await post(`/jobs/${job.id}/${what}`);
    updateJobRow(row, j);
    toast(what === 'retry' ? `Job ${job.id} queued again` : `Job ${job.id} cancelled`, 'ok');
  } catch (e) {
    toast(e.message, 'error');
  }
}

/** One job as a row; updateJobRow() changes it in place as events arrive. */
export function jobRow(j, { compact = false } = {}) {
  const row = h('div', { class: 'job', dataset: { jobId: String(j.id) }, role: 'listitem' });
  row._job = { ...j };
  if (j.kindLabel) KIND_LABEL[j.kind] = j.kindLabel;
  row._compact = compact;
  renderRow(row);
  if (!compact && j.assetId != null) {
    assetTitle(j.assetId).then((t) => {
      row._title = t ?? `asset ${j.assetId} (removed)`;
      const link = row.querySelector('.job-asset');
      if (link) link.textContent = row._title;
    });
  }
  return row;
}

export function updateJobRow(row, change) {
  const j = row._job;
  for (const [k, v] of Object.entries(change)) if (v !== undefined) j[k] = v;
  if (j.state === 'done') j.progress = 1;
  renderRow(row);
}

function renderRow(row) {
  const j = row._job;
  const pct = j.progress != null ? Math.round(Math.max(0, Math.min(1, j.progress)) * 100) : j.state === 'done' ? 100 : 0;
  row.dataset.state = j.state;
  const bar = h('div', { class: ['progress', j.state === 'running' && !j.progress && 'indeterminate'], role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(pct) },
    h('i', { style: { width: `${pct}%` } }));
  const actions = h('div', { class: 'job-actions' },
    j.state === 'failed' || j.state === 'cancelled' ? h('button', { class: 'btn small', type: 'button', dataset: { needs: 'editor' }, onclick: () => act(j, 'retry', row) }, 'Retry') : null,
    j.state === 'queued' || j.state === 'running' ? h('button', { class: 'btn small', type: 'button', dataset: { needs: 'editor' }, onclick: () => act(j, 'cancel', row) }, 'Cancel') : null);
  fill(row,
    h('span', { class: `pill state state-${j.state}` }, j.state),
    h('span', { class: 'job-kind' }, j.kindLabel || KIND_LABEL[j.kind] || j.kind),
    row._compact || j.assetId == null ? null : h('a', { class: 'job-asset', href: `#/asset/${j.assetId}`, title: `asset ${j.assetId}` }, row._title || `asset ${j.assetId}`),
    h('div', { class: 'job-progress' }, bar, h('span', { class: 'pct' }, `${pct}%`)),
    h('span', { class: 'job-meta muted small' }, [
      j.attempts ? `try ${j.attempts}${j.maxAttempts ? `/${j.maxAttempts}` : ''}` : '',
      j.finishedAt ? `finished ${fmtAgo(j.finishedAt)}` : j.startedAt ? `started ${fmtAgo(j.startedAt)}` : j.createdAt ? `queued ${fmtAgo(j.createdAt)}` : '',
    ].filter(Boolean).join(' · ')),
    actions,
    j.error ? h('div', { class: 'job-error mono small' }, j.error) : null);
}

export async function render(ctx) {
  const filter = ctx.query.get('state') || '';
  const tabs = h('div', { class: 'tabs', role: 'tablist' });
  const list = h('div', { class: 'job-list', role: 'list' }, spinner());
  const rows = new Map();
  let counts = {};

  function renderTabs() {
    const total = Object.values(counts).reduce((x, y) => x + y, 0);
    tabs.replaceChildren(...[['', 'All', total], ...STATES.map((s) => [s, s[0].toUpperCase() + s.slice(1), counts[s] || 0])]
      .map(([s, label, n]) => h('a', {
        class: ['tab', s === filter && 'active'], role: 'tab', 'aria-selected': s === filter ? 'true' : 'false',
        href: s ? `#/jobs?state=${s}` : '#/jobs', dataset: { state: s },
      }, label, h('span', { class: 'tab-count' }, fmtNumber(n)))));
  }

  async function load() {
    try {
      const res = await get('/jobs' + qs({ state: filter, limit: 500 }));
      if (ctx.signal.aborted) return;
      counts = Object.fromEntries(Object.entries(res.counts || {}).map(([k, v]) => [k.toLowerCase(), v]));
      renderTabs();
      rows.clear();
      const items = res.items || [];
      list.replaceChildren(...items.map((j) => {
        const r = jobRow(j);
        rows.set(String(j.id), r);
        return r;
      }));
      if (!items.length) list.append(h('div', { class: 'empty' }, h('p', null, filter ? `No ${filter} jobs.` : 'No jobs yet.'),
        h('p', { class: 'muted' }, 'Scanning queues posters, sprites and proxies for every new file.')));
    } catch (e) {
      list.replaceChildren(errorBox(e));
    }
  }
  const recount = throttle(async () => {
    try {
      const res = await get('/jobs?limit=1');
      counts = Object.fromEntries(Object.entries(res.counts || {}).map(([k, v]) => [k.toLowerCase(), v]));
      renderTabs();
    } catch { /* keep the old counts */ }
  }, 1000);

  ctx.main.append(
    h('div', { class: 'page-head' }, h('h1', null, 'Jobs'), tabs),
    list);
  renderTabs();
  await load();

  ctx.on('job.state', (m) => {
    recount();
    const row = rows.get(String(m.jobId));
    const matches = !filter || m.state === filter;
    if (row) {
      updateJobRow(row, { state: m.state, error: m.error, attempts: m.attempts, ...(m.state === 'queued' ? { progress: 0 } : {}),
        ...(m.state === 'running' && !row._job.startedAt ? { startedAt: new Date().toISOString() } : {}),
        ...(m.state === 'done' || m.state === 'failed' || m.state === 'cancelled' ? { finishedAt: new Date().toISOString() } : {}) });
      if (!matches) row.classList.add('leaving');
    } else if (matches) {
      const r = jobRow({ id: m.jobId, kind: m.kind, assetId: m.assetId, state: m.state, error: m.error, attempts: m.attempts, progress: 0, createdAt: new Date().toISOString() });
      rows.set(String(m.jobId), r);
      list.querySelector(':scope > .empty')?.remove();
      list.prepend(r);
    }
  });
  ctx.on('job.progress', (m) => {
    const row = rows.get(String(m.jobId));
    if (row) updateJobRow(row, { progress: m.progress, state: 'running' });
  });
  ctx.on('stream.reconnected', load);
}
