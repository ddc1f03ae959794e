// The shop portal's lists: contracts (GET /api/v1/contracts, scoped to the shop by the server), the
// customers (shown only on request: each view is recorded as a hand-over of personal data to the
// shop), the entitlement check and the webhook deliveries.

import { t } from './i18n.js';
import { API, get } from './api.js';
import { cell, clearError, labelCells, sessionLost, setBusy, showError, timeCell } from './ui.js';
import { dateEl, el, kvList, statusText } from './market.js';
import { onSubmit } from './operator-ui.js';

const $ = (id) => document.getElementById(id);
const CONTRACT_COLS = ['ct.col.number', 'op.changes.col.company', 'op.apps.col.plan', 'ct.col.status', 'ct.col.start', 'shop.contracts.access_end'];
const CUSTOMER_COLS = ['ct.col.number', 'ct.col.status', 'ct.col.service', 'op.changes.col.company', 'op.apps.col.responsible'];
const DELIVERY_COLS = ['shop.wh.col.id', 'shop.wh.col.created', 'shop.wh.col.event', 'ct.col.number', 'shop.wh.col.status', 'shop.wh.col.last'];

function twoLines(main, sub, subClass = 'cell-sub') {
  const td = cell('');
  td.append(el('span', { className: 'cell-main', textContent: main }), el('span', { className: subClass, textContent: sub }));
  return td;
}

function dateCell(ymd) {
  const td = cell('', 'nowrap');
  td.append(dateEl(ymd));
  return td;
}

export async function loadContracts() {
  clearError($('contracts-error'));
  const items = (await get(`${API}/contracts?limit=500`)).items || [];
  $('contracts-rows').replaceChildren(...items.map((c) => labelCells(el('tr', {}, cell(c.number, 'mono'),
    twoLines(c.company_name, c.company_code), cell(`${c.service_name} / ${c.plan_name}`), cell(statusText(c.status)),
    dateCell(c.start_on), dateCell(c.access_end_on)), CONTRACT_COLS)));
  $('contracts-empty').hidden = items.length > 0;
  $('contracts-count').textContent = t('op.count', { n: items.length });
}

/** The customers button: each press reads GET /api/v1/shop/customers (and is recorded). */
export function setupCustomers() {
  const btn = $('customers-show');
  btn.addEventListener('click', async () => {
    clearError($('customers-error'));
    setBusy(btn, true, 'op.working');
    try {
      const items = (await get(`${API}/shop/customers`)).items || [];
      $('customers-rows').replaceChildren(...items.map((c) => labelCells(el('tr', {}, cell(c.contract, 'mono'),
        cell(statusText(c.status)), cell(c.service), twoLines(c.company_name, c.company_code),
        twoLines(c.responsible_name, c.responsible_email, 'cell-sub cell-email')), CUSTOMER_COLS)));
      $('customers-wrap').hidden = items.length === 0;
      $('customers-empty').hidden = items.length > 0;
      $('customers-count').hidden = false;
      $('customers-count').textContent = t('op.count', { n: items.length });
    } catch (err) {
      if (!sessionLost(err)) showError($('customers-error'), err);
    } finally {
      setBusy(btn, false);
      btn.dataset.i18n = 'shop.cust.reload';
      btn.textContent = t('shop.cust.reload');
    }
  });
}

export function setupEntitlement() {
  onSubmit($('ent-form'), $('ent-error'), async (v) => {
    $('ent-result').replaceChildren();
    const q = new URLSearchParams({ company_code: v.company_code.toUpperCase(), service_code: v.service_code });
    const e = await get(`${API}/shop/entitlements?${q}`);
    const head = el('p', { className: `status-badge ${e.entitled ? 'status-badge-on' : 'status-badge-off'}`,
      textContent: t(e.entitled ? 'shop.ent.yes' : 'shop.ent.no', { company: e.company_code, service: e.service_code }) });
    const parts = [head];
    if (e.entitled) {
      parts.push(kvList([['ct.col.number', e.contract], ['ct.col.plan', e.plan], ['ct.doc.max_users', t('ct.doc.users_value', { n: e.max_users })],
        ['ct.doc.storage', t('ct.doc.storage_value', { n: e.storage_gb })], ['shop.contracts.access_end', dateEl(e.access_end_on)]]));
    }
    $('ent-result').replaceChildren(...parts);
  });
}

function contractNumber(payload) {
  try {
    return JSON.parse(payload)?.contract?.number ?? '';
  } catch {
    return '';
  }
}

export async function loadDeliveries() {
  clearError($('wh-error'));
  const items = (await get(`${API}/shop/webhook-deliveries`)).items || [];
  $('wh-rows').replaceChildren(...items.map((d) => {
    const statusKey = `shop.wh.status.${d.status}`;
    const status = twoLines(t(statusKey) === statusKey ? d.status : t(statusKey), t('shop.wh.attempts', { n: d.attempts }));
    // Only success or failure is shown: no status code or connection error (they would tell
    // what listens where in the operator's network).
    const last = d.status === 'delivered' ? t('shop.wh.status.delivered') : (d.last_error ? t('shop.wh.failed') : '—');
    return labelCells(el('tr', {}, cell(String(d.id), 'mono'), timeCell(d.created_at), cell(d.event, 'mono'),
      cell(contractNumber(d.payload), 'mono'), status, cell(last)), DELIVERY_COLS);
  }));
  $('wh-empty').hidden = items.length > 0;
  $('wh-count').textContent = t('op.count', { n: items.length });
}
