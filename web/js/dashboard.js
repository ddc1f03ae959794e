// Dashboard: who is logged in, the session, the active sessions (sessions.js) and the system
// status, and depending on the roles: operator staff (staff admins), tenants (every staff role;
// admins also register them) and the tenant's users (tenant admins; their row actions are in
// user-admin.js).

import { label, renderJST, t } from './i18n.js';
import { API, ApiError, get, post } from './api.js';
import {
  pagePerson,
  canReadAudit, cell, clearError, closeSecretPanel, initPage, labelCells, markInvalid, openSecretPanel,
  sessionLost, setBusy, showError, showNotice, timeCell, wireCopy,
} from './ui.js';
import { setupSessions } from './sessions.js';
import { isOperatorStaff } from './roles.js';
import { setupMyServices } from './my-services.js';
import { setupTermsAck } from './terms-ack.js';
import { setupUserAdmin, userActionsCell } from './user-admin.js';
import { mailStateText, setupStaffAdmin, staffActionsCell, staffFormExtras } from './staff-admin.js';
import { tenantEditButton } from './tenant-edit.js';
import { tenantPlacementButton } from './tenant-placement.js';

initPage();

const $ = (id) => document.getElementById(id);
const FLASH_KEY = 'anshin.flash';

const LIST_LIMIT = 100; // rows of tenants / users fetched at once
const STAFF_ROLES = ['admin', 'support', 'auditor'];

let me = null;
let staff = [];
let system = null; // { ready: bool|null, database, version, checkedAt, error }
let mfaStatus = null; // GET /api/v1/me/mfa: { totp, recovery_codes_left }
// cursors: the next_cursor of each query sent (keyset pages, issue 20); more = any left.
let tenants = { items: [], q: '', more: false, loaded: false, cursors: new Map() };
let users = { items: [], more: false, loaded: false, cursor: null };

/** Status dot and name, plus an optional small note under it. */
function statusCell(status, note = '') {
  const td = document.createElement('td');
  const st = document.createElement('span');
  st.className = `state state-${status === 'active' ? 'ok' : 'off'}`;
  st.textContent = label('status', status);
  td.append(st);
  if (note) {
    const n = document.createElement('span');
    n.className = 'state-note';
    n.textContent = note;
    td.append(n);
  }
  return td;
}

function badge(text, kind = '') {
  const li = document.createElement('li');
  li.className = `badge ${kind}`.trim();
  li.textContent = text;
  return li;
}

function renderMe() {
  if (!me) return;
  const name = me.display_name || me.login;
  $('greeting').textContent = t('dashboard.greeting', { name });
  $('me-login').textContent = me.login;
  $('me-kind').textContent = label('dashboard.kind', me.kind || 'staff');
  if (me.tenant) {
    $('me-company-code-row').hidden = !me.tenant.company_code;
    $('me-company-code').textContent = me.tenant.company_code ?? '';
    $('me-tenant-row').hidden = false;
    $('me-tenant').textContent = me.tenant.name || me.tenant.company_code || String(me.tenant.id ?? '');
  }
  const roles = Array.isArray(me.roles) ? me.roles : [];
  $('me-roles').replaceChildren(
    ...(roles.length ? roles.map((r) => badge(label('role', r), `badge-role-${r}`))
      : [badge(t('dashboard.no_roles'), 'badge-muted')]));
  const s = me.session || {};
  renderJST($('session-created'), s.created_at);
  // A user session without an absolute lifetime (the tenant set none, CHK-25) has no end to show.
  if (s.absolute_lifetime_seconds === null) $('session-expires').textContent = t('dashboard.session.no_limit');
  else renderJST($('session-expires'), s.expires_at);
  $('session-idle').textContent = Number.isFinite(s.idle_timeout_seconds)
    ? t('dashboard.session.idle_value', { minutes: Math.round(s.idle_timeout_seconds / 60) }) : '—';
}

function renderSystem() {
  const dot = $('system-dot');
  const text = $('system-text');
  if (!system) return;
  dot.className = `status-dot ${system.ready === true ? 'status-ok' : system.ready === false ? 'status-ng' : 'status-unknown'}`;
  delete text.dataset.i18n;
  text.textContent = system.ready === true ? t('dashboard.system.ready')
    : system.ready === false ? t('dashboard.system.not_ready') : t('dashboard.system.unknown');
  const detail = $('system-detail');
  detail.textContent = system.ready === true ? '' : system.error;
  detail.hidden = detail.textContent === '';
  $('system-db').textContent = system.database === 'ok' ? t('dashboard.system.db_ok')
    : system.database ? t('dashboard.system.db_ng') : t('dashboard.system.unknown');
  // The build's version is for the operator's staff; customers have no use for it (issue 10 item 16).
  $('system-version-row').hidden = !isOperatorStaff(me);
  $('system-version').textContent = system.version || '—';
  renderJST($('system-checked'), system.checkedAt);
}

/** The second factor's state in the account card (the row stays hidden if it could not be read). */
function renderMfa() {
  if (!mfaStatus) return;
  const on = mfaStatus.totp === true;
  const el = $('me-mfa');
  el.className = `state state-${on ? 'ok' : 'off'}`;
  el.textContent = t(on ? 'dashboard.mfa.on' : 'dashboard.mfa.off');
  // With the factor on, the button manages it instead of offering to set it up (issue 10 item 16).
  const link = $('security-link');
  link.dataset.i18n = on ? 'dashboard.manage_security' : 'dashboard.open_security';
  link.textContent = t(link.dataset.i18n);
  $('me-mfa-row').hidden = false;
}

async function loadMfa() {
  try {
    mfaStatus = await get(`${API}/me/mfa`);
    renderMfa();
  } catch (err) {
    sessionLost(err);
  }
}

async function loadSystem() {
  const btn = $('system-refresh');
  btn.disabled = true;
  const next = { ready: null, database: null, version: null, checkedAt: new Date(), error: '' };
  const [ready, health] = await Promise.allSettled([get('/readyz'), get('/healthz')]);
  if (ready.status === 'fulfilled') {
    next.ready = ready.value?.status === 'ready';
    next.database = ready.value?.database ?? null;
  } else {
    const err = ready.reason;
    next.ready = err instanceof ApiError && err.status !== 0 ? false : null;
    next.database = err instanceof ApiError && err.status === 503 ? 'unavailable' : null;
    next.error = err?.detail || '';
  }
  if (health.status === 'fulfilled') next.version = health.value?.version ?? null;
  system = next;
  renderSystem();
  btn.disabled = false;
}

function renderStaff() {
  const rows = staff.map((s) => {
    const tr = document.createElement('tr');
    const login = document.createElement('td');
    login.className = 'mono';
    login.textContent = s.login;
    const name = document.createElement('td');
    name.textContent = s.display_name ?? '';
    const roles = document.createElement('td');
    const ul = document.createElement('ul');
    ul.className = 'badge-list';
    for (const r of s.roles || []) ul.append(badge(label('role', r), `badge-role-${r}`));
    roles.append(ul);
    const status = document.createElement('td');
    const st = document.createElement('span');
    st.className = `state state-${s.status === 'active' ? 'ok' : 'off'}`;
    st.textContent = label('status', s.status);
    status.append(st);
    if (s.password_change_required === true) {
      const pending = document.createElement('span');
      pending.className = 'state-note';
      pending.textContent = t('staff.pending_password');
      status.append(pending);
    }
    const created = timeCell(s.created_at);
    const actions = staffActionsCell(s);
    const cols = ['login', 'name', 'roles', 'status', 'created', 'actions'];
    [login, name, roles, status, created, actions].forEach((td, i) => { td.dataset.label = t(`staff.col.${cols[i]}`); });
    tr.append(login, name, roles, status, created, actions);
    return tr;
  });
  $('staff-rows').replaceChildren(...rows);
  $('staff-empty').hidden = staff.length > 0;
  $('staff-table-wrap').hidden = staff.length === 0;
  $('staff-count').textContent = t('staff.count', { count: staff.length });
}

async function loadStaff() {
  clearError($('staff-error'));
  try {
    const res = await get(`${API}/staff`);
    staff = Array.isArray(res?.items) ? res.items : [];
    renderStaff();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      window.location.replace('/');
      return;
    }
    showError($('staff-error'), err);
  }
}

let createdLogin = '';

function renderCreated() {
  $('staff-created-lead').textContent = t('staff.created.lead', { login: createdLogin });
}

function setupStaffForm() {
  const form = $('staff-form');
  const submit = $('staff-submit');
  const errorRegion = $('staff-form-error');

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearError(errorRegion);
    markInvalid(form, null);
    const loginEl = $('staff-login');
    const nameEl = $('staff-display-name');
    const login = loginEl.value.trim();
    const displayName = nameEl.value.trim();
    const missing = [];
    if (login === '') missing.push(loginEl);
    if (displayName === '') missing.push(nameEl);
    if (missing.length) {
      for (const el of missing) el.setAttribute('aria-invalid', 'true');
      showError(errorRegion, t('staff.form.missing'));
      missing[0].focus();
      return;
    }
    const extras = staffFormExtras();
    if (extras.error) {
      extras.field.setAttribute('aria-invalid', 'true');
      showError(errorRegion, extras.error);
      extras.field.focus();
      return;
    }
    setBusy(submit, true, 'staff.form.submitting');
    try {
      const res = await post(`${API}/staff`, { login, display_name: displayName, roles: [$('staff-role').value], ...extras.body });
      createdLogin = res?.staff?.login || login;
      renderCreated();
      // With an address the member sets the password from the mailed link; say where it went.
      const mailLine = $('staff-created-mail');
      mailLine.hidden = !extras.body.email;
      mailLine.textContent = extras.body.email
        ? `${t('staff.created.link_sent', { email: extras.body.email })} ${mailStateText(res?.mail)}` : '';
      openSecretPanel('staff-created', 'otp-value', 'otp-copy-status', res?.initial_password);
      passwordShown('otp', res?.initial_password);
      form.reset();
      await loadStaff();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        window.location.replace('/');
        return;
      }
      showError(errorRegion, err);
      const first = markInvalid(form, err);
      (first || loginEl).focus();
    } finally {
      setBusy(submit, false);
    }
  });

  setupStaffAdmin({ reload: loadStaff });
  wireCopy('otp-copy', 'otp-value', 'otp-copy-status');
  $('staff-created-close').addEventListener('click', () => {
    closeSecretPanel('staff-created', 'otp-value', 'otp-copy-status');
    $('staff-login').focus();
  });
}

// ---- Tenants (operator staff) ----

function renderTenants() {
  const rows = tenants.items.map((tn) => {
    const tr = document.createElement('tr');
    const responsible = document.createElement('td');
    const rName = document.createElement('span');
    rName.className = 'cell-main';
    rName.textContent = tn.responsible?.name ?? '';
    const rMail = document.createElement('span');
    rMail.className = 'cell-sub';
    rMail.textContent = tn.responsible?.email ?? '';
    responsible.append(rName, rMail, tenantEditButton(tn, () => loadTenants()));
    const created = timeCell(tn.created_at);
    tr.append(cell(tn.company_code, 'mono'), tenantNameCell(tn), statusCell(tn.status, tn.status_reason || ''),
      responsible, created);
    return labelCells(tr, ['tenants.col.code', 'tenants.col.name', 'tenants.col.status',
      'tenants.col.responsible', 'tenants.col.created']);
  });
  $('tenants-rows').replaceChildren(...rows);
  const none = tenants.items.length === 0;
  $('tenants-table-wrap').hidden = none;
  const empty = $('tenants-empty');
  empty.hidden = !none || !tenants.loaded;
  empty.textContent = tenants.q ? t('tenants.no_match', { q: tenants.q }) : t('tenants.empty');
  $('tenants-more').hidden = !tenants.more;
  $('tenants-more').textContent = t('tenants.more', { count: tenants.items.length });
  $('tenants-next').hidden = !tenants.more;
  $('tenants-count').textContent = tenants.loaded ? t('tenants.count', { count: tenants.items.length }) : '';
}

/**
 * GET /api/v1/tenants?q=… (a prefix of the company code or name). Company codes are stored in
 * upper case, so a query typed in lower case is also sent upper-cased and the answers merged.
 */
async function loadTenants(q = tenants.q, next = false) {
  clearError($('tenants-error'));
  const url = (v, cursor) => `${API}/tenants?limit=${LIST_LIMIT}${v ? `&q=${encodeURIComponent(v)}` : ''}`
    + (cursor ? `&cursor=${encodeURIComponent(cursor)}` : '');
  let variants = [q];
  if (/^[A-Za-z0-9-]+$/.test(q) && q.toUpperCase() !== q) variants.push(q.toUpperCase());
  // The next page continues each query from its own cursor; queries already at their end stop.
  if (next) variants = variants.filter((v) => tenants.cursors.get(v));
  try {
    const answers = await Promise.all(variants.map((v) => get(url(v, next ? tenants.cursors.get(v) : null))));
    const byId = new Map(next ? tenants.items.map((item) => [item.id, item]) : []);
    const cursors = next ? new Map(tenants.cursors) : new Map();
    answers.forEach((res, i) => {
      const items = Array.isArray(res?.items) ? res.items : [];
      for (const item of items) byId.set(item.id, item);
      cursors.set(variants[i], res?.next_cursor || null);
    });
    const more = [...cursors.values()].some(Boolean);
    tenants = { items: [...byId.values()].sort((a, b) => a.id - b.id), q, more, loaded: true, cursors };
    renderTenants();
  } catch (err) {
    if (sessionLost(err)) return;
    showError($('tenants-error'), err);
  }
}

function setupTenantSearch() {
  const form = $('tenant-search');
  const input = $('tenant-q');
  const submit = $('tenant-search-submit');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    setBusy(submit, true, 'tenants.search');
    await loadTenants(input.value.trim());
    setBusy(submit, false);
  });
  $('tenants-next').addEventListener('click', async () => {
    setBusy($('tenants-next'), true, 'common.loading');
    await loadTenants(tenants.q, true);
    setBusy($('tenants-next'), false);
  });
  $('tenant-search-clear').addEventListener('click', async () => {
    input.value = '';
    input.focus();
    if (tenants.q !== '') await loadTenants('');
  });
}

let createdTenant = null; // { name, code, login } of the tenant just registered

function renderTenantCreated() {
  if (!createdTenant) return;
  $('tenant-created-lead').textContent = t('tenants.created.lead', createdTenant)
    + (createdTenant.mail ? ` ${t('mail.link_sent')} ${t(`mail.state.${createdTenant.mail}`)}` : '');
}

function setupTenantForm() {
  const form = $('tenant-form');
  const submit = $('tenant-submit');
  const errorRegion = $('tenant-form-error');
  const fields = {
    company_code: $('tenant-code'),
    name: $('tenant-name'),
    responsible_name: $('tenant-responsible-name'),
    responsible_email: $('tenant-responsible-email'),
    admin_login: $('tenant-admin-login'),
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearError(errorRegion);
    markInvalid(form, null);
    const body = {};
    const missing = [];
    for (const [key, el] of Object.entries(fields)) {
      body[key] = el.value.trim();
      if (body[key] === '') missing.push(el);
    }
    if (missing.length) {
      for (const el of missing) el.setAttribute('aria-invalid', 'true');
      showError(errorRegion, t('tenants.form.missing'));
      missing[0].focus();
      return;
    }
    setBusy(submit, true, 'tenants.form.submitting');
    try {
      const res = await post(`${API}/tenants`, body);
      createdTenant = {
        name: res?.tenant?.name || body.name,
        code: res?.tenant?.company_code || body.company_code.toUpperCase(),
        login: res?.admin?.login || body.admin_login,
        mail: res?.mail_delivery,
      };
      renderTenantCreated();
      $('tenant-created-code').textContent = createdTenant.code;
      $('tenant-created-login').textContent = createdTenant.login;
      openSecretPanel('tenant-created', 'tenant-otp-value', 'tenant-otp-copy-status', res?.initial_password);
      form.reset();
      $('tenant-q').value = '';
      await loadTenants('');
    } catch (err) {
      if (sessionLost(err)) return;
      showError(errorRegion, err);
      let first = markInvalid(form, err);
      if (!first && err instanceof ApiError && err.is('company-code-taken')) {
        fields.company_code.setAttribute('aria-invalid', 'true');
        first = fields.company_code;
      }
      (first || fields.company_code).focus();
    } finally {
      setBusy(submit, false);
    }
  });

  wireCopy('tenant-otp-copy', 'tenant-otp-value', 'tenant-otp-copy-status');
  $('tenant-created-close').addEventListener('click', () => {
    closeSecretPanel('tenant-created', 'tenant-otp-value', 'tenant-otp-copy-status');
    createdTenant = null;
    fields.company_code.focus();
  });
}

// ---- Users of the tenant (tenant admins) ----

function renderUsers() {
  $('users-lead').textContent = t('users.lead', { company: me?.tenant?.name || me?.tenant?.company_code || '' });
  const rows = users.items.map((u) => {
    const tr = document.createElement('tr');
    const roles = document.createElement('td');
    const ul = document.createElement('ul');
    ul.className = 'badge-list';
    for (const r of u.roles || []) ul.append(badge(label('role', r), `badge-role-${r}`));
    roles.append(ul);
    const last = u.last_login_at ? timeCell(u.last_login_at) : cell(t('users.never'), 'muted');
    tr.dataset.userId = String(u.id);
    const person = cell('');
    const name = document.createElement('span');
    name.className = 'cell-main';
    name.textContent = u.display_name ?? '';
    const mail = document.createElement('span');
    mail.className = 'cell-sub cell-email';
    mail.textContent = u.email ?? '';
    person.append(name, mail);
    tr.append(cell(u.login, 'mono'), person,
      roles, statusCell(u.status, u.password_change_required === true ? t('staff.pending_password') : ''), last,
      userActionsCell(u, me));
    return labelCells(tr, ['users.col.login', 'users.col.name_email', 'users.col.roles',
      'users.col.status', 'users.col.last_login', 'users.col.actions']);
  });
  $('users-rows').replaceChildren(...rows);
  const none = users.items.length === 0;
  $('users-table-wrap').hidden = none;
  $('users-empty').hidden = !none || !users.loaded;
  $('users-more').hidden = !users.more;
  $('users-more').textContent = t('users.more', { count: users.items.length });
  $('users-next').hidden = !users.more;
  $('users-count').textContent = users.loaded ? t('users.count', { count: users.items.length }) : '';
}

async function loadUsers(next = false) {
  clearError($('users-error'));
  try {
    const cursor = next === true && users.cursor ? `&cursor=${encodeURIComponent(users.cursor)}` : '';
    const res = await get(`${API}/users?limit=${LIST_LIMIT}${cursor}`);
    const page = Array.isArray(res?.items) ? res.items : [];
    const items = cursor ? [...users.items, ...page] : page;
    users = { items, more: Boolean(res?.next_cursor), loaded: true, cursor: res?.next_cursor || null };
    renderUsers();
  } catch (err) {
    if (sessionLost(err)) return;
    showError($('users-error'), err);
  }
}

let createdUser = null; // { login, code }

function renderUserCreated() {
  if (!createdUser) return;
  // A user always has an address: only the link goes out, no password is shown (issue 10).
  $('user-created-lead').textContent = t('users.created.lead_link', createdUser)
    + (createdUser.mail ? ` ${t(`mail.state.${createdUser.mail}`)}` : '');
}

/** Shows the one-time password's row and note only when the server returned one (an account
 * without an address); with an address the owner sets the password from the mailed link. */
function passwordShown(prefix, password) {
  $(`${prefix}-value`).closest('.secret-row').hidden = !password;
  $(`${prefix}-note`).hidden = !password;
}

function setupUserForm() {
  const form = $('user-form');
  const submit = $('user-submit');
  const errorRegion = $('user-form-error');
  const loginEl = $('user-login');
  const nameEl = $('user-display-name');
  const emailEl = $('user-email');

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearError(errorRegion);
    markInvalid(form, null);
    const login = loginEl.value.trim();
    const displayName = nameEl.value.trim();
    const email = emailEl.value.trim();
    const missing = [];
    if (login === '') missing.push(loginEl);
    if (email === '') missing.push(emailEl);
    if (missing.length) {
      for (const el of missing) el.setAttribute('aria-invalid', 'true');
      showError(errorRegion, t('users.form.missing'));
      missing[0].focus();
      return;
    }
    const body = { login, email, roles: [$('user-role').value] };
    if (displayName !== '') body.display_name = displayName;
    setBusy(submit, true, 'users.form.submitting');
    try {
      const res = await post(`${API}/users`, body);
      createdUser = { login: res?.user?.login || login, email: res?.user?.email || email, code: me?.tenant?.company_code ?? '', mail: res?.mail_delivery };
      renderUserCreated();
      openSecretPanel('user-created', 'user-otp-value', 'user-otp-copy-status', res?.initial_password);
      passwordShown('user-otp', res?.initial_password);
      form.reset();
      await loadUsers();
    } catch (err) {
      if (sessionLost(err)) return;
      showError(errorRegion, err);
      let first = markInvalid(form, err);
      if (!first && err instanceof ApiError && err.is('user-id-taken')) {
        loginEl.setAttribute('aria-invalid', 'true');
        first = loginEl;
      }
      (first || loginEl).focus();
    } finally {
      setBusy(submit, false);
    }
  });

  wireCopy('user-otp-copy', 'user-otp-value', 'user-otp-copy-status');
  $('user-created-close').addEventListener('click', () => {
    closeSecretPanel('user-created', 'user-otp-value', 'user-otp-copy-status');
    createdUser = null;
    loginEl.focus();
  });
}

function showFlash() {
  let flash = null;
  try {
    flash = sessionStorage.getItem(FLASH_KEY);
    sessionStorage.removeItem(FLASH_KEY);
  } catch {
    /* storage disabled: no message */
  }
  if (flash === 'password_changed') showNotice($('page-status'), t('dashboard.password_changed'));
}

document.addEventListener('anshin:lang', () => {
  renderMe();
  renderMfa();
  renderSystem();
  if ($('staff-card') && !$('staff-card').hidden) renderStaff();
  if (createdLogin) renderCreated();
  if ($('tenants-card') && !$('tenants-card').hidden) renderTenants();
  renderTenantCreated();
  if ($('users-card') && !$('users-card').hidden) renderUsers();
  renderUserCreated();
});

async function main() {
  me = await pagePerson();
  if (!me) return;
  renderMe();
  $('loading').hidden = true;
  $('dashboard-content').hidden = false;
  showFlash();
  const tasks = [loadSystem(), loadMfa()];
  const roles = Array.isArray(me.roles) ? me.roles : [];
  const isStaff = me.kind !== 'user';
  $('audit-link').hidden = !canReadAudit(me);

  // Cards for other roles leave the page, so that their forms cannot be reached at all.
  if (isStaff && roles.some((r) => STAFF_ROLES.includes(r))) {
    $('tenants-card').hidden = false;
    const canRegister = roles.includes('admin');
    if (canRegister) {
      $('tenants-lead').dataset.i18n = 'tenants.lead_admin';
      $('tenants-lead').textContent = t('tenants.lead_admin');
      $('tenant-add').hidden = false;
      setupTenantForm();
    } else {
      $('tenant-add').remove();
      $('tenant-created').remove();
    }
    setupTenantSearch();
    tasks.push(loadTenants(''));
  } else {
    $('tenants-card').remove();
  }
  if (!isStaff && roles.includes('tenant_admin')) {
    $('users-card').hidden = false;
    renderUsers();
    setupUserForm();
    setupUserAdmin({ me, reload: () => loadUsers() });
    $('users-next').addEventListener('click', async () => {
      setBusy($('users-next'), true, 'common.loading');
      await loadUsers(true);
      setBusy($('users-next'), false);
    });
    tasks.push(loadUsers());
  } else {
    $('users-card').remove();
  }
  if (isStaff && roles.includes('admin')) {
    $('staff-card').hidden = false;
    setupStaffForm();
    tasks.push(loadStaff());
  } else {
    $('staff-card').remove();
  }
  $('system-refresh').addEventListener('click', () => loadSystem());
  tasks.push(setupSessions());
  if (isStaff) $('my-services-card').remove();
  else tasks.push(setupMyServices(me), setupTermsAck());
  await Promise.all(tasks);
}

main();

// ---- A tenant's users, opened by operator staff for a stated reason (WP-18, SLA-29) ----

/** The company's name, and under it the button that opens the tenant's user list (the server asks
 * why: api.js shows the reason dialog and repeats the request with the reason). */
function tenantNameCell(tn) {
  const td = document.createElement('td');
  const name = document.createElement('span');
  name.className = 'cell-main';
  name.textContent = tn.name;
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'btn btn-secondary btn-sm cell-sub';
  b.textContent = t('tenant_users.open');
  b.setAttribute('aria-label', t('tenant_users.open_for', { name: tn.name }));
  b.addEventListener('click', () => openTenantUsers(tn, b));
  td.append(name, b, tenantPlacementButton(tn, (err) => {
    if (!sessionLost(err)) showError($('tenants-error'), err);
  }));
  return td;
}

async function openTenantUsers(tn, button) {
  const panel = $('tenant-users');
  clearError($('tenant-users-error'));
  setBusy(button, true, 'common.loading');
  try {
    const res = await get(`${API}/tenants/${tn.id}/users?limit=100`);
    const items = Array.isArray(res?.items) ? res.items : [];
    $('tenant-users-heading').textContent = t('tenant_users.heading', { name: tn.name });
    $('tenant-users-rows').replaceChildren(...items.map((u) => {
      const tr = document.createElement('tr');
      tr.append(cell(u.login, 'mono'), cell(u.display_name || ''), cell(u.email || ''),
        statusCell(u.status, ''));
      return labelCells(tr, ['tenant_users.col.login', 'tenant_users.col.name',
        'tenant_users.col.email', 'tenant_users.col.status']);
    }));
    $('tenant-users-note').textContent = t('tenant_users.recorded');
    panel.hidden = false;
    panel.focus();
  } catch (err) {
    if (sessionLost(err)) return;
    // Cancelled the reason dialog, or refused: nothing of the tenant is shown.
    panel.hidden = true;
    showError($('tenants-error'), err);
  } finally {
    setBusy(button, false);
  }
}

function setupTenantUsers() {
  $('tenant-users-close').addEventListener('click', () => {
    $('tenant-users').hidden = true;
    $('tenant-users-rows').replaceChildren();
  });
}

if (document.getElementById('tenant-users')) setupTenantUsers();

