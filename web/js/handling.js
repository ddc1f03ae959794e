// The handling window (TOS-23): human steps happen on business days 9:00–17:00 JST. The API
// adds `handling` to applications and change requests: whether they arrived inside the window,
// the date they will be processed, and how long they have waited in window time.

import { t } from './i18n.js';
import { dateEl } from './market.js';

/** The sentence telling an applicant when an item received outside the window is processed, or ''. */
export function handlingText(h) {
  if (!h || h.received_in_window) return '';
  return t('handling.outside', { date: dateEl(h.expected_on).textContent });
}

/** Business-hours waiting time, e.g. 「2時間15分」; '—' when unknown. */
export function waitedText(h) {
  const n = Number(h?.waited_business_minutes);
  if (!h || !Number.isFinite(n)) return '—';
  return t('handling.waited', { h: Math.floor(n / 60), m: n % 60 });
}
