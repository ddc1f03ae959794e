// Operator console: deleting a whole company with two-person approval (WP-11, CHK-6). One
// operator admin asks with a reason; a different admin approves in a dialog that has no default
// button; the deletion runs at once and issues a signed certificate (SLA-14), listed below with a
// link to its page.

import { t } from './i18n.js';
import { API, get, post } from './api.js';
import { cell, clearError, initPage, labelCells, sessionLost, showError, timeCell } from './ui.js';
import { el } from './market.js';
import { onSubmit, reloadThenNotice, startConsole } from './operator-ui.js';

initPage();

const $ = (id) => document.getElementById(id);
const COLS = ['er.col.id', 'er.col.company', 'er.col.reason', 'er.col.requested', 'er.col.approved', 'er.col.actions'];
const CERT_COLS = ['er.certs.col.no', 'er.col.company', 'er.certs.col.issued'];

function who(name, at) {
  const td = timeCell(at);
  td.prepend(el('span', { className: 'cell-main', textContent: name }), ' ');
  return td;
}

/** Asks in a modal dialog; resolves true only when the danger button is pressed. */
function confirmApproval(item) {
  const dialog = $('approve-dialog');
  $('approve-text').textContent = t('er.confirm.text', { code: item.company_code, reason: item.reason, by: item.requested_by });
  clearError($('approve-error'));
  return new Promise((resolve) => {
    const done = (v) => {
      $('approve-ok').onclick = null;
      $('approve-cancel').onclick = null;
      dialog.close();
      resolve(v);
    };
    $('approve-ok').onclick = () => done(true);
    $('approve-cancel').onclick = () => done(false);
    dialog.oncancel = () => resolve(false);
    dialog.showModal();
    $('approve-title').focus(); // neither button has the focus: no default choice
  });
}

function approveButton(item) {
  const btn = el('button', { type: 'button', className: 'btn btn-danger btn-sm', textContent: t('er.approve'),
    'data-i18n': 'er.approve', 'aria-label': t('er.approve_named', { id: item.id }) });
  btn.addEventListener('click', async () => {
    if (!(await confirmApproval(item))) return;
    clearError($('erasures-error'));
    try {
      const res = await post(`${API}/tenant-erasures/${item.id}/approve`, {});
      await reloadThenNotice(refresh, t('er.approved', { code: item.company_code, no: res.certificate.certificate_no }));
    } catch (err) {
      if (!sessionLost(err)) showError($('erasures-error'), err);
    }
  });
  return btn;
}

function row(item) {
  const actions = cell('', 'cell-actions');
  if (item.status === 'requested') actions.append(approveButton(item));
  else actions.append(el('span', { className: 'muted', textContent: t('er.status.approved') }));
  return labelCells(el('tr', {}, cell(String(item.id), 'mono'), cell(item.company_code, 'mono'), cell(item.reason),
    who(item.requested_by, item.requested_at), item.approved_by ? who(item.approved_by, item.approved_at) : cell('—'),
    actions), COLS);
}

function certRow(c) {
  const link = el('a', { href: `/certificate?id=${c.id}`, textContent: c.file_name.replace(/\.pdf$/, '') });
  const no = cell('');
  no.append(link);
  return labelCells(el('tr', {}, no, cell(c.company_code, 'mono'), timeCell(c.issued_at)), CERT_COLS);
}

async function refresh() {
  const [erasures, certs] = await Promise.all([get(`${API}/tenant-erasures`), get(`${API}/deletion-certificates`)]);
  const items = erasures.items || [];
  $('erasures-rows').replaceChildren(...items.map(row));
  $('erasures-empty').hidden = items.length > 0;
  $('erasures-count').textContent = t('op.count', { n: items.length });
  const cs = certs.items || [];
  $('certs-rows').replaceChildren(...cs.map(certRow));
  $('certs-empty').hidden = cs.length > 0;
  $('certs-count').textContent = t('op.count', { n: cs.length });
}

document.addEventListener('anshin:lang', () => {
  if (!$('op-content').hidden) refresh().catch(() => {});
});

startConsole(async () => {
  onSubmit($('request-form'), $('request-error'), async (v) => {
    await post(`${API}/tenant-erasures`, { company_code: v.company_code.trim(), reason: v.reason.trim() });
    $('request-form').reset();
    await reloadThenNotice(refresh, t('er.requested'));
  });
  await refresh();
});
