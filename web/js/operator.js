// The operator console (operator admins): pending applications (approve / refuse with the reason of
// Art. 9-3), pending change requests (operator-changes.js) and the contracts (operator-contracts.js).
// The shops, services, plans and documents are on /operator-catalogue, the reports, hand-overs and
// the fees CSV on /operator-reports.

import { t } from './i18n.js';
import { API, get, post } from './api.js';
import { cell, clearError, initPage, labelCells, timeCell } from './ui.js';
import { el } from './market.js';
import { actionButton, foldedForm, reloadThenNotice, startConsole } from './operator-ui.js';
import { loadChanges } from './operator-changes.js';
import { loadContracts } from './operator-contracts.js';
import { waitedText } from './handling.js';

initPage();

const $ = (id) => document.getElementById(id);
const APP_COLS = ['op.apps.col.receipt', 'op.apps.col.company', 'op.apps.col.responsible', 'op.apps.col.plan', 'op.apps.col.created', 'op.col.waited', 'op.apps.col.actions'];
const REASONS = ['false_statement', 'technically_infeasible', 'past_breach', 'other'];

function twoLines(main, sub) {
  const td = cell('');
  td.append(el('span', { className: 'cell-main', textContent: main }), el('span', { className: 'cell-sub', textContent: sub }));
  return td;
}

function appRow(a) {
  const region = $('apps-error');
  const approve = actionButton('op.apps.approve', t('op.apps.approve_named', { name: a.company_name }), async () => {
    const res = await post(`${API}/applications/${a.id}/approve`, {});
    // Issue 10: say whether the contract document and the welcome mail go out or wait in the outbox.
    const mail = res.mail_delivery ? ` ${t(`mail.state.${res.mail_delivery}`)}` : '';
    await reloadThenNotice(refresh, t('op.apps.approved', { name: a.company_name, number: res.contract?.number ?? '' }) + mail);
  }, region);
  const refuse = foldedForm(`refuse-${a.id}`, 'op.apps.refuse', t('op.apps.refuse_named', { name: a.company_name }), [
    { name: 'reason', labelKey: 'op.apps.reason', options: REASONS.map((r) => [r, `op.reason.${r}`]) },
    { name: 'message', labelKey: 'op.apps.message', multiline: true },
  ], 'op.apps.refuse_submit', async (v) => {
    await post(`${API}/applications/${a.id}/refuse`, { reason: v.reason, message: v.message });
    await reloadThenNotice(refresh, t('op.apps.refused', { name: a.company_name, reason: t(`op.reason.${v.reason}`) }));
  }, region);
  const actions = cell('', 'cell-actions');
  actions.append(el('div', { className: 'row-actions' }, approve, refuse));
  // The applicant was not told whether the code is free (that would reveal which codes exist):
  // the operator sees it here, and approval refuses a taken one.
  const code = a.company_code_taken ? t('op.apps.code_taken', { code: a.company_code }) : a.company_code;
  return labelCells(el('tr', {}, cell(String(a.id), 'mono'), twoLines(a.company_name, code),
    twoLines(a.responsible_name, a.responsible_email), twoLines(a.service_name, a.plan_name), timeCell(a.created_at),
    cell(waitedText(a.handling), 'nowrap'), actions), APP_COLS);
}

async function loadApps() {
  clearError($('apps-error'));
  const items = (await get(`${API}/applications?status=pending`)).items || [];
  $('apps-rows').replaceChildren(...items.map(appRow));
  $('apps-empty').hidden = items.length > 0;
  $('apps-count').textContent = t('op.count', { n: items.length });
}

async function refresh() {
  await Promise.all([loadApps(), loadChanges(refresh), loadContracts()]);
}

document.addEventListener('anshin:lang', () => {
  if (!$('op-content').hidden) refresh().catch(() => {});
});

startConsole(refresh);
