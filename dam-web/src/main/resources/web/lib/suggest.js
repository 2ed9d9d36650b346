// Suggest-as-you-type from the controlled vocabulary for a text input: an ARIA 1.2 combobox whose
// listbox offers terms (by label or synonym) for the word being typed. For a comma-separated list
// (the tags field) only the last item is completed. Arrows move, Enter or a click picks, Escape closes.

import { h, debounce } from './dom.js';
import { get, qs } from './api.js';

let serial = 0;

/**
 * Attaches suggestions to `input`. onPick(suggestion, input) runs after a pick; by default the word
 * being typed is replaced by the term's preferred path (with `list: true`, the last comma-separated
 * item, and ", " is added for the next one). Returns a function that detaches it.
 */
export function attachSuggest(input, { onPick, list = false, limit = 8 } = {}) {
  const id = `suggest-${++serial}`;
  const box = h('ul', { id, class: 'suggest-list', role: 'listbox', hidden: true, 'aria-label': 'Vocabulary terms' });
  let items = [];
  let active = -1;
  let pending = null;
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', id);
  input.setAttribute('autocomplete', 'off');

  const word = () => {
    const v = input.value;
    return list ? v.slice(v.lastIndexOf(',') + 1).trim() : v.trim();
  };

  function close() {
    box.hidden = true;
    active = -1;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function show(found) {
    items = found;
    if (!found.length || document.activeElement !== input) { close(); return; }
    if (!box.isConnected) input.insertAdjacentElement('afterend', box);
    box.replaceChildren(...found.map((s, i) => h('li', {
      id: `${id}-${i}`, role: 'option', class: 'suggest-option', 'aria-selected': 'false',
      onmousedown: (e) => { e.preventDefault(); pick(i); },
    }, h('span', { class: 'suggest-path' }, s.path), s.via ? h('span', { class: 'suggest-via muted' }, ` (${s.via})`) : null)));
    // under the input, as wide as it
    box.style.left = `${input.offsetLeft}px`;
    box.style.top = `${input.offsetTop + input.offsetHeight}px`;
    box.style.minWidth = `${input.offsetWidth}px`;
    box.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    highlight(-1);
  }

  function highlight(i) {
    active = i;
    [...box.children].forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
    if (i >= 0) {
      input.setAttribute('aria-activedescendant', `${id}-${i}`);
      box.children[i].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function pick(i) {
    const s = items[i];
    if (!s) return;
    if (list) {
      const v = input.value;
      const head = v.slice(0, v.lastIndexOf(',') + 1);
      input.value = `${head}${head ? ' ' : ''}${s.path}, `;
    } else {
      input.value = s.path;
    }
    close();
    input.dispatchEvent(new Event('change', { bubbles: true }));
    if (onPick) onPick(s, input);
  }

  const lookup = debounce(async () => {
    const q = word();
    pending?.abort();
    if (!q) { close(); return; }
    pending = new AbortController();
    try {
      show(await get(`/vocabulary/suggest${qs({ q: q.slice(0, 100), limit })}`, { signal: pending.signal }));
    } catch (e) {
      if (e.name !== 'AbortError') close();
    }
  }, 120);

  const onInput = () => lookup();
  const onKey = (e) => {
    if (box.hidden) {
      if (e.key === 'ArrowDown' && word()) { lookup(); e.preventDefault(); }
      return;
    }
    if (e.key === 'ArrowDown') { highlight((active + 1) % items.length); e.preventDefault(); }
    else if (e.key === 'ArrowUp') { highlight(active <= 0 ? items.length - 1 : active - 1); e.preventDefault(); }
    else if (e.key === 'Enter' && active >= 0) { pick(active); e.preventDefault(); }
    else if (e.key === 'Escape') { close(); e.preventDefault(); e.stopPropagation(); }
  };
  const onBlur = () => close();
  input.addEventListener('input', onInput);
  input.addEventListener('keydown', onKey);
  input.addEventListener('blur', onBlur);
  return () => {
    pending?.abort();
    input.removeEventListener('input', onInput);
    input.removeEventListener('keydown', onKey);
    input.removeEventListener('blur', onBlur);
    box.remove();
  };
}
