// The reason dialog (WP-18, SLA-29, seed 003: no access without agreement): before operator staff
// open a tenant's personal data the server asks for a reason (428
// /problems/access-reason-required). api.js then opens this dialog, asks for a support ticket
// number or a short text, and repeats the request with it (?access_reason=, UTF-8). The reason is
// recorded with the read in the tenant's audit log, where the tenant sees it.

import { t } from './i18n.js';
import { el, settleDialog } from './modal.js';

let open = null; // the pending promise while the dialog is shown: one dialog at a time

function build() {
  const dialog = el('dialog', { id: 'access-reason-dialog', class: 'card reauth-dialog', 'aria-labelledby': 'access-reason-title' });
  const form = el('form', { id: 'access-reason-form', class: 'form', method: 'dialog', novalidate: '' });
  form.append(el('h2', { id: 'access-reason-title', class: 'card-title' }, t('access_reason.title')));
  form.append(el('p', { id: 'access-reason-lead', class: 'hint' }, t('access_reason.lead')));
  const wrap = el('div', { class: 'field' });
  const row = el('div', { class: 'label-row' });
  row.append(el('label', { for: 'access-reason-input' }, t('access_reason.label')));
  const input = el('input', {
    id: 'access-reason-input', type: 'text', maxlength: '200', autocomplete: 'off',
    'aria-describedby': 'access-reason-lead', required: '',
  });
  wrap.append(row, input);
  const error = el('div', { id: 'access-reason-error', class: 'alert-region', role: 'alert' });
  const actions = el('div', { class: 'form-actions' });
  // Neither button is the default: the person chooses (opening personal data is not undone).
  actions.append(el('button', { id: 'access-reason-submit', type: 'submit', class: 'btn btn-primary' }, t('access_reason.submit')),
    el('button', { id: 'access-reason-cancel', type: 'button', class: 'btn btn-secondary' }, t('access_reason.cancel')));
  form.append(wrap, error, actions);
  dialog.append(form);
  return { dialog, form, input, error };
}

/** Asks why the personal data is opened. Resolves the reason (trimmed text), or null when the
 * person cancelled. */
export function askAccessReason() {
  if (open) return open;
  open = new Promise((resolve) => {
    const ui = build();
    document.body.append(ui.dialog);
    const finish = settleDialog(ui.dialog, '#access-reason-cancel', null, resolve, () => { open = null; });
    ui.form.addEventListener('submit', (e) => {
      e.preventDefault();
      const reason = ui.input.value.trim();
      if (!reason) {
        const p = el('p', { class: 'alert alert-error' }, t('access_reason.missing'));
        ui.error.replaceChildren(p);
        ui.input.setAttribute('aria-invalid', 'true');
        ui.input.focus();
        return;
      }
      finish(reason);
    });
    ui.dialog.showModal();
    ui.input.focus();
  });
  return open;
}

/** path with ?access_reason= (or &access_reason=) set to reason. */
export function withAccessReason(path, reason) {
  return `${path}${path.includes('?') ? '&' : '?'}access_reason=${encodeURIComponent(reason)}`;
}
