// The hand-over records of contractors' personal data (TOS-18, Art. 28; read-only) and the fees
// CSV of a month for the payment collection agent — itself recorded as a hand-over.

import { t } from './i18n.js';
import { API, download, get } from './api.js';
import { cell, clearError, labelCells, sessionLost, setBusy, showError, timeCell } from './ui.js';
import { el, todayJST } from './market.js';

const $ = (id) => document.getElementById(id);
const COLS = ['op.ho.col.created', 'op.ho.col.recipient', 'op.ho.col.purpose', 'op.ho.col.fields', 'op.ho.col.records', 'op.ho.col.actor'];

function recipient(h, shops) {
  if (h.recipient_kind === 'shop') {
    const id = Number(String(h.recipient).replace(/^shop:/, ''));
    const shop = shops.find((s) => s.id === id);
    return t('op.ho.to_shop', { name: shop ? shop.name : h.recipient });
  }
  if (h.recipient_kind === 'payment_agent') return t('op.ho.to_agent', { name: h.recipient });
  return h.recipient;
}

/** (Re)loads the hand-over table (the shop names from GET /api/v1/shops). */
export async function loadHandovers() {
  clearError($('handovers-error'));
  const [list, shops] = await Promise.all([get(`${API}/handovers`), get(`${API}/shops`).catch(() => ({ items: [] }))]);
  const items = list.items || [];
  $('handovers-rows').replaceChildren(...items.map((h) => labelCells(el('tr', {}, timeCell(h.created_at),
    cell(recipient(h, shops.items || [])), cell(h.purpose), cell(String(h.fields).split(',').join(', '), 'mono'),
    cell(t('op.ho.records_value', { n: h.records }), 'nowrap'), cell(h.actor, 'mono')), COLS)));
  $('handovers-empty').hidden = items.length > 0;
  $('handovers-count').textContent = t('op.count', { n: items.length });
}

function linkFor(month) {
  const link = $('fees-link');
  link.href = `${API}/fees.csv?month=${encodeURIComponent(month)}`;
  link.setAttribute('download', `fees-${month}.csv`);
}

/**
 * The link works on its own (GET with the session cookie); a plain click is fetched here so that a
 * refusal shows its reason, and the hand-over list then shows the new record.
 */
export function setupFees() {
  const month = $('fees-month');
  month.value = todayJST().slice(0, 7);
  linkFor(month.value);
  month.addEventListener('change', () => linkFor(month.value));
  const link = $('fees-link');
  link.addEventListener('click', async (event) => {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    if (link.getAttribute('aria-busy') === 'true') return;
    clearError($('fees-error'));
    if (!/^\d{4}-\d{2}$/.test(month.value)) {
      showError($('fees-error'), t('op.fees.month_missing'));
      month.focus();
      return;
    }
    setBusy(link, true, 'op.fees.busy');
    try {
      const { blob, filename } = await download(link.href, `fees-${month.value}.csv`);
      const url = URL.createObjectURL(blob);
      const a = el('a', { href: url, download: filename, hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      await loadHandovers();
    } catch (err) {
      if (!sessionLost(err)) showError($('fees-error'), err);
    } finally {
      setBusy(link, false);
    }
  });
}
