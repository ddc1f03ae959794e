"""Custom roles (CHK-13, WP-7, WP-8): a tenant admin creates, renames and deletes named sets of
permissions, assigns and revokes them; a user gets exactly their permissions and loses one at
the next request after a revocation; privileged grants are their own audit event; a tenant
always keeps an admin."""
from conftest import unique
from tenancy import create_tenant, user_session, first_password


def tenant_with_member(server, admin, prefix):
    cc = unique(prefix).upper()
    t = create_tenant(server, admin, cc, "役割株式会社")
    a = user_session(server, cc, "admin1", first_password(server, t))
    u = a.post(server.url + "/api/v1/users", json={"login": "sato", "email": "sato@example.jp"}).json()
    m = user_session(server, cc, "sato", first_password(server, u))
    return cc, t, a, u["user"], m


def actions(server, cc, user_id):
    return [r[0] for r in server.sql(
        "SELECT action FROM audit_events WHERE tenant_id = (SELECT id FROM tenants WHERE company_code = ?) "
        "AND target = ? ORDER BY at", cc, "user:%d" % user_id)]


# What every member holds by the built-in role alone: contacting the support desk (TOS-24).
MEMBER = ["tickets.use"]


def test_a_custom_role_grants_exactly_its_permissions_until_revoked(server, admin):
    """CHK-13, WP-8: the member holds nothing, then the role's permission, then nothing again at
    the very next request after the revocation."""
    cc, _, a, u, m = tenant_with_member(server, admin, "CR")
    r = a.post(server.url + "/api/v1/roles", json={"name": "監査担当", "permissions": ["audit.read"]})
    assert r.status_code == 201, r.text
    role = r.json()
    assert role["permissions"] == ["audit.read"] and role["holders"] == 0
    assert m.get(server.url + "/api/v1/audit/events").status_code == 403
    r = a.put(server.url + "/api/v1/users/%d/roles" % u["id"], json={"roles": ["member"], "custom_roles": ["監査担当"]})
    assert r.status_code == 200, r.text
    assert r.json()["custom_roles"] == [{"id": role["id"], "name": "監査担当"}]
    assert r.json()["permissions"] == ["audit.read"] + MEMBER
    assert m.get(server.url + "/api/v1/audit/events").status_code == 200
    assert m.get(server.url + "/api/v1/me").json()["permissions"] == ["audit.read"] + MEMBER
    assert m.get(server.url + "/api/v1/users").status_code == 403  # nothing more than the role
    ledger = {x["login"]: x["permissions"] for x in a.get(server.url + "/api/v1/account-ledger").json()["users"]}
    assert ledger["sato"] == ["audit.read"] + MEMBER
    r = a.put(server.url + "/api/v1/users/%d/roles" % u["id"], json={"roles": ["member"], "custom_roles": []})
    assert r.status_code == 200 and r.json()["permissions"] == MEMBER
    assert m.get(server.url + "/api/v1/audit/events").status_code == 403
    assert actions(server, cc, u["id"])[-2:] == ["user.role_grant", "user.role_revoke"]


def test_changing_or_deleting_a_role_changes_its_holders_rights(server, admin):
    """CHK-13: renaming keeps the grant; removing a permission or deleting the role takes it away."""
    _, _, a, u, m = tenant_with_member(server, admin, "CH")
    role = a.post(server.url + "/api/v1/roles", json={"name": "閲覧", "permissions": ["audit.read", "users.read"]}).json()
    a.put(server.url + "/api/v1/users/%d/roles" % u["id"], json={"roles": ["member"], "custom_roles": ["閲覧"]})
    assert m.get(server.url + "/api/v1/users").status_code == 200
    r = a.put(server.url + "/api/v1/roles/%d" % role["id"], json={"name": "閲覧（監査のみ）", "permissions": ["audit.read"]})
    assert r.status_code == 200 and r.json()["holders"] == 1
    assert m.get(server.url + "/api/v1/users").status_code == 403
    assert m.get(server.url + "/api/v1/audit/events").status_code == 200
    listed = a.get(server.url + "/api/v1/roles").json()
    assert [x["name"] for x in listed["items"]] == ["閲覧（監査のみ）"]
    assert {c["key"]: c["privileged"] for c in listed["catalogue"]}["users.manage"] is True
    assert a.delete(server.url + "/api/v1/roles/%d" % role["id"]).status_code == 204
    assert m.get(server.url + "/api/v1/audit/events").status_code == 403
    assert a.delete(server.url + "/api/v1/roles/%d" % role["id"]).status_code == 404


def test_privileged_grant_is_its_own_audit_event(server, admin):
    """CHK-13: granting a privileged permission (downloads) is audited as user.privileged_grant;
    an ordinary one is not."""
    cc, _, a, u, _ = tenant_with_member(server, admin, "PG")
    a.post(server.url + "/api/v1/roles", json={"name": "閲覧", "permissions": ["audit.read"]})
    a.post(server.url + "/api/v1/roles", json={"name": "出力", "permissions": ["data.download"]})
    a.put(server.url + "/api/v1/users/%d/roles" % u["id"], json={"roles": ["member"], "custom_roles": ["閲覧"]})
    assert "user.privileged_grant" not in actions(server, cc, u["id"])
    a.put(server.url + "/api/v1/users/%d/roles" % u["id"], json={"roles": ["member"], "custom_roles": ["閲覧", "出力"]})
    assert actions(server, cc, u["id"]).count("user.privileged_grant") == 1
    a.put(server.url + "/api/v1/users/%d/roles" % u["id"], json={"roles": ["member", "tenant_admin"], "custom_roles": []})
    assert actions(server, cc, u["id"]).count("user.privileged_grant") == 2


def test_a_tenant_keeps_at_least_one_admin(server, admin):
    """CHK-13: the last admin cannot lose the role; once another user is admin, it can."""
    _, t, a, u, _ = tenant_with_member(server, admin, "LA")
    me = t["admin"]["id"]
    r = a.put(server.url + "/api/v1/users/%d/roles" % me, json={"roles": ["member"]})
    assert r.status_code == 409 and r.json()["type"] == "/problems/last-admin"
    assert a.put(server.url + "/api/v1/users/%d/roles" % u["id"], json={"roles": ["tenant_admin"]}).status_code == 200
    assert a.put(server.url + "/api/v1/users/%d/roles" % me, json={"roles": ["member"]}).status_code == 200
    assert a.get(server.url + "/api/v1/users").status_code == 403  # the next request already


def test_role_input_is_checked(server, admin):
    """WP-7: names are unique per tenant, permissions come from the tenant catalogue only, roles
    of another tenant cannot be assigned."""
    _, _, a, u, _ = tenant_with_member(server, admin, "RV")
    assert a.post(server.url + "/api/v1/roles", json={"name": "重複", "permissions": []}).status_code == 201
    r = a.post(server.url + "/api/v1/roles", json={"name": "重複", "permissions": []})
    assert r.status_code == 409 and r.json()["type"] == "/problems/role-name-taken"
    for perms in (["no.such"], ["tenants.manage"]):
        r = a.post(server.url + "/api/v1/roles", json={"name": "不正", "permissions": perms})
        assert r.status_code == 400 and r.json()["errors"][0]["field"] == "permissions", r.text
    _, _, b, _, _ = tenant_with_member(server, admin, "RW")
    other = b.post(server.url + "/api/v1/roles", json={"name": "他社ロール", "permissions": ["audit.read"]}).json()
    r = a.put(server.url + "/api/v1/users/%d/roles" % u["id"], json={"roles": ["member"], "custom_roles": ["他社ロール"]})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "custom_roles"
    assert a.put(server.url + "/api/v1/roles/%d" % other["id"], json={"name": "x", "permissions": []}).status_code == 404
    assert a.delete(server.url + "/api/v1/roles/%d" % other["id"]).status_code == 404
    r = a.put(server.url + "/api/v1/users/%d/roles" % u["id"], json={"roles": ["admin"]})
    assert r.status_code == 400
