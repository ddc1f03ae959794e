// Staff accounts on the dashboard's staff card (issue 10, items 6 and 7): each row has 利用停止 /
// 利用再開, リンクを再送 and 削除, each confirmed in a dialog that states what ends (no default
// choice: the dialog opens on its text, and Escape cancels); the form offers the shop role with its
// shop and an address for a set-password link. The server refuses removing the last operator
// admin (/problems/last-operator-admin), shown in the dialog.
// POST /api/v1/staff/{id}/suspend, /reinstate, /password-link; DELETE /api/v1/staff/{id}.

import { t } from './i18n.js';
import { API, ApiError, get, post, request } from './api.js';
import { actionsCell, clearError, relabel, rowActionButton, sessionLost, setBusy, showError, showNotice } from './ui.js';
import { setupStaffEdit, staffEditButton } from './staff-edit.js';

const $ = (id) => document.getElementById(id);
const path = (s, suffix = '') => `${API}/staff/${encodeURIComponent(s.id)}${suffix}`;

const ACTIONS = {
  suspend: { send: (s) => post(path(s, '/suspend')), notice: 'staff.notice.suspended' },
  reinstate: { send: (s) => post(path(s, '/reinstate')), notice: 'staff.notice.reinstated' },
  link: { send: (s) => post(path(s, '/password-link')), notice: null },
  delete: { send: (s) => request('DELETE', path(s)), notice: 'staff.notice.deleted' },
};

let reload = async () => {};
let pending = null; // { action, staff, opener } while the dialog is open

/** The sentence for a mail an action queued: sent shortly, or waiting (no relay), or none. */
export function mailStateText(mail) {
  return t(`mail.state.${mail?.status || 'none'}`);
}

function actionButton(s, action) {
  const btn = rowActionButton('staff', action, { login: s.login }, (opener) => openDialog(action, s, opener));
  btn.setAttribute('aria-haspopup', 'dialog');
  return btn;
}

/** The 操作 cell of a staff row. */
export function staffActionsCell(s) {
  return actionsCell(() => [staffEditButton(s), actionButton(s, s.status === 'suspended' ? 'reinstate' : 'suspend'),
    actionButton(s, 'link'), actionButton(s, 'delete')]);
}

function renderDialog() {
  if (!pending) return;
  const { action, staff } = pending;
  const key = action === 'reinstate' ? 'staff.action.reinstate_named' : `staff.confirm.${action}_heading`;
  $('staff-dialog-heading').textContent = t(key, { login: staff.login });
  $('staff-dialog-warning').textContent = action === 'reinstate' ? '' : t(`staff.confirm.${action}_warning`);
  const ok = $('staff-dialog-ok');
  relabel(ok, action === 'reinstate' ? 'staff.action.reinstate' : `staff.confirm.${action}`);
  ok.className = `btn ${action === 'delete' || action === 'suspend' ? 'btn-danger' : 'btn-primary'}`;
}

function openDialog(action, staff, opener) {
  pending = { action, staff, opener };
  clearError($('staff-dialog-error'));
  renderDialog();
  const d = $('staff-dialog');
  d.showModal();
  // No default choice: the focus is on the dialog's text, not on a button.
  $('staff-dialog-heading').tabIndex = -1;
  $('staff-dialog-heading').focus();
}

function closeDialog() {
  const opener = pending?.opener;
  pending = null;
  const d = $('staff-dialog');
  if (d.open) d.close();
  if (opener && opener.isConnected) opener.focus();
}

async function run() {
  const { action, staff } = pending;
  const ok = $('staff-dialog-ok');
  clearError($('staff-dialog-error'));
  clearError($('staff-status'));
  setBusy(ok, true, 'users.action.working');
  let res;
  try {
    res = await ACTIONS[action].send(staff);
  } catch (err) {
    setBusy(ok, false);
    if (sessionLost(err)) return;
    if (err instanceof ApiError && err.status === 404) await reload();
    showError($('staff-dialog-error'), err);
    return;
  }
  setBusy(ok, false);
  closeDialog();
  const text = action === 'link' ? mailStateText(res?.mail) : t(ACTIONS[action].notice, { login: staff.login });
  await reload();
  showNotice($('staff-status'), text);
}

/** The shops for the shop role's select (GET /api/v1/shops). */
async function loadShops() {
  const select = $('staff-shop');
  let shops = [];
  try {
    shops = (await get(`${API}/shops`))?.items ?? [];
  } catch {
    shops = [];
  }
  select.replaceChildren(...shops.map((s) => {
    const o = document.createElement('option');
    o.value = String(s.id);
    o.textContent = s.name;
    return o;
  }));
}

/** The form's extra fields: the shop (with the shop role) and the address. */
export function staffFormExtras() {
  const body = {};
  const role = $('staff-role').value;
  if (role === 'shop') {
    const shop = Number($('staff-shop').value);
    if (!shop) return { error: t('staff.form.shop_missing'), field: $('staff-shop') };
    body.shop_id = shop;
  }
  const email = $('staff-email').value.trim();
  if (email) body.email = email;
  return { body };
}

/** Wires the dialog and the form's role select; reload() draws the staff list anew. */
export function setupStaffAdmin(options) {
  reload = options.reload;
  setupStaffEdit(options.reload);
  $('staff-dialog-ok').addEventListener('click', () => {
    if (pending && !$('staff-dialog-ok').disabled) run();
  });
  $('staff-dialog-cancel').addEventListener('click', closeDialog);
  $('staff-dialog').addEventListener('cancel', (event) => {
    event.preventDefault();
    closeDialog();
  });
  const role = $('staff-role');
  const sync = () => {
    $('staff-shop-field').hidden = role.value !== 'shop';
  };
  role.addEventListener('change', sync);
  $('staff-form').addEventListener('reset', () => setTimeout(sync));
  sync();
  loadShops();
  document.addEventListener('anshin:lang', renderDialog);
}
