"""Second factor (SLA-22, WP-12): TOTP enrolment with a QR code and confirmation, login with a
single-use code (one step of drift either side), recovery codes, and a pending session that can
do nothing but finish the login."""
import requests

from conftest import ADMIN_PASSWORD, unique
from tenancy import NEW_PASSWORD, create_tenant, user_login, user_session, first_password
from totp import code


def enrol(server, s):
    r = s.post(server.url + "/api/v1/me/mfa/totp")
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["qr_svg"].startswith("data:image/svg+xml;base64,")
    assert body["otpauth_uri"].startswith("otpauth://totp/anshin")
    secret = body["secret"]
    bad = s.post(server.url + "/api/v1/me/mfa/totp/confirm", json={"code": "000000" if code(secret) != "000000" else "111111"})
    assert bad.status_code == 401
    r = s.post(server.url + "/api/v1/me/mfa/totp/confirm", json={"code": code(secret)})
    assert r.status_code == 200, r.text
    recovery = r.json()["recovery_codes"]
    assert len(recovery) == 10 and len(set(recovery)) == 10
    return secret, recovery


def test_rfc6238_reference_vectors():
    # The test's own TOTP agrees with RFC 6238 Appendix B (SHA-1, last 6 digits).
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # "12345678901234567890"
    assert code(secret, at=59) == "287082"
    assert code(secret, at=1111111109) == "081804"
    assert code(secret, at=1234567890) == "005924"
    assert code(secret, at=2000000000) == "279037"


def test_tenant_user_logs_in_with_totp(server, admin):
    t = create_tenant(server, admin, unique("M").upper(), "二要素株式会社")
    cc = t["tenant"]["company_code"]
    s = user_session(server, cc, "admin1", t["initial_password"])
    secret, recovery = enrol(server, s)
    assert s.get(server.url + "/api/v1/me/mfa").json() == {"totp": True, "email": False, "recovery_codes_left": 10}
    r = user_login(server, cc, "admin1", NEW_PASSWORD)
    assert r.status_code == 200 and r.json()["mfa_required"] is True
    p = requests.Session()
    p.cookies.update(r.cookies)
    p.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    # The pending session can do nothing but finish the login.
    blocked = p.get(server.url + "/api/v1/me")
    assert blocked.status_code == 401 and blocked.json()["type"] == "/problems/mfa-required"
    assert p.get(server.url + "/api/v1/users").status_code == 401
    wrong = p.post(server.url + "/api/v1/auth/mfa", json={"code": "12345"})
    assert wrong.status_code == 401 and wrong.json()["type"] == "/problems/mfa-failed"
    pending_cookie = p.cookies["anshin_session"]
    # The step before the one the enrolment used is refused (codes only move forward) ...
    old = p.post(server.url + "/api/v1/auth/mfa", json={"code": code(secret, step_offset=-1)})
    assert old.status_code == 401
    # ... and one step of clock drift ahead is accepted.
    r = p.post(server.url + "/api/v1/auth/mfa", json={"code": code(secret, step_offset=1)})
    assert r.status_code == 200, r.text
    assert p.cookies["anshin_session"] != pending_cookie  # a new token for the full session
    p.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    assert p.get(server.url + "/api/v1/me").status_code == 200
    assert requests.get(server.url + "/api/v1/me", cookies={"anshin_session": pending_cookie}).status_code == 401


def test_a_code_is_single_use_even_within_its_window(server, admin):
    t = create_tenant(server, admin, unique("R").upper(), "再利用株式会社")
    cc = t["tenant"]["company_code"]
    s = user_session(server, cc, "admin1", t["initial_password"])
    secret, _ = enrol(server, s)
    now = code(secret, step_offset=1)  # a step after the one the enrolment used
    first = user_login(server, cc, "admin1", NEW_PASSWORD)
    ok = requests.post(server.url + "/api/v1/auth/mfa", json={"code": now}, cookies=first.cookies,
                       headers={"X-CSRF-Token": first.json()["csrf_token"]})
    assert ok.status_code == 200, ok.text
    second = user_login(server, cc, "admin1", NEW_PASSWORD)
    replay = requests.post(server.url + "/api/v1/auth/mfa", json={"code": now}, cookies=second.cookies,
                           headers={"X-CSRF-Token": second.json()["csrf_token"]})
    assert replay.status_code == 401 and replay.json()["type"] == "/problems/mfa-failed"


def test_recovery_codes_work_once(server, admin):
    login = unique("mfa")
    server.create_staff(login)
    s = server.login(login)
    secret, recovery = enrol(server, s)
    for attempt, expected in ((recovery[0], 200), (recovery[0], 401), (recovery[1].lower().replace("-", ""), 200)):
        r = requests.post(server.url + "/api/v1/auth/login", json={"login": login, "password": ADMIN_PASSWORD})
        assert r.json()["mfa_required"] is True
        v = requests.post(server.url + "/api/v1/auth/mfa", json={"recovery_code": attempt},
                          cookies=r.cookies, headers={"X-CSRF-Token": r.json()["csrf_token"]})
        assert v.status_code == expected, (attempt, v.text)
    r = requests.post(server.url + "/api/v1/auth/login", json={"login": login, "password": ADMIN_PASSWORD})
    v = requests.post(server.url + "/api/v1/auth/mfa", json={"code": code(secret, step_offset=1)},
                      cookies=r.cookies, headers={"X-CSRF-Token": r.json()["csrf_token"]})
    assert v.status_code == 200
    me = requests.Session()
    me.cookies.update(v.cookies)
    me.headers["X-CSRF-Token"] = v.json()["csrf_token"]
    assert me.get(server.url + "/api/v1/me/mfa").json() == {"totp": True, "email": False, "recovery_codes_left": 8}
    assert me.delete(server.url + "/api/v1/me/mfa/totp").status_code == 204
    r = requests.post(server.url + "/api/v1/auth/login", json={"login": login, "password": ADMIN_PASSWORD})
    assert r.json()["mfa_required"] is False


def test_email_one_time_code(make_server):
    """SLA-22: a one-time password sent to the e-mail address, read from the real SMTP sink;
    single use, and only for the user it was sent to."""
    import email
    import re
    import time
    from test_mail import Sink
    sink = Sink().start()
    try:
        srv = make_server(env={"ANSHIN_MAIL_RELAY": "smtp://127.0.0.1:%d" % sink.port,
                               "ANSHIN_MAIL_POLL_INTERVAL_MS": "100"})
        srv.create_staff("admin")
        srv.start()
        op = srv.login("admin")
        cc = unique("EM").upper()
        t = create_tenant(srv, op, cc, "メール認証株式会社")
        s = user_session(srv, cc, "admin1", first_password(srv, t))
        u = s.post(srv.url + "/api/v1/users", json={"login": "kato", "email": "kato@example.jp"}).json()
        us = user_session(srv, cc, "kato", first_password(srv, u))
        assert us.post(srv.url + "/api/v1/me/mfa/email").status_code == 204
        assert us.get(srv.url + "/api/v1/me/mfa").json()["email"] is True
        assert op.post(srv.url + "/api/v1/me/mfa/email").status_code == 400  # staff: no e-mail here
        r = user_login(srv, cc, "kato", NEW_PASSWORD)
        assert r.json()["mfa_required"] is True and r.json()["mfa_method"] == "email"
        got = None  # kato's first mail is the invitation; the code comes in the next one
        deadline = time.time() + 15
        while got is None and time.time() < deadline:
            with sink.lock:
                mails = [e for e in sink.envelopes if "kato@example.jp" in e.rcpt_tos]
            for e in mails:
                body = email.message_from_bytes(e.content).get_payload(decode=True).decode("utf-8")
                m = re.search(r"確認コード：(\d{6})", body)
                got = m.group(1) if m else got
            time.sleep(0.05)
        assert got, "no sign-in code reached the sink"
        p = requests.Session()
        p.cookies.update(r.cookies)
        p.headers["X-CSRF-Token"] = r.json()["csrf_token"]
        wrong = "000000" if got != "000000" else "111111"
        assert p.post(srv.url + "/api/v1/auth/mfa", json={"code": wrong}).status_code == 401
        ok = p.post(srv.url + "/api/v1/auth/mfa", json={"code": got})
        assert ok.status_code == 200, ok.text
        # The same code cannot be used again.
        r2 = user_login(srv, cc, "kato", NEW_PASSWORD)
        again = requests.post(srv.url + "/api/v1/auth/mfa", json={"code": got}, cookies=r2.cookies,
                              headers={"X-CSRF-Token": r2.json()["csrf_token"]})
        assert again.status_code == 401
    finally:
        sink.stop()


def test_staff_must_set_up_a_second_factor(make_server):
    """CHK-9, WP-12: with [security] staff_mfa_required (the default), operator staff reach only
    their own settings until TOTP is set up, then log in with it."""
    srv = make_server(env={"ANSHIN_SECURITY_STAFF_MFA_REQUIRED": "true"})
    srv.create_staff("admin")
    srv.start()
    s = srv.login("admin")
    assert s.get(srv.url + "/api/v1/me").json()["mfa_enrolment_required"] is True
    r = s.get(srv.url + "/api/v1/tenants")
    assert r.status_code == 403 and r.json()["type"] == "/problems/mfa-enrolment-required"
    secret, _ = enrol(srv, s)
    assert s.get(srv.url + "/api/v1/tenants").status_code == 200
    r = requests.post(srv.url + "/api/v1/auth/login", json={"login": "admin", "password": ADMIN_PASSWORD})
    assert r.json()["mfa_required"] is True and r.json()["mfa_method"] == "totp"
