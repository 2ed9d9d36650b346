// The asset page's "On-screen text" panel: the lines read on a video's keyframes (slides, titles, signs, screen
// recordings), in time order, each with the time of its keyframe; a click seeks the player there. A line shown on
// several beats in a row is listed once, at its first time. Read again when the scenes or text jobs finish.

import { h, fill, fmtDuration, errorBox } from './dom.js';
import { get } from './api.js';

/** Lines in time order from a scenes response: [{ t, text, confidence }]. */
export function screenLines(scenesResponse) {
  const out = [];
  let previous = new Set();
  for (const scene of scenesResponse.scenes || []) {
    for (const beat of scene.beats || []) {
      const texts = (beat.text || []).map((l) => l.text);
      const t = beat.keyframeSec ?? beat.startSec;
      for (const line of beat.text || []) {
        if (!previous.has(line.text)) out.push({ t, text: line.text, confidence: line.confidence });
      }
      previous = new Set(texts);
    }
  }
  return out.sort((x, y) => x.t - y.t);
}

/**
 * @param ctx  the page's context (events, cleanup)
 * @param view the asset page's view: view.a is the asset, view.player the media player (may be rebuilt)
 * @returns {{ el: HTMLElement | null }} nothing to show for assets that are not videos
 */
export function screenTextPanel(ctx, view) {
  if (view.a.kind !== 'video') return { el: null };
  const body = h('div', { class: 'screentext-body' });
  const el = h('section', { class: 'panel screentext-panel', 'aria-label': 'On-screen text' },
    h('h2', null, 'On-screen text'), body);

  async function load() {
    let res;
    try {
      res = await get(`/assets/${view.a.id}/scenes`, { signal: ctx.signal });
    } catch (e) {
      if (!ctx.signal.aborted) fill(body, errorBox(e));
      return;
    }
    if (ctx.signal.aborted) return;
    const lines = screenLines(res);
    if (!lines.length) {
      fill(body, h('p', { class: 'muted' }, (res.scenes || []).length
        ? 'No text was read on this video’s keyframes.' : 'Text is read once the video’s scenes are analysed.'));
      return;
    }
    fill(body, h('ul', { class: 'screentext-list' }, lines.map((l) => h('li', null,
      h('button', {
        type: 'button', class: 'screentext-line', title: `Play from ${fmtDuration(l.t)}`,
        dataset: { t: String(l.t) }, onclick: () => seek(l.t),
      }, h('span', { class: 'screentext-time' }, fmtDuration(l.t)), h('span', { class: 'screentext-text' }, l.text))))));
  }

  function seek(t) {
    if (!view.player) return;
    view.player.seek(t);
    view.media?.focus?.({ preventScroll: true });
  }

  ctx.on('job.state', (m) => {
    if (String(m.assetId) === String(view.a.id) && m.state === 'done' && (m.kind === 'ocr' || m.kind === 'scenes')) load();
  });
  load();
  return { el };
}
