// The camera operator's overlays and scopes, computed in the browser from the preview's pixels:
// zebras, focus peaking, false colour, frame guides, a luma histogram and a waveform. Pure drawing
// on ImageData and 2D canvases: no DOM per pixel. Luma is Rec. 709 on the decoded RGB (a full-range
// JPEG), as IRE 0–100 = 0–255.

/** Rec. 709 weights ×256 (54 + 183 + 19 = 256): integer luma without a division per pixel. */
export function luma(r, g, b) {
  return (54 * r + 183 * g + 19 * b) >> 8;
}

export const ire = (y) => (y * 100) / 255;
const level = (ireValue) => Math.ceil((ireValue * 255) / 100);

/**
 * False colour bands (ARRI's convention): what is not in a band shows as grey. Each band:
 * [from IRE, to IRE, colour, meaning]; the page lists them as the legend.
 */
export const FALSE_COLOUR_BANDS = [
  [0, 2.5, [128, 0, 200], 'black clip'],
  [2.5, 4, [0, 80, 255], 'just above black'],
  [38, 42, [0, 190, 60], '18 % grey'],
  [52, 56, [255, 110, 190], 'one stop over grey (skin)'],
  [97, 99, [255, 225, 0], 'just below white'],
  [99, 100.1, [230, 20, 20], 'white clip'],
];

/** Luma → RGB of false colour, once. */
const FALSE_LUT = (() => {
  const lut = new Uint8ClampedArray(256 * 3);
  for (let y = 0; y < 256; y++) {
    const v = ire(y);
    const band = FALSE_COLOUR_BANDS.find(([lo, hi]) => v >= lo && v < hi);
    const c = band ? band[2] : [y, y, y];
    lut.set(c, y * 3);
  }
  return lut;
})();

export const PEAKING_COLOURS = { red: [255, 40, 40], green: [40, 255, 80], blue: [60, 140, 255], yellow: [255, 230, 0], white: [255, 255, 255] };

/** How sharp an edge must be to be painted: the sum of the horizontal and vertical luma steps (0–510). */
const PEAKING_THRESHOLD = 70;

let lumaBuf = new Uint8Array(0);

/**
 * Paints the pixel overlays into `img` in place. opts: { falseColour, peaking, peakingColour,
 * zebra, zebraLevel (IRE) }. Order: false colour replaces the picture, peaking marks edges of the
 * original picture on top, zebras stripe the original highlights on top of everything.
 */
export function applyOverlays(img, opts) {
  const { data, width: w, height: h } = img;
  const n = w * h;
  if (lumaBuf.length < n) lumaBuf = new Uint8Array(n);
  const y = lumaBuf;
  for (let i = 0, p = 0; i < n; i++, p += 4) y[i] = luma(data[p], data[p + 1], data[p + 2]);

  if (opts.falseColour) {
    for (let i = 0, p = 0; i < n; i++, p += 4) {
      const k = y[i] * 3;
      data[p] = FALSE_LUT[k]; data[p + 1] = FALSE_LUT[k + 1]; data[p + 2] = FALSE_LUT[k + 2];
    }
  }
  if (opts.peaking) {
    const [r, g, b] = PEAKING_COLOURS[opts.peakingColour] || PEAKING_COLOURS.red;
    for (let row = 1; row < h - 1; row++) {
      let i = row * w + 1;
      for (let x = 1; x < w - 1; x++, i++) {
        const grad = Math.abs(y[i + 1] - y[i - 1]) + Math.abs(y[i + w] - y[i - w]);
        if (grad > PEAKING_THRESHOLD) {
          const p = i * 4;
          data[p] = r; data[p + 1] = g; data[p + 2] = b;
        }
      }
    }
  }
  if (opts.zebra) {
    const min = level(opts.zebraLevel ?? 95);
    for (let row = 0; row < h; row++) {
      let i = row * w;
      for (let x = 0; x < w; x++, i++) {
        // diagonal stripes 4 px wide: half of the clipped area goes dark, half keeps the picture
        if (y[i] >= min && ((x + row) & 7) < 4) {
          const p = i * 4;
          data[p] = 16; data[p + 1] = 16; data[p + 2] = 16;
        }
      }
    }
  }
}

/** Aspect guides: the centred rectangle of that shape inside the frame. */
export const ASPECT_GUIDES = { g239: [2.39, '2.39:1'], g185: [1.85, '1.85:1'], g916: [9 / 16, '9:16'] };

/** Frame guides on a 2D context of size w×h: action safe (93 %), title safe (90 %), aspect masks. */
export function drawGuides(ctx, w, h, opts) {
  ctx.save();
  const lw = Math.max(1, Math.round(w / 480));
  ctx.lineWidth = lw;
  ctx.font = `${Math.max(10, Math.round(w / 55))}px system-ui, sans-serif`;
  ctx.textBaseline = 'top';
  const label = (text, x, y) => {
    ctx.fillStyle = 'rgba(0,0,0,.55)';
    const m = ctx.measureText(text);
    ctx.fillRect(x - 2, y - 1, m.width + 4, parseInt(ctx.font, 10) + 3);
    ctx.fillStyle = '#fff';
    ctx.fillText(text, x, y);
  };
  for (const [key, [aspect, text]] of Object.entries(ASPECT_GUIDES)) {
    if (!opts[key]) continue;
    let gw = w, gh = Math.round(w / aspect);
    if (gh > h) { gh = h; gw = Math.round(h * aspect); }
    const x = Math.round((w - gw) / 2), y = Math.round((h - gh) / 2);
    ctx.fillStyle = 'rgba(0,0,0,.45)'; // what falls outside the shape is dimmed, not hidden
    if (gh < h) { ctx.fillRect(0, 0, w, y); ctx.fillRect(0, y + gh, w, h - y - gh); }
    if (gw < w) { ctx.fillRect(0, 0, x, h); ctx.fillRect(x + gw, 0, w - x - gw, h); }
    ctx.strokeStyle = 'rgba(255,255,255,.85)';
    ctx.strokeRect(x + lw / 2, y + lw / 2, gw - lw, gh - lw);
    label(text, x + 6 * lw, y + 6 * lw);
  }
  if (opts.safe) {
    for (const [pct, text, colour] of [[0.93, 'action safe', 'rgba(80,220,255,.9)'], [0.9, 'title safe', 'rgba(255,220,80,.9)']]) {
      const gw = w * pct, gh = h * pct, x = (w - gw) / 2, y = (h - gh) / 2;
      ctx.strokeStyle = colour;
      ctx.setLineDash([8 * lw, 5 * lw]);
      ctx.strokeRect(x, y, gw, gh);
      ctx.setLineDash([]);
      if (pct === 0.9) label(text, x + 4 * lw, y + gh - 20 * lw);
    }
    // centre cross
    ctx.strokeStyle = 'rgba(255,255,255,.7)';
    ctx.beginPath();
    ctx.moveTo(w / 2 - 12 * lw, h / 2); ctx.lineTo(w / 2 + 12 * lw, h / 2);
    ctx.moveTo(w / 2, h / 2 - 12 * lw); ctx.lineTo(w / 2, h / 2 + 12 * lw);
    ctx.stroke();
  }
  ctx.restore();
}

/** Histogram (256 bins) and per-column luma counts of a small copy of the picture (the waveform's columns = its width). */
export function measure(img) {
  const { data, width: w, height: h } = img;
  const hist = new Uint32Array(256);
  if (waveBuf.length !== w * 256) waveBuf = new Uint32Array(w * 256); else waveBuf.fill(0);
  const wave = waveBuf;
  for (let row = 0; row < h; row++) {
    for (let x = 0, p = row * w * 4; x < w; x++, p += 4) {
      const v = luma(data[p], data[p + 1], data[p + 2]);
      hist[v]++;
      wave[x * 256 + v]++;
    }
  }
  return { hist, wave, columns: w, rows: h };
}

let waveBuf = new Uint32Array(0);
/** The waveform's picture, kept between frames (one allocation per canvas, not per frame). */
const plots = new WeakMap();

/** The histogram on a 2D canvas: bars, a log-ish scale so small counts show, the zebra level marked. */
export function drawHistogram(canvas, m, zebraLevel) {
  const ctx = canvas.getContext('2d');
  const w = canvas.width, h = canvas.height;
  ctx.fillStyle = '#0b0c10';
  ctx.fillRect(0, 0, w, h);
  let max = 1;
  for (let i = 0; i < 256; i++) max = Math.max(max, m.hist[i]);
  const scale = (c) => Math.sqrt(c / max);
  ctx.fillStyle = 'rgba(220,225,235,.85)';
  const bw = w / 256;
  for (let i = 0; i < 256; i++) {
    const bh = Math.round(scale(m.hist[i]) * (h - 2));
    if (bh) ctx.fillRect(i * bw, h - bh, Math.ceil(bw), bh);
  }
  if (zebraLevel != null) {
    ctx.strokeStyle = 'rgba(255,200,0,.9)';
    const x = Math.round((level(zebraLevel) / 255) * w) + 0.5;
    ctx.beginPath(); ctx.moveTo(x, 0); ctx.lineTo(x, h); ctx.stroke();
  }
}

/** The waveform: for each column of the picture, where its pixels' luma lies (0 IRE at the bottom), with a 10 IRE graticule. */
export function drawWaveform(canvas, m) {
  const ctx = canvas.getContext('2d');
  const w = canvas.width, h = canvas.height;
  let out = plots.get(canvas);
  if (!out || out.width !== w || out.height !== h) { out = ctx.createImageData(w, h); plots.set(canvas, out); }
  const px = out.data;
  new Uint32Array(px.buffer).fill(0xff000000); // opaque black (little-endian RGBA)
  // each pixel of the plot: how many picture pixels of its column have its luma; brighter = more
  const gain = 2200 / Math.max(1, m.rows);
  for (let x = 0; x < w; x++) {
    const col = Math.min(m.columns - 1, Math.floor((x * m.columns) / w));
    const from = col * 256;
    for (let v = 0; v < 256; v++) {
      const c = m.wave[from + v];
      if (!c) continue;
      const yy = h - 1 - ((v * (h - 1)) / 255 | 0);
      const p = (yy * w + x) * 4;
      const add = c * gain;
      px[p] += add * 0.45; // a Uint8ClampedArray: sums stop at 255 by themselves
      px[p + 1] += add;
      px[p + 2] += add * 0.5;
    }
  }
  ctx.putImageData(out, 0, 0);
  ctx.strokeStyle = 'rgba(255,255,255,.18)';
  ctx.fillStyle = 'rgba(255,255,255,.55)';
  ctx.font = '9px system-ui, sans-serif';
  ctx.lineWidth = 1;
  for (let v = 0; v <= 100; v += 10) {
    const yy = Math.round(h - 1 - (v / 100) * (h - 1)) + 0.5;
    ctx.beginPath(); ctx.moveTo(0, yy); ctx.lineTo(w, yy); ctx.stroke();
    if (v % 50 === 0) ctx.fillText(String(v), 2, Math.min(h - 2, Math.max(9, yy - 2)));
  }
}
