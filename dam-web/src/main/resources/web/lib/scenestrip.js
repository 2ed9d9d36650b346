// The scene strip under a video's player: one keyframe per scene (shot between two cuts) with its start
// time, the scene being played highlighted, a click (or Enter) seeks to it, arrow keys move between
// scenes, and "Similar" searches for scenes that look or read alike. Empty until the video was analysed;
// editors can ask for an analysis (or a new one) from here, and a failed one says why.

import { h, fill, fmtDuration, toast } from './dom.js';
import { get, post } from './api.js';

/**
 * ctx: the page context (signal, on, onCleanup); asset: the asset (id, kind).
 * Returns { el, attach(media), refresh() }: attach follows a media element's time; refresh loads again.
 */
export function sceneStrip(ctx, asset) {
  const list = h('ol', { class: 'scene-list' });
  const status = h('p', { class: 'scene-status muted small' });
  const el = h('section', { class: 'scene-strip', 'aria-label': 'Scenes', hidden: asset.kind !== 'video' },
    h('h2', { class: 'scene-heading' }, 'Scenes'), status, list);
  let scenes = [];
  let items = [];
  let media = null;
  let current = -1;
  // the newest scenes job of the asset ({ id, state, error }): a failed one says why there are no (new) scenes
  let lastJob = (asset.jobs || []).filter((j) => j.kind === 'scenes').reduce((a, j) => (!a || j.id > a.id ? j : a), null);

  function seek(s) {
    if (!media) return;
    media.currentTime = s.startSec + 0.001; // a hair inside: the frame shown is the scene's own first one
    highlight(s.startSec + 0.001);
  }

  function highlight(t) {
    const i = scenes.findIndex((s) => t >= s.startSec && t < s.endSec);
    if (i === current) return;
    if (items[current]) { items[current].classList.remove('current'); items[current].querySelector('.scene-seek').removeAttribute('aria-current'); }
    current = i;
    if (items[i]) {
      items[i].classList.add('current');
      items[i].querySelector('.scene-seek').setAttribute('aria-current', 'true');
      if (media && !media.paused) items[i].scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
  }

  function onKey(e, i) {
    const to = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0
      : e.key === 'End' ? items.length - 1 : null;
    if (to == null) return;
    e.preventDefault(); // the page's own arrow keys seek the player
    items[Math.max(0, Math.min(items.length - 1, to))]?.querySelector('.scene-seek').focus();
  }

  function item(s, i) {
    const label = `Scene ${i + 1}, ${fmtDuration(s.startSec)} to ${fmtDuration(s.endSec)}`;
    const seekBtn = h('button', { class: 'scene-seek', type: 'button', 'aria-label': label, title: label,
      onclick: () => seek(s), onkeydown: (e) => onKey(e, i) },
    s.keyframeUrl ? h('img', { src: s.keyframeUrl, alt: '', loading: 'lazy', decoding: 'async' }) : h('span', { class: 'scene-nokf' }),
    h('span', { class: 'scene-time' }, fmtDuration(s.startSec)));
    const similar = h('a', { class: 'scene-similar small', href: `#/search?q=${encodeURIComponent(`similar:scene:${s.id}`)}`,
      'aria-label': `Scenes similar to scene ${i + 1}` }, 'Similar');
    return h('li', { class: 'scene-item', dataset: { sceneId: String(s.id) } }, seekBtn, similar);
  }

  async function analyse(btn) {
    btn.disabled = true;
    try {
      const job = await post(`/assets/${asset.id}/scenes`);
      if (!lastJob || job.id > lastJob.id) lastJob = job; // unless its own news came first
      showStatus();
    } catch (e) {
      btn.disabled = false;
      toast(e.message, 'error');
    }
  }

  async function refresh() {
    if (asset.kind !== 'video') return;
    let body;
    try {
      body = await get(`/assets/${asset.id}/scenes`, { signal: ctx.signal });
    } catch (e) {
      if (!ctx.signal.aborted) fill(status, `Scenes could not be loaded: ${e.message}`);
      return;
    }
    if (ctx.signal.aborted) return;
    scenes = body.scenes || [];
    items = scenes.map(item);
    current = -1;
    fill(list, ...items);
    showStatus();
    if (scenes.length && media) highlight(media.currentTime);
  }

  function findButton(text) {
    return h('button', { class: 'btn small scene-find', type: 'button', dataset: { needs: 'editor' },
      onclick: (e) => analyse(e.currentTarget) }, text);
  }

  function showStatus() {
    if (lastJob?.state === 'queued' || lastJob?.state === 'running') {
      fill(status, 'Finding scenes…');
      return;
    }
    const failed = lastJob?.state === 'failed' ? lastJob.error || 'no reason given' : null;
    if (scenes.length) {
      fill(status, `${scenes.length} scene${scenes.length === 1 ? '' : 's'}`,
        failed ? h('span', { class: 'scene-error error-text' }, ` · finding them again failed: ${failed}`) : null,
        ' ', findButton('Find again'));
    } else if (failed) {
      fill(status, h('span', { class: 'scene-error error-text' }, `Finding scenes failed: ${failed} `),
        findButton('Find scenes'));
    } else {
      fill(status, 'No scenes yet. ', findButton('Find scenes'));
    }
  }

  const onTime = () => highlight(media.currentTime);
  function attach(m) {
    if (media) media.removeEventListener('timeupdate', onTime);
    media = m;
    if (media) { media.addEventListener('timeupdate', onTime); highlight(media.currentTime || 0); }
  }
  ctx.onCleanup(() => attach(null));
  ctx.on('job.state', (m) => {
    if (String(m.assetId) !== String(asset.id) || m.kind !== 'scenes') return;
    if (lastJob && m.jobId < lastJob.id) return; // an older analysis' news
    lastJob = { id: m.jobId, state: m.state, error: m.error };
    if (m.state === 'running' || m.state === 'queued') showStatus();
    else refresh();
  });
  refresh();
  return { el, attach, refresh };
}

/** Seeks {@code media} to {@code t} seconds once it knows its length (the page opened with ?t=). */
export function seekWhenReady(media, t) {
  const sec = Number(t);
  if (!media || !(sec >= 0) || !isFinite(sec)) return;
  const go = () => { media.currentTime = Math.min(sec, isFinite(media.duration) ? media.duration : sec); };
  if (media.readyState >= 1) go();
  else media.addEventListener('loadedmetadata', go, { once: true });
}
