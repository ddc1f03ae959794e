// Support tickets (issue 13): a contractor's users file and follow their company's tickets and
// read the answers; the operator's support staff work the queue with its due times (SLA-12,
// SLA-31), answer, note, and close; a shop reads the tickets routed to it.

import { renderJST, t } from './i18n.js';
import { API, get, post, request } from './api.js';
import { clearError, initPage, loadPage, markInvalid, pagePerson, setBusy, showError, showNotice } from './ui.js';
import { el, kvList } from './market.js';

initPage();

const $ = (id) => document.getElementById(id);
const CATEGORIES = ['question', 'failure', 'personal_data_complaint', 'incident', 'prohibited_act'];
let me = null;
let staff = false;
let current = null; // the ticket shown

function jstCell(value) {
  const td = el('td');
  if (value) renderJST(td, value);
  else td.textContent = '—';
  return td;
}

function slaText(sla) {
  if (!sla) return '—';
  return `${t(`tk.sla.${sla.first_response}`)} / ${t(`tk.sla.${sla.resolution}`)}`;
}

function row(tk) {
  const link = el('a', { href: `#ticket-${tk.id}`, textContent: tk.subject, 'data-ticket': tk.id });
  link.addEventListener('click', (ev) => {
    ev.preventDefault();
    show(tk.id);
  });
  const sla = el('td', { textContent: slaText(tk.sla) });
  if (tk.sla && (tk.sla.first_response === 'breached' || tk.sla.resolution === 'breached')) sla.className = 'text-danger';
  return el('tr', { 'data-ref': tk.ref }, el('td', { className: 'mono', textContent: tk.ref }), el('td', {}, link),
    el('td', { textContent: t(`tk.st.${tk.status}`) }), jstCell(tk.first_response_due), jstCell(tk.resolution_due), sla);
}

async function load() {
  const res = await get(`${API}/tickets`);
  $('tk-rows').replaceChildren(...res.items.map(row));
  $('tk-empty').hidden = res.items.length > 0;
  $('tk-counts').textContent = t('tk.counts', res.counts);
}

function historyItem(e) {
  const who = e.author_kind === 'staff' ? (staff ? e.author_label : t('tk.who.support')) : e.author_label || t('tk.who.customer');
  const head = el('p', { className: 'cell-sub' });
  const time = el('span');
  renderJST(time, e.created_at);
  head.append(time, ` ${t(`tk.ev.${e.kind}`)} · ${who}${e.detail && e.kind !== 'message' ? ` · ${e.detail}` : ''}`);
  const li = el('li', { className: e.internal ? 'ticket-event internal' : 'ticket-event', 'data-kind': e.kind }, head);
  if (e.body) li.append(el('p', { className: 'doc-body', textContent: e.body }));
  return li;
}

async function show(id) {
  const { ticket } = await get(`${API}/tickets/${id}`);
  current = ticket;
  $('detail-heading').textContent = `${ticket.ref} ${ticket.subject}`;
  const facts = [['tk.col.status', t(`tk.st.${ticket.status}`)], ['tk.category', t(`tk.cat.${ticket.category}`)],
    ['tk.channel', t(`tk.ch.${ticket.channel}`)]];
  const due = el('span');
  renderJST(due, ticket.first_response_due);
  facts.push(['tk.col.first_due', due]);
  if (ticket.resolution_due) {
    const rd = el('span');
    renderJST(rd, ticket.resolution_due);
    facts.push(['tk.col.resolution_due', rd]);
  }
  facts.push(['tk.col.sla', slaText(ticket.sla)]);
  if (staff) facts.push(['tk.requester', `${ticket.requester_name || '—'} ${ticket.requester_email || ''}`]);
  $('detail-facts').replaceChildren(...kvList(facts).childNodes);
  $('detail-history').replaceChildren(...ticket.history.map(historyItem));
  $('detail-csv').href = `${API}/tickets/${ticket.id}/history.csv`;
  const closed = ticket.status === 'closed';
  $('reply-form').hidden = closed || me.roles.includes('shop');
  $('close-ticket').hidden = !staff || closed;
  $('detail-card').hidden = false;
  $('detail-card').scrollIntoView({ block: 'start' });
}

function wireNew() {
  const select = $('new-category');
  select.replaceChildren(...CATEGORIES.map((c) => el('option', { value: c, textContent: t(`tk.cat.${c}`) })));
  $('new-staff-fields').hidden = !staff;
  $('new-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const form = ev.currentTarget;
    clearError($('new-error'));
    const body = {};
    for (const n of ['category', 'subject', 'body']) body[n] = form.elements.namedItem(n).value.trim();
    if (staff) {
      for (const n of ['channel', 'requester_name', 'requester_email']) body[n] = form.elements.namedItem(n).value.trim();
    }
    const btn = $('new-submit');
    setBusy(btn, true, 'tk.sending');
    try {
      const res = await post(`${API}/tickets`, body);
      form.reset();
      await load();
      const due = el('span');
      renderJST(due, res.first_response_due);
      showNotice($('page-status'), t('tk.new.done', { ref: res.ticket.ref, due: due.textContent }));
      await show(res.id);
    } catch (err) {
      showError($('new-error'), err);
      markInvalid(form, err);
    } finally {
      setBusy(btn, false);
    }
  });
}

function wireReply() {
  $('reply-staff').hidden = !staff;
  $('reply-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearError($('reply-error'));
    const body = { body: $('reply-body').value.trim() };
    if (!body.body) {
      showError($('reply-error'), t('tk.reply.missing'));
      return;
    }
    if (staff) {
      body.internal = $('reply-internal').checked;
      if (!body.internal) body.status = $('reply-status').value;
    }
    const btn = $('reply-submit');
    setBusy(btn, true, 'tk.sending');
    try {
      await post(`${API}/tickets/${current.id}/messages`, body);
      $('reply-form').reset();
      await load();
      await show(current.id);
      showNotice($('page-status'), t('tk.reply.done'));
    } catch (err) {
      showError($('reply-error'), err);
    } finally {
      setBusy(btn, false);
    }
  });
  // Closing is final: it always asks first, and the dialog has no default button.
  $('close-ticket').addEventListener('click', () => $('close-dialog').showModal());
  $('close-cancel').addEventListener('click', () => $('close-dialog').close());
  $('close-ok').addEventListener('click', async () => {
    $('close-dialog').close();
    try {
      await request('PATCH', `${API}/tickets/${current.id}`, { status: 'closed' });
      await load();
      await show(current.id);
    } catch (err) {
      showError($('reply-error'), err);
    }
  });
}

me = await pagePerson();
if (me) {
  await loadPage(async () => {
    me.roles = Array.isArray(me.roles) ? me.roles : [];
    staff = me.kind !== 'user' && (me.roles.includes('admin') || me.roles.includes('support'));
    $('tk-lead').textContent = t(staff ? 'tk.lead.staff' : me.roles.includes('shop') ? 'tk.lead.shop' : 'tk.lead.customer');
    $('new-card').hidden = me.roles.includes('shop');
    wireNew();
    wireReply();
    await load();
    $('tk-content').hidden = false;
  });
}
