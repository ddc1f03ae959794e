"""Brute-force limits that hold (SLA-21, SLA-22, CHK-10): a per-key login limiter that no other key
can reset (M1); per-account lockout in the database for tenant users, operator staff, shop staff,
second-factor codes and the current password on a password change (L: staff never locked, codes
and /me/password unlimited); and a company code that gives no sign of an allowlist or a Basic gate
to someone without the right password (L: enumeration)."""
import requests

from conftest import ADMIN_PASSWORD, unique
from tenancy import NEW_PASSWORD, create_tenant, user_login, user_session
from totp import code as totp_code


def fnv1a(s):
    h = 1469598103934665603
    for b in s.encode():
        h = ((h ^ b) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return h


def colliding_login(victim_key, slots=8192):
    """A login whose rate-limit key fell into the victim's slot of the old fixed table."""
    target = fnv1a(victim_key)
    for i in range(1000000):
        login = "c%d" % i
        h = fnv1a("\n" + login.upper())
        if h % slots == target % slots and h != target:
            return login
    raise AssertionError("no collision found")


def login(srv, who, password, ip=None, company=None):
    body = {"login": who, "password": password}
    if company:
        body["company_code"] = company
    return requests.post(srv.url + "/api/v1/auth/login", json=body,
                         headers={"X-Forwarded-For": ip} if ip else {})


def session_of(srv, r):
    s = requests.Session()
    s.cookies.update(r.cookies)
    s.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    return s


def test_other_keys_never_reset_the_account_limit(make_server):
    """M1, SLA-21: alternating the victim's login with one whose key shared the victim's slot in
    the old 8,192-slot table reset the victim's count every time (45 x 401, no 429)."""
    srv = make_server(env={"ANSHIN_PASSWORD_LOGIN_RATE_PER_ACCOUNT": "3",
                           "ANSHIN_PASSWORD_RATE_LIMIT_STORE": "memory"})
    srv.create_staff("admin")
    srv.start()
    other = colliding_login("\nADMIN")
    victim = []
    for _ in range(8):
        victim.append(login(srv, "admin", "wrong-password-1").status_code)
        login(srv, other, "wrong-password-1")
    assert victim[:3] == [401] * 3 and victim[3:] == [429] * 5, victim


def lock_events(srv, target):
    return srv.sql("SELECT details FROM audit_events WHERE action = 'auth.lockout' AND target = ?",
                   target)


def test_operator_staff_lock_after_failures(make_server):
    """L (staff never lock), SLA-21: operator staff lock after [password] staff_max_failures wrong
    passwords (5 by default); while locked even the right password gets the wrong-password answer (no oracle);
    the lock is audited and ends after staff_lockout_minutes."""
    srv = make_server()  # the default: 5 failures, 15 minutes
    srv.create_staff("admin")
    srv.create_staff("ops")
    srv.start()
    wrong = [login(srv, "ops", "Wrong-pass-%d!" % i) for i in range(7)]
    assert all(r.status_code == 401 for r in wrong)
    locked = login(srv, "ops", ADMIN_PASSWORD)
    strip = lambda r: {k: v for k, v in r.json().items() if k != "request_id"}
    assert locked.status_code == 401 and strip(locked) == strip(wrong[0])
    sid = srv.sql("SELECT id FROM staff WHERE login = 'ops'")[0][0]
    assert len(lock_events(srv, "staff:%d" % sid)) == 1
    # Exactly the limit was checked; the rest were refused unseen.
    import json
    reasons = [json.loads(r[0])["reason"] for r in srv.sql(
        "SELECT details FROM audit_events WHERE action = 'auth.login' AND actor_label = 'ops'")]
    assert reasons.count("wrong_password") == 5 and reasons.count("locked") == 3
    # Other staff are untouched; time travel ends the lock.
    assert login(srv, "admin", ADMIN_PASSWORD).status_code == 200
    srv.sql("UPDATE staff SET locked_until = 1 WHERE login = 'ops'")
    assert login(srv, "ops", ADMIN_PASSWORD).status_code == 200


def test_shop_staff_lock_too(make_server):
    """L (staff never lock): a shop's staff account is an account like any other."""
    srv = make_server()
    srv.create_staff("admin")
    srv.start()
    op = srv.login("admin")
    shop = op.post(srv.url + "/api/v1/shops", json={
        "code": unique("sh"), "name": "ショップ", "contact_email": "shop@example.jp"}).json()["shop"]
    r = op.post(srv.url + "/api/v1/staff", json={"login": "shopper", "roles": ["shop"],
                                                  "shop_id": shop["id"]})
    assert r.status_code == 201, r.text
    pw = r.json()["initial_password"]
    for i in range(5):
        assert login(srv, "shopper", "Wrong-pass-%d!" % i).status_code == 401
    assert login(srv, "shopper", pw).status_code == 401
    srv.sql("UPDATE staff SET locked_until = 1 WHERE login = 'shopper'")
    assert login(srv, "shopper", pw).status_code == 200


def enrolled_user(srv, op, prefix):
    cc = unique(prefix).upper()
    t = create_tenant(srv, op, cc, "総当たり株式会社")
    s = user_session(srv, cc, "admin1", t["initial_password"])
    secret = s.post(srv.url + "/api/v1/me/mfa/totp").json()["secret"]
    assert s.post(srv.url + "/api/v1/me/mfa/totp/confirm", json={"code": totp_code(secret)}).status_code == 200
    return cc, s, secret


def test_wrong_codes_lock_the_account(server, admin):
    """L (TOTP failures never lock), SLA-22: with the password known, wrong second-factor codes
    count towards the tenant's lockout; while locked the right code gets 429 with Retry-After, the
    same answer as a wrong one; logging in again does not clear the count."""
    cc, _, secret = enrolled_user(server, admin, "TC")
    answers = []
    for i in range(3):
        p = session_of(server, user_login(server, cc, "admin1", NEW_PASSWORD))
        answers.append(p.post(server.url + "/api/v1/auth/mfa", json={"code": "00000%d" % i}))
    # 3 passwords + 2 codes = the default limit of 5 attempts; the third code is refused unseen.
    assert [r.status_code for r in answers[:2]] == [401, 401]
    assert answers[2].status_code == 429
    right = p.post(server.url + "/api/v1/auth/mfa", json={"code": totp_code(secret)})
    wrong = p.post(server.url + "/api/v1/auth/mfa", json={"recovery_code": "XXXX-XXXX"})
    for r in (right, wrong):
        assert r.status_code == 429 and r.json()["type"] == "/problems/account-locked"
        assert 1 <= int(r.headers["Retry-After"]) <= 30 * 60
    assert user_login(server, cc, "admin1", NEW_PASSWORD).status_code == 401
    uid = server.sql("SELECT u.id FROM users u JOIN tenants t ON t.id = u.tenant_id "
                     "WHERE t.company_code = ? AND u.login = 'admin1'", cc)[0][0]
    assert len(lock_events(server, "user:%d" % uid)) == 1


def test_staff_codes_lock_too(make_server):
    """L, SLA-22: operator staff's TOTP failures lock their account as well."""
    srv = make_server()
    srv.create_staff("admin")
    srv.start()
    s = srv.login("admin")
    secret = s.post(srv.url + "/api/v1/me/mfa/totp").json()["secret"]
    assert s.post(srv.url + "/api/v1/me/mfa/totp/confirm", json={"code": totp_code(secret)}).status_code == 200
    p = session_of(srv, login(srv, "admin", ADMIN_PASSWORD))
    for i in range(4):  # the password and 4 codes: the default limit of 5
        assert p.post(srv.url + "/api/v1/auth/mfa", json={"code": "00000%d" % i}).status_code == 401
    r = p.post(srv.url + "/api/v1/auth/mfa", json={"code": totp_code(secret, step_offset=1)})
    assert r.status_code == 429 and r.json()["type"] == "/problems/account-locked"


def test_current_password_guesses_lock(server, admin):
    """L (/me/password current-password guesses unlimited): wrong current passwords count
    towards the lockout; while locked the right one gets 429 with Retry-After too."""
    cc = unique("CP").upper()
    t = create_tenant(server, admin, cc, "現パス株式会社")
    s = user_session(server, cc, "admin1", t["initial_password"])
    codes = [s.post(server.url + "/api/v1/me/password",
                    json={"current_password": "Guess-%d-pass!" % i,
                          "new_password": "Another-Passw0rd-26!"}).status_code for i in range(6)]
    assert codes[:5] == [400] * 5 and codes[5] == 429, codes
    r = s.post(server.url + "/api/v1/me/password",
               json={"current_password": NEW_PASSWORD, "new_password": "Another-Passw0rd-26!"})
    assert r.status_code == 429 and r.json()["type"] == "/problems/account-locked"
    assert int(r.headers["Retry-After"]) >= 1
    assert user_login(server, cc, "admin1", NEW_PASSWORD).status_code == 401


def gated_tenants(srv, op):
    """A tenant behind an allowlist and one behind a Basic gate."""
    ip_cc, gate_cc = unique("AL").upper(), unique("GT").upper()
    t = create_tenant(srv, op, ip_cc, "許可リスト株式会社")
    s = user_session(srv, ip_cc, "admin1", t["initial_password"])
    s.headers["X-Forwarded-For"] = "203.0.113.10"
    assert s.put(srv.url + "/api/v1/ip-allowlist", json={"entries": ["203.0.113.0/24"]}).status_code == 200
    t = create_tenant(srv, op, gate_cc, "ゲート株式会社")
    s = user_session(srv, gate_cc, "admin1", t["initial_password"])
    r = s.put(srv.url + "/api/v1/basic-gate", json={"enabled": True, "user": "gate"})
    assert r.status_code == 200
    return ip_cc, gate_cc, r.json()["password"]


def test_gates_do_not_reveal_company_codes(make_server):
    """L (enumeration), CHK-10: without the right password, a company code behind an allowlist
    or a Basic gate answers exactly like one that does not exist; with the right password the
    gates still refuse a wrong address or missing gate credentials."""
    srv = make_server(env={"ANSHIN_SERVER_TRUSTED_PROXIES": "127.0.0.1"})
    srv.create_staff("admin")
    srv.start()
    ip_cc, gate_cc, gate_pw = gated_tenants(srv, srv.login("admin"))
    strip = lambda r: (r.status_code, {k: v for k, v in r.json().items() if k != "request_id"},
                       r.headers.get("WWW-Authenticate"))
    unknown = login(srv, "admin1", "Wrong-pass-1!", ip="198.51.100.5", company="NOSUCH" + ip_cc)
    assert unknown.status_code == 401
    for cc in (ip_cc, gate_cc):
        r = login(srv, "admin1", "Wrong-pass-1!", ip="198.51.100.5", company=cc)
        assert strip(r) == strip(unknown), r.text
        r = login(srv, "nobody", "Wrong-pass-1!", ip="198.51.100.5", company=cc)
        assert strip(r) == strip(unknown), r.text
    # The right password from outside the list, or without the gate's credentials, still fails.
    r = login(srv, "admin1", NEW_PASSWORD, ip="198.51.100.5", company=ip_cc)
    assert r.status_code == 403 and r.json()["type"] == "/problems/ip-not-allowed"
    assert login(srv, "admin1", NEW_PASSWORD, ip="203.0.113.77", company=ip_cc).status_code == 200
    r = login(srv, "admin1", NEW_PASSWORD, company=gate_cc)
    assert r.status_code == 401 and r.json()["type"] == "/problems/basic-auth-required"
    r = requests.post(srv.url + "/api/v1/auth/login", auth=("gate", gate_pw),
                      json={"company_code": gate_cc, "login": "admin1", "password": NEW_PASSWORD})
    assert r.status_code == 200, r.text
