// User administration on the dashboard's 「ユーザー」 card (tenant admins): each row but one's own has
// 利用停止 / 利用再開, パスワードリセット and 削除. Suspending, resetting and deleting end the user's
// sessions, so they are confirmed first in an in-page panel; a reset shows the new one-time
// password once, in a panel like the one for a new user.
// POST /api/v1/users/{id}/suspend, /reinstate, /password-reset; DELETE /api/v1/users/{id}.

import { t } from './i18n.js';
import { API, ApiError, post, request } from './api.js';
import { confirmButton } from './confirm.js';
import {
  actionsCell, clearError, closeSecretPanel, openSecretPanel, relabel, rowActionButton, sessionLost, setBusy, showError, showNotice,
  wireCopy,
} from './ui.js';

const $ = (id) => document.getElementById(id);

const path = (u, suffix = '') => `${API}/users/${encodeURIComponent(u.id)}${suffix}`;

// confirm: asked in the panel first; send: the request; notice: the status message afterwards.
const ACTIONS = {
  suspend: { confirm: true, send: (u) => post(path(u, '/suspend')), notice: 'users.notice.suspended' },
  reinstate: { confirm: false, send: (u) => post(path(u, '/reinstate')), notice: 'users.notice.reinstated' },
  reset: { confirm: true, send: (u) => post(path(u, '/password-reset')), notice: 'users.notice.reset' },
  delete: { confirm: true, send: (u) => request('DELETE', path(u)), notice: 'users.notice.deleted' },
};

let me = null;
let reload = async () => {};
let pending = null; // { action, user, opener } while the confirmation panel is open
let resetFor = null; // the user whose new one-time password the reset panel shows

/** 「佐藤 花子（sato）」, or the user ID alone when the display name is the same. */
export function who(u) {
  const name = u.display_name;
  return name && name !== u.login ? t('users.who', { name, login: u.login }) : u.login;
}

function actionButton(u, action) {
  const btn = rowActionButton('users', action, { who: who(u) }, (opener) => {
    if (ACTIONS[action].confirm) openConfirm(action, u, opener);
    else run(action, u, opener);
  });
  if (ACTIONS[action].confirm) btn.setAttribute('aria-controls', 'user-confirm');
  return btn;
}

/** 編集: the user's name and address in a dialog, filled in (PATCH /api/v1/users/{id}, issue 10 item 5). */
function editButton(u) {
  return confirmButton('users.action.edit', t('users.action.edit_named', { who: who(u) }), () => ({
    title: t('users.edit.title', { who: who(u) }),
    consequences: [t('users.edit.audited')],
    fields: [
      { name: 'display_name', labelKey: 'users.edit.name', value: u.display_name },
      { name: 'email', labelKey: 'users.edit.email', type: 'email', value: u.email, required: true },
    ],
    confirmKey: 'users.edit.save',
    danger: false,
    run: async (v) => {
      await request('PATCH', path(u), { display_name: v.display_name, email: v.email });
      await reload();
      showNotice($('users-status'), t('users.notice.edited', { who: who({ ...u, display_name: v.display_name || u.login }) }));
    },
  }));
}

/** The 操作 cell of a user's row: the actions, or a note on one's own row (the API refuses those). */
export function userActionsCell(u, self) {
  return actionsCell(() => [editButton(u), actionButton(u, u.status === 'suspended' ? 'reinstate' : 'suspend'),
    actionButton(u, 'reset'), actionButton(u, 'delete')], self && u.id === self.id ? 'users.self' : '');
}

function renderConfirm() {
  if (!pending) return;
  const { action, user } = pending;
  $('user-confirm-heading').textContent = t(`users.confirm.${action}_heading`, { who: who(user) });
  $('user-confirm-warning').textContent = t(`users.confirm.${action}_warning`);
  const ok = $('user-confirm-ok');
  relabel(ok, `users.confirm.${action}`);
}

function openConfirm(action, user, opener) {
  pending = { action, user, opener };
  clearError($('user-confirm-error'));
  renderConfirm();
  const panel = $('user-confirm');
  panel.hidden = false;
  panel.focus();
}

function closeConfirm(focusBack = true) {
  const opener = pending?.opener;
  pending = null;
  $('user-confirm').hidden = true;
  clearError($('user-confirm-error'));
  if (focusBack && opener && opener.isConnected) opener.focus();
}

function renderReset() {
  if (!resetFor) return;
  $('user-reset-lead').textContent = t('users.reset.lead', {
    who: who(resetFor), login: resetFor.login, code: me?.tenant?.company_code ?? '',
  });
}

function closeReset() {
  closeSecretPanel('user-reset', 'user-reset-value', 'user-reset-copy-status');
  resetFor = null;
}

/** Puts the focus back on the user's row after the list was drawn anew (or on the heading). */
function focusRow(u) {
  const btn = document.querySelector(`#users-rows tr[data-user-id="${CSS.escape(String(u.id))}"] button`);
  (btn || $('users-heading')).focus();
}

async function run(action, user, button) {
  const inPanel = button.id === 'user-confirm-ok';
  const errorRegion = inPanel ? $('user-confirm-error') : $('users-error');
  clearError($('users-status'));
  clearError($('users-error'));
  clearError($('user-confirm-error'));
  setBusy(button, true, 'users.action.working');
  let res;
  try {
    res = await ACTIONS[action].send(user);
  } catch (err) {
    if (sessionLost(err)) return;
    setBusy(button, false);
    // 404: the user is gone already (deleted in another window); show the list as it is now
    // (before the error, since drawing the list anew empties the list's alert region).
    if (err instanceof ApiError && err.status === 404) await reload();
    showError(errorRegion, err);
    return;
  }
  setBusy(button, false);
  if (inPanel) closeConfirm(false);
  if (resetFor && resetFor.id === user.id && action !== 'reset') closeReset();
  showNotice($('users-status'), t(ACTIONS[action].notice, { who: who(user) }));
  if (action === 'reset') {
    resetFor = user;
    renderReset();
    openSecretPanel('user-reset', 'user-reset-value', 'user-reset-copy-status', res?.initial_password);
  }
  await reload();
  if (action !== 'reset') focusRow(user);
}

/** Wires the confirmation and reset panels; reload() draws the user list anew. */
export function setupUserAdmin(options) {
  me = options.me;
  reload = options.reload;
  const ok = $('user-confirm-ok');
  ok.addEventListener('click', () => {
    if (pending && !ok.disabled) run(pending.action, pending.user, ok);
  });
  $('user-confirm-cancel').addEventListener('click', () => closeConfirm());
  $('user-confirm').addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeConfirm();
  });
  wireCopy('user-reset-copy', 'user-reset-value', 'user-reset-copy-status');
  $('user-reset-close').addEventListener('click', () => {
    closeReset();
    $('users-heading').focus();
  });
  document.addEventListener('anshin:lang', () => {
    renderConfirm();
    renderReset();
  });
}
