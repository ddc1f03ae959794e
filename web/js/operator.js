// The operator console (operator admins): the applications — waiting ones (approve / refuse with
// the reason of Art. 9-3, each confirmed in a dialog that states the consequences) and the
// decided ones kept as a history with their outcome, searchable, sortable, paged and as CSV —
// pending change requests (operator-changes.js) and the contracts (operator-contracts.js).
// The shops, services, plans and documents are on /operator-catalogue, the reports, hand-overs and
// the fees CSV on /operator-reports.

import { renderJST, t } from './i18n.js';
import { API, get, post } from './api.js';
import { cell, clearError, initPage, labelCells, timeCell } from './ui.js';
import { el, statusText } from './market.js';
import { reloadThenNotice, startConsole } from './operator-ui.js';
import { loadChanges } from './operator-changes.js';
import { loadContracts } from './operator-contracts.js';
import { confirmButton } from './confirm.js';
import { tableTools } from './table-tools.js';
import { waitedText } from './handling.js';

initPage();

const $ = (id) => document.getElementById(id);
const APP_COLS = ['op.apps.col.receipt', 'op.apps.col.company', 'op.apps.col.responsible', 'op.apps.col.plan', 'op.apps.col.created', 'op.apps.col.outcome', 'op.apps.col.actions'];
const REASONS = ['false_statement', 'technically_infeasible', 'past_breach', 'other'];
const PAGE_LIMIT = 500; // the API's largest page
const MAX_PAGES = 20; // 10,000 applications at most in the browser

let apps = [];

function twoLines(main, sub) {
  const td = cell('');
  td.append(el('span', { className: 'cell-main', textContent: main }), el('span', { className: 'cell-sub', textContent: sub }));
  return td;
}

/** The outcome of a decided application (approved: the contract; refused: the reason), or the wait. */
function outcomeText(a) {
  if (a.status === 'approved') return t('op.apps.outcome_approved');
  if (a.status === 'refused') return t('op.apps.outcome_refused', { reason: a.refusal_reason ? t(`op.reason.${a.refusal_reason}`) : '—' });
  return waitedText(a.handling);
}

function outcomeCell(a) {
  if (a.status === 'pending') return cell(waitedText(a.handling), 'nowrap');
  const td = cell('', 'cell-status');
  td.append(el('span', { className: `state state-${a.status === 'approved' ? 'ok' : 'off'}`, textContent: outcomeText(a) }));
  const when = el('span', { className: 'cell-sub' });
  if (a.decided_at) renderJST(when, a.decided_at);
  td.append(when);
  if (a.decided_by) td.append(el('span', { className: 'cell-sub', textContent: t('op.apps.decided_by', { who: a.decided_by }) }));
  if (a.decision_message) td.append(el('span', { className: 'cell-sub', textContent: a.decision_message }));
  return td;
}

function approveOptions(a) {
  return () => ({
    title: t('op.apps.approve_title', { name: a.company_name }),
    consequences: [
      t('op.apps.approve_c1', { code: a.company_code, plan: `${a.service_name} / ${a.plan_name}` }),
      t('op.apps.approve_c2', { who: a.responsible_name, email: a.responsible_email }),
      t('op.apps.approve_c3'),
    ],
    // The contract's service area (TOS-11): 日本国内 unless the operator writes another.
    fields: [{ name: 'service_area', labelKey: 'op.apps.service_area' }],
    confirmKey: 'op.apps.approve_submit',
    danger: false,
    run: async (v) => {
      const res = await post(`${API}/applications/${a.id}/approve`, v.service_area ? { service_area: v.service_area } : {});
      // Say whether the contract document and the welcome mail go out or wait in the outbox.
      const mail = res.mail_delivery ? ` ${t(`mail.state.${res.mail_delivery}`)}` : '';
      await reloadThenNotice(refresh, t('op.apps.approved', { name: a.company_name, number: res.contract?.number ?? '' }) + mail);
    },
  });
}

function refuseOptions(a) {
  return () => ({
    title: t('op.apps.refuse_title', { name: a.company_name }),
    consequences: [t('op.apps.refuse_c1', { who: a.responsible_name, email: a.responsible_email }), t('op.apps.refuse_c2')],
    fields: [
      { name: 'reason', labelKey: 'op.apps.reason', options: REASONS.map((r) => [r, `op.reason.${r}`]), required: true },
      { name: 'message', labelKey: 'op.apps.message', multiline: true },
    ],
    confirmKey: 'op.apps.refuse_submit',
    run: async (v) => {
      await post(`${API}/applications/${a.id}/refuse`, { reason: v.reason, message: v.message });
      await reloadThenNotice(refresh, t('op.apps.refused', { name: a.company_name, reason: t(`op.reason.${v.reason}`) }));
    },
  });
}

function appRow(a) {
  const actions = cell('', 'cell-actions');
  if (a.status === 'pending') {
    actions.append(el('div', { className: 'row-actions' },
      confirmButton('op.apps.approve', t('op.apps.approve_named', { name: a.company_name }), approveOptions(a), 'btn btn-primary btn-sm'),
      confirmButton('op.apps.refuse', t('op.apps.refuse_named', { name: a.company_name }), refuseOptions(a), 'btn btn-danger-outline btn-sm')));
  }
  // The applicant was not told whether the code is free (that would reveal which codes exist):
  // the operator sees it here, and approval refuses a taken one.
  const code = a.company_code_taken && a.status === 'pending' ? t('op.apps.code_taken', { code: a.company_code }) : a.company_code;
  return labelCells(el('tr', {}, cell(String(a.id), 'mono'), twoLines(a.company_name, code),
    twoLines(a.responsible_name, a.responsible_email), twoLines(a.service_name, a.plan_name), timeCell(a.created_at),
    outcomeCell(a), actions), APP_COLS);
}

const appTable = tableTools({
  id: 'apps',
  tools: $('apps-tools'),
  pager: $('apps-pager'),
  columns: [
    { col: 'id', labelKey: 'op.apps.col.receipt', value: (a) => a.id },
    { col: 'company', labelKey: 'op.apps.col.company', value: (a) => a.company_name },
    { col: 'code', labelKey: 'op.apps.col.code', value: (a) => a.company_code },
    { col: 'responsible', labelKey: 'op.apps.col.responsible', value: (a) => a.responsible_name },
    { col: 'email', labelKey: 'op.apps.col.email', value: (a) => a.responsible_email, sort: false },
    { col: 'plan', labelKey: 'op.apps.col.plan', value: (a) => `${a.service_name} / ${a.plan_name}` },
    { col: 'created', labelKey: 'op.apps.col.created', value: (a) => a.created_at },
    { col: 'status', labelKey: 'op.apps.col.status', value: (a) => statusText(a.status) },
    { col: 'outcome', labelKey: 'op.apps.col.outcome', value: outcomeText, sort: false },
    { col: 'decided', labelKey: 'op.apps.col.decided', value: (a) => a.decided_at ?? '' },
  ],
  defaultSort: 'created',
  defaultDesc: false,
  csvName: 'applications.csv',
  render(rows, all) {
    $('apps-rows').replaceChildren(...rows.map(appRow));
    $('apps-empty').hidden = all.length > 0;
    $('apps-count').textContent = t('op.count', { n: all.length });
  },
});

/** Every application of the chosen view (pending, decided = approved and refused, all). */
async function fetchApps(view) {
  const statuses = view === 'decided' ? ['approved', 'refused'] : view === 'all' ? [''] : ['pending'];
  const out = [];
  for (const status of statuses) {
    for (let p = 0; p < MAX_PAGES; p++) {
      const q = new URLSearchParams({ limit: String(PAGE_LIMIT), offset: String(p * PAGE_LIMIT) });
      if (status) q.set('status', status);
      const items = (await get(`${API}/applications?${q}`)).items || [];
      out.push(...items);
      if (items.length < PAGE_LIMIT) break;
    }
  }
  return out;
}

async function loadApps() {
  clearError($('apps-error'));
  const view = $('apps-view').value;
  $('apps-heading').dataset.i18n = `op.apps.heading_${view}`;
  $('apps-heading').textContent = t(`op.apps.heading_${view}`);
  $('apps-empty').dataset.i18n = `op.apps.empty_${view}`;
  $('apps-empty').textContent = t(`op.apps.empty_${view}`);
  apps = await fetchApps(view);
  appTable.setItems(apps);
}

async function refresh() {
  await Promise.all([loadApps(), loadChanges(refresh), loadContracts()]);
}

$('apps-view').addEventListener('change', () => {
  loadApps().catch(() => {});
});

document.addEventListener('anshin:lang', () => {
  if ($('op-content').hidden) return;
  appTable.refresh();
  refresh().catch(() => {});
});

startConsole(refresh);
