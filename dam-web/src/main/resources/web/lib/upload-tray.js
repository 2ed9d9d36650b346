// The uploads tray, bottom right: the pickers and the batch name, a row per file (progress, bytes,
// speed, time left, pause/resume, cancel, the error or the asset it became), a summary when all are
// through, and the unfinished uploads this browser remembers from before a reload. A status line
// (aria-live) tells screen readers how far the uploads are, at most every few seconds.

import { h, s, fmtBytes, fmtLongDuration, fmtNumber } from './dom.js';

const ICONS = {
  collapse: 'M6 9l6 6 6-6',
  close: 'M6 6l12 12M18 6L6 18',
};
const icon = (name) => s('svg', { viewBox: '0 0 24 24', 'aria-hidden': 'true', focusable: 'false' }, s('path', { d: ICONS[name] }));

const STATE_TEXT = {
  queued: 'Waiting', uploading: 'Uploading', paused: 'Paused', finishing: 'Cataloguing',
  done: 'Uploaded', duplicate: 'Duplicate', failed: 'Failed',
};
const ANNOUNCE_EVERY_MS = 4000;

const pct = (n) => `${Math.floor(n * 100)} %`;
const plural = (n, one, many) => `${fmtNumber(n)} ${n === 1 ? one : many}`;

export function createTray(actions) {
  const { button } = actions;
  const files = h('input', { type: 'file', id: 'upload-files', multiple: true, hidden: true });
  const folder = h('input', { type: 'file', id: 'upload-folder', multiple: true, hidden: true });
  folder.webkitdirectory = true;
  const batch = h('input', { type: 'text', id: 'upload-batch', name: 'batch', autocomplete: 'off', spellcheck: 'false', placeholder: 'optional' });
  const status = h('span', { class: 'upload-status', role: 'status', 'aria-live': 'polite' });
  const collapse = h('button', {
    type: 'button', class: 'upload-icon-btn upload-collapse', 'aria-expanded': 'true', 'aria-controls': 'upload-tray-body', 'aria-label': 'Collapse the uploads',
  }, icon('collapse'));
  const close = h('button', { type: 'button', class: 'upload-icon-btn', 'aria-label': 'Close the uploads' }, icon('close'));
  const list = h('ul', { class: 'upload-list', 'aria-label': 'Files' });
  const stored = h('div', { class: 'upload-stored', hidden: true });
  const clear = h('button', { type: 'button', class: 'btn small', onclick: () => actions.clearFinished() }, 'Clear');
  const summary = h('div', { class: 'upload-summary', hidden: true });
  const body = h('div', { id: 'upload-tray-body', class: 'upload-body' },
    h('div', { class: 'upload-pick' },
      h('button', { type: 'button', class: 'btn small primary', onclick: () => files.click() }, 'Choose files'),
      h('button', { type: 'button', class: 'btn small', onclick: () => folder.click() }, 'Choose a folder'),
      h('label', { class: 'upload-batch', for: 'upload-batch' }, 'Batch', batch)),
    h('p', { class: 'muted small upload-hint' }, 'Or drop files or folders anywhere on the page.'),
    stored, list, summary, files, folder);
  const tray = h('section', { id: 'upload-tray', class: 'upload-tray', 'aria-labelledby': 'upload-tray-title', 'data-needs': 'editor', hidden: true },
    h('div', { class: 'upload-head' }, h('h2', { id: 'upload-tray-title' }, 'Uploads'), status, collapse, close),
    body);
  const overlay = h('div', { class: 'upload-drop', hidden: true, 'aria-hidden': 'true' },
    h('div', { class: 'upload-drop-box' }, h('p', null, 'Drop to upload'), h('p', { class: 'muted' }, 'Files and folders go into the library.')));
  document.body.append(tray, overlay);

  const rows = new Map(); // item id → the row's parts
  let lastAnnounced = 0;
  let announceTimer = null;

  const picked = (input, withPaths) => () => {
    const chosen = [...input.files].map((file) => ({ file, relativePath: withPaths && file.webkitRelativePath.includes('/') ? file.webkitRelativePath : null }));
    input.value = ''; // the same file can be chosen again (to resume it)
    actions.addFiles(chosen);
  };
  files.addEventListener('change', picked(files, false));
  folder.addEventListener('change', picked(folder, true));

  const setCollapsed = (collapsed) => {
    collapse.setAttribute('aria-expanded', String(!collapsed));
    collapse.setAttribute('aria-label', collapsed ? 'Expand the uploads' : 'Collapse the uploads');
    body.hidden = collapsed;
    tray.classList.toggle('collapsed', collapsed);
  };
  collapse.addEventListener('click', () => setCollapsed(collapse.getAttribute('aria-expanded') === 'true'));

  const api = {
    overlay,
    batch: () => batch.value.trim(),

    open() {
      tray.hidden = false;
      button?.setAttribute('aria-expanded', 'true');
      setCollapsed(false);
      showStored();
    },

    close() {
      tray.hidden = true;
      button?.setAttribute('aria-expanded', 'false');
    },

    add(item) {
      rows.set(item.id, row(item));
      list.append(rows.get(item.id).li);
      api.update(item);
    },

    remove(item) {
      rows.get(item.id)?.li.remove();
      rows.delete(item.id);
    },

    update(item) {
      const r = rows.get(item.id);
      if (!r) return;
      const done = item.total ? item.sent / item.total : item.state === 'done' ? 1 : 0;
      r.li.dataset.state = item.state;
      r.state.textContent = STATE_TEXT[item.state] || item.state;
      r.bar.style.width = `${(done * 100).toFixed(1)}%`;
      r.progress.setAttribute('aria-valuenow', String(Math.floor(done * 100)));
      r.stats.textContent = stats(item);
      r.note.textContent = note(item);
      r.pause.hidden = !(item.state === 'uploading' || item.state === 'queued');
      r.resume.hidden = !(item.state === 'paused' || item.state === 'failed');
      r.resume.textContent = item.state === 'failed' ? 'Try again' : 'Resume';
      const through = item.state === 'done' || item.state === 'duplicate' || item.state === 'failed';
      r.cancel.textContent = through ? 'Remove' : 'Cancel';
      r.cancel.setAttribute('aria-label', `${through ? 'Remove from the list' : 'Cancel'} ${r.name}`);
      r.error.hidden = !item.error;
      r.error.textContent = item.error || '';
      r.result.replaceChildren(...result(item));
      announce(false);
    },

    summarise(items) {
      const count = (st) => items.filter((i) => i.state === st).length;
      const unfinished = items.filter((i) => ['queued', 'uploading', 'finishing', 'paused'].includes(i.state)).length;
      close.hidden = unfinished > 0;
      summary.hidden = !items.length || unfinished > 0;
      if (!summary.hidden) {
        const parts = [plural(count('done'), 'uploaded', 'uploaded'), plural(count('duplicate'), 'duplicate', 'duplicates'),
          plural(count('failed'), 'failed', 'failed')];
        summary.replaceChildren(h('p', { class: 'upload-summary-text' }, `${parts.join(', ')}.`), clear);
      }
      button?.classList.toggle('busy', unfinished > 0);
      api.items = items;
      announce(true);
      showStored();
    },
    items: [],
  };

  close.addEventListener('click', () => api.close());
  button?.addEventListener('click', () => {
    if (tray.hidden) {
      api.open();
      tray.querySelector('.upload-pick button').focus();
    } else {
      api.close();
    }
  });

  function row(item) {
    const name = item.relativePath || item.file.name;
    const bar = h('i');
    const progress = h('div', {
      class: 'progress', role: 'progressbar', 'aria-label': `${name} uploaded`, 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0',
    }, bar);
    const r = {
      name, bar, progress,
      state: h('span', { class: 'upload-state' }),
      stats: h('span', { class: 'upload-stats' }),
      note: h('span', { class: 'upload-note' }),
      pause: h('button', { type: 'button', class: 'btn small', 'data-action': 'pause', 'aria-label': `Pause ${name}`, onclick: () => actions.pause(item) }, 'Pause'),
      resume: h('button', { type: 'button', class: 'btn small', 'data-action': 'resume', 'aria-label': `Resume ${name}`, onclick: () => actions.resume(item) }, 'Resume'),
      cancel: h('button', { type: 'button', class: 'btn small', 'data-action': 'cancel', 'aria-label': `Cancel ${name}`, onclick: () => actions.cancel(item) }, 'Cancel'),
      error: h('p', { class: 'upload-error', hidden: true }),
      result: h('p', { class: 'upload-result' }),
    };
    r.li = h('li', { class: 'upload-item', dataset: { state: item.state, name } },
      h('div', { class: 'upload-line' }, h('span', { class: 'upload-name', title: name }, name), r.state),
      progress,
      h('div', { class: 'upload-line' }, h('span', null, r.stats, ' ', r.note), h('span', { class: 'button-row' }, r.pause, r.resume, r.cancel)),
      r.error, r.result);
    return r;
  }

  /** "12.3 MB of 40.1 MB · 2.1 MB/s · 14 s left" while it goes; the size once through. */
  function stats(item) {
    if (item.state === 'done' || item.state === 'duplicate' || item.state === 'finishing') return fmtBytes(item.total);
    const parts = [`${fmtBytes(item.sent)} of ${fmtBytes(item.total)}`];
    if (item.state === 'uploading' && item.speed > 0) {
      parts.push(`${fmtBytes(item.speed)}/s`, `${fmtLongDuration((item.total - item.sent) / item.speed)} left`);
    }
    return parts.join(' · ');
  }

  function note(item) {
    if (item.retrying) return `Connection lost: trying again (${item.retrying.attempt} of ${item.retrying.of})…`;
    if (item.resumedAt != null && item.state !== 'done' && item.state !== 'duplicate') return `Resumed at ${pct(item.resumedAt)}`;
    return '';
  }

  function result(item) {
    const r = item.result;
    if (item.state === 'done' && r?.assetId != null) {
      return [h('a', { href: `#/asset/${encodeURIComponent(r.assetId)}` }, 'Open the new asset')];
    }
    if (item.state === 'done' && r?.state === 'received') return ['Kept in the uploads folder; not catalogued (not a media file).'];
    if (item.state === 'duplicate') {
      return ['Already in the library: ', h('a', { href: `#/asset/${encodeURIComponent(r.duplicateOf)}` }, 'open the asset it duplicates')];
    }
    return [];
  }

  /** The overall state for the status line: counts at once, progress at most every few seconds. */
  function announce(now) {
    clearTimeout(announceTimer);
    const wait = lastAnnounced + ANNOUNCE_EVERY_MS - Date.now();
    if (!now && wait > 0) {
      announceTimer = setTimeout(() => announce(true), wait);
      return;
    }
    lastAnnounced = Date.now();
    const items = api.items;
    const going = items.filter((i) => ['queued', 'uploading', 'finishing', 'paused'].includes(i.state));
    if (!going.length) {
      status.textContent = items.length ? 'All through' : '';
      return;
    }
    const total = going.reduce((n, i) => n + i.total, 0);
    const sent = going.reduce((n, i) => n + i.sent, 0);
    status.textContent = `${plural(going.length, 'file', 'files')} · ${total ? pct(sent / total) : pct(0)}`;
  }

  /** The unfinished uploads from before, when this tray has none of them: choosing the file again resumes it. */
  function showStored() {
    const entries = actions.storedUploads();
    stored.hidden = !entries.length;
    if (!entries.length) { stored.replaceChildren(); return; }
    stored.replaceChildren(
      h('p', { class: 'small' }, `Unfinished from before (choose the same ${entries.length === 1 ? 'file' : 'files'} again to resume):`),
      h('ul', null, entries.map((e) => h('li', null,
        h('span', { class: 'upload-name', title: e.name }, e.name), ' ', h('span', { class: 'muted small' }, fmtBytes(e.size)), ' ',
        h('button', {
          type: 'button', class: 'btn small ghost', 'aria-label': `Forget ${e.name}`,
          onclick: async () => { await actions.forgetStored(e); showStored(); },
        }, 'Forget')))));
  }

  return api;
}
