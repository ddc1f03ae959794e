// 「ログイン中のセッション」 on the dashboard: the caller's active sessions (GET /api/v1/me/sessions),
// the current one marked 「この端末」, and a button to end each of the others
// (DELETE /api/v1/me/sessions/{id}). Times in JST.

import { t } from './i18n.js';
import { API, ApiError, get, request } from './api.js';
import { cell, clearError, labelCells, sessionLost, setBusy, showError, showNotice, timeCell } from './ui.js';

const $ = (id) => document.getElementById(id);

const COLS = ['sessions.col.device', 'sessions.col.ip', 'sessions.col.created', 'sessions.col.last_seen',
  'sessions.col.actions'];

let sessions = null; // the last list, current session first

/** "Chrome 126 (Windows)" from a user agent string; '' when it names no known browser nor system. */
export function describeAgent(ua) {
  if (typeof ua !== 'string' || ua === '') return '';
  const browsers = [
    ['Edge', /\bEdg(?:e|A|iOS)?\/(\d+)/],
    ['Opera', /\bOPR\/(\d+)/],
    ['Firefox', /\b(?:Firefox|FxiOS)\/(\d+)/],
    ['Chrome', /\b(?:HeadlessChrome|Chrome|CriOS)\/(\d+)/],
    ['Safari', /\bVersion\/(\d+)[^ ]* (?:Mobile\/\S+ )?Safari\//],
  ];
  const systems = [
    ['Windows', /Windows NT/], ['iOS', /iPhone|iPad|iPod/], ['Android', /Android/], ['ChromeOS', /CrOS/],
    ['macOS', /Mac OS X|Macintosh/], ['Linux', /Linux/],
  ];
  let browser = '';
  for (const [name, re] of browsers) {
    const m = re.exec(ua);
    if (m) {
      browser = `${name} ${m[1]}`;
      break;
    }
  }
  const os = systems.find(([, re]) => re.test(ua))?.[0] ?? '';
  if (browser && os) return t('sessions.device', { browser, os });
  return browser || os;
}

function deviceCell(s) {
  const td = cell('');
  const main = document.createElement('span');
  main.className = 'cell-main';
  main.id = `session-device-${s.id}`;
  const summary = describeAgent(s.user_agent);
  main.textContent = summary || s.user_agent || t('sessions.unknown_device');
  if (s.current) {
    const here = document.createElement('span');
    here.className = 'badge badge-current';
    here.textContent = t('sessions.current');
    main.append(' ', here);
  }
  td.append(main);
  if (summary && s.user_agent) {
    const sub = document.createElement('span');
    sub.className = 'cell-sub ua-full';
    sub.textContent = s.user_agent;
    td.append(sub);
  }
  return td;
}

function actionsCell(s) {
  const td = cell('', 'cell-actions');
  if (s.current) {
    const note = document.createElement('span');
    note.className = 'muted';
    note.textContent = t('sessions.current_note');
    td.append(note);
    return td;
  }
  const btn = document.createElement('button');
  btn.type = 'button';
  btn.className = 'btn btn-danger-outline btn-sm';
  btn.dataset.i18n = 'sessions.end';
  btn.textContent = t('sessions.end');
  btn.setAttribute('aria-describedby', `session-device-${s.id}`);
  btn.addEventListener('click', () => endSession(s, btn));
  td.append(btn);
  return td;
}

function render() {
  if (!sessions) return;
  const rows = sessions.map((s) => {
    const tr = document.createElement('tr');
    tr.dataset.sessionId = String(s.id);
    if (s.current) tr.className = 'row-current';
    tr.append(deviceCell(s), cell(s.client_ip || '—', 'mono'), timeCell(s.created_at), timeCell(s.last_seen_at),
      actionsCell(s));
    return labelCells(tr, COLS);
  });
  $('sessions-rows').replaceChildren(...rows);
  $('sessions-table-wrap').hidden = sessions.length === 0;
  $('sessions-count').textContent = t('sessions.count', { count: sessions.length });
}

async function load() {
  clearError($('sessions-error'));
  try {
    const res = await get(`${API}/me/sessions`);
    const items = Array.isArray(res?.items) ? res.items : [];
    sessions = [...items.filter((s) => s.current), ...items.filter((s) => !s.current)];
    render();
  } catch (err) {
    if (sessionLost(err)) return;
    showError($('sessions-error'), err);
  }
}

async function endSession(s, btn) {
  clearError($('sessions-status'));
  clearError($('sessions-error'));
  setBusy(btn, true, 'sessions.ending');
  try {
    await request('DELETE', `${API}/me/sessions/${encodeURIComponent(s.id)}`);
    showNotice($('sessions-status'), t('sessions.ended_notice'));
  } catch (err) {
    if (sessionLost(err)) return;
    // 404: it had already ended (logged out or expired meanwhile); the new list shows that.
    showError($('sessions-error'), err);
    if (!(err instanceof ApiError && err.status === 404)) {
      setBusy(btn, false);
      return;
    }
  }
  await load();
  $('sessions-heading').focus();
}

/** Wires the card and loads the list (resolves when it has been shown). */
export async function setupSessions() {
  const refresh = $('sessions-refresh');
  refresh.addEventListener('click', async () => {
    clearError($('sessions-status'));
    refresh.disabled = true;
    await load();
    refresh.disabled = false;
  });
  document.addEventListener('anshin:lang', render);
  await load();
}
