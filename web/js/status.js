// The public status page (/status, no login): the platform's components and the services, each
// with its state and 90 daily bars of availability (SLA-4 per day), active incidents with their
// updates, maintenance in progress and coming, the history with postmortems, and the failure
// report form anyone may use (SLA-31).

import { formatJST, t } from './i18n.js';
import { API, get, optionalSession, post } from './api.js';
import { clearError, initPage, labelCells, showError, showNotice } from './ui.js';
import { el, numText } from './market.js';

initPage();

const $ = (id) => document.getElementById(id);
let data = null;

function stateText(state) {
  return t(`st.state.${state}`);
}

function barClass(avail, impact) {
  if (impact === 'major_outage' || avail < 99) return 'st-bar st-bar-major';
  if (impact === 'partial_outage' || avail < 100) return 'st-bar st-bar-partial';
  if (impact === 'degraded') return 'st-bar st-bar-degraded';
  return 'st-bar st-bar-ok';
}

function bars(entity) {
  const wrap = el('div', { className: 'st-bars', role: 'img',
    'aria-label': t('st.bars_label', { pct: entity.availability_90d }) });
  data.days.forEach((day, i) => {
    const pct = entity.availability[i];
    const impact = entity.impact[i];
    const label = `${day}: ${pct}%${impact ? ` (${t(`st.impact.${impact}`)})` : ''}`;
    wrap.append(el('span', { className: barClass(pct, impact), title: label }));
  });
  return wrap;
}

function entityRow(name, entity) {
  return el('div', { className: 'st-row' },
    el('div', { className: 'st-row-head' },
      el('span', { className: 'st-name', textContent: name }),
      el('span', { className: `st-state st-state-${entity.state}`, textContent: stateText(entity.state) })),
    bars(entity),
    el('p', { className: 'st-row-foot muted', textContent: t('st.availability_90d', { pct: entity.availability_90d }) }));
}

function incidentView(inc, withPostmortem) {
  const box = el('article', { className: `st-incident st-incident-${inc.impact}` },
    el('h3', { className: 'st-incident-title', textContent: inc.title }),
    el('p', { className: 'muted', textContent: `${t(`st.impact.${inc.impact}`)} ・ ${t(`st.lifecycle.${inc.status}`)} ・ ${formatJST(inc.started_at)}${inc.resolved_at ? ` – ${formatJST(inc.resolved_at)}` : ''}` }));
  const list = el('ol', { className: 'st-updates' });
  for (const u of [...(inc.updates || [])].reverse()) {
    list.append(el('li', {}, el('strong', { textContent: t(`st.lifecycle.${u.status}`) }), ` ${formatJST(u.created_at)} `,
      u.body ? el('span', { className: 'doc-body', textContent: u.body }) : ''));
  }
  box.append(list);
  if (withPostmortem && inc.postmortem) box.append(el('p', { className: 'doc-body', textContent: `${t('st.postmortem')}：${inc.postmortem}` }));
  return box;
}

// SLA-10, SLA-26: the month's figures from the server's histograms against their targets.
function responseTimes(rt) {
  if (!rt) return [el('p', { className: 'muted', textContent: t('st.rt.none') })];
  const ms = (n) => t('st.rt.ms', { n: numText(n) });
  const head = el('tr', {}, ...['class', 'count', 'avg', 'p95', 'target', 'met'].map((k) => el('th', { scope: 'col', textContent: t(`st.rt.${k}`) })));
  const rows = ['api', 'page', 'batch'].map((k) => {
    const f = rt[k] || { count: 0 };
    const met = f.met === undefined || f.met === null ? t('st.rt.none') : t(f.met ? 'st.rt.yes' : 'st.rt.no');
    return labelCells(el('tr', {}, el('th', { scope: 'row', textContent: t(`st.rt.${k}`) }),
      el('td', { textContent: numText(f.count) }),
      el('td', { textContent: f.count ? ms(f.avg_ms) : t('st.rt.none') }),
      el('td', { textContent: f.count ? ms(f.p95_ms) : t('st.rt.none') }),
      el('td', { textContent: f.target_ms ? ms(f.target_ms) : t('st.rt.none') }),
      el('td', { textContent: met })), ['st.rt.class', 'st.rt.count', 'st.rt.avg', 'st.rt.p95', 'st.rt.target', 'st.rt.met']);
  });
  const table = el('table', { className: 'table' }, el('caption', { className: 'visually-hidden', textContent: t('st.rt.heading') }),
    el('thead', {}, head), el('tbody', {}, ...rows));
  const wrap = el('div', { className: 'table-wrap' }, table);
  wrap.tabIndex = 0; // a wide table scrolls inside its wrap (built after initPage's pass)
  wrap.setAttribute('role', 'region');
  wrap.setAttribute('aria-label', t('st.rt.heading'));
  return [wrap];
}

function render() {
  if (!data) return;
  $('loading').hidden = true;
  $('st-content').hidden = false;
  const all = [...data.components, ...data.services];
  const order = ['major_outage', 'partial_outage', 'degraded', 'maintenance'];
  const worst = order.find((s) => all.some((e) => e.state === s)) || 'operational';
  $('st-overall').textContent = t(`st.overall.${worst}`);
  $('st-overall').className = `st-overall st-state-${worst}`;
  $('st-updated').textContent = formatJST(data.generated_at);
  $('st-incidents').replaceChildren(...(data.incidents.length ? data.incidents.map((i) => incidentView(i, false))
    : [el('p', { className: 'muted', textContent: t('st.no_incidents') })]));
  $('st-maintenance').replaceChildren(...(data.maintenance.length ? [...data.maintenance].sort((a, b) => a.starts_at.localeCompare(b.starts_at)).slice(0, 6).map((m) => el('p', {},
    el('strong', { textContent: m.title || t('st.regular_window') }), ` ${formatJST(m.starts_at)} – ${formatJST(m.ends_at)} `,
    el('span', { className: 'tag', textContent: t(`st.maint.${m.state}`) }),
    m.urgent_reason ? el('span', { className: 'muted', textContent: ` ${t('st.urgent')}：${m.urgent_reason}` }) : ''))
    : [el('p', { className: 'muted', textContent: t('st.no_maintenance') })]));
  $('st-components').replaceChildren(...data.components.map((c) => entityRow(t(`st.component.${c.key}`), c)));
  $('st-services').replaceChildren(...(data.services.length ? data.services.map((s) => entityRow(s.name, s))
    : [el('p', { className: 'muted', textContent: t('st.no_services') })]));
  $('st-response-times').replaceChildren(...responseTimes(data.response_times));
  $('st-history').replaceChildren(...(data.history.length ? data.history.map((i) => incidentView(i, true))
    : [el('p', { className: 'muted', textContent: t('st.no_history') })]));
}

async function load() {
  try {
    // A contractor signed in sees the services it bought (and the platform); everyone else all.
    const me = await optionalSession();
    data = await get(me?.kind === 'user' ? `${API}/me/status` : `${API}/status`);
    $('st-own').hidden = !data.own_services_only;
    render();
  } catch (err) {
    $('loading').hidden = true;
    showError($('page-error'), err);
  }
}

$('st-report-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const form = ev.currentTarget;
  clearError($('st-report-error'));
  const body = { title: form.title.value.trim(), description: form.description.value.trim() };
  if (form.reporter_email.value.trim()) body.reporter_email = form.reporter_email.value.trim();
  try {
    const res = await post(`${API}/failure-reports`, body);
    form.reset();
    showNotice($('st-report-status'), t('st.report.done', { receipt: res.receipt }));
  } catch (err) {
    showError($('st-report-error'), err);
  }
});

$('st-sub-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const form = ev.currentTarget;
  clearError($('st-sub-error'));
  try {
    await post(`${API}/status/subscriptions`, { email: form.email.value.trim() });
    form.reset();
    showNotice($('st-sub-status'), t('st.sub.sent'));
  } catch (err) {
    showError($('st-sub-error'), err);
  }
});

/** The links of the subscription mails: ?confirm=TOKEN and ?unsubscribe=TOKEN (one click). */
async function subscriptionLink() {
  const params = new URLSearchParams(window.location.search);
  for (const [param, path, done] of [['confirm', 'confirm', 'st.sub.confirmed'], ['unsubscribe', 'unsubscribe', 'st.sub.removed']]) {
    const token = params.get(param);
    if (!token) continue;
    try {
      await post(`${API}/status/subscriptions/${path}`, { token });
      showNotice($('page-status'), t(done));
    } catch (err) {
      showError($('page-error'), err);
    }
    window.history.replaceState(null, '', '/status');
  }
}

document.addEventListener('anshin:lang', render);
load().then(subscriptionLink);
