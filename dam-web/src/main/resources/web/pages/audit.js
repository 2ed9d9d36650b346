// The audit log (admins only): who did what and when, newest first, filtered by user, action and
// time; "Show older" asks for a longer page.

import { h, fill, fmtDate, errorBox, dataTable, spinner } from '../lib/dom.js';
import { get, qs, request } from '../lib/api.js';

const PAGE = 50;

/** The actions (and groups of them, "login") the filter takes: the API document lists them. */
async function actionChoices() {
  const doc = await (await request('/api/openapi.json')).json();
  const param = (doc.paths?.['/api/v1/audit']?.get?.parameters || []).find((p) => p.name === 'action');
  return param?.schema?.enum || [];
}
const SINCE = [['', 'any time'], ['1', 'last 24 hours'], ['7', 'last 7 days'], ['30', 'last 30 days']];

export async function render(ctx) {
  const q = ctx.query;
  const user = h('input', { name: 'user', value: q.get('user') || '', placeholder: 'anyone', autocomplete: 'off' });
  const action = h('select', { name: 'action' }, h('option', { value: '' }, 'any'));
  actionChoices().then((all) => {
    for (const a of all) action.append(h('option', { value: a, selected: a === q.get('action') }, a));
  }).catch(() => {});
  const since = h('select', { name: 'since' }, SINCE.map(([v, t]) => h('option', { value: v, selected: v === (q.get('days') || '') }, t)));
  const form = h('form', {
    class: 'filters', id: 'audit-filters', role: 'search', 'aria-label': 'Filter the audit log', onsubmit: (e) => {
      e.preventDefault();
      location.hash = `#/audit${qs({ user: user.value.trim(), action: action.value, days: since.value })}`;
    },
  },
  h('label', { class: 'field' }, 'User', user),
  h('label', { class: 'field' }, 'Action', action),
  h('label', { class: 'field' }, 'When', since),
  h('button', { class: 'btn', type: 'submit' }, 'Filter'));

  const box = h('div', { id: 'audit' }, spinner());
  const more = h('button', { class: 'btn', type: 'button', hidden: true, onclick: () => load(limit + PAGE) }, 'Show older');
  let limit = PAGE;

  async function load(n) {
    more.disabled = true;
    try {
      const days = Number(q.get('days') || 0);
      const page = await get('/audit' + qs({
        user: q.get('user'), action: q.get('action'), limit: n,
        since: days ? new Date(Date.now() - days * 86400000).toISOString() : null,
      }), { signal: ctx.signal });
      limit = n;
      const items = page.items || [];
      fill(box, dataTable([
        ['When', (x) => h('time', { datetime: x.at }, fmtDate(x.at))],
        ['User', (x) => x.user || h('span', { class: 'muted', title: 'the command line of the server, or nobody known' }, '—')],
        ['Action', (x) => h('code', null, x.action)],
        ['Target', (x) => x.target || ''],
        ['Detail', (x) => x.detail || ''],
        ['From', (x) => x.address || ''],
      ], items, 'Nothing recorded matches.', { className: 'audit-table' }));
      more.hidden = items.length < n;
    } catch (e) {
      if (e.name !== 'AbortError') fill(box, errorBox(e));
    } finally {
      more.disabled = false;
    }
  }

  ctx.main.append(
    h('div', { class: 'page-head' }, h('h1', null, 'Audit log'), h('a', { href: '#/users' }, 'Users')),
    form, h('section', { class: 'panel' }, box, h('div', { class: 'pager' }, more)));
  load(PAGE);
}
