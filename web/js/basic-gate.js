// The tenant's HTTP Basic gate (CHK-10) on the tenant settings page: whether it is on and its user
// name (GET /api/v1/basic-gate); turning it on with a user name shows the generated password once
// (PUT {enabled: true, user}); turning it off asks for a confirmation first (PUT {enabled: false}).
// Once it is on, every request of the tenant's users needs the credentials: the browser asks for
// them (the server answers 401 with WWW-Authenticate: Basic), so nothing is reloaded right after.

import { t } from './i18n.js';
import { API, get, request } from './api.js';
import { clearError, closeSecretPanel, markInvalid, openSecretPanel, sessionLost, setBusy, showError, showNotice, wireCopy } from './ui.js';

const $ = (id) => document.getElementById(id);
const put = (body) => request('PUT', `${API}/basic-gate`, body);

let gate = { enabled: false, user: '' };

function render() {
  const state = $('bg-state');
  state.className = `state${gate.enabled ? ' state-ok' : ''}`;
  state.textContent = gate.enabled ? t('ts.bg.on', { user: gate.user }) : t('ts.bg.off');
  $('bg-on-form').hidden = gate.enabled;
  $('bg-off-actions').hidden = !gate.enabled;
  if (!gate.enabled) $('bg-confirm').hidden = true;
}

function closeConfirm(focusBack = true) {
  $('bg-confirm').hidden = true;
  if (focusBack && !$('bg-off-actions').hidden) $('bg-off').focus();
}

/** Loads the gate's state into the card. */
export async function loadBasicGate() {
  clearError($('bg-error'));
  try {
    gate = await get(`${API}/basic-gate`);
    render();
  } catch (err) {
    if (!sessionLost(err)) showError($('bg-error'), err);
  }
}

export function setupBasicGate() {
  const form = $('bg-on-form');
  const on = $('bg-on');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearError($('bg-error'));
    markInvalid(form, null);
    const user = $('bg-user').value.trim();
    if (!/^[\x21-\x39\x3b-\x7e]{3,64}$/.test(user)) {
      $('bg-user').setAttribute('aria-invalid', 'true');
      showError($('bg-error'), t('ts.bg.user_invalid'));
      $('bg-user').focus();
      return;
    }
    setBusy(on, true, 'ts.saving');
    try {
      const res = await put({ enabled: true, user });
      gate = { enabled: true, user: res?.user ?? user };
      render();
      form.reset();
      $('bg-user-value').textContent = gate.user;
      openSecretPanel('bg-created', 'bg-password', 'bg-copy-status', res?.password ?? '');
    } catch (err) {
      if (sessionLost(err)) return;
      showError($('bg-error'), err);
      const first = markInvalid(form, err);
      if (first) first.focus();
    } finally {
      setBusy(on, false);
    }
  });

  wireCopy('bg-copy', 'bg-password', 'bg-copy-status');
  $('bg-created-close').addEventListener('click', () => {
    closeSecretPanel('bg-created', 'bg-password', 'bg-copy-status');
    $('bg-user-value').textContent = '';
    $('bg-heading').focus();
  });

  $('bg-off').addEventListener('click', () => {
    clearError($('bg-error'));
    $('bg-confirm').hidden = false;
    $('bg-confirm').focus();
  });
  $('bg-confirm-no').addEventListener('click', () => closeConfirm());
  $('bg-confirm').addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeConfirm();
  });
  const yes = $('bg-confirm-yes');
  yes.addEventListener('click', async () => {
    clearError($('bg-error'));
    setBusy(yes, true, 'ts.saving');
    try {
      await put({ enabled: false });
      gate = { enabled: false, user: '' };
      closeConfirm(false);
      closeSecretPanel('bg-created', 'bg-password', 'bg-copy-status');
      render();
      showNotice($('page-status'), t('ts.bg.disabled'));
      $('bg-user').focus();
    } catch (err) {
      if (!sessionLost(err)) showError($('bg-error'), err);
    } finally {
      setBusy(yes, false);
    }
  });
  document.addEventListener('anshin:lang', render);
}
