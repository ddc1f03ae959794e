"""API tokens for machine clients (issue: identity item 11): created by admins, shown once,
stored hashed, scoped to permissions, revocable, last use recorded; tenant-scoped like people."""
import requests

from conftest import unique
from tenancy import create_tenant, user_session, first_password


def bearer(tok):
    return {"Authorization": "Bearer " + tok}


def test_tenant_token_is_scoped_and_revocable(server, admin):
    code = unique("TK").upper()
    t = create_tenant(server, admin, code, "トークン株式会社")
    s = user_session(server, code, "admin1", t["initial_password"])
    r = s.post(server.url + "/api/v1/api-tokens", json={"name": "人事システム連携", "permissions": ["users.read"]})
    assert r.status_code == 201, r.text
    secret, tok = r.json()["secret"], r.json()["token"]
    assert secret.startswith("ansh_") and tok["prefix"] == secret[:12] and tok["last_used_at"] is None
    # Stored only as a hash.
    stored = str(server.sql("SELECT * FROM api_tokens"))
    assert secret not in stored and secret[5:] not in stored
    listed = requests.get(server.url + "/api/v1/users", headers=bearer(secret))
    assert listed.status_code == 200 and {u["login"] for u in listed.json()["items"]} == {"admin1"}
    # Only its permissions: no writes, no personal pages, no other tenant.
    assert requests.post(server.url + "/api/v1/users", headers=bearer(secret),
                         json={"login": "x1y", "email": "a@b.jp"}).status_code == 403
    assert requests.get(server.url + "/api/v1/me", headers=bearer(secret)).status_code == 403
    assert requests.get(server.url + "/api/v1/tenants", headers=bearer(secret)).status_code == 403
    assert requests.post(server.url + "/api/v1/api-tokens", headers=bearer(secret),
                         json={"name": "x", "permissions": ["users.read"]}).status_code == 403
    items = s.get(server.url + "/api/v1/api-tokens").json()["items"]
    assert items[0]["last_used_at"] is not None and "secret" not in items[0]
    # Permissions the creator does not hold are refused.
    assert s.post(server.url + "/api/v1/api-tokens", json={"name": "x", "permissions": ["tenants.manage"]}).status_code == 400
    assert s.delete(server.url + "/api/v1/api-tokens/%d" % tok["id"]).status_code == 204
    assert requests.get(server.url + "/api/v1/users", headers=bearer(secret)).status_code == 401
    assert requests.get(server.url + "/api/v1/users", headers=bearer("ansh_" + "x" * 43)).status_code == 401


def test_tokens_of_one_tenant_stay_in_it(server, admin):
    a = create_tenant(server, admin, unique("TA").upper(), "甲トークン")
    b = create_tenant(server, admin, unique("TB").upper(), "乙トークン")
    sa = user_session(server, a["tenant"]["company_code"], "admin1", a["initial_password"])
    sb = user_session(server, b["tenant"]["company_code"], "admin1", b["initial_password"])
    tb = sb.post(server.url + "/api/v1/api-tokens", json={"name": "b", "permissions": ["users.read", "audit.read"]}).json()
    assert sa.delete(server.url + "/api/v1/api-tokens/%d" % tb["token"]["id"]).status_code == 404
    assert tb["token"]["name"] not in sa.get(server.url + "/api/v1/api-tokens").text
    bu = sb.get(server.url + "/api/v1/users").json()["items"][0]["id"]
    au = requests.get(server.url + "/api/v1/users/%d" % bu, headers=bearer(tb["secret"]))
    assert au.status_code == 200  # its own tenant's user
    ev = requests.get(server.url + "/api/v1/audit/events", headers=bearer(tb["secret"])).json()["items"]
    assert ev and all(e["tenant_id"] == b["tenant"]["id"] for e in ev)
    a_user = sa.get(server.url + "/api/v1/users").json()["items"][0]["id"]
    assert requests.get(server.url + "/api/v1/users/%d" % a_user, headers=bearer(tb["secret"])).status_code == 404


# H1: a token is bound to the account that created it (as Keycloak ties tokens to their user):
# it stops working when that account is suspended or deleted, and never grants more than the
# account holds now.

def second_admin(server, admin, prefix):
    """A tenant with admin1 and a second tenant admin (admin2) who will create the token."""
    code = unique(prefix).upper()
    t = create_tenant(server, admin, code, "失効テスト株式会社")
    a1 = user_session(server, code, "admin1", first_password(server, t))
    r = a1.post(server.url + "/api/v1/users", json={"login": "admin2", "email": "admin2@example.jp",
                                                    "roles": ["tenant_admin"]})
    assert r.status_code == 201, r.text
    a2 = user_session(server, code, "admin2", first_password(server, r.json()))
    return t, a1, a2, r.json()["user"]["id"]


def make_token(server, session, perms, path="/api/v1/api-tokens"):
    r = session.post(server.url + path, json={"name": unique("tok"), "permissions": perms})
    assert r.status_code == 201, r.text
    return r.json()["token"], r.json()["secret"]


def can_create_tenant_admin(server, secret):
    return requests.post(server.url + "/api/v1/users", headers=bearer(secret),
                         json={"login": unique("evil"), "email": "evil@example.jp",
                               "roles": ["tenant_admin"]}).status_code


def revoke_reason(server, token_id):
    rows = server.sql("SELECT details FROM audit_events WHERE action = 'token.revoke' AND target = ?",
                      "token:%d" % token_id)
    return [r[0] for r in rows]


def test_suspended_creator_token_is_refused_and_stays_revoked(server, admin):
    """H1, CHK-12, WP-6: suspending a tenant admin revokes the tokens it created in the same
    step as its sessions (audited token.revoke with the reason); they cannot read users or create
    a tenant_admin, and reinstating the account does not bring them back."""
    t, a1, a2, uid = second_admin(server, admin, "TS")
    tok, secret = make_token(server, a2, ["users.read", "users.manage"])
    assert requests.get(server.url + "/api/v1/users", headers=bearer(secret)).status_code == 200
    assert a1.post(server.url + "/api/v1/users/%d/suspend" % uid).status_code == 200
    assert requests.get(server.url + "/api/v1/users", headers=bearer(secret)).status_code == 401
    assert can_create_tenant_admin(server, secret) == 401
    assert server.sql("SELECT revoked_at FROM api_tokens WHERE id = ?", tok["id"])[0][0] is not None
    reasons = revoke_reason(server, tok["id"])
    assert len(reasons) == 1 and "creator_suspended" in reasons[0]
    assert a1.post(server.url + "/api/v1/users/%d/reinstate" % uid).status_code == 200
    assert requests.get(server.url + "/api/v1/users", headers=bearer(secret)).status_code == 401
    listed = [x for x in a1.get(server.url + "/api/v1/api-tokens").json()["items"] if x["id"] == tok["id"]]
    assert listed and listed[0]["revoked"] is True and listed[0]["created_by_id"] == uid


def test_deleted_creator_token_is_refused(server, admin):
    """H1, CHK-12: deleting a tenant admin revokes its tokens in the same transaction."""
    t, a1, a2, uid = second_admin(server, admin, "TD")
    tok, secret = make_token(server, a2, ["users.read", "users.manage"])
    assert can_create_tenant_admin(server, secret) == 201  # works while admin2 exists
    assert a1.delete(server.url + "/api/v1/users/%d" % uid).status_code in (200, 204)
    assert requests.get(server.url + "/api/v1/users", headers=bearer(secret)).status_code == 401
    assert can_create_tenant_admin(server, secret) == 401
    reasons = revoke_reason(server, tok["id"])
    assert len(reasons) == 1 and "creator_deleted" in reasons[0]


def test_creator_suspended_behind_the_api_is_refused(server, admin):
    """H1: even when the account's status changes without the API (or before this rule existed),
    the token is refused at use: resolving checks the creator's status every time."""
    t, a1, a2, uid = second_admin(server, admin, "TQ")
    tok, secret = make_token(server, a2, ["users.read"])
    server.sql("UPDATE users SET status = 'suspended' WHERE id = ?", uid)
    assert requests.get(server.url + "/api/v1/users", headers=bearer(secret)).status_code == 401
    # A creator that no longer exists (its row gone) refuses the token just the same.
    tok2, secret2 = make_token(server, a1, ["users.read"])
    assert requests.get(server.url + "/api/v1/users", headers=bearer(secret2)).status_code == 200
    server.sql("UPDATE api_tokens SET created_by_id = created_by_id + 1000000 WHERE id = ?", tok2["id"])
    assert requests.get(server.url + "/api/v1/users", headers=bearer(secret2)).status_code == 401


def test_token_never_grants_more_than_its_creator_holds_now(server, admin):
    """H1, SLA-19: a token grants the intersection of its permissions and its creator's current
    ones. Tenant roles cannot be changed through the API today, so the role is narrowed in SQL."""
    t, a1, a2, uid = second_admin(server, admin, "TN")
    tok, secret = make_token(server, a2, ["users.read", "users.manage", "audit.read"])
    assert requests.get(server.url + "/api/v1/users", headers=bearer(secret)).status_code == 200
    server.sql("UPDATE users SET roles = 'member' WHERE id = ?", uid)
    for path in ("/api/v1/users", "/api/v1/audit/events"):
        assert requests.get(server.url + path, headers=bearer(secret)).status_code == 403, path
    assert can_create_tenant_admin(server, secret) == 403
    # Given back, the role's permissions count again: the token was narrowed, not revoked.
    server.sql("UPDATE users SET roles = 'tenant_admin' WHERE id = ?", uid)
    assert requests.get(server.url + "/api/v1/users", headers=bearer(secret)).status_code == 200


def operator_token(server, perms):
    login = unique("op")
    server.create_staff(login, roles="admin")
    s = server.login(login)
    tok, secret = make_token(server, s, perms)
    sid = server.sql("SELECT id FROM staff WHERE login = ?", login)[0][0]
    return tok, secret, sid, login


def suspend_staff(server, login, verb="suspend"):
    r = server.cli("admin", verb, "--login", login)
    assert r.returncode == 0, r.stderr


def test_operator_token_follows_its_staff_account(server, admin):
    """H1, WP-7: an operator token is narrowed when its staff account loses a role (admin to
    auditor: tenants.read stays, tenants.manage goes; staff roles have no API, so in SQL), and
    revoked when the account is suspended (`anshin admin suspend`); reinstating does not bring
    it back."""
    tok, secret, sid, login = operator_token(server, ["tenants.read", "tenants.manage"])
    assert requests.get(server.url + "/api/v1/tenants", headers=bearer(secret)).status_code == 200
    server.sql("UPDATE staff SET roles = 'auditor' WHERE id = ?", sid)
    assert requests.get(server.url + "/api/v1/tenants", headers=bearer(secret)).status_code == 200
    r = requests.post(server.url + "/api/v1/tenants", headers=bearer(secret), json={
        "company_code": unique("TX").upper(), "name": "x", "responsible_name": "x",
        "responsible_email": "x@example.jp", "admin_login": "admin1"})
    assert r.status_code == 403, r.text
    server.sql("UPDATE staff SET roles = 'admin' WHERE id = ?", sid)
    suspend_staff(server, login)
    assert requests.get(server.url + "/api/v1/tenants", headers=bearer(secret)).status_code == 401
    reasons = revoke_reason(server, tok["id"])
    assert len(reasons) == 1 and "creator_suspended" in reasons[0]
    suspend_staff(server, login, "reinstate")
    server.login(login)  # the account is back ...
    assert requests.get(server.url + "/api/v1/tenants", headers=bearer(secret)).status_code == 401
    assert tok["created_by_id"] == sid and tok["created_by_kind"] == "staff"  # ... its token not


def test_staff_suspended_behind_the_api_is_refused(server, admin):
    """H1: a staff account whose status changed without the command (in SQL) refuses its tokens
    at use."""
    tok, secret, sid, login = operator_token(server, ["tenants.read"])
    server.sql("UPDATE staff SET status = 'suspended' WHERE id = ?", sid)
    assert requests.get(server.url + "/api/v1/tenants", headers=bearer(secret)).status_code == 401


def shop_staff_session(server, admin):
    code = unique("tks")
    r = admin.post(server.url + "/api/v1/shops", json={
        "code": code, "name": "ショップ " + code, "contact_email": "shop@%s.example.jp" % code})
    assert r.status_code == 201, r.text
    shop = r.json()["shop"]
    login = unique("shopper")
    r = admin.post(server.url + "/api/v1/staff",
                   json={"login": login, "roles": ["shop"], "shop_id": shop["id"]})
    assert r.status_code == 201, r.text
    sid, first = r.json()["staff"]["id"], r.json()["initial_password"]
    s = requests.Session()
    r = s.post(server.url + "/api/v1/auth/login", json={"login": login, "password": first})
    assert r.status_code == 200, r.text
    s.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    r = s.post(server.url + "/api/v1/me/password",
               json={"current_password": first, "new_password": "Shop-Staff-Passw0rd-26!"})
    assert r.status_code == 204, r.text
    return shop, sid, s, login


def test_shop_staff_token_follows_its_account_and_shop(server, admin):
    """H1, TOS-13: a shop token made by the shop's staff is revoked once that staff account is
    suspended (`anshin admin suspend`); any token of a shop that is no longer active (in SQL:
    shop status has no API) is refused."""
    shop, sid, s, login = shop_staff_session(server, admin)
    r = s.post(server.url + "/api/v1/shop/tokens", json={"name": "連携用"})
    assert r.status_code == 201, r.text
    secret, tok = r.json()["secret"], r.json()["token"]
    assert requests.get(server.url + "/api/v1/shop/services", headers=bearer(secret)).status_code == 200
    suspend_staff(server, login)
    assert requests.get(server.url + "/api/v1/shop/services", headers=bearer(secret)).status_code == 401
    assert requests.get(server.url + "/api/v1/contracts", headers=bearer(secret)).status_code == 401
    # An operator-issued token of the same shop is refused while the shop is suspended.
    secret2 = admin.post(server.url + "/api/v1/shops/%d/tokens" % shop["id"],
                         json={"name": "運営発行"}).json()["secret"]
    assert requests.get(server.url + "/api/v1/shop/services", headers=bearer(secret2)).status_code == 200
    server.sql("UPDATE shops SET status = 'suspended' WHERE id = ?", shop["id"])
    assert requests.get(server.url + "/api/v1/shop/services", headers=bearer(secret2)).status_code == 401
    assert tok["created_by_id"] == sid and len(revoke_reason(server, tok["id"])) == 1
