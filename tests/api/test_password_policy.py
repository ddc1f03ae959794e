"""Per-tenant password policy (WP-9, CHK-14, SLA-18, SLA-19): tenant admins set it within the
operator's floors; every rule a new password breaks is listed in Japanese and English; the last
N passwords cannot come back; an expired password forces a change; lockout follows the policy."""
from conftest import unique
from tenancy import NEW_PASSWORD, create_tenant, user_login, user_session

POLICY = {"min_length": 12, "require_upper": True, "require_lower": True, "require_digit": True,
          "require_symbol": True, "history": 2, "max_age_days_user": 60,
          "max_age_days_admin": 30, "max_failures": 3, "lockout_minutes": 15}


def tenant_admin(server, admin):
    t = create_tenant(server, admin, unique("P").upper(), "ポリシー株式会社")
    code = t["tenant"]["company_code"]
    return code, user_session(server, code, "admin1", t["initial_password"])


def test_defaults_and_floors(server, admin):
    code, s = tenant_admin(server, admin)
    p = s.get(server.url + "/api/v1/password-policy").json()
    assert p["min_length"] == 8 and p["max_age_days_user"] == 90 and p["max_age_days_admin"] == 30
    bad = dict(POLICY, min_length=6, max_age_days_user=120, max_failures=0)
    r = s.put(server.url + "/api/v1/password-policy", json=bad)
    assert r.status_code == 400
    assert {e["field"] for e in r.json()["errors"]} == {"min_length", "max_age_days_user", "max_failures"}
    r = s.put(server.url + "/api/v1/password-policy", json=POLICY)
    assert r.status_code == 200 and r.json()["min_length"] == 12
    assert s.get(server.url + "/api/v1/password-policy").json()["require_symbol"] is True
    # Operators hold no tenant role; members cannot change the policy.
    assert admin.get(server.url + "/api/v1/password-policy").status_code == 403


def test_every_broken_rule_is_listed(server, admin):
    code, s = tenant_admin(server, admin)
    assert s.put(server.url + "/api/v1/password-policy", json=POLICY).status_code == 200
    r = s.post(server.url + "/api/v1/me/password",
               json={"current_password": NEW_PASSWORD, "new_password": "admin1" + code.lower()},
               headers={"Accept-Language": "en"})
    assert r.status_code == 422
    rules = {e["rule"] for e in r.json()["errors"]}
    assert {"require_upper", "require_symbol", "similar_to_login", "similar_to_company_code"} <= rules
    r = s.post(server.url + "/api/v1/me/password",
               json={"current_password": NEW_PASSWORD, "new_password": "iloveyou"})
    assert r.status_code == 422
    assert "common_password" in {e["rule"] for e in r.json()["errors"]}
    assert any("よく使われている" in e["detail"] for e in r.json()["errors"])


def test_history_refuses_the_last_n(server, admin):
    code, s = tenant_admin(server, admin)
    assert s.put(server.url + "/api/v1/password-policy", json=POLICY).status_code == 200
    first, second, third = "Kumo-Sora-2026#a", "Kumo-Sora-2026#b", "Kumo-Sora-2026#c"
    current = NEW_PASSWORD
    for nxt in (first, second):
        r = s.post(server.url + "/api/v1/me/password", json={"current_password": current, "new_password": nxt})
        assert r.status_code == 204, r.text
        current = nxt
    for old in (second, first, NEW_PASSWORD):  # current, and the last 2 before it
        r = s.post(server.url + "/api/v1/me/password", json={"current_password": current, "new_password": old})
        assert r.status_code == 422 and "history" in {e["rule"] for e in r.json()["errors"]}, old
    r = s.post(server.url + "/api/v1/me/password", json={"current_password": current, "new_password": third})
    assert r.status_code == 204


def test_expired_password_forces_a_change(server, admin):
    code, s = tenant_admin(server, admin)
    server.sql("UPDATE users SET password_changed_at = 1 WHERE tenant_id = "
               "(SELECT id FROM tenants WHERE company_code = ?)", code)
    r = user_login(server, code, "admin1", NEW_PASSWORD)
    assert r.status_code == 200 and r.json()["password_change_required"] is True
    cookies = r.cookies
    import requests
    x = requests.get(server.url + "/api/v1/users", cookies=cookies)
    assert x.status_code == 403 and x.json()["type"] == "/problems/password-change-required"


def test_lockout_follows_the_policy(server, admin):
    code, s = tenant_admin(server, admin)
    assert s.put(server.url + "/api/v1/password-policy", json=POLICY).status_code == 200
    for i in range(3):
        assert user_login(server, code, "admin1", "Wrong-Passw0rd-%d!" % i).status_code == 401
    assert user_login(server, code, "admin1", NEW_PASSWORD).status_code == 401  # locked after 3
