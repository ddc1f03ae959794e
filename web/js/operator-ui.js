// Shared parts of the operator console pages (operator, operator-catalogue, operator-reports): the
// page start (session, admin check), static forms sent as JSON, values shown once, and the row
// controls — a button that runs one call, and a folded form (reason and message) that runs another.

import { t } from './i18n.js';
import {
  pagePerson,
  clearError, closeSecretPanel, isOperatorAdmin, markInvalid, openSecretPanel, sessionLost, setBusy,
  showError, showNotice, wireCopy,
} from './ui.js';
import { dateEl, el, todayJST } from './market.js';

const $ = (id) => document.getElementById(id);

/**
 * Starts a console page: the session (to the password / second-factor pages when those come
 * first), the header, then load() for operator admins only; others get the forbidden message.
 */
export async function startConsole(load) {
  const me = await pagePerson();
  if (!me) return null;
  try {
    if (!isOperatorAdmin(me)) {
      showError($('page-error'), t('op.forbidden'));
      return null;
    }
    $('op-content').hidden = false;
    await load();
  } catch (err) {
    if (!sessionLost(err)) showError($('page-error'), err);
  } finally {
    $('loading').hidden = true;
  }
  return me;
}

/** The date n days after today in Japan, YYYY-MM-DD. */
export function daysFromToday(n) {
  const [y, m, d] = todayJST().split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + Number(n))).toISOString().slice(0, 10);
}

/** 「予告期間は n 日です。指定できる最も早い日：<time>」 as nodes for a hint. */
export function earliestText(ymd, n) {
  return [t('op.earliest_before', { n }), dateEl(ymd), t('op.earliest_after')];
}

/** The same as one line of text, for an error's extra lines. */
export function earliestLine(ymd, n) {
  return t('op.earliest_plain', { n, date: dateEl(ymd).textContent });
}

/**
 * Reloads what a change touched, then tells what was done (in the status region, default
 * #page-status) — also when the reload failed, whose error the caller then shows.
 */
export async function reloadThenNotice(reload, text, region = $('page-status')) {
  try {
    await reload();
  } finally {
    showNotice(region, text);
  }
}

/** The values of a form's named controls: trimmed strings, checkboxes as booleans. */
export function formValues(form) {
  const v = {};
  for (const c of form.elements) {
    if (!c.name) continue;
    v[c.name] = c.type === 'checkbox' ? c.checked : c.value.trim();
  }
  return v;
}

/** An integer from a form value, or the text itself when it is not one (the server then names it). */
export function int(value) {
  return /^-?\d+$/.test(value) ? Number(value) : value;
}

/**
 * Sends a static form through run(values) with its submit button busy; a failure goes to the alert
 * region (with err.extra lines, when run added some) and marks the fields the server named.
 */
export function onSubmit(form, region, run) {
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const btn = form.querySelector('button[type="submit"]');
    clearError(region);
    markInvalid(form, null);
    setBusy(btn, true, 'op.working');
    try {
      await run(formValues(form));
    } catch (err) {
      if (sessionLost(err)) return;
      showError(region, err, { extra: Array.isArray(err.extra) ? err.extra : [] });
      const first = markInvalid(form, err);
      if (first) first.focus();
    } finally {
      setBusy(btn, false);
    }
  });
}

/**
 * A panel that shows a value once (a signing secret, a token): prefix-panel, prefix-heading,
 * prefix-label, prefix-value, prefix-copy, prefix-copy-status and prefix-close in the page.
 * Returns show(headingKey, labelKey, value).
 */
export function oncePanel(prefix) {
  const ids = [`${prefix}-panel`, `${prefix}-value`, `${prefix}-copy-status`];
  wireCopy(`${prefix}-copy`, ids[1], ids[2]);
  $(`${prefix}-close`).addEventListener('click', () => closeSecretPanel(...ids));
  return (headingKey, labelKey, value) => {
    for (const [id, key] of [[`${prefix}-heading`, headingKey], [`${prefix}-label`, labelKey]]) {
      $(id).dataset.i18n = key;
      $(id).textContent = t(key);
    }
    openSecretPanel(...ids, value);
  };
}

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
 * A <details> with a small form: fields [{name, labelKey, options?: [[value, labelKey]], multiline?,
 * checkbox?, type?, min?, required?}], submitted with run({name: value…}) (checkboxes as booleans).
 */
export function foldedForm(idPrefix, summaryKey, ariaLabel, fields, submitKey, run, errorRegion,
  submitClass = 'btn btn-danger btn-sm') {
  const form = el('form', { className: 'form row-form', novalidate: true });
  for (const f of fields) {
    const id = `${idPrefix}-${f.name}`;
    if (f.checkbox) {
      form.append(el('label', { className: 'check' }, el('input', { id, name: f.name, type: 'checkbox' }), ' ',
        el('span', { textContent: t(f.labelKey) })));
      continue;
    }
    const input = f.options
      ? el('select', { id, name: f.name }, ...f.options.map(([v, k]) => el('option', { value: v, textContent: t(k) })))
      : el(f.multiline ? 'textarea' : 'input', { id, name: f.name, type: f.multiline ? undefined : (f.type ?? 'text'), maxlength: '2000', rows: f.multiline ? '2' : undefined, min: f.min });
    form.append(el('div', { className: 'field' }, el('label', { for: id, textContent: t(f.labelKey) }), input));
  }
  const submit = el('button', { type: 'submit', className: submitClass, textContent: t(submitKey), 'data-i18n': submitKey });
  form.append(submit);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const values = {};
    for (const f of fields) {
      const c = form.elements.namedItem(f.name);
      values[f.name] = f.checkbox ? c.checked : c.value.trim();
    }
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
      if (!sessionLost(err)) showError(errorRegion, err, { extra: Array.isArray(err.extra) ? err.extra : [] });
    } finally {
      if (submit.isConnected) setBusy(submit, false);
    }
  });
  // The row's name follows the visible text (hidden from sight), so that the accessible name
  // contains what is seen (WCAG 2.5.3, axe label-content-name-mismatch).
  const summary = el('summary', {}, el('span', { textContent: t(summaryKey) }),
    el('span', { className: 'visually-hidden', textContent: ` (${ariaLabel})` }));
  return el('details', { className: 'row-details' }, summary, form);
}
