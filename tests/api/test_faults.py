"""Fault injection (issue 8, item 5; SLA-17 data integrity, SLA-26 a delay lasts at most a minute,
TOS-21 notices by e-mail are recorded): real faults, no mocks. The SQLite database on a full disk
(a small tmpfs), the database busy (an exclusive lock held elsewhere) or gone (its backends
terminated), the SMTP relay refusing or never answering, and a webhook receiver that never
answers. Nothing acknowledged is lost, the failure is reported clearly (503/500 problem+json,
a retrying status in the outbox), requests are not held up, and the service recovers when the
fault goes."""
import asyncio
import os
import socket
import sqlite3
import subprocess
import threading
import time
import http.server

import pytest
import requests

from conftest import DRIVER, PG_URL, Server, unique
from market import application, apply, contractor, setup_catalogue
from test_mail import Sink


def problem_or_ok(r, what):
    """A write under a fault: it succeeds or answers 503/500 problem+json, nothing else."""
    if r.status_code in (200, 201, 204):
        return True
    assert r.status_code in (500, 503), (what, r.status_code, r.text[:300])
    assert r.headers.get("Content-Type", "").startswith("application/problem+json"), what
    assert r.json()["status"] == r.status_code
    return False


def new_staff(srv, s, acked, timeout=15):
    login = unique("f")
    t0 = time.time()
    r = s.post(srv.url + "/api/v1/staff", json={"login": login, "roles": ["support"],
                                                "display_name": "障害試験" * 20}, timeout=timeout)
    took = time.time() - t0
    if problem_or_ok(r, ("staff", login)):
        acked.append(login)
        return True, took, r
    return False, took, r


def all_logins(srv, s):
    logins, offset = set(), 0
    while True:
        r = s.get(srv.url + "/api/v1/staff", params={"limit": 500, "offset": offset})
        assert r.status_code == 200, r.text
        items = r.json()["items"]
        logins.update(x["login"] for x in items)
        if len(items) < 500:
            return logins
        offset += 500


def needs(driver):
    if DRIVER != driver:
        pytest.skip("a %s fault (this run is on %s)" % (driver, DRIVER))
    if driver == "postgres" and not PG_URL:
        pytest.skip("PostgreSQL is not available (ANSHIN_TEST_PG_URL unset)")


# ---------------------------------------------------------------------------------------------
# Disk full (SQLite).


def test_disk_full_answers_problem_keeps_acknowledged_writes_and_recovers(make_server):
    """SLA-17: the SQLite database's disk fills up. Writes answer 500/503 problem+json at once
    (no crash, no hang), reads go on, every acknowledged write is there after space returns and
    after a restart, the audit chain verifies, and writes succeed again without a restart."""
    needs("sqlite")
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    srv = make_server("sqlite", env={"ANSHIN_STORE_BUSY_TIMEOUT_MS": "1000"})
    dbdir = os.path.join(srv.dir, "db")
    os.makedirs(dbdir)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m,mode=0700", "tmpfs", dbdir],
                       capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip("cannot mount a tmpfs here: " + r.stderr.strip())
    filler = os.path.join(dbdir, "filler")
    try:
        srv.env["ANSHIN_STORE_PATH"] = os.path.join(dbdir, "anshin.db")
        srv.create_staff("admin")
        srv.start()
        s = srv.login("admin")
        acked = []
        for _ in range(5):
            assert new_staff(srv, s, acked)[0]
        # Fill what is left of the disk.
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            for chunk in (65536, 4096, 512, 1):
                try:
                    while True:
                        os.write(fd, b"\0" * chunk)
                except OSError:
                    pass
        finally:
            os.close(fd)
        refused = 0
        for _ in range(60):
            ok, took, r = new_staff(srv, s, acked)
            assert took < 10, "a write on a full disk took %.1f s" % took
            if not ok:
                refused += 1
                if refused >= 3:
                    break
        assert refused >= 3, "the full disk never refused a write"
        assert srv.proc.poll() is None, "the server died on a full disk"
        # Reads still work; a write that was refused is not there.
        assert s.get(srv.url + "/api/v1/staff").status_code == 200
        # Space returns: writes succeed again, without a restart.
        os.unlink(filler)
        deadline = time.time() + 10
        while not new_staff(srv, s, acked)[0]:
            assert time.time() < deadline, "writes did not recover when space returned"
            time.sleep(0.2)
        present = all_logins(srv, s)
        assert not [x for x in acked if x not in present], "acknowledged but lost"
        srv.stop()
        srv.start()
        s = srv.login("admin")
        present = all_logins(srv, s)
        missing = [x for x in acked if x not in present]
        assert not missing, "acknowledged but lost after a restart: %s" % missing[:5]
        srv.stop()
        r = srv.cli("audit", "verify")
        assert r.returncode == 0, r.stdout + r.stderr
    finally:
        srv.stop()
        subprocess.run(["umount", "-l", dbdir], capture_output=True)


# ---------------------------------------------------------------------------------------------
# Database busy or gone.


def test_sqlite_locked_longer_than_the_busy_timeout_answers_503_and_recovers(make_server):
    """Another process holds an exclusive lock on the SQLite database for longer than the busy
    timeout: writes answer promptly with 503 problem+json (the client may retry), and succeed
    again once the lock is gone."""
    needs("sqlite")
    srv = make_server("sqlite", env={"ANSHIN_STORE_BUSY_TIMEOUT_MS": "300"})
    srv.create_staff("admin")
    srv.start()
    s = srv.login("admin")
    acked = []
    assert new_staff(srv, s, acked)[0]
    db = sqlite3.connect(os.path.join(srv.dir, "anshin.db"), timeout=5, isolation_level=None)
    try:
        db.execute("BEGIN EXCLUSIVE")
        t0 = time.time()
        ok, took, r = new_staff(srv, s, acked)
        assert not ok, "a write went through an exclusive lock"
        assert r.status_code == 503, r.text
        assert r.json()["type"] == "/problems/unavailable"
        assert took < 5, "the write waited %.1f s" % took
        assert time.time() - t0 < 5
    finally:
        db.execute("ROLLBACK")
        db.close()
    assert new_staff(srv, s, acked)[0]
    assert not [x for x in acked if x not in all_logins(srv, s)]


def pg_server(make_server, env=None):
    needs("postgres")
    srv = make_server("postgres", env=env)
    tag = "anshin_fault_" + unique("")
    srv.env["ANSHIN_STORE_URL"] += "&application_name=" + tag
    srv.app_name = tag
    srv.create_staff("admin")
    return srv.start()


def pg_admin_sql(query, *args):
    import psycopg2
    conn = psycopg2.connect(PG_URL)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(query, args)
            return cur.fetchall() if cur.description else []
    finally:
        conn.close()


def test_postgres_backends_terminated_answers_503_or_succeeds_and_recovers(make_server):
    """The server's PostgreSQL sessions are terminated under it (a restart, a failover, an
    operator's pg_terminate_backend): requests answer promptly, succeed or 503 problem+json,
    and the service recovers with nothing acknowledged lost."""
    srv = pg_server(make_server)
    s = srv.login("admin")
    acked = []
    assert new_staff(srv, s, acked)[0]
    for _ in range(3):
        killed = pg_admin_sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE application_name = %s", srv.app_name)
        assert killed, "no session of the server found"
        for _ in range(4):
            ok, took, r = new_staff(srv, s, acked)
            assert took < 10, took
            if not ok:
                assert r.status_code == 503, r.text
            got = s.get(srv.url + "/api/v1/staff", timeout=10)
            assert got.status_code in (200, 503), got.text
    deadline = time.time() + 10
    while not new_staff(srv, s, acked)[0]:
        assert time.time() < deadline, "the service did not recover"
    assert not [x for x in acked if x not in all_logins(srv, s)]
    srv.stop()
    r = srv.cli("audit", "verify")
    assert r.returncode == 0, r.stdout + r.stderr


def test_postgres_lock_held_elsewhere_answers_promptly(make_server):
    """Another session holds a lock that blocks the server's writes for longer than the busy
    timeout: the write answers promptly (503 problem+json) instead of waiting for the lock, and
    writes succeed once it is released."""
    srv = pg_server(make_server, env={"ANSHIN_STORE_BUSY_TIMEOUT_MS": "500"})
    s = srv.login("admin")
    acked = []
    assert new_staff(srv, s, acked)[0]
    import psycopg2
    conn = psycopg2.connect(srv.env["ANSHIN_STORE_URL"].replace(srv.app_name, "locker"))
    try:
        cur = conn.cursor()
        cur.execute("LOCK TABLE staff IN ACCESS EXCLUSIVE MODE")
        ok, took, r = new_staff(srv, s, acked, timeout=20)
        assert not ok and r.status_code == 503, r.text
        assert took < 6, "the write waited %.1f s for a lock" % took
    finally:
        conn.rollback()
        conn.close()
    assert new_staff(srv, s, acked)[0]
    assert not [x for x in acked if x not in all_logins(srv, s)]


# ---------------------------------------------------------------------------------------------
# SMTP relay refusing or hanging.


class Relay(Sink):
    """An SMTP server whose answer the test chooses: accept, or refuse with a code."""

    def __init__(self):
        super().__init__()
        self.refuse = None  # e.g. "550 5.7.1 Relaying denied" or "421 4.3.2 Try again later"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"


class Silent:
    """A TCP server that accepts connections and never says a word."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.conns = []
        self.stopped = False
        threading.Thread(target=self.run, daemon=True).start()

    def run(self):
        while not self.stopped:
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(c)

    def stop(self):
        self.stopped = True
        self.sock.close()
        for c in self.conns:
            c.close()


def mail_world(make_server, relay_port, extra=None):
    env = {"ANSHIN_MAIL_RELAY": "smtp://127.0.0.1:%d" % relay_port,
           "ANSHIN_MAIL_POLL_INTERVAL_MS": "100", "ANSHIN_MAIL_TIMEOUT_SECONDS": "2"}
    env.update(extra or {})
    srv = make_server(env=env)
    srv.create_staff("admin")
    srv.start()
    op = srv.login("admin")
    cat = setup_catalogue(srv, op, unique("m"))
    return srv, op, cat


def apply_for_mail(srv, cat):
    """A public application: acknowledged with 202, its confirmation mail (M6: the address is
    verified before anything else is sent) queued for the relay."""
    email = unique("rcpt") + "@faults.example.jp"
    body = dict(application(cat, unique("MF").upper()), responsible_email=email)
    t0 = time.time()
    r = requests.post(srv.url + "/api/v1/applications", json=body, timeout=10)
    assert r.status_code == 202, r.text
    assert time.time() - t0 < 2, "queuing the mail waited for the relay"
    return email


def outbox_entry(op, srv, email):
    items = op.get(srv.url + "/api/v1/mail", params={"limit": 500}).json()["items"]
    got = [m for m in items if m["to"] == email]
    assert len(got) == 1, (email, items[:3])
    return op.get(srv.url + "/api/v1/mail/%d" % got[0]["id"]).json()


def wait_attempted(op, srv, email, timeout=15):
    deadline = time.time() + timeout
    while True:
        m = outbox_entry(op, srv, email)
        if m["deliveries"] or time.time() > deadline:
            return m
        time.sleep(0.1)


def due_now(srv, email):
    """Time travel: the next attempt is due now instead of in a minute."""
    for m in srv.outbox(email):  # the address is sealed: found through the opened outbox
        srv.sql("UPDATE mail_outbox SET next_attempt_at = 0 WHERE id = ?", m["id"])


@pytest.mark.parametrize("reply", ["550 5.7.1 Relaying denied", "421 4.3.2 Try again later"])
def test_relay_refusing_keeps_mail_queued_and_delivers_after_recovery(make_server, reply):
    """TOS-21: the relay refuses (550 or 421). The request that queued the mail is acknowledged,
    the mail stays in the outbox as queued for a retry with the relay's answer recorded (never
    counted as sent), and it is delivered once the relay accepts again."""
    relay = Relay().start()
    try:
        relay.refuse = reply
        srv, op, cat = mail_world(make_server, relay.port)
        email = apply_for_mail(srv, cat)
        m = wait_attempted(op, srv, email)
        assert m["mail"]["status"] == "queued" and m["mail"]["attempts"] == 1, m["mail"]
        assert m["mail"]["sent_at"] is None
        assert reply.split()[0] in m["mail"]["last_error"], m["mail"]["last_error"]
        assert [d["outcome"] for d in m["deliveries"]] == ["retry"]
        listed = op.get(srv.url + "/api/v1/mail").json()
        assert listed["queued"] >= 1
        with relay.lock:
            assert not [e for e in relay.envelopes if email in e.rcpt_tos]
        relay.refuse = None
        due_now(srv, email)
        relay.wait_for(email)
        deadline = time.time() + 10
        while outbox_entry(op, srv, email)["mail"]["status"] != "sent":
            assert time.time() < deadline
            time.sleep(0.1)
        m = outbox_entry(op, srv, email)
        assert m["mail"]["attempts"] == 2
        assert [d["outcome"] for d in m["deliveries"]] == ["retry", "sent"]
    finally:
        relay.stop()


def test_relay_that_never_answers_times_out_and_mail_is_delivered_later(make_server):
    """The relay accepts the connection and never answers: the attempt ends within the
    configured [mail] timeout_seconds, the mail stays queued with the timeout recorded, the API
    is not held up meanwhile, and the mail is delivered once a working relay is there."""
    silent = Silent()
    sink = Sink()
    try:
        srv, op, cat = mail_world(make_server, silent.port)
        email = apply_for_mail(srv, cat)
        t0 = time.time()
        # While the sender waits on the silent relay, the API answers at once.
        r = requests.get(srv.url + "/healthz", timeout=5)
        assert r.status_code == 200
        email2 = apply_for_mail(srv, cat)
        m = wait_attempted(op, srv, email, timeout=15)
        took = time.time() - t0
        assert m["mail"]["attempts"] == 1, m["mail"]
        assert m["mail"]["status"] == "queued" and m["mail"]["sent_at"] is None
        assert "timeout" in m["mail"]["last_error"].lower() or \
            "timed out" in m["mail"]["last_error"].lower(), m["mail"]["last_error"]
        assert took < 8, "the attempt on a silent relay took %.1f s (timeout 2 s)" % took
        # The relay comes back (on another port: the operator points the server at it).
        silent.stop()
        sink.start()
        srv.stop()
        srv.env["ANSHIN_MAIL_RELAY"] = "smtp://127.0.0.1:%d" % sink.port
        srv.start()
        for e in (email, email2):
            due_now(srv, e)
        sink.wait_for(email)
        sink.wait_for(email2)
    finally:
        silent.stop()
        try:
            sink.stop()
        except Exception:
            pass


# ---------------------------------------------------------------------------------------------
# Webhooks: a receiver that never answers.


class Hook(http.server.BaseHTTPRequestHandler):
    mode = "hang"
    got = []

    def do_POST(self):
        n = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(n)
        if Hook.mode == "hang":
            time.sleep(60)  # never answers in time
            return
        Hook.got.append(body)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *a):
        pass


def test_webhook_receiver_that_never_answers_times_out_and_is_retried(make_server):
    """Shop webhooks: the receiver accepts and never answers. The delivery gives up within the
    timeout (20 s), stays pending with the attempt counted and a back-off before the next one;
    the request whose event it carries was not slowed, nor is the API meanwhile; once the
    receiver answers, the retry delivers it."""
    # TODO(M2): once private webhook targets are refused by default, the key that allows loopback
    # is expected as [webhook] allow_private_targets; today the [webhook] section does not exist
    # and the server ignores the variable. If the key lands under another name, rename it here.
    srv = make_server(env={"ANSHIN_WEBHOOK_ALLOW_PRIVATE_TARGETS": "true",
                           "ANSHIN_MARKET_POLL_INTERVAL_MS": "200"})
    srv.create_staff("admin")
    srv.start()
    op = srv.login("admin")
    hook = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    hook.daemon_threads = True
    threading.Thread(target=hook.serve_forever, daemon=True).start()
    Hook.mode, Hook.got = "hang", []
    try:
        cat = setup_catalogue(srv, op, unique("wh"))
        r = op.put(srv.url + "/api/v1/shops/%d/webhook" % cat["shop"]["id"],
                   json={"url": "http://127.0.0.1:%d/hook" % hook.server_port})
        assert r.status_code == 200, r.text
        app = apply(srv, cat, unique("WH").upper())
        t0 = time.time()
        r = op.post(srv.url + "/api/v1/applications/%d/approve" % app["id"], json={})
        assert r.status_code == 200, r.text
        assert time.time() - t0 < 2, "the approval waited for the webhook"
        time.sleep(1.0)  # the worker is now waiting on the receiver
        t1 = time.time()
        assert op.get(srv.url + "/api/v1/contracts").status_code == 200
        assert time.time() - t1 < 2, "the API waited for the webhook"
        deadline = time.time() + 30
        row = None
        while time.time() < deadline:
            row = srv.sql("SELECT status, attempts, last_error, next_at, created_at "
                          "FROM webhook_deliveries ORDER BY id LIMIT 1")
            if row and row[0][1] >= 1:
                break
            time.sleep(0.2)
        status, attempts, last_error, next_at, created_at = row[0]
        took = time.time() - t0
        assert attempts == 1 and status == "pending", row
        # M2: the shop's view holds only "delivery failed"; the reason goes to the server log.
        assert last_error == "delivery failed", last_error
        log = open(os.path.join(srv.dir, "server.log"), encoding="utf-8", errors="replace").read()
        assert "webhook delivery failed" in log and "timeout was reached" in log.lower(), log[-2000:]
        assert took < 26, "the delivery gave up after %.1f s (timeout 20 s)" % took
        # Back-off: the next attempt about 30 s after this one.
        backoff = next_at / 1e6 - time.time()
        assert 20 <= backoff <= 35, backoff
        Hook.mode = "answer"
        srv.sql("UPDATE webhook_deliveries SET next_at = 0 WHERE status = 'pending'")
        deadline = time.time() + 15
        while time.time() < deadline and not Hook.got:
            time.sleep(0.1)
        assert Hook.got and b"contract.created" in Hook.got[0]
        deadline = time.time() + 5
        while srv.sql("SELECT status FROM webhook_deliveries ORDER BY id LIMIT 1")[0][0] != \
                "delivered":
            assert time.time() < deadline
            time.sleep(0.1)
    finally:
        hook.shutdown()
