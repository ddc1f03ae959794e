// The contracts table of the operator console: suspension (with a reason) and reinstatement.

import { t } from './i18n.js';
import { API, get, post } from './api.js';
import { cell, clearError, labelCells, showNotice } from './ui.js';
import { dateEl, el, statusText } from './market.js';
import { actionButton, foldedForm } from './operator-ui.js';

const $ = (id) => document.getElementById(id);
const COLS = ['ct.col.number', 'op.changes.col.company', 'op.apps.col.plan', 'ct.col.status', 'ct.col.start', 'ct.col.end', 'ct.col.actions'];

function dateCell(ymd) {
  const td = cell('', 'nowrap');
  td.append(dateEl(ymd));
  return td;
}

function row(c) {
  const region = $('op-contracts-error');
  const actions = cell('', 'cell-actions');
  if (c.status === 'active') {
    actions.append(foldedForm(`suspend-${c.id}`, 'op.contracts.suspend', t('op.contracts.suspend_named', { number: c.number }),
      [{ name: 'reason', labelKey: 'op.contracts.reason', multiline: true, required: true }], 'op.contracts.suspend_submit',
      async (v) => {
        await post(`${API}/contracts/${c.id}/suspend`, { reason: v.reason });
        showNotice($('page-status'), t('op.contracts.suspended', { number: c.number }));
        await loadContracts();
      }, region));
  } else if (c.status === 'suspended') {
    actions.append(actionButton('op.contracts.reinstate', t('op.contracts.reinstate_named', { number: c.number }), async () => {
      await post(`${API}/contracts/${c.id}/reinstate`, {});
      showNotice($('page-status'), t('op.contracts.reinstated', { number: c.number }));
      await loadContracts();
    }, region));
  }
  const company = cell('');
  company.append(el('span', { className: 'cell-main', textContent: c.company_name }), el('span', { className: 'cell-sub', textContent: c.company_code }));
  return labelCells(el('tr', {}, cell(c.number, 'mono'), company, cell(`${c.service_name} / ${c.plan_name}`),
    cell(statusText(c.status)), dateCell(c.start_on), dateCell(c.end_on), actions), COLS);
}

/** (Re)loads the contracts table. */
export async function loadContracts() {
  clearError($('op-contracts-error'));
  const items = (await get(`${API}/contracts?limit=100`)).items || [];
  $('op-contract-rows').replaceChildren(...items.map(row));
  $('op-contracts-empty').hidden = items.length > 0;
  $('op-contracts-count').textContent = t('op.count', { n: items.length });
}
