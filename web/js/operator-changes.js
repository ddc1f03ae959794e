// The pending change requests of the operator console: kind, what changes, the date it applies
// (MARK-4-3-2), a 「30日前通知なし」 badge for a details change notified late (TOS-4), and the
// decision (approve, or refuse with one of the four Art. 9-3 reasons and an optional message to
// the contractor), each confirmed in a dialog that says when the change applies and who is told.

import { t } from './i18n.js';
import { API, get, post } from './api.js';
import { cell, clearError, labelCells } from './ui.js';
import { dateEl, el } from './market.js';
import { reloadThenNotice } from './operator-ui.js';
import { confirmButton } from './confirm.js';
import { waitedText } from './handling.js';

const REFUSAL_REASONS = ['false_statement', 'technically_infeasible', 'past_breach', 'other'];

const $ = (id) => document.getElementById(id);
const COLS = ['op.changes.col.receipt', 'op.changes.col.company', 'op.changes.col.kind', 'op.changes.col.detail',
  'op.changes.col.effective', 'op.col.waited', 'op.changes.col.actions'];
const DETAIL_FIELDS = ['name', 'address', 'phone', 'responsible_name', 'responsible_email'];

function label(prefix, key) {
  const k = `${prefix}.${key}`;
  return t(k) === k ? key : t(k);
}

/** What the request changes, in words. */
function detailCell(c) {
  const td = cell('');
  if (c.kind === 'plan') td.textContent = t('op.changes.to_plan', { plan: c.plan_name ?? '' });
  else if (c.kind === 'add_service') td.textContent = t('op.changes.add_plan', { plan: c.plan_name ?? '' });
  else {
    let d = {};
    try {
      d = JSON.parse(c.details || '{}');
    } catch {
      d = {};
    }
    const list = el('ul', { className: 'plain-list' });
    for (const f of DETAIL_FIELDS) {
      if (d[f] !== undefined) list.append(el('li', { textContent: `${label('op.changes.field', f)}：${d[f]}` }));
    }
    td.append(list);
  }
  return td;
}

function row(c, refresh) {
  const region = $('changes-error');
  const eff = cell('', 'nowrap');
  eff.append(dateEl(c.effective_on));
  if (Number(c.late_notice) === 1) {
    eff.append(' ', el('span', { className: 'badge badge-warn', textContent: t('op.changes.late_notice'), title: t('op.changes.late_notice_hint') }));
  }
  const when = dateEl(c.effective_on).textContent;
  const approve = confirmButton('op.changes.approve', t('op.changes.approve_named', { name: c.company_name }), () => ({
    title: t('op.changes.approve_title', { name: c.company_name }),
    consequences: [t('op.changes.approve_c1', { date: when }), t('op.changes.notify_c', { name: c.company_name })],
    confirmKey: 'op.changes.approve_submit',
    danger: false,
    run: async () => {
      await post(`${API}/change-requests/${c.id}/approve`, {});
      await reloadThenNotice(refresh, t('op.changes.approved', { name: c.company_name }));
    },
  }), 'btn btn-primary btn-sm');
  const refuse = confirmButton('op.changes.refuse', t('op.changes.refuse_named', { name: c.company_name }), () => ({
    title: t('op.changes.refuse_title', { name: c.company_name }),
    consequences: [t('op.changes.refuse_c1'), t('op.changes.notify_c', { name: c.company_name })],
    // Art. 9-3 applies to change requests too (issue 10 item 19): one of its four reasons, none preselected.
    fields: [
      { name: 'reason', labelKey: 'op.changes.reason', options: REFUSAL_REASONS.map((r) => [r, `op.reason.${r}`]), required: true },
      { name: 'message', labelKey: 'op.changes.message', multiline: true },
    ],
    confirmKey: 'op.changes.refuse_submit',
    run: async (v) => {
      await post(`${API}/change-requests/${c.id}/refuse`, { reason: v.reason, message: v.message });
      await reloadThenNotice(refresh, t('op.changes.refused', { name: c.company_name }));
    },
  }), 'btn btn-danger-outline btn-sm');
  const actions = cell('', 'cell-actions');
  actions.append(el('div', { className: 'row-actions' }, approve, refuse));
  return labelCells(el('tr', {}, cell(String(c.id), 'mono'), cell(c.company_name), cell(label('op.changes.kind', c.kind)),
    detailCell(c), eff, cell(waitedText(c.handling), 'nowrap'), actions), COLS);
}

/** (Re)loads the pending change requests; refresh reloads the whole console after a decision. */
export async function loadChanges(refresh) {
  clearError($('changes-error'));
  const items = (await get(`${API}/change-requests?status=pending`)).items || [];
  $('changes-rows').replaceChildren(...items.map((c) => row(c, refresh)));
  $('changes-empty').hidden = items.length > 0;
  $('changes-count').textContent = t('op.count', { n: items.length });
}
