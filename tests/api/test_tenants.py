"""Tenants and their users: company code login (WP-10), user registration by tenant admins
(CHK-12, WP-6), roles (WP-7, WP-8), lockout (SLA-21) and tenant isolation (CHK-11)."""
import concurrent.futures
import requests

from conftest import unique
from tenancy import NEW_PASSWORD, create_tenant, user_login, user_session, first_password

# Reading a tenant's mail needs a stated reason (WP-18): these reads give one.
REASON = {"X-Access-Reason": "TEST-READ"}


def test_operator_creates_a_tenant_with_its_first_admin(server, admin):
    code = unique("T").upper()
    body = create_tenant(server, admin, code, "株式会社テスト")
    assert body["tenant"]["company_code"] == code
    assert body["tenant"]["status"] == "active"
    assert body["tenant"]["responsible"]["name"] == "株式会社テスト 責任者"  # TOS-14
    assert body["admin"]["roles"] == ["tenant_admin"]
    assert body["admin"]["password_change_required"] is True
    again = admin.post(server.url + "/api/v1/tenants", json={
        "company_code": code.lower(), "name": "x", "responsible_name": "x",
        "responsible_email": "x@x.jp", "admin_login": "adm"})
    assert again.status_code == 409  # codes are case-insensitive
    found = admin.get(server.url + "/api/v1/tenants", params={"q": code}).json()["items"]
    assert [t["company_code"] for t in found] == [code]
    assert "dek" not in str(found)


def test_company_code_user_id_and_password_log_in(server, admin):
    code = unique("L").upper()
    body = create_tenant(server, admin, code, "ログイン株式会社")
    pw = body["initial_password"]
    assert user_login(server, code, "admin1", pw).status_code == 200
    assert user_login(server, code.lower(), "admin1", pw).status_code == 200
    wrong_code = user_login(server, "NOPE" + code, "admin1", pw)
    no_code = requests.post(server.url + "/api/v1/auth/login", json={"login": "admin1", "password": pw})
    wrong_pw = user_login(server, code, "admin1", "Wrong-Passw0rd!")
    for r in (wrong_code, no_code, wrong_pw):
        assert r.status_code == 401 and r.json()["type"] == "/problems/bad-credentials"
    s = user_session(server, code, "admin1", pw)
    me = s.get(server.url + "/api/v1/me").json()
    assert me["kind"] == "user" and me["tenant"]["company_code"] == code
    assert me["roles"] == ["tenant_admin"]


def test_tenant_admin_registers_users_with_least_privilege(server, admin):
    code = unique("U").upper()
    body = create_tenant(server, admin, code, "ユーザー管理株式会社")
    s = user_session(server, code, "admin1", first_password(server, body))
    r = s.post(server.url + "/api/v1/users", json={"login": "yamada", "display_name": "山田 太郎",
                                                   "email": "yamada@example.jp"})
    assert r.status_code == 201, r.text
    u = r.json()
    assert u["user"]["roles"] == ["member"]  # no download or admin right by default (SLA-19)
    assert u["user"]["password_change_required"] is True
    assert s.post(server.url + "/api/v1/users", json={"login": "yamada", "email": "y@example.jp"}).status_code == 409
    bad = s.post(server.url + "/api/v1/users", json={"login": "x1y", "email": "a@b.jp", "roles": ["admin"]})
    assert bad.status_code == 400  # operator roles cannot be given to tenant users
    bad = s.post(server.url + "/api/v1/users", json={"login": "x1y", "email": "a@b.jp", "tenant_id": 1})
    assert bad.status_code == 400  # the tenant comes from the session only
    listed = s.get(server.url + "/api/v1/users").json()["items"]
    assert {x["login"] for x in listed} == {"admin1", "yamada"}
    assert "initial_password" not in u  # issue 10: the invitation's link only
    member = user_session(server, code, "yamada", first_password(server, u))
    assert member.get(server.url + "/api/v1/users").status_code == 403  # WP-8
    assert member.get(server.url + "/api/v1/tenants").status_code == 403
    assert member.get(server.url + "/api/v1/staff").status_code == 403
    assert s.get(server.url + "/api/v1/staff").status_code == 403
    assert s.post(server.url + "/api/v1/tenants", json={}).status_code == 403


def test_lockout_holds_under_concurrency(server, admin):
    """SLA-21: 20 wrong passwords in parallel never get more password checks than the limit, and
    the locked answer looks exactly like a wrong password."""
    code = unique("K").upper()
    body = create_tenant(server, admin, code, "ロック株式会社")
    pw = body["initial_password"]
    with concurrent.futures.ThreadPoolExecutor(20) as ex:
        results = list(ex.map(lambda i: user_login(server, code, "admin1", "Wrong-%d-pass!" % i),
                              range(20)))
    assert all(r.status_code == 401 for r in results)
    details = {r.json()["detail"] for r in results}
    assert len(details) == 1
    # Locked now: even the right password is refused, with the same answer.
    locked = user_login(server, code, "admin1", pw)
    assert locked.status_code == 401 and locked.json()["detail"] in details
    import json
    reasons = [json.loads(r[0]).get("reason") for r in server.sql(
        "SELECT details FROM audit_events e JOIN tenants t "
        "ON t.id = e.tenant_id WHERE t.company_code = ? AND action = 'auth.login'", code)]
    assert reasons.count("wrong_password") == 5  # exactly the limit was checked
    assert reasons.count("locked") == 16


def test_lockout_ends_after_its_duration(server, admin):
    code = unique("E").upper()
    body = create_tenant(server, admin, code, "期限株式会社")
    pw = body["initial_password"]
    for i in range(5):
        user_login(server, code, "admin1", "Wrong-pass-%d!" % i)
    assert user_login(server, code, "admin1", pw).status_code == 401
    # Time travel: the lock's end moves into the past, as if 30 minutes had gone by.
    server.sql("UPDATE users SET locked_until = 1 WHERE tenant_id = "
               "(SELECT id FROM tenants WHERE company_code = ?)", code)
    assert user_login(server, code, "admin1", pw).status_code == 200


def test_users_of_one_tenant_cannot_reach_another(server, admin):
    a = create_tenant(server, admin, unique("A").upper(), "A社")
    b = create_tenant(server, admin, unique("B").upper(), "B社")
    sa = user_session(server, a["tenant"]["company_code"], "admin1", a["initial_password"])
    sb = user_session(server, b["tenant"]["company_code"], "admin1", b["initial_password"])
    bu = sb.post(server.url + "/api/v1/users", json={"login": "b-secret", "email": "secret@b.example.jp"}).json()
    r = sa.get(server.url + "/api/v1/users/%d" % bu["user"]["id"])
    assert r.status_code == 404 and "b-secret" not in r.text
    assert "b-secret" not in sa.get(server.url + "/api/v1/users").text
    # B's user cannot log in under A's company code.
    assert user_login(server, a["tenant"]["company_code"], "b-secret", first_password(server, bu)).status_code == 401


def test_long_japanese_text_is_kept_whole(server, admin):
    """A 200-character Japanese company name (600 bytes of UTF-8) is stored and returned intact,
    and a too-long one is refused, never cut in the middle of a character."""
    code = unique("J").upper()
    name = "日本語" * 66 + "社社"
    r = admin.post(server.url + "/api/v1/tenants", json={
        "company_code": code, "name": name, "responsible_name": "責" * 100,
        "responsible_email": "j@example.jp", "admin_login": "admin1"})
    assert r.status_code == 201, r.text
    tid = r.json()["tenant"]["id"]
    got = admin.get(server.url + "/api/v1/tenants/%d" % tid).json()["tenant"]
    assert got["name"] == name and got["responsible"]["name"] == "責" * 100
    assert admin.get(server.url + "/api/v1/tenants", params={"q": code.lower()}).json()["items"][0]["id"] == tid
    r = admin.post(server.url + "/api/v1/tenants/%d/suspend" % tid, json={"reason": "理" * 500})
    assert r.status_code == 200 and r.json()["tenant"]["status_reason"] == "理" * 500
    r = admin.post(server.url + "/api/v1/tenants", json={
        "company_code": unique("J").upper(), "name": "長" * 201, "responsible_name": "x",
        "responsible_email": "j@example.jp", "admin_login": "admin1"})
    assert r.status_code == 400


def test_account_ledger_lists_users_and_what_roles_allow(server, admin):
    """SLA-19: an account ledger lists every user with roles and what each role allows; members
    hold no download or management right by default (only contacting support, tickets.use, which
    every user of a contractor has: MARK-5-1-1)."""
    code = unique("AL").upper()
    t = create_tenant(server, admin, code, "台帳株式会社")
    s = user_session(server, code, "admin1", first_password(server, t))
    m = s.post(server.url + "/api/v1/users", json={"login": "suzuki", "email": "suzuki@example.jp"}).json()
    ledger = s.get(server.url + "/api/v1/account-ledger").json()
    roles = {r["role"]: {p["key"] for p in r["permissions"]} for r in ledger["roles"]}
    assert roles["member"] == {"tickets.use"}
    assert {"users.manage", "data.download", "audit.read"} <= roles["tenant_admin"]
    users = {u["login"]: u for u in ledger["users"]}
    assert users["suzuki"]["permissions"] == ["tickets.use"]
    assert "data.download" in users["admin1"]["permissions"]
    member = user_session(server, code, "suzuki", first_password(server, m))
    assert member.get(server.url + "/api/v1/account-ledger").status_code == 403
    assert member.get(server.url + "/api/v1/audit/events.csv").status_code == 403  # no download right


def test_new_accounts_get_an_invitation_mail(make_server):
    """New tenant admins and users are told by e-mail where to sign in, with their company code
    and user ID; the password never travels in the mail (TOS-21: notices by e-mail)."""
    import email
    from email.header import decode_header, make_header
    from test_mail import Sink
    sink = Sink().start()
    try:
        srv = make_server(env={"ANSHIN_MAIL_RELAY": "smtp://127.0.0.1:%d" % sink.port,
                               "ANSHIN_MAIL_POLL_INTERVAL_MS": "100"})
        srv.create_staff("admin")
        srv.start()
        op = srv.login("admin")
        code = unique("IV").upper()
        t = create_tenant(srv, op, code, "招待株式会社")
        msg = email.message_from_bytes(sink.wait_for("owner@%s.example.jp" % code.lower()).content)
        body = msg.get_payload(decode=True).decode("utf-8")
        assert "招待株式会社" in str(make_header(decode_header(msg["Subject"])))
        assert code in body and "admin1" in body and srv.url.split("//")[1] in body
        assert t["initial_password"] not in body
        s = user_session(srv, code, "admin1", t["initial_password"])
        u = s.post(srv.url + "/api/v1/users", json={"login": "mori", "email": "mori@example.jp"}).json()
        body = email.message_from_bytes(sink.wait_for("mori@example.jp").content).get_payload(decode=True).decode("utf-8")
        assert "mori" in body and code in body and first_password(srv, u) not in body
    finally:
        sink.stop()


def test_suspension_and_reinstatement_are_mailed_with_the_reason(server, admin):
    """TOS-6, TOS-21: the tenant's responsible person is told of a suspension, with its reason,
    and of the reinstatement."""
    code = unique("SN").upper()
    t = create_tenant(server, admin, code, "停止通知株式会社")
    tid = t["tenant"]["id"]
    assert admin.post(server.url + "/api/v1/tenants/%d/suspend" % tid,
                      json={"reason": "料金未払いのため"}).status_code == 200
    assert admin.post(server.url + "/api/v1/tenants/%d/reinstate" % tid, json={}).status_code == 200
    to = "owner@%s.example.jp" % code.lower()
    mails = [m for m in admin.get(server.url + "/api/v1/mail", params={"limit": 500}).json()["items"]
             if m["to"] == to]
    subjects = [m["subject"] for m in mails]
    assert any("サービス停止" in s for s in subjects) and any("サービス再開" in s for s in subjects)
    stop = next(m for m in mails if "サービス停止" in m["subject"])
    body = admin.get(server.url + "/api/v1/mail/%d" % stop["id"], headers=REASON).json()["mail"]["body_text"]
    assert "料金未払いのため" in body
