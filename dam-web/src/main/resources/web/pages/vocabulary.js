// The controlled vocabulary: its tree of terms with synonyms (everyone reads it); admins add, edit,
// rename, move, merge and delete terms (assets' tags follow), import and export it, and choose
// whether tags may only be vocabulary terms.

import { h, fill, errorBox, spinner, toast, confirmDialog, empty } from '../lib/dom.js';
import { get, post, patch, del, api } from '../lib/api.js';
import { can } from '../lib/session.js';
import { attachSuggest } from '../lib/suggest.js';

const words = (text) => text.split(',').map((t) => t.trim()).filter(Boolean);
const retagged = (r) => `${r.assetsChanged} asset${r.assetsChanged === 1 ? '' : 's'} re-tagged`;

export async function render(ctx) {
  const admin = can('admin');
  const tree = h('div', { id: 'vocab-tree', class: 'vocab-tree' }, spinner());
  const restricted = h('input', { type: 'checkbox', name: 'restricted', disabled: !admin });

  async function load() {
    try {
      const v = await get('/vocabulary', { signal: ctx.signal });
      restricted.checked = v.restricted;
      fill(tree, v.terms.length ? termList(v.terms) : empty('No terms yet.', admin ? 'Add one above, or import a file.' : null));
    } catch (e) {
      if (e.name !== 'AbortError') fill(tree, errorBox(e));
    }
  }

  /** Runs a change, says what it did, and shows the tree again. */
  async function change(fn) {
    try {
      const said = await fn();
      if (said) toast(said, 'ok');
      await load();
      return true;
    } catch (e) {
      toast(e.message, 'error');
      return false;
    }
  }

  function termList(terms) {
    return h('ul', { class: 'vocab-terms', 'aria-label': 'Vocabulary terms' }, terms.map((t) => {
      const row = h('li', { class: 'vocab-term', dataset: { path: t.path } });
      row.style.setProperty('--depth', String(t.depth));
      const head = h('div', { class: 'vocab-head' },
        h('span', { class: 'vocab-label' }, t.label),
        t.synonyms.length ? h('span', { class: 'vocab-synonyms muted' }, ` = ${t.synonyms.join(', ')}`) : null,
        t.description ? h('span', { class: 'vocab-desc muted' }, ` — ${t.description}`) : null,
        h('a', { class: 'vocab-find', href: `#/search?q=${encodeURIComponent(`tag:"${t.path}"`)}`, 'aria-label': `Assets tagged ${t.path}` }, 'assets'),
        admin ? h('button', { class: 'btn small', type: 'button', 'aria-expanded': 'false', onclick: (e) => toggleEditor(row, t, e.currentTarget) }, 'Edit') : null);
      row.append(head);
      return row;
    }));
  }

  function toggleEditor(row, t, button) {
    const open = row.querySelector('.vocab-editor');
    if (open) { open.remove(); button.setAttribute('aria-expanded', 'false'); return; }
    button.setAttribute('aria-expanded', 'true');
    const label = h('input', { name: 'label', value: t.label, required: true, maxlength: '100' });
    const parent = h('input', { name: 'parent', value: t.parent || '', placeholder: '(top)' });
    const synonyms = h('input', { name: 'synonyms', value: t.synonyms.join(', '), placeholder: 'other words, comma-separated' });
    const description = h('input', { name: 'description', value: t.description || '' });
    const into = h('input', { name: 'into', placeholder: 'term to merge into' });
    attachSuggest(parent);
    attachSuggest(into);
    const editor = h('form', {
      class: 'vocab-editor', 'aria-label': `Edit ${t.path}`, onsubmit: (e) => {
        e.preventDefault();
        const body = {};
        if (label.value.trim() !== t.label) body.label = label.value;
        if (parent.value.trim() !== (t.parent || '')) body.parent = parent.value.trim();
        if (synonyms.value !== t.synonyms.join(', ')) body.synonyms = words(synonyms.value);
        if (description.value !== (t.description || '')) body.description = description.value;
        change(async () => retagged(await patch(`/vocabulary/terms/${t.id}`, body)));
      },
    },
    h('label', null, h('span', null, 'Label'), label),
    h('label', null, h('span', null, 'Under'), parent),
    h('label', null, h('span', null, 'Synonyms'), synonyms),
    h('label', null, h('span', null, 'Description'), description),
    h('div', { class: 'form-actions' },
      h('button', { class: 'btn primary', type: 'submit' }, 'Save'),
      h('span', { class: 'vocab-merge' }, into, h('button', {
        class: 'btn', type: 'button', onclick: () => {
          if (!into.value.trim()) { into.focus(); return; }
          change(async () => retagged(await post('/vocabulary/merge', { from: t.path, into: into.value.trim() })));
        },
      }, 'Merge')),
      h('button', {
        class: 'btn danger', type: 'button', onclick: async () => {
          const ok = await confirmDialog({
            title: `Delete ${t.path}?`, danger: true, confirm: 'Delete',
            body: 'The term and every term under it go; assets keep these tags as free tags.',
          });
          if (ok) change(async () => { await del(`/vocabulary/terms/${t.id}`); return `Deleted ${t.path}`; });
        },
      }, 'Delete')));
    row.append(editor);
    label.focus();
  }

  const controls = [];
  if (admin) {
    const path = h('input', { name: 'path', required: true, placeholder: 'Places/Europe/Lisbon', maxlength: '100' });
    const syn = h('input', { name: 'synonyms', placeholder: 'Lisboa, Lisbonne' });
    controls.push(h('form', {
      class: 'vocab-add', 'aria-label': 'Add a term', onsubmit: async (e) => {
        e.preventDefault();
        if (await change(async () => `Added ${(await post('/vocabulary/terms', { path: path.value, synonyms: words(syn.value) })).path}`)) {
          path.value = '';
          syn.value = '';
        }
      },
    },
    h('label', null, h('span', null, 'New term'), path),
    h('label', null, h('span', null, 'Synonyms'), syn),
    h('button', { class: 'btn primary', type: 'submit' }, 'Add')));
    restricted.addEventListener('change', () => change(async () => {
      const s = await api('PUT', '/vocabulary/settings', { restricted: restricted.checked });
      return s.restricted ? 'Tags now only from the vocabulary' : 'Any tag allowed';
    }));
    controls.push(importForm(change));
  }
  controls.push(h('label', { class: 'check vocab-restricted' }, restricted, 'Tags only from the vocabulary'));
  controls.push(h('p', { class: 'vocab-export' }, 'Export: ',
    h('a', { href: '/api/v1/vocabulary/export?format=csv', download: 'vocabulary.csv' }, 'CSV'), ' · ',
    h('a', { href: '/api/v1/vocabulary/export?format=json', download: 'vocabulary.json' }, 'JSON')));

  ctx.main.append(h('h1', null, 'Vocabulary'), ...controls, tree);
  await load();
}

/** Import a CSV or JSON file: a dry run first, then the same file applied. */
function importForm(change) {
  const file = h('input', { type: 'file', name: 'file', accept: '.csv,.json,text/csv,application/json' });
  const report = h('div', { class: 'vocab-import-report', role: 'status' });
  async function send(apply) {
    const f = file.files[0];
    if (!f) { file.focus(); return; }
    const format = /\.json$/i.test(f.name) ? 'json' : 'csv';
    const content = await f.text();
    await change(async () => {
      const r = await post('/vocabulary/import', { format, content, apply });
      fill(report, h('p', null, `${apply ? 'Imported' : 'Would add'} ${r.added.length} term(s), ${r.synonymsAdded} synonym(s); `
        + `${r.descriptionsSet} description(s) set of ${r.read} read.`),
      r.skipped.length ? h('ul', null, r.skipped.map((s) => h('li', null, s))) : null,
      !apply && (r.added.length || r.synonymsAdded || r.descriptionsSet)
        ? h('button', { class: 'btn primary', type: 'button', onclick: () => send(true) }, 'Apply') : null);
      return apply ? 'Vocabulary imported' : null;
    });
  }
  return h('form', {
    class: 'vocab-import', 'aria-label': 'Import a vocabulary', onsubmit: (e) => { e.preventDefault(); send(false); },
  }, h('label', null, h('span', null, 'Import CSV or JSON'), file),
  h('button', { class: 'btn', type: 'submit' }, 'Check'), report);
}
