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
  'account_review.done',
  'role.create', 'role.update', 'role.delete', 'role.privileged_grant',
  'user.role_grant', 'user.role_revoke', 'user.privileged_grant', 'user.provider_reset',
  'event_classes.update',
  'screen.open',
  'data.access', 'data.export', 'data.export_request',
  'operator_profile.update',
  'password_link.issue', 'password_link.reissue', 'password_link.use', 'password_link.expired',
  'staff.delete', 'staff.networks_update',
  'mail.resend',
  'backup.run', 'backup.verify', 'backup.copy', 'backup.expire', 'backup.drill',
  'tenant.erase_request', 'tenant.erase',
  'certificate.issue',
  'announcement.post',
  'incident.create', 'incident.update', 'incident.postmortem', 'incident.report',
  'maintenance.schedule',
  'info.publish',
  'status.subscribe', 'status.unsubscribe',
  'ticket.open', 'ticket.reply', 'ticket.note', 'ticket.status', 'ticket.assign', 'ticket.route',
  'pdr.file', 'pdr.verify', 'pdr.disclose', 'pdr.complete',
  'breach.record', 'breach.notify', 'breach.step', 'breach.remind',
  'disclosure.record', 'disclosure.notify',
  'client_ca.update', 'client_ca.delete',
  // contracts page (issue 10 items 3, 4)
  'contract.cancel_withdraw', 'change.withdraw',
  // receivables (issue 17)
  'invoice.issue', 'invoice.credit', 'shop.invoice_registration', 'payment.record', 'payment.import',
  // audit retention per tenant (issue 11 item 8)
  'audit.retention_update', 'audit.purge_tenant',
  // account review reminders (issue 11, WP-24)
  'account_review.settings', 'account_review.remind',
  // catalogue edits (issue 10 item 5)
  'shop.update', 'service.update', 'plan.update', 'plan.fee_increase_scheduled', 'plan.fee_applied',
  'terms.acknowledge', 'user.update',
  // merged modules: sealing, personal-data requests carried out, plan targets
  'seal.migrate', 'user.correct', 'pdr.remind', 'support.plan_target',
  // usage metering (issue 17 item 5)
  'plan.meter_add', 'usage.report',
  // staff and tenant edits (issue 10 item 5)
  'staff.update', 'tenant.details_edit',
  // live compliance checks (issue 16)
  'compliance.attest', 'compliance.attest_revoke',
  // dunning (issue 17 item 3)
  'dunning.remind', 'dunning.propose', 'dunning.suspend', 'dunning.dismiss',
  // compliance: status changes after the baseline (issue 16 item 6)
  'compliance.status_change',
];
