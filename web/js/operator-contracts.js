// The contracts table of the operator console: suspension (with a reason), reinstatement and
// termination without notice for a cause of Art. 13 (with a message to the contractor), each
// confirmed in a dialog that states who is told and what ends when; the end and data-deletion
// dates (TOS-8, TOS-10); search, sort, paging and CSV over the loaded contracts.

import { t } from './i18n.js';
import { API, get, post } from './api.js';
import { cell, clearError, labelCells } from './ui.js';
import { dateEl, dateText, el, statusText } from './market.js';
import { actionButton, reloadThenNotice } from './operator-ui.js';
import { confirmButton } from './confirm.js';
import { tableTools } from './table-tools.js';

const $ = (id) => document.getElementById(id);
const COLS = ['ct.col.number', 'op.changes.col.company', 'op.apps.col.plan', 'ct.col.status', 'ct.col.start',
  'op.contracts.col.end', 'op.contracts.col.deletion', 'ct.col.actions'];
export const CAUSES = ['dishonoured_bill', 'seizure', 'insolvency', 'dissolution', 'licence_revoked', 'non_performance',
  'false_notice', 'antisocial', 'other_breach'];
// The server answers one page; more than this many contracts need its paging (not offered yet).
const LIMIT = 500;

function dateCell(ymd) {
  const td = cell('', 'nowrap');
  td.append(dateEl(ymd));
  return td;
}

function reasonText(c) {
  if (!c.status_reason) return '';
  const key = `op.cause.${c.status_reason}`;
  return c.status === 'terminated' && t(key) !== key ? t(key) : c.status_reason;
}

function statusCell(c) {
  const td = cell(statusText(c.status), 'cell-status');
  if (c.status_reason) td.append(el('span', { className: 'cell-sub', textContent: reasonText(c) }));
  return td;
}

function terminateOptions(c) {
  return () => ({
    title: t('op.contracts.terminate_title', { number: c.number, name: c.company_name }),
    consequences: [t('op.contracts.terminate_c1'), t('op.contracts.terminate_c2', { name: c.company_name }), t('op.contracts.terminate_c3')],
    fields: [
      { name: 'cause', labelKey: 'op.contracts.cause', options: CAUSES.map((k) => [k, `op.cause.${k}`]), required: true },
      { name: 'message', labelKey: 'op.contracts.message', multiline: true },
    ],
    confirmKey: 'op.contracts.terminate_submit',
    run: async (v) => {
      const res = await post(`${API}/contracts/${c.id}/terminate`, { cause: v.cause, message: v.message });
      const k = res?.contract ?? {};
      await reloadThenNotice(loadContracts, t('op.contracts.terminated', { number: c.number, deletion: dateText(k.deletion_due_on) }));
    },
  });
}

function suspendOptions(c) {
  return () => ({
    title: t('op.contracts.suspend_title', { number: c.number, name: c.company_name }),
    consequences: [t('op.contracts.suspend_c1'), t('op.contracts.suspend_c2', { name: c.company_name }), t('op.contracts.suspend_c3')],
    fields: [{ name: 'reason', labelKey: 'op.contracts.reason', multiline: true, required: true }],
    confirmKey: 'op.contracts.suspend_submit',
    run: async (v) => {
      await post(`${API}/contracts/${c.id}/suspend`, { reason: v.reason });
      await reloadThenNotice(loadContracts, t('op.contracts.suspended', { number: c.number }));
    },
  });
}

function row(c) {
  const region = $('op-contracts-error');
  const actions = el('div', { className: 'row-actions' });
  if (c.status === 'active') {
    actions.append(confirmButton('op.contracts.suspend', t('op.contracts.suspend_named', { number: c.number }), suspendOptions(c)));
  } else if (c.status === 'suspended') {
    actions.append(actionButton('op.contracts.reinstate', t('op.contracts.reinstate_named', { number: c.number }), async () => {
      await post(`${API}/contracts/${c.id}/reinstate`, {});
      await reloadThenNotice(loadContracts, t('op.contracts.reinstated', { number: c.number }));
    }, region));
  }
  if (c.status === 'active' || c.status === 'suspended') {
    actions.append(confirmButton('op.contracts.terminate', t('op.contracts.terminate_named', { number: c.number }), terminateOptions(c), 'btn btn-danger-outline btn-sm'));
  }
  const company = cell('', 'cell-name');
  company.append(el('span', { className: 'cell-main', textContent: c.company_name }), el('span', { className: 'cell-sub', textContent: c.company_code }));
  const actionCell = cell('', 'cell-actions');
  if (actions.childElementCount) actionCell.append(actions);
  return labelCells(el('tr', {}, cell(c.number, 'mono nowrap'), company, cell(`${c.service_name} / ${c.plan_name}`, 'cell-name'),
    statusCell(c), dateCell(c.start_on), dateCell(c.end_on), dateCell(c.deletion_due_on), actionCell), COLS);
}

let table = null;

function contractsTable() {
  table ??= tableTools({
    id: 'op-contracts',
    tools: $('op-contracts-tools'),
    pager: $('op-contracts-pager'),
    columns: [
      { col: 'number', labelKey: 'ct.col.number', value: (c) => c.number },
      { col: 'company', labelKey: 'op.changes.col.company', value: (c) => c.company_name },
      { col: 'code', labelKey: 'op.apps.col.code', value: (c) => c.company_code },
      { col: 'plan', labelKey: 'op.apps.col.plan', value: (c) => `${c.service_name} / ${c.plan_name}` },
      { col: 'status', labelKey: 'ct.col.status', value: (c) => statusText(c.status) },
      { col: 'reason', labelKey: 'op.contracts.col.reason', value: reasonText, sort: false },
      { col: 'start', labelKey: 'ct.col.start', value: (c) => c.start_on ?? '' },
      { col: 'end', labelKey: 'op.contracts.col.end', value: (c) => c.end_on ?? '' },
      { col: 'deletion', labelKey: 'op.contracts.col.deletion', value: (c) => c.deletion_due_on ?? '' },
    ],
    defaultSort: 'number',
    defaultDesc: true,
    csvName: 'contracts.csv',
    render(rows, all) {
      $('op-contract-rows').replaceChildren(...rows.map(row));
      $('op-contracts-empty').hidden = all.length > 0;
      $('op-contracts-count').textContent = t('op.count', { n: all.length });
    },
  });
  return table;
}

/** (Re)loads the contracts table. */
export async function loadContracts() {
  clearError($('op-contracts-error'));
  const items = (await get(`${API}/contracts?limit=${LIMIT}`)).items || [];
  const tbl = contractsTable();
  tbl.refresh();
  tbl.setItems(items);
}
