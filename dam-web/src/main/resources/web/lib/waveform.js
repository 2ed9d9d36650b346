// An audio waveform from the proxy itself: the browser decodes it (WebAudio) and the loudest sample
// of each slice becomes a bar on a canvas. Nothing is made on the server for it.

import { request } from './api.js';

/**
 * Decoding holds the whole file and every decoded sample in memory (an hour of stereo is gigabytes, whatever
 * the file's size), so only short and small proxies get a waveform; the seek bar works without one.
 */
const MAX_BYTES = 48 * 1000 * 1000;
const MAX_SECONDS = 10 * 60;

/**
 * The peak (0..1) of each of `buckets` slices of the audio at url, whose length is `durationSec`; null when
 * it is too long or too large to decode here, or cannot be decoded.
 */
export async function waveformPeaks(url, buckets, durationSec, { signal } = {}) {
  if (!(durationSec > 0) || durationSec > MAX_SECONDS) return null;
  try {
    const r = await request(url, { signal });
    if (!r.ok || +(r.headers.get('Content-Length') || 0) > MAX_BYTES) return null;
    const bytes = await r.arrayBuffer();
    // An offline context decodes without a user gesture and without starting any audio output.
    const audio = await new OfflineAudioContext(1, 1, 8000).decodeAudioData(bytes);
    const peaks = new Float32Array(buckets);
    const per = Math.max(1, Math.floor(audio.length / buckets));
    for (let c = 0; c < audio.numberOfChannels; c++) {
      const data = audio.getChannelData(c);
      for (let b = 0; b < buckets; b++) {
        let max = 0;
        const end = Math.min(data.length, (b + 1) * per);
        for (let i = b * per; i < end; i++) {
          const v = Math.abs(data[i]);
          if (v > max) max = v;
        }
        if (max > peaks[b]) peaks[b] = max;
      }
    }
    return peaks;
  } catch (e) {
    if (e?.name === 'AbortError') throw e;
    return null;
  }
}

/** Draws peaks as mirrored bars filling the canvas, in the colour of the CSS variable --wave (or --text-2). */
export function drawWaveform(canvas, peaks) {
  const ratio = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(canvas.clientWidth * ratio));
  const hh = Math.max(1, Math.round(canvas.clientHeight * ratio));
  canvas.width = w;
  canvas.height = hh;
  const g = canvas.getContext('2d');
  const css = getComputedStyle(canvas);
  g.fillStyle = css.getPropertyValue('--wave').trim() || css.getPropertyValue('--text-2').trim() || 'gray';
  const top = Math.max(0.02, ...peaks);
  const bar = w / peaks.length;
  const mid = hh / 2;
  for (let i = 0; i < peaks.length; i++) {
    const amp = Math.max(ratio, (peaks[i] / top) * (mid - ratio));
    g.fillRect(i * bar, mid - amp, Math.max(ratio, bar * 0.7), amp * 2);
  }
  canvas.dataset.drawn = String(peaks.length);
}
