// Markup the pages repeat, built from a declaration instead of copied: a list table's caption and
// column heads, a form field's label (with its 必須/任意 tag), and a one-time secret's row. initPage() expands them before
// the shell fills in the text (applyI18n), so the page's script and the browser's accessibility
// tree see exactly the elements the pages used to carry:
//
//   <table class="table" data-caption="shop.svc.heading" data-columns="op.svc.col.service op.svc.col.status">
//     <tbody id="svc-rows"></tbody>
//   </table>
//     → <caption class="visually-hidden" data-i18n="shop.svc.heading"></caption>
//       <thead><tr><th scope="col" data-i18n="op.svc.col.service"></th>…</tr></thead> before the tbody
//
//   <div class="field" data-label-key="users.form.email" data-tag="required">
//     <input id="user-email" …>
//   </div>
//     → <div class="label-row"><label for="user-email" data-i18n="users.form.email"></label>
//       <span class="tag tag-required" aria-hidden="true" data-i18n="common.required"></span></div>
//       before the input (without data-tag, the bare <label> alone)
//
//   <div class="secret-row" data-value="tok-secret" data-value-class="secret-token"
//        data-label-key="ts.tok.secret_label" data-copy="tok-copy" data-copy-key="ts.tok.copy"></div>
//     → <span class="secret-label" id="tok-secret-label" data-i18n="ts.tok.secret_label"></span>
//       <code id="tok-secret" class="secret-value secret-token" aria-labelledby="tok-secret-label tok-secret"></code>
//       <button id="tok-copy" type="button" class="btn btn-secondary btn-sm" data-i18n="ts.tok.copy"></button>
//       (the label's id: the value's with "-value" replaced by, or else followed by, "-label";
//       without data-label-key the page's script names the label; without data-copy, no button)
//
//   <section id="tok-revoke" class="confirm-panel" tabindex="-1" hidden data-panel="confirm"
//            data-note-key="ts.tok.revoke_warning" data-error-region data-buttons="confirm cancel"
//            data-ok-key="ts.tok.revoke_confirm" data-cancel-key="ts.tok.revoke_cancel"></section>
//     → aria-labelledby="tok-revoke-heading" on the panel, and in it
//       <h3 id="tok-revoke-heading" class="subsection-title"></h3>   (the page's script writes it)
//       <p class="note" data-i18n="ts.tok.revoke_warning"></p>
//       <div id="tok-revoke-error" class="alert-region" role="alert"></div>
//       <div class="form-actions"><button id="tok-revoke-confirm" type="button" class="btn btn-danger" …>
//         <button id="tok-revoke-cancel" type="button" class="btn btn-secondary" …></div>
//     An in-page confirmation stays in the page (a <dialog> may declare the same); the dangerous
//     button and the cancel button stand side by side and neither is focused or submitted by
//     default. data-heading-key names a fixed title, data-heading-level its level (default 3),
//     data-note-id gives the note an id (the panel's id, "-" and the word), data-buttons the
//     words that follow the panel's id in the two buttons' ids.
//
//   <section id="tok-created" class="created-panel" tabindex="-1" hidden data-panel="created"
//            data-heading-key="ts.tok.created_heading" data-warning-key="ts.tok.secret_warning" data-close>
//     <div class="secret-row" …></div>
//   </section>
//     → the heading (as above) and a warning (<div class="alert alert-warn"> with its "!" and title)
//       before the panel's own children, a close button (id: the panel's and "-close") after them.
//
// A secret row with a copy button is followed by the copy's status line (<p id="tok-copy-status"
// class="copy-status" role="status">). The label names the field's first input, select or
// textarea. Keys are space-separated, in order.

function node(tag, attrs = {}) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  return el;
}

/** A table's caption and head row from data-caption and data-columns. */
function tableHead(table) {
  const { caption, columns } = table.dataset;
  const row = node('tr');
  for (const key of columns.split(/\s+/).filter(Boolean)) row.append(node('th', { scope: 'col', 'data-i18n': key }));
  const head = node('thead');
  head.append(row);
  table.prepend(...(caption ? [node('caption', { class: 'visually-hidden', 'data-i18n': caption })] : []), head);
  delete table.dataset.caption;
  delete table.dataset.columns;
}

/** The tags a field's label may carry (data-tag), with their text. */
const TAGS = { required: 'common.required', optional: 'common.optional' };

/** A field's label (in a label row with its tag when data-tag is given). */
function fieldLabel(field) {
  const { labelKey, tag } = field.dataset;
  const control = field.querySelector('input, select, textarea');
  const label = node('label', { for: control?.id ?? '', 'data-i18n': labelKey });
  if (TAGS[tag]) {
    const row = node('div', { class: 'label-row' });
    row.append(label, node('span', { class: `tag tag-${tag}`, 'aria-hidden': 'true', 'data-i18n': TAGS[tag] }));
    field.prepend(row);
  } else {
    field.prepend(label);
  }
  delete field.dataset.labelKey;
  delete field.dataset.tag;
}

/** A one-time secret's row: its label, the value (filled by the page) and a copy button. */
function secretRow(row) {
  const { value, valueClass, labelKey, copy, copyKey } = row.dataset;
  const labelId = value.endsWith('-value') ? `${value.slice(0, -'-value'.length)}-label` : `${value}-label`;
  row.append(
    node('span', { class: 'secret-label', id: labelId, ...(labelKey ? { 'data-i18n': labelKey } : {}) }),
    node('code', { id: value, class: valueClass ? `secret-value ${valueClass}` : 'secret-value', 'aria-labelledby': `${labelId} ${value}` }));
  if (copy) {
    row.append(node('button', { id: copy, type: 'button', class: 'btn btn-secondary btn-sm', 'data-i18n': copyKey }));
    row.after(node('p', { id: `${copy}-status`, class: 'copy-status', role: 'status' }));
  }
  for (const name of ['value', 'valueClass', 'labelKey', 'copy', 'copyKey']) delete row.dataset[name];
}

/** Attributes that put the key's text in an element (none when the page's script writes it). */
function textKey(key) {
  return key ? { 'data-i18n': key } : {};
}

/** A panel's heading, named by the panel (aria-labelledby). */
function panelHeading(panel) {
  const { headingKey, headingLevel } = panel.dataset;
  panel.setAttribute('aria-labelledby', `${panel.id}-heading`);
  return node(`h${headingLevel || 3}`, { id: `${panel.id}-heading`, class: 'subsection-title', ...textKey(headingKey) });
}

/** An in-page confirmation: heading, warning note, error region, the dangerous and the cancel button. */
function confirmPanel(panel) {
  const { id } = panel;
  const { noteKey, noteId, buttons, okKey, cancelKey } = panel.dataset;
  const [ok, cancel] = buttons.split(/\s+/);
  const actions = node('div', { class: 'form-actions' });
  actions.append(
    node('button', { id: `${id}-${ok}`, type: 'button', class: 'btn btn-danger', ...textKey(okKey) }),
    node('button', { id: `${id}-${cancel}`, type: 'button', class: 'btn btn-secondary', ...textKey(cancelKey) }));
  panel.append(
    panelHeading(panel),
    node('p', { ...(noteId ? { id: `${id}-${noteId}` } : {}), class: 'note', ...textKey(noteKey) }),
    ...('errorRegion' in panel.dataset ? [node('div', { id: `${id}-error`, class: 'alert-region', role: 'alert' })] : []),
    actions);
}

/** A panel that shows what was just created: heading and warning before its content, a close button after. */
function createdPanel(panel) {
  const { warningKey } = panel.dataset;
  const lead = [panelHeading(panel)];
  if (warningKey) {
    const alert = node('div', { class: 'alert alert-warn' });
    const icon = node('span', { class: 'alert-icon', 'aria-hidden': 'true' });
    icon.textContent = '!';
    alert.append(icon, node('p', { class: 'alert-title', 'data-i18n': warningKey }));
    lead.push(alert);
  }
  panel.prepend(...lead);
  if ('close' in panel.dataset) {
    panel.append(node('button', { id: `${panel.id}-close`, type: 'button', class: 'btn btn-secondary btn-sm', 'data-i18n': 'common.close' }));
  }
}

const PANELS = { confirm: confirmPanel, created: createdPanel };

/**
 * Expands the declared tables, fields, secret rows and panels under root (the whole page by default). A
 * declaration is consumed when expanded, so a second call changes nothing.
 */
export function renderComponents(root = document) {
  for (const table of root.querySelectorAll('table[data-columns]')) tableHead(table);
  for (const field of root.querySelectorAll('.field[data-label-key]')) fieldLabel(field);
  for (const row of root.querySelectorAll('.secret-row[data-value]')) secretRow(row);
  for (const panel of root.querySelectorAll('[data-panel]')) {
    PANELS[panel.dataset.panel]?.(panel);
    for (const name of ['panel', 'headingKey', 'headingLevel', 'noteKey', 'noteId', 'errorRegion', 'buttons', 'okKey', 'cancelKey', 'warningKey', 'close']) {
      delete panel.dataset[name];
    }
  }
}
