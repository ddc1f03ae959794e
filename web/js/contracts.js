// The contractor portal (tenant admins): the contracts, the printable contract document, and the
// forms of contract-changes.js and contract-fees.js for the chosen contract.

import { t } from './i18n.js';
import { API, get, requireSession } from './api.js';
import { cell, initPage, isTenantAdmin, labelCells, sessionLost, showError } from './ui.js';
import { dateEl, el, kvList, statusText, taxRate, yen } from './market.js';
import { cancelPending, selectForChanges } from './contract-changes.js';
import { setupFees } from './contract-fees.js';
import { sectionTabs } from './section-tabs.js';

initPage();

const $ = (id) => document.getElementById(id);
const COLS = ['ct.col.number', 'ct.col.service', 'ct.col.plan', 'ct.col.status', 'ct.col.start', 'ct.col.end', 'ct.col.actions'];
const PAGE = 50;
let contracts = [];
let nextCursor = null; // the last page's next_cursor: more contracts below it (keyset pages)
let selected = null;
let doc = null;

function dateCell(ymd) {
  const td = cell('', 'nowrap');
  td.append(dateEl(ymd));
  return td;
}

// A contract with a cancellation notice on file reads 解約予定（end date） until it ends.
function contractStatus(c) {
  return cancelPending(c) ? t('ct.status.ending', { date: dateEl(c.end_on).textContent }) : statusText(c.status);
}

function renderList() {
  $('contracts-empty').hidden = contracts.length > 0;
  $('contracts-more').hidden = !nextCursor;
  $('contracts-shown').hidden = !nextCursor;
  $('contracts-shown').textContent = t('ct.list.shown', { count: contracts.length });
  $('contract-rows').replaceChildren(...contracts.map((c) => {
    const btn = el('button', { type: 'button', className: 'btn btn-secondary btn-sm', textContent: t('ct.open'),
      'aria-label': t('ct.open_named', { number: c.number }) });
    btn.addEventListener('click', () => select(c, true));
    const actions = cell('', 'cell-actions');
    actions.append(btn);
    return labelCells(el('tr', {}, cell(c.number, 'mono'), cell(c.service_name), cell(c.plan_name),
      cell(contractStatus(c)), dateCell(c.start_on), dateCell(c.end_on), actions), COLS);
  }));
}

// The operator as its particulars name it (issue 10 item 14): legal name, address,
// representative, contact and the qualified-invoice registration number, when given.
function operatorText(op, fallback) {
  if (!op) return fallback;
  const lines = [op.legal_name, op.address, op.representative, op.contact,
    op.invoice_number ? t('ct.particulars.invoice_number', { number: op.invoice_number }) : ''];
  const span = el('span', { id: 'doc-operator' });
  lines.filter(Boolean).forEach((line, i) => span.append(...(i ? [el('br'), line] : [line])));
  return span;
}

function renderDoc() {
  if (!doc) return;
  const f = doc.fees || {};
  const q = doc.quotas || {};
  const p = doc.parties || {};
  const fee = (ex, inc) => t('ct.doc.fee_value', { ex: yen(ex), inc: yen(inc), rate: taxRate(f.tax_rate) });
  $('doc-body').replaceChildren(
    el('p', { className: 'subsection-title', textContent: doc.title }),
    kvList([
      ['ct.doc.number', el('span', { className: 'mono', id: 'doc-number', textContent: doc.number })],
      ['ct.doc.issued_on', dateEl(doc.issued_on)],
      ['ct.doc.operator', operatorText(doc.operator, p.operator)], ['ct.doc.shop', p.shop], ['ct.doc.contractor', p.contractor],
      ['ct.doc.service', doc.service], ['ct.doc.plan', doc.plan],
      ['ct.doc.monthly_fee', fee(f.monthly_fee, f.monthly_fee_incl_tax)],
      ['ct.doc.initial_fee', fee(f.initial_fee, f.initial_fee_incl_tax)],
      ['ct.doc.billing_cycle', f.billing_cycle === 'monthly' ? t('ct.doc.monthly') : f.billing_cycle],
      ['ct.doc.max_users', t('ct.doc.users_value', { n: q.max_users })],
      ['ct.doc.storage', t('ct.doc.storage_value', { n: q.storage_gb })],
      ['ct.doc.start_on', dateEl(doc.start_on)],
      ['ct.doc.terms_version', t('market.doc.version', { version: doc.terms_version })],
      // Art. 4 (issue 10 item 18): the version in force now, when a newer one has taken effect.
      ...(doc.terms_version_in_force && doc.terms_version_in_force !== doc.terms_version
        ? [['ct.doc.terms_in_force', t('ct.doc.terms_in_force_value', { version: doc.terms_version_in_force })]] : []),
      ['ct.doc.cancellation', doc.cancellation_rule], ['ct.doc.area', doc.area],
      ['ct.doc.liability', doc.liability_cap?.text ?? ''],
    ], 'kv contract-doc'));
}

async function select(c, focus = false) {
  selected = c;
  try {
    doc = (await get(`${API}/contracts/${c.id}/document`)).document;
    renderDoc();
    $('doc-card').hidden = false;
    if (focus) {
      showTab(0);
      $('doc-card').focus();
    }
  } catch (err) {
    if (!sessionLost(err)) showError($('page-error'), err);
  }
  await selectForChanges(c, doc, reload);
}

/** One keyset page of contracts below cursor (null: the newest). */
async function page(cursor) {
  const q = new URLSearchParams({ limit: String(PAGE) });
  if (cursor) q.set('cursor', cursor);
  const res = await get(`${API}/contracts?${q}`);
  return { items: res.items || [], next: res.next_cursor || null };
}

/** The next page below the last one shown, appended to the list. */
async function more() {
  if (!nextCursor) return;
  const btn = $('contracts-more');
  btn.disabled = true;
  try {
    const p = await page(nextCursor);
    const seen = new Set(contracts.map((c) => c.id));
    contracts = contracts.concat(p.items.filter((c) => !seen.has(c.id)));
    nextCursor = p.next;
    renderList();
  } catch (err) {
    if (!sessionLost(err)) showError($('page-error'), err);
  } finally {
    btn.disabled = false;
  }
}

// After a change the list is read again from the newest, as deep as it was shown.
async function reload() {
  const shown = Math.max(contracts.length, 1);
  let p = await page(null);
  contracts = p.items;
  while (p.next && contracts.length < shown) {
    p = await page(p.next);
    contracts = contracts.concat(p.items);
  }
  nextCursor = p.next;
  renderList();
  if (selected) selected = contracts.find((c) => c.id === selected.id) || selected;
}

async function start() {
  const me = await requireSession();
  try {
    if (!isTenantAdmin(me)) {
      showError($('page-error'), t('ct.forbidden'));
      return;
    }
    await reload();
    $('contracts-more').addEventListener('click', more);
    $('ct-content').hidden = false;
    setupFees();
    if (contracts.length) await select(contracts[0]);
  } catch (err) {
    if (!sessionLost(err)) showError($('page-error'), err);
  } finally {
    $('loading').hidden = true;
  }
}

// On a phone one group of cards at a time (issue 10 item 12): the document, changes and
// cancellation, fees, notices.
const showTab = sectionTabs($('ct-tabs'), 'ct.tabs.label', [
  { key: 'ct.tabs.document', ids: ['doc-card'] },
  { key: 'ct.tabs.change', ids: ['change-card', 'requests-card', 'cancel-card', 'pending-cancel-card'] },
  { key: 'ct.tabs.fees', ids: ['fees-card'] },
  { key: 'ct.tabs.notices', ids: ['notices-card'] },
]);

$('print-button').addEventListener('click', () => window.print());
document.addEventListener('anshin:lang', () => {
  renderList();
  renderDoc();
});

start();
