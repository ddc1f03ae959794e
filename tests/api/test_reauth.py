"""Recent authentication before credential changes (M5, SLA-22, WP-12): changing or removing the
second factor and changing the password need the password, and the current code when there is a
second factor, verified within [password] reauth_max_age_minutes; a fresh login counts, as in
Keycloak's maximum authentication age. Re-authentication is POST /api/v1/me/reauth."""
import requests

from conftest import ADMIN_PASSWORD, unique
from tenancy import NEW_PASSWORD, create_tenant, user_session
from totp import code as totp_code

REAUTH = "/problems/reauthentication-required"


def age(srv, cc, login="admin1"):
    """Time travel: the session's last authentication moves an hour into the past."""
    srv.sql("UPDATE sessions SET auth_at = auth_at - 3600000000 WHERE subject_kind = 'user' AND "
            "subject_id = (SELECT u.id FROM users u JOIN tenants t ON t.id = u.tenant_id "
            "WHERE t.company_code = ? AND u.login = ?)", cc, login)


def tenant_user(server, admin, prefix):
    cc = unique(prefix).upper()
    t = create_tenant(server, admin, cc, "再認証株式会社")
    return cc, user_session(server, cc, "admin1", t["initial_password"])


def test_an_old_session_cannot_touch_the_second_factor(server, admin):
    """M5: a stolen session an hour after login can neither remove nor replace the second factor
    nor change the password; after /me/reauth with password and code it can."""
    cc, s = tenant_user(server, admin, "RA")
    # Right after login the session is recent: enrolment works without asking again.
    secret = s.post(server.url + "/api/v1/me/mfa/totp").json()["secret"]
    assert s.post(server.url + "/api/v1/me/mfa/totp/confirm", json={"code": totp_code(secret)}).status_code == 200
    age(server, cc)
    for method, path, body in (("DELETE", "/api/v1/me/mfa/totp", None),
                               ("POST", "/api/v1/me/mfa/totp", None),
                               ("POST", "/api/v1/me/mfa/email", None),
                               ("DELETE", "/api/v1/me/mfa/email", None),
                               ("POST", "/api/v1/me/password",
                                {"current_password": NEW_PASSWORD,
                                 "new_password": "Changed-Passw0rd-26!"})):
        r = s.request(method, server.url + path, json=body)
        assert r.status_code == 403 and r.json()["type"] == REAUTH, (path, r.text)
    assert s.get(server.url + "/api/v1/me/mfa").json()["totp"] is True
    # The password alone is not enough when there is a second factor; a wrong one fails.
    r = s.post(server.url + "/api/v1/me/reauth", json={"password": NEW_PASSWORD})
    assert r.status_code == 400 and r.json()["type"] == "/problems/reauthentication-failed"
    r = s.post(server.url + "/api/v1/me/reauth", json={"password": "Wrong-pass-1!",
                                                        "code": totp_code(secret, step_offset=1)})
    assert r.status_code == 400 and r.json()["type"] == "/problems/reauthentication-failed"
    r = s.post(server.url + "/api/v1/me/reauth", json={"password": NEW_PASSWORD,
                                                        "code": totp_code(secret, step_offset=1)})
    assert r.status_code == 204, r.text
    assert s.delete(server.url + "/api/v1/me/mfa/totp").status_code == 204
    events = server.sql("SELECT outcome FROM audit_events WHERE action = 'auth.reauth' AND "
                        "tenant_id = (SELECT id FROM tenants WHERE company_code = ?)", cc)
    assert sorted(e[0] for e in events) == ["failure", "failure", "success"]


def test_password_change_without_second_factor(server, admin):
    """M5: with no second factor, the current password in the request is the re-authentication;
    setting one up from an old session needs /me/reauth with the password."""
    cc, s = tenant_user(server, admin, "RP")
    age(server, cc)
    r = s.post(server.url + "/api/v1/me/mfa/totp")
    assert r.status_code == 403 and r.json()["type"] == REAUTH
    r = s.post(server.url + "/api/v1/me/password",
               json={"current_password": NEW_PASSWORD, "new_password": "Changed-Passw0rd-26!"})
    assert r.status_code == 204, r.text
    age(server, cc)
    assert s.post(server.url + "/api/v1/me/reauth", json={"password": "Changed-Passw0rd-26!"}).status_code == 204
    assert s.post(server.url + "/api/v1/me/mfa/totp").status_code == 201


def test_staff_need_recent_authentication_too(make_server):
    """M5: operator staff as well."""
    srv = make_server()
    srv.create_staff("admin")
    srv.start()
    s = srv.login("admin")
    srv.sql("UPDATE sessions SET auth_at = auth_at - 3600000000")
    r = s.post(srv.url + "/api/v1/me/mfa/totp")
    assert r.status_code == 403 and r.json()["type"] == REAUTH
    assert s.post(srv.url + "/api/v1/me/reauth", json={"password": ADMIN_PASSWORD}).status_code == 204
    assert s.post(srv.url + "/api/v1/me/mfa/totp").status_code == 201
