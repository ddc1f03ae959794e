// Fees of a chosen month (per shop, with the tax of each rate) and the notices, on the contracts page.

import { renderJST, t } from './i18n.js';
import { API, get } from './api.js';
import { cell, clearError, labelCells, sessionLost, showError } from './ui.js';
import { dateEl, el, numText, todayJST, yen } from './market.js';

const $ = (id) => document.getElementById(id);
const COLS = ['ct.fees.col.item', 'ct.fees.col.contract', 'ct.fees.col.days', 'ct.fees.col.rate', 'ct.fees.col.amount'];
let fees = null;

function statement(s) {
  const rows = (s.lines || []).map((l) => labelCells(el('tr', {},
    cell(`${label(l.kind)} ${l.service ?? ''} ${l.plan ?? ''} ${metered(l)}`.trim()), cell(l.contract, 'mono'),
    cell(l.days && l.days_in_month ? `${l.days}/${l.days_in_month}` : '—'),
    cell(`${l.tax_rate}%`), cell(yen(l.amount), 'nowrap')), COLS));
  const sum = (key, value) => el('tr', {}, el('th', { scope: 'row', colspan: '4', textContent: t(key) }), cell(yen(value), 'nowrap'));
  const head = el('tr', {}, ...COLS.map((k) => el('th', { scope: 'col', textContent: t(k) })));
  return el('section', { className: 'subsection' },
    el('h3', { className: 'subsection-title', textContent: s.shop_name }),
    el('div', { className: 'table-wrap' }, el('table', { className: 'table' },
      el('thead', {}, head), el('tbody', {}, ...rows),
      el('tfoot', {}, sum('ct.fees.subtotal_10', s.subtotal_10), sum('ct.fees.tax_10', s.tax_10),
        sum('ct.fees.subtotal_8', s.subtotal_8), sum('ct.fees.tax_8', s.tax_8), sum('ct.fees.total', s.total)))));
}

/** A metered line's meter, quantity and unit price (usage metering, SLA-11); '' for others. */
function metered(l) {
  if (l.kind !== 'metered') return '';
  return t('ct.fees.metered_detail', { name: l.meter_name ?? l.meter ?? '', quantity: numText(l.quantity ?? 0),
    unit: l.unit ?? '', price: yen(l.unit_price ?? 0) });
}

function label(kind) {
  const key = `ct.fees.kind.${kind}`;
  const s = t(key);
  return s === key ? String(kind ?? '') : s;
}

function render() {
  if (!fees) return;
  const parts = (fees.statements || []).map(statement);
  if (!parts.length) parts.push(el('p', { className: 'muted empty', textContent: t('ct.fees.none') }));
  parts.push(el('p', { className: 'fees-total', id: 'fees-total', textContent: t('ct.fees.grand_total', { amount: yen(fees.total) }) }));
  // Who issues the statement and when (issue 10 item 14).
  const is = fees.issuer;
  if (is) {
    const reg = is.invoice_number ? t('ct.particulars.invoice_number', { number: is.invoice_number }) : '';
    parts.push(el('p', { className: 'muted', id: 'fees-issuer',
      textContent: t('ct.fees.issuer', { name: is.legal_name, date: dateEl(fees.issued_on).textContent, reg }) }));
  }
  $('fees-body').replaceChildren(...parts);
}

async function load(month) {
  clearError($('fees-error'));
  try {
    fees = await get(`${API}/fees?month=${encodeURIComponent(month)}`);
    render();
  } catch (err) {
    if (!sessionLost(err)) showError($('fees-error'), err);
  }
}

async function loadNotices() {
  try {
    const items = (await get(`${API}/notices`)).items || [];
    $('notices-empty').hidden = items.length > 0;
    $('notices-list').replaceChildren(...items.map((n) => {
      const time = el('span', { className: 'muted' });
      renderJST(time, n.created_at);
      return el('li', { className: 'notice' }, el('h3', { className: 'subsection-title', textContent: n.title }), time,
        el('p', { className: 'doc-body', textContent: n.body }));
    }));
  } catch (err) {
    if (!sessionLost(err)) showError($('fees-error'), err);
  }
}

/** Wires the month form, shows this month's fees and the notices. */
export function setupFees() {
  const input = $('fees-month');
  input.value = todayJST().slice(0, 7);
  $('fees-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (input.value) load(input.value);
  });
  document.addEventListener('anshin:lang', render);
  load(input.value);
  loadNotices();
}
