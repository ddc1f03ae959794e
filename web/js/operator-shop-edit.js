// The shop edit form on the operator console's edit card (issue 10 item 5): a shop's name and
// contact address, PATCH /api/v1/shops/{id}; the change is audited by the server.

import { t } from './i18n.js';
import { API, request } from './api.js';
import { el } from './market.js';
import { onSubmit, reloadThenNotice } from './operator-ui.js';

const $ = (id) => document.getElementById(id);
let shops = [];

const selected = () => shops.find((s) => String(s.id) === $('edit-shop').value) ?? null;

function fill() {
  const s = selected();
  $('edit-shop-name').value = s?.name ?? '';
  $('edit-shop-email').value = s?.contact_email ?? '';
}

/** Fills the select with the shops (GET /api/v1/shops items). */
export function fillShopEdit(list) {
  shops = list;
  const select = $('edit-shop');
  const keep = select.value;
  select.replaceChildren(...(shops.length
    ? shops.map((s) => el('option', { value: String(s.id), textContent: `${s.name}（${s.code}）` }))
    : [el('option', { value: '', textContent: t('op.shopedit.none') })]));
  if (shops.some((s) => String(s.id) === keep)) select.value = keep;
  fill();
}

/** Wires the form; reload() refreshes the page after an edit. */
export function setupShopEdit(reload) {
  $('edit-shop').addEventListener('change', fill);
  onSubmit($('edit-shop-form'), $('edit-shop-error'), async (v) => {
    const s = selected();
    if (!s) throw new Error(t('op.shopedit.none'));
    const res = await request('PATCH', `${API}/shops/${s.id}`, { name: v.name, contact_email: v.contact_email });
    await reloadThenNotice(reload, t('op.shopedit.done', { name: res?.shop?.name ?? v.name }));
  });
}
