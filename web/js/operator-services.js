// Services and plans on the operator console: the public catalogue as the list (GET
// /api/v1/catalogue), a service registered for a shop (with its discontinuation notice of at least
// 30 days, TOS-9) and plans added to a service (fees without tax, tax rate 10 / 8 %, TOS-20).

import { t } from './i18n.js';
import { API, get, post } from './api.js';
import { cell, clearError, labelCells } from './ui.js';
import { dateEl, el, statusText, yen } from './market.js';
import { int, onSubmit, reloadThenNotice } from './operator-ui.js';

const $ = (id) => document.getElementById(id);
const COLS = ['op.svc.col.service', 'op.svc.col.shop', 'op.svc.col.status', 'op.svc.col.notice', 'op.svc.col.plans'];

function planItem(p) {
  const cycle = p.billing_cycle === 'yearly' ? 'op.plan.per_year' : 'op.plan.per_month';
  return el('li', {
    textContent: t('op.plan.line', {
      name: p.name, code: p.code, fee: yen(p.monthly_fee), inc: yen(p.monthly_fee_incl_tax ?? p.monthly_fee),
      cycle: t(cycle), rate: p.tax_rate,
    }),
  });
}

function row(s) {
  const name = cell('');
  name.append(el('span', { className: 'cell-main', textContent: s.name }), el('span', { className: 'cell-sub mono', textContent: s.code }));
  const status = cell(s.status === 'discontinuing' ? t('op.svc.discontinuing') : statusText(s.status), 'nowrap');
  if (s.discontinue_on) status.append(el('span', { className: 'cell-sub' }, t('op.svc.ends_on'), ' ', dateEl(s.discontinue_on)));
  const plans = cell('');
  plans.append((s.plans || []).length ? el('ul', { className: 'plain-list' }, ...s.plans.map(planItem))
    : el('span', { className: 'muted', textContent: t('op.svc.no_plans') }));
  return labelCells(el('tr', {}, name, cell(s.shop_name), status, cell(t('op.svc.notice_value', { n: s.notice_days })), plans), COLS);
}

function fillSelect(select, items, text, emptyKey) {
  const keep = select.value;
  select.replaceChildren(...(items.length ? items.map((x) => el('option', { value: String(x.id), textContent: text(x) }))
    : [el('option', { value: '', textContent: t(emptyKey) })]));
  if (items.some((x) => String(x.id) === keep)) select.value = keep;
}

/** (Re)loads the catalogue into the table and the selects; resolves its services. */
export async function loadServices(shops) {
  clearError($('services-error'));
  const services = (await get(`${API}/catalogue`)).services || [];
  $('services-rows').replaceChildren(...services.map(row));
  $('services-empty').hidden = services.length > 0;
  $('services-count').textContent = t('op.count', { n: services.length });
  fillSelect($('svc-shop'), shops, (s) => `${s.name}（${s.code}）`, 'op.svc.no_shop');
  fillSelect($('plan-service'), services.filter((s) => s.status === 'active'), (s) => `${s.name}（${s.shop_name}）`, 'op.svc.none');
  return services;
}

/** Wires the service and plan forms; reload() refreshes the page after a change. */
export function setupServices(reload) {
  const svcForm = $('svc-form');
  onSubmit(svcForm, $('svc-form-error'), async (v) => {
    const res = await post(`${API}/services`, {
      shop_id: int(v.shop_id), code: v.code, name: v.name, description: v.description, conditions: v.conditions,
      notice_days: int(v.notice_days),
    });
    svcForm.reset();
    await reloadThenNotice(async () => {
      await reload();
      if (res?.service?.id) $('plan-service').value = String(res.service.id);
    }, t('op.svc.created', { name: res?.service?.name ?? v.name }));
  });
  const planForm = $('plan-form');
  onSubmit(planForm, $('plan-form-error'), async (v) => {
    const service = v.service_id;
    if (!service) throw new Error(t('op.plan.no_service'));
    const res = await post(`${API}/services/${encodeURIComponent(service)}/plans`, {
      code: v.code, name: v.name, monthly_fee: int(v.monthly_fee), initial_fee: v.initial_fee === '' ? 0 : int(v.initial_fee),
      tax_rate: int(v.tax_rate), max_users: int(v.max_users), storage_gb: int(v.storage_gb), billing_cycle: v.billing_cycle,
    });
    planForm.reset();
    await reloadThenNotice(async () => {
      await reload();
      $('plan-service').value = service;
    }, t('op.plan.created', { name: res?.plan?.name ?? v.name, service: res?.plan?.service_name ?? '' }));
  });
}
