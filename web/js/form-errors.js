// Field errors of a form (issue 10 item 9): the server's errors[] (each with a JSON pointer and a
// message, application/problem+json) or the page's own checks mark the field they name —
// aria-invalid, the message beside the field (linked by aria-describedby) — and the focus moves
// to the first. One module for every form, so that no form shows "入力内容に誤りがあります。"
// with nothing marked.

import { ApiError } from './api.js';

const NOTE = 'field-error';

/** The form control a JSON pointer ("/entries/1", "/plans/0/name") or field name points at. */
function controlFor(form, e) {
  const names = [];
  if (typeof e.pointer === 'string' && e.pointer.startsWith('/')) {
    const parts = e.pointer.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    names.push(parts.join('.'), parts[0]);
  }
  if (typeof e.field === 'string') names.push(e.field, e.field.split('.')[0]);
  for (const name of names) {
    const c = form.elements.namedItem(name);
    const one = c instanceof RadioNodeList ? c[0] : c;
    if (one instanceof HTMLElement) return one;
  }
  return null;
}

function noteId(control) {
  if (!control.id) control.id = `f-${Math.random().toString(36).slice(2, 9)}`;
  return `${control.id}-error`;
}

/** Removes every mark and message this module put into form. */
export function clearFieldErrors(form) {
  for (const c of form.querySelectorAll('[aria-invalid]')) {
    c.removeAttribute('aria-invalid');
    const ids = (c.getAttribute('aria-describedby') || '').split(/\s+/).filter((id) => id && id !== `${c.id}-error`);
    if (ids.length) c.setAttribute('aria-describedby', ids.join(' '));
    else c.removeAttribute('aria-describedby');
  }
  for (const n of form.querySelectorAll(`.${NOTE}`)) n.remove();
}

/** Marks control invalid with message beside it (several messages for one field are joined). */
export function markField(control, message) {
  control.setAttribute('aria-invalid', 'true');
  if (!message) return;
  const id = noteId(control);
  let note = document.getElementById(id);
  if (note) {
    if (!note.textContent.includes(message)) note.textContent += ` ${message}`;
    return;
  }
  note = document.createElement('p');
  note.id = id;
  note.className = NOTE;
  note.textContent = message;
  const field = control.closest('.field') || control.parentElement;
  field.append(note);
  const ids = (control.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
  control.setAttribute('aria-describedby', [...ids, id].join(' '));
}

/**
 * Marks the fields err names (an ApiError's errors[], or an array of {field, detail}) in form;
 * returns the first marked control (in the form's order), or null when none was found.
 */
export function showFieldErrors(form, err) {
  clearFieldErrors(form);
  const list = err instanceof ApiError ? err.errors : Array.isArray(err) ? err : [];
  const marked = [];
  for (const e of list) {
    if (!e) continue;
    const c = controlFor(form, e);
    if (!c) continue;
    markField(c, e.detail);
    marked.push(c);
  }
  const order = [...form.elements];
  marked.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return marked[0] ?? null;
}

/** showFieldErrors, then the focus to the first marked field; true when one was marked. */
export function focusFieldErrors(form, err) {
  const first = showFieldErrors(form, err);
  if (first) first.focus();
  return Boolean(first);
}

/** The visible label of the control errors[] entry e names in root, or '' (for the alert's list). */
export function fieldLabel(root, e) {
  for (const form of root.querySelectorAll('form')) {
    const c = controlFor(form, e);
    if (!c) continue;
    const label = c.labels && c.labels[0];
    if (label) return label.textContent.trim();
  }
  return '';
}
