// Security settings: the person's own second factor (TOTP with an authenticator app).
// GET /api/v1/me/mfa for the state; POST /api/v1/me/mfa/totp starts the enrolment (QR code and
// setup key), POST /api/v1/me/mfa/totp/confirm with the app's code turns it on and hands out the
// ten recovery codes (shown once, here only); DELETE /api/v1/me/mfa/totp turns it off.

import { t } from './i18n.js';
import { API, ApiError, get, post, request } from './api.js';
import { clearError, copyOrSelect, initPage, pagePerson, setBusy, showError, showNotice } from './ui.js';
import { mountLanguageCard } from './my-language.js';

initPage();

const $ = (id) => document.getElementById(id);

const RECOVERY_LOW = 3; // at or below this many codes left, suggest issuing new ones

let me = null;
let status = null; // { totp: bool, recovery_codes_left: n }
let enrolment = null; // { secret, qr_svg } while the setup card is open
let recoveryCodes = []; // shown once, dropped when the panel closes

/** Sends the visitor to the login page when the session has ended; true when it did. */
function sessionLost(err) {
  if (err instanceof ApiError && err.status === 401 && !err.is('mfa-failed')) {
    window.location.replace('/');
    return true;
  }
  return false;
}

/** "JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP" (easier to type into an app by hand). */
function groupBy4(secret) {
  return String(secret ?? '').replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}

/** Copies text; when the clipboard is not available, selects the element's text instead. */
function copyText(text, el, statusEl) {
  return copyOrSelect(text, el, statusEl, { copied: 'security.copied', failed: 'security.copy_failed' });
}

function renderStatus() {
  if (!status) return;
  const on = status.totp === true;
  const state = $('mfa-state');
  state.dataset.i18n = on ? 'security.status.on' : 'security.status.off';
  state.textContent = t(state.dataset.i18n);
  state.className = `status-badge status-badge-${on ? 'on' : 'off'}`;
  $('mfa-icon').className = `mfa-icon mfa-icon-${on ? 'on' : 'off'}`;
  const left = Number.isFinite(status.recovery_codes_left) ? status.recovery_codes_left : 0;
  $('recovery-left-row').hidden = !on;
  $('recovery-left').textContent = t('security.status.recovery_value', { count: left });
  $('mfa-note').textContent = t(on ? 'security.status.on_note' : 'security.status.off_note');
  $('recovery-low').hidden = !on || left > RECOVERY_LOW;
  $('start-button').hidden = on || enrolment !== null;
  $('disable-button').hidden = !on;
  if (!on) closeDisableConfirm(false);
}

function renderEnrolment() {
  if (!enrolment) return;
  const img = $('qr-frame').querySelector('img');
  if (img) img.alt = t('security.enrol.qr_alt');
}

function renderCodes() {
  $('codes-list-label').textContent = t('security.codes.list', { count: recoveryCodes.length });
}

async function loadStatus() {
  status = await get(`${API}/me/mfa`);
  renderStatus();
}

// ---- Enrolment ----

function openEnrolment(res) {
  enrolment = { secret: String(res?.secret ?? ''), qr: String(res?.qr_svg ?? '') };
  const frame = $('qr-frame');
  frame.replaceChildren();
  if (enrolment.qr.startsWith('data:image/')) {
    const img = document.createElement('img');
    img.id = 'qr-image';
    img.className = 'qr-image';
    img.width = 192;
    img.height = 192;
    img.src = enrolment.qr;
    frame.append(img);
  }
  frame.hidden = frame.childElementCount === 0;
  $('secret-value').textContent = groupBy4(enrolment.secret);
  $('secret-copy-status').textContent = '';
  $('enrol-code').value = '';
  $('enrol-code').removeAttribute('aria-invalid');
  clearError($('enrol-error'));
  renderEnrolment();
  $('enrol-card').hidden = false;
  renderStatus();
  $('enrol-heading').focus();
}

/** Closes the setup card; the secret leaves the page. */
function closeEnrolment() {
  enrolment = null;
  $('enrol-card').hidden = true;
  $('qr-frame').replaceChildren();
  $('secret-value').textContent = '';
  $('secret-copy-status').textContent = '';
  $('enrol-code').value = '';
  clearError($('enrol-error'));
  renderStatus();
}

function setupEnrolment() {
  const start = $('start-button');
  start.addEventListener('click', async () => {
    clearError($('status-error'));
    clearError($('page-status'));
    setBusy(start, true, 'security.starting');
    try {
      const res = await post(`${API}/me/mfa/totp`);
      setBusy(start, false);
      openEnrolment(res);
    } catch (err) {
      setBusy(start, false);
      if (sessionLost(err)) return;
      showError($('status-error'), err);
    }
  });

  $('secret-copy').addEventListener('click', () => {
    if (enrolment) copyText(enrolment.secret, $('secret-value'), $('secret-copy-status'));
  });

  const code = $('enrol-code');
  code.addEventListener('input', () => {
    const digits = code.value.replace(/\D+/g, '').slice(0, 6);
    if (digits !== code.value) code.value = digits;
  });

  const form = $('enrol-form');
  const submit = $('enrol-submit');
  const errorRegion = $('enrol-error');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearError(errorRegion);
    const value = code.value.replace(/\s+/g, '');
    let problem = '';
    if (value === '') problem = t('security.enrol.code_missing');
    else if (!/^\d{6}$/.test(value)) problem = t('security.enrol.code_format');
    if (problem) {
      code.setAttribute('aria-invalid', 'true');
      showError(errorRegion, problem);
      code.focus();
      return;
    }
    code.removeAttribute('aria-invalid');
    setBusy(submit, true, 'security.enrol.submitting');
    try {
      const res = await post(`${API}/me/mfa/totp/confirm`, { code: value });
      setBusy(submit, false);
      const codes = Array.isArray(res?.recovery_codes) ? res.recovery_codes : [];
      status = { totp: true, recovery_codes_left: codes.length };
      closeEnrolment();
      showCodes(codes);
      loadStatus().catch((err) => {
        if (!sessionLost(err)) showError($('status-error'), err);
      });
    } catch (err) {
      setBusy(submit, false);
      if (sessionLost(err)) return;
      showError(errorRegion, err);
      code.value = '';
      code.setAttribute('aria-invalid', 'true');
      code.focus();
    }
  });

  $('enrol-cancel').addEventListener('click', () => {
    closeEnrolment();
    $('start-button').focus();
  });
}

// ---- Recovery codes (once) ----

function showCodes(codes) {
  recoveryCodes = codes.map(String);
  const items = recoveryCodes.map((c) => {
    const li = document.createElement('li');
    const code = document.createElement('code');
    code.className = 'recovery-code';
    code.textContent = c;
    li.append(code);
    return li;
  });
  $('recovery-codes').replaceChildren(...items);
  $('codes-copy-status').textContent = '';
  renderCodes();
  const card = $('codes-card');
  card.hidden = false;
  card.focus();
}

function setupCodes() {
  $('codes-copy').addEventListener('click', () => {
    copyText(recoveryCodes.join('\n'), $('recovery-codes'), $('codes-copy-status'));
  });
  $('codes-done').addEventListener('click', () => {
    recoveryCodes = [];
    $('recovery-codes').replaceChildren();
    $('codes-copy-status').textContent = '';
    $('codes-card').hidden = true;
    $('status-card').focus();
  });
}

// ---- Turning it off ----

function closeDisableConfirm(refocus = true) {
  const panel = $('disable-confirm');
  if (panel.hidden) return;
  panel.hidden = true;
  $('disable-button').setAttribute('aria-expanded', 'false');
  if (refocus && !$('disable-button').hidden) $('disable-button').focus();
}

function setupDisable() {
  const button = $('disable-button');
  const panel = $('disable-confirm');
  button.addEventListener('click', () => {
    clearError($('status-error'));
    clearError($('page-status'));
    if (!panel.hidden) {
      closeDisableConfirm();
      return;
    }
    panel.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    panel.focus();
  });
  $('disable-cancel').addEventListener('click', () => closeDisableConfirm());
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeDisableConfirm();
  });

  const confirm = $('disable-confirm-button');
  confirm.addEventListener('click', async () => {
    clearError($('status-error'));
    setBusy(confirm, true, 'security.disable.submitting');
    try {
      await request('DELETE', `${API}/me/mfa/totp`);
      setBusy(confirm, false);
      closeDisableConfirm(false);
      // The codes of an enrolment just finished are no longer valid either.
      $('codes-card').hidden = true;
      recoveryCodes = [];
      $('recovery-codes').replaceChildren();
      await loadStatus();
      showNotice($('page-status'), t('security.disabled_notice'));
      $('start-button').focus();
    } catch (err) {
      setBusy(confirm, false);
      if (sessionLost(err)) return;
      showError($('status-error'), err);
    }
  });
}

document.addEventListener('anshin:lang', () => {
  renderStatus();
  renderEnrolment();
  if (recoveryCodes.length) renderCodes();
});

const FLASH_KEY = 'anshin.flash';

function takeFlash() {
  try {
    const v = sessionStorage.getItem(FLASH_KEY);
    sessionStorage.removeItem(FLASH_KEY);
    return v;
  } catch {
    return null; /* storage disabled: no message */
  }
}

async function main() {
  me = await pagePerson({ mfaFirst: false });
  if (!me) return;
  // Compulsory staff MFA (issue 10, item 13): say that it is required and why, and confirm the
  // password change that led here, instead of a silent bounce from the dashboard.
  $('mfa-required').hidden = !me.mfa_enrolment_required;
  if (me.kind === 'user') {
    // A tenant's users: their company's admins made it compulsory (the tenant's policy).
    for (const [id, key] of [['mfa-required-title', 'security.required.title_tenant'], ['mfa-required-why', 'security.required.why_tenant']]) {
      $(id).dataset.i18n = key;
      $(id).textContent = t(key);
    }
  }
  const flash = takeFlash();
  if (flash === 'password_changed') showNotice($('page-status'), t('dashboard.password_changed'));
  try {
    await loadStatus();
  } catch (err) {
    if (sessionLost(err)) return;
    $('loading').hidden = true;
    showError($('page-error'), err);
    return;
  }
  setupEnrolment();
  setupCodes();
  setupDisable();
  $('loading').hidden = true;
  $('security-content').hidden = false;
  mountLanguageCard(document.querySelector('.security-main'));
}

main();
