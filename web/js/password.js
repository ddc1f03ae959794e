// Password change (forced at first login, or chosen from the dashboard): POST /api/v1/me/password.

import { t } from './i18n.js';
import { API, ApiError, get, post, requireSession } from './api.js';
import { clearError, initPage, setBusy, showError } from './ui.js';
import { rulesText } from './password-rules.js';

initPage();

const $ = (id) => document.getElementById(id);
const FLASH_KEY = 'anshin.flash';

const form = $('password-form');
const errorRegion = $('password-error');
const submit = $('password-submit');
const current = $('current_password');
const next = $('new_password');
const confirm = $('confirm_password');

let me = null;

function renderAccount() {
  if (!me) return;
  const name = me.display_name || me.login;
  $('password-account').textContent = name === me.login
    ? t('password.account_login', { login: me.login })
    : t('password.account', { name, login: me.login });
}

function invalid(...els) {
  for (const el of [current, next, confirm]) el.removeAttribute('aria-invalid');
  for (const el of els) el.setAttribute('aria-invalid', 'true');
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearError(errorRegion);
  invalid();

  const missing = [current, next, confirm].filter((el) => el.value === '');
  if (missing.length) {
    invalid(...missing);
    showError(errorRegion, t('password.missing'));
    missing[0].focus();
    return;
  }
  if (next.value !== confirm.value) {
    invalid(confirm);
    showError(errorRegion, t('password.mismatch'));
    confirm.focus();
    return;
  }

  setBusy(submit, true, 'password.submitting');
  try {
    await post(`${API}/me/password`, { current_password: current.value, new_password: next.value });
    try {
      sessionStorage.setItem(FLASH_KEY, 'password_changed');
    } catch {
      /* storage disabled: the dashboard just shows no message */
    }
    // Staff who must set up a second factor go there next; the page says why (item 13).
    window.location.assign(me.mfa_enrolment_required ? '/security' : '/dashboard');
  } catch (err) {
    setBusy(submit, false);
    if (err instanceof ApiError && err.status === 401) {
      window.location.replace('/');
      return;
    }
    showError(errorRegion, err);
    if (err instanceof ApiError && err.is('wrong-current-password')) {
      invalid(current);
      current.value = '';
      current.focus();
    } else if (err instanceof ApiError && err.is('password-policy')) {
      invalid(next, confirm);
      next.focus();
    }
  }
});

let rules = null;

/** The hint from the rules in force (GET /me/password-rules), not fixed text (issue 10, item 8). */
function renderRules() {
  const hint = $('policy-hint');
  if (!rules) return;
  hint.removeAttribute('data-i18n');
  hint.textContent = rulesText(rules);
}

document.addEventListener('anshin:lang', () => {
  renderAccount();
  renderRules();
});

async function main() {
  try {
    me = await requireSession();
  } catch (err) {
    $('loading').hidden = true;
    showError(errorRegion, err);
    return;
  }
  const required = Boolean(me.password_change_required);
  $('required-notice').hidden = !required;
  // A reset or an expired password is not a first login: say which it is.
  if (me.password_change_reason === 'renewal') {
    const notice = $('required-notice').querySelector('.alert-title');
    notice.dataset.i18n = 'password.renewal_notice';
    notice.textContent = t('password.renewal_notice');
  }
  $('password-lead').hidden = required;
  $('password-cancel').hidden = required;
  $('username').value = me.login;
  renderAccount();
  try {
    rules = (await get(`${API}/me/password-rules`))?.rules ?? null;
  } catch {
    rules = null; /* the generic hint stays */
  }
  renderRules();
  $('loading').hidden = true;
  form.hidden = false;
  current.focus();
}

main();
