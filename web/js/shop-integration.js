// The shop portal's integration card (連携設定): the shop's API tokens (GET/POST /api/v1/shop/tokens,
// DELETE /api/v1/shop/tokens/{id}; the secret shown once, a revocation confirmed in the page) and the
// webhook URL (PUT /api/v1/shop/webhook; the new signing secret shown once).

import { t } from './i18n.js';
import { API, get, post, request } from './api.js';
import {
  cell, clearError, closeSecretPanel, labelCells, markInvalid, openSecretPanel, sessionLost, setBusy, showError,
  showNotice, timeCell, wireCopy,
} from './ui.js';
import { el } from './market.js';
import { int, onSubmit } from './operator-ui.js';

const $ = (id) => document.getElementById(id);
const COLS = ['ts.tok.col.name', 'ts.tok.col.prefix', 'shop.int.tok.col.state', 'ts.tok.col.created',
  'ts.tok.col.expires', 'ts.tok.col.last_used', 'ts.tok.col.actions'];
const TOKEN_PANEL = ['itok-created', 'itok-secret', 'itok-copy-status'];
const HOOK_PANEL = ['hook-created', 'hook-secret', 'hook-copy-status'];

let revoking = null; // { tok, opener } while the revocation waits for its confirmation

function stateCell(tok) {
  const expired = !tok.revoked && tok.expires_at && Date.parse(tok.expires_at) <= Date.now();
  const key = tok.revoked ? 'ts.tok.revoked' : expired ? 'shop.int.tok.expired' : 'shop.int.tok.active';
  const td = cell('', 'nowrap');
  td.append(el('span', { className: `state ${tok.revoked || expired ? 'state-off' : 'state-ok'}`, textContent: t(key) }));
  return td;
}

function row(tok) {
  const actions = cell('', 'cell-actions');
  if (!tok.revoked) {
    const btn = el('button', {
      type: 'button', className: 'btn btn-danger-outline btn-sm', textContent: t('ts.tok.revoke'),
      'aria-label': t('ts.tok.revoke_named', { name: tok.name }), 'aria-controls': 'itok-revoke',
    });
    btn.addEventListener('click', () => openRevoke(tok, btn));
    actions.append(btn);
  }
  const tr = el('tr', { 'data-token-id': tok.id }, cell(tok.name), cell(tok.prefix ? `${tok.prefix}…` : '', 'mono'),
    stateCell(tok), timeCell(tok.created_at), tok.expires_at ? timeCell(tok.expires_at) : cell(t('ts.tok.no_expiry')),
    tok.last_used_at ? timeCell(tok.last_used_at) : cell(t('ts.tok.never')), actions);
  return labelCells(tr, COLS);
}

/** (Re)loads the token list; an open revocation keeps its (re-translated) heading. */
export async function loadTokens() {
  clearError($('itok-list-error'));
  const items = (await get(`${API}/shop/tokens`)).items || [];
  $('itok-rows').replaceChildren(...items.map(row));
  $('itok-empty').hidden = items.length > 0;
  $('itok-count').textContent = t('op.count', { n: items.length });
  if (revoking) $('itok-revoke-heading').textContent = t('ts.tok.revoke_heading', { name: revoking.tok.name });
}

function openRevoke(tok, opener) {
  revoking = { tok, opener };
  clearError($('itok-revoke-error'));
  $('itok-revoke-heading').textContent = t('ts.tok.revoke_heading', { name: tok.name });
  const panel = $('itok-revoke');
  panel.hidden = false;
  panel.focus();
}

function closeRevoke(focusBack = true) {
  const opener = revoking?.opener;
  revoking = null;
  $('itok-revoke').hidden = true;
  clearError($('itok-revoke-error'));
  if (focusBack && opener?.isConnected) opener.focus();
}

function setupRevoke() {
  $('itok-revoke-cancel').addEventListener('click', () => closeRevoke());
  $('itok-revoke').addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') closeRevoke();
  });
  const confirm = $('itok-revoke-confirm');
  confirm.addEventListener('click', async () => {
    if (!revoking) return;
    clearError($('itok-revoke-error'));
    setBusy(confirm, true, 'ts.tok.revoking');
    try {
      const { name, id } = revoking.tok;
      await request('DELETE', `${API}/shop/tokens/${encodeURIComponent(id)}`);
      closeRevoke(false);
      showNotice($('page-status'), t('ts.tok.revoked_notice', { name }));
      await loadTokens();
      $('itok-heading').focus();
    } catch (err) {
      if (!sessionLost(err)) showError(revoking ? $('itok-revoke-error') : $('itok-list-error'), err);
    } finally {
      setBusy(confirm, false);
    }
  });
}

function setupIssue() {
  const form = $('itok-form');
  onSubmit(form, $('itok-error'), async (v) => {
    if (v.name === '') {
      $('itok-name').setAttribute('aria-invalid', 'true');
      $('itok-name').focus();
      showError($('itok-error'), t('ts.tok.missing_name'));
      return;
    }
    const body = { name: v.name };
    if (v.expires_in_days !== '') body.expires_in_days = int(v.expires_in_days);
    const res = await post(`${API}/shop/tokens`, body);
    form.reset();
    openSecretPanel(...TOKEN_PANEL, res?.secret ?? '');
    await loadTokens();
  });
  wireCopy('itok-copy', TOKEN_PANEL[1], TOKEN_PANEL[2]);
  $('itok-created-close').addEventListener('click', () => {
    closeSecretPanel(...TOKEN_PANEL);
    $('itok-name').focus();
  });
}

function setupWebhook() {
  const form = $('hook-form');
  onSubmit(form, $('hook-error'), async (v) => {
    if (v.url === '') {
      markInvalid(form, null);
      $('hook-url').setAttribute('aria-invalid', 'true');
      $('hook-url').focus();
      showError($('hook-error'), t('shop.int.wh.missing_url'));
      return;
    }
    const res = await request('PUT', `${API}/shop/webhook`, { url: v.url });
    $('hook-url-value').textContent = res?.url ?? v.url;
    openSecretPanel(...HOOK_PANEL, res?.secret ?? '');
  });
  wireCopy('hook-copy', HOOK_PANEL[1], HOOK_PANEL[2]);
  $('hook-created-close').addEventListener('click', () => {
    closeSecretPanel(...HOOK_PANEL);
    $('hook-url-value').textContent = '';
    $('hook-url').focus();
  });
}

/** Wires the card's forms and panels (once); loadTokens() fills the list. */
export function setupIntegration() {
  setupRevoke();
  setupIssue();
  setupWebhook();
}
