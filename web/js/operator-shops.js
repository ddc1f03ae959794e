// Shops on the operator console (TOS-13): the list, registration, the webhook URL (its new signing
// secret shown once) and API tokens for the shop's own systems (the secret shown once).

import { t } from './i18n.js';
import { API, get, post, request } from './api.js';
import { cell, clearError, labelCells } from './ui.js';
import { el } from './market.js';
import { foldedForm, int, oncePanel, onSubmit, reloadThenNotice } from './operator-ui.js';

const $ = (id) => document.getElementById(id);
const COLS = ['op.shops.col.code', 'op.shops.col.name', 'op.shops.col.contact', 'op.shops.col.webhook', 'op.shops.col.actions'];

let showOnce = null;
let reloadAll = async () => {};

function row(s) {
  const region = $('shops-error');
  const webhook = foldedForm(`webhook-${s.id}`, 'op.shops.webhook', t('op.shops.webhook_named', { name: s.name }),
    [{ name: 'url', labelKey: 'op.shops.webhook_url' }], 'op.shops.webhook_submit', async (v) => {
      const res = await request('PUT', `${API}/shops/${s.id}/webhook`, { url: v.url });
      await loadShops();
      showOnce('op.shops.secret_heading', 'op.shops.secret_label', res?.secret ?? '');
    }, region, 'btn btn-primary btn-sm');
  const token = foldedForm(`token-${s.id}`, 'op.shops.token', t('op.shops.token_named', { name: s.name }),
    [{ name: 'name', labelKey: 'op.shops.token_name', required: true },
      { name: 'expires_in_days', labelKey: 'op.shops.token_days' }], 'op.shops.token_submit', async (v) => {
      const body = { name: v.name };
      if (v.expires_in_days !== '') body.expires_in_days = int(v.expires_in_days);
      const res = await post(`${API}/shops/${s.id}/tokens`, body);
      showOnce('op.shops.token_heading', 'op.shops.token_label', res?.secret ?? '');
    }, region, 'btn btn-primary btn-sm');
  const actions = cell('', 'cell-actions');
  actions.append(el('div', { className: 'row-actions' }, webhook, token));
  return labelCells(el('tr', {}, cell(s.code, 'mono nowrap'), cell(s.name), cell(s.contact_email, 'cell-email'),
    cell(s.webhook_url || t('op.shops.no_webhook'), s.webhook_url ? 'mono' : 'muted'), actions), COLS);
}

/** (Re)loads the shops table; resolves the shops. */
export async function loadShops() {
  clearError($('shops-error'));
  const items = (await get(`${API}/shops`)).items || [];
  $('shops-rows').replaceChildren(...items.map(row));
  $('shops-empty').hidden = items.length > 0;
  $('shops-count').textContent = t('op.count', { n: items.length });
  return items;
}

/** Wires the registration form and the show-once panel; reload() refreshes the whole page after a change. */
export function setupShops(reload) {
  reloadAll = reload;
  showOnce = oncePanel('shop-once');
  const form = $('shop-form');
  onSubmit(form, $('shop-form-error'), async (v) => {
    const res = await post(`${API}/shops`, { code: v.code, name: v.name, contact_email: v.contact_email });
    form.reset();
    await reloadThenNotice(reloadAll, t('op.shops.created', { name: res?.shop?.name ?? v.name }));
  });
}
