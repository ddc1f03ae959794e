// Editing a staff account from its row on the staff card (issue 10 item 5): the display name and,
// for the operator's staff, the roles (admin, support, auditor; a shop's staff keep the shop role).
// Taking the admin role away asks again in a confirmation dialog with no default that says what
// the person loses; the server keeps the last operator admin (/problems/last-operator-admin) and
// the answer stays in the dialog. PATCH /api/v1/staff/{id}.

import { t } from './i18n.js';
import { API, request } from './api.js';
import { confirmAction } from './confirm.js';
import { el } from './market.js';
import { clearError, sessionLost, setBusy, showError, showNotice } from './ui.js';

const ROLES = ['admin', 'support', 'auditor'];
let reload = async () => {};

function roleBox(n, role, checked) {
  const id = `staff-edit-${n}-${role}`;
  return el('label', { className: 'check', for: id },
    el('input', { id, type: 'checkbox', name: 'roles', value: role, checked: checked ? true : undefined }),
    ' ', t(`role.${role}`));
}

let seq = 0;

function openEditor(s, opener) {
  const n = ++seq;
  const shop = (s.roles || []).includes('shop');
  const heading = el('h2', { id: `staff-edit-title-${n}`, className: 'card-title', tabindex: '-1',
    textContent: t('staff.edit.heading', { login: s.login }) });
  const name = el('input', { id: `staff-edit-${n}-name`, name: 'display_name', type: 'text', maxlength: '100', value: s.display_name ?? '' });
  const form = el('form', { className: 'form', novalidate: true, method: 'dialog' }, heading,
    el('div', { className: 'field' }, el('label', { for: name.id, textContent: t('staff.form.display_name') }), name));
  if (!shop) {
    form.append(el('fieldset', { className: 'field staff-edit-roles' },
      el('legend', { textContent: t('staff.col.roles') }),
      ...ROLES.map((r) => roleBox(n, r, (s.roles || []).includes(r)))));
  }
  const region = el('div', { className: 'alert-region', role: 'alert' });
  const ok = el('button', { type: 'submit', className: 'btn btn-primary', textContent: t('staff.edit.save') });
  const cancel = el('button', { type: 'button', className: 'btn btn-secondary', textContent: t('confirm.cancel') });
  form.append(region, el('div', { className: 'form-actions' }, ok, cancel));
  const dialog = el('dialog', { className: 'card confirm-dialog', 'aria-labelledby': heading.id }, form);
  document.body.append(dialog);
  const close = () => {
    dialog.close();
    dialog.remove();
    if (opener.isConnected) opener.focus();
  };
  cancel.addEventListener('click', close);
  dialog.addEventListener('cancel', (e) => {
    e.preventDefault();
    if (!ok.disabled) close();
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearError(region);
    const body = { display_name: name.value.trim() };
    if (!shop) {
      body.roles = [...form.querySelectorAll('input[name=roles]:checked')].map((i) => i.value);
      if (!body.roles.length) {
        showError(region, t('staff.edit.no_role'));
        return;
      }
    }
    const send = async () => {
      await request('PATCH', `${API}/staff/${encodeURIComponent(s.id)}`, body);
    };
    const dropsAdmin = !shop && (s.roles || []).includes('admin') && !body.roles.includes('admin');
    try {
      if (dropsAdmin) {
        // Removing admin is dangerous: a second dialog, nothing chosen, the consequences first.
        const done = await confirmAction({
          title: t('staff.edit.drop_admin_title', { login: s.login }),
          consequences: [t('staff.edit.drop_admin_rights'), t('staff.edit.drop_admin_sessions')],
          confirmKey: 'staff.edit.drop_admin_confirm',
          run: send,
        });
        if (!done) return;
      } else {
        setBusy(ok, true, 'op.working');
        await send();
        setBusy(ok, false);
      }
    } catch (err) {
      setBusy(ok, false);
      if (sessionLost(err)) return;
      showError(region, err);
      return;
    }
    close();
    await reload();
    showNotice(document.getElementById('staff-status'), t('staff.notice.updated', { login: s.login }));
  });
  dialog.showModal();
  heading.focus();
}

/** The 編集 button of a staff row. */
export function staffEditButton(s) {
  const btn = el('button', { type: 'button', className: 'btn btn-sm btn-secondary', 'data-action': 'edit',
    'data-i18n': 'staff.action.edit', textContent: t('staff.action.edit'),
    'aria-label': t('staff.action.edit_named', { login: s.login }), 'aria-haspopup': 'dialog' });
  btn.addEventListener('click', () => openEditor(s, btn));
  return btn;
}

/** reload() draws the staff list anew after an edit. */
export function setupStaffEdit(fn) {
  reload = fn;
}
