// Users (admins only): the accounts with their roles; add, change the role, set a new password,
// remove — each change after a confirmation where it cannot be undone.

import { h, fill, fmtDate, toast, confirmDialog, errorBox, dataTable } from '../lib/dom.js';
import { get, post, patch, del } from '../lib/api.js';
import { session } from '../lib/session.js';
import { newPasswordFields } from './auth.js';

const ROLES = ['viewer', 'editor', 'admin'];

/** A dialog asking for a new password (twice); resolves to it, or null when cancelled. */
function passwordDialog(name) {
  return new Promise((resolve) => {
    const pw = newPasswordFields('New password');
    const status = h('p', { class: 'form-status error-text', role: 'alert' });
    const dlg = h('dialog', { class: 'dialog' },
      h('form', { method: 'dialog', class: 'edit-form' },
        h('h2', null, `New password for ${name}`),
        h('p', null, 'Their sessions end: they log in again with the new password.'),
        ...pw.nodes, status,
        h('div', { class: 'dialog-actions' },
          h('button', { type: 'submit', value: 'cancel', class: 'btn', formnovalidate: true }, 'Cancel'),
          h('button', { type: 'submit', value: 'ok', class: 'btn primary' }, 'Set password'))));
    dlg.querySelector('form').addEventListener('submit', (e) => {
      if (e.submitter?.value !== 'ok') return;
      const bad = pw.check();
      if (bad) { e.preventDefault(); status.textContent = bad; }
    });
    dlg.addEventListener('close', () => { resolve(dlg.returnValue === 'ok' ? pw.value() : null); dlg.remove(); });
    document.body.appendChild(dlg);
    dlg.showModal();
    dlg.querySelector('input').focus();
  });
}

export async function render(ctx) {
  const box = h('div', { id: 'users' });

  async function load() {
    try {
      const users = await get('/users', { signal: ctx.signal });
      fill(box, dataTable([
        ['Name', (u) => h('strong', null, u.name)],
        ['Role', (u) => roleSelect(u)],
        ['Created', (u) => fmtDate(u.createdAt)],
        ['Changed', (u) => fmtDate(u.updatedAt)],
        ['', (u) => h('div', { class: 'button-row' },
          h('button', { class: 'btn small', type: 'button', 'aria-label': `New password for ${u.name}`, onclick: () => resetPassword(u) }, 'New password'),
          u.name === session.user.name ? null : h('button', {
            class: 'btn small danger', type: 'button', 'aria-label': `Remove ${u.name}`, onclick: () => remove(u),
          }, 'Remove'))],
      ], users, 'No users.', { rowProps: (u) => ({ dataset: { user: u.name } }) }));
    } catch (e) {
      if (e.name !== 'AbortError') fill(box, errorBox(e));
    }
  }

  function roleSelect(u) {
    const sel = h('select', { 'aria-label': `Role of ${u.name}` }, ROLES.map((r) => h('option', { value: r, selected: r === u.role }, r)));
    sel.addEventListener('change', async () => {
      const to = sel.value;
      const ok = await confirmDialog({ title: `Make ${u.name} ${to === 'admin' ? 'an' : 'a'} ${to}?`,
        body: [`${u.name} can then do what ${to === 'admin' ? 'an' : 'a'} ${to} may; their API keys have at most that role.`], confirm: 'Change role' });
      if (!ok) { sel.value = u.role; return; }
      try {
        await patch(`/users/${encodeURIComponent(u.name)}`, { role: to });
        toast(`${u.name} is now ${to === 'admin' ? 'an' : 'a'} ${to}`, 'ok');
      } catch (e) {
        toast(e.message, 'error');
      }
      load();
    });
    return sel;
  }

  async function resetPassword(u) {
    const pw = await passwordDialog(u.name);
    if (pw == null) return;
    try {
      await patch(`/users/${encodeURIComponent(u.name)}`, { password: pw });
      toast(`New password set for ${u.name}`, 'ok');
      load();
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  async function remove(u) {
    const ok = await confirmDialog({ title: `Remove ${u.name}?`,
      body: ['Their sessions end and their API keys stop working. The library and its files are not touched.'], confirm: 'Remove', danger: true });
    if (!ok) return;
    try {
      await del(`/users/${encodeURIComponent(u.name)}`);
      toast(`Removed ${u.name}`, 'ok');
      load();
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  const name = h('input', { name: 'username', placeholder: 'name', required: true, maxlength: '64', autocomplete: 'off', 'aria-label': 'Name' });
  const role = h('select', { name: 'role', 'aria-label': 'Role' }, ROLES.map((r) => h('option', { value: r, selected: r === 'viewer' }, r)));
  const pw = newPasswordFields('Password');
  const status = h('span', { class: 'form-status', role: 'status' });
  const form = h('form', {
    class: 'edit-form narrow-form', id: 'add-user-form', onsubmit: async (e) => {
      e.preventDefault();
      const bad = pw.check();
      if (bad) { status.textContent = bad; status.className = 'form-status error-text'; return; }
      try {
        const u = await post('/users', { username: name.value.trim(), role: role.value, password: pw.value() });
        form.reset();
        status.textContent = `Added ${u.name} ✓`;
        status.className = 'form-status ok';
        load();
      } catch (err) {
        status.textContent = err.message;
        status.className = 'form-status error-text';
      }
    },
  }, h('label', null, 'Name', name), h('label', null, 'Role', role), ...pw.nodes,
  h('div', { class: 'form-actions' }, h('button', { class: 'btn primary', type: 'submit' }, 'Add user'), status));

  ctx.main.append(
    h('div', { class: 'page-head' }, h('h1', null, 'Users'), h('a', { href: '#/audit' }, 'Audit log')),
    h('section', { class: 'panel' }, box),
    h('section', { class: 'panel' }, h('h2', null, 'Add a user'), form));
  load();
}
