// The asset page's player: a <video> or <audio> without the browser's controls, under our own bar —
// play, time, one seek bar (trickplay preview on hover, a waveform for audio, markers for motion,
// idle ranges and peak stills), speed, mute, full screen.

import { h, s, fmtDuration } from './dom.js';
import { cueAt, showTile, preloadSheets } from './sprites.js';

const ICONS = {
  play: 'M8 5v14l11-7z',
  pause: 'M6 5h4v14H6zm8 0h4v14h-4z',
  sound: 'M4 9v6h4l5 4V5L8 9zm12.5 3A4.5 4.5 0 0 0 14 8v8a4.5 4.5 0 0 0 2.5-4z',
  muted: 'M4 9v6h4l5 4V5L8 9zm11.6.4 1.4-1.4 2 2 2-2 1.4 1.4-2 2 2 2-1.4 1.4-2-2-2 2-1.4-1.4 2-2z',
  full: 'M4 4h6v2H6v4H4zm10 0h6v6h-2V6h-4zM4 14h2v4h4v2H4zm14 0h2v6h-6v-2h4z',
};
const icon = (name) => s('svg', { viewBox: '0 0 24 24', class: 'vp-icon', 'aria-hidden': 'true', focusable: 'false' }, s('path', { d: ICONS[name] }));

const PREVIEW_W = 160;
const PREVIEW_H = 90;

/**
 * kind: 'video' | 'audio'. duration: the catalog's length, used until the media knows its own.
 * sprite: a Promise of the sprite track (or null). Returns { el, media, track, setMarkers(list) },
 * list items { kind: 'motion'|'idle'|'peak', start, end?, label }.
 */
export function mediaPlayer({ kind, src, poster, label, duration: fallback, sprite }) {
  const media = kind === 'audio'
    ? h('audio', { preload: 'metadata', src })
    : h('video', { preload: 'metadata', playsinline: true, src, poster, 'aria-label': label });
  const duration = () => (isFinite(media.duration) && media.duration > 0 ? media.duration : fallback || 0);

  const playBtn = h('button', { class: 'vp-btn vp-play', type: 'button', 'aria-label': 'Play' }, icon('play'));
  const clock = h('span', { class: 'vp-clock', 'aria-live': 'off' });
  const rate = h('span', { class: 'vp-rate', hidden: true });
  const muteBtn = h('button', { class: 'vp-btn vp-mute', type: 'button', 'aria-label': 'Mute', 'aria-pressed': 'false' }, icon('sound'));
  const fullBtn = kind === 'video' ? h('button', { class: 'vp-btn vp-full', type: 'button', 'aria-label': 'Full screen' }, icon('full')) : null;

  const played = h('div', { class: 'scrub-played' });
  const hover = h('div', { class: 'scrub-hover' });
  const bar = h('div', {
    class: ['scrub-track', kind === 'audio' ? 'wave' : null], role: 'slider', tabindex: '0', 'aria-label': 'Seek',
    'aria-valuemin': '0', 'aria-valuenow': '0',
  }, played, hover);
  const tile = h('div', { class: 'tile' });
  const tileBox = h('div', { class: 'scrub-tile', hidden: true }, tile);
  const time = h('span', { class: 'scrub-time' });
  const preview = h('div', { class: 'scrub-preview', hidden: true }, tileBox, time);
  const markers = h('div', { class: 'vp-markers', role: 'group', 'aria-label': 'Markers', hidden: true });
  const scrubber = h('div', { class: 'scrubber' }, markers, bar, preview);

  const stage = kind === 'video' ? h('div', { class: 'vp-stage' }, media) : h('div', { class: 'vp-stage audio' }, media);
  const el = h('div', { class: `vplayer vplayer-${kind}` }, stage,
    h('div', { class: 'vp-controls' }, playBtn, clock, scrubber, rate, muteBtn, fullBtn));

  let track = null;
  let hoverX = null; // where the pointer is over the bar (null: not over it)
  sprite?.then((t) => {
    track = t;
    if (!t) return;
    preloadSheets(t);
    tileBox.hidden = false;
    if (hoverX != null) showPreview(hoverX); // the pointer was already there
  });

  // ---------------------------------------------------------------- seeking

  const at = (clientX) => {
    const r = bar.getBoundingClientRect();
    const f = Math.min(1, Math.max(0, (clientX - r.left) / r.width));
    return { f, t: f * duration(), r };
  };
  const seek = (t) => { media.currentTime = Math.max(0, Math.min(duration() || t, t)); };
  let dragging = false;
  bar.addEventListener('pointerdown', (e) => {
    dragging = true;
    bar.setPointerCapture?.(e.pointerId);
    seek(at(e.clientX).t);
  });
  bar.addEventListener('pointerup', () => { dragging = false; });
  /** The time under the pointer, with the trickplay tile for it once the sprite is there. */
  function showPreview(clientX) {
    const { f, t, r } = at(clientX);
    hover.style.width = `${f * 100}%`;
    preview.hidden = false;
    time.textContent = fmtDuration(t);
    const pw = track ? PREVIEW_W + 16 : 64;
    if (track) showTile(tile, cueAt(track, Math.min(t, track.duration - 0.001)), PREVIEW_W, PREVIEW_H);
    preview.style.left = `${Math.min(r.width - pw / 2, Math.max(pw / 2, f * r.width))}px`;
  }
  bar.addEventListener('pointermove', (e) => {
    hoverX = e.clientX;
    if (dragging) seek(at(e.clientX).t);
    showPreview(e.clientX);
  });
  bar.addEventListener('pointerleave', () => { hoverX = null; preview.hidden = true; hover.style.width = '0'; });
  bar.addEventListener('keydown', (e) => {
    const step = e.shiftKey ? 5 : 1;
    let to = null;
    if (e.key === 'ArrowRight' || e.key === 'ArrowUp') to = media.currentTime + step;
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowDown') to = media.currentTime - step;
    else if (e.key === 'Home') to = 0;
    else if (e.key === 'End') to = duration();
    if (to == null) return;
    e.preventDefault();
    e.stopPropagation(); // the page's own arrow keys would step a second time
    seek(to);
  });

  // ---------------------------------------------------------------- markers

  let markerList = [];
  function renderMarkers() {
    const d = duration();
    markers.hidden = !markerList.length || !d;
    if (markers.hidden) { markers.replaceChildren(); return; }
    markers.replaceChildren(...markerList.map((m) => {
      const range = m.end != null && m.end > m.start;
      const text = range ? `${m.label} ${fmtDuration(m.start)}–${fmtDuration(m.end)}` : `${m.label} at ${fmtDuration(m.start)}`;
      const b = h('button', {
        class: `marker marker-${m.kind}${range ? ' range' : ''}`, type: 'button', title: text, 'aria-label': text,
        dataset: { kind: m.kind, start: String(m.start) },
        style: { left: `${(m.start / d) * 100}%`, width: range ? `${((m.end - m.start) / d) * 100}%` : null },
      });
      b.addEventListener('click', () => seek(m.start));
      return b;
    }));
  }
  function setMarkers(list) {
    markerList = [...(list || [])].sort((p, q) => p.start - q.start);
    renderMarkers();
  }

  // ---------------------------------------------------------------- controls

  const toggle = () => { if (media.paused) media.play().catch(() => {}); else media.pause(); };
  playBtn.addEventListener('click', toggle);
  if (kind === 'video') {
    media.addEventListener('click', toggle);
    media.addEventListener('dblclick', () => fullscreen(el));
    fullBtn.addEventListener('click', () => fullscreen(el));
  }
  muteBtn.addEventListener('click', () => { media.muted = !media.muted; });

  const sync = () => {
    const d = duration();
    played.style.width = d ? `${Math.min(100, (media.currentTime / d) * 100)}%` : '0';
    bar.setAttribute('aria-valuemax', String(Math.round(d * 10) / 10));
    bar.setAttribute('aria-valuenow', String(Math.round(media.currentTime * 10) / 10));
    bar.setAttribute('aria-valuetext', `${fmtDuration(media.currentTime)} of ${fmtDuration(d)}`);
    clock.textContent = `${fmtDuration(media.currentTime)} / ${fmtDuration(d)}`;
  };
  const state = () => {
    const playing = !media.paused;
    playBtn.replaceChildren(icon(playing ? 'pause' : 'play'));
    playBtn.setAttribute('aria-label', playing ? 'Pause' : 'Play');
    muteBtn.replaceChildren(icon(media.muted ? 'muted' : 'sound'));
    muteBtn.setAttribute('aria-pressed', String(media.muted));
    el.classList.toggle('playing', playing);
  };
  for (const ev of ['timeupdate', 'seeked', 'seeking', 'durationchange']) media.addEventListener(ev, sync);
  media.addEventListener('loadedmetadata', () => { sync(); renderMarkers(); });
  for (const ev of ['play', 'pause', 'volumechange', 'ended']) media.addEventListener(ev, state);
  sync();
  state();

  /** Shows the speed (negative: backwards), hidden at normal speed forwards. */
  function showRate(r) {
    rate.hidden = r === 1;
    rate.textContent = r < 0 ? `◀ ${-r}×` : `${r}×`;
  }

  return { el, media, bar, setMarkers, showRate, seek, fullscreen: () => fullscreen(el) };
}

function fullscreen(el) {
  if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
  else el.requestFullscreen?.().catch(() => {});
}
