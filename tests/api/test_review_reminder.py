"""Account review reminders (WP-24): every M months (tenant setting, default 6) after the last
review, or the tenant's creation, the tenant's admins get a portal notice and a mail in their own
language (様, no secret), once per due date. Time moves by rewriting the tenant's dates (the test
clock of test_rule_proofs.py); the hourly job runs when the server starts."""
import time

from conftest import unique
from tenancy import create_tenant, user_session

DAY_US = 86400 * 1000000


def notices(srv, tid):
    return srv.sql("SELECT title FROM notices WHERE tenant_id = ? AND kind = 'account_review_due'", tid)


def mails(srv, to):
    return [(m["subject"], m["body_text"]) for m in srv.outbox(to) if "棚卸し" in m["body_text"]]


def restart_until(srv, tid, n, wait=10):
    """Restarts the server (the job runs at start) and waits for n reminders in all (wait: for
    at most that many seconds; short where none is expected)."""
    srv.stop()
    srv.start()
    deadline = time.time() + wait
    while time.time() < deadline and len(notices(srv, tid)) < n:
        time.sleep(0.1)
    time.sleep(0.3)  # a second reminder, if one were (wrongly) sent, would land by now
    return notices(srv, tid)


def test_the_review_reminder_is_sent_once_per_due_date(make_server):
    """WP-24: 1-month interval set; due -> one notice and one mail to the admin (様, Japanese);
    a restart sends nothing more; after the review is done and falls due again, the next reminder
    comes in the admin's chosen language (English)."""
    srv = make_server()
    srv.create_staff("admin")
    srv.start()
    op = srv.login("admin")
    cc = unique("RV").upper()
    t = create_tenant(srv, op, cc, "棚卸株式会社")
    tid = t["tenant"]["id"]
    email = "owner@%s.example.jp" % cc.lower()
    a = user_session(srv, cc, "admin1", t["initial_password"])
    assert a.put(srv.url + "/api/v1/account-review/settings", json={"months": 0}).status_code == 400
    r = a.put(srv.url + "/api/v1/account-review/settings", json={"months": 1})
    assert r.status_code == 200 and r.json() == {"months": 1}, r.text
    assert a.get(srv.url + "/api/v1/account-review").json()["review"]["months"] == 1
    assert op.put(srv.url + "/api/v1/account-review/settings", json={"months": 3}).status_code == 403

    assert restart_until(srv, tid, 1, wait=1.5) == []  # not due yet: the tenant is new
    now = int(time.time() * 1000000)
    srv.sql("UPDATE tenants SET created_at = ? WHERE id = ?", now - 31 * DAY_US, tid)
    assert len(restart_until(srv, tid, 1)) == 1
    sent = mails(srv, email)
    assert len(sent) == 1, (sent, srv.outbox())
    subject, body = sent[0]
    assert body.startswith("棚卸 責任者 様") or " 様\n" in body.split("\n")[0] + "\n", body
    assert "1か月ごと" in body and "アカウント棚卸し" in subject
    assert t["initial_password"] not in body and "token" not in body
    assert len(restart_until(srv, tid, 2, wait=1.5)) == 1  # once per due date
    assert len(mails(srv, email)) == 1
    assert srv.sql("SELECT COUNT(*) FROM audit_events WHERE tenant_id = ? AND action = "
                   "'account_review.remind'", tid)[0][0] == 1

    # Reviewed, then due again a month later: reminded again, in the admin's language.
    a = user_session(srv, cc, "admin1", "Tenant-Passw0rd-2026!", new_password="Tenant-Passw0rd-2026!")
    assert a.put(srv.url + "/api/v1/me/language", json={"language": "en"}).status_code in (200, 204)
    assert a.post(srv.url + "/api/v1/account-review/done", json={}).status_code == 200
    srv.sql("UPDATE tenants SET review_done_at = ? WHERE id = ?", now - 32 * DAY_US, tid)
    row = srv.sql("SELECT review_done_at, review_reminded_for, review_months, created_at, status FROM tenants WHERE id = ?", tid)
    assert len(restart_until(srv, tid, 2)) == 2, (row, now)
    en = [(m["subject"], m["body_text"]) for m in srv.outbox(email)
          if "account review" in m["body_text"]]
    assert len(en) == 1 and en[0][1].startswith("Dear "), en
