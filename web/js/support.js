// The public support page (issue 13 item 7, TOS-19): hours from the schedule, expected response
// times, the contacts including the personal-data desk, a contact form, and personal-data
// requests verified by a code mailed to the address (MARK-7-5-2), whose disclosure is then
// downloaded here.

import { t } from './i18n.js';
import { API, get, post } from './api.js';
import { clearError, initPage, markInvalid, setBusy, showError, showNotice } from './ui.js';
import { dateText, el, kvList } from './market.js';

initPage();

const $ = (id) => document.getElementById(id);
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
export const CATEGORIES = ['question', 'failure', 'personal_data_complaint', 'personal_data_request', 'incident',
  'prohibited_act'];
let info = null;
let pending = null; // the personal-data request waiting for its code

function duration(minutes) {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? t('sup.hm', { h, m }) : t('sup.h', { h });
}

function render() {
  $('sup-hours').replaceChildren(...kvList(DAYS.map((d) => [`sup.day.${d}`, info.hours[d] || t('sup.closed')])).childNodes);
  $('sup-times').replaceChildren(...info.targets.map((x) => el('tr', {},
    el('td', { textContent: t(`tk.cat.${x.category}`) }),
    el('td', { textContent: duration(x.first_response_minutes) }),
    el('td', { textContent: duration(x.resolution_minutes) }))));
  const contact = [['sup.contact.email', info.contact.email], ['sup.contact.privacy', info.contact.privacy_email],
    ['sup.contact.deadline', t('sup.days', { n: info.personal_data_deadline_days })]];
  if (info.contact.phone) contact.splice(1, 0, ['sup.contact.phone', info.contact.phone]);
  $('sup-contact').replaceChildren(...kvList(contact).childNodes);
  const select = $('contact-category');
  const chosen = select.value;
  select.replaceChildren(...CATEGORIES.filter((c) => c !== 'personal_data_request')
    .map((c) => el('option', { value: c, textContent: t(`tk.cat.${c}`) })));
  if (chosen) select.value = chosen;
}

function values(form, names) {
  const out = {};
  for (const n of names) out[n] = form.elements.namedItem(n).value.trim();
  return out;
}

function wireContact() {
  $('contact-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const form = ev.currentTarget;
    clearError($('contact-error'));
    const body = values(form, ['category', 'requester_name', 'requester_email', 'subject', 'body']);
    const btn = $('contact-submit');
    setBusy(btn, true, 'tk.sending');
    try {
      const res = await post(`${API}/support/requests`, body);
      form.reset();
      render();
      showNotice($('contact-status'), t('sup.form.done', { ref: res.ref }));
    } catch (err) {
      showError($('contact-error'), err);
      markInvalid(form, err);
    } finally {
      setBusy(btn, false);
    }
  });
}

function wirePdr() {
  $('pdr-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const form = ev.currentTarget;
    clearError($('pdr-error'));
    const body = values(form, ['kind', 'email', 'name', 'detail']);
    if (!body.kind || !body.email) {
      showError($('pdr-error'), t('pdr.missing'));
      return;
    }
    const btn = $('pdr-submit');
    setBusy(btn, true, 'tk.sending');
    try {
      pending = (await post(`${API}/support/personal-data-requests`, body)).request;
      form.hidden = true;
      $('pdr-verify').hidden = false;
      showNotice($('pdr-status'), t('pdr.code_sent', { due: dateText(pending.due_on) }));
      $('pdr-code').focus();
    } catch (err) {
      showError($('pdr-error'), err);
      markInvalid(form, err);
    } finally {
      setBusy(btn, false);
    }
  });
  $('pdr-verify').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearError($('pdr-error'));
    const btn = $('pdr-verify-submit');
    setBusy(btn, true, 'tk.sending');
    try {
      const { request } = await post(`${API}/support/personal-data-requests/${pending.id}/verify`,
        { code: $('pdr-code').value.trim() });
      $('pdr-verify').hidden = true;
      showNotice($('pdr-status'), t(request.download_token ? 'pdr.verified_download' : 'pdr.verified', { due: dateText(request.due_on) }));
      if (request.download_token) {
        const base = `${API}/support/personal-data-requests/${request.id}/download?token=${encodeURIComponent(request.download_token)}`;
        $('pdr-json').href = `${base}&format=json`;
        $('pdr-csv').href = `${base}&format=csv`;
        $('pdr-download').hidden = false;
      }
    } catch (err) {
      showError($('pdr-error'), err);
    } finally {
      setBusy(btn, false);
    }
  });
}

try {
  info = await get(`${API}/support/info`);
  render();
  document.addEventListener('anshin:lang', render);
  wireContact();
  wirePdr();
  $('support-content').hidden = false;
} catch (err) {
  showError($('page-error'), err);
} finally {
  $('loading').hidden = true;
}
