// A tenant admin's export of all the tenant's data (WP-16, TOS-10, SLA-23, SLA-24): ask, watch the
// progress while the server builds the ZIP, then download it once through a single-use link.

import { t } from './i18n.js';
import { API, get, post } from './api.js';
import { cell, clearError, initPage, isTenantAdmin, labelCells, pagePerson, sessionLost, showError, timeCell } from './ui.js';
import { el } from './market.js';

initPage();

const $ = (id) => document.getElementById(id);
const COLS = ['ex.col.id', 'ex.col.created', 'ex.col.status', 'ex.col.progress', 'ex.col.actions'];
let timer = null;

async function download(item) {
  clearError($('ex-error'));
  try {
    const link = await post(`${API}/exports/${item.id}/link`, {});
    const a = el('a', { href: link.download_url, download: '' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => refresh().catch(() => {}), 1000);
  } catch (err) {
    if (!sessionLost(err)) showError($('ex-error'), err);
  }
}

function row(item) {
  const bar = el('progress', { max: 100, value: item.progress, 'aria-label': t('ex.progress_named', { id: item.id }) });
  const progress = cell('');
  progress.append(bar, ' ', el('span', { className: 'cell-sub', textContent: `${item.progress}%` }));
  const actions = cell('', 'cell-actions');
  if (item.status === 'ready') {
    const btn = el('button', { type: 'button', className: 'btn btn-primary btn-sm', textContent: t('ex.download'),
      'aria-label': t('ex.download_named', { id: item.id }) });
    btn.addEventListener('click', () => download(item));
    actions.append(btn);
  }
  return labelCells(el('tr', { 'data-status': item.status }, cell(String(item.id), 'mono'), timeCell(item.created_at),
    cell(t(`ex.status.${item.status}`)), progress, actions), COLS);
}

async function refresh() {
  const items = (await get(`${API}/exports`)).items || [];
  $('ex-rows').replaceChildren(...items.map(row));
  $('ex-empty').hidden = items.length > 0;
  clearTimeout(timer);
  if (items.some((i) => i.status === 'queued' || i.status === 'running')) timer = setTimeout(() => refresh().catch(() => {}), 500);
}

async function start() {
  const me = await pagePerson();
  if (!me) return;
  try {
    if (!isTenantAdmin(me)) {
      showError($('page-error'), t('ex.forbidden'));
      return;
    }
    $('ex-content').hidden = false;
    $('ex-start').addEventListener('click', async () => {
      clearError($('ex-error'));
      try {
        await post(`${API}/exports`, {});
        await refresh();
      } catch (err) {
        if (!sessionLost(err)) showError($('ex-error'), err);
      }
    });
    await refresh();
  } catch (err) {
    if (!sessionLost(err)) showError($('page-error'), err);
  } finally {
    $('loading').hidden = true;
  }
}

document.addEventListener('anshin:lang', () => { if (!$('ex-content').hidden) refresh().catch(() => {}); });
start();
