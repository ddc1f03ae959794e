// Every action type the server writes to the audit log, in the order the filter offers them
// (issue 10 item 10). Each has a name in both languages (audit.action.<type> in i18n.js);
// tests/e2e/audit-actions.test.mjs fails when the server writes a type missing here or unnamed.
// No imports: the test loads this file outside the browser.

export const AUDIT_ACTIONS = [
  'auth.lockout', 'auth.login', 'auth.logout', 'auth.mfa', 'auth.password_change', 'auth.reauth', 'auth.session_end', 'auth.session_upgrade',
  'access.basic_gate', 'access.denied',
  'me.language',
  'mfa.email_disable', 'mfa.email_enable', 'mfa.totp_begin', 'mfa.totp_confirm', 'mfa.totp_disable',
  'user.create', 'user.delete', 'user.password_reset', 'user.reinstate', 'user.suspend',
  'staff.create', 'staff.reinstate', 'staff.suspend',
  'tenant.create', 'tenant.details_change', 'tenant.reinstate', 'tenant.suspend',
  'policy.update',
  'session_policy.update',
  'ip_allowlist.update',
  'basic_gate.update',
  'token.create', 'token.revoke',
  'application.approve', 'application.confirm', 'application.refuse', 'application.submit',
  'contract.cancel', 'contract.change', 'contract.create', 'contract.end', 'contract.end_scheduled', 'contract.reinstate', 'contract.suspend', 'contract.terminate',
  'change.apply', 'change.approve', 'change.refuse', 'change.request',
  'shop.create', 'shop.webhook',
  'service.create', 'service.discontinue', 'service.discontinued',
  'plan.create',
  'document.publish',
  'report.handle', 'report.submit',
  'customers.view',
  'fees.export',
  'mail.deliver', 'mail.queue', 'mail.read',
  'data.download',
  'audit.purge',
  // contracts page (issue 10 items 3, 4)
  'contract.cancel_withdraw', 'change.withdraw',
];
