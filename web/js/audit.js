// Audit log: filters, one page of events (newest first) with 前へ / 次へ through the server's
// keyset cursors, the period's count, and the CSV / JSON Lines downloads of the same filters
// (streamed by the server and saved by the browser as they arrive). Operator admins and auditors see every event (optionally of one tenant);
// a tenant's admin sees the tenant's events only (the server enforces this, whatever is asked).

import { getLang, label, renderJST, t } from './i18n.js';
import { API, ApiError, get, requireSession } from './api.js';
import { clearError, initPage, setBusy, showError } from './ui.js';
import { AUDIT_ACTIONS } from './audit-actions.js';
import { numText } from './market.js';

initPage();

// The filter offers every action type the server writes, each by its name (issue 10 item 10).
for (const a of AUDIT_ACTIONS) {
  const opt = document.createElement('option');
  opt.value = a;
  opt.dataset.i18n = `audit.action.${a}`;
  opt.textContent = t(`audit.action.${a}`);
  document.getElementById('f-action').append(opt);
}

const $ = (id) => document.getElementById(id);

const PAGE = 50; // events per page
const DATE = /^\d{4}-\d{2}-\d{2}$/;

let me = null;
let isStaff = false;
let filters = { user: '', action: '', from: '', to: '', tenant: '' };
let page = 0; // 0-based
// cursors[i] is the cursor of page i (null for the first); a page's next_cursor is the next one's.
let cursors = [null];
let items = [];
let hasNext = false;
let count = null; // the period's count, from the first page (null when the server gives none)

/** The day after a YYYY-MM-DD date (calendar arithmetic only; no time zone involved). */
function nextDay(ymd) {
  const d = new Date(`${ymd}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Query string of the API for the current filters. Bare dates are JST dates for the server; its
 * "to" is exclusive, while the form's end date is included, hence the day after.
 */
function apiQuery(extra = {}) {
  const q = new URLSearchParams();
  if (filters.user) q.set('user', filters.user);
  if (filters.action) q.set('action', filters.action);
  if (filters.from) q.set('from', filters.from);
  if (filters.to) q.set('to', nextDay(filters.to));
  if (isStaff && filters.tenant) q.set('tenant_id', filters.tenant);
  for (const [k, v] of Object.entries(extra)) q.set(k, String(v));
  return q.toString();
}

/** Keeps the filters and the page in the address bar, so that a reload or a bookmark shows the same. */
function saveToAddress() {
  const q = new URLSearchParams();
  if (filters.user) q.set('user', filters.user);
  if (filters.action) q.set('action', filters.action);
  if (filters.from) q.set('from', filters.from);
  if (filters.to) q.set('to', filters.to);
  if (isStaff && filters.tenant) q.set('tenant_id', filters.tenant);
  if (page > 0 && cursors[page]) {
    q.set('page', String(page + 1));
    q.set('cursor', cursors[page]);
  }
  const s = q.toString();
  window.history.replaceState(null, '', s ? `/audit?${s}` : '/audit');
}

function loadFromAddress() {
  const q = new URLSearchParams(window.location.search);
  const date = (v) => (DATE.test(v || '') ? v : '');
  filters = {
    user: (q.get('user') || '').trim(),
    action: q.get('action') || '',
    from: date(q.get('from')),
    to: date(q.get('to')),
    tenant: /^\d+$/.test(q.get('tenant_id') || '') ? q.get('tenant_id') : '',
  };
  const p = Number.parseInt(q.get('page') || '1', 10);
  const cursor = q.get('cursor');
  // A bookmarked page keeps its cursor; the pages before it are read again from the first.
  page = Number.isFinite(p) && p > 1 && cursor ? p - 1 : 0;
  cursors = [null];
  if (page > 0) cursors[page] = cursor;
}

function fillForm() {
  $('f-user').value = filters.user;
  const action = $('f-action');
  if (filters.action && ![...action.options].some((o) => o.value === filters.action)) {
    const opt = document.createElement('option'); // an action this UI has no name for yet
    opt.value = filters.action;
    opt.textContent = filters.action;
    action.append(opt);
  }
  action.value = filters.action;
  $('f-from').value = filters.from;
  $('f-to').value = filters.to;
  $('f-tenant').value = filters.tenant;
  // A date input drops what is not a real date (2025-02-31): the filter follows what it shows.
  filters.from = $('f-from').value;
  filters.to = $('f-to').value;
}

/** Reads and checks the form; shows the problem and returns null when something is wrong. */
function readForm() {
  const region = $('filter-error');
  clearError(region);
  const fromEl = $('f-from');
  const toEl = $('f-to');
  const tenantEl = $('f-tenant');
  for (const el of [fromEl, toEl, tenantEl]) el.removeAttribute('aria-invalid');
  const next = {
    user: $('f-user').value.trim(),
    action: $('f-action').value,
    from: fromEl.value,
    to: toEl.value,
    tenant: isStaff ? tenantEl.value.trim() : '',
  };
  const fail = (el, key) => {
    el.setAttribute('aria-invalid', 'true');
    showError(region, t(key));
    el.focus();
    return null;
  };
  // A date input holds '' while what was typed is not a whole date.
  if (fromEl.validity?.badInput || (next.from && !DATE.test(next.from))) return fail(fromEl, 'audit.filter.bad_date');
  if (toEl.validity?.badInput || (next.to && !DATE.test(next.to))) return fail(toEl, 'audit.filter.bad_date');
  if (next.from && next.to && next.to < next.from) return fail(toEl, 'audit.filter.bad_range');
  if (next.tenant && !/^\d{1,18}$/.test(next.tenant)) return fail(tenantEl, 'audit.filter.bad_tenant');
  return next;
}

function sub(text, className = 'cell-sub') {
  const span = document.createElement('span');
  span.className = className;
  span.textContent = text;
  return span;
}

/** "login: yamada · reason: wrong_password" from the flat values of the event's details. */
function detailsLine(details) {
  if (!details || typeof details !== 'object') return '';
  return Object.entries(details)
    .filter(([, v]) => v !== null && v !== '' && typeof v !== 'object')
    .map(([k, v]) => `${k}: ${v}`)
    .join(' · ');
}

function renderRow(e) {
  const tr = document.createElement('tr');
  const cols = [];
  const add = (key, td) => {
    td.dataset.label = t(key);
    cols.push(td);
    return td;
  };

  const at = add('audit.col.at', document.createElement('td'));
  at.className = 'nowrap';
  const when = document.createElement('span'); // one element: time and zone stay together on phones
  renderJST(when, e.at, { seconds: true });
  at.append(when);

  const actor = add('audit.col.actor', document.createElement('td'));
  actor.append(sub(e.actor || '—', 'cell-main mono'), sub(label('audit.kind', e.actor_kind)));

  if (isStaff) {
    const tenant = add('audit.col.tenant', document.createElement('td'));
    tenant.className = 'mono';
    tenant.textContent = e.tenant_id ?? '—';
  }

  const action = add('audit.col.action', document.createElement('td'));
  action.className = 'nowrap';
  const name = label('audit.action', e.action);
  action.append(sub(name, 'cell-main'));
  if (name !== e.action) action.append(sub(e.action, 'cell-sub mono'));

  const target = add('audit.col.target', document.createElement('td'));
  target.append(sub(e.target || '—', 'cell-main mono'));
  const more = detailsLine(e.details);
  if (more) target.append(sub(more, 'cell-sub cell-details'));

  const outcome = add('audit.col.outcome', document.createElement('td'));
  const badge = document.createElement('span');
  badge.className = `badge badge-outcome badge-outcome-${['success', 'failure', 'denied'].includes(e.outcome) ? e.outcome : 'other'}`;
  badge.textContent = label('audit.outcome', e.outcome);
  outcome.append(badge);

  const ip = add('audit.col.ip', document.createElement('td'));
  ip.className = 'mono nowrap';
  ip.textContent = e.client_ip || '—';

  tr.append(...cols);
  return tr;
}

function render() {
  $('audit-rows').replaceChildren(...items.map(renderRow));
  const none = items.length === 0;
  $('audit-table-wrap').hidden = none;
  $('audit-empty').hidden = !none;
  const start = page * PAGE + 1;
  $('audit-range').textContent = none ? '' : t('audit.range', { start, end: page * PAGE + items.length });
  $('audit-range').hidden = none;
  $('audit-count').textContent = count === null ? '' : t('audit.count', { count: numText(count) });
  $('audit-count').hidden = count === null;
  $('page-prev').disabled = page === 0;
  $('page-next').disabled = !hasNext;
  $('pager').hidden = none && page === 0;
}

function renderLead() {
  const lead = $('audit-lead');
  lead.textContent = me?.kind === 'user'
    ? t('audit.lead_tenant', { company: me.tenant?.name || me.tenant?.company_code || '' })
    : t('audit.lead');
}

function updateCsvLink() {
  $('csv-link').href = `${API}/audit/events.csv?${apiQuery({ lang: getLang() })}`;
  $('jsonl-link').href = `${API}/audit/events.jsonl?${apiQuery()}`;
}

/** Fetches the current page by its cursor; the server says whether 次へ leads anywhere. */
async function fetchPage() {
  const cursor = cursors[page];
  if (page > 0 && !cursor) page = 0; // a page whose cursor is unknown: start again
  const res = await get(`${API}/audit/events?${apiQuery(page > 0 ? { limit: PAGE, cursor } : { limit: PAGE })}`);
  items = Array.isArray(res?.items) ? res.items : [];
  hasNext = Boolean(res?.next_cursor);
  cursors.length = page + 1;
  if (hasNext) cursors[page + 1] = res.next_cursor;
  if ('count' in (res || {})) count = typeof res.count === 'number' ? res.count : null;
}

/** Where an error leads: the login page (session gone), the password page, or shown in region. */
function handleError(err, region) {
  if (err instanceof ApiError && err.status === 401) {
    window.location.replace('/');
    return;
  }
  if (err instanceof ApiError && err.is('password-change-required')) {
    window.location.replace('/password');
    return;
  }
  showError(region, err);
}

async function show(button) {
  clearError($('audit-error'));
  if (button) setBusy(button, true, button.dataset.i18n || 'common.loading');
  try {
    await fetchPage();
    saveToAddress();
    updateCsvLink();
    render();
  } catch (err) {
    handleError(err, $('audit-error'));
  } finally {
    if (button) setBusy(button, false);
  }
}

function setupFilters() {
  $('audit-filters').addEventListener('submit', async (event) => {
    event.preventDefault();
    const next = readForm();
    if (!next) return;
    filters = next;
    page = 0;
    cursors = [null];
    count = null;
    await show($('filter-submit'));
  });
  $('filter-reset').addEventListener('click', async () => {
    clearError($('filter-error'));
    filters = { user: '', action: '', from: '', to: '', tenant: '' };
    page = 0;
    cursors = [null];
    count = null;
    fillForm();
    for (const el of $('audit-filters').querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    await show();
    $('f-user').focus();
  });
}

function setupPager() {
  const go = async (delta, button, other) => {
    page = Math.max(0, page + delta);
    await show();
    if (button.disabled) (other.disabled ? $('results-heading') : other).focus();
  };
  $('page-prev').addEventListener('click', () => go(-1, $('page-prev'), $('page-next')));
  $('page-next').addEventListener('click', () => go(1, $('page-next'), $('page-prev')));
}

/**
 * The links work on their own (GET with the session cookie) and the browser saves the streamed
 * file as it arrives, however long the period. A plain click first asks for one event with the
 * same filters, so that a refusal shows its reason here instead of a raw error page.
 */
function setupDownloads() {
  for (const link of [$('csv-link'), $('jsonl-link')]) {
    link.addEventListener('click', async (event) => {
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      if (link.getAttribute('aria-busy') === 'true') return;
      clearError($('audit-error'));
      setBusy(link, true, 'audit.csv_busy');
      try {
        await get(`${API}/audit/events?${apiQuery({ limit: 1 })}`);
        window.location.assign(link.href);
      } catch (err) {
        handleError(err, $('audit-error'));
      } finally {
        setBusy(link, false);
      }
    });
  }
}

document.addEventListener('anshin:lang', () => {
  if (!me) return;
  renderLead();
  render();
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
  isStaff = me.kind !== 'user';
  renderLead();
  $('f-tenant-field').hidden = !isStaff;
  $('col-tenant').hidden = !isStaff;
  loadFromAddress();
  fillForm();
  try {
    await fetchPage();
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 400)) {
      // Typically 403 for members and support staff: the server's reason, and nothing else.
      $('loading').hidden = true;
      handleError(err, $('page-error'));
      $('back-link').hidden = false;
      return;
    }
    // Filters from the address the server refuses: its reason, next to the form to correct them.
    items = [];
    hasNext = false;
    showError($('filter-error'), err);
  }
  updateCsvLink();
  render();
  setupFilters();
  setupPager();
  setupDownloads();
  $('loading').hidden = true;
  $('audit-content').hidden = false;
}

main();
