// The password rules in force as one sentence for a hint (issue 10, item 8): from
// GET /api/v1/me/password-rules or POST /api/v1/password-links/rules, never fixed text.

import { t } from './i18n.js';

/** 「12文字以上 / 英大文字・数字を含む / …」 in the display language. */
export function rulesText(r) {
  const parts = [t('rules.min_length', { n: r.min_length })];
  if (r.require && r.require.length) {
    parts.push(t('rules.require', { kinds: r.require.map((k) => t(`rules.kind.${k}`)).join(t('rules.joiner')) }));
  }
  if (r.min_classes) parts.push(t('rules.min_classes', { n: r.min_classes }));
  if (r.reject_login) parts.push(t('rules.reject_login'));
  if (r.reject_common) parts.push(t('rules.reject_common'));
  if (r.history) parts.push(t('rules.history', { n: r.history }));
  return parts.join(t('rules.separator'));
}
