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
// The label names the field's first input, select or textarea. Keys are space-separated, in order.

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
  if (copy) row.append(node('button', { id: copy, type: 'button', class: 'btn btn-secondary btn-sm', 'data-i18n': copyKey }));
  for (const name of ['value', 'valueClass', 'labelKey', 'copy', 'copyKey']) delete row.dataset[name];
}

/**
 * Expands the declared tables, fields and secret rows under root (the whole page by default). A
 * declaration is consumed when expanded, so a second call changes nothing.
 */
export function renderComponents(root = document) {
  for (const table of root.querySelectorAll('table[data-columns]')) tableHead(table);
  for (const field of root.querySelectorAll('.field[data-label-key]')) fieldLabel(field);
  for (const row of root.querySelectorAll('.secret-row[data-value]')) secretRow(row);
}
