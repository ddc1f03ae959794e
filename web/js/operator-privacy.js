// Operator console: personal-data incidents (MARK-7-6-1/2/3, APPI Art. 26) and the lawful-
// disclosure register (WP-21, TOS-26). An incident shows its two deadlines to the Personal
// Information Protection Commission; notifying the people affected, publishing the facts and the
// reports are recorded steps, each behind a confirmation dialog that states what happens. A
// disclosure to an authority is recorded with its legal basis; the contractor is told at once, or
// — when prior notice was prohibited — later, also after a confirmation.

import { t } from './i18n.js';
import { API, get, post } from './api.js';
import { cell, clearError, initPage, labelCells, sessionLost, showError } from './ui.js';
import { dateEl, el, kvList, todayJST } from './market.js';
import { confirmAction, confirmButton } from './confirm.js';
import { int, onSubmit, reloadThenNotice, startConsole } from './operator-ui.js';

initPage();

const $ = (id) => document.getElementById(id);
const STEPS = ['publish', 'preliminary_report', 'final_report'];
const LD_COLS = ['pv.ld.col.date', 'pv.ld.col.tenant', 'pv.ld.col.authority', 'pv.ld.col.data',
  'pv.ld.col.notice', 'pv.ld.col.actions'];

function deadline(d) {
  const span = el('span', { className: `deadline deadline-${d.state}` });
  span.append(dateEl(d.due_on), t('pv.br.deadline_state', { state: t(`pv.br.state.${d.state}`) }));
  if (d.state === 'overdue') span.classList.add('text-danger');
  return span;
}

/** A step button: a dialog with the content to record (required for the reports). */
function stepButton(b, step) {
  return confirmButton(`pv.br.step.${step}`, t('pv.br.step_named', { step: t(`pv.br.step.${step}`), id: b.id }), () => ({
    title: t('pv.br.step_title', { step: t(`pv.br.step.${step}`), title: b.title }),
    consequences: [t(`pv.br.step_consequence.${step}`)],
    fields: [{ name: 'content', labelKey: 'pv.br.content', multiline: true, required: true }],
    confirmKey: 'pv.br.record',
    danger: false,
    run: async (v) => {
      await post(`${API}/breaches/${b.id}/steps`, { step, content: v.content });
      await reloadThenNotice(loadBreaches, t('pv.br.recorded', { step: t(`pv.br.step.${step}`) }));
    },
  }));
}

function notifyButton(b) {
  return confirmButton('pv.br.notify', t('pv.br.notify_named', { id: b.id }), () => ({
    title: t('pv.br.notify_title', { title: b.title }),
    consequences: [t('pv.br.notify_consequence'), t('pv.br.notify_record')],
    fields: [
      { name: 'subject', labelKey: 'pv.br.subject', required: true },
      { name: 'body', labelKey: 'pv.br.body', multiline: true, required: true },
    ],
    confirmKey: 'pv.br.notify_confirm',
    run: async (v) => {
      const { breach } = await post(`${API}/breaches/${b.id}/notify`, v);
      await reloadThenNotice(loadBreaches, t('pv.br.notified', { n: breach.notified_count }));
    },
  }), 'btn btn-danger btn-sm');
}

function breachCard(b) {
  const dl = b.deadlines || {};
  const steps = el('div', { className: 'form-actions' });
  steps.append(notifyButton(b));
  for (const s of STEPS) steps.append(stepButton(b, s));
  return el('article', { className: 'card card-inner', 'data-breach': b.id },
    el('h3', { className: 'card-subtitle', textContent: t('pv.br.item', { id: b.id, title: b.title }) }),
    kvList([
      ['pv.br.found_on', dateEl(b.found_on)],
      ['pv.br.what', b.what_leaked],
      ['pv.br.whose', b.whose],
      ['pv.br.malicious_label', t(b.malicious ? 'pv.yes' : 'pv.no')],
      ['pv.br.preliminary_due', deadline(dl.preliminary_report)],
      ['pv.br.final_due', deadline(dl.final_report)],
      ['pv.br.notified_count', t('pv.br.people', { n: b.notified_count })],
    ]),
    steps);
}

async function loadBreaches() {
  clearError($('breaches-error'));
  const items = (await get(`${API}/breaches`)).items || [];
  $('breaches-list').replaceChildren(...items.map(breachCard));
  $('breaches-empty').hidden = items.length > 0;
  $('breaches-count').textContent = t('op.count', { n: items.length });
}

function disclosureRow(d) {
  const actions = cell('', 'cell-actions');
  if (d.notice === 'pending') {
    actions.append(confirmButton('pv.ld.notify', t('pv.ld.notify_named', { id: d.id }), () => ({
      title: t('pv.ld.notify_title', { authority: d.authority }),
      consequences: [t('pv.ld.notify_consequence')],
      confirmKey: 'pv.ld.notify_confirm',
      run: async () => {
        await post(`${API}/lawful-disclosures/${d.id}/notify`, {});
        await reloadThenNotice(loadDisclosures, t('pv.ld.notified'));
      },
    }), 'btn btn-danger btn-sm'));
  }
  const data = cell('');
  data.append(el('span', { className: 'cell-main doc-body', textContent: d.data_disclosed }),
    el('span', { className: 'cell-sub', textContent: d.legal_basis }));
  const date = cell('');
  date.append(dateEl(d.disclosed_on));
  return labelCells(el('tr', { 'data-disclosure': d.id }, date, cell(String(d.tenant_id), 'mono'),
    cell(d.authority), data, cell(t(`pv.ld.notice.${d.notice}`)), actions), LD_COLS);
}

async function loadDisclosures() {
  clearError($('disclosures-error'));
  const items = (await get(`${API}/lawful-disclosures`)).items || [];
  $('disclosures-rows').replaceChildren(...items.map(disclosureRow));
  $('disclosures-empty').hidden = items.length > 0;
  $('disclosures-count').textContent = t('op.count', { n: items.length });
}

function setupForms() {
  $('br-found').value = todayJST();
  $('ld-date').value = todayJST();
  onSubmit($('breach-form'), $('breaches-error'), async (v) => {
    const body = { title: v.title, what_leaked: v.what_leaked, whose: v.whose, found_on: v.found_on, malicious: v.malicious };
    if (v.affected_tenant_id !== '') body.affected_tenant_id = int(v.affected_tenant_id);
    if (v.affected_emails !== '') body.affected_emails = v.affected_emails;
    await post(`${API}/breaches`, body);
    $('breach-form').reset();
    $('br-found').value = todayJST();
    $('breach-new').open = false;
    await reloadThenNotice(loadBreaches, t('pv.br.created'));
  });
  onSubmit($('disclosure-form'), $('disclosures-error'), async (v) => {
    const body = { ...v, tenant_id: int(v.tenant_id) };
    // Without a prohibition the contractor is mailed at once: that is confirmed first.
    const done = await confirmAction({
      title: t('pv.ld.record_title', { authority: v.authority }),
      consequences: [t(v.prior_notice_prohibited ? 'pv.ld.record_later' : 'pv.ld.record_now')],
      confirmKey: 'pv.ld.record_confirm',
      run: async () => post(`${API}/lawful-disclosures`, body),
    });
    if (!done) return;
    $('disclosure-form').reset();
    $('ld-date').value = todayJST();
    $('disclosure-new').open = false;
    await reloadThenNotice(loadDisclosures, t('pv.ld.created'));
  });
}

async function refresh() {
  await Promise.all([loadBreaches(), loadDisclosures()]);
}

document.addEventListener('anshin:lang', () => {
  if (!$('op-content').hidden) refresh().catch((err) => { if (!sessionLost(err)) showError($('page-error'), err); });
});

startConsole(async () => {
  setupForms();
  await refresh();
});
