// Duplicates: groups of near-duplicate videos side by side, what differs between the copies highlighted,
// the better master marked, and "Keep this one", which forgets the others from the catalog (never their files).

import { h, fmtBytes, fmtBitRate, fmtDuration, fmtRes, fmtNumber, displayTitle, toast, confirmDialog,
  errorBox, spinner, empty } from '../lib/dom.js';
import { get, post, posterUrl } from '../lib/api.js';

/** The facts shown per copy: label, the group's difference name it answers to, and how to read it. */
const FACTS = [
  ['Resolution', 'resolution', (m) => fmtRes(m.width, m.height)],
  ['Video codec', 'videoCodec', (m) => m.videoCodec],
  ['Bitrate', 'bitRate', (m) => (m.bitRate ? fmtBitRate(m.bitRate) : '')],
  ['Duration', 'duration', (m) => fmtDuration(m.durationSec)],
  ['Content', null, (m) => `${fmtDuration(m.contentStartSec)}–${fmtDuration(m.contentEndSec)}`],
  ['Size', 'size', (m) => fmtBytes(m.sizeBytes)],
  ['Container', 'container', (m) => m.container],
  ['Frame rate', 'fps', (m) => (m.fps ? `${Math.round(m.fps * 100) / 100} fps` : '')],
  ['Audio codec', 'audioCodec', (m) => m.audioCodec],
  ['Alike', null, (m) => `${Math.round(m.similarity * 100)} %`],
];

export async function render(ctx) {
  const summary = h('p', { class: 'muted', role: 'status' });
  const list = h('div', { class: 'dup-groups' }, spinner());
  ctx.main.append(h('div', { class: 'page-head' }, h('h1', null, 'Duplicates')), summary, list);
  await load(ctx, summary, list);
}

async function load(ctx, summary, list) {
  let view;
  try {
    view = await get('/duplicates', { signal: ctx.signal });
  } catch (e) {
    if (!ctx.signal.aborted) list.replaceChildren(errorBox(e));
    return;
  }
  if (ctx.signal.aborted) return;
  const pending = view.pending ? ` · ${fmtNumber(view.pending)} still to fingerprint` : '';
  summary.textContent = `${fmtNumber(view.groups.length)} group${view.groups.length === 1 ? '' : 's'} of copies among `
    + `${fmtNumber(view.fingerprinted)} fingerprinted video${view.fingerprinted === 1 ? '' : 's'}${pending}`;
  list.replaceChildren(...(view.groups.length
    ? view.groups.map((g, i) => group(ctx, g, i + 1, () => load(ctx, summary, list)))
    : [empty('No duplicates found.', 'Re-encodes, resized copies and copies with extra black or silence at the ends show here once their videos are fingerprinted.')]));
}

function group(ctx, g, n, reload) {
  const differs = new Set(g.differences);
  const head = h('div', { class: 'dup-head' },
    h('h2', null, `Group ${n}: ${g.members.length} copies`),
    h('span', { class: 'muted' }, `${fmtBytes(g.reclaimableBytes)} in the others`),
    g.differences.length ? h('span', { class: 'muted' }, `differ in ${g.differences.map(label).join(', ')}`) : null);
  const reason = h('p', { class: 'dup-reason' }, `Better master: ${displayTitle(g.members.find((m) => m.best))} — ${g.reason}`);
  return h('section', { class: 'panel dup-group', dataset: { best: String(g.bestId) } }, head, reason,
    h('div', { class: 'dup-members' }, ...g.members.map((m) => member(ctx, g, m, differs, reload))));
}

function label(difference) {
  const f = FACTS.find(([, key]) => key === difference);
  return f ? f[0].toLowerCase() : difference;
}

function member(ctx, g, m, differs, reload) {
  const img = h('img', { class: 'poster', alt: '', loading: 'lazy', decoding: 'async', src: posterUrl(m.id) });
  const facts = h('dl', { class: 'dup-facts' });
  for (const [name, key, read] of FACTS) {
    const value = read(m);
    if (!value) continue;
    const cls = key && differs.has(key) ? 'diff' : null;
    facts.append(h('dt', { class: cls }, name), h('dd', { class: cls }, value));
  }
  const keep = h('button', { class: m.best ? 'btn primary' : 'btn', type: 'button', dataset: { needs: 'editor' },
    onclick: () => keepThis(ctx, g, m, keep, reload) }, 'Keep this one');
  return h('article', { class: m.best ? 'dup-member best' : 'dup-member', dataset: { id: String(m.id) } },
    h('a', { class: 'dup-poster', href: `#/asset/${m.id}`, 'aria-label': displayTitle(m) }, img),
    m.best ? h('span', { class: 'pill dup-badge' }, 'Better master') : null,
    m.original ? h('span', { class: 'pill' }, 'Camera original') : null,
    h('h3', null, h('a', { href: `#/asset/${m.id}` }, displayTitle(m))),
    h('p', { class: 'muted small dup-path', title: m.path || '' }, m.path || ''),
    facts, keep);
}

async function keepThis(ctx, g, m, button, reload) {
  const others = g.members.filter((o) => o.id !== m.id);
  const ok = await confirmDialog({
    title: 'Keep this one?',
    body: [`Keep “${displayTitle(m)}” and forget ${others.length === 1 ? 'the other copy' : `the ${others.length} other copies`} from the catalog: `
      + others.map(displayTitle).join(', ') + '.',
    'Their files stay on disk; only the catalog forgets them (and their posters and proxies).'],
    confirm: 'Keep this one', danger: true,
  });
  if (!ok || ctx.signal.aborted) return;
  button.disabled = true;
  try {
    const r = await post('/duplicates/keep', { keep: m.id, forget: others.map((o) => o.id) });
    toast(`Kept “${displayTitle(m)}”; forgot ${r.forgotten.length} from the catalog`, 'ok');
    await reload();
  } catch (e) {
    button.disabled = false;
    toast(e.message, 'error');
  }
}
