// Login page: POST /api/v1/auth/login, then /password when a change is required, else /dashboard.

import { t } from './i18n.js';
import { API, ApiError, post } from './api.js';
import { clearError, initPage, setBusy, showError } from './ui.js';

initPage();

const form = document.getElementById('login-form');
const errorRegion = document.getElementById('login-error');
const submit = document.getElementById('login-submit');
const fields = {
  company: document.getElementById('company_code'),
  login: document.getElementById('login'),
  password: document.getElementById('password'),
};

function markMissing(el, missing) {
  if (missing) el.setAttribute('aria-invalid', 'true');
  else el.removeAttribute('aria-invalid');
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
    const mustChange = Boolean(res && (res.password_change_required || res.me?.password_change_required));
    window.location.assign(mustChange ? '/password' : '/dashboard');
  } catch (err) {
    setBusy(submit, false);
    const extra = [];
    if (err instanceof ApiError && err.status === 429 && err.retryAfter !== null) {
      extra.push(t('login.retry_after', { seconds: err.retryAfter }));
    }
    showError(errorRegion, err, { extra });
    if (err instanceof ApiError && err.status === 401) {
      fields.password.value = '';
      fields.password.setAttribute('aria-invalid', 'true');
      fields.password.focus();
    }
  }
});
