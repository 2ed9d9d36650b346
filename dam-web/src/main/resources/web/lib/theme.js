// The colour theme: the system's (prefers-color-scheme), or light or dark as the person chose.
// styles.css picks every colour with light-dark() from the root's color-scheme; data-theme fixes it.

import { h } from './dom.js';
import { pref, setPref } from './prefs.js';

export const THEMES = [['system', 'Same as the system'], ['light', 'Light'], ['dark', 'Dark']];
const EARLY_KEY = 'dam.theme'; // read by theme-early.js before the page is drawn

function valid(theme) {
  return THEMES.some(([v]) => v === theme) ? theme : 'system';
}

/** The person's choice: kept with their preferences, else this browser's last one. */
export function currentTheme() {
  let early = null;
  try {
    early = localStorage.getItem(EARLY_KEY);
  } catch {
    // storage disabled
  }
  return valid(pref('theme', early));
}

/** Shows the person's theme (app.js calls it once their preferences are loaded). */
export function loadTheme() {
  applyTheme(currentTheme());
}

/** Shows `theme` now and remembers it for the next page load. */
export function applyTheme(theme) {
  const t = valid(theme);
  if (t === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = t;
  try {
    localStorage.setItem(EARLY_KEY, t);
  } catch {
    // storage disabled: the choice lasts for this page
  }
}

/** A labelled select that switches the theme at once. */
export function themePicker() {
  const select = h('select', { id: 'theme-select', name: 'theme', onchange: () => { setPref('theme', select.value); applyTheme(select.value); } },
    THEMES.map(([v, label]) => h('option', { value: v, selected: v === currentTheme() }, label)));
  return h('label', { class: 'field theme-field' }, 'Theme', select);
}
