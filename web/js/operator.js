// The operator console (operator admins): pending applications (approve / refuse with the reason of
// Art. 9-3), pending change requests, and the contracts (operator-contracts.js).

import { t } from './i18n.js';
import { API, get, post, requireSession } from './api.js';
import { cell, clearError, initNav, initPage, labelCells, sessionLost, showError, showNotice, timeCell } from './ui.js';
import { dateEl, el } from './market.js';
import { actionButton, foldedForm } from './operator-ui.js';
import { loadContracts } from './operator-contracts.js';

initPage();

const $ = (id) => document.getElementById(id);
const APP_COLS = ['op.apps.col.receipt', 'op.apps.col.company', 'op.apps.col.responsible', 'op.apps.col.plan', 'op.apps.col.created', 'op.apps.col.actions'];
const CHANGE_COLS = ['op.changes.col.company', 'op.changes.col.kind', 'op.changes.col.detail', 'op.changes.col.effective', 'op.changes.col.actions'];
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
    showNotice($('page-status'), t('op.apps.approved', { name: a.company_name, number: res.contract?.number ?? '' }));
    await refresh();
  }, region);
  const refuse = foldedForm(`refuse-${a.id}`, 'op.apps.refuse', t('op.apps.refuse_named', { name: a.company_name }), [
    { name: 'reason', labelKey: 'op.apps.reason', options: REASONS.map((r) => [r, `op.reason.${r}`]) },
    { name: 'message', labelKey: 'op.apps.message', multiline: true, required: true },
  ], 'op.apps.refuse_submit', async (v) => {
    await post(`${API}/applications/${a.id}/refuse`, v);
    showNotice($('page-status'), t('op.apps.refused', { name: a.company_name }));
    await refresh();
  }, region);
  const actions = cell('', 'cell-actions');
  actions.append(el('div', { className: 'row-actions' }, approve, refuse));
  return labelCells(el('tr', {}, cell(String(a.id), 'mono'), twoLines(a.company_name, a.company_code),
    twoLines(a.responsible_name, a.responsible_email), twoLines(a.service_name, a.plan_name), timeCell(a.created_at), actions), APP_COLS);
}

function changeRow(c) {
  const region = $('changes-error');
  const decide = (verb) => async () => {
    await post(`${API}/change-requests/${c.id}/${verb}`, {});
    showNotice($('page-status'), t(`op.changes.${verb}d`, { name: c.company_name }));
    await refresh();
  };
  const eff = cell('', 'nowrap');
  eff.append(dateEl(c.effective_on));
  const actions = cell('', 'cell-actions');
  actions.append(el('div', { className: 'row-actions' },
    actionButton('op.changes.approve', t('op.changes.approve_named', { name: c.company_name }), decide('approve'), region),
    actionButton('op.changes.refuse', t('op.changes.refuse_named', { name: c.company_name }), decide('refuse'), region, 'btn btn-danger-outline btn-sm')));
  const detail = c.kind === 'plan' ? t('op.changes.to_plan', { plan: c.plan_name ?? '' }) : JSON.stringify(c.details ?? {});
  const kindKey = `op.changes.kind.${c.kind}`;
  return labelCells(el('tr', {}, cell(c.company_name), cell(t(kindKey) === kindKey ? c.kind : t(kindKey)),
    cell(detail), eff, actions), CHANGE_COLS);
}

function fillTable(prefix, items, row) {
  $(`${prefix}-rows`).replaceChildren(...items.map(row));
  $(`${prefix}-empty`).hidden = items.length > 0;
  $(`${prefix}-count`).textContent = t('op.count', { n: items.length });
}

async function refresh() {
  clearError($('apps-error'));
  clearError($('changes-error'));
  const [apps, changes] = await Promise.all([
    get(`${API}/applications?status=pending`), get(`${API}/change-requests?status=pending`)]);
  fillTable('apps', apps.items || [], appRow);
  fillTable('changes', changes.items || [], changeRow);
  await loadContracts();
}

async function start() {
  const me = await requireSession();
  initNav(me);
  const user = $('header-user');
  user.textContent = me.display_name || me.login;
  user.hidden = false;
  try {
    if (me.kind === 'user' || !(me.roles || []).includes('admin')) {
      showError($('page-error'), t('op.forbidden'));
      return;
    }
    $('op-content').hidden = false;
    await refresh();
  } catch (err) {
    if (!sessionLost(err)) showError($('page-error'), err);
  } finally {
    $('loading').hidden = true;
  }
}

document.addEventListener('anshin:lang', () => { refresh().catch(() => {}); });

start();
