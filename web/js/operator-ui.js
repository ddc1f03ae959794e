// Row controls of the operator console: a button that runs one call, and a folded form (reason and
// message) that runs another.

import { t } from './i18n.js';
import { sessionLost, setBusy, showError } from './ui.js';
import { el } from './market.js';

/** A button labelled key (aria-label: ariaKey with vars) that awaits run() while busy. */
export function actionButton(key, ariaLabel, run, errorRegion, className = 'btn btn-primary btn-sm') {
  const btn = el('button', { type: 'button', className, 'data-i18n': key, textContent: t(key), 'aria-label': ariaLabel });
  btn.addEventListener('click', async () => {
    setBusy(btn, true, 'op.working');
    try {
      await run();
    } catch (err) {
      if (!sessionLost(err)) showError(errorRegion, err);
    } finally {
      if (btn.isConnected) setBusy(btn, false);
    }
  });
  return btn;
}

/**
 * A <details> with a small form: fields [{name, labelKey, options?: [[value, labelKey]], required}],
 * submitted with run({name: value…}).
 */
export function foldedForm(idPrefix, summaryKey, ariaLabel, fields, submitKey, run, errorRegion) {
  const form = el('form', { className: 'form row-form', novalidate: true });
  for (const f of fields) {
    const id = `${idPrefix}-${f.name}`;
    const input = f.options
      ? el('select', { id, name: f.name }, ...f.options.map(([v, k]) => el('option', { value: v, textContent: t(k) })))
      : el(f.multiline ? 'textarea' : 'input', { id, name: f.name, type: f.multiline ? undefined : 'text', maxlength: '2000', rows: f.multiline ? '2' : undefined });
    form.append(el('div', { className: 'field' }, el('label', { for: id, textContent: t(f.labelKey) }), input));
  }
  const submit = el('button', { type: 'submit', className: 'btn btn-danger btn-sm', textContent: t(submitKey), 'data-i18n': submitKey });
  form.append(submit);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const values = {};
    for (const f of fields) values[f.name] = form.elements.namedItem(f.name).value.trim();
    const missing = fields.find((f) => f.required && !values[f.name]);
    if (missing) {
      showError(errorRegion, t('op.missing', { field: t(missing.labelKey) }));
      form.elements.namedItem(missing.name).focus();
      return;
    }
    setBusy(submit, true, 'op.working');
    try {
      await run(values);
    } catch (err) {
      if (!sessionLost(err)) showError(errorRegion, err);
    } finally {
      if (submit.isConnected) setBusy(submit, false);
    }
  });
  return el('details', { className: 'row-details' }, el('summary', { textContent: t(summaryKey), 'aria-label': ariaLabel }), form);
}
