// The tenant settings page's audit card (WP-18): which optional event classes the tenant collects
// for its users (screen opens, data reads, downloads; security events always), and the CSV of every
// read of the tenant's data by the operator and by shops.

import { t } from './i18n.js';
import { API, get, request } from './api.js';
import { clearError, sessionLost, setBusy, showError, showNotice } from './ui.js';

const $ = (id) => document.getElementById(id);
const CLASSES = ['screen', 'read', 'download'];

function fill(res) {
  for (const c of CLASSES) $(`ec-${c}`).checked = res?.[c] !== false;
}

/** Loads the classes and wires the form. */
export async function setupEventClasses() {
  const form = $('ec-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearError($('ec-error'));
    $('ec-status').replaceChildren();
    const body = Object.fromEntries(CLASSES.map((c) => [c, $(`ec-${c}`).checked]));
    setBusy($('ec-submit'), true);
    try {
      fill(await request('PUT', `${API}/event-classes`, body));
      showNotice($('ec-status'), t('ts.saved'));
    } catch (err) {
      if (sessionLost(err)) return;
      showError($('ec-error'), err);
    } finally {
      setBusy($('ec-submit'), false);
    }
  });
  try {
    fill(await get(`${API}/event-classes`));
  } catch (err) {
    if (sessionLost(err)) return;
    showError($('ec-error'), err);
  }
}
