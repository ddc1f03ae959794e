// Changing a contractor's registered particulars from its row in the tenants card (issue 10
// item 5; Art. 10, TOS-4): the operator enters the change the contractor notified, with the day
// the notice arrived. A dialog with no default states who is told (the responsible person, in the
// portal and by mail; the one replaced too) and that a notice fewer than 30 days ahead is recorded
// as late. Only the fields changed are sent. PATCH /api/v1/tenants/{id}.

import { t } from './i18n.js';
import { API, request } from './api.js';
import { confirmAction } from './confirm.js';
import { el } from './market.js';
import { showNotice } from './ui.js';

const today = () => new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10); // JST

/** The 登録内容を変更 button of a tenant row; reload() draws the list anew afterwards. */
export function tenantEditButton(tn, reload) {
  const btn = el('button', { type: 'button', className: 'btn btn-secondary btn-sm cell-sub', 'data-action': 'edit-tenant',
    textContent: t('tenant_edit.open'), 'aria-label': t('tenant_edit.open_for', { name: tn.name }), 'aria-haspopup': 'dialog' });
  btn.addEventListener('click', async () => {
    const was = { name: tn.name, responsible_name: tn.responsible?.name ?? '', responsible_email: tn.responsible?.email ?? '' };
    let result = null;
    const done = await confirmAction({
      title: t('tenant_edit.heading', { name: tn.name }),
      consequences: [t('tenant_edit.told'), t('tenant_edit.late'), t('tenant_edit.blank')],
      fields: [
        { name: 'name', labelKey: 'tenant_edit.name', value: was.name },
        { name: 'address', labelKey: 'tenant_edit.address' },
        { name: 'phone', labelKey: 'tenant_edit.phone', type: 'tel' },
        { name: 'responsible_name', labelKey: 'tenant_edit.responsible_name', value: was.responsible_name },
        { name: 'responsible_email', labelKey: 'tenant_edit.responsible_email', type: 'email', value: was.responsible_email },
        { name: 'notified_on', labelKey: 'tenant_edit.notified_on', type: 'date', value: today(), required: true },
      ],
      confirmKey: 'tenant_edit.confirm',
      danger: false,
      run: async (v) => {
        const body = { notified_on: v.notified_on };
        for (const k of ['name', 'address', 'phone', 'responsible_name', 'responsible_email']) {
          if (v[k] && v[k] !== (was[k] ?? '')) body[k] = v[k];
        }
        result = await request('PATCH', `${API}/tenants/${tn.id}`, body);
      },
    });
    if (!done) {
      if (btn.isConnected) btn.focus();
      return;
    }
    await reload();
    showNotice(document.getElementById('tenants-status'),
      t(result?.late_notice ? 'tenant_edit.done_late' : 'tenant_edit.done', { name: result?.tenant?.name ?? tn.name }));
  });
  return btn;
}
