"""API tokens carrying a custom role's permissions (CHK-13, WP-8): a tenant user names one of the
tenant's roles instead of listing permissions; the token gets the role's permissions the creator
holds, never more than the creator's own."""
import requests

from test_custom_roles import tenant_with_member


def test_a_token_carries_a_roles_permissions_narrowed_to_the_creators(server, admin):
    """CHK-13: a member holding tokens.manage and audit.read makes a token from a wider role: it
    gets audit.read only; unknown roles and roles with nothing of the creator's are refused."""
    _, _, a, u, m = tenant_with_member(server, admin, "TR")
    for name, perms in (("発行担当", ["tokens.manage", "audit.read"]),
                        ("広い権限", ["audit.read", "users.read", "users.manage"]),
                        ("利用者管理", ["users.manage"])):
        r = a.post(server.url + "/api/v1/roles", json={"name": name, "permissions": perms})
        assert r.status_code == 201, r.text
    r = a.put(server.url + "/api/v1/users/%d/roles" % u["id"],
              json={"roles": ["member"], "custom_roles": ["発行担当"]})
    assert r.status_code == 200, r.text

    r = m.post(server.url + "/api/v1/api-tokens", json={"name": "監査連携", "role": "広い権限"})
    assert r.status_code == 201, r.text
    assert r.json()["token"]["permissions"] == ["audit.read"], r.text
    bearer = {"Authorization": "Bearer " + r.json()["secret"]}
    assert requests.get(server.url + "/api/v1/audit/events", headers=bearer).status_code == 200
    assert requests.get(server.url + "/api/v1/users", headers=bearer).status_code == 403

    # The admin's token from the same role carries all of it: the admin holds all three.
    r = a.post(server.url + "/api/v1/api-tokens", json={"name": "管理連携", "role": "広い権限"})
    assert r.status_code == 201, r.text
    assert sorted(r.json()["token"]["permissions"]) == ["audit.read", "users.manage", "users.read"]

    for body in ({"name": "x", "role": "利用者管理"},  # nothing of the creator's
                 {"name": "x", "role": "存在しない"}):
        r = m.post(server.url + "/api/v1/api-tokens", json=body)
        assert r.status_code == 400 and r.json()["errors"][0]["pointer"] == "/role", r.text
    r = m.post(server.url + "/api/v1/api-tokens",
               json={"name": "x", "role": "広い権限", "permissions": ["audit.read"]})
    assert r.status_code == 400, r.text
    r = m.post(server.url + "/api/v1/api-tokens", json={"name": "x"})
    assert r.status_code == 400, r.text

    # The token works only while its creator holds the role: revoked, the token reads no more.
    r = a.put(server.url + "/api/v1/users/%d/roles" % u["id"], json={"roles": ["member"], "custom_roles": []})
    assert r.status_code == 200, r.text
    assert requests.get(server.url + "/api/v1/audit/events", headers=bearer).status_code == 403
