// Jobs: the background queue (posters, sprites, proxies, hashes, processing), live from job.* events.
// At the top the queue at a glance (progress of the pending work, ETA, pause); below it the jobs
// grouped by asset or by kind, groups with failures first, finished groups collapsed; or every job
// in one list filtered by state.

import { h, append, fill, fmtAgo, fmtLongDuration, throttle, fmtNumber, toast, errorBox, spinner, confirmDialog } from '../lib/dom.js';
import { get, post, qs, assetTitle } from '../lib/api.js';
import { pref, setPref } from '../lib/prefs.js';

const STATES = ['queued', 'running', 'done', 'skipped', 'failed', 'cancelled'];
const ACTIVE = ['failed', 'running', 'queued'];
/** Groups per page, and jobs shown inside one group before "show all". */
const GROUPS_PER_PAGE = 25;
const JOBS_PER_GROUP = 20;
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
  if (j.state === 'done' || j.state === 'skipped') j.progress = 1;
  // A skipped job's message says why its work was not needed; the API sends it as its reason.
  if (j.state === 'skipped' && j.error) { j.reason = j.error; j.error = null; }
  const focused = row.contains(document.activeElement) ? document.activeElement.dataset.action : null;
  renderRow(row);
  if (focused) row.querySelector(`[data-action="${focused}"]`)?.focus();
}

function renderRow(row) {
  const j = row._job;
  const finishedWell = j.state === 'done' || j.state === 'skipped';
  const pct = finishedWell ? 100 : j.progress != null ? Math.round(Math.max(0, Math.min(1, j.progress)) * 100) : 0;
  row.dataset.state = j.state;
  const label = j.kindLabel || KIND_LABEL[j.kind] || j.kind;
  const bar = h('div', {
    class: ['progress', j.state === 'running' && !j.progress && 'indeterminate'], role: 'progressbar',
    'aria-label': `${label} job ${j.id}`, 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(pct),
  }, h('i', { style: { width: `${pct}%` } }));
  const actions = h('div', { class: 'job-actions' },
    j.state === 'failed' || j.state === 'cancelled' ? h('button', { class: 'btn small', type: 'button', dataset: { needs: 'editor', action: 'retry' }, 'aria-label': `Retry ${label} job ${j.id}`, onclick: () => act(j, 'retry', row) }, 'Retry') : null,
    j.state === 'queued' || j.state === 'running' ? h('button', { class: 'btn small', type: 'button', dataset: { needs: 'editor', action: 'cancel' }, 'aria-label': `Cancel ${label} job ${j.id}`, onclick: () => act(j, 'cancel', row) }, 'Cancel') : null);
  fill(row,
    h('span', { class: `pill state state-${j.state}` }, j.state),
    h('span', { class: 'job-kind' }, label),
    row._compact || j.assetId == null ? null : h('a', { class: 'job-asset', href: `#/asset/${j.assetId}`, title: `asset ${j.assetId}` }, row._title || `asset ${j.assetId}`),
    h('div', { class: 'job-progress' }, bar, h('span', { class: 'pct' }, j.state === 'skipped' ? '–' : `${pct}%`)),
    h('span', { class: 'job-meta muted small' }, [
      j.attempts ? `try ${j.attempts}${j.maxAttempts ? `/${j.maxAttempts}` : ''}` : '',
      j.finishedAt ? `finished ${fmtAgo(j.finishedAt)}` : j.startedAt ? `started ${fmtAgo(j.startedAt)}` : j.createdAt ? `queued ${fmtAgo(j.createdAt)}` : '',
    ].filter(Boolean).join(' · ')),
    actions,
    j.error ? h('div', { class: 'job-error mono small' }, j.error) : null,
    j.state === 'skipped' && j.reason ? h('div', { class: 'job-reason muted small' }, `Skipped: ${j.reason}`) : null);
}

/** "2 failed · 1 running · 3 done": a group's or the queue's counts, the states that have any. */
function countsText(counts) {
  return STATES.filter((s) => counts?.[s]).map((s) => `${fmtNumber(counts[s])} ${s}`).join(' · ') || 'no jobs';
}

// ---------------------------------------------------------------- the queue at a glance

function summaryBox(onChange) {
  const box = h('section', { class: 'jobs-summary', 'aria-label': 'Queue' });
  box.update = (s) => {
    const total = STATES.reduce((n, st) => n + (s.counts?.[st] || 0), 0);
    const pct = Math.round((s.progress ?? 1) * 100);
    const headline = s.paused
      ? `Paused${s.pausedBy ? ` by ${s.pausedBy}` : ''}${s.pausedAt ? ` ${fmtAgo(s.pausedAt)}` : ''}: running jobs finish, no new one starts`
      : s.pending === 0 ? (!total ? 'No jobs yet' : `All caught up${s.counts?.failed ? ` · ${fmtNumber(s.counts.failed)} failed, see below` : ''}`)
      : `${fmtNumber(s.pending)} job${s.pending === 1 ? '' : 's'} to go · ${pct}% of the current work done`
        + (s.etaSeconds != null ? ` · about ${fmtLongDuration(Math.max(1, s.etaSeconds))} left` : ' · time left not known yet');
    const toggle = s.paused
      ? h('button', { class: 'btn primary', type: 'button', dataset: { needs: 'editor', action: 'resume' }, onclick: () => queue('resume') }, 'Resume queue')
      : h('button', { class: 'btn', type: 'button', dataset: { needs: 'editor', action: 'pause' }, onclick: () => queue('pause') }, 'Pause queue');
    const focused = box.contains(document.activeElement) ? document.activeElement.dataset.action : null;
    fill(box,
      h('div', { class: 'jobs-summary-head' },
        h('p', { class: 'jobs-headline', role: 'status', dataset: { paused: String(!!s.paused) } }, headline),
        toggle),
      h('div', {
        class: ['progress', 'jobs-overall', s.paused && 'paused'], role: 'progressbar', 'aria-label': 'Progress of the pending work',
        'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(pct),
      }, h('i', { style: { width: `${pct}%` } })),
      h('ul', { class: 'jobs-counts' }, STATES.map((st) => h('li', { dataset: { state: st } },
        h('a', { href: `#/jobs?view=list&state=${st}`, class: `pill state state-${st}` }, `${fmtNumber(s.counts?.[st] || 0)} ${st}`)))),
      s.kinds?.length ? h('ul', { class: 'jobs-kinds muted small' }, s.kinds.map((k) => {
        KIND_LABEL[k.kind] = k.kindLabel;
        const left = (k.counts?.queued || 0) + (k.counts?.running || 0);
        return h('li', { dataset: { kind: k.kind } }, `${k.kindLabel}: `,
          left ? `${fmtNumber(left)} to go` : 'done',
          k.perMinute > 0 ? ` · ${k.perMinute >= 10 ? Math.round(k.perMinute) : k.perMinute.toFixed(1)}/min` : '');
      })) : null);
    // Pausing turns the button into Resume (and back): the keyboard stays on it.
    if (focused) (focused === 'pause' || focused === 'resume' ? toggle : box.querySelector(`[data-action="${focused}"]`))?.focus();
  };
  async function queue(what) {
    try {
      box.update(await post(`/jobs/${what}`));
      toast(what === 'pause' ? 'Queue paused: running jobs finish, no new one starts' : 'Queue resumed', 'ok');
      onChange();
    } catch (e) {
      toast(e.message, 'error');
    }
  }
  return box;
}

// ---------------------------------------------------------------- groups

// The title is text: a link inside <summary> would be a control inside a control. The asset's link is in the group.
function groupTitle(g, by) {
  if (by === 'kind') return h('span', { class: 'job-group-title' }, g.kindLabel || g.kind);
  if (g.assetId == null) return h('span', { class: 'job-group-title' }, 'Files outside the library');
  const title = h('span', { class: 'job-group-title' }, `asset ${g.assetId}`);
  assetTitle(g.assetId).then((t) => { title.textContent = t ?? `asset ${g.assetId} (removed)`; });
  return title;
}

/** Groups the user opened or closed keep that; others are open while they have work or failures, closed once finished. */
const userOpen = new Map();

function groupBox(g, by, rows) {
  const all = STATES.reduce((n, s) => n + (g.counts?.[s] || 0), 0);
  const pct = Math.round((g.progress ?? 0) * 100);
  const active = ACTIVE.some((s) => g.counts?.[s]);
  const failed = g.counts?.failed || 0;
  const details = h('details', { class: 'job-group', dataset: { key: g.key, failed: String(failed), active: String(active) } });
  details.open = userOpen.get(`${by}:${g.key}`) ?? active;
  const shown = all > g.jobs.length ? `${fmtNumber(g.jobs.length)} of ${fmtNumber(all)} jobs shown · ` : '';
  const more = by === 'kind'
    ? (shown ? h('p', { class: 'muted small job-group-more' }, shown,
      h('a', { href: `#/jobs?view=list&kind=${encodeURIComponent(g.kind)}` }, `all ${g.kindLabel || g.kind} jobs`)) : null)
    : g.assetId != null ? h('p', { class: 'muted small job-group-more' }, shown, h('a', { href: `#/asset/${g.assetId}` }, 'Open the asset')) : null;
  const list = h('div', { class: 'job-list', role: 'list' }, g.jobs.map((j) => {
    const r = jobRow(j, { compact: by === 'asset' });
    rows.set(String(j.id), r);
    return r;
  }));
  append(details, [
    h('summary', { onclick: () => userOpen.set(`${by}:${g.key}`, !details.open), dataset: { state: failed ? 'failed' : active ? 'running' : 'done' } },
      groupTitle(g, by),
      h('span', { class: ['pill', failed ? 'state state-failed' : active ? 'state state-running' : 'state state-done'] },
        failed ? 'failed' : active ? 'in progress' : 'finished'),
      h('div', { class: 'progress', role: 'progressbar', 'aria-label': 'Group progress', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(pct) },
        h('i', { style: { width: `${pct}%` } })),
      h('span', { class: 'job-group-counts muted small' }, countsText(g.counts))),
    list, more]);
  return details;
}

// ---------------------------------------------------------------- the page

export async function render(ctx) {
  // The grouping last chosen is remembered per person ("jobs.view"); a link naming a view wins.
  const VIEWS = ['asset', 'kind', 'list'];
  const asked = ctx.query.get('view');
  const view = VIEWS.includes(asked) ? asked : VIEWS.includes(pref('jobs.view', 'asset')) ? pref('jobs.view', 'asset') : 'asset';
  if (VIEWS.includes(asked) && asked !== pref('jobs.view', 'asset')) setPref('jobs.view', asked);
  const filter = view === 'list' ? (ctx.query.get('state') || '') : '';
  const kindFilter = view === 'list' ? (ctx.query.get('kind') || '') : '';
  const rows = new Map();
  const summary = summaryBox(() => { refreshSummary(); reload(); });
  const body = h('div', { class: 'jobs-body' }, spinner());
  let counts = {};

  const viewLink = (v, label) => h('a', {
    class: ['tab', v === view && 'active'], href: `#/jobs?view=${v}`,
    dataset: { view: v }, 'aria-current': v === view ? 'page' : null,
  }, label);
  const tools = h('div', { class: 'jobs-tools' },
    h('nav', { class: 'tabs', 'aria-label': 'Show jobs' }, viewLink('asset', 'By asset'), viewLink('kind', 'By kind'), viewLink('list', 'All jobs')),
    h('div', { class: 'jobs-actions' },
      h('button', { class: 'btn small', type: 'button', dataset: { needs: 'editor', action: 'retry-failed' }, onclick: retryFailed }, 'Retry failed'),
      h('button', { class: 'btn small', type: 'button', dataset: { needs: 'editor', action: 'clear-finished' }, onclick: () => clear('finished') }, 'Clear finished'),
      h('button', { class: 'btn small', type: 'button', dataset: { needs: 'editor', action: 'clear-failed' }, onclick: () => clear('failed') }, 'Clear failed')));

  async function retryFailed() {
    try {
      const res = await get('/jobs' + qs({ state: 'failed', limit: 1000 }));
      let n = 0;
      for (const j of res.items || []) {
        try { await post(`/jobs/${j.id}/retry`); n++; } catch { /* retried meanwhile, or the same work is queued */ }
      }
      toast(n ? `${n} failed job${n === 1 ? '' : 's'} queued again` : 'No failed jobs to retry', 'ok');
      refreshSummary(); reload();
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  async function clear(which) {
    const ok = await confirmDialog({
      title: which === 'failed' ? 'Clear failed jobs?' : 'Clear finished jobs?',
      body: which === 'failed' ? 'Failed jobs are deleted from the list; their work is not retried.'
        : 'Done, skipped and cancelled jobs are deleted from the list. Nothing they made is touched.',
      confirm: 'Clear', danger: which === 'failed',
    });
    if (!ok) return;
    try {
      const res = await post('/jobs/clear' + qs({ which }));
      toast(`${fmtNumber(res.cleared)} ${which} job${res.cleared === 1 ? '' : 's'} cleared`, 'ok');
      refreshSummary(); reload();
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  async function refreshSummary() {
    try {
      const s = await get('/jobs/summary');
      if (ctx.signal.aborted) return;
      counts = s.counts || {};
      summary.update(s);
      renderStateTabs();
    } catch { /* keep what is shown */ }
  }

  // ---- grouped views: pages of groups, "show more" appends the next page
  let loadedGroups = 0;
  async function loadGroups(append) {
    const offset = append ? loadedGroups : 0;
    const limit = append ? GROUPS_PER_PAGE : Math.max(GROUPS_PER_PAGE, loadedGroups);
    try {
      const res = await get('/jobs/groups' + qs({ by: view, offset, limit, per: JOBS_PER_GROUP }));
      if (ctx.signal.aborted) return;
      const focused = document.activeElement;
      const focusKey = body.contains(focused) ? focused.closest('[data-job-id]')?.dataset.jobId : null;
      const focusAction = focused?.dataset?.action;
      if (!append) rows.clear();
      const boxes = res.groups.map((g) => groupBox(g, view, rows));
      loadedGroups = offset + res.groups.length;
      const list = append ? body.querySelector('.job-groups') : h('div', { class: 'job-groups' });
      list.append(...boxes);
      const more = loadedGroups < res.total
        ? h('button', { class: 'btn jobs-more', type: 'button', onclick: () => loadGroups(true) },
          `Show more (${fmtNumber(res.total - loadedGroups)} ${view === 'kind' ? 'kinds' : 'assets'} left)`)
        : null;
      if (!res.total) {
        body.replaceChildren(h('div', { class: 'empty' }, h('p', null, 'No jobs.'),
          h('p', { class: 'muted' }, 'Scanning queues posters, sprites and proxies for every new file; finished jobs are cleared after a while.')));
        return;
      }
      body.replaceChildren(...[list, more].filter(Boolean));
      if (focusKey) body.querySelector(`[data-job-id="${focusKey}"] [data-action="${focusAction}"]`)?.focus();
    } catch (e) {
      body.replaceChildren(errorBox(e));
    }
  }

  // ---- the list of every job, filtered by state (and kind), paged
  const stateTabs = h('nav', { class: 'tabs job-states', 'aria-label': 'Jobs by state' });
  function renderStateTabs() {
    if (view !== 'list') return;
    const total = Object.values(counts).reduce((x, y) => x + y, 0);
    const extra = kindFilter ? `&kind=${encodeURIComponent(kindFilter)}` : '';
    stateTabs.replaceChildren(...[['', 'All', total], ...STATES.map((s) => [s, s[0].toUpperCase() + s.slice(1), counts[s] || 0])]
      .map(([s, label, n]) => h('a', {
        class: ['tab', s === filter && 'active'], 'aria-current': s === filter ? 'page' : null,
        href: `#/jobs?view=list${s ? `&state=${s}` : ''}${extra}`, dataset: { state: s },
      }, label, h('span', { class: 'tab-count' }, fmtNumber(n)))));
  }
  let listed = 0;
  async function loadList(append) {
    const offset = append ? listed : 0;
    const limit = append ? 200 : Math.max(200, listed);
    try {
      const res = await get('/jobs' + qs({ state: filter, kind: kindFilter, offset, limit }));
      if (ctx.signal.aborted) return;
      const list = append ? body.querySelector('.job-list') : h('div', { class: 'job-list', role: 'list' });
      if (!append) rows.clear();
      const items = res.items || [];
      list.append(...items.map((j) => {
        const r = jobRow(j);
        rows.set(String(j.id), r);
        return r;
      }));
      listed = offset + items.length;
      const total = filter ? (res.counts?.[filter] ?? 0) : Object.values(res.counts || {}).reduce((x, y) => x + y, 0);
      if (!listed) {
        list.append(h('div', { class: 'empty' }, h('p', null, filter ? `No ${filter} jobs.` : 'No jobs yet.'),
          h('p', { class: 'muted' }, 'Scanning queues posters, sprites and proxies for every new file.')));
      }
      const more = !kindFilter && listed < total
        ? h('button', { class: 'btn jobs-more', type: 'button', onclick: () => loadList(true) }, `Show more (${fmtNumber(total - listed)} left)`)
        : items.length === limit && kindFilter ? h('button', { class: 'btn jobs-more', type: 'button', onclick: () => loadList(true) }, 'Show more') : null;
      body.replaceChildren(...[list, more].filter(Boolean));
    } catch (e) {
      body.replaceChildren(errorBox(e));
    }
  }

  const reload = throttle(() => (view === 'list' ? loadList(false) : loadGroups(false)), 1500);
  const resummarise = throttle(refreshSummary, 1000);

  append(ctx.main, [
    h('div', { class: 'page-head' }, h('h1', null, 'Jobs')),
    summary,
    tools,
    view === 'list' ? stateTabs : null,
    kindFilter ? h('p', { class: 'muted small' }, `Only ${KIND_LABEL[kindFilter] || kindFilter} jobs · `, h('a', { href: '#/jobs?view=list' }, 'show every kind')) : null,
    body]);
  await refreshSummary();
  await (view === 'list' ? loadList(false) : loadGroups(false));

  ctx.on('job.state', (m) => {
    resummarise();
    const row = rows.get(String(m.jobId));
    if (row) {
      updateJobRow(row, { state: m.state, error: m.error, attempts: m.attempts, ...(m.state === 'queued' ? { progress: 0 } : {}),
        ...(m.state === 'running' && !row._job.startedAt ? { startedAt: new Date().toISOString() } : {}),
        ...(['done', 'skipped', 'failed', 'cancelled'].includes(m.state) ? { finishedAt: new Date().toISOString() } : {}) });
      if (filter && m.state !== filter) row.classList.add('leaving');
    }
    // Groups move (failures first, finished ones collapse) and new jobs appear: the page is read again, at a calm pace.
    if (view !== 'list' || !row) reload();
  });
  ctx.on('job.progress', (m) => {
    const row = rows.get(String(m.jobId));
    if (row) updateJobRow(row, { progress: m.progress, state: 'running' });
    resummarise();
  });
  ctx.on('job.queue', () => resummarise());
  ctx.on('job.cleared', () => { resummarise(); reload(); });
  ctx.on('stream.reconnected', () => { refreshSummary(); reload(); });
  // Another process (the command line) may pause the queue or run jobs without events reaching this server.
  const timer = setInterval(resummarise, 10_000);
  ctx.onCleanup(() => clearInterval(timer));
}
