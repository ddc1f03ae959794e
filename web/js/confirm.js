// The confirmation dialog of dangerous actions (issue 10 item 2): approving or refusing an
// application, terminating or suspending a contract… Nothing is chosen for the person: a reason
// starts unselected ("選択してください"), the focus starts on the dialog's title (Enter confirms
// nothing), and the dialog states the consequences (who is notified, what ends when) before the
// confirm button. A failure stays in the dialog with the fields the server named marked.

import { t } from './i18n.js';
import { el } from './market.js';
import { clearError, sessionLost, setBusy, showError } from './ui.js';
import { clearFieldErrors, focusFieldErrors, markField } from './form-errors.js';

let seq = 0;

function fieldOf(f, id) {
  if (f.options) {
    return el('select', { id, name: f.name, required: f.required ? true : undefined },
      el('option', { value: '', textContent: t('confirm.choose'), 'data-i18n': 'confirm.choose' }),
      ...f.options.map(([v, k]) => el('option', { value: v, textContent: t(k) })));
  }
  if (f.multiline) return el('textarea', { id, name: f.name, rows: '3', maxlength: '2000' });
  return el('input', { id, name: f.name, type: f.type ?? 'text', maxlength: '2000', min: f.min, value: f.value ?? '' });
}

/**
 * Opens the dialog and resolves true once run(values) succeeded, false when cancelled.
 *   title: heading text; consequences: sentences listed under 「実行すると」; fields: [{name,
 *   labelKey, options?: [[value, labelKey]], multiline?, type?, min?, required?, value?}];
 *   confirmKey: the confirm button's label key; danger: red confirm button (default true);
 *   run(values): the action (values trimmed); may throw an ApiError shown in the dialog.
 */
export function confirmAction({ title, consequences = [], fields = [], confirmKey, danger = true, run }) {
  const n = ++seq;
  const form = el('form', { className: 'form confirm-form', novalidate: true, method: 'dialog' });
  const heading = el('h2', { id: `confirm-title-${n}`, className: 'card-title', tabindex: '-1', textContent: title });
  const list = el('ul', { id: `confirm-list-${n}`, className: 'confirm-consequences' },
    ...consequences.map((c) => el('li', { textContent: c })));
  form.append(heading);
  if (consequences.length) form.append(el('p', { className: 'confirm-lead', textContent: t('confirm.consequences') }), list);
  for (const f of fields) {
    const id = `confirm-${n}-${f.name}`;
    const label = el('label', { for: id, textContent: t(f.labelKey) });
    const tag = el('span', {
      className: `tag ${f.required ? 'tag-required' : 'tag-optional'}`, 'aria-hidden': 'true',
      textContent: t(f.required ? 'common.required' : 'common.optional'),
    });
    form.append(el('div', { className: 'field' }, el('div', { className: 'label-row' }, label, tag), fieldOf(f, id)));
  }
  const region = el('div', { className: 'alert-region', role: 'alert' });
  const ok = el('button', { type: 'submit', className: `btn ${danger ? 'btn-danger' : 'btn-primary'}`, textContent: t(confirmKey), 'data-i18n': confirmKey });
  const cancel = el('button', { type: 'button', className: 'btn btn-secondary', textContent: t('confirm.cancel'), 'data-i18n': 'confirm.cancel' });
  form.append(region, el('div', { className: 'form-actions' }, ok, cancel));
  const dialog = el('dialog', {
    className: 'card confirm-dialog', 'aria-labelledby': heading.id, 'aria-describedby': consequences.length ? list.id : undefined,
  }, form);
  document.body.append(dialog);

  return new Promise((resolve) => {
    const finish = (done) => {
      dialog.close();
      dialog.remove();
      resolve(done);
    };
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      if (!ok.disabled) finish(false);
    });
    cancel.addEventListener('click', () => finish(false));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearError(region);
      clearFieldErrors(form);
      const values = {};
      for (const f of fields) values[f.name] = form.elements.namedItem(f.name).value.trim();
      const missing = fields.filter((f) => f.required && !values[f.name]);
      if (missing.length) {
        for (const f of missing) markField(form.elements.namedItem(f.name), t('confirm.required', { field: t(f.labelKey) }));
        showError(region, t('confirm.missing'));
        form.elements.namedItem(missing[0].name).focus();
        return;
      }
      setBusy(ok, true, 'op.working');
      cancel.disabled = true;
      try {
        await run(values);
        finish(true);
      } catch (err) {
        if (sessionLost(err)) return;
        showError(region, err, { extra: Array.isArray(err.extra) ? err.extra : [] });
        focusFieldErrors(form, err);
      } finally {
        if (ok.isConnected) {
          setBusy(ok, false);
          cancel.disabled = false;
        }
      }
    });
    dialog.showModal();
    heading.focus();
  });
}

/** A row button (always visible, no ▶) that opens confirmAction(options()) when clicked. */
export function confirmButton(key, ariaLabel, options, className = 'btn btn-secondary btn-sm') {
  const btn = el('button', { type: 'button', className, 'data-i18n': key, textContent: t(key), 'aria-label': ariaLabel });
  btn.addEventListener('click', async () => {
    await confirmAction(options());
    if (btn.isConnected) btn.focus();
  });
  return btn;
}
