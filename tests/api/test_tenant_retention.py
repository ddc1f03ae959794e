"""Audit retention per tenant (CHK-24): a tenant admin keeps its audit events 365 days at least or
until the tenant is deleted, and downloads them as CSV or JSON lines. The chain is one for all
tenants, so a tenant's purge leaves tombstones: `anshin audit verify` still proves the whole
chain, and tampering with a tombstone or a kept event is still caught. Old events are made by the
real server under libfaketime (400 days back), then the purge runs at today's date."""
import json
import os
import subprocess
import time

import requests

from conftest import BIN, faked_env, unique
from tenancy import NEW_PASSWORD, create_tenant, user_session

DAY_US = 86400 * 1000000

def start_faked(srv, fake):
    """Starts srv's server with its clock moved by fake (libfaketime preloaded into the server
    itself, so stopping it stops the server and not a wrapper)."""
    srv.log = open(os.path.join(srv.dir, "server.log"), "ab")
    srv.proc = subprocess.Popen([BIN, "serve"], env=faked_env(srv.env, fake), cwd=srv.dir,
                                stdout=srv.log, stderr=srv.log)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            requests.get(srv.url + "/healthz", timeout=1)
            return
        except requests.RequestException:
            time.sleep(0.05)
    raise RuntimeError("server did not start: " + srv.read_log())


def session(srv, cc):
    """A session 400 days on: the password has aged out, so it is changed first."""
    return user_session(srv, cc, "admin1", NEW_PASSWORD, new_password="Later-Passw0rd-2027!")


def old_count(srv, tid):
    cutoff = int(time.time() * 1000000) - 365 * DAY_US
    return srv.sql("SELECT COUNT(*) FROM audit_events WHERE tenant_id = ? AND at < ?", tid, cutoff)[0][0]


def test_tenant_retention_purges_one_tenant_and_the_chain_still_verifies(make_server):
    """CHK-24, CHK-7: A keeps 365 days, B until deleted; a purge 400 days on removes only A's old
    events; verify passes; a forged tombstone or an edited kept event is caught."""
    srv = make_server()
    srv.create_staff("admin")
    start_faked(srv, "-400d")
    op = srv.login("admin")
    a_cc, b_cc = unique("RA").upper(), unique("RB").upper()
    a = create_tenant(srv, op, a_cc, "保存A株式会社")
    b = create_tenant(srv, op, b_cc, "保存B株式会社")
    user_session(srv, a_cc, "admin1", a["initial_password"])
    user_session(srv, b_cc, "admin1", b["initial_password"])
    srv.stop()

    srv.start()
    sa, sb = session(srv, a_cc), session(srv, b_cc)
    a_id = srv.sql("SELECT id FROM tenants WHERE company_code = ?", a_cc)[0][0]
    b_id = srv.sql("SELECT id FROM tenants WHERE company_code = ?", b_cc)[0][0]
    got = sa.get(srv.url + "/api/v1/audit/retention")
    assert got.status_code == 200, got.text
    got = got.json()
    assert got["days"] is None and got["until_deleted"] is False and got["minimum_days"] == 365
    r = sa.put(srv.url + "/api/v1/audit/retention", json={"days": 100})
    assert r.status_code == 400 and r.json()["errors"][0]["pointer"] == "/days", r.text
    r = sa.put(srv.url + "/api/v1/audit/retention", json={"days": 365})
    assert r.status_code == 200 and r.json()["effective_days"] == 365, r.text
    r = sb.put(srv.url + "/api/v1/audit/retention", json={"until_deleted": True})
    assert r.status_code == 200 and r.json()["until_deleted"] is True and r.json()["days"] is None
    old_a, old_b = old_count(srv, a_id), old_count(srv, b_id)
    assert old_a > 0 and old_b > 0
    new_a = srv.sql("SELECT COUNT(*) FROM audit_events WHERE tenant_id = ?", a_id)[0][0] - old_a

    assert srv.cli("audit", "purge").returncode == 2  # no operator retention: refused (SLA-9)
    r = srv.cli("audit", "purge", "--tenants")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "purged %d events of tenants" % old_a in r.stdout, r.stdout
    assert old_count(srv, a_id) == 0 and old_count(srv, b_id) == old_b
    assert srv.sql("SELECT COUNT(*) FROM audit_tombstones WHERE tenant_id = ?", a_id)[0][0] == old_a
    assert srv.sql("SELECT COUNT(*) FROM audit_tombstones WHERE tenant_id <> ?", a_id)[0][0] == 0
    # The purge is A's own event; A's newer events are all still there.
    assert srv.sql("SELECT COUNT(*) FROM audit_events WHERE tenant_id = ? AND action = "
                   "'audit.purge_tenant'", a_id)[0][0] == 1
    time.sleep(0.5)  # PostgreSQL: the sequencer seals the purge's event
    v = srv.cli("audit", "verify")
    assert v.returncode == 0, v.stdout + v.stderr
    # The per-day counters follow: A's purged days count nothing any more.
    cutoff_day = (int(time.time()) - 365 * 86400 + 32400) // 86400
    assert srv.sql("SELECT COALESCE(SUM(n), 0) FROM audit_day_counts WHERE tenant_id = ? AND action = '' "
                   "AND day < ?", a_id, cutoff_day)[0][0] == 0

    # A's own download as JSON lines: its events only, none older than its retention.
    r = sa.get(srv.url + "/api/v1/audit/events.jsonl")
    assert r.status_code == 200, r.text
    lines = [json.loads(x) for x in r.text.splitlines() if x.strip()]
    assert len(lines) >= new_a and all(x["tenant_id"] == a_id for x in lines)
    assert any(x["action"] == "audit.retention_update" for x in lines)
    assert r.headers["Content-Type"].startswith("application/")
    assert sa.get(srv.url + "/api/v1/audit/events.csv").status_code == 200

    # The operator's checkpoint purge stops before B's oldest event (kept until deleted).
    r = srv.cli("audit", "purge", "--days", "365")
    assert r.returncode == 0, r.stdout + r.stderr
    assert old_count(srv, b_id) == old_b
    time.sleep(0.5)
    assert srv.cli("audit", "verify").returncode == 0

    # Tampering is still caught: a tombstone moved to B, then an edited event of B.
    tomb = srv.sql("SELECT seq FROM audit_tombstones ORDER BY seq LIMIT 1")
    if tomb:
        srv.sql("UPDATE audit_tombstones SET tenant_id = ? WHERE seq = ?", b_id, tomb[0][0])
        v = srv.cli("audit", "verify")
        assert v.returncode == 1 and "BROKEN" in v.stdout, v.stdout
        srv.sql("UPDATE audit_tombstones SET tenant_id = ? WHERE seq = ?", a_id, tomb[0][0])
        assert srv.cli("audit", "verify").returncode == 0
    seq = srv.sql("SELECT MIN(seq) FROM audit_events WHERE tenant_id = ?", b_id)[0][0]
    srv.sql("UPDATE audit_events SET details = '{\"x\":1}' WHERE seq = ?", seq)
    v = srv.cli("audit", "verify")
    assert v.returncode == 1 and "BROKEN" in v.stdout, v.stdout
    # A purge never launders an edit: B's tampered event is not turned into a tombstone.
    sb.put(srv.url + "/api/v1/audit/retention", json={"days": 365})
    r = srv.cli("audit", "purge", "--tenants")
    assert r.returncode != 0
    assert srv.sql("SELECT COUNT(*) FROM audit_tombstones WHERE tenant_id = ?", b_id)[0][0] == 0


def test_retention_is_a_tenant_setting(server, admin):
    """CHK-24: the operator has no tenant retention of its own to set (403)."""
    assert admin.get(server.url + "/api/v1/audit/retention").status_code == 403
    assert admin.put(server.url + "/api/v1/audit/retention", json={"days": 400}).status_code == 403
