// Custom fields: the admin page that defines them (#/fields), and the asset page's panel that edits
// one asset's values with the input each type needs. A change of definition that can make values
// unfit (type, choices, kinds, required) is tried as a dry run first and applied after a confirmation.

import { h, fill, errorBox, spinner, toast, confirmDialog, empty } from '../lib/dom.js';
import { get, post, patch, del } from '../lib/api.js';
import { can } from '../lib/session.js';
import { attachSuggest } from '../lib/suggest.js';

export const FIELD_TYPES = ['text', 'long-text', 'number', 'date', 'boolean', 'choice', 'multi-choice', 'person', 'url'];
const KINDS = ['video', 'audio', 'image'];
const hasChoices = (type) => type === 'choice' || type === 'multi-choice';
const lines = (text) => text.split('\n').map((t) => t.trim()).filter(Boolean);
const same = (p, q) => JSON.stringify(p) === JSON.stringify(q);

/** The field a server message names ("field 'budget' (number): …"), or null. */
export const fieldNamed = (message) => /^field '([^']+)'/.exec(message || '')?.[1] ?? null;

// ---------------------------------------------------------------------------- the admin page

export async function render(ctx) {
  const list = h('div', { id: 'field-list', class: 'field-list' }, spinner());
  let defs = [];

  async function load() {
    try {
      defs = await get('/fields', { signal: ctx.signal });
      fill(list, defs.length ? h('ol', { class: 'field-rows', 'aria-label': 'Custom fields' }, defs.map(row))
        : empty('No custom fields yet.', 'Define one above: assets can then carry it.'));
    } catch (e) {
      if (e.name !== 'AbortError') fill(list, errorBox(e));
    }
  }

  function row(d, i) {
    const li = h('li', { class: 'field-row', dataset: { name: d.name } });
    const move = (to, text, label) => h('button', {
      class: 'btn small', type: 'button', disabled: to < 0 || to >= defs.length, 'aria-label': label,
      onclick: async () => {
        try {
          await patch(`/fields/${encodeURIComponent(d.name)}`, { position: to });
          await load();
          list.querySelector(`.field-row[data-name="${CSS.escape(d.name)}"] button[aria-label="${label}"]:not(:disabled)`)?.focus();
        } catch (e) {
          toast(e.message, 'error');
        }
      },
    }, text);
    li.append(
      h('div', { class: 'field-head' },
        h('span', { class: 'field-label' }, d.label),
        h('span', { class: 'field-name mono muted' }, d.name),
        h('span', { class: 'pill field-type' }, d.type),
        d.required ? h('span', { class: 'pill field-required' }, 'required') : null,
        h('span', { class: 'field-kinds muted small' }, d.kinds.join(', ')),
        h('span', { class: 'field-tools' },
          move(i - 1, '↑', `Move ${d.label} up`),
          move(i + 1, '↓', `Move ${d.label} down`),
          h('button', { class: 'btn small', type: 'button', onclick: () => edit(li, d) }, 'Edit'),
          h('button', { class: 'btn small danger', type: 'button', onclick: () => remove(d) }, 'Delete'))),
      h('p', { class: 'field-accepts muted small' }, d.accepts,
        d.vocabulary ? ` — terms under ${d.vocabulary}` : null),
      d.help ? h('p', { class: 'field-help small' }, d.help) : null);
    return li;
  }

  function edit(li, d) {
    li.querySelector('.field-form')?.remove();
    const form = definitionForm(d, async (body, status) => {
      // only what differs from the definition (kinds in any order; no help or branch is "")
      const norm = (k, v) => (k === 'kinds' ? [...v].sort() : v ?? (k === 'vocabulary' || k === 'help' ? '' : null));
      const changes = Object.fromEntries(Object.entries(body).filter(([k, v]) => k !== 'name' && !same(norm(k, v), norm(k, d[k]))));
      if (!Object.keys(changes).length) { await load(); return; }
      const url = `/fields/${encodeURIComponent(d.name)}`;
      if (['type', 'choices', 'kinds', 'required'].some((k) => k in changes)) {
        const report = await patch(`${url}?dryRun=true`, changes);
        const ok = await confirmDialog({ title: `Change ${d.label}?`, body: changeReport(report), confirm: 'Apply the change' });
        if (!ok) { status.textContent = 'Not changed.'; return; }
      }
      const r = await patch(url, changes);
      toast(`Saved ${r.field.label}${r.unfitCount ? ` (${r.unfitCount} value${r.unfitCount === 1 ? '' : 's'} dropped)` : ''}`, 'ok');
      await load();
    }, () => form.remove());
    li.append(form);
    form.querySelector('input[name=label]').focus();
  }

  async function remove(d) {
    const ok = await confirmDialog({
      title: `Delete the field ${d.label}?`, danger: true, confirm: 'Delete',
      body: 'Its definition and every asset\'s value of it go. Nothing else of the assets changes.',
    });
    if (!ok) return;
    try {
      const r = await del(`/fields/${encodeURIComponent(d.name)}`);
      toast(`Deleted ${r.name} and ${r.values} value${r.values === 1 ? '' : 's'}`, 'ok');
      await load();
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  const adder = h('details', { class: 'field-add' }, h('summary', { class: 'btn primary' }, 'New field'));
  // a fresh form after each field defined (a form's reset would not restore the defaults set here)
  const createForm = () => definitionForm(null, async (body) => {
    const d = await post('/fields', body);
    toast(`Defined ${d.label}`, 'ok');
    adder.open = false;
    adder.querySelector('.field-form').replaceWith(createForm());
    await load();
  }, () => { adder.open = false; });
  adder.append(createForm());

  ctx.main.append(h('div', { class: 'page-head' }, h('h1', null, 'Custom fields')),
    h('p', { class: 'muted' }, 'Fields that assets carry besides title, tags and description; editors fill them in on each asset\'s page.'),
    adder, list);
  await load();
}

/** What a change of definition does (or would do) to the values assets have. */
function changeReport(r) {
  const n = (count, one, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
  return [
    h('ul', { class: 'field-report' },
      h('li', { dataset: { part: 'kept' } }, `${n(r.kept, 'value')} kept`),
      h('li', { dataset: { part: 'converted' } }, `${n(r.converted, 'value')} converted`),
      h('li', { dataset: { part: 'unfit' } }, `${n(r.unfitCount, 'value')} that no longer fit${r.applied ? ' dropped' : ' would be dropped'}`),
      r.field.required ? h('li', { dataset: { part: 'missing' } }, `${n(r.missingRequired, 'asset')} without a value of this required field`) : null),
    r.unfit.length ? h('ul', { class: 'field-unfit small' }, r.unfit.map((u) => h('li', null,
      h('a', { href: `#/asset/${u.assetId}` }, `asset ${u.assetId}`), `: ${JSON.stringify(u.value)} — ${u.reason}`))) : null,
    r.unfitCount > r.unfit.length ? h('p', { class: 'muted small' }, `…and ${r.unfitCount - r.unfit.length} more.`) : null,
  ];
}

/**
 * The form of one definition (d null: a new one). submit(body, status) does the work; its errors (a
 * 422 names what is wrong) are shown next to the form.
 */
function definitionForm(d, submit, cancel) {
  const name = d ? null : h('input', { name: 'name', required: true, maxlength: '40', pattern: '[a-z0-9][a-z0-9_\\-]*', placeholder: 'client', autocomplete: 'off' });
  const label = h('input', { name: 'label', value: d?.label || '', maxlength: '100', placeholder: d ? '' : 'Client' });
  const type = h('select', { name: 'type' }, FIELD_TYPES.map((t) => h('option', { value: t, selected: (d?.type || 'text') === t }, t)));
  const required = h('input', { type: 'checkbox', name: 'required', checked: !!d?.required });
  const kinds = KINDS.map((k) => h('input', { type: 'checkbox', name: 'kinds', value: k, checked: d ? d.kinds.includes(k) : true }));
  const help = h('input', { name: 'help', value: d?.help || '', maxlength: '500' });
  const choices = h('textarea', { name: 'choices', rows: '4', value: (d?.choices || []).join('\n') });
  const vocabulary = h('input', { name: 'vocabulary', value: d?.vocabulary || '', placeholder: 'Places' });
  const status = h('p', { class: 'form-status error-text', role: 'alert' });
  const choicesRow = h('label', { class: 'field-choices' }, h('span', null, 'Choices, one a line'), choices);
  const vocabRow = h('label', { class: 'field-vocabulary' }, h('span', null, 'Vocabulary branch (optional)'), vocabulary);
  const showFor = () => {
    choicesRow.hidden = !hasChoices(type.value);
    vocabRow.hidden = type.value !== 'text';
  };
  type.addEventListener('change', showFor);

  const form = h('form', {
    class: 'field-form', 'aria-label': d ? `Edit ${d.label}` : 'New field', onchange: showFor,
    onsubmit: async (e) => {
      e.preventDefault();
      const body = {
        label: label.value.trim(), type: type.value, required: required.checked,
        kinds: kinds.filter((k) => k.checked).map((k) => k.value), help: help.value.trim(),
      };
      if (name) body.name = name.value.trim();
      if (!body.label && !d) delete body.label;
      if (hasChoices(type.value)) body.choices = lines(choices.value);
      if (type.value === 'text') body.vocabulary = vocabulary.value.trim();
      const btn = form.querySelector('button[type=submit]');
      btn.disabled = true;
      status.textContent = '';
      try {
        await submit(body, status);
      } catch (err) {
        status.textContent = err.message;
      } finally {
        btn.disabled = false;
      }
    },
  },
  name ? h('label', null, h('span', null, 'Name (a-z, 0-9, - and _)'), name) : null,
  h('label', null, h('span', null, 'Label'), label),
  h('label', null, h('span', null, 'Type'), type),
  h('label', { class: 'check' }, required, 'Required'),
  h('fieldset', { class: 'field-kinds-choice' }, h('legend', null, 'Applies to'),
    kinds.map((k) => h('label', { class: 'check' }, k, k.value))),
  h('label', null, h('span', null, 'Help text'), help),
  choicesRow, vocabRow,
  h('div', { class: 'form-actions' },
    h('button', { class: 'btn primary', type: 'submit' }, d ? 'Save' : 'Create'),
    h('button', { class: 'btn', type: 'button', onclick: cancel }, 'Cancel')),
  status);
  showFor();
  // branches of the vocabulary, suggested as the admin types
  attachSuggest(vocabulary);
  return form;
}

// ---------------------------------------------------------------------------- the asset's values

const isWebUrl = (v) => /^https?:\/\//i.test(String(v));

/** A value as text (read-only), a link for web addresses. */
function shown(d, v) {
  if (v == null || v === '' || (Array.isArray(v) && !v.length)) return h('span', { class: 'muted' }, '—');
  if (d.type === 'url' && isWebUrl(v)) return h('a', { href: String(v), rel: 'noopener noreferrer', target: '_blank' }, String(v));
  if (d.type === 'boolean') return v ? 'Yes' : 'No';
  return Array.isArray(v) ? v.join(', ') : String(v);
}

/** One field's input; read() gives the value to send ("" or [] clears it). */
function valueInput(d, v, id) {
  const common = { id, name: `field-${d.name}`, dataset: { field: d.name } };
  const text = v == null ? '' : String(v);
  switch (d.type) {
    case 'long-text': {
      const el = h('textarea', { ...common, rows: '3', maxlength: '20000', value: text });
      return { el, focus: el, read: () => el.value };
    }
    case 'number': {
      const el = h('input', { ...common, type: 'number', step: 'any', value: text });
      return { el, focus: el, read: () => (el.value === '' ? '' : Number(el.value)) };
    }
    case 'date': {
      const el = h('input', { ...common, type: 'date', value: text });
      return { el, focus: el, read: () => el.value };
    }
    case 'boolean': {
      const el = h('input', { ...common, type: 'checkbox', checked: v === true });
      return { el, focus: el, read: () => el.checked };
    }
    case 'choice': {
      const el = h('select', common, h('option', { value: '' }, '—'),
        d.choices.map((c) => h('option', { value: c, selected: c === v }, c)));
      return { el, focus: el, read: () => el.value };
    }
    case 'multi-choice': {
      const have = new Set(Array.isArray(v) ? v : []);
      const boxes = d.choices.map((c) => h('input', { type: 'checkbox', name: `field-${d.name}`, value: c, checked: have.has(c) }));
      const el = h('div', { id, class: 'field-checks', role: 'group' }, boxes.map((b) => h('label', { class: 'check' }, b, b.value)));
      return { el, focus: boxes[0] || el, read: () => boxes.filter((b) => b.checked).map((b) => b.value), group: true };
    }
    case 'url': {
      const el = h('input', { ...common, type: 'url', maxlength: '2000', value: text, placeholder: 'https://' });
      return { el, focus: el, read: () => el.value.trim() };
    }
    default: { // text, person
      const el = h('input', { ...common, maxlength: '1000', value: text, autocomplete: 'off' });
      return { el, focus: el, read: () => el.value.trim(), suggest: d.type === 'text' && !!d.vocabulary };
    }
  }
}

/**
 * The asset page's "Fields" panel: the fields that apply to this asset's kind, editable by editors
 * (read-only for viewers). onSaved(updated) gets the asset as the server returns it after a save.
 * refresh(asset) shows newer values unless the form has unsaved changes.
 */
export function assetFieldsPanel(ctx, asset, onSaved) {
  const el = h('section', { class: 'panel fields-panel', 'aria-labelledby': 'fields-heading', hidden: true });
  let defs = [];
  let current = asset;
  let dirty = false;

  function renderValues() {
    const mine = defs.filter((d) => d.kinds.includes(current.kind));
    el.hidden = !mine.length;
    const values = current.fields || {};
    if (!can('editor')) {
      fill(el, h('h2', { id: 'fields-heading' }, 'Fields'),
        h('dl', { class: 'field-values' }, mine.flatMap((d) => [
          h('dt', null, d.label), h('dd', { dataset: { field: d.name } }, shown(d, values[d.name]))])));
      return;
    }
    const status = h('span', { class: 'form-status', role: 'status' });
    const parts = mine.map((d) => {
      const id = `field-in-${d.name}`;
      const input = valueInput(d, values[d.name], id);
      const helpId = `${id}-help`;
      const errId = `${id}-error`;
      const error = h('p', { id: errId, class: 'field-error error-text', hidden: true });
      input.focus.setAttribute('aria-describedby', [d.help ? helpId : null, errId].filter(Boolean).join(' '));
      if (d.required) input.focus.setAttribute('aria-required', 'true');
      if (input.suggest) ctx.onCleanup(attachSuggest(input.el));
      const title = [d.label, d.required ? h('span', { class: 'field-req', 'aria-hidden': 'true' }, ' *') : null];
      const row = h('div', { class: ['field-row-value', d.type === 'boolean' ? 'is-check' : null], dataset: { field: d.name } },
        input.group || d.type === 'boolean'
          ? h('div', { class: 'field-line' }, d.type === 'boolean' ? h('label', { class: 'check' }, input.el, ...title)
            : [h('span', { class: 'field-title', id: `${id}-label` }, ...title), input.el])
          : h('label', { for: id, class: 'field-title' }, ...title),
        input.group || d.type === 'boolean' ? null : input.el,
        d.help ? h('p', { id: helpId, class: 'field-help muted small' }, d.help) : null,
        error);
      if (input.group) input.el.setAttribute('aria-labelledby', `${id}-label`);
      return { d, input, error, row, start: JSON.stringify(input.read()) };
    });
    const form = h('form', {
      class: 'fields-form', 'aria-label': 'Custom fields',
      oninput: () => { dirty = true; }, onchange: () => { dirty = true; },
      onsubmit: async (e) => {
        e.preventDefault();
        for (const p of parts) { p.error.hidden = true; p.input.focus.removeAttribute('aria-invalid'); }
        const changed = Object.fromEntries(parts.filter((p) => JSON.stringify(p.input.read()) !== p.start)
          .map((p) => [p.d.name, p.input.read()]));
        if (!Object.keys(changed).length) { status.textContent = 'Nothing changed.'; status.className = 'form-status'; return; }
        const btn = form.querySelector('button[type=submit]');
        btn.disabled = true;
        status.textContent = 'Saving…';
        status.className = 'form-status';
        try {
          const updated = await patch(`/assets/${current.id}`, { fields: changed });
          current = { ...current, ...updated };
          dirty = false;
          renderValues();
          onSaved?.(updated);
          const s = el.querySelector('.fields-form .form-status');
          s.textContent = 'Saved ✓';
          s.className = 'form-status ok';
        } catch (err) {
          const p = parts.find((x) => x.d.name === fieldNamed(err.message));
          if (p) {
            p.error.textContent = err.message;
            p.error.hidden = false;
            p.input.focus.setAttribute('aria-invalid', 'true');
            p.input.focus.focus();
            status.textContent = 'Not saved.';
          } else {
            status.textContent = err.message;
          }
          status.className = 'form-status error-text';
        } finally {
          btn.disabled = false;
        }
      },
    }, parts.map((p) => p.row),
    h('div', { class: 'form-actions' }, h('button', { class: 'btn primary', type: 'submit' }, 'Save fields'), status));
    fill(el, h('h2', { id: 'fields-heading' }, 'Fields'), form);
  }

  get('/fields', { signal: ctx.signal }).then((list) => {
    defs = list;
    renderValues();
  }).catch(() => { /* no fields to show: the panel stays hidden */ });

  return {
    el,
    refresh(fresh) {
      if (dirty || same(fresh.fields || {}, current.fields || {})) return;
      current = fresh;
      if (defs.length) renderValues();
    },
  };
}
