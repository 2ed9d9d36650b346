// What the dashboard remembers for the logged-in person (the asset page's tab, the library's view,
// the theme). The server keeps it, so it follows the person to another browser; localStorage
// answers at once, before the server has been asked and while it cannot be reached.

import { api, get } from './api.js';
import { session } from './session.js';

let values = {};
const pending = new Map(); // key → timer of the write still to send

const localKey = (key) => `dam.pref.${session.user ? session.user.name : ''}.${key}`;

/** Asks the server for everything remembered (app.js calls it once a person is logged in). */
export async function loadPrefs() {
  try {
    values = (await get('/auth/preferences')).values || {};
  } catch {
    values = {}; // the server could not answer: this browser's copies stand in (pref() reads them)
  }
}

/** Forgets the person's values, here and in this browser's copies (on logout, before the user is unset). */
export function resetPrefs() {
  values = {};
  for (const t of pending.values()) clearTimeout(t);
  pending.clear();
  try {
    const prefix = localKey('');
    for (let i = localStorage.length - 1; i >= 0; i--) {
      const k = localStorage.key(i);
      if (k && k.startsWith(prefix)) localStorage.removeItem(k);
    }
  } catch {
    // storage disabled: nothing was kept
  }
}

/** The remembered value of `key`, or `fallback`. */
export function pref(key, fallback) {
  if (Object.prototype.hasOwnProperty.call(values, key)) return values[key];
  try {
    const local = localStorage.getItem(localKey(key));
    if (local != null) return JSON.parse(local);
  } catch {
    // storage disabled or a value this page did not write: the fallback is right
  }
  return fallback;
}

/** Remembers `value` under `key`: here at once, on the server a moment later (one write per burst). */
export function setPref(key, value) {
  values[key] = value;
  try {
    localStorage.setItem(localKey(key), JSON.stringify(value));
  } catch {
    // storage full or disabled: the server copy is enough
  }
  clearTimeout(pending.get(key));
  pending.set(key, setTimeout(() => {
    pending.delete(key);
    api('PUT', `/auth/preferences/${encodeURIComponent(key)}`, { value }).catch(() => {
      // offline or logged out: the local copy keeps it for this browser
    });
  }, 300));
}
