// First run (create the first admin) and login. Both log in on success and go on to the page the
// user asked for (`next`, a hash route).

import { h } from '../lib/dom.js';
import { post } from '../lib/api.js';
import { session } from '../lib/session.js';

/** A hint while typing a new password (the server requires 8 characters; length matters most). */
export function strengthHint(pw) {
  if (!pw) return 'At least 8 characters. A few unrelated words make a strong password.';
  if (pw.length < 8) return `Too short: ${8 - pw.length} more character(s) needed.`;
  const kinds = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(pw)).length;
  if (pw.length >= 16 || (pw.length >= 12 && kinds >= 3)) return 'Strong.';
  if (pw.length >= 12 || kinds >= 3) return 'Fair: a longer password is stronger.';
  return 'Weak: use a longer password, a few unrelated words say.';
}

let hints = 0;

/** A new password typed twice, with the strength hint; check() returns an error text or null. */
export function newPasswordFields(label = 'Password') {
  const pw = h('input', { type: 'password', name: 'password', autocomplete: 'new-password', required: true, minlength: '8', maxlength: '1024' });
  const again = h('input', { type: 'password', name: 'password2', autocomplete: 'new-password', required: true });
  const hint = h('span', { class: 'muted small strength', 'aria-live': 'polite' }, strengthHint(''));
  hint.id = `pw-hint-${++hints}`;
  pw.setAttribute('aria-describedby', hint.id);
  pw.addEventListener('input', () => { hint.textContent = strengthHint(pw.value); });
  // a form's reset empties the fields without an input event
  queueMicrotask(() => pw.form?.addEventListener('reset', () => { hint.textContent = strengthHint(''); }));
  return {
    nodes: [h('label', null, label, pw, hint), h('label', null, 'Repeat the password', again)],
    value: () => pw.value,
    check: () => (pw.value.length < 8 ? 'The password needs at least 8 characters.'
      : pw.value !== again.value ? 'The two passwords differ.' : null),
  };
}

function authCard(title, intro, form) {
  return h('div', { class: 'auth-card panel' }, h('h1', null, title), intro ? h('p', { class: 'muted' }, intro) : null, form);
}

function submitting(form, status, action) {
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const btn = form.querySelector('button[type=submit]');
    btn.disabled = true;
    status.textContent = '';
    status.className = 'form-status';
    try {
      await action();
    } catch (err) {
      status.textContent = err.message;
      status.className = 'form-status error-text';
    } finally {
      btn.disabled = false;
    }
  });
}

/** The first-run form. onDone(loginView) is called once the admin exists and is logged in. */
export function renderSetup(ctx, onDone) {
  if (!session.setupAllowedHere) {
    // the server accepts the first admin only from its own machine (never through a proxy)
    const how = h('p', null, 'Open the dashboard on the server\'s machine itself (http://127.0.0.1 and its port), or run ',
      h('code', null, 'dam users add NAME --role admin --password-stdin'), ' there. Then log in here.');
    ctx.main.append(authCard('This library has no users yet', 'Its first admin can only be created on the server\'s machine.', how));
    return;
  }
  const name = h('input', { name: 'username', autocomplete: 'username', required: true, maxlength: '64', value: 'admin' });
  const pw = newPasswordFields();
  const status = h('p', { class: 'form-status', role: 'alert' });
  const form = h('form', { class: 'edit-form auth-form', id: 'setup-form' },
    h('label', null, 'Admin name', name), ...pw.nodes,
    h('div', { class: 'form-actions' }, h('button', { class: 'btn primary', type: 'submit' }, 'Create the admin and log in')), status);
  submitting(form, status, async () => {
    const bad = pw.check();
    if (bad) throw new Error(bad);
    onDone(await post('/auth/setup', { username: name.value.trim(), password: pw.value() }));
  });
  ctx.main.append(authCard('Welcome to That DAM', 'This library has no users yet. Create its first admin: the admin can add more people later.', form));
  name.select();
  name.focus();
}

/** The login form; the server's message is shown as is (wrong password, too many attempts). */
export function renderLogin(ctx, onDone) {
  const name = h('input', { name: 'username', autocomplete: 'username', required: true, maxlength: '64' });
  const pw = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const status = h('p', { class: 'form-status', role: 'alert' });
  const form = h('form', { class: 'edit-form auth-form', id: 'login-form' },
    h('label', null, 'Name', name), h('label', null, 'Password', pw),
    h('div', { class: 'form-actions' }, h('button', { class: 'btn primary', type: 'submit' }, 'Log in')), status);
  submitting(form, status, async () => {
    try {
      onDone(await post('/auth/login', { username: name.value.trim(), password: pw.value }));
    } catch (err) {
      pw.select();
      throw err;
    }
  });
  ctx.main.append(authCard('Log in', null, form));
  name.focus();
}
