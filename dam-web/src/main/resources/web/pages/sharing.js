// "Share": a read-only link to one asset or one batch that plays without an account, made by an
// editor (optionally expiring, optionally with a password). The link can be copied again from
// `dam shares list` or GET /api/v1/shares, and revoked there.

import { h, fill, toast } from '../lib/dom.js';
import { post } from '../lib/api.js';
import { shownOnce } from './account.js';

const EXPIRIES = [['7', 'in 7 days'], ['30', 'in 30 days'], ['1', 'in 1 day'], ['', 'never']];

/** A panel that makes a share link of `target` ({ assetId } or { batch }); `what` names it in the text. */
export function sharePanel(target, what) {
  const expiry = h('select', { name: 'expiresInDays', 'aria-label': 'The link expires' },
    ...EXPIRIES.map(([v, label]) => h('option', { value: v }, label)));
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'new-password', minlength: '8',
    placeholder: 'none', 'aria-label': 'Password for the link (optional)' });
  const result = h('div', { class: 'share-result' });
  const status = h('span', { class: 'form-status', role: 'status' });
  const form = h('form', {
    class: 'share-form', onsubmit: async (e) => {
      e.preventDefault();
      status.textContent = '';
      const body = { ...target };
      if (expiry.value) body.expiresInDays = Number(expiry.value);
      if (password.value) body.password = password.value;
      try {
        const made = await post('/shares', body);
        password.value = '';
        fill(result, shownOnce(`Anyone with this link can watch ${what}${made.share.expiresAt ? ' until it expires' : ''}`
          + `${made.share.password ? ' (with the password)' : ''}. Revoke it with dam shares revoke ${made.share.id}.`, made.url));
        toast('Share link made', 'ok');
      } catch (err) {
        status.textContent = err.message;
        status.className = 'form-status error-text';
      }
    },
  },
  h('label', null, 'Expires', expiry),
  h('label', null, 'Password', password),
  h('div', { class: 'form-actions' }, h('button', { class: 'btn', type: 'submit' }, 'Make a share link'), status));
  return h('section', { class: 'panel', dataset: { needs: 'editor' } }, h('h2', null, 'Share'),
    h('p', { class: 'muted small' }, `A read-only link to ${what} that plays without an account.`), form, result);
}
