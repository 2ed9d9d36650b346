// Uploading files into the library over tus 1.0 (/api/v1/uploads), for editors and admins: drop
// files or folders anywhere on the dashboard, or pick them with the top bar's Upload button. Each
// file goes in 8 MiB chunks, three files at a time; a dropped connection is retried with back-off,
// and a file chosen again after a reload resumes at the offset the server holds (tus-js-client
// keeps each upload's address in localStorage under a fingerprint of the file). The tray
// (upload-tray.js) shows and steers them.

import { get, request } from './api.js';
import { session, can, onUser } from './session.js';
import { toast } from './dom.js';
import { createTray } from './upload-tray.js';

const ENDPOINT = '/api/v1/uploads';
const CHUNK = 8 * 1024 * 1024;
const PARALLEL = 3;
// Waits before each new try after a network error: about two minutes in all, then the file shows
// as failed with a button to try again.
const RETRY_DELAYS = [0, 1000, 3000, 5000, 10000, 20000, 30000, 60000];
// What a folder drags along that nobody means to upload.
const CLUTTER = /^(\.DS_Store|\._.*|Thumbs\.db|desktop\.ini)$/i;
const SPEED_WINDOW_MS = 8000;

/** An upload's states: queued → uploading ⇄ paused → finishing → done | duplicate | failed. */
const ACTIVE = new Set(['queued', 'uploading', 'finishing']);

let nextId = 1;
const items = [];
let tray = null;
let tusLoading = null;

/** tus-js-client's browser bundle (dam-web vendors it at build time), loaded on the first upload. */
function loadTus() {
  tusLoading ??= new Promise((resolve, reject) => {
    if (window.tus) { resolve(window.tus); return; }
    const script = document.createElement('script');
    script.src = 'vendor/tus.min.js';
    script.onload = () => resolve(window.tus);
    script.onerror = () => { tusLoading = null; reject(new Error('The uploader could not be loaded from the server.')); };
    document.head.appendChild(script);
  });
  return tusLoading;
}

// ---------------------------------------------------------------- the queue

/** Adds files ({file, relativePath}) to the queue with the tray's batch name, and starts what may start. */
export function addFiles(entries) {
  const wanted = entries.filter((e) => !CLUTTER.test(e.file.name));
  if (!wanted.length) return;
  const batch = tray.batch();
  for (const { file, relativePath } of wanted) {
    const item = {
      id: nextId++, file, relativePath, batch, state: 'queued', sent: 0, total: file.size,
      samples: [], speed: null, resumedAt: null, resuming: false, retrying: null, offline: false, error: null, result: null, upload: null,
    };
    items.push(item);
    tray.add(item);
  }
  tray.open();
  pump();
}

function pump() {
  let running = items.filter((i) => i.state === 'uploading').length;
  for (const item of items) {
    if (running >= PARALLEL) break;
    if (item.state !== 'queued') continue;
    running++;
    start(item);
  }
  tray.summarise(items);
}

function setState(item, state) {
  item.state = state;
  tray.update(item);
  pump();
}

async function start(item) {
  item.state = 'uploading'; // (not setState: pump is starting it)
  tray.update(item);
  item.samples = [];
  item.retrying = null;
  item.error = null;
  if (item.upload) { // paused, or failed after the retries: the upload asks the server for its offset again
    item.upload.start();
    return;
  }
  let tus;
  try {
    tus = await loadTus();
  } catch (e) {
    fail(item, e.message);
    return;
  }
  if (item.state !== 'uploading') return; // cancelled or paused while loading
  const upload = new tus.Upload(item.file, options(item));
  // The same file chosen again (after a reload, or a failure) goes on from where the server is.
  const previous = await upload.findPreviousUploads().catch(() => []);
  if (item.state !== 'uploading') return;
  if (previous.length) {
    previous.sort((a, b) => String(b.creationTime).localeCompare(String(a.creationTime)));
    upload.resumeFromPreviousUpload(previous[0]);
    item.resuming = true;
  }
  item.upload = upload;
  upload.start();
}

function options(item) {
  const metadata = { filename: item.file.name, filetype: item.file.type || 'application/octet-stream' };
  if (item.batch) metadata.batch = item.batch;
  if (item.relativePath) metadata.relativePath = item.relativePath;
  return {
    endpoint: ENDPOINT,
    chunkSize: CHUNK,
    retryDelays: RETRY_DELAYS,
    metadata,
    // the header that tells the server the request comes from this page (see api.js)
    headers: { 'X-Dam-Request': '1' },
    // One person's uploads of one file in this browser (a folder's files apart by their path).
    fingerprint: (file) => Promise.resolve(['dam-upload', session.user?.name || '', item.relativePath || file.name,
      file.type, file.size, file.lastModified].join('/')),
    storeFingerprintForResuming: true,
    removeFingerprintOnSuccess: true,
    onAfterResponse: (req, res) => {
      if (req.getMethod() !== 'HEAD' || res.getStatus() !== 200) return;
      const offset = Number(res.getHeader('Upload-Offset'));
      if (!Number.isFinite(offset)) return;
      item.sent = offset;
      if (item.resuming && offset > 0 && item.total > 0) item.resumedAt = offset / item.total;
      item.resuming = false;
      tray.update(item);
    },
    onProgress: (sent, total) => progress(item, sent, total),
    onShouldRetry: (err, attempt) => {
      const status = err.originalResponse ? err.originalResponse.getStatus() : 0;
      const retry = (!status || status >= 500 || status === 409 || status === 423) && navigator.onLine !== false;
      if (retry) {
        item.retrying = { attempt: attempt + 1, of: RETRY_DELAYS.length };
        item.samples = [];
        tray.update(item);
      }
      return retry;
    },
    onSuccess: () => finish(item),
    onError: (err) => {
      if (item.state !== 'uploading') return; // paused or cancelled meanwhile
      fail(item, describe(err));
      item.offline = !err.originalResponse && !!err.originalRequest;
    },
  };
}

function progress(item, sent, total) {
  const now = performance.now();
  item.sent = sent;
  item.total = total;
  item.retrying = null;
  item.samples.push([now, sent]);
  while (item.samples.length > 2 && now - item.samples[0][0] > SPEED_WINDOW_MS) item.samples.shift();
  const [t0, b0] = item.samples[0];
  item.speed = now - t0 >= 500 ? ((sent - b0) * 1000) / (now - t0) : item.speed;
  tray.update(item);
}

/** What the server made of a finished upload: the new asset, or the asset it duplicates. */
async function finish(item) {
  item.sent = item.total;
  item.speed = null;
  setState(item, 'finishing');
  const path = new URL(item.upload.url, location.href).pathname.replace(/^\/api\/v1/, '');
  try {
    let r = await get(`${path}/result`);
    // "received": all bytes are in, and the file is being catalogued, or is kept without being media
    for (let wait = 250; r.state === 'received' && wait <= 4000; wait *= 2) {
      await new Promise((resolve) => { setTimeout(resolve, wait); });
      r = await get(`${path}/result`);
    }
    item.result = r;
    if (r.state === 'failed') fail(item, r.error || 'The server could not keep the file.');
    else setState(item, r.state === 'duplicate' ? 'duplicate' : 'done');
  } catch (e) {
    fail(item, `Uploaded, but what it became is not known: ${e.message}`);
  }
}

function fail(item, message) {
  item.error = message;
  item.retrying = null;
  item.speed = null;
  setState(item, 'failed');
}

/** A failed upload in a sentence of the server's (its error message), never the client library's own text. */
function describe(err) {
  const res = err.originalResponse;
  if (!res) {
    return err.originalRequest
      ? 'The server cannot be reached. Try again to resume where it stopped.'
      : 'The file could not be read.';
  }
  const status = res.getStatus();
  let body = null;
  try { body = JSON.parse(res.getBody()); } catch { /* not JSON: the status says it */ }
  const e = body?.error;
  if (status === 401) return 'You are not logged in any more: log in and choose the file again to resume.';
  if (status === 403 && e?.code === 'forbidden') return `Your role does not allow uploads (${e.message}).`;
  return e?.message || `The server refused the upload (${status}).`;
}

// ---------------------------------------------------------------- what the tray asks

export function pause(item) {
  if (item.state !== 'uploading' && item.state !== 'queued') return;
  const upload = item.upload;
  item.speed = null;
  setState(item, 'paused');
  upload?.abort(false);
}

export function resume(item) {
  if (item.state !== 'paused' && item.state !== 'failed') return;
  item.error = null;
  item.offline = false;
  setState(item, 'queued');
}

/** Stops the upload and has the server throw away what it received (tus termination). */
export async function cancel(item) {
  const was = item.state;
  item.state = 'cancelled';
  items.splice(items.indexOf(item), 1);
  tray.remove(item);
  pump();
  if (!item.upload || was === 'done' || was === 'duplicate') return;
  try {
    await item.upload.abort(true);
  } catch {
    // the server could not be told: it throws the part away when the upload expires
    toast(`${item.file.name}: the server could not be told to drop the part it received; it will expire.`, 'info');
  }
  tray.summarise(items); // no longer among the uploads to resume
}

/** Forgets finished uploads (the tray's Clear). */
export function clearFinished() {
  for (const item of items.filter((i) => !ACTIVE.has(i.state) && i.state !== 'paused')) {
    items.splice(items.indexOf(item), 1);
    tray.remove(item);
  }
  tray.summarise(items);
}

// ---------------------------------------------------------------- drag and drop

/** The files of a drop, folders walked (their files keep the path below the dropped folder's parent). */
async function droppedFiles(dt) {
  const entries = [];
  const loose = [];
  for (const it of dt.items ? [...dt.items] : []) {
    if (it.kind !== 'file') continue;
    const entry = it.webkitGetAsEntry?.();
    if (entry) entries.push(entry);
    else if (it.getAsFile()) loose.push({ file: it.getAsFile(), relativePath: null });
  }
  if (!dt.items) for (const file of dt.files) loose.push({ file, relativePath: null });
  const out = [...loose];
  for (const entry of entries) await walk(entry, out);
  return out;
}

async function walk(entry, out) {
  if (entry.isFile) {
    const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
    const path = entry.fullPath.replace(/^\//, '');
    out.push({ file, relativePath: path.includes('/') ? path : null });
  } else if (entry.isDirectory) {
    const reader = entry.createReader();
    for (;;) { // readEntries answers a part of a large folder at a time
      const part = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
      if (!part.length) break;
      for (const child of part) await walk(child, out);
    }
  }
}

function setupDrop(overlay) {
  let depth = 0; // dragenter/dragleave pairs of the elements under the pointer
  const accepts = (e) => can('editor') && !!e.dataTransfer && [...e.dataTransfer.types].includes('Files');
  const hide = () => { depth = 0; overlay.hidden = true; };
  document.addEventListener('dragenter', (e) => {
    if (!accepts(e)) return;
    e.preventDefault();
    depth++;
    overlay.hidden = false;
  });
  document.addEventListener('dragover', (e) => {
    if (!accepts(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  });
  document.addEventListener('dragleave', (e) => {
    if (!accepts(e)) return;
    depth = Math.max(0, depth - 1);
    if (!depth) hide();
  });
  document.addEventListener('drop', (e) => {
    if (!accepts(e)) return;
    e.preventDefault();
    hide();
    droppedFiles(e.dataTransfer).then(addFiles, () => toast('Some of the dropped files could not be read.', 'error'));
  });
}

// ---------------------------------------------------------------- set-up

/** Puts the uploader on the page: the top bar's button, the drop zone and the tray. */
export function initUploads() {
  const button = document.getElementById('upload-button');
  tray = createTray({ button, pause, resume, cancel, clearFinished, addFiles, storedUploads, forgetStored });
  setupDrop(tray.overlay);
  onUser(() => { if (!can('editor')) tray.close(); });
  // Uploads that gave up while the network was away go on when it is back.
  window.addEventListener('online', () => {
    for (const item of items.filter((i) => i.state === 'failed' && i.offline)) resume(item);
  });
}

// ---------------------------------------------------------------- uploads left from before a reload

const STORE_PREFIX = 'tus::dam-upload/';

/** This person's unfinished uploads this browser remembers ({key, name, size, url}), newest first. */
function storedUploads() {
  const mine = `${STORE_PREFIX}${session.user?.name || ''}/`;
  const out = [];
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (!key.startsWith(mine)) continue;
      const v = JSON.parse(localStorage.getItem(key));
      if (!v?.uploadUrl) continue;
      if (items.some((it) => it.upload?.url === v.uploadUrl)) continue;
      out.push({ key, name: v.metadata?.relativePath || v.metadata?.filename || 'file', size: v.size, url: v.uploadUrl, created: v.creationTime });
    }
  } catch {
    return []; // storage refused (a private window's policy): nothing to resume
  }
  return out.sort((a, b) => String(b.created).localeCompare(String(a.created)));
}

/** Drops a remembered upload: the server throws its part away, the browser forgets it. */
async function forgetStored(entry) {
  localStorage.removeItem(entry.key);
  const path = new URL(entry.url, location.href).pathname;
  if (!path.startsWith(`${ENDPOINT}/`)) return;
  try {
    await request(path, { method: 'DELETE', headers: { 'Tus-Resumable': '1.0.0' } });
  } catch {
    // gone already, or the server is away: it expires on its own
  }
}
