"""Suspension, force-reset and sessions: suspending a user or a tenant ends its sessions and
stops logins (CHK-12, WP-6, TOS-6); a forced reset makes the user set a new password (SLA-18);
users see and end their own sessions (CHK-15)."""
import requests

from conftest import unique
from tenancy import NEW_PASSWORD, create_tenant, user_login, user_session, first_password


def setup_tenant(server, admin):
    t = create_tenant(server, admin, unique("S").upper(), "停止テスト株式会社")
    code = t["tenant"]["company_code"]
    ta = user_session(server, code, "admin1", t["initial_password"])
    u = ta.post(server.url + "/api/v1/users", json={"login": "sato", "email": "sato@example.jp"}).json()
    us = user_session(server, code, "sato", first_password(server, u))
    return t, code, ta, u["user"]["id"], us


def test_suspending_a_user_ends_sessions_and_logins(server, admin):
    t, code, ta, uid, us = setup_tenant(server, admin)
    assert us.get(server.url + "/api/v1/me").status_code == 200
    r = ta.post(server.url + "/api/v1/users/%d/suspend" % uid)
    assert r.status_code == 200 and r.json()["user"]["status"] == "suspended"
    assert us.get(server.url + "/api/v1/me").status_code == 401
    assert user_login(server, code, "sato", NEW_PASSWORD).status_code == 401
    me_id = ta.get(server.url + "/api/v1/me").json()["id"]
    assert ta.post(server.url + "/api/v1/users/%d/suspend" % me_id).status_code == 409
    r = ta.post(server.url + "/api/v1/users/%d/reinstate" % uid)
    assert r.status_code == 200 and r.json()["user"]["status"] == "active"
    assert user_login(server, code, "sato", NEW_PASSWORD).status_code == 200


def test_force_reset_requires_a_new_password(server, admin):
    t, code, ta, uid, us = setup_tenant(server, admin)
    r = ta.post(server.url + "/api/v1/users/%d/password-reset" % uid)
    assert r.status_code == 200
    pw = r.json()["initial_password"]
    assert us.get(server.url + "/api/v1/me").status_code == 401  # sessions ended
    assert user_login(server, code, "sato", NEW_PASSWORD).status_code == 401
    r = user_login(server, code, "sato", pw)
    assert r.status_code == 200 and r.json()["password_change_required"] is True


def test_suspended_tenant_users_cannot_log_in_and_see_why(server, admin):
    t, code, ta, uid, us = setup_tenant(server, admin)
    tid = t["tenant"]["id"]
    assert admin.post(server.url + "/api/v1/tenants/%d/suspend" % tid, json={}).status_code == 400
    r = admin.post(server.url + "/api/v1/tenants/%d/suspend" % tid, json={"reason": "利用料金の未払い"})
    assert r.status_code == 200 and r.json()["tenant"]["status"] == "suspended"
    assert ta.get(server.url + "/api/v1/me").status_code == 401
    r = user_login(server, code, "sato", NEW_PASSWORD)
    assert r.status_code == 403 and r.json()["type"] == "/problems/tenant-suspended"
    assert "利用料金の未払い" in r.json()["detail"]
    # A wrong password still gets the generic answer: the reason is only for the account holder.
    r = user_login(server, code, "sato", "Wrong-Passw0rd!")
    assert r.status_code == 401 and "未払い" not in r.text
    assert admin.post(server.url + "/api/v1/tenants/%d/reinstate" % tid, json={}).status_code == 200
    assert user_login(server, code, "sato", NEW_PASSWORD).status_code == 200
    assert admin.post(server.url + "/api/v1/tenants/999999/suspend", json={"reason": "x"}).status_code == 404


def test_users_see_and_end_their_own_sessions(server, admin):
    t, code, ta, uid, us = setup_tenant(server, admin)
    other = requests.Session()
    r = user_login(server, code, "sato", NEW_PASSWORD)
    other.cookies.update(r.cookies)
    items = us.get(server.url + "/api/v1/me/sessions").json()["items"]
    assert len(items) == 2 and sum(1 for s in items if s["current"]) == 1
    victim = [s for s in items if not s["current"]][0]["id"]
    # Another person's session cannot be ended (or even seen) by id.
    assert ta.delete(server.url + "/api/v1/me/sessions/%d" % victim).status_code == 404
    assert us.delete(server.url + "/api/v1/me/sessions/%d" % victim).status_code == 204
    assert other.get(server.url + "/api/v1/me").status_code == 401
    assert len(us.get(server.url + "/api/v1/me/sessions").json()["items"]) == 1


def test_tenant_admin_deletes_a_user(server, admin):
    """CHK-12, WP-6: deleting ends the sessions and the account; its audit events stay."""
    t, code, ta, uid, us = setup_tenant(server, admin)
    me_id = ta.get(server.url + "/api/v1/me").json()["id"]
    assert ta.delete(server.url + "/api/v1/users/%d" % me_id).status_code == 409
    assert ta.delete(server.url + "/api/v1/users/%d" % uid).status_code == 204
    assert us.get(server.url + "/api/v1/me").status_code == 401
    assert user_login(server, code, "sato", NEW_PASSWORD).status_code == 401
    assert ta.get(server.url + "/api/v1/users/%d" % uid).status_code == 404
    assert ta.delete(server.url + "/api/v1/users/%d" % uid).status_code == 404
    events = ta.get(server.url + "/api/v1/audit/events", params={"user": "sato"}).json()["items"]
    assert events  # the deleted user's own events are kept
    # The user ID can be registered again.
    assert ta.post(server.url + "/api/v1/users", json={"login": "sato", "email": "sato2@example.jp"}).status_code == 201


def test_me_says_why_a_password_change_is_due(server, admin):
    """SLA-18: the first login's change and a change after an admin's reset are told apart."""
    code = unique("PR").upper()
    t = create_tenant(server, admin, code, "理由株式会社")
    r = user_login(server, code, "admin1", t["initial_password"])
    assert r.json()["me"]["password_change_reason"] == "initial"
    ta = user_session(server, code, "admin1", t["initial_password"])
    assert ta.get(server.url + "/api/v1/me").json()["password_change_reason"] is None
    u = ta.post(server.url + "/api/v1/users", json={"login": "sato", "email": "sato@example.jp"}).json()
    sato = user_session(server, code, "sato", first_password(server, u))
    assert sato.get(server.url + "/api/v1/me").status_code == 200
    pw = ta.post(server.url + "/api/v1/users/%d/password-reset" % u["user"]["id"]).json()
    r = user_login(server, code, "sato", pw["initial_password"])
    assert r.status_code == 200, r.text
    assert r.json()["me"]["password_change_reason"] == "renewal"
