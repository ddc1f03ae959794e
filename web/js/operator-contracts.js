// The contracts table of the operator console: suspension (with a reason), reinstatement and
// termination without notice for a cause of Art. 13 (with a message to the contractor), and the
// end and data-deletion dates (TOS-8, TOS-10).

import { t } from './i18n.js';
import { API, get, post } from './api.js';
import { cell, clearError, labelCells } from './ui.js';
import { dateEl, el, statusText } from './market.js';
import { actionButton, foldedForm, reloadThenNotice } from './operator-ui.js';

const $ = (id) => document.getElementById(id);
const COLS = ['ct.col.number', 'op.changes.col.company', 'op.apps.col.plan', 'ct.col.status', 'ct.col.start',
  'op.contracts.col.end', 'op.contracts.col.deletion', 'ct.col.actions'];
export const CAUSES = ['dishonoured_bill', 'seizure', 'insolvency', 'dissolution', 'licence_revoked', 'non_performance',
  'false_notice', 'antisocial', 'other_breach'];

function dateCell(ymd) {
  const td = cell('', 'nowrap');
  td.append(dateEl(ymd));
  return td;
}

function statusCell(c) {
  const td = cell(statusText(c.status), 'cell-status');
  if (c.status_reason) {
    const key = `op.cause.${c.status_reason}`;
    const why = c.status === 'terminated' && t(key) !== key ? t(key) : c.status_reason;
    td.append(el('span', { className: 'cell-sub', textContent: why }));
  }
  return td;
}

function terminateForm(c, region) {
  return foldedForm(`terminate-${c.id}`, 'op.contracts.terminate', t('op.contracts.terminate_named', { number: c.number }), [
    { name: 'cause', labelKey: 'op.contracts.cause', options: CAUSES.map((k) => [k, `op.cause.${k}`]) },
    { name: 'message', labelKey: 'op.contracts.message', multiline: true },
  ], 'op.contracts.terminate_submit', async (v) => {
    const res = await post(`${API}/contracts/${c.id}/terminate`, { cause: v.cause, message: v.message });
    const k = res?.contract ?? {};
    await reloadThenNotice(loadContracts, t('op.contracts.terminated', { number: c.number, deletion: k.deletion_due_on ?? '—' }));
  }, region);
}

function row(c) {
  const region = $('op-contracts-error');
  const actions = el('div', { className: 'row-actions' });
  if (c.status === 'active') {
    actions.append(foldedForm(`suspend-${c.id}`, 'op.contracts.suspend', t('op.contracts.suspend_named', { number: c.number }),
      [{ name: 'reason', labelKey: 'op.contracts.reason', multiline: true, required: true }], 'op.contracts.suspend_submit',
      async (v) => {
        await post(`${API}/contracts/${c.id}/suspend`, { reason: v.reason });
        await reloadThenNotice(loadContracts, t('op.contracts.suspended', { number: c.number }));
      }, region));
  } else if (c.status === 'suspended') {
    actions.append(actionButton('op.contracts.reinstate', t('op.contracts.reinstate_named', { number: c.number }), async () => {
      await post(`${API}/contracts/${c.id}/reinstate`, {});
      await reloadThenNotice(loadContracts, t('op.contracts.reinstated', { number: c.number }));
    }, region));
  }
  if (c.status === 'active' || c.status === 'suspended') actions.append(terminateForm(c, region));
  const company = cell('');
  company.append(el('span', { className: 'cell-main', textContent: c.company_name }), el('span', { className: 'cell-sub', textContent: c.company_code }));
  const actionCell = cell('', 'cell-actions');
  if (actions.childElementCount) actionCell.append(actions);
  return labelCells(el('tr', {}, cell(c.number, 'mono'), company, cell(`${c.service_name} / ${c.plan_name}`),
    statusCell(c), dateCell(c.start_on), dateCell(c.end_on), dateCell(c.deletion_due_on), actionCell), COLS);
}

/** (Re)loads the contracts table. */
export async function loadContracts() {
  clearError($('op-contracts-error'));
  const items = (await get(`${API}/contracts?limit=100`)).items || [];
  $('op-contract-rows').replaceChildren(...items.map(row));
  $('op-contracts-empty').hidden = items.length > 0;
  $('op-contracts-count').textContent = t('op.count', { n: items.length });
}
