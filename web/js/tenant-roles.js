// The tenant settings page's roles card (CHK-13, WP-7, WP-8): the tenant's custom roles (named sets
// of permissions from the catalogue GET /api/v1/roles gives), created, renamed and deleted (deleting
// asks in a confirmation panel with no default), and their assignment to a user with the built-in
// roles (PUT /api/v1/users/{id}/roles). After an assignment the page's account ledger is reloaded
// (event "anshin:roles-changed").

import { getLang, label, t } from './i18n.js';
import { API, get, request } from './api.js';
import { clearError, sessionLost, setBusy, showError, showNotice } from './ui.js';

const $ = (id) => document.getElementById(id);
const BUILTIN = ['tenant_admin', 'member'];

let catalogue = []; // [{key, label_ja, label_en, privileged}]
let roles = []; // [{id, name, permissions, holders}]
let editing = null; // the role being renamed / changed, or null when the form creates one
let deleting = null; // {role, opener} while the confirmation panel is open

function permLabel(key) {
  const c = catalogue.find((x) => x.key === key);
  if (!c) return key;
  return getLang() === 'en' ? c.label_en : c.label_ja;
}

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

function check(name, value, text, id, extra = '') {
  const input = el('input', { type: 'checkbox', name, value, id });
  const span = el('span', { className: 'perm-label', textContent: text });
  const wrap = el('label', { className: 'check' }, input, ' ', span);
  if (extra) wrap.append(el('span', { className: 'tag tag-privileged', textContent: extra }));
  return wrap;
}

function renderCatalogue() {
  const box = $('roles-perms');
  const checked = new Set([...box.querySelectorAll('input:checked')].map((i) => i.value));
  box.replaceChildren(...catalogue.map((c) => check('permissions', c.key, permLabel(c.key),
    `roles-perm-${c.key.replace('.', '-')}`, c.privileged ? t('ts.roles.privileged') : '')));
  for (const i of box.querySelectorAll('input')) i.checked = checked.has(i.value);
}

function renderRoles() {
  const rows = $('roles-rows');
  rows.replaceChildren();
  for (const r of roles) {
    const perms = el('ul', { className: 'badge-list' },
      ...r.permissions.map((k) => el('li', { className: 'badge', textContent: permLabel(k) })));
    const edit = el('button', { type: 'button', className: 'btn btn-secondary btn-sm', textContent: t('ts.roles.edit') });
    edit.setAttribute('aria-label', t('ts.roles.edit_named', { name: r.name }));
    edit.addEventListener('click', () => startEdit(r));
    const del = el('button', { type: 'button', className: 'btn btn-danger-outline btn-sm', textContent: t('ts.roles.delete') });
    del.setAttribute('aria-label', t('ts.roles.delete_named', { name: r.name }));
    del.setAttribute('aria-controls', 'roles-delete');
    del.addEventListener('click', () => openDelete(r, del));
    const tr = el('tr', {}, el('td', { textContent: r.name }), el('td', {}, perms),
      el('td', { textContent: String(r.holders) }), el('td', {}, edit, ' ', del));
    tr.dataset.roleId = String(r.id);
    rows.append(tr);
  }
  $('roles-empty').hidden = roles.length > 0;
  renderCustomChecks();
}

function renderCustomChecks() {
  const box = $('assign-custom');
  const checked = new Set([...box.querySelectorAll('input:checked')].map((i) => i.value));
  box.replaceChildren(...roles.map((r, i) => check('custom', r.name, r.name, `assign-custom-${i}`)));
  for (const i of box.querySelectorAll('input')) i.checked = checked.has(i.value);
}

function startEdit(role) {
  editing = role;
  $('roles-name').value = role.name;
  for (const i of $('roles-perms').querySelectorAll('input')) i.checked = role.permissions.includes(i.value);
  $('roles-form-heading').textContent = t('ts.roles.edit_heading', { name: role.name });
  $('roles-submit').textContent = t('ts.roles.save');
  $('roles-cancel-edit').hidden = false;
  $('roles-name').focus();
}

function stopEdit() {
  editing = null;
  $('roles-form').reset();
  $('roles-form-heading').textContent = t('ts.roles.add_heading');
  $('roles-submit').textContent = t('ts.roles.submit');
  $('roles-cancel-edit').hidden = true;
}

function openDelete(role, opener) {
  deleting = { role, opener };
  clearError($('roles-delete-error'));
  $('roles-delete-heading').textContent = t('ts.roles.delete_heading', { name: role.name });
  const panel = $('roles-delete');
  panel.hidden = false;
  panel.focus();
}

function closeDelete() {
  const opener = deleting?.opener;
  deleting = null;
  $('roles-delete').hidden = true;
  if (opener && opener.isConnected) opener.focus();
}

/** Loads the roles and the catalogue. */
export async function loadRoles() {
  clearError($('roles-error'));
  try {
    const res = await get(`${API}/roles`);
    catalogue = Array.isArray(res?.catalogue) ? res.catalogue : [];
    roles = Array.isArray(res?.items) ? res.items : [];
    renderCatalogue();
    renderRoles();
  } catch (err) {
    if (sessionLost(err)) return;
    showError($('roles-error'), err);
  }
}

async function loadUsers() {
  try {
    const res = await get(`${API}/users?limit=500`);
    const items = Array.isArray(res?.items) ? res.items : [];
    const select = $('assign-user');
    select.replaceChildren(...items.map((u) => el('option', { value: String(u.id), textContent: `${u.display_name || u.login} (${u.login})` })));
    if (items.length) await loadAssignment();
  } catch (err) {
    if (sessionLost(err)) return;
    showError($('assign-error'), err);
  }
}

async function loadAssignment() {
  clearError($('assign-error'));
  $('assign-status').replaceChildren();
  const id = $('assign-user').value;
  if (!id) return;
  try {
    const res = await get(`${API}/users/${id}/roles`);
    for (const i of $('assign-builtin').querySelectorAll('input')) i.checked = (res.roles || []).includes(i.value);
    const held = (res.custom_roles || []).map((r) => r.name);
    for (const i of $('assign-custom').querySelectorAll('input')) i.checked = held.includes(i.value);
  } catch (err) {
    if (sessionLost(err)) return;
    showError($('assign-error'), err);
  }
}

function setupRoleForm() {
  const form = $('roles-form');
  $('roles-cancel-edit').addEventListener('click', stopEdit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearError($('roles-form-error'));
    $('roles-form-status').replaceChildren();
    const name = $('roles-name').value.trim();
    if (!name) {
      showError($('roles-form-error'), t('ts.roles.missing_name'));
      $('roles-name').focus();
      return;
    }
    const permissions = [...form.querySelectorAll('input[name="permissions"]:checked')].map((i) => i.value);
    setBusy($('roles-submit'), true);
    try {
      if (editing) await request('PUT', `${API}/roles/${editing.id}`, { name, permissions });
      else await request('POST', `${API}/roles`, { name, permissions });
      showNotice($('roles-form-status'), t(editing ? 'ts.roles.saved' : 'ts.roles.created', { name }));
      stopEdit();
      await loadRoles();
      document.dispatchEvent(new CustomEvent('anshin:roles-changed'));
    } catch (err) {
      if (sessionLost(err)) return;
      showError($('roles-form-error'), err);
    } finally {
      setBusy($('roles-submit'), false);
    }
  });
}

function setupDelete() {
  $('roles-delete-cancel').addEventListener('click', closeDelete);
  $('roles-delete').addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeDelete();
  });
  $('roles-delete-confirm').addEventListener('click', async () => {
    if (!deleting) return;
    const button = $('roles-delete-confirm');
    setBusy(button, true);
    try {
      await request('DELETE', `${API}/roles/${deleting.role.id}`);
      const name = deleting.role.name;
      deleting = null;
      $('roles-delete').hidden = true;
      await loadRoles();
      showNotice($('roles-form-status'), t('ts.roles.deleted', { name }));
      document.dispatchEvent(new CustomEvent('anshin:roles-changed'));
    } catch (err) {
      if (sessionLost(err)) return;
      showError($('roles-delete-error'), err);
    } finally {
      setBusy(button, false);
    }
  });
}

function setupAssign() {
  $('assign-builtin').replaceChildren(...BUILTIN.map((r) => check('builtin', r, label('role', r), `assign-builtin-${r}`)));
  $('assign-user').addEventListener('change', loadAssignment);
  const form = $('assign-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearError($('assign-error'));
    $('assign-status').replaceChildren();
    const id = $('assign-user').value;
    const body = {
      roles: [...form.querySelectorAll('input[name="builtin"]:checked')].map((i) => i.value),
      custom_roles: [...form.querySelectorAll('input[name="custom"]:checked')].map((i) => i.value),
    };
    if (!body.roles.length) {
      showError($('assign-error'), t('ts.roles.missing_builtin'));
      return;
    }
    setBusy($('assign-submit'), true);
    try {
      await request('PUT', `${API}/users/${id}/roles`, body);
      showNotice($('assign-status'), t('ts.roles.assigned'));
      await loadRoles();
      document.dispatchEvent(new CustomEvent('anshin:roles-changed'));
    } catch (err) {
      if (sessionLost(err)) return;
      showError($('assign-error'), err);
    } finally {
      setBusy($('assign-submit'), false);
    }
  });
}

/** Wires the card once; then loadRoles() and the users list fill it. */
export async function setupRoles() {
  setupRoleForm();
  setupDelete();
  setupAssign();
  document.addEventListener('anshin:lang', () => {
    renderCatalogue();
    renderRoles();
  });
  await loadRoles();
  await loadUsers();
}
