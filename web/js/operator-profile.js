// Operator console: the operator's particulars (issue 10, item 14) — legal name, address,
// representative, contact and qualified-invoice registration number (T + 13 digits). They sign
// every mail and are available to documents. GET / PUT /api/v1/operator-profile.

import { API, ApiError, get, request } from './api.js';
import { t } from './i18n.js';
import { clearError, initPage, markInvalid, sessionLost, setBusy, showError, showNotice } from './ui.js';
import { startConsole } from './operator-ui.js';

initPage();

const $ = (id) => document.getElementById(id);
const FIELDS = ['legal_name', 'address', 'representative', 'contact', 'invoice_number'];

function fill(p) {
  for (const f of FIELDS) $(f).value = p?.[f] ?? '';
}

startConsole(async () => {
  fill((await get(`${API}/operator-profile`)).profile);
  const form = $('profile-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearError($('profile-error'));
    clearError($('page-status'));
    markInvalid(form, null);
    const body = {};
    for (const f of FIELDS) body[f] = $(f).value.trim();
    const submit = $('profile-submit');
    setBusy(submit, true, 'opprof.submitting');
    try {
      fill((await request('PUT', `${API}/operator-profile`, body)).profile);
      showNotice($('page-status'), t('opprof.saved'));
    } catch (err) {
      if (sessionLost(err)) return;
      showError($('profile-error'), err);
      const first = err instanceof ApiError ? markInvalid(form, err) : null;
      (first || $('legal_name')).focus();
    } finally {
      setBusy(submit, false);
    }
  });
});
