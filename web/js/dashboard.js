// Dashboard: who is logged in, the session, the system status, and (admins only) operator staff.

import { label, renderJST, t } from './i18n.js';
import { API, ApiError, get, post, requireSession } from './api.js';
import { clearError, initPage, markInvalid, setBusy, showError, showNotice } from './ui.js';

initPage();

const $ = (id) => document.getElementById(id);
const FLASH_KEY = 'anshin.flash';

let me = null;
let staff = [];
let system = null; // { ready: bool|null, database, version, checkedAt, error }

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
  const headerUser = $('header-user');
  headerUser.textContent = name;
  headerUser.hidden = false;
  $('me-login').textContent = me.login;
  $('me-kind').textContent = label('dashboard.kind', me.kind || 'staff');
  if (me.tenant) {
    $('me-tenant-row').hidden = false;
    $('me-tenant').textContent = me.tenant.name || me.tenant.code || String(me.tenant.id ?? '');
  }
  const roles = Array.isArray(me.roles) ? me.roles : [];
  $('me-roles').replaceChildren(
    ...(roles.length ? roles.map((r) => badge(label('role', r), `badge-role-${r}`))
      : [badge(t('dashboard.no_roles'), 'badge-muted')]));
  const s = me.session || {};
  renderJST($('session-created'), s.created_at);
  renderJST($('session-expires'), s.expires_at);
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
  $('system-version').textContent = system.version || '—';
  renderJST($('system-checked'), system.checkedAt);
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
    const created = document.createElement('td');
    created.className = 'nowrap';
    renderJST(created, s.created_at);
    const cols = ['login', 'name', 'roles', 'status', 'created'];
    [login, name, roles, status, created].forEach((td, i) => { td.dataset.label = t(`staff.col.${cols[i]}`); });
    tr.append(login, name, roles, status, created);
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
  const panel = $('staff-created');

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
    setBusy(submit, true, 'staff.form.submitting');
    try {
      const res = await post(`${API}/staff`, { login, display_name: displayName, roles: [$('staff-role').value] });
      createdLogin = res?.staff?.login || login;
      renderCreated();
      $('otp-value').textContent = res?.initial_password ?? '';
      $('otp-copy-status').textContent = '';
      panel.hidden = false;
      panel.focus();
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

  $('otp-copy').addEventListener('click', async () => {
    const value = $('otp-value').textContent;
    const status = $('otp-copy-status');
    try {
      await navigator.clipboard.writeText(value);
      status.textContent = t('staff.created.copied');
    } catch {
      const range = document.createRange();
      range.selectNodeContents($('otp-value'));
      const sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      status.textContent = t('staff.created.copy_failed');
    }
  });

  $('staff-created-close').addEventListener('click', () => {
    panel.hidden = true;
    $('otp-value').textContent = '';
    $('otp-copy-status').textContent = '';
    $('staff-login').focus();
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
  renderSystem();
  if (!$('staff-card').hidden) renderStaff();
  if (createdLogin) renderCreated();
});

async function main() {
  try {
    me = await requireSession();
  } catch (err) {
    $('loading').hidden = true;
    showError($('page-error'), err);
    return;
  }
  if (me.password_change_required) {
    window.location.replace('/password');
    return;
  }
  renderMe();
  $('loading').hidden = true;
  $('dashboard-content').hidden = false;
  showFlash();
  const tasks = [loadSystem()];
  if (Array.isArray(me.roles) && me.roles.includes('admin')) {
    $('staff-card').hidden = false;
    setupStaffForm();
    tasks.push(loadStaff());
  }
  $('system-refresh').addEventListener('click', () => loadSystem());
  await Promise.all(tasks);
}

main();
