// Plan change (the effective date is shown before the request is sent) and cancellation (the end
// date and the amount due are shown after) of the contract chosen on the contracts page.

import { t } from './i18n.js';
import { API, get, post } from './api.js';
import { clearError, sessionLost, setBusy, showError, showNotice } from './ui.js';
import { dateEl, el, yen } from './market.js';
import { handlingText } from './handling.js';

const $ = (id) => document.getElementById(id);
let contract = null;
let preview = null;
let onChanged = async () => {};

async function fillPlans() {
  const select = $('change-plan');
  const cat = await get(`${API}/catalogue`);
  const service = (cat.services || []).find((s) => s.id === contract.service_id);
  const plans = (service?.plans || []).filter((p) => p.id !== contract.plan_id);
  select.replaceChildren(el('option', { value: '', textContent: t('apply.plan_choose') }),
    ...plans.map((p) => el('option', { value: String(p.id),
      textContent: t('apply.plan_option', { plan: p.name, fee: yen(p.monthly_fee_incl_tax) }) })));
  $('change-card').hidden = plans.length === 0 || contract.status !== 'active';
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
  } catch (err) {
    if (!sessionLost(err)) showError($('change-error'), err);
  } finally {
    setBusy(btn, false);
    $('change-submit').disabled = true;
  }
});

$('cancel-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const region = $('cancel-error');
  clearError(region);
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
    $('cancel-amount').textContent = yen(res.amount_due);
    $('cancel-honoured').textContent = desired
      ? t(res.desired_honoured ? 'ct.cancel.honoured' : 'ct.cancel.not_honoured') : t('ct.cancel.thirty_days');
    $('cancel-form').hidden = true;
    const panel = $('cancel-result');
    panel.hidden = false;
    panel.focus();
    await onChanged();
  } catch (err) {
    if (!sessionLost(err)) showError(region, err);
  } finally {
    setBusy(btn, false);
  }
});

/** Points the forms at contract c (doc: its contract document, for the cancellation rule). */
export async function selectForChanges(c, doc, changed) {
  contract = c;
  onChanged = changed;
  $('cancel-rule').textContent = doc?.cancellation_rule || '';
  $('cancel-result').hidden = true;
  $('cancel-form').hidden = false;
  $('cancel-card').hidden = c.status !== 'active' || Boolean(c.end_on);
  try {
    await fillPlans();
  } catch (err) {
    if (!sessionLost(err)) showError($('change-error'), err);
  }
  preview = null;
  $('change-preview').hidden = true;
  $('change-submit').disabled = true;
}
