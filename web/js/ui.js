// Small helpers shared by the pages: error display, busy buttons, table cells, one-time password
// panels; initPage() starts the page shell.

import { markJapanese, renderJST, t } from './i18n.js';
import { ApiError, loginUrl, requireSession } from './api.js';
import { startShell } from './shell.js';
import { renderComponents } from './components.js';
import { fieldLabel, showFieldErrors } from './form-errors.js';

/** Empties an alert region (an element with role="alert" that stays in the page). */
export function clearError(region) {
  region.replaceChildren();
}

/**
 * Shows an error in an alert region: the server's detail, every errors[].detail as a list, and for
 * server faults (5xx) the request id so that support can find the log line. Client-side messages may be passed as strings.
 */
export function showError(region, err, { extra = [] } = {}) {
  const box = document.createElement('div');
  box.className = 'alert alert-error';
  const icon = document.createElement('span');
  icon.className = 'alert-icon';
  icon.setAttribute('aria-hidden', 'true');
  icon.textContent = '!';
  const body = document.createElement('div');
  body.className = 'alert-body';
  const msg = document.createElement('p');
  msg.className = 'alert-title';
  msg.textContent = typeof err === 'string' ? err : err.detail || err.message;
  body.append(msg);

  const items = [];
  if (err instanceof ApiError) {
    // Each line names its field (three "1文字以上…" lines alone do not say which is which).
    for (const e of err.errors) {
      if (!e || !e.detail) continue;
      const name = fieldLabel(document, e);
      items.push(name ? t('form.error_item', { field: name, detail: e.detail }) : e.detail);
    }
  }
  items.push(...extra);
  if (items.length) {
    const ul = document.createElement('ul');
    ul.className = 'alert-list';
    for (const text of items) {
      const li = document.createElement('li');
      li.textContent = text;
      ul.append(li);
    }
    body.append(ul);
  }
  if (err instanceof ApiError && err.requestId && err.status >= 500) {
    const ref = document.createElement('p');
    ref.className = 'alert-ref';
    ref.textContent = t('error.request_id', { id: err.requestId });
    body.append(ref);
  }
  box.append(icon, body);
  region.replaceChildren(box);
}

/** Shows a calm success / info message in a role="status" region. */
export function showNotice(region, text, kind = 'success') {
  const box = document.createElement('div');
  box.className = `alert alert-${kind}`;
  const icon = document.createElement('span');
  icon.className = 'alert-icon';
  icon.setAttribute('aria-hidden', 'true');
  icon.textContent = kind === 'success' ? '✓' : 'i';
  const p = document.createElement('p');
  p.className = 'alert-title';
  p.textContent = text;
  box.append(icon, p);
  region.replaceChildren(box);
}

/** Disables a button while a request runs and swaps its label to busyKey (and back). */
export function setBusy(button, busy, busyKey) {
  if (busy) {
    if (!button.dataset.i18nIdle) button.dataset.i18nIdle = button.dataset.i18n;
    button.dataset.i18n = busyKey;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
  } else {
    if (button.dataset.i18nIdle) button.dataset.i18n = button.dataset.i18nIdle;
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
  button.textContent = t(button.dataset.i18n);
}

/**
 * Marks the fields errors[] names (by JSON pointer or field) as invalid, with each message beside
 * its field (form-errors.js), and clears the others; returns the first marked field or null.
 */
export function markInvalid(form, err) {
  return showFieldErrors(form, err);
}

/** A table cell with plain text (and optional classes). */
export function cell(text, className = '') {
  const td = document.createElement('td');
  if (className) td.className = className;
  td.textContent = text ?? '';
  return td;
}

/**
 * A row's action button: its text `<prefix>.action.<action>`, its name for screen readers
 * `<prefix>.action.<action>_named` with vars (which row it acts on), outlined in red for a
 * deletion; onClick(button) runs when it is pressed.
 */
export function rowActionButton(prefix, action, vars, onClick) {
  const btn = document.createElement('button');
  btn.type = 'button';
  btn.className = `btn btn-sm ${action === 'delete' ? 'btn-danger-outline' : 'btn-secondary'}`;
  btn.dataset.action = action;
  btn.dataset.i18n = `${prefix}.action.${action}`;
  btn.textContent = t(btn.dataset.i18n);
  btn.setAttribute('aria-label', t(`${prefix}.action.${action}_named`, vars));
  btn.addEventListener('click', () => onClick(btn));
  return btn;
}

/**
 * The 操作 cell of a row: the row's action buttons side by side, or, where the row offers none
 * (one's own account, the current session), a muted note (noteKey) instead.
 */
export function actionsCell(buttons, noteKey = '') {
  const td = cell('', 'cell-actions');
  if (noteKey) {
    const note = document.createElement('span');
    note.className = 'muted';
    note.textContent = t(noteKey);
    td.append(note);
    return td;
  }
  const box = document.createElement('div');
  box.className = 'row-actions';
  box.append(...buttons());
  td.append(box);
  return td;
}

/**
 * Names a confirmation's button after the action at hand (key), unless a request is running:
 * setBusy keeps the first label it saw, and each action has its own.
 */
export function relabel(button, key) {
  if (button.disabled) return;
  button.dataset.i18n = key;
  delete button.dataset.i18nIdle;
  button.textContent = t(key);
}

/** A table cell with a JST time (one element inside, so that it stays on one line on phones). */
export function timeCell(value) {
  const td = cell('', 'nowrap');
  const span = document.createElement('span');
  renderJST(span, value);
  td.append(span);
  return td;
}

/** Gives each cell its column name (shown in front of the value on narrow screens). */
export function labelCells(tr, keys) {
  [...tr.children].forEach((td, i) => { td.dataset.label = t(keys[i]); });
  return markJapanese(tr);
}

/**
 * Sends the visitor to the login page when the session has ended (401); true when it did. A 401 of
 * the tenant's HTTP Basic gate (the browser's credentials were refused or not given) is shown instead.
 */
export function sessionLost(err) {
  if (err instanceof ApiError && err.status === 401 && !err.is('basic-auth-required')) {
    window.location.replace(loginUrl(err));
    return true;
  }
  return false;
}

/**
 * Runs a page's loading (task: fetches and renders) under its frame's regions: #loading goes
 * away when it ends, and a failure is shown in #page-error (or sends the visitor to the login
 * page when the session has ended).
 */
export async function loadPage(task) {
  try {
    await task();
  } catch (err) {
    if (!sessionLost(err)) showError(document.getElementById('page-error'), err);
  } finally {
    document.getElementById('loading').hidden = true;
  }
}

/**
 * Copies text to the clipboard; where the clipboard is not available, selects el's text instead
 * so the person can copy it. statusEl says which happened (the keys copied and failed).
 */
export async function copyOrSelect(text, el, statusEl, { copied = 'staff.created.copied', failed = 'staff.created.copy_failed' } = {}) {
  try {
    await navigator.clipboard.writeText(text);
    statusEl.textContent = t(copied);
  } catch {
    const range = document.createRange();
    range.selectNodeContents(el);
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    statusEl.textContent = t(failed);
  }
}

/** Wires a one-time password panel's copy button (clipboard, else select the text). */
export function wireCopy(buttonId, valueId, statusId) {
  document.getElementById(buttonId).addEventListener('click', () => {
    const valueEl = document.getElementById(valueId);
    copyOrSelect(valueEl.textContent, valueEl, document.getElementById(statusId));
  });
}

/** Shows a one-time password panel and moves the focus to it. */
export function openSecretPanel(panelId, valueId, statusId, password) {
  document.getElementById(valueId).textContent = password ?? '';
  document.getElementById(statusId).textContent = '';
  const panel = document.getElementById(panelId);
  panel.hidden = false;
  panel.focus();
}

/** Closes a one-time password panel: the password leaves the page for good. */
export function closeSecretPanel(panelId, valueId, statusId) {
  document.getElementById(panelId).hidden = true;
  document.getElementById(valueId).textContent = '';
  document.getElementById(statusId).textContent = '';
}

// Who may open which page: one list, shared with the shell's menu.
export { canReadAudit, isOperatorAdmin, isShopStaff, isTenantAdmin } from './roles.js';

/**
 * The person of a page that needs a session (GET /me, shared with the shell). Sends them to
 * /password, then /security, first when the server requires a new password or a second factor
 * (pass mfaFirst: false on the page that sets the factor up). Resolves null when the page is being
 * left, or could not load (the error is shown in #page-error and #loading hidden).
 */
export async function pagePerson({ mfaFirst = true } = {}) {
  let me;
  try {
    me = await requireSession();
  } catch (err) {
    document.getElementById('loading').hidden = true;
    showError(document.getElementById('page-error'), err);
    return null;
  }
  const first = me.password_change_required ? '/password' : mfaFirst && me.mfa_enrolment_required ? '/security' : null;
  if (!first) return me;
  window.location.replace(first);
  return null;
}

/**
 * Common page start: the page's declared tables and fields (components.js), the page shell
 * (header, menu by role, footer, page frame) and the language.
 */
export function initPage() {
  renderComponents();
  startShell();
  focusableTables();
}

/**
 * Tables wider than the screen scroll sideways inside their .table-wrap: the wrap takes the
 * keyboard focus (so the arrows scroll it) and is a region named by the table's caption
 * (WCAG 2.1.1; axe scrollable-region-focusable).
 */
function focusableTables() {
  let n = 0;
  for (const wrap of document.querySelectorAll('.table-wrap')) {
    if (wrap.hasAttribute('tabindex')) continue;
    wrap.tabIndex = 0;
    const caption = wrap.querySelector('caption');
    if (!caption) continue;
    if (!caption.id) caption.id = `table-caption-${++n}`;
    wrap.setAttribute('role', 'region');
    wrap.setAttribute('aria-labelledby', caption.id);
  }
}
