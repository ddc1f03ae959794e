// Edits on the operator console (issue 10 item 5): a service's name, address, notice,
// description and conditions (PATCH /api/v1/services/{id}), and a plan's name, monthly fee and
// quotas (PATCH /api/v1/plans/{id}). Raising the monthly fee of a plan in use is a material change
// (MARK-4-4-1): it takes effect no sooner than the notice period after today, and each contractor
// is told; so the raise asks for confirmation in a dialog that says so before it is sent.

import { t } from './i18n.js';
import { API, request } from './api.js';
import { confirmAction } from './confirm.js';
import { dateEl, el, yen } from './market.js';
import { daysFromToday, int, onSubmit, reloadThenNotice } from './operator-ui.js';

const $ = (id) => document.getElementById(id);
const NOTICE_DAYS = 30; // the default of [market] document_notice_days (the server has the last word)
let services = [];

const selectedService = () => services.find((s) => String(s.id) === $('edit-svc').value) ?? null;
const plans = () => services.flatMap((s) => (s.plans || []).map((p) => ({ ...p, service: s })));
const selectedPlan = () => plans().find((p) => String(p.id) === $('edit-plan').value) ?? null;

function fillService() {
  const s = selectedService();
  $('edit-svc-name').value = s?.name ?? '';
  $('edit-svc-url').value = s?.url ?? '';
  $('edit-svc-notice').value = s ? String(s.notice_days) : '';
  $('edit-svc-desc').value = s?.description ?? '';
  $('edit-svc-cond').value = s?.conditions ?? '';
}

function renderPlanHint() {
  const p = selectedPlan();
  const hint = $('edit-plan-on-hint');
  const earliest = daysFromToday(NOTICE_DAYS);
  $('edit-plan-on').min = earliest;
  const parts = [t('op.edit.effective_hint', { n: NOTICE_DAYS }), ' ', dateEl(earliest)];
  if (p?.pending_monthly_fee != null) {
    parts.push(el('br'), t('op.edit.pending', { fee: yen(p.pending_monthly_fee) }), ' ', dateEl(p.pending_fee_on));
  }
  hint.replaceChildren(...parts);
}

function fillPlan() {
  const p = selectedPlan();
  $('edit-plan-name').value = p?.name ?? '';
  $('edit-plan-fee').value = p ? String(p.monthly_fee) : '';
  $('edit-plan-users').value = p ? String(p.max_users) : '';
  $('edit-plan-gb').value = p ? String(p.storage_gb) : '';
  $('edit-plan-on').value = '';
  renderPlanHint();
}

function fillSelect(select, items, text) {
  const keep = select.value;
  select.replaceChildren(...(items.length ? items.map((x) => el('option', { value: String(x.id), textContent: text(x) }))
    : [el('option', { value: '', textContent: t('op.svc.none') })]));
  if (items.some((x) => String(x.id) === keep)) select.value = keep;
}

/** Fills the selects with the services not discontinued and their plans. */
export function fillEdits(list) {
  services = list.filter((s) => s.status !== 'discontinued');
  fillSelect($('edit-svc'), services, (s) => `${s.name}（${s.shop_name}）`);
  fillSelect($('edit-plan'), plans(), (p) => `${p.service.name} / ${p.name}（${yen(p.monthly_fee)}）`);
  fillService();
  fillPlan();
}

/** Wires both forms; reload() refreshes the page after an edit. */
export function setupEdits(reload) {
  $('edit-svc').addEventListener('change', fillService);
  $('edit-plan').addEventListener('change', fillPlan);
  document.addEventListener('anshin:lang', renderPlanHint);
  onSubmit($('edit-svc-form'), $('edit-svc-error'), async (v) => {
    const s = selectedService();
    if (!s) throw new Error(t('op.svc.none'));
    const res = await request('PATCH', `${API}/services/${s.id}`, {
      name: v.name, url: v.url, notice_days: int(v.notice_days), description: v.description, conditions: v.conditions,
    });
    await reloadThenNotice(reload, t('op.edit.svc_done', { name: res?.service?.name ?? v.name }));
  });
  onSubmit($('edit-plan-form'), $('edit-plan-error'), async (v) => {
    const p = selectedPlan();
    if (!p) throw new Error(t('op.svc.none'));
    const body = { name: v.name, monthly_fee: int(v.monthly_fee), max_users: int(v.max_users), storage_gb: int(v.storage_gb) };
    if (v.effective_on) body.effective_on = v.effective_on;
    const send = async () => {
      const res = await request('PATCH', `${API}/plans/${p.id}`, body);
      const pending = res?.plan?.pending_monthly_fee;
      await reloadThenNotice(reload, pending != null
        ? t('op.edit.plan_scheduled', { name: p.name, fee: yen(pending), date: dateEl(res.plan.pending_fee_on).textContent })
        : t('op.edit.plan_done', { name: res?.plan?.name ?? v.name }));
    };
    if (!(Number(body.monthly_fee) > p.monthly_fee)) return send();
    // A raise: the consequences first, in a dialog with no default.
    await confirmAction({
      title: t('op.edit.raise_title', { name: p.name, from: yen(p.monthly_fee), to: yen(body.monthly_fee) }),
      consequences: [
        v.effective_on ? t('op.edit.raise_when', { date: dateEl(v.effective_on).textContent, n: NOTICE_DAYS })
          : t('op.edit.raise_no_date', { n: NOTICE_DAYS }),
        t('op.edit.raise_notified'),
        t('op.edit.raise_cancel'),
      ],
      confirmKey: 'op.edit.raise_confirm',
      run: send,
    });
  });
}
