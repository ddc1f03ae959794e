"""API tokens for machine clients (issue: identity item 11): created by admins, shown once,
stored hashed, scoped to permissions, revocable, last use recorded; tenant-scoped like people."""
import requests

from conftest import unique
from tenancy import create_tenant, user_session


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
