// 自己評価 (issue 16 items 2, 3, 6): each requirement's live status with its reason and the
// evidence behind it (figures, when checked, a link to the screen that shows them), evaluation on
// demand, the attestations of organisational requirements (recorded with a form, revoked only
// after a confirmation dialog) and the history of status changes (since when an item fails).

import { formatJST, t } from './i18n.js';
import { API, get, post, request } from './api.js';
import { cell, clearError, initPage, labelCells, markInvalid, pagePerson, sessionLost, setBusy, showError, showNotice } from './ui.js';
import { dateText, el, kvList } from './market.js';
import { confirmButton } from './confirm.js';
import { loadCatalogs } from './compliance_catalogs.js';

initPage();

const $ = (id) => document.getElementById(id);
const STATUS_CLASS = { compliant: 'badge-outcome badge-outcome-success', partial: 'badge-outcome badge-outcome-denied', non_compliant: 'badge-outcome badge-outcome-failure', not_applicable: 'badge-muted' };
let canManage = false;

function statusBadge(status, key = `cmp.status.${status}`) {
  return el('span', { className: `badge ${STATUS_CLASS[status] ?? ''}`, textContent: t(key) });
}

function when(value) {
  return value ? formatJST(value) : t('cmp.none');
}

function evidenceValue(v) {
  if (v === null || v === undefined) return t('cmp.none');
  if (typeof v === 'boolean') return t(v ? 'cmp.yes' : 'cmp.no');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** One requirement: status, reason, since; the evidence folded under it. */
function requirementRow(q) {
  const ev = q.evidence ?? {};
  const rows = Object.keys(ev).filter((k) => k !== 'link').map((k) => [k, evidenceValue(ev[k])]);
  const details = el('details', { className: 'row-details' },
    el('summary', { textContent: t('cmp.req.evidence') }),
    kvList(rows),
    ev.link ? el('p', {}, el('a', { href: ev.link, textContent: t('cmp.req.link', { link: ev.link }) })) : '');
  const att = q.attestation
    ? el('p', { className: q.attestation_expired ? 'text-danger' : 'muted', textContent: t(q.attestation_expired ? 'cmp.req.att_expired' : 'cmp.req.att', { by: q.attestation.attested_by, until: dateText(q.attestation.expires_on) }) })
    : '';
  return el('article', { className: 'card-item', id: `req-${q.requirement}` },
    el('h3', { className: 'item-title' }, el('span', { textContent: `${q.requirement} ` }), statusBadge(q.status)),
    el('p', { textContent: q.reason }),
    el('p', { className: 'muted', textContent: t('cmp.req.since', { since: when(q.since), source: t(`cmp.source.${q.source}`) }) }),
    att, details);
}

async function loadRequirements(data) {
  const d = data ?? await get(`${API}/compliance/requirements`);
  const reqs = d.requirements ?? [];
  $('req-count').textContent = t('cmp.req.count', { n: reqs.length, bad: reqs.filter((q) => q.status === 'non_compliant').length });
  $('req-evaluated').textContent = t('cmp.req.evaluated', { at: when(d.evaluated_at) });
  $('req-list').replaceChildren(...reqs.map(requirementRow));
  $('req-empty').hidden = reqs.length > 0;
}

async function revoke(a) {
  await request('DELETE', `${API}/compliance/attestations/${a.id}`);
  await loadAttestations();
  showNotice($('page-status'), t('cmp.att.revoked', { requirement: a.requirement }));
}

function attestationRow(a) {
  const actions = canManage
    ? confirmButton('cmp.att.revoke', t('cmp.att.revoke_for', { requirement: a.requirement }), () => ({
      title: t('cmp.att.revoke_title', { requirement: a.requirement }),
      consequences: [t('cmp.att.revoke_effect')],
      confirmKey: 'cmp.att.revoke_confirm',
      run: () => revoke(a),
    }))
    : '';
  return el('article', { className: 'card-item' },
    el('h3', { className: 'item-title' }, el('span', { textContent: `${a.requirement} ` }),
      a.expired ? statusBadge('non_compliant', 'cmp.att.expired') : statusBadge('compliant', 'cmp.att.valid')),
    kvList([
      ['cmp.att.attested_by', `${a.attested_by}（${a.role}）`],
      ['cmp.att.attested_on', a.attested_on],
      ['cmp.att.expires_on', a.expires_on],
      ['cmp.att.document_ref', a.document_ref || t('cmp.none')],
      ['cmp.att.note', a.note || t('cmp.none')],
    ]),
    actions);
}

async function loadAttestations() {
  const d = await get(`${API}/compliance/attestations`);
  const list = d.attestations ?? [];
  $('att-list').replaceChildren(...list.map(attestationRow));
  $('att-empty').hidden = list.length > 0;
}

async function loadHistory() {
  const d = await get(`${API}/compliance/history`);
  const rows = (d.history ?? []).slice(0, 100);
  $('hist-empty').hidden = rows.length > 0;
  if (!rows.length) {
    $('hist-list').replaceChildren();
    return;
  }
  const keys = ['cmp.hist.col.at', 'cmp.hist.col.requirement', 'cmp.hist.col.change', 'cmp.hist.col.reason'];
  const body = rows.map((h) => {
    const tr = el('tr', {},
      cell(when(h.changed_at)),
      cell(h.requirement),
      cell(`${h.previous ? t(`cmp.status.${h.previous}`) : t('cmp.hist.first')} → ${t(`cmp.status.${h.status}`)}${h.alerted ? t('cmp.hist.alerted') : ''}`),
      cell(h.reason));
    labelCells(tr, keys);
    return tr;
  });
  const wrap = el('div', { className: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': t('cmp.hist.heading') },
    el('table', { className: 'table' },
      el('thead', {}, el('tr', {}, ...keys.map((k) => el('th', { scope: 'col', textContent: t(k) })))),
      el('tbody', {}, ...body)));
  $('hist-list').replaceChildren(wrap);
}

async function loadAll() {
  await Promise.all([loadCatalogs(), loadRequirements(), loadAttestations(), loadHistory()]);
}

function wireEvaluate() {
  const btn = $('evaluate');
  btn.hidden = !canManage;
  btn.addEventListener('click', async () => {
    clearError($('page-error'));
    setBusy(btn, true);
    try {
      const d = await post(`${API}/compliance/evaluate`);
      await loadRequirements(d);
      await Promise.all([loadHistory(), loadCatalogs()]);
      showNotice($('page-status'), t('cmp.evaluated', { n: d.changes }));
    } catch (err) {
      if (!sessionLost(err)) showError($('page-error'), err);
    } finally {
      setBusy(btn, false);
    }
  });
}

function wireForm() {
  $('att-new').hidden = !canManage;
  const form = $('att-form');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearError($('att-error'));
    const body = {};
    for (const [k, v] of new FormData(form).entries()) {
      const s = String(v).trim();
      if (s) body[k] = s;
    }
    try {
      await post(`${API}/compliance/attestations`, body);
      form.reset();
      $('att-new').open = false;
      await loadAttestations();
      showNotice($('page-status'), t('cmp.att.created', { requirement: body.requirement }));
    } catch (err) {
      if (sessionLost(err)) return;
      markInvalid(form, err);
      showError($('att-error'), err);
    }
  });
}

(async () => {
  const me = await pagePerson();
  if (!me) return;
  canManage = (me.permissions ?? []).includes('compliance.manage');
  try {
    wireEvaluate();
    wireForm();
    await loadAll();
    $('cmp-content').hidden = false;
  } catch (err) {
    if (!sessionLost(err)) showError($('page-error'), err);
  } finally {
    $('loading').hidden = true;
  }
})();
