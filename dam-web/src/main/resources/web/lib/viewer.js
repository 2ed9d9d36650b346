// A full-resolution image viewer: fitted at first; zoom with the wheel, +/−, the buttons or a
// double-click (toward the pointer); pan by dragging or with the arrow keys; Fit / Actual size toggle.

import { h } from './dom.js';

const MAX_SCALE = 8;
const PAN_STEP = 60;

/**
 * fallback: a picture to show instead when src cannot be decoded here (an original in a format
 * browsers do not read). Returns { el, zoom(factor), fit(), actual(), pan(dx, dy), scale() }.
 */
export function imageViewer({ src, alt, fallback }) {
  const img = h('img', { class: 'iv-img', src, alt, draggable: 'false' });
  if (fallback && fallback !== src) img.addEventListener('error', () => { img.src = fallback; }, { once: true });
  const pct = h('span', { class: 'iv-pct', 'aria-live': 'polite' });
  const fitBtn = h('button', { class: 'btn small iv-fit', type: 'button' }, 'Actual size');
  const outBtn = h('button', { class: 'btn small', type: 'button', 'aria-label': 'Zoom out' }, '−');
  const inBtn = h('button', { class: 'btn small', type: 'button', 'aria-label': 'Zoom in' }, '+');
  const frame = h('div', { class: 'iv', tabindex: '0', role: 'img', 'aria-label': `${alt} (zoom with + and −, move with the arrow keys)` }, img);
  const el = h('div', { class: 'iv-box' }, frame, h('div', { class: 'iv-bar' }, outBtn, pct, inBtn, fitBtn));

  let scale = 1, x = 0, y = 0, fitted = true;
  const natural = () => ({ w: img.naturalWidth || 1, h: img.naturalHeight || 1 });
  const box = () => ({ w: frame.clientWidth || 1, h: frame.clientHeight || 1 });
  const fitScale = () => {
    const n = natural(), b = box();
    return Math.min(1, b.w / n.w, b.h / n.h);
  };

  // Keeps the image over the frame: centred along an axis where it is smaller, no gap where larger.
  function clamp() {
    const n = natural(), b = box();
    const w = n.w * scale, hh = n.h * scale;
    x = w <= b.w ? (b.w - w) / 2 : Math.min(0, Math.max(b.w - w, x));
    y = hh <= b.h ? (b.h - hh) / 2 : Math.min(0, Math.max(b.h - hh, y));
  }
  function apply() {
    clamp();
    img.style.transform = `translate(${x}px, ${y}px) scale(${scale})`;
    pct.textContent = `${Math.round(scale * 100)} %`;
    // the read-out beside it says the percentage; the toggle says what it does
    fitBtn.textContent = fitted ? 'Actual size' : 'Fit';
    fitBtn.setAttribute('aria-label', fitted ? 'Actual size' : 'Fit to the frame');
    frame.classList.toggle('zoomed', scale > fitScale() + 1e-6);
    frame.dataset.scale = String(scale);
  }
  /** Zooms by factor around a point of the frame (its centre by default). */
  function zoom(factor, px = box().w / 2, py = box().h / 2) {
    const to = Math.min(MAX_SCALE, Math.max(fitScale(), scale * factor));
    x = px - ((px - x) * to) / scale;
    y = py - ((py - y) * to) / scale;
    scale = to;
    fitted = Math.abs(scale - fitScale()) < 1e-6;
    apply();
  }
  function fit() { scale = fitScale(); fitted = true; apply(); }
  function actual(px, py) { zoom(1 / scale, px, py); fitted = false; apply(); }
  function pan(dx, dy) { x += dx; y += dy; apply(); }

  img.addEventListener('load', fit);
  new ResizeObserver(() => { if (fitted) fit(); else apply(); }).observe(frame);
  const local = (e) => {
    const r = frame.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  };
  frame.addEventListener('wheel', (e) => {
    e.preventDefault();
    zoom(Math.exp(-e.deltaY * 0.0015), ...local(e));
  }, { passive: false });
  frame.addEventListener('dblclick', (e) => {
    if (fitted) actual(...local(e)); else fit();
  });
  let drag = null;
  frame.addEventListener('pointerdown', (e) => {
    drag = { px: e.clientX, py: e.clientY };
    frame.setPointerCapture?.(e.pointerId);
    frame.classList.add('dragging');
  });
  frame.addEventListener('pointermove', (e) => {
    if (!drag) return;
    pan(e.clientX - drag.px, e.clientY - drag.py);
    drag = { px: e.clientX, py: e.clientY };
  });
  const end = () => { drag = null; frame.classList.remove('dragging'); };
  frame.addEventListener('pointerup', end);
  frame.addEventListener('pointercancel', end);
  frame.addEventListener('keydown', (e) => { if (handleKey(e)) e.preventDefault(); });
  inBtn.addEventListener('click', () => zoom(1.25));
  outBtn.addEventListener('click', () => zoom(0.8));
  fitBtn.addEventListener('click', () => (fitted ? actual() : fit()));

  /** The viewer's keys (also sent by the page when nothing else has focus). */
  function handleKey(e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return false;
    switch (e.key) {
      case '+': case '=': zoom(1.25); return true;
      case '-': case '_': zoom(0.8); return true;
      case '0': fit(); return true;
      case '1': actual(); return true;
      case 'ArrowLeft': pan(PAN_STEP, 0); return true;
      case 'ArrowRight': pan(-PAN_STEP, 0); return true;
      case 'ArrowUp': pan(0, PAN_STEP); return true;
      case 'ArrowDown': pan(0, -PAN_STEP); return true;
      default: return false;
    }
  }
  apply();
  return { el, img, zoom, fit, actual, pan, handleKey, scale: () => scale };
}
