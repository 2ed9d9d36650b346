// The REST API under /api/v1. Errors come back as {"error":{"code","message"}}: thrown as ApiError.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export async function api(method, path, body, { signal } = {}) {
  const opts = { method, headers: { Accept: 'application/json' }, signal };
  if (body !== undefined) {
    opts.headers['Content-Type'] = 'application/json';
    opts.body = JSON.stringify(body);
  }
  let r;
  try {
    r = await fetch('/api/v1' + path, opts);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'The server cannot be reached.');
  }
  if (r.status === 204) return null;
  const type = r.headers.get('Content-Type') || '';
  let data = null;
  if (type.includes('json')) data = await r.json().catch(() => null);
  if (!r.ok) {
    const e = data && data.error;
    throw new ApiError(r.status, e?.code || `http_${r.status}`, e?.message || `${r.status} ${r.statusText}`);
  }
  return data;
}

export const get = (path, opts) => api('GET', path, undefined, opts);
export const post = (path, body, opts) => api('POST', path, body, opts);
export const patch = (path, body, opts) => api('PATCH', path, body, opts);
export const del = (path, opts) => api('DELETE', path, undefined, opts);

/** Builds "?a=1&b=2" from an object, skipping empty values. */
export function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v != null && v !== '') u.set(k, String(v));
  }
  const s = u.toString();
  return s ? `?${s}` : '';
}

export const posterUrl = (id, size = 'small') => `/api/v1/assets/${encodeURIComponent(id)}/poster?size=${size}`;
export const proxyUrl = (id) => `/api/v1/assets/${encodeURIComponent(id)}/proxy`;

// Asset titles for lists that only know ids (jobs): fetched once each, a few at a time.
const titles = new Map();
const waiting = [];
let active = 0;

export function assetTitle(id) {
  const key = String(id);
  if (!titles.has(key)) titles.set(key, new Promise((resolve) => { waiting.push([key, resolve]); pump(); }));
  return titles.get(key);
}

export function forgetTitle(id) {
  titles.delete(String(id));
}

function pump() {
  while (active < 4 && waiting.length) {
    const [key, resolve] = waiting.shift();
    active++;
    get(`/assets/${key}`)
      .then((a) => resolve(a.title || a.path?.split('/').pop() || `asset ${key}`))
      .catch(() => resolve(null))
      .finally(() => { active--; pump(); });
  }
}
