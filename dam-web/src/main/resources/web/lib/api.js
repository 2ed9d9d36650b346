// The REST API under /api/v1. Errors come back as {"error":{"code","message"}}: thrown as ApiError.

export class ApiError extends Error {
  /** detail: the whole error object the server sent (a query error's position, a refused argument). */
  constructor(status, code, message, detail = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.detail = detail;
  }
}

// Who handles "not logged in" (401) answers: the app shows the setup or login form.
let onUnauthorized = () => {};

export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn;
}

/**
 * The one way the dashboard talks to the server: every request carries the session cookie and the
 * header that proves it comes from this page (the server refuses a change made with the cookie
 * without it). A 401 hands over to the login (or first-run setup) form.
 */
export async function request(url, { method = 'GET', headers, body, signal } = {}) {
  let r;
  try {
    r = await fetch(url, { method, headers: { ...headers, 'X-Dam-Request': '1' }, body, signal, credentials: 'same-origin' });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'The server cannot be reached.');
  }
  if (r.status === 401) {
    const e = await errorOf(r);
    onUnauthorized(e);
    throw e;
  }
  return r;
}

async function errorOf(r) {
  const type = r.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await r.json().catch(() => null) : null;
  const e = data && data.error;
  const code = e?.code || `http_${r.status}`;
  let message = e?.message || `${r.status} ${r.statusText}`;
  if (r.status === 403 && code === 'forbidden') message = `Your role does not allow this (${message}).`;
  return new ApiError(r.status, code, message, e || null);
}

export async function api(method, path, body, { signal } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await request('/api/v1' + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  if (r.status === 204) return null;
  if (!r.ok) throw await errorOf(r);
  const type = r.headers.get('Content-Type') || '';
  return type.includes('json') ? r.json().catch(() => null) : null;
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
