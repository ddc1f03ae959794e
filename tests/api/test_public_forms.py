"""M6 and L4 (issue 8): the public application and report forms.

M6: the forms took any number of submissions, each application mailed an address of the
submitter's choosing with the submitter's text through the operator's relay, and a 409 told
whether a company code exists. Now: per-IP and global limits on public writes (429 with
Retry-After), a first mail that carries only a confirmation link (no submitted text), the
application reaches the operator only once the address is confirmed, and the answer is the same
"received" whether the code is taken or not (the operator console shows a taken code).
L4: a long multibyte company name no longer cuts the receipt mid-character and loses it.
TOS-1, TOS-14, TOS-17, TOS-21, MARK-4-1-3, SLA-21."""
import email
import email.policy
import re
import time

import pytest
import requests

from conftest import unique
from market import application, confirm_token, confirmation_mail, setup_catalogue
from tenancy import create_tenant
from test_mail import Sink


@pytest.fixture(scope="module")
def cat(server):
    return setup_catalogue(server, server.login("admin"), unique("pf"))


def problem(r, status, slug):
    assert r.status_code == status, r.text
    assert r.headers["Content-Type"].startswith("application/problem+json")
    assert r.json()["type"] == "/problems/" + slug
    return r.json()


def listed_ids(admin, server, **params):
    r = admin.get(server.url + "/api/v1/applications", params=dict(params, limit=100))
    assert r.status_code == 200, r.text
    return [a["id"] for a in r.json()["items"]]


def test_a_taken_company_code_gets_the_same_answer(server, admin, cat):
    """M6: no oracle of existing company codes: a taken code and a free one get the same status
    and body; the operator console flags the taken one once confirmed."""
    taken = unique("TK").upper()
    create_tenant(server, admin, taken, "既存株式会社")
    free = unique("FR").upper()
    a = requests.post(server.url + "/api/v1/applications", json=application(cat, taken))
    b = requests.post(server.url + "/api/v1/applications", json=application(cat, free))
    assert a.status_code == b.status_code == 202, (a.text, b.text)
    assert a.json() == b.json() == {"status": "received"}
    body = application(cat, taken)
    tok = confirm_token(server, body["responsible_email"])
    r = requests.post(server.url + "/api/v1/applications/confirm", json={"token": tok})
    assert r.status_code == 200, r.text
    app_id = r.json()["application"]["id"]
    got = admin.get(server.url + "/api/v1/applications/%d" % app_id).json()["application"]
    assert got["company_code_taken"] is True and got["status"] == "pending"
    # Approving it cannot take over the existing tenant.
    problem(admin.post(server.url + "/api/v1/applications/%d/approve" % app_id, json={}), 409,
            "company-code-taken")


def test_the_first_mail_carries_no_submitted_text(server, admin, cat):
    """M6: the address is not verified yet, so the mail to it holds a confirmation link and our
    own fixed text only: nothing the submitter typed (company, names, address, phone)."""
    code = unique("SP").upper()
    bait = "★今すぐ http://evil.example/ にアクセス★"
    body = application(cat, code, company_name=bait, responsible_name=bait, address=bait)
    r = requests.post(server.url + "/api/v1/applications", json=body)
    assert r.status_code == 202, r.text
    m = confirmation_mail(server, body["responsible_email"])
    assert bait not in m["subject"] and bait not in m["body_text"]
    assert "evil.example" not in m["body_text"]
    assert re.search(r"/apply\?confirm=[A-Za-z0-9_-]{40,}", m["body_text"])
    # Exactly one mail to that address so far: no receipt before the confirmation.
    n = len(server.outbox(body["responsible_email"]))
    assert n == 1


def test_the_operator_sees_an_application_only_once_confirmed(server, admin, cat):
    """M6: unconfirmed applications do not reach the operator's queue; the confirmation makes it
    pending, and only then goes a receipt (with the application's details) to the now verified
    address. A token works once; a wrong one is refused."""
    code = unique("CF").upper()
    body = application(cat, code)
    assert requests.post(server.url + "/api/v1/applications", json=body).status_code == 202
    before = admin.get(server.url + "/api/v1/applications", params={"limit": 100}).json()["items"]
    assert not any(a["company_code"] == code for a in before)
    problem(requests.post(server.url + "/api/v1/applications/confirm",
                          json={"token": "x" * 43}), 400, "confirmation-invalid")
    tok = confirm_token(server, body["responsible_email"])
    r = requests.post(server.url + "/api/v1/applications/confirm", json={"token": tok})
    assert r.status_code == 200, r.text
    app = r.json()["application"]
    assert app["status"] == "pending" and app["company_code"] == code
    assert app["id"] in listed_ids(admin, server, status="pending")
    problem(requests.post(server.url + "/api/v1/applications/confirm", json={"token": tok}),
            400, "confirmation-invalid")
    subjects = [m["subject"] for m in server.outbox(body["responsible_email"])]
    assert len(subjects) == 2 and "お申込み受付" in subjects[1]


def test_an_expired_confirmation_is_refused(server, admin, cat):
    code = unique("EX").upper()
    body = application(cat, code)
    assert requests.post(server.url + "/api/v1/applications", json=body).status_code == 202
    tok = confirm_token(server, body["responsible_email"])
    server.sql("UPDATE applications SET confirm_expires_at = 1 WHERE company_code = ?", code)
    problem(requests.post(server.url + "/api/v1/applications/confirm", json={"token": tok}),
            400, "confirmation-invalid")


def limited_server(make_server, **env):
    e = {"ANSHIN_PUBLIC_WRITE_RATE_PER_IP": "3", "ANSHIN_PUBLIC_WRITE_RATE_GLOBAL": "1000",
         "ANSHIN_PUBLIC_WRITE_WINDOW_SECONDS": "600",
         "ANSHIN_SERVER_TRUSTED_PROXIES": "127.0.0.1"}
    e.update(env)
    srv = make_server(env=e)
    srv.create_staff("admin")
    return srv.start()


def assert_limited(r):
    p = problem(r, 429, "rate-limited")
    assert 1 <= int(r.headers["Retry-After"]) <= 600
    return p


def test_applications_and_reports_are_limited_per_address(make_server):
    """M6: the fourth public write from one address within the window is refused with 429 and
    Retry-After, for applications and reports alike; another address still gets through."""
    srv = limited_server(make_server)
    cat = setup_catalogue(srv, srv.login("admin"), unique("rl"))
    ip = {"X-Forwarded-For": "198.51.100.7"}
    for i in range(3):
        r = requests.post(srv.url + "/api/v1/applications", headers=ip,
                          json=application(cat, unique("RL").upper()))
        assert r.status_code == 202, (i, r.text)
    assert_limited(requests.post(srv.url + "/api/v1/applications", headers=ip,
                                 json=application(cat, unique("RL").upper())))
    assert_limited(requests.post(srv.url + "/api/v1/reports", headers=ip,
                                 json={"category": "spam", "description": "迷惑"}))
    other = {"X-Forwarded-For": "198.51.100.8"}
    r = requests.post(srv.url + "/api/v1/reports", headers=other,
                      json={"category": "spam", "description": "迷惑"})
    assert r.status_code == 201, r.text
    n = srv.sql("SELECT COUNT(*) FROM applications")[0][0]
    assert n == 3


def test_public_writes_have_a_global_limit(make_server):
    """M6: many addresses together are held by the global limit."""
    srv = limited_server(make_server, ANSHIN_PUBLIC_WRITE_RATE_PER_IP="100",
                         ANSHIN_PUBLIC_WRITE_RATE_GLOBAL="5")
    codes = []
    for i in range(5):
        r = requests.post(srv.url + "/api/v1/reports", headers={"X-Forwarded-For": "203.0.113.%d" % i},
                          json={"category": "spam", "description": "迷惑 %d" % i})
        assert r.status_code == 201, (i, r.text)
    assert_limited(requests.post(srv.url + "/api/v1/reports",
                                 headers={"X-Forwarded-For": "203.0.113.99"},
                                 json={"category": "spam", "description": "迷惑"}))
    assert srv.sql("SELECT COUNT(*) FROM ticket_reports")[0][0] == 5


def test_one_address_gets_few_confirmation_mails(make_server):
    """M6: the relay cannot be turned on one victim's inbox from many addresses: confirmation
    mails to one recipient are limited like writes from one address."""
    srv = limited_server(make_server, ANSHIN_PUBLIC_WRITE_RATE_PER_IP="100",
                         ANSHIN_PUBLIC_MAIL_RATE_PER_RECIPIENT="3")
    cat = setup_catalogue(srv, srv.login("admin"), unique("vm"))
    victim = "victim@%s.example.jp" % unique("v")
    answers = []
    for i in range(6):
        r = requests.post(srv.url + "/api/v1/applications",
                          headers={"X-Forwarded-For": "192.0.2.%d" % (i + 1)},
                          json=application(cat, unique("VM").upper(), responsible_email=victim))
        answers.append(r.status_code)
    # Each answer is the same generic one; only three mails go out.
    assert set(answers) == {202}
    assert len(srv.outbox(victim)) == 3


@pytest.mark.parametrize("wide", [196, 195, 194])
def test_receipt_for_a_long_multibyte_company_name_arrives_intact(make_server, wide):
    """L4: a 200-character Japanese company name (with 𠮷, four bytes in UTF-8: 796 bytes) once
    overflowed a fixed 1 KiB body, was cut inside a character and the receipt was dropped while
    the API said 201. The receipt now reaches the SMTP sink with the whole name."""
    sink = Sink().start()
    try:
        srv = make_server(env={"ANSHIN_MAIL_RELAY": "smtp://127.0.0.1:%d" % sink.port,
                               "ANSHIN_MAIL_POLL_INTERVAL_MS": "100"})
        srv.create_staff("admin")
        srv.start()
        cat = setup_catalogue(srv, srv.login("admin"), unique("ln"))
        name = "株式会社" + "𠮷" * wide + "あ" * (196 - wide)  # the cut falls anywhere
        assert len(name) == 200
        code = unique("LN").upper()
        body = application(cat, code, company_name=name)
        r = requests.post(srv.url + "/api/v1/applications", json=body)
        assert r.status_code in (201, 202), r.text
        to = body["responsible_email"]
        if r.status_code == 202:
            tok = confirm_token(srv, to)
            r = requests.post(srv.url + "/api/v1/applications/confirm", json={"token": tok})
            assert r.status_code == 200, r.text
        deadline = time.time() + 15
        found = None
        while time.time() < deadline and not found:
            with sink.lock:
                for e in sink.envelopes:
                    if to in e.rcpt_tos:
                        msg = email.message_from_bytes(e.original_content,
                                                       policy=email.policy.default)
                        if "お申込み受付" in msg["Subject"]:
                            found = msg
            time.sleep(0.1)
        assert found, "the receipt never reached the sink"
        text = found.get_content()
        # The whole text: the name and the sentences after it, nothing cut off.
        assert name in text and "（利用規約第9条）。" in text
    finally:
        sink.stop()
