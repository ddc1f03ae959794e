// Who may open which page, from GET /api/v1/me ({kind, roles}). The server decides every request
// on its own; these only choose what the UI offers (navigation, dashboard shortcuts).

function rolesOf(me) {
  return Array.isArray(me?.roles) ? me.roles : [];
}

/** The permission keys the person holds now (built-in and custom roles: GET /me `permissions`). */
function permsOf(me) {
  return Array.isArray(me?.permissions) ? me.permissions : [];
}

/** Whether the person may read the audit log (operator admin/auditor, a tenant's admin, or a
 * tenant user whose custom role grants audit.read). */
export function canReadAudit(me) {
  const roles = rolesOf(me);
  if (me?.kind === 'user') return roles.includes('tenant_admin') || permsOf(me).includes('audit.read');
  return roles.includes('admin') || roles.includes('auditor');
}

/** Whether the person administers a tenant (may open the tenant settings and contracts pages). */
export function isTenantAdmin(me) {
  return me?.kind === 'user' && rolesOf(me).includes('tenant_admin');
}

/** Whether the person is a shop's staff (role "shop", bound to one shop: may open the shop portal). */
export function isShopStaff(me) {
  return me?.kind !== 'user' && rolesOf(me).includes('shop');
}

/** Whether the person is one of the operator's administrators (may open the operator console). */
export function isOperatorAdmin(me) {
  return me?.kind !== 'user' && rolesOf(me).includes('admin');
}

/** Whether the person must first change the password or set up a second factor (nothing else is offered). */
export function mustFinishSetup(me) {
  return Boolean(me?.password_change_required || me?.mfa_enrolment_required);
}

/** Whether the person may open the account review (棚卸, WP-24): accounts.review, from /me. */
export function canReviewAccounts(me) {
  return permsOf(me).includes('accounts.review');
}

/** Support desk (issue 13): whether the person may open the tickets page (a tenant's users, the
 * operator's admins and support staff, a shop's staff; tickets.use). */
export function canUseTickets(me) {
  const roles = rolesOf(me);
  if (me?.kind === 'user') return true;
  return roles.includes('admin') || roles.includes('support') || roles.includes('shop');
}

/** Whether the person is the operator's own staff (admin, support, auditor), not a customer. */
export function isOperatorStaff(me) {
  const roles = rolesOf(me);
  return me?.kind !== 'user' && ['admin', 'support', 'auditor'].some((r) => roles.includes(r));
}

/** Whether the person is a tenant's user without the admin role (a member: dashboard and security only). */
export function isTenantMember(me) {
  return me?.kind === 'user' && !rolesOf(me).includes('tenant_admin');
}

/** Whether the person may open the self-assessment (issue 16): compliance.read, from /me. */
export function canReadCompliance(me) {
  return me?.kind !== 'user' && permsOf(me).includes('compliance.read');
}
