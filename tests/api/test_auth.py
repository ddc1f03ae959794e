"""Operator staff login, sessions, CSRF, one-time passwords and permissions."""
import requests

from conftest import ADMIN_PASSWORD, unique


def login_raw(server, login, password, **kw):
    return requests.post(server.url + "/api/v1/auth/login",
                         json={"login": login, "password": password}, **kw)


def test_login_sets_a_safe_cookie_and_me_works(server):
    r = login_raw(server, "admin", ADMIN_PASSWORD)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["me"]["login"] == "admin" and body["me"]["roles"] == ["admin"]
    assert body["password_change_required"] is False
    cookie = r.headers["Set-Cookie"]
    assert cookie.startswith("anshin_session=")
    for attr in ("HttpOnly", "SameSite=Strict", "Path=/"):
        assert attr in cookie
    assert "Secure" not in cookie  # plain HTTP here; the TLS test checks Secure and __Host-
    token = r.cookies["anshin_session"]
    assert token not in r.text  # the token is only in the cookie
    me = requests.get(server.url + "/api/v1/me", cookies={"anshin_session": token})
    assert me.status_code == 200 and me.json()["login"] == "admin"
    assert me.json()["tenant"] is None


def test_bad_credentials_are_generic(server):
    wrong_pw = login_raw(server, "admin", "not-the-password", headers={"Accept-Language": "ja"})
    no_user = login_raw(server, "nobody-" + unique(), "whatever1", headers={"Accept-Language": "ja"})
    for r in (wrong_pw, no_user):
        assert r.status_code == 401
        p = r.json()
        assert p["type"] == "/problems/bad-credentials"
        assert p["detail"] == "ログインIDまたはパスワードが正しくありません。"
    strip = lambda p: {k: v for k, v in p.items() if k != "request_id"}
    assert strip(wrong_pw.json()) == strip(no_user.json())


def test_me_requires_a_session(server):
    r = requests.get(server.url + "/api/v1/me")
    assert r.status_code == 401 and r.json()["type"] == "/problems/authentication-required"
    r = requests.get(server.url + "/api/v1/me", cookies={"anshin_session": "x" * 43})
    assert r.status_code == 401


def test_each_login_gets_a_new_token(server):
    a = login_raw(server, "admin", ADMIN_PASSWORD).cookies["anshin_session"]
    b = login_raw(server, "admin", ADMIN_PASSWORD).cookies["anshin_session"]
    assert a != b


def test_login_with_an_existing_session_replaces_it(server):
    s = server.login("admin")
    old = s.cookies["anshin_session"]
    r = s.post(server.url + "/api/v1/auth/login", json={"login": "admin", "password": ADMIN_PASSWORD})
    assert r.status_code == 200
    assert s.cookies["anshin_session"] != old
    r = requests.get(server.url + "/api/v1/me", cookies={"anshin_session": old})
    assert r.status_code == 401


def test_logout_ends_the_session_on_the_server(server):
    s = server.login("admin")
    token = s.cookies["anshin_session"]
    r = s.post(server.url + "/api/v1/auth/logout")
    assert r.status_code == 204
    r = requests.get(server.url + "/api/v1/me", cookies={"anshin_session": token})
    assert r.status_code == 401


def test_cookie_writes_need_the_csrf_token(server):
    s = server.login("admin")
    token = s.headers.pop("X-CSRF-Token")
    r = s.post(server.url + "/api/v1/auth/logout")
    assert r.status_code == 403 and r.json()["type"] == "/problems/csrf-check-failed"
    r = s.post(server.url + "/api/v1/auth/logout", headers={"X-CSRF-Token": "wrong" * 8})
    assert r.status_code == 403
    r = s.post(server.url + "/api/v1/auth/logout",
               headers={"X-CSRF-Token": token, "Origin": "https://evil.example"})
    assert r.status_code == 403
    assert s.get(server.url + "/api/v1/me").status_code == 200  # still logged in
    r = s.post(server.url + "/api/v1/auth/logout",
               headers={"X-CSRF-Token": token, "Origin": server.url})
    assert r.status_code == 204


def test_one_time_password_must_be_changed_first(server):
    login = unique("ops")
    out = server.create_staff(login, password=None)
    pw = [l.split(": ", 1)[1] for l in out.splitlines() if l.startswith("password: ")][0]
    r = login_raw(server, login, pw)
    assert r.status_code == 200 and r.json()["password_change_required"] is True
    s = requests.Session()
    s.cookies.update(r.cookies)
    s.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    assert s.get(server.url + "/api/v1/me").json()["password_change_required"] is True
    r = s.get(server.url + "/api/v1/staff")
    assert r.status_code == 403 and r.json()["type"] == "/problems/password-change-required"
    # Every broken rule is listed, in the language asked for.
    r = s.post(server.url + "/api/v1/me/password",
               json={"current_password": pw, "new_password": login + "a"},
               headers={"Accept-Language": "en"})
    assert r.status_code == 422
    rules = {e["rule"] for e in r.json()["errors"]}
    assert rules == {"character_classes", "similar_to_login"}
    r = s.post(server.url + "/api/v1/me/password",
               json={"current_password": "wrong-password", "new_password": "Good-Passw0rd-2026"})
    assert r.status_code == 400 and r.json()["type"] == "/problems/wrong-current-password"
    r = s.post(server.url + "/api/v1/me/password",
               json={"current_password": pw, "new_password": "Good-Passw0rd-2026"})
    assert r.status_code == 204, r.text
    assert s.get(server.url + "/api/v1/staff").status_code == 200
    assert login_raw(server, login, pw).status_code == 401
    assert login_raw(server, login, "Good-Passw0rd-2026").status_code == 200


def test_password_policy_lists_every_rule_in_japanese(server):
    login = unique("pol")
    server.create_staff(login)
    s = server.login(login)
    r = s.post(server.url + "/api/v1/me/password",
               json={"current_password": ADMIN_PASSWORD, "new_password": "short"})
    assert r.status_code == 422
    errs = r.json()["errors"]
    assert {e["rule"] for e in errs} == {"min_length", "character_classes"}
    assert any("10文字以上" in e["detail"] for e in errs)


def test_roles_limit_what_staff_can_do(server, admin):
    auditor = unique("aud")
    server.create_staff(auditor, roles="auditor")
    a = server.login(auditor)
    assert a.get(server.url + "/api/v1/staff").status_code == 200
    r = a.post(server.url + "/api/v1/staff", json={"login": unique("x"), "roles": ["admin"]})
    assert r.status_code == 403 and r.json()["type"] == "/problems/forbidden"
    support = unique("sup")
    server.create_staff(support, roles="support")
    assert server.login(support).get(server.url + "/api/v1/staff").status_code == 403


def test_admin_creates_staff_with_a_one_time_password(server, admin):
    login = unique("new")
    r = admin.post(server.url + "/api/v1/staff",
                   json={"login": login, "display_name": "新しい担当者", "roles": ["support"]})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["staff"]["login"] == login and body["staff"]["roles"] == ["support"]
    assert body["staff"]["display_name"] == "新しい担当者"
    assert body["staff"]["password_change_required"] is True
    assert len(body["initial_password"]) == 20
    again = admin.post(server.url + "/api/v1/staff", json={"login": login, "roles": ["support"]})
    assert again.status_code == 409
    got = admin.get(server.url + "/api/v1/staff/%d" % body["staff"]["id"])
    assert got.status_code == 200 and got.json()["staff"]["login"] == login
    assert admin.get(server.url + "/api/v1/staff/999999").status_code == 404
    assert admin.get(server.url + "/api/v1/staff/abc").status_code == 404
    r = admin.post(server.url + "/api/v1/staff", json={"login": "a b", "roles": ["root"]})
    assert r.status_code == 400


def test_login_attempts_are_audited(server):
    login_raw(server, "admin", "wrong-password-x")
    login_raw(server, "admin", ADMIN_PASSWORD)
    rows = server.sql("SELECT action, outcome, actor_label FROM audit_events "
                      "WHERE action = 'auth.login' ORDER BY seq DESC LIMIT 2")
    assert [tuple(r) for r in rows] == [("auth.login", "success", "admin"),
                                       ("auth.login", "failure", "admin")]
