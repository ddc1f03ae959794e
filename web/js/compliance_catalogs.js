// 自己評価のチェックリスト (issue 16 items 4, 5): one view per checklist (a selector), its roll-up
// per section, the drill-down item → requirements → evidence with the next step of every failing
// item, the safety-mark verdict with its points, and the answer sheet (CSV) and OSCAL downloads.

import { formatJST, t } from './i18n.js';
import { API, get } from './api.js';
import { el, kvList } from './market.js';

const $ = (id) => document.getElementById(id);
const STATUSES = ['compliant', 'partial', 'non_compliant', 'not_applicable', 'unassessed'];
const STATUS_CLASS = { compliant: 'badge-outcome badge-outcome-success', partial: 'badge-outcome badge-outcome-denied', non_compliant: 'badge-outcome badge-outcome-failure', not_applicable: 'badge-muted', unassessed: 'badge-muted' };
let current = 'checksheet';
let wired = false;

function badge(status) {
  return el('span', { className: `badge ${STATUS_CLASS[status] ?? ''}`, textContent: t(`cmp.cat.status.${status}`) });
}

function countsLine(counts) {
  return STATUSES.filter((s) => counts[s]).map((s) => t('cmp.cat.count', { status: t(`cmp.cat.status.${s}`), n: counts[s] })).join(' ');
}

function title(obj) {
  return document.documentElement.lang === 'en' ? (obj.title_en || obj.title) : obj.title;
}

function evidenceRows(ev) {
  return Object.keys(ev ?? {}).filter((k) => k !== 'link').map((k) => [k, typeof ev[k] === 'object' ? JSON.stringify(ev[k]) : String(ev[k])]);
}

/** A requirement under an item: its status, reason and the evidence with its link. */
function requirementRow(q) {
  const ev = q.evidence ?? {};
  return el('li', { className: 'cat-req' },
    el('p', {}, el('strong', { textContent: `${q.requirement} ` }), badge(q.status)),
    el('p', { textContent: q.reason }),
    evidenceRows(ev).length ? kvList(evidenceRows(ev)) : '',
    ev.link ? el('p', {}, el('a', { href: ev.link, textContent: t('cmp.req.link', { link: ev.link }) })) : '');
}

function itemRow(it) {
  const answer = it.answer
    ? el('p', { className: 'muted', textContent: it.answer.points_max !== undefined
      ? t('cmp.cat.points', { n: it.answer.points, max: it.answer.points_max })
      : t(it.answer.met ? 'cmp.cat.met' : 'cmp.cat.not_met') })
    : '';
  const next = it.next_step ? el('p', { className: 'cat-next', textContent: t('cmp.cat.next', { step: it.next_step }) }) : '';
  return el('details', { className: 'row-details cat-item', id: `item-${current}-${it.id}` },
    el('summary', {}, el('span', { textContent: `${it.id} ` }), badge(it.status), el('span', { textContent: ` ${document.documentElement.lang === 'en' ? it.title_en : it.text}` })),
    el('p', { textContent: it.text }),
    it.target ? el('p', { className: 'muted', textContent: t('cmp.cat.target', { target: it.target }) }) : '',
    el('p', { textContent: it.reason }), next, answer,
    it.requirements.length ? el('ul', { className: 'stack' }, ...it.requirements.map(requirementRow)) : '',
    el('p', { className: 'muted', textContent: t('cmp.cat.attest_key', { key: it.attest_key }) }));
}

function sectionRow(s) {
  return el('details', { className: 'row-details cat-section', id: `section-${current}-${s.id}` },
    el('summary', {}, el('strong', { textContent: `${s.id}. ${title(s)}` }), el('span', { className: 'muted', textContent: ` ${countsLine(s.counts)}` })),
    ...s.items.map(itemRow));
}

function verdictBlock(v) {
  if (!v) return '';
  return el('div', { className: 'stack', id: 'cat-verdicts' }, ...['renewal', 'first'].filter((a) => v[a]).map((a) => {
    const r = v[a];
    return el('article', { className: 'card-item', id: `verdict-${a}` },
      el('h3', { className: 'item-title' }, el('span', { textContent: `${t(`cmp.cat.app.${a}`)} ` }),
        el('span', { className: `badge ${r.pass ? STATUS_CLASS.compliant : STATUS_CLASS.non_compliant}`, textContent: t(r.pass ? 'cmp.cat.pass' : 'cmp.cat.fail') })),
      el('p', { textContent: t('cmp.cat.score', { m: r.mandatory_met, mt: r.mandatory_total, p: r.points, pmax: r.points_max, pmin: r.points_min }) }),
      r.reasons?.length ? el('ul', {}, ...r.reasons.map((x) => el('li', { textContent: x }))) : '');
  }));
}

/** Loads the chosen checklist into the card (and the selector on the first call). */
export async function loadCatalogs() {
  const list = await get(`${API}/compliance/catalogs`);
  const sel = $('cat-select');
  if (!wired) {
    sel.replaceChildren(...list.catalogs.map((c) => el('option', { value: c.id, textContent: title(c) })));
    sel.addEventListener('change', () => { current = sel.value; loadCatalogs(); });
    wired = true;
  }
  sel.value = current;
  const c = await get(`${API}/compliance/catalogs/${encodeURIComponent(current)}`);
  $('cat-summary').textContent = t('cmp.cat.summary', { n: c.items, counts: countsLine(c.counts), at: c.evaluated_at ? formatJST(c.evaluated_at) : t('cmp.none') });
  $('cat-verdict').replaceChildren(verdictBlock(c.verdict));
  $('cat-csv').href = `${API}/compliance/catalogs/${current}.csv`;
  $('cat-csv').setAttribute('download', `${current}.csv`);
  $('cat-sections').replaceChildren(...c.sections.map(sectionRow));
}
