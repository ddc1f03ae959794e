// Tenant settings (tenant admins only): password policy, session policy, IP allowlist, the HTTP
// Basic gate (basic-gate.js), API tokens and the account ledger. Each card has its own form and its
// own status / alert regions.
// GET/PUT /api/v1/password-policy, /api/v1/session-policy, /api/v1/ip-allowlist;
// GET/POST /api/v1/api-tokens, DELETE /api/v1/api-tokens/{id}; GET /api/v1/account-ledger.

import { label, renderJST, t } from './i18n.js';
import { API, ApiError, get, post, request } from './api.js';
import {
  pagePerson,
  clearError, initPage, isTenantAdmin, markInvalid, setBusy, showError, showNotice,
} from './ui.js';
import { loadBasicGate, setupBasicGate } from './basic-gate.js';
import { setupRoles } from './tenant-roles.js';
import { setupEventClasses } from './event-classes.js';
import { setupClientCa } from './client-ca.js';

initPage();

const $ = (id) => document.getElementById(id);

const PP_NUMBERS = ['min_length', 'history', 'max_age_days_user', 'max_age_days_admin', 'max_failures', 'lockout_minutes'];
const PP_BOOLS = ['require_upper', 'require_lower', 'require_digit', 'require_symbol'];
const TOKEN_PERMS = ['users.read', 'users.manage', 'audit.read', 'data.download'];
const SESSION_RANGE = { min: 5, max: 480 };

let me = null;
let floors = {}; // password policy: { field: { min, max } }
let tokens = [];
let ledger = null; // { roles, users }
let permLabels = {}; // permission key → label (from the ledger's tenant_admin role)
let revoking = null; // the token whose revocation is being confirmed

/** Sends the visitor to the login page when the session has ended; true when it did. */
function sessionLost(err) {
  if (err instanceof ApiError && err.status === 401) {
    window.location.replace('/');
    return true;
  }
  return false;
}

const put = (path, body) => request('PUT', path, body);

function cell(text, className = '') {
  const td = document.createElement('td');
  if (className) td.className = className;
  td.textContent = text ?? '';
  return td;
}

function timeCell(value) {
  const td = cell('', 'nowrap');
  const span = document.createElement('span');
  renderJST(span, value);
  td.append(span);
  return td;
}

function labelCells(tr, keys) {
  [...tr.children].forEach((td, i) => { td.dataset.label = t(keys[i]); });
  return tr;
}

function badgeList(values, kindOf = () => '') {
  const ul = document.createElement('ul');
  ul.className = 'badge-list';
  for (const v of values) {
    const li = document.createElement('li');
    li.className = `badge ${kindOf(v)}`.trim();
    li.textContent = v.text;
    ul.append(li);
  }
  return ul;
}

const permName = (key) => permLabels[key] || key;

/** Runs one card's save: clears its regions, sends, shows 保存しました or the server's problem. */
async function save(form, button, statusId, errorId, send) {
  clearError($(statusId));
  clearError($(errorId));
  markInvalid(form, null);
  setBusy(button, true, 'ts.saving');
  try {
    await send();
    showNotice($(statusId), t('ts.saved'));
  } catch (err) {
    if (sessionLost(err)) return;
    showError($(errorId), err);
    const first = markInvalid(form, err);
    if (first) first.focus();
  } finally {
    setBusy(button, false);
  }
}

function numberValue(el) {
  const v = el.value.trim();
  if (v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : v;
}

function checkbox(name, key, id) {
  const wrap = document.createElement('label');
  wrap.className = 'check';
  const input = document.createElement('input');
  input.type = 'checkbox';
  input.name = name;
  input.id = id;
  const span = document.createElement('span');
  span.dataset.i18n = key;
  span.textContent = t(key);
  wrap.append(input, ' ', span);
  return wrap;
}

// ---- Password policy ----

function buildPasswordForm() {
  const grid = $('pp-numbers');
  for (const f of PP_NUMBERS) {
    const field = document.createElement('div');
    field.className = 'field';
    const lab = document.createElement('label');
    lab.htmlFor = `pp-${f}`;
    lab.dataset.i18n = `ts.pp.${f}`;
    lab.textContent = t(lab.dataset.i18n);
    const input = document.createElement('input');
    input.type = 'number';
    input.id = `pp-${f}`;
    input.name = f;
    input.inputMode = 'numeric';
    input.step = '1';
    input.setAttribute('aria-describedby', `pp-${f}-range`);
    const hint = document.createElement('p');
    hint.className = 'hint';
    hint.id = `pp-${f}-range`;
    field.append(lab, input, hint);
    grid.append(field);
  }
  const checks = $('pp-checks');
  for (const f of PP_BOOLS) checks.append(checkbox(f, `ts.pp.${f}`, `pp-${f}`));
}

function rangeText(r) {
  if (!r || r.min === undefined || r.max === undefined) return '';
  return t('ts.range', { min: r.min, max: r.max });
}

function renderFloors() {
  for (const f of PP_NUMBERS) {
    const input = $(`pp-${f}`);
    const r = floors[f];
    if (r && Number.isFinite(r.min)) input.min = String(r.min); else input.removeAttribute('min');
    if (r && Number.isFinite(r.max)) input.max = String(r.max); else input.removeAttribute('max');
    $(`pp-${f}-range`).textContent = rangeText(r);
  }
  $('sp-idle-range').textContent = rangeText(SESSION_RANGE);
}

function fillPasswordPolicy(p) {
  floors = p?.floors && typeof p.floors === 'object' ? p.floors : {};
  for (const f of PP_NUMBERS) $(`pp-${f}`).value = p?.[f] ?? '';
  for (const f of PP_BOOLS) $(`pp-${f}`).checked = p?.[f] === true;
  renderFloors();
}

function setupPasswordForm() {
  const form = $('pp-form');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body = {};
    for (const f of PP_NUMBERS) body[f] = numberValue($(`pp-${f}`));
    for (const f of PP_BOOLS) body[f] = $(`pp-${f}`).checked;
    save(form, $('pp-submit'), 'pp-status', 'pp-error', async () => {
      const res = await put(`${API}/password-policy`, body);
      if (res && typeof res === 'object' && 'min_length' in res) fillPasswordPolicy({ floors, ...res });
    });
  });
}

// ---- Session policy ----

function fillSessionPolicy(p) {
  $('sp-idle').value = p?.idle_timeout_minutes ?? '';
  $('sp-mfa').checked = p?.mfa_required === true;
  $('sp-max').value = p?.session_max_minutes ?? 0;
}

function setupSessionForm() {
  const form = $('sp-form');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body = {
      idle_timeout_minutes: numberValue($('sp-idle')),
      mfa_required: $('sp-mfa').checked,
      session_max_minutes: numberValue($('sp-max')) ?? 0,
    };
    save(form, $('sp-submit'), 'sp-status', 'sp-error', async () => {
      const res = await put(`${API}/session-policy`, body);
      if (res && typeof res === 'object' && 'idle_timeout_minutes' in res) fillSessionPolicy(res);
    });
  });
}

// ---- IP allowlist ----

function fillAllowlist(p) {
  $('ip-entries').value = (Array.isArray(p?.entries) ? p.entries : []).join('\n');
}

function setupAllowlistForm() {
  const form = $('ip-form');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const entries = $('ip-entries').value.split(/\r?\n/).map((s) => s.trim()).filter((s) => s !== '');
    save(form, $('ip-submit'), 'ip-status', 'ip-error', async () => {
      const res = await put(`${API}/ip-allowlist`, { entries });
      fillAllowlist(res && Array.isArray(res.entries) ? res : { entries });
    });
  });
}

// ---- API tokens ----

const TOKEN_COLS = ['ts.tok.col.name', 'ts.tok.col.prefix', 'ts.tok.col.permissions', 'ts.tok.col.created',
  'ts.tok.col.expires', 'ts.tok.col.last_used', 'ts.tok.col.actions'];

function renderTokens() {
  const rows = $('tok-rows');
  rows.replaceChildren();
  for (const tok of tokens) {
    const tr = document.createElement('tr');
    tr.dataset.tokenId = String(tok.id);
    const nameTd = cell(tok.name);
    if (tok.revoked) {
      const st = document.createElement('span');
      st.className = 'state state-off state-note';
      st.textContent = t('ts.tok.revoked');
      nameTd.append(' ', st);
    }
    const perms = cell('');
    perms.append(badgeList((tok.permissions || []).map((k) => ({ text: permName(k) }))));
    const actions = cell('');
    if (!tok.revoked) {
      const btn = document.createElement('button');
      btn.type = 'button';
      btn.className = 'btn btn-danger-outline btn-sm';
      btn.textContent = t('ts.tok.revoke');
      btn.setAttribute('aria-label', t('ts.tok.revoke_named', { name: tok.name }));
      btn.setAttribute('aria-controls', 'tok-revoke');
      btn.addEventListener('click', () => openRevoke(tok, btn));
      actions.append(btn);
    }
    const last = tok.last_used_at ? timeCell(tok.last_used_at) : cell(t('ts.tok.never'));
    tr.replaceChildren(nameTd, cell(tok.prefix ? `${tok.prefix}…` : '', 'mono'), perms, timeCell(tok.created_at),
      tok.expires_at ? timeCell(tok.expires_at) : cell(t('ts.tok.no_expiry')), last, actions);
    rows.append(labelCells(tr, TOKEN_COLS));
  }
  $('tok-empty').hidden = tokens.length > 0;
}

async function loadTokens() {
  clearError($('tok-list-error'));
  try {
    const res = await get(`${API}/api-tokens`);
    tokens = Array.isArray(res?.items) ? res.items : [];
    renderTokens();
  } catch (err) {
    if (sessionLost(err)) return;
    showError($('tok-list-error'), err);
  }
}

function buildPermChecks() {
  const box = $('tok-perms');
  box.replaceChildren();
  for (const key of TOKEN_PERMS) {
    const wrap = document.createElement('label');
    wrap.className = 'check';
    const input = document.createElement('input');
    input.type = 'checkbox';
    input.name = 'permissions';
    input.value = key;
    input.id = `tok-perm-${key.replace('.', '-')}`;
    const span = document.createElement('span');
    span.className = 'perm-label';
    span.textContent = permName(key);
    const code = document.createElement('span');
    code.className = 'mono muted perm-key';
    code.textContent = ` (${key})`;
    wrap.append(input, ' ', span, code);
    box.append(wrap);
  }
}

function renderPermLabels() {
  for (const key of TOKEN_PERMS) {
    const el = document.querySelector(`#tok-perm-${key.replace('.', '-')} + .perm-label`);
    if (el) el.textContent = permName(key);
  }
}

function openRevoke(tok, opener) {
  revoking = { tok, opener };
  clearError($('tok-revoke-error'));
  $('tok-revoke-heading').textContent = t('ts.tok.revoke_heading', { name: tok.name });
  const panel = $('tok-revoke');
  panel.hidden = false;
  panel.focus();
}

function closeRevoke(focusBack = true) {
  const opener = revoking?.opener;
  revoking = null;
  $('tok-revoke').hidden = true;
  clearError($('tok-revoke-error'));
  if (focusBack && opener && opener.isConnected) opener.focus();
}

function closeCreated() {
  $('tok-created').hidden = true;
  $('tok-secret').textContent = '';
  $('tok-copy-status').textContent = '';
}

function setupTokens() {
  const form = $('tok-form');
  const submit = $('tok-submit');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearError($('tok-error'));
    markInvalid(form, null);
    const name = $('tok-name').value.trim();
    const permissions = [...form.querySelectorAll('input[name="permissions"]:checked')].map((el) => el.value);
    const missing = [];
    if (name === '') {
      $('tok-name').setAttribute('aria-invalid', 'true');
      missing.push(t('ts.tok.missing_name'));
    }
    if (permissions.length === 0) missing.push(t('ts.tok.missing_permissions'));
    if (missing.length) {
      showError($('tok-error'), missing[0], { extra: missing.slice(1) });
      (name === '' ? $('tok-name') : form.querySelector('input[name="permissions"]')).focus();
      return;
    }
    const body = { name, permissions };
    const days = numberValue($('tok-expires'));
    if (days !== null) body.expires_in_days = days;
    setBusy(submit, true, 'ts.tok.submitting');
    try {
      const res = await post(`${API}/api-tokens`, body);
      closeCreated();
      $('tok-secret').textContent = res?.secret ?? '';
      const panel = $('tok-created');
      panel.hidden = false;
      panel.focus();
      form.reset();
      await loadTokens();
    } catch (err) {
      if (sessionLost(err)) return;
      showError($('tok-error'), err);
      const first = markInvalid(form, err);
      if (first) first.focus();
    } finally {
      setBusy(submit, false);
    }
  });

  $('tok-copy').addEventListener('click', async () => {
    const status = $('tok-copy-status');
    try {
      await navigator.clipboard.writeText($('tok-secret').textContent);
      status.textContent = t('ts.tok.copied');
    } catch {
      const range = document.createRange();
      range.selectNodeContents($('tok-secret'));
      const sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      status.textContent = t('ts.tok.copy_failed');
    }
  });
  $('tok-created-close').addEventListener('click', () => {
    closeCreated();
    $('tok-name').focus();
  });

  $('tok-revoke-cancel').addEventListener('click', () => closeRevoke());
  $('tok-revoke').addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeRevoke();
  });
  const confirm = $('tok-revoke-confirm');
  confirm.addEventListener('click', async () => {
    if (!revoking) return;
    clearError($('tok-revoke-error'));
    setBusy(confirm, true, 'ts.tok.revoking');
    try {
      await request('DELETE', `${API}/api-tokens/${encodeURIComponent(revoking.tok.id)}`);
      const name = revoking.tok.name;
      closeRevoke(false);
      showNotice($('page-status'), t('ts.tok.revoked_notice', { name }));
      await loadTokens();
      $('tok-heading').focus();
    } catch (err) {
      if (sessionLost(err)) return;
      showError($('tok-revoke-error'), err);
    } finally {
      setBusy(confirm, false);
    }
  });
}

// ---- Account ledger ----

function renderLedger() {
  if (!ledger) return;
  const roles = $('ledger-roles');
  roles.replaceChildren();
  for (const r of ledger.roles) {
    const row = document.createElement('div');
    row.className = 'kv-row';
    const dt = document.createElement('dt');
    dt.textContent = label('role', r.role);
    const dd = document.createElement('dd');
    const perms = Array.isArray(r.permissions) ? r.permissions : [];
    if (perms.length) dd.append(badgeList(perms.map((p) => ({ text: p.label || p.key }))));
    else dd.textContent = t('ts.ledger.no_permissions');
    row.append(dt, dd);
    roles.append(row);
  }
  const rows = $('ledger-rows');
  rows.replaceChildren();
  const cols = ['ts.ledger.col.id', 'ts.ledger.col.name', 'ts.ledger.col.roles', 'ts.ledger.col.permissions'];
  for (const u of ledger.users) {
    const tr = document.createElement('tr');
    const rolesTd = cell('');
    rolesTd.append(badgeList((u.roles || []).map((r) => ({ text: label('role', r), role: r })),
      (v) => `badge-role-${v.role}`));
    const permsTd = cell('');
    const perms = Array.isArray(u.permissions) ? u.permissions : [];
    if (perms.length) permsTd.append(badgeList(perms.map((k) => ({ text: permName(k) }))));
    else permsTd.textContent = t('ts.ledger.no_permissions');
    tr.append(cell(u.login ?? String(u.id ?? ''), 'mono nowrap'), cell(u.display_name || u.login || ''), rolesTd, permsTd);
    rows.append(labelCells(tr, cols));
  }
}

async function loadLedger() {
  clearError($('ledger-error'));
  try {
    const res = await get(`${API}/account-ledger`);
    ledger = {
      roles: Array.isArray(res?.roles) ? res.roles : [],
      users: Array.isArray(res?.users) ? res.users : [],
    };
    const admin = ledger.roles.find((r) => r.role === 'tenant_admin');
    permLabels = {};
    for (const p of admin?.permissions || []) if (p && p.key) permLabels[p.key] = p.label || p.key;
    renderLedger();
    renderPermLabels();
    renderTokens();
  } catch (err) {
    if (sessionLost(err)) return;
    showError($('ledger-error'), err);
  }
}

// ---- Page ----

/** Shows why the page is closed (the server's 403 detail when it gives one) and the way back. */
async function showForbidden() {
  let err = null;
  try {
    await get(`${API}/password-policy`);
  } catch (e) {
    err = e;
  }
  if (err && sessionLost(err)) return;
  $('loading').hidden = true;
  showError($('page-error'), err instanceof ApiError && err.status === 403 ? err : t('ts.forbidden'));
  $('forbidden-back').hidden = false;
}

document.addEventListener('anshin:lang', () => {
  renderFloors();
  renderTokens();
  renderLedger();
  if (revoking) $('tok-revoke-heading').textContent = t('ts.tok.revoke_heading', { name: revoking.tok.name });
});

async function main() {
  me = await pagePerson();
  if (!me) return;
  if (!isTenantAdmin(me)) {
    await showForbidden();
    return;
  }
  buildPasswordForm();
  buildPermChecks();
  let pp;
  let sp;
  let ip;
  try {
    [pp, sp, ip] = await Promise.all([
      get(`${API}/password-policy`), get(`${API}/session-policy`), get(`${API}/ip-allowlist`),
    ]);
  } catch (err) {
    if (sessionLost(err)) return;
    $('loading').hidden = true;
    showError($('page-error'), err);
    if (err instanceof ApiError && err.status === 403) $('forbidden-back').hidden = false;
    return;
  }
  fillPasswordPolicy(pp);
  fillSessionPolicy(sp);
  fillAllowlist(ip);
  setupPasswordForm();
  setupSessionForm();
  setupAllowlistForm();
  setupTokens();
  setupBasicGate();
  $('loading').hidden = true;
  $('ts-content').hidden = false;
  // The roles card changes what the ledger shows (CHK-13).
  document.addEventListener('anshin:roles-changed', () => loadLedger());
  await Promise.all([loadLedger(), loadTokens(), loadBasicGate(), setupRoles(), setupEventClasses(),
    setupClientCa()]);
}

main();
