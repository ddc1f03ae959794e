// Art. 4 (issue 10 item 18): a material new version of the terms applies to every contract from
// its effective date. Until the company's admin acknowledges it, its users are asked on the
// dashboard, the first page after login; the admin's acknowledgement is recorded (who, when,
// from where), like the consent given at the application.

import { t } from './i18n.js';
import { API, get, post } from './api.js';
import { clearError, sessionLost, setBusy, showError, showNotice } from './ui.js';
import { dateEl } from './market.js';

const $ = (id) => document.getElementById(id);
let state = null;

function render() {
  const p = state?.pending;
  const card = $('terms-ack');
  card.hidden = !p;
  if (!p) return;
  $('terms-ack-text').replaceChildren(t('ack.text_before', { version: p.version, title: p.title }), dateEl(p.effective_on), t('ack.text_after'));
  $('terms-ack-who').textContent = t(state.can_acknowledge ? 'ack.admin' : 'ack.member');
  $('terms-ack-button').hidden = !state.can_acknowledge;
}

/** Loads what is pending and wires the admin's button. */
export async function setupTermsAck() {
  document.addEventListener('anshin:lang', render);
  $('terms-ack-button').addEventListener('click', async () => {
    const btn = $('terms-ack-button');
    clearError($('terms-ack-error'));
    setBusy(btn, true, 'ack.working');
    const version = state?.pending?.version;
    try {
      state = await post(`${API}/me/terms-acknowledgement`, { document_id: state.pending.document_id });
      render();
      showNotice($('page-status'), t('ack.done', { version }));
    } catch (err) {
      if (!sessionLost(err)) showError($('terms-ack-error'), err);
    } finally {
      setBusy(btn, false);
    }
  });
  try {
    state = await get(`${API}/me/terms-acknowledgement`);
    render();
    if (state.pending) $('terms-ack').focus();
  } catch (err) {
    if (!sessionLost(err)) showError($('page-error'), err);
  }
}
