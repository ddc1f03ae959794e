// Re-authentication dialog (M5): credential changes (the second factor, and the password of an
// account with one) need the password, and the current code when there is a second factor,
// proved within the last few minutes. When the server answers 403
// /problems/reauthentication-required, api.js opens this dialog, sends POST /api/v1/me/reauth and
// repeats the original request. E-mail code users ask for a code with POST /api/v1/me/reauth/code.

import { t } from './i18n.js';
import { API, ApiError, get, post } from './api.js';
import { el, settleDialog } from './modal.js';

let open = null; // the pending promise while the dialog is shown: one dialog at a time

function field(id, labelKey, type, autocomplete) {
  const wrap = el('div', { class: 'field' });
  const row = el('div', { class: 'label-row' });
  row.append(el('label', { for: id }, t(labelKey)));
  const input = el('input', { id, type, autocomplete, spellcheck: 'false' });
  if (type === 'text') {
    input.setAttribute('inputmode', 'numeric');
    input.setAttribute('maxlength', '16');
    input.className = 'input-code';
  }
  wrap.append(row, input);
  return { wrap, input };
}

function showProblem(region, err) {
  const p = el('p', { class: 'alert alert-error' });
  let text = err instanceof ApiError ? err.detail : String(err);
  if (err instanceof ApiError && err.retryAfter)
    text += ` ${t('reauth.retry_after', { minutes: Math.ceil(err.retryAfter / 60) })}`;
  p.textContent = text;
  region.replaceChildren(p);
}

function build(mfa) {
  const dialog = el('dialog', { id: 'reauth-dialog', class: 'card reauth-dialog', 'aria-labelledby': 'reauth-title' });
  const form = el('form', { id: 'reauth-form', class: 'form', method: 'dialog', novalidate: '' });
  form.append(el('h2', { id: 'reauth-title', class: 'card-title' }, t('reauth.title')));
  const needsCode = mfa && (mfa.totp === true || mfa.email === true);
  form.append(el('p', { class: 'hint' }, t(needsCode ? 'reauth.lead_code' : 'reauth.lead')));
  const pw = field('reauth-password', 'reauth.password', 'password', 'current-password');
  form.append(pw.wrap);
  let code = null;
  if (needsCode) {
    code = field('reauth-code', mfa.totp ? 'reauth.code_totp' : 'reauth.code_email', 'text', 'one-time-code');
    form.append(code.wrap);
    if (!mfa.totp) {
      const send = el('button', { id: 'reauth-send-code', type: 'button', class: 'btn btn-secondary btn-sm' }, t('reauth.send_code'));
      code.wrap.append(send);
    }
  }
  const error = el('div', { id: 'reauth-error', class: 'alert-region', role: 'alert' });
  const status = el('p', { id: 'reauth-status', class: 'hint', role: 'status' });
  const actions = el('div', { class: 'form-actions' });
  actions.append(el('button', { id: 'reauth-submit', type: 'submit', class: 'btn btn-primary' }, t('reauth.submit')),
    el('button', { id: 'reauth-cancel', type: 'button', class: 'btn btn-secondary' }, t('reauth.cancel')));
  form.append(error, status, actions);
  dialog.append(form);
  return { dialog, form, pw: pw.input, code: code && code.input, error, status };
}

/** Asks for the password (and code) and re-authenticates. Resolves true when done, false when
 * the person cancelled. */
export function askReauth() {
  if (open) return open;
  open = (async () => {
    let mfa = null;
    try {
      mfa = await get(`${API}/me/mfa`);
    } catch {
      mfa = null; // without the state, ask for the password; the server says if a code is needed
    }
    const ui = build(mfa);
    document.body.append(ui.dialog);
    return new Promise((resolve) => {
      const finish = settleDialog(ui.dialog, '#reauth-cancel', false, resolve, () => { open = null; });
      const send = ui.dialog.querySelector('#reauth-send-code');
      if (send) {
        send.addEventListener('click', async () => {
          ui.error.replaceChildren();
          try {
            await post(`${API}/me/reauth/code`);
            ui.status.textContent = t('reauth.code_sent');
          } catch (err) {
            showProblem(ui.error, err);
          }
        });
      }
      ui.form.addEventListener('submit', async (e) => {
        e.preventDefault();
        ui.error.replaceChildren();
        if (!ui.pw.value) {
          showProblem(ui.error, t('reauth.password_missing'));
          ui.pw.focus();
          return;
        }
        const body = { password: ui.pw.value };
        if (ui.code && ui.code.value.trim()) {
          const v = ui.code.value.trim();
          if (/^[0-9 ]+$/.test(v)) body.code = v.replace(/\s+/g, '');
          else body.recovery_code = v;
        }
        const submit = ui.dialog.querySelector('#reauth-submit');
        submit.disabled = true;
        try {
          await post(`${API}/me/reauth`, body);
          finish(true);
        } catch (err) {
          submit.disabled = false;
          ui.pw.value = '';
          if (ui.code) ui.code.value = '';
          showProblem(ui.error, err);
          ui.pw.focus();
        }
      });
      ui.dialog.showModal();
      ui.pw.focus();
    });
  })();
  return open;
}
