"""E-mail delivery (TOS-21: notices by e-mail are recorded): the outbox, the SMTP sender and the
operator's read-only view. A real SMTP server (aiosmtpd) runs in the test process; mail is queued
with `anshin mail test`, delivered by the running server's sender, and read back from the sink."""
import base64
import email
import email.policy
import email.utils
import re
import threading
import time
from datetime import datetime, timezone

import pytest
import requests
from aiosmtpd.controller import Controller

from conftest import drivers, free_port, unique

JA_SUBJECT = "anshin からのテストメール"
EN_SUBJECT = "Test message from anshin"


class Sink:
    """An SMTP server collecting every message it is given."""

    def __init__(self):
        self.port = free_port()
        self.envelopes = []
        self.lock = threading.Lock()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.envelopes.append(envelope)
        return "250 2.0.0 Message accepted"

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()

    def wait_for(self, rcpt, timeout=15):
        deadline = time.time() + timeout
        while time.time() < deadline:
            with self.lock:
                for e in self.envelopes:
                    if rcpt in e.rcpt_tos:
                        return e
            time.sleep(0.05)
        raise AssertionError("no mail for %s reached the sink" % rcpt)


@pytest.fixture
def sink():
    s = Sink().start()
    yield s
    s.stop()


def mail_server(make_server, driver="sqlite", relay=None, roles=("admin",)):
    env = {"ANSHIN_MAIL_POLL_INTERVAL_MS": "100"}
    if relay:
        env["ANSHIN_MAIL_RELAY"] = relay
    srv = make_server(driver, env=env)
    for role in roles:
        srv.create_staff(role + "1", roles=role)
    return srv.start()


def queue_test_mail(srv, to, lang=None):
    args = ["mail", "test", "--to", to] + (["--lang", lang] if lang else [])
    r = srv.cli(*args)
    assert r.returncode == 0, r.stderr
    m = re.search(r"queued: mail (\d+)", r.stdout)
    assert m, r.stdout
    return int(m.group(1))


def wait_mail(session, srv, mail_id, cond, timeout=15):
    deadline = time.time() + timeout
    while True:
        r = session.get(srv.url + "/api/v1/mail/%d" % mail_id)
        assert r.status_code == 200, r.text
        body = r.json()
        if cond(body) or time.time() > deadline:
            return body
        time.sleep(0.1)


def parse_time(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


@pytest.mark.parametrize("driver", drivers())
def test_test_mail_is_delivered_well_formed_and_recorded(make_server, sink, driver):
    srv = mail_server(make_server, driver, relay="smtp://127.0.0.1:%d" % sink.port)
    to = unique("taro") + "@example.jp"
    mail_id = queue_test_mail(srv, to)
    env = sink.wait_for(to)
    assert env.mail_from == "no-reply@anshin.localhost" and env.rcpt_tos == [to]

    raw = env.original_content
    head, _, body = raw.partition(b"\r\n\r\n")
    assert all(line.isascii() for line in raw.split(b"\r\n")), "the message is 7-bit clean"
    headers = email.message_from_bytes(head + b"\r\n\r\n", policy=email.policy.compat32)
    assert headers["MIME-Version"] == "1.0"
    assert headers["Content-Type"] == "text/plain; charset=UTF-8"
    assert headers["Content-Transfer-Encoding"] == "base64"
    assert headers["To"] == to
    assert headers["From"] == "anshin <no-reply@anshin.localhost>"
    assert re.fullmatch(r"<[0-9a-f]{32}@anshin\.localhost>", headers["Message-ID"])
    date = email.utils.parsedate_to_datetime(headers["Date"])
    assert abs((date - datetime.now(timezone.utc)).total_seconds()) < 60
    assert headers["Date"].endswith("+0900")
    assert headers["Subject"].startswith("=?UTF-8?B?")
    for line in body.split(b"\r\n"):
        assert len(line) <= 76

    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert msg["Subject"] == JA_SUBJECT
    text = msg.get_content()
    assert "テストメール" in text and "anshin 運営事務局" in text
    decoded = base64.b64decode(body).decode("utf-8")
    assert decoded == text and "\r\n" in decoded and "\n" not in decoded.replace("\r\n", "")

    admin = srv.login("admin1")
    got = wait_mail(admin, srv, mail_id, lambda b: b["mail"]["status"] == "sent")
    m = got["mail"]
    assert m["status"] == "sent" and m["attempts"] == 1 and m["sent_at"]
    assert m["to"] == to and m["subject"] == JA_SUBJECT and m["template"] == "test"
    assert got["deliveries"] and got["deliveries"][0]["attempt"] == 1
    assert got["deliveries"][0]["outcome"] == "sent"
    assert got["deliveries"][0]["smtp_response"].startswith("250")

    # TOS-21: queuing and delivery are in the audit log.
    ev = admin.get(srv.url + "/api/v1/audit/events", params={"action": "mail.queue"}).json()
    assert any(e["target"] == "mail:%d" % mail_id and e["details"]["to"] == to
               for e in ev["items"])
    ev = admin.get(srv.url + "/api/v1/audit/events", params={"action": "mail.deliver"}).json()
    assert any(e["target"] == "mail:%d" % mail_id and e["outcome"] == "success"
               for e in ev["items"])


@pytest.mark.parametrize("driver", drivers())
def test_two_instances_deliver_each_message_once(make_server, sink, driver):
    """Several servers share one database: claims keep them from sending a message twice."""
    env = {"ANSHIN_MAIL_RELAY": "smtp://127.0.0.1:%d" % sink.port,
           "ANSHIN_MAIL_POLL_INTERVAL_MS": "100"}
    first = make_server(driver, env=env)
    shared = dict(env, ANSHIN_KEYS_MASTER_KEY_FILE=first.env["ANSHIN_KEYS_MASTER_KEY_FILE"],
                  ANSHIN_STORE_PATH=first.env["ANSHIN_STORE_PATH"])
    if driver == "postgres":
        shared["ANSHIN_STORE_URL"] = first.env["ANSHIN_STORE_URL"]
    second = make_server(driver, env=shared)
    first.create_staff("admin1")
    rcpts = [unique("m%02d-" % i) + "@example.jp" for i in range(30)]
    for to in rcpts:
        queue_test_mail(first, to)
    first.start()
    second.start()
    for to in rcpts:
        sink.wait_for(to)
    time.sleep(0.5)  # a duplicate would arrive now
    with sink.lock:
        got = [r for e in sink.envelopes for r in e.rcpt_tos]
    assert sorted(got) == sorted(rcpts)
    admin = first.login("admin1")
    items = admin.get(first.url + "/api/v1/mail", params={"limit": 100}).json()["items"]
    assert len(items) == 30 and all(i["status"] == "sent" and i["attempts"] == 1 for i in items)


def test_english_template(make_server, sink):
    srv = mail_server(make_server, relay="smtp://127.0.0.1:%d" % sink.port)
    to = unique("jane") + "@example.com"
    queue_test_mail(srv, to, lang="en")
    msg = email.message_from_bytes(sink.wait_for(to).original_content,
                                   policy=email.policy.default)
    assert msg["Subject"] == EN_SUBJECT
    assert "The anshin operations team" in msg.get_content()


def test_a_failed_attempt_is_retried_after_a_minute(make_server):
    # Nothing listens on this port: the relay is down.
    srv = mail_server(make_server, relay="smtp://127.0.0.1:%d" % free_port())
    mail_id = queue_test_mail(srv, unique("down") + "@example.jp")
    admin = srv.login("admin1")
    got = wait_mail(admin, srv, mail_id, lambda b: b["deliveries"])
    m = got["mail"]
    assert m["status"] == "queued" and m["attempts"] == 1, m
    assert m["last_error"]
    delay = (parse_time(m["next_attempt_at"]) - parse_time(got["deliveries"][0]["at"]))
    assert 55 <= delay.total_seconds() <= 65, delay
    assert [d["outcome"] for d in got["deliveries"]] == ["retry"]
    assert got["deliveries"][0]["smtp_response"] == m["last_error"]
    # Not tried again before it is due.
    time.sleep(0.5)
    again = admin.get(srv.url + "/api/v1/mail/%d" % mail_id).json()
    assert again["mail"]["attempts"] == 1 and len(again["deliveries"]) == 1


def test_without_a_relay_mail_stays_queued_for_operators(make_server):
    srv = mail_server(make_server, roles=("admin", "support", "auditor"))
    to = unique("hanako") + "@example.jp"
    mail_id = queue_test_mail(srv, to)
    time.sleep(0.5)  # several poll intervals: nothing picks it up
    admin = srv.login("admin1")
    r = admin.get(srv.url + "/api/v1/mail")
    assert r.status_code == 200, r.text
    listed = r.json()
    assert listed["queued"] >= 1
    item = next(i for i in listed["items"] if i["id"] == mail_id)
    assert item["status"] == "queued" and item["attempts"] == 0 and item["to"] == to
    assert "body_text" not in item
    one = admin.get(srv.url + "/api/v1/mail/%d" % mail_id).json()
    assert "テストメール" in one["mail"]["body_text"] and one["deliveries"] == []

    support = srv.login("support1")
    assert support.get(srv.url + "/api/v1/mail").status_code == 200
    assert support.get(srv.url + "/api/v1/mail/%d" % mail_id).status_code == 200
    auditor = srv.login("auditor1")
    assert auditor.get(srv.url + "/api/v1/mail").status_code == 403
    assert auditor.get(srv.url + "/api/v1/mail/%d" % mail_id).status_code == 403
    assert requests.get(srv.url + "/api/v1/mail").status_code == 401
    assert requests.get(srv.url + "/api/v1/mail/%d" % mail_id).status_code == 401
    assert admin.get(srv.url + "/api/v1/mail/999999").status_code == 404
    assert admin.get(srv.url + "/api/v1/mail", params={"limit": "0"}).status_code == 400

    # Reading a message (it may hold a sign-in code) is in the audit log.
    ev = admin.get(srv.url + "/api/v1/audit/events", params={"action": "mail.read"}).json()
    assert {e["actor"] for e in ev["items"]} >= {"admin1", "support1"}


def test_newest_first_with_paging(make_server):
    srv = mail_server(make_server)
    ids = [queue_test_mail(srv, unique("p") + "@example.jp") for _ in range(3)]
    admin = srv.login("admin1")
    first = admin.get(srv.url + "/api/v1/mail", params={"limit": 2}).json()
    assert [i["id"] for i in first["items"]] == ids[::-1][:2]
    # Keyset pages (issue 20): the next page starts after the cursor the first one ends with.
    items = admin.get(srv.url + "/api/v1/mail",
                      params={"limit": 2, "cursor": first["next_cursor"]}).json()["items"]
    assert [i["id"] for i in items][:1] == ids[:1]
    assert admin.get(srv.url + "/api/v1/mail", params={"offset": 2}).status_code == 400


def test_bad_addresses_and_header_injection_are_refused(make_server):
    srv = mail_server(make_server)
    for to in ["a@b.c\r\nBcc: x@y.z", "a@b.c\nBcc: x@y.z", "two@at@example.jp", "no-at-sign",
               "sp ace@example.jp", "<a@b.c>", "@example.jp", "a@", "x" * 250 + "@b.jp"]:
        r = srv.cli("mail", "test", "--to", to)
        assert r.returncode != 0 and "queued" not in r.stdout, to
    admin = srv.login("admin1")
    assert admin.get(srv.url + "/api/v1/mail").json()["items"] == []
