// The page a share link opens (/share.html#TOKEN), for people without an account: what the link
// shares, a player for it, and for a batch a grid of its assets. The token stays after the '#',
// so it is never sent in a request line, a log or a referrer except to our own API.
import { h, fill, fmtDuration, fmtDate, reducedMotion } from './lib/dom.js';

const main = document.getElementById('share');
const token = decodeURIComponent(location.hash.replace(/^#/, ''));
const base = '/api/v1/shared/' + encodeURIComponent(token);

/** The shared view, or an error carrying the server's status and message. */
async function load() {
  const r = await fetch(base, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  if (r.ok) return r.json();
  throw await failure(r);
}

async function failure(r) {
  let message = `The server answered ${r.status}.`;
  try {
    const body = await r.json();
    if (body?.error?.message) message = body.error.message;
  } catch { /* not JSON: keep the status */ }
  return Object.assign(new Error(message), { status: r.status });
}

function message(title, text) {
  document.title = title + ' — That DAM Toolbox';
  fill(main, h('div', { class: 'share-message', role: 'alert' }, h('h1', null, title), h('p', null, text)));
}

/** The password form of a locked link; unlocking sets a cookie for this link only. */
function lockForm() {
  document.title = 'Password needed — That DAM Toolbox';
  const input = h('input', { type: 'password', id: 'share-password', name: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'error-text', role: 'alert' });
  const button = h('button', { type: 'submit' }, 'Open');
  const form = h('form', { class: 'share-lock', onsubmit: async (e) => {
    e.preventDefault();
    button.disabled = true;
    error.textContent = '';
    try {
      const r = await fetch(base + '/unlock', {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ password: input.value }),
      });
      if (!r.ok) throw await failure(r);
      await start();
    } catch (err) {
      error.textContent = err.message;
      button.disabled = false;
      input.select();
    }
  } },
  h('h1', null, 'This link needs its password'),
  h('p', { class: 'muted' }, 'Whoever sent you the link can tell you the password.'),
  h('label', { for: 'share-password' }, 'Password'), input, button, error);
  fill(main, form);
  input.focus();
}

/** A player for one asset: its proxy in a <video> (or <audio>), its poster for an image. */
function player(a) {
  const posterLarge = a.poster ? a.poster + '?size=large' : null;
  if (a.kind === 'image') {
    return posterLarge ? h('img', { src: posterLarge, alt: a.title }) : h('p', { class: 'share-none' }, 'No preview of this image yet.');
  }
  if (!a.proxy) return h('p', { class: 'share-none' }, `This ${a.kind} cannot be played here yet.`);
  if (a.kind === 'audio') return h('audio', { src: a.proxy, controls: true, preload: 'metadata' });
  return h('video', { src: a.proxy, poster: posterLarge, controls: true, preload: 'metadata', playsinline: true });
}

function render(view) {
  document.title = view.title + ' — That DAM Toolbox';
  const stage = h('div', { class: 'share-stage' });
  const caption = h('div', { class: 'share-caption' });
  const cards = [];
  const show = (a, card) => {
    fill(stage, player(a));
    // one asset: its name is the page's heading already
    fill(caption, view.kind === 'batch' ? h('strong', null, a.title) : null, h('span', { class: 'muted' }, fmtDuration(a.durationSec)));
    for (const c of cards) c.removeAttribute('aria-current');
    if (card) card.setAttribute('aria-current', 'true');
  };
  const meta = [view.kind === 'batch' ? `${view.assets.length} item${view.assets.length === 1 ? '' : 's'}` : null,
    view.expiresAt ? 'link expires ' + fmtDate(view.expiresAt) : null].filter(Boolean).join(' · ');
  const parts = [h('h1', null, view.title), meta ? h('p', { class: 'share-meta' }, meta) : null];
  if (view.assets.length === 0) {
    parts.push(h('p', { class: 'muted' }, 'Nothing is in this batch.'));
    fill(main, parts);
    return;
  }
  parts.push(stage, caption);
  if (view.kind === 'batch') {
    const grid = h('div', { class: 'share-grid' });
    for (const a of view.assets) {
      const card = h('button', { type: 'button', class: 'share-card', dataset: { id: a.id }, onclick: () => {
        show(a, card);
        stage.scrollIntoView({ behavior: reducedMotion() ? 'auto' : 'smooth', block: 'start' });
      } },
      h('span', { class: 'share-thumb' }, a.poster ? h('img', { src: a.poster, alt: '', loading: 'lazy' }) : h('span', { class: 'muted small' }, a.kind)),
      h('span', { class: 'share-card-body' }, h('span', { class: 'share-card-title' }, a.title),
        h('span', { class: 'muted small' }, fmtDuration(a.durationSec))));
      cards.push(card);
      grid.append(card);
    }
    parts.push(grid);
  }
  fill(main, parts);
  show(view.assets[0], cards[0]);
}

async function start() {
  if (!token) {
    message('No link given', 'Open the whole link you were sent, including the part after the "#".');
    return;
  }
  try {
    render(await load());
  } catch (err) {
    if (err.status === 401) lockForm();
    else if (err.status === 404) message('This link does not work', 'It does not exist, has expired or was revoked. Ask whoever sent it for a new one.');
    else message('Something went wrong', err.message);
  }
}

window.addEventListener('hashchange', () => location.reload());
start();
