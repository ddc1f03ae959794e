// The services a tenant's user may use (issue 10 item 15), on the dashboard: every user of the
// company, members included, sees the services the company bought, with a link once the service
// has an address (GET /api/v1/me/services).

import { t } from './i18n.js';
import { API, get } from './api.js';
import { clearError, sessionLost, showError } from './ui.js';
import { el, statusText } from './market.js';

const $ = (id) => document.getElementById(id);
let items = null;

function serviceItem(s) {
  const name = s.service_url
    ? el('a', { className: 'service-name', href: s.service_url, rel: 'noopener', textContent: s.service_name })
    : el('span', { className: 'service-name', textContent: s.service_name });
  const li = el('li', { className: 'service-item' }, name,
    el('span', { className: 'cell-sub', textContent: t('dashboard.services.plan', { plan: s.plan_name, shop: s.shop_name ?? '' }) }));
  if (s.status !== 'active') li.append(el('span', { className: 'state state-off', textContent: statusText(s.status) }));
  if (!s.service_url) li.append(el('span', { className: 'cell-sub', textContent: t('dashboard.services.no_url') }));
  return li;
}

function render() {
  if (!items) return;
  $('my-services').replaceChildren(...items.map(serviceItem));
  $('my-services-empty').hidden = items.length > 0;
}

/** Shows the card for a tenant's user (me.kind === 'user') and loads the company's services. */
export async function setupMyServices(me) {
  if (me?.kind !== 'user') return;
  $('my-services-card').hidden = false;
  clearError($('my-services-error'));
  try {
    items = (await get(`${API}/me/services`)).items || [];
    render();
  } catch (err) {
    if (!sessionLost(err)) showError($('my-services-error'), err);
  }
}

document.addEventListener('anshin:lang', render);
