// Operator console, operations: record an incident (the affected services' contractors are told at
// once, SLA-8), publish its updates through the lifecycle, and schedule maintenance with its notice
// (SLA-2: a refusal names the first allowed date; urgent needs a reason).

import { formatJST, t } from './i18n.js';
import { API, get, post } from './api.js';
import { cell, clearError, initPage, labelCells, sessionLost, showError } from './ui.js';
import { dateText, el } from './market.js';
import { reloadThenNotice, startConsole } from './operator-ui.js';

initPage();

const $ = (id) => document.getElementById(id);
const COLS = ['ops.inc.col.id', 'ops.inc.col.title', 'ops.inc.col.state', 'ops.inc.col.notify', 'ops.inc.col.update'];
const STATES = ['investigating', 'identified', 'monitoring', 'resolved'];

/** "2026-12-05T10:00" from a datetime-local control, as JST RFC 3339. */
function jst(value) {
  return value ? `${value}:00+09:00` : '';
}

function updateForm(inc) {
  const form = el('form', { className: 'form form-inline', noValidate: true });
  const select = el('select', { name: 'status', 'aria-label': t('ops.inc.new_state', { id: inc.id }) },
    ...STATES.map((s) => el('option', { value: s, textContent: t(`st.lifecycle.${s}`) })));
  const body = el('input', { name: 'body', type: 'text', maxLength: 5000, 'aria-label': t('ops.inc.update_text', { id: inc.id }) });
  const button = el('button', { type: 'submit', className: 'btn btn-primary btn-sm', textContent: t('ops.inc.publish') });
  form.append(select, body, button);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearError($('inc-list-error'));
    try {
      await post(`${API}/incidents/${inc.id}/updates`, { status: select.value, body: body.value.trim() });
      await reloadThenNotice(loadIncidents, t('ops.inc.published', { id: inc.id }));
    } catch (err) {
      if (!sessionLost(err)) showError($('inc-list-error'), err);
    }
  });
  return form;
}

async function loadIncidents() {
  const { items } = await get(`${API}/incidents?status=open`);
  $('inc-rows').replaceChildren(...items.map((inc) => {
    const impact = inc.impact === 'none' ? t('ops.inc.reported') : t(`st.impact.${inc.impact}`);
    const state = inc.status === 'reported' ? t('ops.inc.reported') : t(`st.lifecycle.${inc.status}`);
    const notify = inc.notification_missed ? t('ops.inc.notify_missed', { due: dateText(inc.notify_due_on) })
      : t('ops.inc.notify_due', { due: dateText(inc.notify_due_on) });
    const act = cell('', 'cell-actions');
    act.append(updateForm(inc));
    return labelCells(el('tr', {}, cell(String(inc.id), 'mono'), cell(`${inc.title}（${impact}・${formatJST(inc.started_at)}）`),
      cell(state), cell(notify), act), COLS);
  }));
}

async function loadMaintenance() {
  const { items } = await get(`${API}/maintenance`);
  $('mt-list').replaceChildren(...items.filter((m) => m.state !== 'completed').map((m) => el('p', {},
    el('strong', { textContent: m.title || t('st.regular_window') }), ` ${formatJST(m.starts_at)} – ${formatJST(m.ends_at)} `,
    el('span', { className: 'tag', textContent: t(`st.maint.${m.state}`) }))));
}

async function loadServices() {
  const res = await get(`${API}/catalogue`);
  $('inc-services').replaceChildren(...(res.services || []).map((s) => el('option', { value: String(s.id), textContent: s.name })));
}

$('inc-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const f = ev.currentTarget;
  clearError($('inc-error'));
  const body = { title: f.title.value.trim(), impact: f.impact.value, started_at: jst(f.started_at.value),
    service_ids: [...f.service_ids.selectedOptions].map((o) => Number(o.value)) };
  if (f.body.value.trim()) body.body = f.body.value.trim();
  try {
    const { incident } = await post(`${API}/incidents`, body);
    f.reset();
    await reloadThenNotice(loadIncidents, t('ops.inc.recorded', { id: incident.id }));
  } catch (err) {
    if (!sessionLost(err)) showError($('inc-error'), err);
  }
});

$('mt-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const f = ev.currentTarget;
  clearError($('mt-error'));
  const body = { kind: f.kind.value, title: f.title.value.trim(), starts_at: jst(f.starts_at.value), ends_at: jst(f.ends_at.value) };
  if (f.urgent.checked) {
    body.urgent = true;
    body.urgent_reason = f.urgent_reason.value.trim();
  }
  try {
    await post(`${API}/maintenance`, body);
    f.reset();
    await reloadThenNotice(loadMaintenance, t('ops.mt.scheduled'));
  } catch (err) {
    if (!sessionLost(err)) showError($('mt-error'), err);
  }
});

// Monitoring (SLA-7, CHK-5): each probe's state and the newest failures (issue 12 item 7).
const MON_COLS = ['mon.col.probe', 'mon.col.state', 'mon.col.since', 'mon.col.detail', 'mon.col.checked'];

async function loadMonitor() {
  const { probes, failures } = await get(`${API}/ops/monitor`);
  $('mon-rows').replaceChildren(...probes.map((p) => {
    const state = el('span', { className: p.ok ? 'tag tag-ok' : 'tag tag-danger',
      textContent: t(p.ok ? 'mon.ok' : (p.alerted_at ? 'mon.failing_alerted' : 'mon.failing')) });
    const st = cell('');
    st.append(state);
    return labelCells(el('tr', {}, cell(t(`mon.probe.${p.name}`)), st, cell(formatJST(p.since_at)),
      cell(p.summary), cell(formatJST(p.checked_at))), MON_COLS);
  }));
  $('mon-failures').replaceChildren(...(failures.length ? failures.slice(0, 20).map((f) => el('li', {},
    `${formatJST(f.at)} ${t(`mon.probe.${f.probe}`)}: ${f.summary}`)) : [el('li', { textContent: t('mon.no_failures') })]));
}

startConsole(async () => {
  await Promise.all([loadServices(), loadIncidents(), loadMaintenance(), loadMonitor()]);
});
