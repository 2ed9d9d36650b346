// The list of assets the person came from (library, search, batch, map), in the order shown, so
// the asset page's [ and ] go to the previous and next one. Kept per browser tab.

const KEY = 'dam.currentList';
const MAX = 5000; // a list longer than this keeps its first MAX ids

/** Remembers the ids shown (in display order), with a label and the route that shows them. */
export function setCurrentList(ids, { label = '', href = '' } = {}) {
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ ids: ids.slice(0, MAX).map(String), label, href }));
  } catch {
    // storage disabled or full: [ and ] simply have nowhere to go
  }
}

/** The ids before and after `id` in the current list ({prev, next} null at the ends or outside it). */
export function neighbours(id) {
  let list = null;
  try {
    list = JSON.parse(sessionStorage.getItem(KEY) || 'null');
  } catch {
    list = null;
  }
  const ids = Array.isArray(list?.ids) ? list.ids : [];
  const i = ids.indexOf(String(id));
  return {
    prev: i > 0 ? ids[i - 1] : null,
    next: i >= 0 && i < ids.length - 1 ? ids[i + 1] : null,
    label: list?.label || '',
    href: list?.href || '',
  };
}
