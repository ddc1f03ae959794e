"""Support by e-mail (issue 13 item 2, MARK-5-1-1): answers go out through the outbox with the
ticket's reference; the support mailbox is read over IMAP (libcurl) from a real Dovecot; a
reply threads into its ticket by the reference and reopens it; a new mail opens a ticket; HTML
is reduced to safe text; attachments are kept type-checked and sealed, and refused otherwise."""
import base64
import time

import pytest

from conftest import DRIVER, PG_URL, Server, unique
from imapd import Dovecot
from tenancy import create_tenant, user_session


@pytest.fixture(scope="module")
def mailbox():
    d = Dovecot().start()
    yield d
    d.stop()


@pytest.fixture(scope="module")
def srv(mailbox):
    if DRIVER == "postgres" and not PG_URL:
        pytest.skip("PostgreSQL is not available (ANSHIN_TEST_PG_URL unset)")
    s = Server(driver=DRIVER, env={"ANSHIN_SUPPORT_IMAP_URL": mailbox.url,
                                   "ANSHIN_SUPPORT_IMAP_USERNAME": mailbox.user,
                                   "ANSHIN_SUPPORT_IMAP_PASSWORD": mailbox.password,
                                   "ANSHIN_SUPPORT_IMAP_STARTTLS": "false",
                                   "ANSHIN_SUPPORT_IMAP_POLL_SECONDS": "1"})
    s.create_staff("admin")
    s.start()
    yield s
    s.stop()


def wait_for(fn, timeout=15):
    deadline = time.time() + timeout
    while time.time() < deadline:
        v = fn()
        if v:
            return v
        time.sleep(0.2)
    raise AssertionError("timed out")


def message(frm, subject, body, html=None, attachments=()):
    """A MIME message (bytes) as a mail client would send it."""
    from email.message import EmailMessage
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = frm, "support@anshin.test", subject
    m.set_content(body)
    if html:
        m.add_alternative(html, subtype="html")
    for name, ctype, data in attachments:
        maintype, subtype = ctype.split("/")
        m.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return bytes(m)


PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


def test_reply_by_mail_threads_into_its_ticket(srv, mailbox):
    """A contractor's ticket is answered by staff (mailed with the reference); the contractor's
    reply by mail, delivered into the real IMAP mailbox, threads into the same ticket, reopens
    it and keeps its PNG attachment (sealed; it downloads intact) while an executable disguised
    as a PNG is refused."""
    admin = srv.login("admin")
    t = create_tenant(srv, admin, unique("ML").upper(), "メール株式会社")
    s = user_session(srv, t["tenant"]["company_code"], "admin1", t["initial_password"])
    tid = s.post(srv.url + "/api/v1/tickets", json={"category": "question", "subject": "請求について",
                                                   "body": "請求書の宛名を変えたい"}).json()["id"]
    r = admin.post(srv.url + "/api/v1/tickets/%d/messages" % tid, json={"body": "宛名をお知らせください。"})
    assert r.status_code == 200, r.text
    ticket = r.json()["ticket"]
    assert ticket["status"] == "waiting"
    ref, addr = ticket["ref"], ticket["requester_email"]
    answer = [m for m in admin.get(srv.url + "/api/v1/mail", params={"limit": 500}).json()["items"]
              if m["to"] == addr and ref in m["subject"] and "請求について" in m["subject"]]
    assert answer, "the answer was not queued with the reference"
    mailbox.deliver(message(addr.upper(), "Re: 【anshin サポート】請求について [%s]" % ref,
                            "宛名は「株式会社メール 経理部」でお願いします。",
                            attachments=[("scan.png", "image/png", PNG),
                                         ("tool.png", "image/png", b"MZ\x90\x00binary")]))

    def threaded():
        t2 = s.get(srv.url + "/api/v1/tickets/%d" % tid).json()["ticket"]
        return t2 if any("経理部" in e["body"] for e in t2["history"]) else None
    t2 = wait_for(threaded)
    assert t2["status"] == "open" and not t2["sla"]["paused"]
    assert [a["filename"] for a in t2["attachments"]] == ["scan.png"]
    a = t2["attachments"][0]
    assert a["content_type"] == "image/png" and a["size"] == len(PNG)
    got = s.get(srv.url + "/api/v1/tickets/%d/attachments/%d" % (tid, a["id"]))
    assert got.status_code == 200 and got.content == PNG
    # Stored sealed: the plain bytes are nowhere in the table.
    rows = srv.sql("SELECT sealed FROM ticket_attachments WHERE id = ?", a["id"])
    assert PNG not in bytes(rows[0][0])
    full = admin.get(srv.url + "/api/v1/tickets/%d" % tid).json()["ticket"]
    assert any(e["kind"] == "attachment_refused" and "tool.png" in e["detail"]
               for e in full["history"])
    # Only one ticket: the reply did not open another.
    assert [i["id"] for i in s.get(srv.url + "/api/v1/tickets").json()["items"]] == [tid]


def test_new_mail_opens_ticket_with_html_reduced(srv, mailbox):
    """A mail without a reference (or with one from another address) opens a new ticket on the
    e-mail channel; its HTML-only body becomes plain text without markup or script."""
    admin = srv.login("admin")
    html = ("<html><head><style>p{color:red}</style><script>alert('x')</script></head><body>"
            "<p>サービスが<b>止まって</b>います</p><img src=http://evil.example/x.png>"
            "<a href='http://evil.example'>詳細</a></body></html>")
    from email.message import EmailMessage
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = "田中 <tanaka@example.jp>", "support@anshin.test", "障害の報告 [S-0000000000]"
    m.set_content(html, subtype="html")
    mailbox.deliver(bytes(m))

    def opened():
        items = admin.get(srv.url + "/api/v1/tickets").json()["items"]
        return [i for i in items if i["requester_email"] == "tanaka@example.jp"]
    items = wait_for(opened)
    assert items[0]["channel"] == "email" and items[0]["requester_name"] == "田中"
    t = admin.get(srv.url + "/api/v1/tickets/%d" % items[0]["id"]).json()["ticket"]
    text = t["history"][0]["body"]
    assert "サービスが止まっています" in text and "詳細" in text
    for bad in ("<", "alert", "color:red", "evil.example"):
        assert bad not in text, text
    # The acknowledgement goes back to the sender with the new reference.
    acks = [x for x in admin.get(srv.url + "/api/v1/mail", params={"limit": 500}).json()["items"]
            if x["to"] == "tanaka@example.jp"]
    assert acks and t["ref"] in acks[0]["subject"]


def test_mail_from_one_tenant_user_is_assigned_to_the_tenant(srv, mailbox):
    """MARK-5-1-1 (issue 13 item 5): a mail without a reference from an address that belongs to
    exactly one tenant user opens a ticket of that tenant (the contractor sees it in its list);
    from an address two tenants' users share it stays unassigned (tenant 0) for staff."""
    admin = srv.login("admin")
    code = unique("MT").upper()
    t = create_tenant(srv, admin, code, "照合株式会社")
    s = user_session(srv, code, "admin1", t["initial_password"])
    own = "owner@%s.example.jp" % code.lower()
    mailbox.deliver(message("経理 <%s>" % own.upper(), "請求書の再発行", "先月分をお願いします。"))
    mine = wait_for(lambda: [i for i in s.get(srv.url + "/api/v1/tickets").json()["items"]
                             if i["subject"] == "請求書の再発行"])
    assert mine[0]["tenant_id"] == t["tenant"]["id"] and mine[0]["channel"] == "email"
    # A second tenant whose responsible person has the same address: ambiguous.
    shared = "shared-%s@example.jp" % unique("s")
    for n in range(2):
        r = admin.post(srv.url + "/api/v1/tenants", json={
            "company_code": unique("SH").upper(), "name": "共有%d" % n, "responsible_name": "共有",
            "responsible_email": shared, "admin_login": "admin1"})
        assert r.status_code == 201, r.text
    mailbox.deliver(message(shared, "どちらの会社か不明", "本文"))
    items = wait_for(lambda: [i for i in admin.get(srv.url + "/api/v1/tickets").json()["items"]
                              if i["subject"] == "どちらの会社か不明"])
    assert items[0]["tenant_id"] == 0
