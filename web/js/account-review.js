// Account review page (棚卸, WP-24): every account with its roles, privileged rights, last login,
// second factor and dormancy (GET /api/v1/account-review), its CSV, and, for a tenant, recording the
// review as done (POST /api/v1/account-review/done) with when it is next due.

import { label, renderJST, t } from './i18n.js';
import { API, download, get, request } from './api.js';
import { clearError, initPage, labelCells, pagePerson, sessionLost, setBusy, showError, showNotice } from './ui.js';

initPage();

const $ = (id) => document.getElementById(id);
const COLS = ['ar.col.login', 'ar.col.name', 'ar.col.roles', 'ar.col.privileged', 'ar.col.last_login', 'ar.col.mfa', 'ar.col.dormant'];
let report = null;

function td(text, className = '') {
  const cell = document.createElement('td');
  if (className) cell.className = className;
  cell.textContent = text;
  return cell;
}

function days() {
  const n = Number($('ar-days').value);
  return Number.isInteger(n) && n >= 1 && n <= 3650 ? n : 90;
}

function renderReview() {
  const r = report?.review;
  $('ar-review').hidden = !r;
  if (!r) return;
  const state = $('ar-review-state');
  state.replaceChildren();
  if (r.done_at) {
    state.append(t('ar.review.last', { by: r.done_by }), ' ');
    const time = document.createElement('span');
    renderJST(time, r.done_at);
    state.append(time);
  } else {
    state.append(t('ar.review.never'));
  }
  state.append(' ', t(r.due ? 'ar.review.due' : 'ar.review.not_due', { months: r.months }));
}

function render() {
  const rows = $('ar-rows');
  rows.replaceChildren();
  for (const a of report?.accounts || []) {
    const tr = document.createElement('tr');
    const last = document.createElement('td');
    if (a.last_login_at) renderJST(last, a.last_login_at);
    else last.textContent = t('ar.never');
    tr.append(td(a.login, 'mono nowrap'), td(a.name || ''), td((a.roles || []).map((r) => label('role', r)).join('、')),
      td((a.privileged || []).join(', ') || '—'), last, td(t(a.mfa ? 'ar.yes' : 'ar.no')),
      td(a.dormant ? t('ar.dormant') : '—', a.dormant ? 'state state-off' : ''));
    if (a.dormant) tr.dataset.dormant = 'true';
    rows.append(labelCells(tr, COLS));
  }
  renderReview();
}

async function load() {
  clearError($('ar-error'));
  try {
    report = await get(`${API}/account-review?dormant_days=${days()}`);
    render();
  } catch (err) {
    if (sessionLost(err)) return;
    showError($('ar-error'), err);
  }
}

async function main() {
  const me = await pagePerson();
  if (!me) return;
  $('ar-form').addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });
  $('ar-csv').addEventListener('click', async () => {
    clearError($('ar-error'));
    try {
      const { blob, filename } = await download(`${API}/account-review.csv?dormant_days=${days()}`, 'account-review.csv');
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = filename;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    } catch (err) {
      if (sessionLost(err)) return;
      showError($('ar-error'), err);
    }
  });
  $('ar-done').addEventListener('click', async () => {
    clearError($('ar-done-error'));
    setBusy($('ar-done'), true);
    try {
      report.review = await request('POST', `${API}/account-review/done`);
      renderReview();
      showNotice($('ar-done-status'), t('ar.review.recorded'));
    } catch (err) {
      if (sessionLost(err)) return;
      showError($('ar-done-error'), err);
    } finally {
      setBusy($('ar-done'), false);
    }
  });
  document.addEventListener('anshin:lang', render);
  try {
    report = await get(`${API}/account-review`);
  } catch (err) {
    if (sessionLost(err)) return;
    $('loading').hidden = true;
    showError($('page-error'), err);
    return;
  }
  $('loading').hidden = true;
  $('ar-content').hidden = false;
  render();
}

main();
