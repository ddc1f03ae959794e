"""Dunning and the invoice PDF (issue 17 items 1 and 3).

Reminders of an overdue invoice go to the contractor's tenant admins on the days past due the
operator sets ([receivables] dunning_days), each once per invoice and step, in the admin's language
as a careful business letter; after the last step the operator gets a suspension proposal and
decides (TOS-6): suspend the tenant or dismiss, both audited. The invoice is also served as a PDF
laid out as a qualified invoice (TOS-13, TOS-20). The job runs every second here; time moves by
rewriting the invoice's due date (the test clock of test_rule_proofs.py)."""
import datetime
import os
import subprocess
import tempfile
import time

import pytest
import requests

from conftest import Server, unique
from market import contractor, jp_date, setup_catalogue, today_jst
from test_receivables import invoices_of, issue, month_start, ym

SERVER_ENV = {"ANSHIN_RECEIVABLES_DUNNING_DAYS": "7,21,35",
              "ANSHIN_RECEIVABLES_DUNNING_SECONDS": "1"}


@pytest.fixture(scope="module")
def cat(server):
    admin = server.login("admin")
    c = setup_catalogue(server, admin, unique("dn"))
    r = admin.put(server.url + "/api/v1/shops/%d/invoice-registration" % c["shop"]["id"],
                  json={"invoice_registration_number": "T9876543210987"})
    assert r.status_code == 200, r.text
    return c


def invoiced(server, admin, cat, code):
    """A contractor with last month's invoice (BASIC, 1,116 with tax): (session, contract, inv)."""
    s, c = contractor(server, admin, cat, code)
    today = today_jst()
    server.sql("UPDATE contracts SET start_on = ? WHERE id = ?",
               month_start(today, 2).isoformat(), c["id"])
    issue(admin, server, ym(month_start(today, 1)))
    inv = [i for i in invoices_of(s, server) if i["month"] == ym(month_start(today, 1))][0]
    return s, c, inv


def overdue(server, inv, days):
    due = today_jst() - datetime.timedelta(days=days)
    server.sql("UPDATE invoices SET due_on = ? WHERE id = ?", due.isoformat(), inv["id"])
    return due


def reminders(server, inv, want, wait=10):
    """The (step, days_past_due) reminders of inv once there are `want` (waits that long)."""
    deadline = time.time() + wait
    while True:
        rows = server.sql("SELECT step, days_past_due FROM dunning_reminders WHERE invoice_id = ? "
                          "ORDER BY step", inv["id"])
        if len(rows) >= want or time.time() > deadline:
            return [tuple(r) for r in rows]
        time.sleep(0.1)


def dunning_mails(server, email):
    return [m for m in server.outbox(to=email, template="notice")
            if "請求書番号" in m["body_text"] or "Invoice number" in m["body_text"]]


def test_reminders_once_per_step_then_a_proposal_the_operator_dismisses(server, admin, cat):
    """TOS-6, TOS-7: 8 days past due -> the 7-day reminder to the tenant admin (様, the invoice
    number, 1,116円, the due date written 2026年12月5日, no secret), once however often the job
    runs, also with a second instance on the same database (the lease and the per-step claim);
    40 days -> only the last step's reminder (not the missed 21-day one), which warns of a
    suspension and makes one proposal with the figures; the operator dismisses it (audited); a
    contractor cannot see or decide proposals."""
    code = unique("DA").upper()
    s, c, inv = invoiced(server, admin, cat, code)
    email = "yamada@%s.example.jp" % code.lower()
    assert reminders(server, inv, 1, wait=1.5) == []  # not due yet: nothing
    due = overdue(server, inv, 8)

    # A second instance on the same database: the reminder is still sent once.
    other = Server(driver=server.driver, env={
        **SERVER_ENV, "ANSHIN_STORE_PATH": server.env["ANSHIN_STORE_PATH"],
        "ANSHIN_KEYS_MASTER_KEY_FILE": server.env["ANSHIN_KEYS_MASTER_KEY_FILE"],
        **({"ANSHIN_STORE_URL": server.env["ANSHIN_STORE_URL"]}
           if "ANSHIN_STORE_URL" in server.env else {})})
    other.start()
    try:
        assert reminders(server, inv, 1) == [(7, 8)]
        time.sleep(2.5)  # both instances ran again: nothing more
    finally:
        other.stop()
    assert reminders(server, inv, 2, wait=0) == [(7, 8)]
    mails = dunning_mails(server, email)
    assert len(mails) == 1, mails
    body, subject = mails[0]["body_text"], mails[0]["subject"]
    assert body.split("\n")[0].endswith(" 様"), body
    assert inv["number"] in subject and inv["number"] in body
    assert "1,116円" in body and jp_date(due) in body and "8日経過" in body
    assert cat["shop"]["name"] in body and "第11条" not in body
    assert "password" not in body.lower() and "token" not in body.lower()
    notices = s.get(server.url + "/api/v1/notices").json()["items"]
    assert any(inv["number"] in n["title"] for n in notices)

    overdue(server, inv, 40)
    assert reminders(server, inv, 2) == [(7, 8), (35, 40)]  # 21 was missed: not sent late
    last = dunning_mails(server, email)[-1]["body_text"]
    assert "第11条第3項" in last and "40日経過" in last
    r = admin.get(server.url + "/api/v1/dunning/proposals")
    assert r.status_code == 200, r.text
    assert r.json()["steps"] == [7, 21, 35]
    mine = [p for p in r.json()["items"] if p["invoice_id"] == inv["id"]]
    assert len(mine) == 1, r.json()
    p = mine[0]
    assert (p["status"], p["number"], p["days_past_due"], p["open_amount"], p["open_now"],
            p["reminders"]) == ("open", inv["number"], 40, 1116, 1116, 2)
    assert p["company_name"] == inv["recipient_name"] and p["shop_name"] == cat["shop"]["name"]

    assert s.get(server.url + "/api/v1/dunning/proposals").status_code == 403
    assert s.post(server.url + "/api/v1/dunning/proposals/%d/dismiss" % p["id"],
                  json={}).status_code == 403
    url = server.url + "/api/v1/dunning/proposals/%d/" % p["id"]
    r = admin.post(url + "dismiss", json={"reason": "分割払いの相談中"})
    assert r.status_code == 200, r.text
    assert r.json()["proposal"]["status"] == "dismissed"
    again = admin.post(url + "suspend", json={"reason": "未払い"})
    assert again.status_code == 409 and again.json()["type"] == "/problems/proposal-decided"
    assert server.sql("SELECT COUNT(*) FROM audit_events WHERE action = 'dunning.dismiss' AND "
                      "tenant_id = ?", c["tenant_id"])[0][0] == 1
    assert server.sql("SELECT COUNT(*) FROM audit_events WHERE action = 'dunning.remind' AND "
                      "tenant_id = ?", c["tenant_id"])[0][0] == 2
    assert server.sql("SELECT status FROM tenants WHERE id = ?", c["tenant_id"])[0][0] == "active"


def test_the_operator_suspends_on_a_proposal(server, admin, cat):
    """TOS-6: the proposal's "suspend" needs a reason, suspends the tenant (its admin can no longer
    sign in), closes the proposal and is audited (dunning.suspend and tenant.suspend). The
    reminder came in the admin's own language (English). A paid invoice is never reminded."""
    code = unique("DS").upper()
    s, c, inv = invoiced(server, admin, cat, code)
    assert s.put(server.url + "/api/v1/me/language", json={"language": "en"}).status_code in (200, 204)
    overdue(server, inv, 36)
    assert reminders(server, inv, 1) == [(35, 36)]
    en = dunning_mails(server, "yamada@%s.example.jp" % code.lower())[-1]["body_text"]
    assert en.startswith("Dear ") and "¥1,116" in en and "Art. 11(3)" in en, en
    p = [x for x in admin.get(server.url + "/api/v1/dunning/proposals").json()["items"]
         if x["invoice_id"] == inv["id"]][0]
    url = server.url + "/api/v1/dunning/proposals/%d/suspend" % p["id"]
    bad = admin.post(url, json={})
    assert bad.status_code == 400, bad.text
    r = admin.post(url, json={"reason": "ご請求の未払いのため"})
    assert r.status_code == 200, r.text
    assert r.json()["proposal"]["status"] == "suspended"
    assert server.sql("SELECT status FROM tenants WHERE id = ?", c["tenant_id"])[0][0] != "active"
    assert s.get(server.url + "/api/v1/invoices").status_code == 401  # its sessions ended
    for action in ("dunning.suspend", "tenant.suspend"):
        assert server.sql("SELECT COUNT(*) FROM audit_events WHERE action = ? AND tenant_id = ?",
                          action, c["tenant_id"])[0][0] == 1, action

    # Paid in full: no reminder however late.
    code = unique("DP").upper()
    _, _, paid = invoiced(server, admin, cat, code)
    r = admin.post(server.url + "/api/v1/payments", json={
        "invoice_number": paid["number"], "amount": 1116, "paid_on": today_jst().isoformat()})
    assert r.status_code == 201, r.text
    overdue(server, paid, 50)
    assert reminders(server, paid, 1, wait=2.5) == []


def shop_staff(server, admin, shop_id):
    """A session of a new staff account of the shop (role shop)."""
    login = unique("shopper")
    r = admin.post(server.url + "/api/v1/staff",
                   json={"login": login, "roles": ["shop"], "shop_id": shop_id})
    assert r.status_code == 201, r.text
    first = r.json()["initial_password"]
    s = requests.Session()
    r = s.post(server.url + "/api/v1/auth/login", json={"login": login, "password": first})
    assert r.status_code == 200, r.text
    s.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    r = s.post(server.url + "/api/v1/me/password",
               json={"current_password": first, "new_password": "Shop-Staff-Passw0rd-26!"})
    assert r.status_code == 204, r.text
    return s


def pdf_text(data):
    with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as f:
        f.write(data)
    try:
        return subprocess.run(["pdftotext", "-layout", f.name, "-"], capture_output=True,
                              check=True).stdout.decode("utf-8")
    finally:
        os.unlink(f.name)


def test_the_invoice_pdf(server, admin, cat):
    """TOS-13, TOS-20: GET /invoices/{id}/pdf is a PDF laid out as a qualified invoice — the
    shop's name and registration number, the recipient, the number, the lines and per tax rate
    the taxable total and the tax — for the contractor, the invoice's shop and the operator; not
    for another contractor or shop (404). A credit note's PDF names the invoice it corrects."""
    code = unique("DF").upper()
    s, c, inv = invoiced(server, admin, cat, code)
    url = server.url + "/api/v1/invoices/%d/pdf" % inv["id"]
    r = s.get(url)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("application/pdf")
    assert r.content.startswith(b"%PDF")
    assert inv["number"] in r.headers.get("Content-Disposition", "")
    text = pdf_text(r.content)
    for want in (inv["number"], "T9876543210987", cat["shop"]["name"], inv["recipient_name"],
                 "請求書（適格請求書）", "1,015円", "101円", "1,116円", c["number"]):
        assert want in text, (want, text)
    en = s.get(url, headers={"Accept-Language": "en"})
    assert en.status_code == 200

    assert shop_staff(server, admin, cat["shop"]["id"]).get(url).status_code == 200
    other_cat = setup_catalogue(server, admin, unique("dx"))
    assert shop_staff(server, admin, other_cat["shop"]["id"]).get(url).status_code == 404
    other, _ = contractor(server, admin, cat, unique("DG").upper())
    assert other.get(url).status_code == 404
    assert admin.get(url).status_code == 200

    r = admin.post(server.url + "/api/v1/invoices/%d/credit-note" % inv["id"],
                   json={"reason": "金額の訂正"})
    assert r.status_code == 201, r.text
    cn = r.json()["credit_note"]
    text = pdf_text(s.get(server.url + "/api/v1/invoices/%d/pdf" % cn["id"]).content)
    assert "返還請求書" in text and inv["number"] in text and "金額の訂正" in text, text
    assert "-1,116円" in text
