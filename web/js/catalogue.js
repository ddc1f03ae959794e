// The public catalogue: the services on sale, their plans with tax-inclusive prices, and a link to
// the application form for each plan.

import { t } from './i18n.js';
import { API, get } from './api.js';
import { cell, initPage, labelCells, showError } from './ui.js';
import { el, yen } from './market.js';

initPage();

const $ = (id) => document.getElementById(id);
const COLS = ['cat.col.plan', 'cat.col.monthly', 'cat.col.initial', 'cat.col.rate', 'cat.col.users', 'cat.col.storage', 'cat.col.apply'];
let services = null;

function price(incl, excl) {
  const td = cell('', 'nowrap');
  td.append(el('span', { className: 'cell-main', textContent: yen(incl) }),
    el('span', { className: 'cell-sub', textContent: t('cat.excl', { amount: yen(excl) }) }));
  return td;
}

function planRow(s, p) {
  const link = el('a', { className: 'btn btn-primary btn-sm', href: `/apply?plan=${p.id}`, textContent: t('cat.apply'),
    'aria-label': t('cat.apply_named', { service: s.name, plan: p.name }) });
  const actions = cell('', 'cell-actions');
  actions.append(link);
  return labelCells(el('tr', {}, cell(p.name), price(p.monthly_fee_incl_tax, p.monthly_fee),
    price(p.initial_fee_incl_tax, p.initial_fee), cell(`${p.tax_rate}%`),
    cell(t('ct.doc.users_value', { n: p.max_users })), cell(t('ct.doc.storage_value', { n: p.storage_gb })), actions), COLS);
}

function serviceCard(s) {
  const head = el('tr', {}, ...COLS.map((k) => el('th', { scope: 'col', textContent: t(k) })));
  return el('section', { className: 'card card-wide', 'aria-label': s.name },
    el('h2', { className: 'card-title', textContent: s.name }),
    el('p', { className: 'muted', textContent: t('cat.shop', { shop: s.shop_name }) }),
    el('p', { className: 'doc-body', textContent: s.description }),
    el('p', { className: 'note', textContent: t('cat.conditions', { text: s.conditions || '—' }) }),
    el('div', { className: 'table-wrap' }, el('table', { className: 'table' },
      el('caption', { className: 'visually-hidden', textContent: t('cat.plans_of', { service: s.name }) }),
      el('thead', {}, head), el('tbody', {}, ...(s.plans || []).map((p) => planRow(s, p))))));
}

function render() {
  if (!services) return;
  $('cat-empty').hidden = services.length > 0;
  $('services').replaceChildren(...services.map(serviceCard));
}

async function load() {
  try {
    services = (await get(`${API}/catalogue`)).services || [];
    render();
  } catch (err) {
    showError($('page-error'), err);
  } finally {
    $('loading').hidden = true;
  }
}

document.addEventListener('anshin:lang', render);
load();
