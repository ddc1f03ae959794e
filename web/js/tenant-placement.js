// Where a tenant's own data lives (dedicated tenancy, WP-1; issue 15 item 3), from its row in the
// operator's tenants card: the model, the state, the database's host and name (never its
// address with credentials) and the last change. Read-only: a move needs the database address
// and an announced maintenance window, so it is made with the CLI, as the dialog says.
// GET /api/v1/tenants/{id}/placement.

import { t, renderJST } from './i18n.js';
import { API, get } from './api.js';
import { el } from './market.js';

function row(labelKey, value) {
  const dd = el('dd');
  if (value instanceof Node) dd.append(value);
  else dd.textContent = value;
  return [el('dt', { textContent: t(labelKey) }), dd];
}

function when(value) {
  const span = el('span');
  renderJST(span, value);
  return span;
}

function dialogOf(tn, p) {
  const heading = el('h2', { id: `placement-title-${tn.id}`, className: 'card-title', tabindex: '-1',
    textContent: t('placement.heading', { name: tn.name }) });
  const list = el('dl', { className: 'placement-facts', 'data-placement': p.model });
  list.append(...row('placement.model', t(`placement.model.${p.model}`)),
    ...row('placement.state', t(`placement.state.${p.state}`)),
    ...row('placement.database', p.label || t('placement.none')),
    ...row('placement.since', p.since ? when(p.since) : t('placement.none')));
  if (p.writable_from) list.append(...row('placement.writable_from', when(p.writable_from)));
  const note = el('p', { className: 'field-hint',
    textContent: t(p.backend === 'sqlite' ? 'placement.sqlite' : 'placement.how') });
  const close = el('button', { type: 'button', className: 'btn btn-secondary', textContent: t('placement.close') });
  const dialog = el('dialog', { className: 'card confirm-dialog', 'aria-labelledby': heading.id },
    heading, list, note, el('div', { className: 'form-actions' }, close));
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());
  return dialog;
}

/** The データの置き場所 button of a tenant row; onError(err) shows a failure in the card. */
export function tenantPlacementButton(tn, onError) {
  const btn = el('button', { type: 'button', className: 'btn btn-secondary btn-sm cell-sub', 'data-action': 'placement',
    textContent: t('placement.open'), 'aria-label': t('placement.open_for', { name: tn.name }), 'aria-haspopup': 'dialog' });
  btn.addEventListener('click', async () => {
    try {
      const res = await get(`${API}/tenants/${tn.id}/placement`);
      const dialog = dialogOf(tn, res.placement);
      dialog.addEventListener('close', () => { if (btn.isConnected) btn.focus(); });
      document.body.append(dialog);
      dialog.showModal();
      dialog.querySelector('h2').focus();
    } catch (err) {
      onError(err);
    }
  });
  return btn;
}
