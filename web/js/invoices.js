// Invoices, payments and balances (issue 17). Contractors (tenant admins) and shops see their own
// invoices in the shop's name, the balance with ageing, and print any invoice; the operator also
// issues a closed month's invoices, imports the collection agent's result file, records a payment
// by hand and credits an invoice (each dangerous step confirmed in a dialog).

import { t } from './i18n.js';
import { API, get, post, postFile } from './api.js';
import { cell, clearError, initPage, labelCells, loadPage, pagePerson, sessionLost, setBusy, showError, showNotice } from './ui.js';
import { dateEl, el, kvList, monthText, numText, yen } from './market.js';
import { confirmAction, confirmButton } from './confirm.js';
import { isOperatorAdmin, isOperatorStaff, isShopStaff, isTenantAdmin } from './roles.js';

/** A metered line's meter, quantity and unit price (usage metering, SLA-11). */
function meteredDetail(l) {
  return t('ct.fees.metered_detail', { name: l.meter_name ?? l.meter ?? '', quantity: numText(l.quantity ?? 0),
    unit: l.unit ?? '', price: yen(l.unit_price ?? 0) });
}

initPage();

const $ = (id) => document.getElementById(id);
const COLS = ['iv.col.number', 'iv.col.month', 'iv.col.company', 'iv.col.shop', 'iv.col.total', 'iv.col.due',
  'iv.col.open', 'iv.col.state', 'iv.col.actions'];
const DOC_COLS = ['iv.doc.col.contract', 'iv.doc.col.item', 'iv.doc.col.rate', 'iv.doc.col.amount'];
const IMPORT_COLS = ['iv.import.col.row', 'iv.col.number', 'iv.col.amount', 'iv.import.col.outcome'];
const DUN_COLS = ['iv.col.company', 'iv.col.shop', 'iv.col.number', 'iv.col.due', 'iv.dunning.days', 'iv.dunning.open_now',
  'iv.dunning.reminders', 'iv.col.state', 'iv.col.actions'];
/** ?open=1 (the contracts page's link from the amount due at a cancellation): open invoices only. */
const OPEN_ONLY = new URLSearchParams(window.location.search).get('open') === '1';
const BAL_COLS = ['iv.col.company', 'iv.col.shop', 'iv.balance.open', 'iv.balance.credit', 'iv.age.current',
  'iv.age.d30', 'iv.age.d60', 'iv.age.d90', 'iv.age.d91'];
let me = null;
let items = [];

/** The state a person reads: a credit note, credited, paid, part paid, or unpaid. */
function stateOf(inv) {
  if (inv.kind === 'credit_note') return 'credit_note';
  if (inv.credited > 0) return 'credited';
  if (inv.open === 0) return 'paid';
  return inv.paid > 0 ? 'partial' : 'unpaid';
}

function amountCell(n) {
  return cell(yen(n), 'nowrap');
}

function dateCell(ymd) {
  const td = cell('');
  td.append(dateEl(ymd));
  return td;
}

function row(inv) {
  const actions = cell('', 'cell-actions');
  const show = el('button', { type: 'button', className: 'btn btn-secondary btn-sm', textContent: t('iv.show'),
    'aria-label': t('iv.show_named', { number: inv.number }) });
  show.addEventListener('click', () => showDocument(inv));
  actions.append(show, ' ', pdfLink(inv, 'btn btn-secondary btn-sm'));
  if (isOperatorAdmin(me) && inv.kind === 'invoice' && !(inv.credited > 0)) {
    actions.append(' ', confirmButton('iv.credit', t('iv.credit_named', { number: inv.number }), () => ({
      title: t('iv.credit.title', { number: inv.number }),
      consequences: [t('iv.credit.c1', { total: yen(inv.total) }), t('iv.credit.c2'), t('iv.credit.c3')],
      fields: [{ name: 'reason', labelKey: 'iv.credit.reason', multiline: true, required: true }],
      confirmKey: 'iv.credit.confirm',
      run: async (v) => {
        const res = await post(`${API}/invoices/${inv.id}/credit-note`, { reason: v.reason });
        showNotice($('page-status'), t('iv.credit.done', { number: res.credit_note.number }));
        await refresh();
      },
    })));
  }
  return labelCells(el('tr', { 'data-number': inv.number },
    cell(inv.number, 'mono nowrap'), cell(monthText(inv.month), 'nowrap'), cell(inv.recipient_name), cell(inv.issuer_name),
    amountCell(inv.total), dateCell(inv.due_on), amountCell(inv.open), cell(t(`iv.state.${stateOf(inv)}`), 'nowrap'), actions), COLS);
}

/** The server-made PDF of the invoice (a download). */
function pdfLink(inv, className) {
  return el('a', { className, href: `${API}/invoices/${inv.id}/pdf`, download: '', textContent: t('iv.pdf'),
    'aria-label': t('iv.pdf_named', { number: inv.number }) });
}

function periodOf(ym) {
  const [y, m] = ym.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const span = el('span');
  span.append(dateEl(`${ym}-01`), t('iv.doc.period_sep'), dateEl(`${ym}-${String(last).padStart(2, '0')}`));
  return span;
}

/** The printable invoice: the particulars a qualified invoice (適格請求書) must carry. */
function showDocument(inv) {
  const doc = $('iv-doc');
  const qualified = inv.qualified && inv.kind === 'invoice';
  const title = inv.kind === 'credit_note' ? t('iv.doc.credit_title') : t(qualified ? 'iv.doc.title_qualified' : 'iv.doc.title');
  const lines = el('tbody');
  for (const l of inv.lines) {
    const reduced = Number(l.tax_rate) === 8;
    const what = l.kind === 'credit' ? t('iv.doc.credit_line', { number: l.invoice })
      : `${t('iv.doc.item', { service: l.service ?? '', plan: l.plan ?? '',
        kind: `${t(`iv.line.${l.kind}`)}${l.kind === 'metered' ? ` ${meteredDetail(l)}` : ''}` })}${reduced ? ' ※' : ''}`;
    lines.append(labelCells(el('tr', {}, cell(l.contract ?? '—', 'mono'), cell(what), cell(`${l.tax_rate}%`), amountCell(l.amount)),
      DOC_COLS));
  }
  const table = el('table', { className: 'table' },
    el('caption', { className: 'visually-hidden', textContent: t('iv.doc.lines') }),
    el('thead', {}, el('tr', {}, ...DOC_COLS.map((k) => el('th', { scope: 'col', textContent: t(k) })))), lines);
  const totals = kvList([
    ['iv.doc.subtotal_10', yen(inv.subtotal_10)], ['iv.doc.tax_10', yen(inv.tax_10)],
    ['iv.doc.subtotal_8', yen(inv.subtotal_8)], ['iv.doc.tax_8', yen(inv.tax_8)],
    ['iv.doc.total', yen(inv.total)],
  ]);
  const print = el('button', { type: 'button', className: 'btn btn-primary no-print', textContent: t('iv.doc.print') });
  print.addEventListener('click', () => window.print());
  const close = el('button', { type: 'button', className: 'btn btn-secondary no-print', textContent: t('iv.doc.close') });
  close.addEventListener('click', () => { doc.hidden = true; });
  doc.replaceChildren(...[
    el('h2', { id: 'iv-doc-title', className: 'card-title', textContent: title }),
    el('p', { className: 'invoice-recipient', textContent: t('iv.doc.recipient', { name: inv.recipient_name }) }),
    kvList([
      ['iv.doc.number', inv.number], ['iv.doc.issued_on', dateEl(inv.issued_on)], ['iv.doc.period', periodOf(inv.month)],
      ['iv.doc.issuer', inv.issuer_name],
      ['iv.doc.registration', inv.issuer_registration || t('iv.doc.not_registered')],
      ['iv.doc.due_on', dateEl(inv.due_on)],
    ]),
    el('div', { className: 'table-wrap' }, table),
    totals,
    el('p', { className: 'muted', textContent: t('iv.doc.rule') }),
    inv.subtotal_8 ? el('p', { className: 'muted', textContent: t('iv.doc.reduced') }) : null,
    inv.kind === 'credit_note' ? el('p', { textContent: t('iv.doc.reason', { reason: inv.reason }) }) : null,
    inv.kind === 'credit_note' && inv.corrects_id ? el('p', { textContent: t('iv.doc.corrects', {
      number: items.find((i) => i.id === inv.corrects_id)?.number ?? String(inv.corrects_id) }) }) : null,
    el('div', { className: 'form-actions' }, print, pdfLink(inv, 'btn btn-secondary no-print'), close),
  ].filter(Boolean));
  doc.hidden = false;
  doc.focus();
}

function balanceRow(b) {
  const a = b.ageing;
  return labelCells(el('tr', {}, cell(b.company_name), cell(b.shop_name), amountCell(b.open), amountCell(b.credit),
    amountCell(a.current), amountCell(a.days_1_30), amountCell(a.days_31_60), amountCell(a.days_61_90),
    amountCell(a.days_91_plus)), BAL_COLS);
}

async function refresh() {
  const [list, balances] = await Promise.all([get(`${API}/invoices`), get(`${API}/balances`)]);
  items = list.items || [];
  const shown = OPEN_ONLY ? items.filter((i) => i.open > 0) : items;
  $('iv-rows').replaceChildren(...shown.map(row));
  $('iv-empty').hidden = shown.length > 0;
  $('iv-open-filter').hidden = !OPEN_ONLY;
  if (isOperatorAdmin(me)) await refreshDunning();
  const bal = balances.items || [];
  $('iv-balance-rows').replaceChildren(...bal.map(balanceRow));
  $('iv-balance-empty').hidden = bal.length > 0;
  $('iv-as-of').replaceChildren(t('iv.balance.as_of'), dateEl(balances.as_of));
}

/** A suspension proposal (TOS-6): the figures, and the operator's two choices, each confirmed. */
function proposalRow(p) {
  const actions = cell('', 'cell-actions');
  if (p.status === 'open') {
    actions.append(confirmButton('iv.dunning.suspend', t('iv.dunning.suspend_named', { company: p.company_name }), () => ({
      title: t('iv.dunning.suspend.title', { company: p.company_name }),
      consequences: [t('iv.dunning.suspend.c1', { number: p.number, open: yen(p.open_now), days: p.days_past_due }),
        t('iv.dunning.suspend.c2'), t('iv.dunning.suspend.c3')],
      fields: [{ name: 'reason', labelKey: 'iv.dunning.reason', multiline: true, required: true }],
      confirmKey: 'iv.dunning.suspend.confirm',
      run: async (v) => {
        await post(`${API}/dunning/proposals/${p.id}/suspend`, { reason: v.reason });
        showNotice($('page-status'), t('iv.dunning.suspended', { company: p.company_name }));
        await refresh();
      },
    })), ' ', confirmButton('iv.dunning.dismiss', t('iv.dunning.dismiss_named', { company: p.company_name }), () => ({
      title: t('iv.dunning.dismiss.title', { company: p.company_name }),
      consequences: [t('iv.dunning.dismiss.c1'), t('iv.dunning.dismiss.c2')],
      fields: [{ name: 'reason', labelKey: 'iv.dunning.note', multiline: true, required: false }],
      confirmKey: 'iv.dunning.dismiss.confirm',
      danger: false,
      run: async (v) => {
        await post(`${API}/dunning/proposals/${p.id}/dismiss`, { reason: v.reason ?? '' });
        showNotice($('page-status'), t('iv.dunning.dismissed', { company: p.company_name }));
        await refresh();
      },
    })));
  }
  return labelCells(el('tr', { 'data-proposal': String(p.id) }, cell(p.company_name), cell(p.shop_name), cell(p.number, 'mono nowrap'),
    dateCell(p.due_on), cell(t('iv.dunning.days_value', { days: p.days_past_due }), 'nowrap'), amountCell(p.open_now),
    cell(String(p.reminders)), cell(t(`iv.dunning.state.${p.status}`), 'nowrap'), actions), DUN_COLS);
}

async function refreshDunning() {
  const res = await get(`${API}/dunning/proposals`);
  const list = res.items || [];
  $('iv-dunning').hidden = false;
  $('iv-dunning-lead').textContent = (res.steps || []).length
    ? t('iv.dunning.lead', { steps: res.steps.join(t('iv.dunning.sep')) }) : t('iv.dunning.off');
  $('iv-dunning-rows').replaceChildren(...list.map(proposalRow));
  $('iv-dunning-empty').hidden = list.length > 0;
}

function previousMonth() {
  const now = new Date(Date.now() + 9 * 3600 * 1000);
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

function wireOperator() {
  $('iv-ops').hidden = false;
  $('iv-month').value = previousMonth();
  $('iv-month').max = previousMonth();
  $('iv-issue-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    clearError($('iv-ops-error'));
    const month = $('iv-month').value;
    if (!month) {
      showError($('iv-ops-error'), t('iv.issue.need_month'));
      $('iv-month').focus();
      return;
    }
    await confirmAction({
      title: t('iv.issue.title', { month: monthText(month) }),
      consequences: [t('iv.issue.c1'), t('iv.issue.c2'), t('iv.issue.c3')],
      confirmKey: 'iv.issue.confirm',
      danger: false,
      run: async () => {
        const res = await post(`${API}/invoices/issue`, { month });
        showNotice($('iv-ops-status'), t('iv.issue.done', { n: res.issued.length, skipped: res.skipped }));
        await refresh();
      },
    });
  });
  $('iv-import-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    clearError($('iv-ops-error'));
    const file = $('iv-file').files[0];
    if (!file) {
      showError($('iv-ops-error'), t('iv.import.need_file'));
      $('iv-file').focus();
      return;
    }
    const btn = e.submitter;
    setBusy(btn, true, 'op.working');
    try {
      const res = await postFile(`${API}/payments/import?filename=${encodeURIComponent(file.name)}`, file, 'text/csv');
      const rows = res.rows || [];
      $('iv-import-rows').replaceChildren(...rows.map((r) => labelCells(el('tr', {}, cell(String(r.row)), cell(r.invoice_number, 'mono'),
        amountCell(r.amount), cell(t(`iv.outcome.${r.outcome}`) + (r.reason ? t('iv.reason_paren', { reason: t(`iv.reason.${r.reason}`) }) : ''))),
      IMPORT_COLS)));
      $('iv-import-result').hidden = false;
      showNotice($('iv-ops-status'), res.duplicate ? t('iv.import.duplicate') : t('iv.import.done', {
        applied: res.import.applied, rows: res.import.row_count, encoding: res.import.encoding === 'cp932' ? 'Shift_JIS' : 'UTF-8' }),
      res.duplicate ? 'info' : 'success');
      await refresh();
    } catch (err) {
      if (!sessionLost(err)) showError($('iv-ops-error'), err);
    } finally {
      setBusy(btn, false);
    }
  });
  $('iv-pay-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    clearError($('iv-ops-error'));
    const f = e.target.elements;
    const body = { invoice_number: f.invoice_number.value.trim(), amount: Number(f.amount.value), paid_on: f.paid_on.value,
      reference: f.reference.value.trim() };
    const btn = e.submitter;
    setBusy(btn, true, 'op.working');
    try {
      const res = await post(`${API}/payments`, body);
      showNotice($('iv-ops-status'), t('iv.pay.done', { outcome: t(`iv.outcome.${res.payment.outcome}`) }));
      e.target.reset();
      await refresh();
    } catch (err) {
      if (!sessionLost(err)) showError($('iv-ops-error'), err);
    } finally {
      setBusy(btn, false);
    }
  });
}

async function start() {
  me = await pagePerson();
  if (!me) return;
  await loadPage(async () => {
    if (!isTenantAdmin(me) && !isShopStaff(me) && !isOperatorStaff(me)) {
      showError($('page-error'), t('iv.forbidden'));
      return;
    }
    if (isOperatorAdmin(me)) wireOperator();
    await refresh();
    $('iv-content').hidden = false;
  });
}

start();

// A change of language redraws the lists, dates, amounts and the dunning note in the new language
// (they were left in the language the page was opened in).
document.addEventListener('anshin:lang', () => {
  if ($('iv-content').hidden) return;
  refresh().catch((err) => { if (!sessionLost(err)) showError($('page-error'), err); });
});
