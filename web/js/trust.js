// 公開の信頼性ページ (issue 16 item 5): which of the service's automatic checks pass and when
// they were last evaluated, for anyone, when the operator has published it ([compliance]
// trust_page). No reasons and no evidence: those stay on the operator's self-assessment page.

import { formatJST, t } from './i18n.js';
import { API, get } from './api.js';
import { initPage, showError } from './ui.js';
import { el } from './market.js';

initPage();

const $ = (id) => document.getElementById(id);
const PASS = new Set(['compliant', 'not_applicable']);

(async () => {
  try {
    const d = await get(`${API}/trust`);
    if (!d.published) {
      $('trust-off').hidden = false;
      return;
    }
    $('trust-summary').textContent = t('trust.summary', { n: d.passing, total: d.total });
    $('trust-evaluated').textContent = t('trust.evaluated', { at: d.evaluated_at ? formatJST(d.evaluated_at) : '—' });
    $('trust-list').replaceChildren(...d.checks.map((c) => el('li', { id: `trust-${c.requirement}` },
      el('strong', { textContent: `${c.requirement} ` }),
      el('span', { className: `badge ${PASS.has(c.status) ? 'badge-outcome badge-outcome-success' : 'badge-outcome badge-outcome-failure'}`, textContent: t(PASS.has(c.status) ? 'trust.pass' : 'trust.fail') }))));
    $('trust-content').hidden = false;
  } catch (err) {
    showError($('page-error'), err);
  } finally {
    $('loading').hidden = true;
  }
})();
