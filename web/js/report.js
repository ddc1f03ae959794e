// The report form of the prohibited-acts page: anyone may report; the answer is a receipt number.

import { t } from './i18n.js';
import { API, post } from './api.js';
import { clearError, markInvalid, setBusy, showError, showNotice } from './ui.js';
import { el } from './market.js';

const $ = (id) => document.getElementById(id);
const CATEGORIES = ['ip_infringement', 'tampering', 'unauthorised_use', 'illegal', 'defamation', 'fraud', 'obscene',
  'pyramid', 'impersonation', 'malware', 'spam', 'overload', 'other'];

function fillCategories() {
  const select = $('report-category');
  const chosen = select.value;
  select.replaceChildren(el('option', { value: '', textContent: t('report.choose') }),
    ...CATEGORIES.map((c) => el('option', { value: c, textContent: t(`report.cat.${c}`) })));
  select.value = chosen;
}

/** Shows and wires the report form. */
export function setupReport() {
  $('report-card').hidden = false;
  fillCategories();
  document.addEventListener('anshin:lang', fillCategories);
  $('report-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const form = ev.currentTarget;
    const region = $('report-error');
    clearError(region);
    const body = {};
    for (const name of ['category', 'description', 'target', 'reporter_name', 'reporter_email'])
      body[name] = form.elements.namedItem(name).value.trim();
    if (!body.category || !body.description) {
      showError(region, t('report.missing'));
      return;
    }
    const btn = $('report-submit');
    setBusy(btn, true, 'report.submitting');
    try {
      const res = await post(`${API}/reports`, body);
      form.reset();
      showNotice($('report-status'), t('report.done', { receipt: res.receipt }));
    } catch (err) {
      showError(region, err);
      markInvalid(form, err);
    } finally {
      setBusy(btn, false);
    }
  });
}
