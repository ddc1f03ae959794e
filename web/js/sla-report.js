// 月次SLA報告 (issue 12 item 3): a contract's month — availability against 99.90 %, incidents with
// their durations and the MTTR against 30 minutes, response times against their targets, and the
// maintenance windows — with the same figures as CSV. Contractors see their own contracts, the
// operator every contract.

import { formatJST, t } from './i18n.js';
import { API, get } from './api.js';
import { clearError, initPage, showError } from './ui.js';
import { el, monthText, numText } from './market.js';

initPage();

const $ = (id) => document.getElementById(id);
let report = null;

function thisMonth() {
  const jst = new Date(Date.now() + 9 * 3600 * 1000);
  return jst.toISOString().slice(0, 7);
}

const num = numText;
const verdict = (met) => (met === null || met === undefined ? t('st.rt.none') : t(met ? 'st.rt.yes' : 'st.rt.no'));

function table(caption, head, rows) {
  const wrap = el('div', { className: 'table-wrap' }, el('table', { className: 'table' },
    el('caption', { textContent: caption }),
    el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col', textContent: h })))),
    el('tbody', {}, ...rows.map((r) => {
      const tr = el('tr', {}, ...r.map((c, i) => (i === 0 ? el('th', { scope: 'row', textContent: c }) : el('td', { textContent: c }))));
      [...tr.children].forEach((td, i) => { td.dataset.label = head[i]; }); // the column's name on phones
      return tr;
    }))));
  wrap.tabIndex = 0;
  wrap.setAttribute('role', 'region');
  wrap.setAttribute('aria-label', caption);
  return wrap;
}

function render() {
  if (!report) return;
  const a = report.availability;
  const rt = report.response_times;
  const ms = (v) => t('st.rt.ms', { n: num(v, Number.isInteger(v) ? 0 : 1) });
  const head = [t('slr.item'), t('slr.value'), t('slr.target'), t('st.rt.met')];
  const c = report.contract;
  $('slr-report').replaceChildren(
    el('section', { className: 'card card-wide' },
      el('h2', { className: 'card-title', textContent: t('slr.title', { number: c.number, service: c.service_name, month: monthText(report.month) }) }),
      el('p', { className: 'muted', textContent: `${c.company_name}（${c.plan_name}）` }),
      table(t('slr.availability'), head, [
        [t('slr.planned'), t('slr.minutes', { n: num(a.planned_minutes) }), '', ''],
        [t('slr.maintenance_minutes'), t('slr.minutes', { n: num(a.maintenance_minutes) }), '', ''],
        [t('slr.downtime'), t('slr.minutes', { n: num(a.downtime_minutes) }), '', ''],
        [t('slr.availability_percent'), `${num(a.availability_percent, 3)} %`, `${num(a.target_percent, 2)} %`, verdict(a.met)],
      ]),
      table(t('slr.response_times'), head, [
        [t('slr.api_p95'), rt.api.count ? ms(rt.api.p95_ms) : t('st.rt.none'), ms(rt.api.target_ms), verdict(rt.api.met)],
        [t('slr.api_avg'), rt.api.count ? ms(rt.api.avg_ms) : t('st.rt.none'), '', ''],
        [t('slr.batch_p95'), rt.batch.count ? ms(rt.batch.p95_ms) : t('st.rt.none'), ms(rt.batch.target_ms), verdict(rt.batch.met)],
      ]),
      table(t('slr.incidents'), [t('slr.incident'), t('slr.period'), t('slr.duration'), t('slr.impact')],
        report.incidents.length ? report.incidents.map((i) => [i.title, `${formatJST(i.started_at)} – ${i.resolved_at ? formatJST(i.resolved_at) : ''}`,
          i.duration_minutes === null ? t('st.rt.none') : t('slr.minutes', { n: num(i.duration_minutes) }), t(`st.impact.${i.impact}`)])
          : [[t('slr.no_incidents'), '', '', '']]),
      el('p', {}, report.mttr_minutes === null ? t('slr.mttr_none', { target: report.mttr_target_minutes })
        : t('slr.mttr', { n: num(report.mttr_minutes, 1), target: report.mttr_target_minutes })),
      table(t('slr.maintenance'), [t('slr.window'), t('slr.period')],
        report.maintenance.map((m) => [m.title || t('st.regular_window'), `${formatJST(m.starts_at)} – ${formatJST(m.ends_at)}`]))));
}

async function show() {
  clearError($('page-error'));
  const contract = $('slr-contract').value;
  const month = $('slr-month').value || thisMonth();
  if (!contract) return;
  const q = `contract=${encodeURIComponent(contract)}&month=${encodeURIComponent(month)}`;
  try {
    report = await get(`${API}/sla/report?${q}`);
    $('slr-csv').href = `${API}/sla/report?${q}&format=csv`;
    $('slr-csv').hidden = false;
    render();
  } catch (err) {
    showError($('page-error'), err);
  }
}

async function load() {
  $('slr-month').value = new URLSearchParams(window.location.search).get('month') || thisMonth();
  try {
    const { items } = await get(`${API}/contracts?limit=100`);
    $('slr-contract').replaceChildren(...items.map((c) => el('option', { value: String(c.id), textContent: `${c.number} ${c.service_name}（${c.company_name}）` })));
    const want = new URLSearchParams(window.location.search).get('contract');
    if (want) $('slr-contract').value = want;
    if (items.length) await show();
  } catch (err) {
    showError($('page-error'), err);
  }
}

$('slr-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  show();
});
document.addEventListener('anshin:lang', render);
load();
