// Keyboard shortcuts of the asset page: J/K/L shuttle, space, arrows, frame steps, [ and ] for the
// neighbours in the current list, e to edit, ? for the list of them all. None fires while typing.

import { h } from './dom.js';

/** What the overlay lists, in order: [keys, what they do]. */
export const SHORTCUTS = [
  [['Space'], 'Play or pause'],
  [['K'], 'Pause'],
  [['L'], 'Play; again for faster (2×, 4×, 8×)'],
  [['J'], 'Play backwards; again for faster'],
  [['←', '→'], 'One second back or forward'],
  [['Shift', '←', '→'], 'Five seconds back or forward'],
  [[',', '.'], 'One frame back or forward (pauses)'],
  [['M'], 'Mute or unmute'],
  [['F'], 'Full screen'],
  [['['], 'Previous asset in the list'],
  [[']'], 'Next asset in the list'],
  [['E'], 'Edit the title'],
  [['?'], 'This list'],
];

/** Image assets: the viewer's keys instead of the player's. */
export const IMAGE_SHORTCUTS = [
  [['+', '−'], 'Zoom in or out'],
  [['0'], 'Fit to the screen'],
  [['1'], 'Actual size (100 %)'],
  [['←', '→', '↑', '↓'], 'Move around a zoomed image'],
  [['['], 'Previous asset in the list'],
  [[']'], 'Next asset in the list'],
  [['E'], 'Edit the title'],
  [['?'], 'This list'],
];

const SPEEDS = [1, 2, 4, 8];

/** Whether a key press belongs to what has focus (typing, a button, a tab strip) rather than to the page. */
export function typing(e) {
  const t = e.target;
  if (!t || !(t instanceof Element)) return false;
  if (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) return true;
  return !!t.closest('dialog[open]');
}

/** Whether a key would also act on the focused control (Space on a button, arrows in a tab list or slider). */
function ownedByFocus(e) {
  const t = e.target instanceof Element ? e.target : null;
  if (!t) return false;
  if (e.key === ' ' || e.key === 'Enter') return !!t.closest('button, a, summary, [role=tab]');
  if (e.key.startsWith('Arrow')) return !!t.closest('[role=tab], [role=slider], .iv');
  return false;
}

/**
 * Transport keys for one media element. fps: for frame steps. showRate(r): shows the shuttle speed
 * (negative backwards). Returns { handle(e) → true when the key was used, stop() }.
 */
export function transport(media, { fps, showRate, fullscreen }) {
  const frame = 1 / (fps > 0 && fps < 500 ? fps : 30);
  let reverse = null; // { speed, raf, last }
  const stopReverse = () => {
    if (reverse) cancelAnimationFrame(reverse.raf);
    reverse = null;
  };
  // There is no backwards playback in browsers: paused, the time moves back each animation frame.
  const startReverse = (speed) => {
    media.pause();
    stopReverse();
    reverse = { speed, last: performance.now(), raf: 0 };
    const tick = (now) => {
      if (!reverse) return;
      const t = media.currentTime - ((now - reverse.last) / 1000) * reverse.speed;
      reverse.last = now;
      media.currentTime = Math.max(0, t);
      if (t <= 0) { stopReverse(); showRate(1); return; }
      reverse.raf = requestAnimationFrame(tick);
    };
    reverse.raf = requestAnimationFrame(tick);
    showRate(-speed);
  };
  const faster = (s) => SPEEDS[Math.min(SPEEDS.length - 1, SPEEDS.indexOf(s) + 1)] || 1;
  const play = (speed) => {
    stopReverse();
    media.playbackRate = speed;
    media.play().catch(() => {});
    showRate(speed);
  };
  const pause = () => { stopReverse(); media.pause(); media.playbackRate = 1; showRate(1); };
  const step = (dt) => {
    stopReverse();
    const d = isFinite(media.duration) ? media.duration : Infinity;
    media.currentTime = Math.max(0, Math.min(d, media.currentTime + dt));
  };
  // A manual play or pause (the player's own button) ends the shuttle.
  media.addEventListener('play', () => { if (reverse) stopReverse(); });

  function handle(e) {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e) || ownedByFocus(e)) return false;
    switch (e.key) {
      case ' ':
        if (media.paused && !reverse) play(media.playbackRate || 1); else pause();
        return true;
      case 'k': case 'K':
        pause();
        return true;
      case 'l': case 'L':
        if (reverse) { stopReverse(); play(1); } else if (media.paused) play(1); else play(faster(media.playbackRate));
        return true;
      case 'j': case 'J':
        startReverse(reverse ? faster(reverse.speed) : 1);
        return true;
      case 'ArrowLeft':
        step(e.shiftKey ? -5 : -1);
        return true;
      case 'ArrowRight':
        step(e.shiftKey ? 5 : 1);
        return true;
      case ',':
        pause();
        step(-frame);
        return true;
      case '.':
        pause();
        step(frame);
        return true;
      case 'm': case 'M':
        media.muted = !media.muted;
        return true;
      case 'f': case 'F':
        fullscreen?.();
        return !!fullscreen;
      default:
        return false;
    }
  }
  return { handle, stop: stopReverse };
}

/** The overlay listing the shortcuts (a modal <dialog>: Esc closes it). */
export function shortcutsDialog(list) {
  const dlg = h('dialog', { class: 'dialog shortcuts-dialog', 'aria-labelledby': 'shortcuts-title' },
    h('form', { method: 'dialog' },
      h('h2', { id: 'shortcuts-title' }, 'Keyboard shortcuts'),
      h('table', { class: 'shortcuts' }, h('tbody', null, list.map(([keys, what]) => h('tr', null,
        h('td', null, keys.map((k, i) => [i ? ' ' : null, h('kbd', null, k)])), h('td', null, what))))),
      h('p', { class: 'muted small' }, 'Shortcuts do nothing while you type in a field.'),
      h('div', { class: 'dialog-actions' }, h('button', { type: 'submit', class: 'btn' }, 'Close'))));
  dlg.addEventListener('close', () => dlg.remove());
  document.body.append(dlg);
  dlg.showModal();
  return dlg;
}
