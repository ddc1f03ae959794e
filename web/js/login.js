// Login page: POST /api/v1/auth/login, then /password when a change is required, else /dashboard.
// When the account has a second factor (mfa_required), the session is pending until the
// 「確認コード」 step succeeds: POST /api/v1/auth/mfa with the authenticator's code or a recovery
// code. 「戻る」 logs the pending session out and shows the password step again.

import { t } from './i18n.js';
import { API, ApiError, post, safeNext } from './api.js';
import { clearError, initPage, setBusy, showError, showNotice } from './ui.js';

initPage();

const $ = (id) => document.getElementById(id);

const card = $('login-card');
const form = $('login-form');
const errorRegion = $('login-error');
const submit = $('login-submit');
const fields = {
  company: $('company_code'),
  login: $('login'),
  password: $('password'),
};

const mfa = {
  form: $('mfa-form'),
  head: $('mfa-head'),
  heading: $('mfa-heading'),
  lead: $('mfa-lead'),
  account: $('mfa-account'),
  code: $('mfa-code'),
  codeField: $('mfa-code-field'),
  recovery: $('mfa-recovery'),
  recoveryField: $('mfa-recovery-field'),
  submit: $('mfa-submit'),
  toggle: $('mfa-toggle'),
  back: $('mfa-back'),
};

let pendingMe = null; // the person of the pending session, while the code step is shown
let useRecovery = false;

function markMissing(el, missing) {
  if (missing) el.setAttribute('aria-invalid', 'true');
  else el.removeAttribute('aria-invalid');
}

/* A session that timed out sent the person here with why (ended) and from where (next): say
 * why, and return there after the login (CHK-15). */
const params = new URLSearchParams(window.location.search);
const returnTo = safeNext(params.get('next'));
const ended = params.get('ended');
if (ended === 'idle' || ended === 'absolute') {
  showNotice(errorRegion, t(`login.ended.${ended}`), 'info');
}

/** Where a fully logged-in person goes: the forced password change first, else the page they
 * were on when their session ended, else the dashboard. */
function proceed(res) {
  const mustChange = Boolean(res && (res.password_change_required || res.me?.password_change_required));
  window.location.assign(mustChange ? '/password' : returnTo || '/dashboard');
}

/** The 429 hint under the server's message, when it said how long to wait. */
function retryExtra(err) {
  if (err instanceof ApiError && err.status === 429 && err.retryAfter !== null) {
    return [t('login.retry_after', { seconds: err.retryAfter })];
  }
  return [];
}

function renderMfaTexts() {
  if (!pendingMe) return;
  const name = pendingMe.display_name || pendingMe.login || '';
  const login = pendingMe.tenant?.company_code
    ? `${pendingMe.tenant.company_code} / ${pendingMe.login}` : pendingMe.login || '';
  mfa.account.textContent = name && name !== pendingMe.login
    ? t('login.mfa.account', { name, login }) : t('login.mfa.account_login', { login });
  mfa.account.hidden = login === '';
  const heading = useRecovery ? 'login.mfa.heading_recovery' : 'login.mfa.heading';
  mfa.heading.dataset.i18n = heading;
  mfa.heading.textContent = t(heading);
  const lead = useRecovery ? 'login.mfa.lead_recovery' : 'login.mfa.lead';
  mfa.lead.dataset.i18n = lead;
  mfa.lead.textContent = t(lead);
  const toggle = useRecovery ? 'login.mfa.use_code' : 'login.mfa.use_recovery';
  mfa.toggle.dataset.i18n = toggle;
  mfa.toggle.textContent = t(toggle);
}

/** Switches between the 6-digit code and a recovery code; the visible input gets the focus. */
function setRecoveryMode(on) {
  useRecovery = on;
  mfa.codeField.hidden = on;
  mfa.recoveryField.hidden = !on;
  markMissing(mfa.code, false);
  markMissing(mfa.recovery, false);
  renderMfaTexts();
  (on ? mfa.recovery : mfa.code).focus();
}

/** Shows the code step for the pending session of me. */
function showMfaStep(me) {
  pendingMe = me || {};
  form.hidden = true;
  $('password-head').hidden = true;
  $('login-help').hidden = true;
  mfa.head.hidden = false;
  mfa.form.hidden = false;
  $('mfa-help').hidden = false;
  card.setAttribute('aria-labelledby', 'mfa-heading');
  mfa.code.value = '';
  mfa.recovery.value = '';
  setRecoveryMode(false);
}

/** Back to the password step (after the pending session ended); the password must be typed again. */
function showPasswordStep() {
  pendingMe = null;
  mfa.form.hidden = true;
  mfa.head.hidden = true;
  $('mfa-help').hidden = true;
  mfa.code.value = '';
  mfa.recovery.value = '';
  $('password-head').hidden = false;
  $('login-help').hidden = false;
  form.hidden = false;
  card.setAttribute('aria-labelledby', 'login-heading');
  fields.password.value = '';
  markMissing(fields.password, false);
  fields.password.focus();
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearError(errorRegion);

  const login = fields.login.value.trim();
  const password = fields.password.value;
  const companyCode = fields.company.value.trim();
  markMissing(fields.login, login === '');
  markMissing(fields.password, password === '');
  if (login === '' || password === '') {
    showError(errorRegion, t('login.missing'));
    (login === '' ? fields.login : fields.password).focus();
    return;
  }

  const body = { login, password };
  if (companyCode !== '') body.company_code = companyCode;

  setBusy(submit, true, 'login.submitting');
  try {
    const res = await post(`${API}/auth/login`, body);
    if (res && res.mfa_required === true) {
      setBusy(submit, false);
      showMfaStep(res.me);
      return;
    }
    proceed(res);
  } catch (err) {
    setBusy(submit, false);
    showError(errorRegion, err, { extra: retryExtra(err) });
    if (err instanceof ApiError && err.status === 401) {
      fields.password.value = '';
      fields.password.setAttribute('aria-invalid', 'true');
      fields.password.focus();
    }
  }
});

// Digits only in the code box (a pasted "123 456" keeps its digits).
mfa.code.addEventListener('input', () => {
  const digits = mfa.code.value.replace(/\D+/g, '').slice(0, 6);
  if (digits !== mfa.code.value) mfa.code.value = digits;
});

mfa.form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearError(errorRegion);
  const input = useRecovery ? mfa.recovery : mfa.code;
  const value = useRecovery ? mfa.recovery.value.trim() : mfa.code.value.replace(/\s+/g, '');
  let problem = '';
  if (value === '') problem = t(useRecovery ? 'login.mfa.recovery_missing' : 'login.mfa.code_missing');
  else if (!useRecovery && !/^\d{6}$/.test(value)) problem = t('login.mfa.code_format');
  markMissing(input, problem !== '');
  if (problem) {
    showError(errorRegion, problem);
    input.focus();
    return;
  }

  setBusy(mfa.submit, true, 'login.mfa.submitting');
  try {
    const res = await post(`${API}/auth/mfa`, useRecovery ? { recovery_code: value } : { code: value });
    proceed(res);
  } catch (err) {
    setBusy(mfa.submit, false);
    if (err instanceof ApiError && err.status === 401 && !err.is('mfa-failed')) {
      // The pending session is gone (expired or logged out elsewhere): start again.
      showPasswordStep();
      showError(errorRegion, err);
      return;
    }
    showError(errorRegion, err, { extra: retryExtra(err) });
    if (err instanceof ApiError && err.is('mfa-failed')) {
      input.value = '';
      input.setAttribute('aria-invalid', 'true');
    }
    input.focus();
  }
});

mfa.toggle.addEventListener('click', () => {
  clearError(errorRegion);
  setRecoveryMode(!useRecovery);
});

mfa.back.addEventListener('click', async () => {
  clearError(errorRegion);
  mfa.back.disabled = true;
  try {
    await post(`${API}/auth/logout`);
  } catch {
    /* the pending session may already be gone: the password step is right either way */
  }
  mfa.back.disabled = false;
  showPasswordStep();
});

document.addEventListener('anshin:lang', renderMfaTexts);

// Arriving from /set-password (issue 10): the company code and user ID just set are filled in, so
// only the new password is typed.
{
  const q = new URLSearchParams(window.location.search);
  if (q.get('login')) fields.login.value = q.get('login');
  if (q.get('company_code')) fields.company.value = q.get('company_code');
}
