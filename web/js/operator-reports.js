// Operator console, third page: reports of prohibited acts (TOS-17) handled with a resolution and,
// optionally, the related contract suspended; the hand-over records and the fees CSV are in
// operator-handovers.js.

import { t } from './i18n.js';
import { API, get, post } from './api.js';
import { cell, clearError, initPage, labelCells, sessionLost, showError, timeCell } from './ui.js';
import { el } from './market.js';
import { foldedForm, int, reloadThenNotice, startConsole } from './operator-ui.js';
import { loadHandovers, setupFees } from './operator-handovers.js';

initPage();

const $ = (id) => document.getElementById(id);
const COLS = ['op.rep.col.receipt', 'op.rep.col.created', 'op.rep.col.category', 'op.rep.col.description',
  'op.rep.col.reporter', 'op.rep.col.status', 'op.rep.col.actions'];

function lines(main, sub, subClass = 'cell-sub') {
  const td = cell('');
  td.append(el('span', { className: 'cell-main doc-body', textContent: main }));
  if (sub) td.append(el('span', { className: subClass, textContent: sub }));
  return td;
}

function handleForm(r) {
  return foldedForm(`handle-${r.id}`, 'op.rep.handle', t('op.rep.handle_named', { id: r.id }), [
    { name: 'resolution', labelKey: 'op.rep.resolution', multiline: true, required: true },
    { name: 'contract_id', labelKey: 'op.rep.contract_id' },
    { name: 'suspend_contract', labelKey: 'op.rep.suspend', checkbox: true },
  ], 'op.rep.handle_submit', async (v) => {
    const body = { resolution: v.resolution };
    if (v.contract_id !== '') body.contract_id = int(v.contract_id);
    if (v.suspend_contract) body.suspend_contract = true;
    await post(`${API}/reports/${r.id}/handle`, body);
    await reloadThenNotice(loadReports, t(v.suspend_contract ? 'op.rep.handled_suspended' : 'op.rep.handled', { id: r.id }));
  }, $('reports-error'), 'btn btn-primary btn-sm');
}

function row(r) {
  const catKey = `report.cat.${r.category}`;
  const status = r.status === 'handled'
    ? lines(t('op.rep.status.handled'), [r.resolution, r.contract_id ? t('op.rep.contract_ref', { id: r.contract_id }) : '', r.handled_by]
      .filter(Boolean).join(' / '))
    : cell(t('op.rep.status.open'));
  const actions = cell('', 'cell-actions');
  if (r.status === 'open') actions.append(handleForm(r));
  return labelCells(el('tr', {}, cell(String(r.id), 'mono'), timeCell(r.created_at), cell(t(catKey) === catKey ? r.category : t(catKey)),
    lines(r.description, r.target), lines(r.reporter_name || t('op.rep.anonymous'), r.reporter_email, 'cell-sub cell-email'),
    status, actions), COLS);
}

async function loadReports() {
  clearError($('reports-error'));
  const status = $('reports-status').value;
  const items = (await get(`${API}/reports${status ? `?status=${encodeURIComponent(status)}` : ''}`)).items || [];
  $('reports-rows').replaceChildren(...items.map(row));
  $('reports-empty').hidden = items.length > 0;
  $('reports-count').textContent = t('op.count', { n: items.length });
}

async function refresh() {
  await Promise.all([loadReports(), loadHandovers()]);
}

document.addEventListener('anshin:lang', () => {
  if (!$('op-content').hidden) refresh().catch(() => {});
});

startConsole(async () => {
  $('reports-status').addEventListener('change', () => loadReports().catch((err) => {
    if (!sessionLost(err)) showError($('reports-error'), err);
  }));
  setupFees();
  await refresh();
});
