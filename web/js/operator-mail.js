// Operator console: the outbox (issue 10, item 1). Lists the mail with its state (newest first,
// 50 at a time), says when no relay is configured (mail then waits here), reads a message
// (GET /api/v1/mail/{id}, audited mail.read; a contractor's mail after the reason dialog) and
// sends one again (POST /api/v1/mail/{id}/resend, a copy; the answer says whether it is queued or
// held).

import { t } from './i18n.js';
import { API, get, post } from './api.js';
import { cell, clearError, initPage, labelCells, sessionLost, setBusy, showError, showNotice, timeCell } from './ui.js';
import { el } from './market.js';
import { startConsole } from './operator-ui.js';

initPage();

const $ = (id) => document.getElementById(id);
const PAGE = 50;
const COLS = ['opmail.col.id', 'opmail.col.created', 'opmail.col.to', 'opmail.col.subject', 'opmail.col.status',
  'opmail.col.actions'];
let items = [];
let queued = 0;
let relay = true;
let more = false;
let cursor = null;

function statusText(m) {
  const key = `opmail.status.${m.status}`;
  const text = t(key) === key ? m.status : t(key);
  return m.attempts ? `${text} · ${t('opmail.attempts', { n: m.attempts })}` : text;
}

function button(key, named, id, onClick) {
  const b = el('button', { type: 'button', className: 'btn btn-secondary btn-sm', textContent: t(key) });
  b.dataset.i18n = key;
  b.setAttribute('aria-label', t(named, { id }));
  b.addEventListener('click', () => onClick(b));
  return b;
}

function row(m) {
  const actions = cell('', 'cell-actions');
  const box = el('div', { className: 'row-actions' });
  box.append(button('opmail.read', 'opmail.read_named', m.id, () => read(m.id)),
    button('opmail.resend', 'opmail.resend_named', m.id, (b) => resend(m.id, b)));
  actions.append(box);
  const tr = labelCells(el('tr', {}, cell(String(m.id), 'mono'), timeCell(m.created_at), cell(m.to, 'cell-email'),
    cell(m.subject), cell(statusText(m), 'cell-status'), actions), COLS);
  tr.dataset.mailId = String(m.id);
  return tr;
}

function render() {
  $('mail-rows').replaceChildren(...items.map(row));
  $('mail-empty').hidden = items.length > 0;
  $('mail-more').hidden = !more;
  $('mail-queued').textContent = t('opmail.queued_count', { n: queued });
  $('mail-relay-off').hidden = relay;
}

async function load(append = false) {
  clearError($('mail-error'));
  // Keyset pages: the next page continues from the cursor the previous one returned.
  const from = append && cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
  const res = await get(`${API}/mail?limit=${PAGE}${from}`);
  cursor = res.next_cursor || null;
  more = cursor !== null;
  items = (append ? items : []).concat(res.items || []);
  queued = res.queued ?? 0;
  relay = res.relay_configured !== false;
  render();
}

async function read(id) {
  try {
    const res = await get(`${API}/mail/${id}`);
    const m = res.mail;
    $('mail-view-heading').textContent = t('opmail.body_heading', { id: m.id });
    $('mail-view-to').textContent = m.to;
    $('mail-view-subject').textContent = m.subject;
    $('mail-view-status').textContent = statusText(m);
    $('mail-view-body').textContent = m.body_text;
    // A contractor's mail is its data: opened only with a reason (the dialog api.js shows on 428
    // access-reason-required), and the read is disclosed to the contractor (WP-18).
    $('mail-view-note').textContent = m.tenant_id ? t('tenant_users.recorded') : '';
    $('mail-view-note').hidden = !m.tenant_id;
    $('mail-view').hidden = false;
    $('mail-view').focus();
  } catch (err) {
    if (sessionLost(err)) return;
    // The reason dialog cancelled, or refused: no message is left on show.
    $('mail-view').hidden = true;
    $('mail-view-body').textContent = '';
    showError($('mail-error'), err);
  }
}

async function resend(id, b) {
  clearError($('page-status'));
  setBusy(b, true, 'opmail.resend');
  try {
    const res = await post(`${API}/mail/${id}/resend`);
    const copy = res.mail.id;
    await load();
    showNotice($('page-status'), t(res.mail.status === 'held' ? 'opmail.resent_held' : 'opmail.resent', { id, copy }));
  } catch (err) {
    if (!sessionLost(err)) showError($('mail-error'), err);
  } finally {
    if (b.isConnected) setBusy(b, false);
  }
}

document.addEventListener('anshin:lang', () => {
  if (!$('op-content').hidden) render();
});

startConsole(async () => {
  $('mail-more').addEventListener('click', () => load(true).catch((err) => {
    if (!sessionLost(err)) showError($('mail-error'), err);
  }));
  $('mail-view-close').addEventListener('click', () => {
    $('mail-view').hidden = true;
    $('mail-heading').focus();
  });
  await load();
});
