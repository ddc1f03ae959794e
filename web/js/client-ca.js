// The tenant's client certificates (SLA-22) on the tenant settings page: the company's CA
// certificate in PEM (GET/PUT/DELETE /api/v1/client-ca) and whether users must present a
// certificate it issued. Requiring certificates and removing the CA are confirmed first; the
// server refuses to require them unless this browser presented such a certificate itself.

import { t, renderJST } from './i18n.js';
import { API, get, request } from './api.js';
import { clearError, markInvalid, sessionLost, setBusy, showError, showNotice } from './ui.js';

const $ = (id) => document.getElementById(id);
const URL_ = `${API}/client-ca`;

let current = { configured: false, required: false, ca: null };
let pending = null; // 'require' or 'remove' while the confirmation is open

function render() {
  const state = $('cc-state');
  const key = !current.configured ? 'ts.cc.none' : current.required ? 'ts.cc.on' : 'ts.cc.off';
  state.className = `state${current.required ? ' state-ok' : ''}`;
  state.textContent = t(key);
  $('cc-info').hidden = !current.ca;
  if (current.ca) {
    $('cc-subject').textContent = current.ca.subject;
    renderJST($('cc-not-after'), current.ca.not_after);
    $('cc-sha256').textContent = current.ca.sha256;
  }
  $('cc-remove').hidden = !current.configured;
}

function fill(res) {
  current = res || current;
  $('cc-pem').value = current.certificate || '';
  $('cc-required').checked = !!current.required;
  render();
}

function openConfirm(kind) {
  pending = kind;
  $('cc-confirm-heading').textContent = t(`ts.cc.${kind}_heading`);
  $('cc-confirm-note').textContent = t(`ts.cc.${kind}_note`);
  $('cc-confirm-yes').textContent = t(`ts.cc.${kind}_confirm`);
  $('cc-confirm').hidden = false;
  $('cc-confirm').focus();
}

function closeConfirm() {
  pending = null;
  $('cc-confirm').hidden = true;
}

async function save() {
  const form = $('cc-form');
  const body = { certificate: $('cc-pem').value.trim(), required: $('cc-required').checked };
  setBusy($('cc-submit'), true, 'ts.saving');
  try {
    fill(await request('PUT', URL_, body));
    showNotice($('cc-status'), t('ts.saved'));
  } catch (err) {
    if (sessionLost(err)) return;
    showError($('cc-error'), err);
    const first = markInvalid(form, err);
    if (first) first.focus();
  } finally {
    setBusy($('cc-submit'), false);
  }
}

async function remove() {
  try {
    await request('DELETE', URL_);
    fill({ configured: false, required: false, ca: null, certificate: null });
    showNotice($('cc-status'), t('ts.cc.removed'));
  } catch (err) {
    if (!sessionLost(err)) showError($('cc-error'), err);
  }
}

/** Loads the setting and wires the card. */
export async function setupClientCa() {
  $('cc-form').addEventListener('submit', (event) => {
    event.preventDefault();
    clearError($('cc-error'));
    $('cc-status').replaceChildren();
    markInvalid($('cc-form'), null);
    // Turning the requirement on can lock users out: it is confirmed first.
    if ($('cc-required').checked && !current.required) openConfirm('require');
    else save();
  });
  $('cc-remove').addEventListener('click', () => {
    clearError($('cc-error'));
    openConfirm('remove');
  });
  $('cc-confirm-no').addEventListener('click', () => closeConfirm());
  $('cc-confirm').addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeConfirm();
  });
  $('cc-confirm-yes').addEventListener('click', async () => {
    const kind = pending;
    closeConfirm();
    if (kind === 'remove') await remove();
    else await save();
  });
  document.addEventListener('anshin:lang', render);
  try {
    fill(await get(URL_));
  } catch (err) {
    if (!sessionLost(err)) showError($('cc-error'), err);
  }
}
