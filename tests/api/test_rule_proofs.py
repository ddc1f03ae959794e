"""Proofs of rules that were implemented but untested: TOS-14 (a new responsible person is
applied by the job on its date and is told by mail), SLA-9 (operation logs kept for ever by
default), SLA-18 (operator staff passwords expire after 30 days), MARK-4-1-2 (the
important-matters explanation is published with its history and must be read before applying).
Dates are moved with Server.sql (time travel) or, for events written in the past, libfaketime."""
import datetime
import time

import requests

from conftest import ADMIN_PASSWORD, unique
from market import application, contractor, setup_catalogue, today_jst

# Reading a tenant's mail needs a stated reason (WP-18): these reads give one.
REASON = {"X-Access-Reason": "TEST-READ"}

DAY_US = 86400 * 1_000_000


def wait(pred, timeout=15):
    deadline = time.time() + timeout
    while time.time() < deadline:
        v = pred()
        if v:
            return v
        time.sleep(0.2)
    return pred()


def mail_to(server, staff, address):
    items = staff.get(server.url + "/api/v1/mail", params={"limit": 500}).json()["items"]
    return [m for m in items if m["to"] == address]


def responsible_of(tenant):
    if "responsible" in tenant:
        return tenant["responsible"]["name"], tenant["responsible"]["email"]
    return tenant["responsible_name"], tenant["responsible_email"]


def test_tos14_new_responsible_person_applied_on_its_date_and_mailed(server):
    """TOS-14: the responsible person (利用責任者) is replaced by an approved details change: the
    job applies it on the requested date, not before, and the new person receives mail."""
    staff = server.login("admin")
    cat = setup_catalogue(server, staff, unique("rp"))
    code = unique("RP").upper()
    s, contract = contractor(server, staff, cat, code)
    tenant_id = contract["tenant_id"]
    new_email = "sato@%s.example.jp" % code.lower()
    on = (today_jst() + datetime.timedelta(days=5)).isoformat()
    r = s.post(server.url + "/api/v1/change-requests", json={
        "kind": "details", "change_on": on, "responsible_name": "佐藤 次郎",
        "responsible_email": new_email})
    assert r.status_code == 201, r.text
    change = r.json()["change_request"]
    r = staff.post(server.url + "/api/v1/change-requests/%d/approve" % change["id"], json={})
    assert r.status_code == 200, r.text
    # The job is due at midnight JST of the requested date; until then nothing changes.
    jobs = server.sql("SELECT id, due_at FROM jobs WHERE kind = 'change.apply' AND ref_id = ?",
                      change["id"])
    assert len(jobs) == 1
    midnight = datetime.datetime.fromisoformat(on + "T00:00:00+09:00").timestamp() * 1_000_000
    assert jobs[0][1] == int(midnight)
    time.sleep(1.5)  # a worker poll or more
    t = staff.get(server.url + "/api/v1/tenants/%d" % tenant_id).json()["tenant"]
    assert responsible_of(t)[1] != new_email
    assert not mail_to(server, staff, new_email)
    # The date arrives.
    server.sql("UPDATE jobs SET due_at = ? WHERE id = ?", int(time.time() * 1_000_000) - 1000,
               jobs[0][0])
    assert wait(lambda: any(
        c["id"] == change["id"] and c["status"] == "applied"
        for c in staff.get(server.url + "/api/v1/change-requests",
                           params={"status": "applied"}).json()["items"]))
    t = staff.get(server.url + "/api/v1/tenants/%d" % tenant_id).json()["tenant"]
    assert responsible_of(t) == ("佐藤 次郎", new_email)
    mails = wait(lambda: mail_to(server, staff, new_email))
    assert mails, "no mail to the new responsible person"
    body = staff.get(server.url + "/api/v1/mail/%d" % mails[0]["id"], headers=REASON).json()["mail"]["body_text"]
    assert "利用責任者" in body and "佐藤 次郎" in body
    # The person replaced is told too.
    old = "yamada@%s.example.jp" % code.lower()
    assert any("利用責任者変更のお知らせ" in m["subject"] for m in mail_to(server, staff, old))


def faked(server, *args, fake):
    return server.cli(*args, fake=fake)


def test_sla9_events_kept_for_ever_without_a_retention(make_server):
    """SLA-9: with no [audit] retention_days set, operation logs have no retention limit: events
    written 800 days ago are still there and viewable after the server (whose retention job
    would purge at start) has run, and a purge without a retention is refused."""
    srv = make_server()
    assert "ANSHIN_AUDIT_RETENTION_DAYS" not in srv.env
    for i in range(2):
        r = faked(srv, "admin", "create", "--login", "ancient%d" % i, fake="-800d")
        assert r.returncode == 0, r.stderr
    srv.create_staff("admin")
    srv.start()
    time.sleep(3)  # the retention job, had it been started, runs at once
    staff = srv.login("admin")
    old_from = (datetime.date.today() - datetime.timedelta(days=900)).isoformat()
    old_to = (datetime.date.today() - datetime.timedelta(days=700)).isoformat()
    r = staff.get(srv.url + "/api/v1/audit/events",
                  params={"from": old_from, "to": old_to, "action": "staff.create"})
    assert r.status_code == 200, r.text
    assert len(r.json()["items"]) == 2
    assert {e["details"].get("login") for e in r.json()["items"]} >= {"ancient0", "ancient1"} or \
        len({e["target"] for e in r.json()["items"]}) == 2
    assert not srv.sql("SELECT 1 FROM audit_checkpoints")
    r = srv.cli("audit", "purge")
    assert r.returncode == 2 and "365" in r.stderr
    assert srv.cli("audit", "verify").returncode == 0
    assert len(srv.sql("SELECT seq FROM audit_events WHERE action = 'staff.create'")) == 3


def test_sla18_staff_password_expires_after_30_days(server):
    """SLA-18: an operator admin's password lasts 30 days: at 29 days the login is normal; past
    30 the login succeeds but forces a change before anything else; the new password works."""
    login = unique("exp")
    server.create_staff(login)
    r = requests.post(server.url + "/api/v1/auth/login", json={"login": login,
                                                                "password": ADMIN_PASSWORD})
    assert r.status_code == 200 and r.json()["password_change_required"] is False
    staff_id = r.json()["me"]["id"]
    now = int(time.time() * 1_000_000)
    server.sql("UPDATE staff SET password_changed_at = ? WHERE id = ?", now - 29 * DAY_US, staff_id)
    r = requests.post(server.url + "/api/v1/auth/login", json={"login": login,
                                                                "password": ADMIN_PASSWORD})
    assert r.status_code == 200 and r.json()["password_change_required"] is False
    server.sql("UPDATE staff SET password_changed_at = ? WHERE id = ?", now - 31 * DAY_US, staff_id)
    r = requests.post(server.url + "/api/v1/auth/login", json={"login": login,
                                                                "password": ADMIN_PASSWORD})
    assert r.status_code == 200 and r.json()["password_change_required"] is True
    s = requests.Session()
    s.cookies.update(r.cookies)
    s.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    r = s.get(server.url + "/api/v1/staff")
    assert r.status_code == 403 and r.json()["type"].endswith("/password-change-required")
    r = s.post(server.url + "/api/v1/me/password", json={
        "current_password": ADMIN_PASSWORD, "new_password": "Renewed-Passw0rd-2026!"})
    assert r.status_code == 204, r.text
    s2 = server.login(login, "Renewed-Passw0rd-2026!")
    assert s2.get(server.url + "/api/v1/staff").status_code == 200


def submit(server, body):
    """Posts an application and returns it pending; where the flow first asks the applicant to
    confirm the address (202 and a mailed link), follows the link as market.apply does."""
    r = requests.post(server.url + "/api/v1/applications", json=body)
    if r.status_code == 202:
        import market
        tok = market.confirm_token(server, body["responsible_email"])
        r = requests.post(server.url + "/api/v1/applications/confirm", json={"token": tok})
        assert r.status_code == 200, r.text
    else:
        assert r.status_code == 201, r.text
    return r.json()["application"]


def publish(server, staff, kind, title, body, on):
    r = staff.post(server.url + "/api/v1/documents", json={
        "kind": kind, "title": title, "body": body, "effective_on": on})
    assert r.status_code == 201, r.text
    return r.json()["document"]


def test_mark_4_1_2_important_matters_published_with_history_and_required(server):
    """MARK-4-1-2: the important-matters explanation (重要事項説明) is published: the public page
    shows the version in force and its history; an application must carry the version in force
    (read before applying), or it is refused; the version read is recorded."""
    staff = server.login("admin")
    cat = setup_catalogue(server, staff, unique("im"))
    today = today_jst()
    v1 = publish(server, staff, "important-matters", "重要事項説明 第1版", "第1版の本文",
                 today.isoformat())
    v2 = publish(server, staff, "important-matters", "重要事項説明 第2版", "第2版の本文",
                 today.isoformat())
    pub = requests.get(server.url + "/api/v1/documents/important-matters")
    assert pub.status_code == 200, pub.text
    doc = pub.json()
    assert doc["in_force"]["id"] == v2["id"] and "第2版の本文" in doc["in_force"]["body"]
    assert {v1["id"], v2["id"]} <= {v["id"] for v in doc["versions"]}
    old = requests.get(server.url + "/api/v1/document-versions/%d" % v1["id"])
    assert old.status_code == 200 and "第1版の本文" in old.text
    code = unique("IM").upper()
    # Not read (no version given), or an outdated version: refused.
    r = requests.post(server.url + "/api/v1/applications", json=application(cat, code))
    assert r.status_code == 409, r.text
    assert r.json()["type"].endswith("/important-matters-unread")
    r = requests.post(server.url + "/api/v1/applications", json=application(
        cat, code, important_matters_document_id=v1["id"]))
    assert r.status_code == 409, r.text
    app = submit(server, application(cat, code, important_matters_document_id=v2["id"]))
    assert app["important_matters_document_id"] == v2["id"]
