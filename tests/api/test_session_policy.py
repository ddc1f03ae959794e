"""Per-tenant session policy: idle timeout ends a session and shows the login again (CHK-15);
a tenant admin can require a second factor of every user (SLA-22)."""
import requests

from conftest import unique
from tenancy import NEW_PASSWORD, create_tenant, user_login, user_session, first_password
from totp import code


def test_idle_timeout_ends_a_session(server, admin):
    cc = unique("ID").upper()
    t = create_tenant(server, admin, cc, "無操作株式会社")
    s = user_session(server, cc, "admin1", t["initial_password"])
    assert s.get(server.url + "/api/v1/session-policy").json() == {"idle_timeout_minutes": 30, "mfa_required": False,
                                                                  "session_max_minutes": 0}
    assert s.put(server.url + "/api/v1/session-policy", json={"idle_timeout_minutes": 2, "mfa_required": False}).status_code == 400
    r = s.put(server.url + "/api/v1/session-policy", json={"idle_timeout_minutes": 10, "mfa_required": False})
    assert r.status_code == 200
    assert s.get(server.url + "/api/v1/me").json()["session"]["idle_timeout_seconds"] == 600
    # 11 minutes without a request (time travel on the session's last activity).
    server.sql("UPDATE sessions SET last_seen_at = last_seen_at - 660000000 WHERE tenant_id = "
               "(SELECT id FROM tenants WHERE company_code = ?)", cc)
    r = s.get(server.url + "/api/v1/me")
    assert r.status_code == 401 and r.json()["type"] == "/problems/authentication-required"


def test_tenant_can_require_a_second_factor(server, admin):
    cc = unique("MR").upper()
    t = create_tenant(server, admin, cc, "必須株式会社")
    s = user_session(server, cc, "admin1", first_password(server, t))
    u = s.post(server.url + "/api/v1/users", json={"login": "ito", "email": "ito@example.jp"}).json()
    assert s.put(server.url + "/api/v1/session-policy", json={"idle_timeout_minutes": 30, "mfa_required": True}).status_code == 200
    us = user_session(server, cc, "ito", first_password(server, u))
    me = us.get(server.url + "/api/v1/me")
    assert me.status_code == 200 and me.json()["mfa_enrolment_required"] is True
    blocked = us.get(server.url + "/api/v1/audit/events")
    assert blocked.status_code == 403 and blocked.json()["type"] == "/problems/mfa-enrolment-required"
    secret = us.post(server.url + "/api/v1/me/mfa/totp").json()["secret"]
    assert us.post(server.url + "/api/v1/me/mfa/totp/confirm", json={"code": code(secret)}).status_code == 200
    assert us.get(server.url + "/api/v1/me").json()["mfa_enrolment_required"] is False
    r = user_login(server, cc, "ito", NEW_PASSWORD)
    assert r.json()["mfa_required"] is True
