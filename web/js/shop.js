// The shop portal (shop staff: role "shop", bound to one shop, TOS-13): the shop's services (and
// announcing a discontinuation, Art. 14), its contracts, its customers (each view recorded as a
// hand-over, TOS-18), an entitlement check and its webhook deliveries (shop-lists.js), and its
// integration settings: API tokens and the webhook URL (shop-integration.js).

import { t } from './i18n.js';
import { API, get, post } from './api.js';
import { cell, clearError, initPage, pagePerson, isShopStaff, labelCells, sessionLost, showError } from './ui.js';
import { dateEl, dateText, el, statusText, yen } from './market.js';
import { daysFromToday, earliestLine, foldedForm, reloadThenNotice } from './operator-ui.js';
import { loadContracts, loadDeliveries, setupCustomers, setupEntitlement } from './shop-lists.js';
import { loadTokens, setupIntegration } from './shop-integration.js';

initPage();

const $ = (id) => document.getElementById(id);
const COLS = ['op.svc.col.service', 'op.svc.col.status', 'op.svc.col.notice', 'op.svc.col.plans', 'ct.col.actions'];

function discontinueForm(s) {
  const earliest = daysFromToday(s.notice_days);
  return foldedForm(`disc-${s.id}`, 'shop.svc.discontinue', t('shop.svc.discontinue_named', { name: s.name }), [
    { name: 'discontinue_on', labelKey: 'op.disc.date', type: 'date', min: earliest },
    { name: 'reason', labelKey: 'op.disc.reason', multiline: true, required: true },
  ], 'op.disc.submit', async (v) => {
    try {
      await post(`${API}/shop/services/${s.id}/discontinue`, v);
    } catch (err) {
      if (err.status === 422) err.extra = [earliestLine(earliest, s.notice_days)];
      throw err;
    }
    await reloadThenNotice(() => Promise.all([loadServices(), loadContracts()]), t('op.disc.done', { name: s.name, date: dateText(v.discontinue_on) }));
  }, $('svc-error'));
}

function row(s) {
  const name = cell('');
  name.append(el('span', { className: 'cell-main', textContent: s.name }), el('span', { className: 'cell-sub mono', textContent: s.code }));
  const status = cell(s.status === 'discontinuing' ? t('op.svc.discontinuing') : statusText(s.status), 'nowrap');
  if (s.discontinue_on) status.append(el('span', { className: 'cell-sub' }, t('op.svc.ends_on'), ' ', dateEl(s.discontinue_on)));
  const notice = cell(t('op.svc.notice_value', { n: s.notice_days }));
  if (s.status === 'active') {
    notice.append(el('span', { className: 'cell-sub' }, t('shop.svc.earliest'), ' ', dateEl(daysFromToday(s.notice_days))));
  }
  const plans = cell('');
  plans.append(el('ul', { className: 'plain-list' }, ...(s.plans || []).map((p) => el('li', {
    textContent: t('shop.svc.plan_line', { name: p.name, fee: yen(p.monthly_fee), rate: p.tax_rate }),
  }))));
  const actions = cell('', 'cell-actions');
  if (s.status === 'active') actions.append(discontinueForm(s));
  return labelCells(el('tr', {}, name, status, notice, plans, actions), COLS);
}

let services = [];

async function loadServices() {
  clearError($('svc-error'));
  services = (await get(`${API}/shop/services`)).items || [];
  $('svc-rows').replaceChildren(...services.map(row));
  $('svc-empty').hidden = services.length > 0;
  $('svc-count').textContent = t('op.count', { n: services.length });
  const select = $('ent-service');
  const keep = select.value;
  select.replaceChildren(...services.map((s) => el('option', { value: s.code, textContent: `${s.name}（${s.code}）` })));
  if (services.some((s) => s.code === keep)) select.value = keep;
  const shopName = services[0]?.shop_name;
  $('shop-name').hidden = !shopName;
  $('shop-name').textContent = shopName ? t('shop.name', { name: shopName }) : '';
}

async function refresh() {
  await Promise.all([loadServices(), loadContracts(), loadDeliveries(), loadTokens()]);
}

document.addEventListener('anshin:lang', () => {
  if (!$('shop-content').hidden) refresh().catch(() => {});
});

async function main() {
  const me = await pagePerson();
  if (!me) return;
  try {
    if (!isShopStaff(me)) {
      showError($('page-error'), t('shop.forbidden'));
      $('forbidden-back').hidden = false;
      return;
    }
    $('shop-content').hidden = false;
    setupCustomers();
    setupEntitlement();
    setupIntegration();
    await refresh();
  } catch (err) {
    if (!sessionLost(err)) showError($('page-error'), err);
  } finally {
    $('loading').hidden = true;
  }
}

main();
