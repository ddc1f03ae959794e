"""The breach workflow (MARK-7-6-1, MARK-7-6-2, MARK-7-6-3; APPI Art. 26): an incident records
what leaked, whose and when it was found; the preliminary report is due 5 days on and the final
report 30 days on (60 for a malicious act); the people affected (a tenant's users, listed
addresses) are each mailed and each notice recorded; each step is kept with who and when; the
personal-data desk is reminded before each deadline, once."""
import datetime
import time

import requests

from conftest import unique
from tenancy import create_tenant, user_session

SERVER_ENV = {"ANSHIN_SUPPORT_REMINDER_SECONDS": "1"}
JST = datetime.timezone(datetime.timedelta(hours=9))


def day(n):
    return (datetime.datetime.now(JST).date() + datetime.timedelta(days=n)).isoformat()


def test_breach_deadlines_notices_and_steps(server, admin):
    t = create_tenant(server, admin, unique("BR").upper(), "漏えい株式会社")
    user = user_session(server, t["tenant"]["company_code"], "admin1", t["initial_password"])
    r = admin.post(server.url + "/api/v1/breaches", json={
        "title": "顧客名簿の誤送信", "what_leaked": "氏名とメールアドレス", "whose": "漏えい株式会社の利用者",
        "found_on": day(-4), "affected_tenant_id": t["tenant"]["id"],
        "affected_emails": "outside@example.jp\nOUTSIDE2@example.jp"})
    assert r.status_code == 201, r.text
    b = r.json()["breach"]
    assert b["preliminary_due_on"] == day(1) and b["final_due_on"] == day(26)
    assert b["deadlines"]["preliminary_report"]["state"] == "due_soon"
    assert b["deadlines"]["final_report"]["state"] == "open"
    assert [s["step"] for s in b["steps"]] == ["recorded"]
    # A malicious act gives 60 days for the final report.
    m = admin.post(server.url + "/api/v1/breaches", json={
        "title": "不正アクセス", "what_leaked": "x", "whose": "y", "found_on": day(0),
        "malicious": True}).json()["breach"]
    assert m["final_due_on"] == day(60) and m["preliminary_due_on"] == day(5)
    assert admin.post(server.url + "/api/v1/breaches/%d/notify" % m["id"],
                      json={"subject": "s", "body": "b"}).status_code == 409  # nobody selected
    # Notify everyone affected: the tenant's user and the two listed addresses, each once.
    r = admin.post(server.url + "/api/v1/breaches/%d/notify" % b["id"], json={
        "subject": "個人情報の漏えいに関するお詫びとお知らせ", "body": "12月1日に…"})
    assert r.status_code == 200, r.text
    b = r.json()["breach"]
    notified = sorted(n["email"] for n in b["notices"])
    owner = [x for x in notified if x.endswith(t["tenant"]["company_code"].lower() + ".example.jp")]
    assert len(notified) == 3 and owner and "outside@example.jp" in notified
    assert b["notified_count"] == 3 and all(n["mail_id"] > 0 for n in b["notices"])
    mails = [m for m in admin.get(server.url + "/api/v1/mail", params={"limit": 500}).json()["items"]
             if "個人情報の漏えいに関するお詫びとお知らせ" in m["subject"]]
    assert sorted(m["to"] for m in mails) == notified
    # Steps with who and when; the preliminary report closes its deadline.
    r = admin.post(server.url + "/api/v1/breaches/%d/steps" % b["id"],
                   json={"step": "preliminary_report", "content": "速報を提出（受付番号 123）"})
    assert r.status_code == 200
    b = r.json()["breach"]
    assert b["deadlines"]["preliminary_report"]["state"] == "done" and b["preliminary_at"]
    assert b["steps"][-1]["done_by"] == "admin" and b["steps"][-1]["content"].startswith("速報")
    assert admin.post(server.url + "/api/v1/breaches/%d/steps" % b["id"],
                      json={"step": "delete"}).status_code == 400
    # Operator only; audited.
    assert user.get(server.url + "/api/v1/breaches").status_code == 403
    assert requests.get(server.url + "/api/v1/breaches").status_code == 401
    ev = admin.get(server.url + "/api/v1/audit/events", params={"action": "breach.notify"}).json()
    assert any(e["target"] == "breach:%d" % b["id"] for e in ev["items"])


def test_reminders_before_each_deadline_once(server, admin):
    """An incident found 40 days ago has both reports overdue: the desk gets one reminder for
    each, and no more on later passes."""
    b = admin.post(server.url + "/api/v1/breaches", json={
        "title": "古い事案 " + unique("r"), "what_leaked": "x", "whose": "y",
        "found_on": day(-40)}).json()["breach"]
    assert b["deadlines"]["final_report"]["state"] == "overdue"

    def reminders():
        return [m for m in admin.get(server.url + "/api/v1/mail", params={"limit": 500}).json()["items"]
                if m["to"] == "privacy@anshin.localhost" and b["title"] in m["subject"]]
    deadline = time.time() + 15
    while len(reminders()) < 2 and time.time() < deadline:
        time.sleep(0.2)
    assert len(reminders()) == 2
    time.sleep(2.5)
    assert len(reminders()) == 2
