// Plan change (the effective date is shown before the request is sent) and cancellation (the end
// date is shown before the notice is sent, the amount due after; a pending notice can be
// withdrawn until its end date) of the contract chosen on the contracts page.

import { t } from './i18n.js';
import { API, get, post } from './api.js';
import { cell, clearError, labelCells, timeCell, sessionLost, setBusy, showError, showNotice } from './ui.js';
import { dateEl, el, yen } from './market.js';
import { handlingText } from './handling.js';
import { confirmAction } from './confirm.js';

const $ = (id) => document.getElementById(id);
let contract = null;
let preview = null;
let onChanged = async () => {};
let doc = null;

/** The amount due at once, linked to the open invoices it is made of (issue 17: TOS-7). */
function dueLink(n) {
  return el('a', { href: '/invoices?open=1', textContent: yen(n), title: t('ct.cancel.due_link') });
}

async function fillPlans() {
  const select = $('change-plan');
  const cat = await get(`${API}/catalogue`);
  const service = (cat.services || []).find((s) => s.id === contract.service_id);
  const plans = (service?.plans || []).filter((p) => p.id !== contract.plan_id);
  select.replaceChildren(el('option', { value: '', textContent: t('apply.plan_choose') }),
    ...plans.map((p) => el('option', { value: String(p.id),
      textContent: t('apply.plan_option', { plan: p.name, fee: yen(p.monthly_fee_incl_tax) }) })));
  // A plan change only while the contract is in force and not ending (issue 10 item 4).
  $('change-card').hidden = plans.length === 0 || !changeAllowed(contract);
}

/** The actions a contract's state allows: a plan change and a cancellation need it in force
 * without an end date; a pending cancellation can only be withdrawn. */
export function changeAllowed(c) {
  return c?.status === 'active' && !c.end_on;
}

// The contract's change requests with their state; pending ones can be withdrawn (item 4).
const REQ_COLS = ['ct.cr.col.requested', 'ct.cr.col.change', 'ct.cr.col.effective', 'ct.cr.col.status', 'ct.col.actions'];
let requests = [];

// A refusal states its Art. 9-3 reason (issue 10 item 19).
function statusCell(r) {
  const text = t(`ct.cr.status.${r.status}`);
  return cell(r.status === 'refused' && r.refusal_reason ? `${text}：${t(`op.reason.${r.refusal_reason}`)}` : text);
}

function requestRow(r) {
  const actions = cell('', 'cell-actions');
  if (r.status === 'pending') {
    const btn = el('button', { type: 'button', className: 'btn btn-secondary btn-sm', textContent: t('ct.cr.withdraw'),
      'aria-label': t('ct.cr.withdraw_named', { id: r.id }) });
    btn.addEventListener('click', () => withdrawRequest(r));
    actions.append(btn);
  }
  const what = r.kind === 'plan' ? t('ct.cr.kind.plan', { plan: r.plan_name || '' }) : t(`ct.cr.kind.${r.kind}`);
  const when = cell('', 'nowrap');
  when.append(dateEl(r.effective_on));
  return labelCells(el('tr', {}, timeCell(r.created_at), cell(what), when, statusCell(r), actions), REQ_COLS);
}

function renderRequests() {
  const mine = requests.filter((r) => r.contract_id === contract?.id);
  $('requests-card').hidden = mine.length === 0;
  $('request-rows').replaceChildren(...mine.map(requestRow));
}

async function loadRequests() {
  requests = (await get(`${API}/change-requests`)).items || [];
  renderRequests();
}

async function withdrawRequest(r) {
  let res = null;
  const done = await confirmAction({
    title: t('ct.cr.confirm_title'),
    consequences: [t('ct.cr.consequence')],
    confirmKey: 'ct.cr.withdraw',
    danger: false,
    run: async () => { res = await post(`${API}/change-requests/${r.id}/withdraw`, {}); },
  });
  if (!done || !res) return;
  await loadRequests();
  showNotice($('requests-status'), t('ct.cr.withdrawn'));
}

async function showPreview() {
  preview = null;
  $('change-submit').disabled = true;
  $('change-preview').hidden = true;
  clearError($('change-error'));
  if (!$('change-plan').value) return;
  try {
    preview = await get(`${API}/change-requests/preview?kind=plan`);
    $('change-effective').replaceChildren(dateEl(preview.effective_on));
    $('change-late').hidden = !preview.late_notice;
    $('change-preview').hidden = false;
    $('change-submit').disabled = false;
  } catch (err) {
    if (!sessionLost(err)) showError($('change-error'), err);
  }
}

$('change-plan').addEventListener('change', showPreview);

$('change-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  if (!preview || !$('change-plan').value) return;
  const btn = $('change-submit');
  setBusy(btn, true, 'ct.change.submitting');
  try {
    const res = await post(`${API}/change-requests`, {
      kind: 'plan', contract_id: contract.id, plan_id: Number($('change-plan').value),
    });
    const on = res.change_request?.effective_on || preview.effective_on;
    const handling = handlingText(res.change_request?.handling); // TOS-23
    showNotice($('change-status'), [t('ct.change.done', { date: dateEl(on).textContent }), handling].filter(Boolean).join(' '));
    $('change-plan').value = '';
    $('change-preview').hidden = true;
    await loadRequests();
  } catch (err) {
    if (!sessionLost(err)) showError($('change-error'), err);
  } finally {
    setBusy(btn, false);
    $('change-submit').disabled = true;
  }
});

/** A notice on file that has not taken effect yet (issue 10 item 3): shown as 解約予定（date）. */
export function cancelPending(c) {
  return c?.status === 'active' && Boolean(c.end_on) && Boolean(c.cancel_notice_at);
}

// The end date the notice would give, from the server's own rule (Art. 12), before it is sent.
let cancelPreview = null;
async function showCancelPreview() {
  cancelPreview = null;
  $('cancel-preview').hidden = true;
  $('cancel-submit').disabled = true;
  clearError($('cancel-error'));
  const desired = $('cancel-date').value;
  try {
    const q = desired ? `?desired_on=${encodeURIComponent(desired)}` : '';
    cancelPreview = await get(`${API}/contracts/${contract.id}/cancel-preview${q}`);
    $('cancel-preview-end').replaceChildren(dateEl(cancelPreview.end_on));
    $('cancel-preview-stops').replaceChildren(dateEl(cancelPreview.service_stops_on));
    $('cancel-preview-due').replaceChildren(dueLink(cancelPreview.due?.due_now));
    $('cancel-preview-until').textContent = yen(cancelPreview.due?.until_end);
    $('cancel-preview-rule').textContent = desired
      ? t(cancelPreview.desired_honoured ? 'ct.cancel.honoured' : 'ct.cancel.not_honoured')
      : t('ct.cancel.thirty_days');
    $('cancel-preview').hidden = false;
    $('cancel-submit').disabled = false;
  } catch (err) {
    if (!sessionLost(err)) showError($('cancel-error'), err);
  }
}

$('cancel-date').addEventListener('change', showCancelPreview);

function showPending(c) {
  const pending = cancelPending(c);
  $('pending-cancel-card').hidden = !pending;
  if (pending) {
    $('pending-cancel-text').textContent = t('ct.pending_cancel.text', { date: dateEl(c.end_on).textContent });
  }
}

$('pending-cancel-withdraw').addEventListener('click', async () => {
  const c = contract;
  const date = dateEl(c.end_on).textContent;
  let res = null;
  const done = await confirmAction({
    title: t('ct.pending_cancel.confirm_title', { number: c.number }),
    consequences: [t('ct.pending_cancel.consequence_continue', { date }), t('ct.pending_cancel.consequence_notified')],
    confirmKey: 'ct.pending_cancel.withdraw',
    danger: false,
    run: async () => { res = await post(`${API}/contracts/${c.id}/cancel/withdraw`, {}); },
  });
  if (!done || !res) return;
  await onChanged();
  await selectForChanges(res.contract, doc, onChanged);
  showNotice($('cancel-status'), t('ct.pending_cancel.done', { date }));
});

$('cancel-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const region = $('cancel-error');
  clearError(region);
  if (!cancelPreview) return;
  if (!$('cancel-confirm').checked) {
    showError(region, t('ct.cancel.must_confirm'));
    return;
  }
  const desired = $('cancel-date').value;
  const btn = $('cancel-submit');
  setBusy(btn, true, 'ct.cancel.submitting');
  try {
    const res = await post(`${API}/contracts/${contract.id}/cancel`, desired ? { desired_on: desired } : {});
    $('cancel-end-on').replaceChildren(dateEl(res.end_on));
    $('cancel-amount').replaceChildren(dueLink(res.amount_due));
    $('cancel-until').textContent = yen(res.due?.until_end);
    $('cancel-honoured').textContent = desired
      ? t(res.desired_honoured ? 'ct.cancel.honoured' : 'ct.cancel.not_honoured') : t('ct.cancel.thirty_days');
    $('cancel-form').hidden = true;
    const panel = $('cancel-result');
    panel.hidden = false;
    panel.focus();
    await onChanged();
    contract = res.contract;
    showPending(contract);
    $('change-card').hidden = true;
  } catch (err) {
    if (!sessionLost(err)) showError(region, err);
  } finally {
    setBusy(btn, false);
  }
});

/** Points the forms at contract c (doc: its contract document, for the cancellation rule). */
export async function selectForChanges(c, d, changed) {
  contract = c;
  doc = d;
  onChanged = changed;
  $('cancel-rule').textContent = doc?.cancellation_rule || '';
  $('cancel-result').hidden = true;
  $('cancel-form').hidden = false;
  $('cancel-card').hidden = !changeAllowed(c);
  $('cancel-date').value = '';
  clearError($('requests-status'));
  clearError($('cancel-status'));
  showPending(c);
  if (!$('cancel-card').hidden) await showCancelPreview();
  try {
    await fillPlans();
    await loadRequests();
  } catch (err) {
    if (!sessionLost(err)) showError($('change-error'), err);
  }
  preview = null;
  $('change-preview').hidden = true;
  $('change-submit').disabled = true;
}
