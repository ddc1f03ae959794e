// Discontinuing a service (Art. 14, TOS-9) on the operator console: the earliest allowed date
// (today in Japan + the service's notice days) is shown before sending; a date too early gets the
// server's 422 detail together with that date.

import { t } from './i18n.js';
import { API, post } from './api.js';
import { dateText, el } from './market.js';
import { daysFromToday, earliestLine, earliestText, onSubmit, reloadThenNotice } from './operator-ui.js';

const $ = (id) => document.getElementById(id);
let services = [];

function selected() {
  return services.find((s) => String(s.id) === $('disc-service').value) ?? null;
}

function renderEarliest() {
  const s = selected();
  const hint = $('disc-earliest');
  if (!s) {
    hint.textContent = '';
    $('disc-date').removeAttribute('min');
    return;
  }
  const earliest = daysFromToday(s.notice_days);
  $('disc-date').min = earliest;
  hint.replaceChildren(...earliestText(earliest, s.notice_days));
}

/** Fills the service select with the services still on sale. */
export function fillDiscontinue(list) {
  services = list.filter((s) => s.status === 'active');
  const select = $('disc-service');
  const keep = select.value;
  select.replaceChildren(...(services.length
    ? services.map((s) => el('option', { value: String(s.id), textContent: `${s.name}（${s.shop_name}）` }))
    : [el('option', { value: '', textContent: t('op.svc.none') })]));
  if (services.some((s) => String(s.id) === keep)) select.value = keep;
  renderEarliest();
}

/** Wires the form; reload() refreshes the page after a discontinuation. */
export function setupDiscontinue(reload) {
  $('disc-service').addEventListener('change', renderEarliest);
  document.addEventListener('anshin:lang', renderEarliest);
  const form = $('disc-form');
  onSubmit(form, $('disc-error'), async (v) => {
    const s = selected();
    if (!s) throw new Error(t('op.svc.none'));
    try {
      await post(`${API}/services/${s.id}/discontinue`, { discontinue_on: v.discontinue_on, reason: v.reason });
    } catch (err) {
      if (err.status === 422) err.extra = [earliestLine(daysFromToday(s.notice_days), s.notice_days)];
      throw err;
    }
    form.reset();
    await reloadThenNotice(reload, t('op.disc.done', { name: s.name, date: dateText(v.discontinue_on) }));
  });
}
