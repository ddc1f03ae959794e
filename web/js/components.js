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
//   <input id="user-email" … data-field="users.form.email" data-tag="required">
//     → the same control in <div class="field">, with the label as above (data-hint-key and
//       data-hint on the control give the field its hint, as below)
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
//   <table class="table" data-wrap data-error="shops-error" data-caption="…" data-columns="…"
//          data-rows="shops-rows" data-empty="shops-empty op.shops.empty"></table>
//     → <div id="shops-error" class="alert-region" role="alert"></div> (with data-error; a
//       data-status region, role="status", before it)
//       <div class="table-wrap"><table class="table">caption, head (as above)
//         <tbody id="shops-rows"></tbody></table></div>  (the wrap only with data-wrap, its value the wrap's id)
//       <p id="shops-empty" class="muted empty" data-i18n="op.shops.empty" hidden></p> (with data-empty)
//
//   <div class="field" data-label-key="op.shops.code" data-hint-key="op.code_hint">
//     <input id="shop-code" … aria-describedby="shop-code-hint">
//   </div>
//     → the label as above, and after the input <p id="shop-code-hint" class="hint" data-i18n="op.code_hint"></p>
//       (the hint's id is the control's aria-describedby; data-hint="live" instead of a key gives
//       an empty hint with aria-live="polite" that the page's script writes, data-hint="empty" one without)
//
//   <div class="form-actions" data-error="shop-form-error" data-submit="op.shops.submit"></div>
//     → <div id="shop-form-error" class="alert-region" role="alert"></div> before the actions, and in
//       them <button type="submit" class="btn btn-primary" data-i18n="op.shops.submit"></button>
//       (data-submit-class="btn-danger" for a dangerous one, data-submit-id gives it an id); an
//       inline form's <div class="field field-submit" data-submit="…"> gets its button the same way
//
//   <div class="card-head" data-title="shops-heading op.shops.heading" data-count="shops-count"></div>
//     → <h2 id="shops-heading" class="card-title" data-i18n="op.shops.heading"></h2>
//       <span id="shops-count" class="count-pill"></span>  (the pill only with data-count)
//
//   <section id="shops-card" class="card card-wide" data-titled="shops-heading op.shops.heading">
//     → aria-labelledby="shops-heading" on the section and, first in it,
//       <h2 id="shops-heading" class="card-title" data-i18n="op.shops.heading"></h2>
//       (in a <section class="subsection">: <h3 … class="subsection-title">)
//
//   <form id="st-sub-form" class="form" data-alerts="st-sub-status st-sub-error">
//     → <div id="st-sub-status" class="alert-region" role="status"></div> and
//       <div id="st-sub-error" class="alert-region" role="alert"></div> before the form, in that
//       order (an id ending in "-status" is a status region, any other an alert)
//
//   <fieldset class="check-group" data-legend="ts.pp.require" data-checks="pp-checks"></fieldset>
//     → <legend data-i18n="ts.pp.require"></legend><div id="pp-checks" class="check-list"></div>
//       (the page's script fills the check list)
//
//   <section id="wh-card" class="card card-wide" data-card-head="wh-heading shop.wh.heading wh-count">
//     → aria-labelledby="wh-heading" and, first in it, the card head as above (title and count pill)
//
//   <select id="plan-tax" name="tax_rate" data-options="10=op.plan.tax_10 8=op.plan.tax_8"></select>
//     → <option value="10" data-i18n="op.plan.tax_10"></option><option value="8" …></option>
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

/** An alert region (role alert, or status) with the id given. */
function alertRegion(id, role = 'alert') {
  return node('div', { id, class: 'alert-region', role });
}

/** A list table's wrap, rows, empty note and error region (data-wrap, data-rows, data-empty, data-error). */
function listTable(table) {
  const { rows, empty, error, status } = table.dataset;
  if (rows) table.append(node('tbody', { id: rows }));
  let outer = table;
  if ('wrap' in table.dataset) {
    outer = node('div', { class: 'table-wrap', ...(table.dataset.wrap ? { id: table.dataset.wrap } : {}) });
    table.replaceWith(outer);
    outer.append(table);
  }
  if (status) outer.before(alertRegion(status, 'status'));
  if (error) outer.before(alertRegion(error));
  if (empty) {
    const [id, key] = empty.split(/\s+/);
    const note = node('p', { id, class: 'muted empty', ...textKey(key) });
    note.hidden = true;
    outer.after(note);
  }
  for (const name of ['rows', 'empty', 'error', 'status', 'wrap']) delete table.dataset[name];
}

/** A field's hint after its control, named by the control's aria-describedby. */
function fieldHint(field) {
  const { hintKey, hint } = field.dataset;
  const control = field.querySelector('input, select, textarea');
  const p = node('p', { id: control.getAttribute('aria-describedby'), class: 'hint', ...textKey(hintKey) });
  if (hint === 'live') p.setAttribute('aria-live', 'polite');
  control.after(p);
  delete field.dataset.hintKey;
  delete field.dataset.hint;
}

/** A form's actions with its one submit button, and the form's error region before them. */
function formActions(actions) {
  const { submit, submitClass, submitId, error } = actions.dataset;
  if (error) actions.before(alertRegion(error));
  if (submit) {
    actions.append(node('button', { ...(submitId ? { id: submitId } : {}), type: 'submit', class: `btn ${submitClass || 'btn-primary'}`, 'data-i18n': submit }));
  }
  for (const name of ['submit', 'submitClass', 'submitId', 'error']) delete actions.dataset[name];
}

/** A card's head: its title (h2 with id and key) and a count pill. */
function cardHead(head) {
  const [id, key] = head.dataset.title.split(/\s+/);
  head.append(node('h2', { id, class: 'card-title', ...textKey(key) }));
  if (head.dataset.count) head.append(node('span', { id: head.dataset.count, class: 'count-pill' }));
  delete head.dataset.title;
  delete head.dataset.count;
}

/** A card's or subsection's title, first in it and naming it (aria-labelledby). */
function titledSection(section) {
  const [id, key] = section.dataset.titled.split(/\s+/);
  const sub = section.classList.contains('subsection');
  section.setAttribute('aria-labelledby', id);
  section.prepend(node(sub ? 'h3' : 'h2', { id, class: sub ? 'subsection-title' : 'card-title', ...textKey(key) }));
  delete section.dataset.titled;
}

/** The alert regions an element declares (data-alerts), before it. */
function alertsBefore(target) {
  for (const id of target.dataset.alerts.split(/\s+/).filter(Boolean)) target.before(alertRegion(id, id.endsWith('-status') ? 'status' : 'alert'));
  delete target.dataset.alerts;
}

/** A group of check boxes: its legend and the list the page fills. */
function checkGroup(group) {
  group.append(node('legend', { 'data-i18n': group.dataset.legend }), node('div', { id: group.dataset.checks, class: 'check-list' }));
  delete group.dataset.legend;
  delete group.dataset.checks;
}

/** A card whose head (title and count) it declares, named by the title. */
function cardWithHead(section) {
  const [id, key, count] = section.dataset.cardHead.split(/\s+/);
  const head = node('div', { class: 'card-head', 'data-title': `${id} ${key}`, ...(count ? { 'data-count': count } : {}) });
  section.setAttribute('aria-labelledby', id);
  section.prepend(head);
  cardHead(head);
  delete section.dataset.cardHead;
}

/** A select's options from value=key pairs. */
function selectOptions(select) {
  for (const pair of select.dataset.options.split(/\s+/).filter(Boolean)) {
    const at = pair.indexOf('=');
    select.append(node('option', { value: pair.slice(0, at), 'data-i18n': pair.slice(at + 1) }));
  }
  delete select.dataset.options;
}

/** A control declared as a field (data-field): put in its <div class="field">, which takes the declaration. */
function wrapField(control) {
  const field = node('div', { class: 'field' });
  control.replaceWith(field);
  field.append(control);
  const { field: labelKey, tag, hintKey, hint } = control.dataset;
  Object.assign(field.dataset, { labelKey, ...(tag ? { tag } : {}), ...(hintKey ? { hintKey } : {}), ...(hint ? { hint } : {}) });
  for (const name of ['field', 'tag', 'hintKey', 'hint']) delete control.dataset[name];
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
 * Expands the declared tables, fields, form actions, card heads, selects, secret rows and panels under root (the whole page by default). A
 * declaration is consumed when expanded, so a second call changes nothing.
 */
export function renderComponents(root = document) {
  for (const control of root.querySelectorAll('[data-field]')) wrapField(control);
  for (const table of root.querySelectorAll('table[data-columns]')) tableHead(table);
  for (const table of root.querySelectorAll('table[data-rows], table[data-wrap]')) listTable(table);
  for (const field of root.querySelectorAll('.field[data-hint-key], .field[data-hint]')) fieldHint(field);
  for (const actions of root.querySelectorAll('.form-actions[data-submit], .form-actions[data-error], .field-submit[data-submit]')) formActions(actions);
  for (const section of root.querySelectorAll('section[data-card-head]')) cardWithHead(section);
  for (const head of root.querySelectorAll('.card-head[data-title]')) cardHead(head);
  for (const group of root.querySelectorAll('fieldset[data-checks]')) checkGroup(group);
  for (const section of root.querySelectorAll('section[data-titled]')) titledSection(section);
  for (const select of root.querySelectorAll('select[data-options]')) selectOptions(select);
  for (const target of root.querySelectorAll('[data-alerts]')) alertsBefore(target);
  for (const field of root.querySelectorAll('.field[data-label-key]')) fieldLabel(field);
  for (const row of root.querySelectorAll('.secret-row[data-value]')) secretRow(row);
  for (const panel of root.querySelectorAll('[data-panel]')) {
    PANELS[panel.dataset.panel]?.(panel);
    for (const name of ['panel', 'headingKey', 'headingLevel', 'noteKey', 'noteId', 'errorRegion', 'buttons', 'okKey', 'cancelKey', 'warningKey', 'close']) {
      delete panel.dataset[name];
    }
  }
}
