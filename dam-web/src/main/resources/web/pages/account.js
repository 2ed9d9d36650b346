// The user's own account: change the password, the sessions logged in as them (revocable), and
// their API keys (made here, shown once, revocable).

import { h, fill, fmtDate, fmtAgo, toast, confirmDialog, errorBox, dataTable } from '../lib/dom.js';
import { get, post, del, qs } from '../lib/api.js';
import { session, can } from '../lib/session.js';
import { themePicker } from '../lib/theme.js';
import { newPasswordFields } from './auth.js';

const ROLES = ['viewer', 'editor', 'admin'];

/** A secret shown once, with a copy button. */
export function shownOnce(label, secret) {
  const copy = h('button', {
    class: 'btn small', type: 'button', onclick: async () => {
      try {
        await navigator.clipboard.writeText(secret);
        toast('Copied', 'ok');
      } catch {
        toast('Copying was refused by the browser: select the text and copy it.', 'error');
      }
    },
  }, 'Copy');
  return h('div', { class: 'callout new-key', role: 'status' },
    h('p', null, label),
    h('div', { class: 'key-once' }, h('code', { class: 'secret' }, secret), copy));
}

function appearancePanel() {
  return h('section', { class: 'panel' }, h('h2', null, 'Appearance'), h('div', { class: 'narrow-form' }, themePicker()));
}

function passwordPanel() {
  const current = h('input', { type: 'password', name: 'currentPassword', autocomplete: 'current-password', required: true });
  const pw = newPasswordFields('New password');
  const status = h('span', { class: 'form-status', role: 'status' });
  const form = h('form', {
    class: 'edit-form narrow-form', id: 'password-form', onsubmit: async (e) => {
      e.preventDefault();
      const bad = pw.check();
      if (bad) { status.textContent = bad; status.className = 'form-status error-text'; return; }
      try {
        await post('/auth/password', { currentPassword: current.value, newPassword: pw.value() });
        form.reset();
        status.textContent = 'Password changed ✓';
        status.className = 'form-status ok';
      } catch (err) {
        status.textContent = err.message;
        status.className = 'form-status error-text';
      }
    },
  }, h('label', null, 'Current password', current), ...pw.nodes,
  h('div', { class: 'form-actions' }, h('button', { class: 'btn primary', type: 'submit' }, 'Change password'), status));
  return h('section', { class: 'panel' }, h('h2', null, 'Password'), form);
}

function sessionsPanel(ctx) {
  const box = h('div', { id: 'sessions' });
  async function load() {
    try {
      const list = await get('/auth/sessions', { signal: ctx.signal });
      fill(box, dataTable([
        ['Logged in', (x) => fmtDate(x.createdAt)],
        ['Last used', (x) => fmtAgo(x.lastSeenAt)],
        ['Ends', (x) => fmtDate(x.expiresAt)],
        ['From', (x) => x.address || ''],
        ['Browser', (x) => h('span', { class: 'small muted', title: x.userAgent || '' }, (x.userAgent || '').slice(0, 60))],
        ['', (x) => (x.current ? h('span', { class: 'pill state-ok' }, 'this browser') : h('button', {
          class: 'btn small danger', type: 'button', 'aria-label': `End the session from ${x.address || 'an unknown address'}`,
          onclick: async () => {
            const ok = await confirmDialog({ title: 'End this session?', body: ['That browser is logged out at once.'], confirm: 'End session', danger: true });
            if (!ok) return;
            try { await del(`/auth/sessions/${encodeURIComponent(x.id)}`); toast('Session ended', 'ok'); load(); } catch (err) { toast(err.message, 'error'); }
          },
        }, 'End'))],
      ], list, 'No sessions.'));
    } catch (e) {
      if (e.name !== 'AbortError') fill(box, errorBox(e));
    }
  }
  load();
  return h('section', { class: 'panel' }, h('h2', null, 'Sessions'), h('p', { class: 'muted small' }, 'Browsers logged in as you.'), box);
}

/** API keys of a user (the current one unless an admin gives another name). */
export function apiKeysPanel(ctx, user = null) {
  const box = h('div', { class: 'api-keys' });
  const shown = h('div');
  async function load() {
    try {
      const keys = await get('/apikeys' + qs({ user }), { signal: ctx.signal });
      fill(box, dataTable([
        ['Name', (k) => k.name || ''],
        ['Key', (k) => h('code', null, `${k.prefix}…`)],
        ['Role', (k) => k.role],
        ['Created', (k) => fmtDate(k.createdAt)],
        ['Expires', (k) => (k.expiresAt ? fmtDate(k.expiresAt) : 'never')],
        ['Last used', (k) => (k.lastUsedAt ? fmtAgo(k.lastUsedAt) : 'never')],
        ['', (k) => (k.revokedAt || !k.active ? h('span', { class: 'pill state-cancelled' }, k.revokedAt ? 'revoked' : 'expired') : h('button', {
          class: 'btn small danger', type: 'button', 'aria-label': `Revoke the key ${k.name || k.prefix}`,
          onclick: async () => {
            const ok = await confirmDialog({ title: 'Revoke this key?', body: [`Scripts using ${k.prefix}… stop working at once.`], confirm: 'Revoke', danger: true });
            if (!ok) return;
            try { await del(`/apikeys/${encodeURIComponent(k.id)}`); toast('Key revoked', 'ok'); load(); } catch (err) { toast(err.message, 'error'); }
          },
        }, 'Revoke'))],
      ], keys, 'No API keys.', { rowProps: (k) => ({ dataset: { key: String(k.id) } }) }));
    } catch (e) {
      if (e.name !== 'AbortError') fill(box, errorBox(e));
    }
  }
  const name = h('input', { name: 'name', placeholder: 'what it is for', maxlength: '100' });
  const mine = user == null || user === session.user?.name;
  const myRank = ROLES.indexOf(session.user?.role);
  const role = h('select', { name: 'role', 'aria-label': 'Role of the key' },
    ROLES.filter((r, i) => !mine || i <= myRank).map((r) => h('option', { value: r, selected: r === 'viewer' }, r)));
  const expiry = h('select', { name: 'expires', 'aria-label': 'Expires' },
    [['30', 'in 30 days'], ['90', 'in 90 days'], ['365', 'in a year'], ['', 'never']].map(([v, t]) => h('option', { value: v, selected: v === '90' }, t)));
  const status = h('span', { class: 'form-status', role: 'status' });
  const form = h('form', {
    class: 'inline-form', id: 'apikey-form', onsubmit: async (e) => {
      e.preventDefault();
      try {
        const made = await post('/apikeys', {
          user: user || undefined, name: name.value.trim() || undefined, role: role.value,
          expiresInDays: expiry.value ? Number(expiry.value) : undefined,
        });
        name.value = '';
        status.textContent = '';
        fill(shown, shownOnce('The new key, shown only now: copy it to where it is used. It is sent as "Authorization: Bearer KEY".', made.key));
        load();
      } catch (err) {
        status.textContent = err.message;
        status.className = 'form-status error-text';
      }
    },
  }, name, role, expiry, h('button', { class: 'btn', type: 'submit' }, 'Create key'), status);
  load();
  return h('section', { class: 'panel' }, h('h2', null, user && !mine ? `API keys of ${user}` : 'API keys'),
    h('p', { class: 'muted small' }, 'For scripts and other systems. A key never has more rights than its user.'), box, form, shown);
}

export async function render(ctx) {
  const u = session.user;
  ctx.main.append(
    h('div', { class: 'page-head' }, h('h1', null, 'Account'),
      h('p', { class: 'muted' }, h('strong', null, u.name), ` · ${u.role}`, can('admin') ? [' · ', h('a', { href: '#/users' }, 'Users')] : null)),
    appearancePanel(), passwordPanel(), sessionsPanel(ctx), apiKeysPanel(ctx));
}
