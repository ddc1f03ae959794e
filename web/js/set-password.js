// Setting one's password from the link of an invitation, a welcome or a re-issued mail
// (issue 10, item 1): /set-password#token=… . The token stays in the fragment (never sent in a
// URL, so no log keeps it) and is posted to POST /api/v1/password-links/rules for the hint and to
// POST /api/v1/password-links/use with the new password. No mail ever carries a password.

import { t } from './i18n.js';
import { API, ApiError, post } from './api.js';
import { clearError, initPage, setBusy, showError, showNotice } from './ui.js';
import { rulesText } from './password-rules.js';

initPage();

const $ = (id) => document.getElementById(id);
const token = new URLSearchParams(window.location.hash.slice(1)).get('token') || '';
let rules = null;

function renderHint() {
  $('setpw-hint').textContent = rules ? rulesText(rules) : '';
}

function invalid(...els) {
  for (const el of [$('setpw-new'), $('setpw-confirm')]) el.removeAttribute('aria-invalid');
  for (const el of els) el.setAttribute('aria-invalid', 'true');
}

function done(account) {
  $('setpw-form').hidden = true;
  $('setpw-done').hidden = false;
  $('setpw-done-login').textContent = account.login;
  $('setpw-done-code-row').hidden = !account.company_code;
  $('setpw-done-code').textContent = account.company_code || '';
  const q = new URLSearchParams({ login: account.login });
  if (account.company_code) q.set('company_code', account.company_code);
  $('setpw-login-link').href = `/?${q}`;
  showNotice($('setpw-status'), t('setpw.done'));
  // The token is used up: drop it from the address bar and history.
  window.history.replaceState(null, '', window.location.pathname);
  $('setpw-login-link').focus();
}

$('setpw-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const next = $('setpw-new');
  const confirm = $('setpw-confirm');
  clearError($('setpw-error'));
  invalid();
  if (next.value === '' || confirm.value === '') {
    const missing = [next, confirm].filter((el) => el.value === '');
    invalid(...missing);
    showError($('setpw-error'), t('password.missing'));
    missing[0].focus();
    return;
  }
  if (next.value !== confirm.value) {
    invalid(confirm);
    showError($('setpw-error'), t('password.mismatch'));
    confirm.focus();
    return;
  }
  const submit = $('setpw-submit');
  setBusy(submit, true, 'setpw.submitting');
  try {
    const res = await post(`${API}/password-links/use`, { token, password: next.value });
    done(res.account);
  } catch (err) {
    showError($('setpw-error'), err);
    if (err instanceof ApiError && err.is('password-policy')) {
      invalid(next, confirm);
      next.focus();
    }
  } finally {
    setBusy(submit, false);
  }
});

document.addEventListener('anshin:lang', renderHint);

async function main() {
  try {
    if (!token) throw new Error(t('setpw.no_token'));
    rules = (await post(`${API}/password-links/rules`, { token }))?.rules ?? null;
  } catch (err) {
    $('loading').hidden = true;
    showError($('setpw-error'), err);
    return;
  }
  renderHint();
  $('loading').hidden = true;
  $('setpw-form').hidden = false;
  $('setpw-new').focus();
}

main();
