// Backups (admins only): the daily schedule (backup.* in dam.toml), the backups in its folder, and
// "Back up now" into a folder, followed live through its job.

import { h, fill, fmtDate, fmtBytes, fmtNumber, errorBox, dataTable, spinner, toast } from '../lib/dom.js';
import { get, post } from '../lib/api.js';

export async function render(ctx) {
  const schedule = h('div', { id: 'backup-schedule' }, spinner());
  const list = h('div', { id: 'backup-list' }, spinner());
  const to = h('input', { name: 'to', id: 'backup-to', required: true, placeholder: '/mnt/backup/dam', autocomplete: 'off', spellcheck: 'false' });
  const derivatives = h('input', { type: 'checkbox', name: 'derivatives', checked: true });
  const originals = h('input', { type: 'checkbox', name: 'originals' });
  const button = h('button', { class: 'btn primary', type: 'submit' }, 'Back up now');
  const status = h('div', { id: 'backup-status', role: 'status', 'aria-live': 'polite' });
  let following = null; // the job of "Back up now"

  async function load(first) {
    try {
      const s = await get('/backups', { signal: ctx.signal });
      fill(schedule, s.dir
        ? h('dl', { class: 'facts' },
          h('dt', null, 'Folder'), h('dd', null, h('code', null, s.dir)),
          h('dt', null, 'Daily at'), h('dd', null, `${s.time} (the server's time)`),
          h('dt', null, 'Kept'), h('dd', null, `the newest ${s.keep}`),
          h('dt', null, 'Derivatives'), h('dd', null, s.derivatives ? 'included' : 'not included'),
          h('dt', null, 'Next backup'), h('dd', { id: 'backup-next' }, s.nextRun ? fmtDate(s.nextRun) : '—'))
        : h('p', { class: 'muted' }, 'No scheduled backup: set backup.dir (and backup.time, backup.keep) in dam.toml and restart the server.'));
      fill(list, s.dir ? dataTable([
        ['Backup', (b) => h('code', { title: b.path }, b.name)],
        ['Taken', (b) => h('time', { datetime: b.created }, fmtDate(b.created))],
        ['Assets', (b) => fmtNumber(b.assets)],
        ['Size', (b) => fmtBytes(b.sizeBytes)],
        ['Derivatives', (b) => (b.derivatives ? 'yes' : 'no')],
      ], s.backups, 'No backup in this folder yet.', { className: 'backup-table', rowProps: (b) => ({ dataset: { backup: b.name } }) })
        : h('p', { class: 'muted' }, 'Backups made into another folder are listed by dam restore, not here.'));
      if (first) {
        if (s.dir) to.value = s.dir;
        derivatives.checked = s.derivatives;
      }
    } catch (e) {
      if (e.name !== 'AbortError') fill(schedule, errorBox(e));
    }
  }

  function showJob(id, state, progress, error) {
    const pct = Math.round((progress || 0) * 100);
    fill(status, h('div', { class: 'backup-job', dataset: { state } },
      h('span', { class: `pill state state-${state}` }, state),
      h('a', { href: '#/jobs', title: `job ${id}` }, `Backup job ${id}`),
      h('div', { class: 'progress', role: 'progressbar', 'aria-label': `Backup job ${id}`, 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(pct) },
        h('i', { style: { width: `${state === 'done' ? 100 : pct}%` } })),
      error ? h('p', { class: 'error-text', role: 'alert' }, error) : null));
  }

  const form = h('form', {
    class: 'edit-form backup-form', id: 'backup-now', 'aria-label': 'Back up now', onsubmit: async (e) => {
      e.preventDefault();
      button.disabled = true;
      try {
        const job = await post('/backups', { to: to.value.trim(), derivatives: derivatives.checked, originals: originals.checked });
        following = job.id;
        showJob(job.id, job.state, job.progress, null);
      } catch (err) {
        fill(status, errorBox(err));
      } finally {
        button.disabled = false;
      }
    },
  },
  h('label', { class: 'field' }, 'Backup folder (on this server, outside the library and its roots)', to),
  h('label', { class: 'check' }, derivatives, ' Derivatives (posters, sprites, proxies; only new ones are copied)'),
  h('label', { class: 'check' }, originals, ' Originals of every library root (verified copies)'),
  h('div', { class: 'button-row' }, button));

  ctx.on('job.progress', (m) => { if (m.jobId === following) showJob(m.jobId, 'running', m.progress, null); });
  ctx.on('job.state', (m) => {
    if (m.jobId !== following) return;
    showJob(m.jobId, m.state, m.state === 'done' ? 1 : 0, m.state === 'failed' ? m.error : null);
    if (m.state === 'done') { toast('Backup done'); load(false); }
  });

  ctx.main.append(
    h('div', { class: 'page-head' }, h('h1', null, 'Backups'),
      h('span', { class: 'backup-links' }, h('a', { href: '#/users' }, 'Users'), h('a', { href: '#/audit' }, 'Audit log'))),
    h('section', { class: 'panel' }, h('h2', null, 'Schedule'), schedule),
    h('section', { class: 'panel' }, h('h2', null, 'Back up now'), form, status),
    h('section', { class: 'panel' }, h('h2', null, 'Backups'), list));
  await load(true);
}
