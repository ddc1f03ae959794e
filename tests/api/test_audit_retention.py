"""Audit retention (CHK-7, MARK-7-1-1, SLA-9): events are kept at least 365 days (for ever by
default); purging older ones leaves a checkpoint vouched for by an audit.purge event, so
`anshin audit verify` still proves the rest, and a forged checkpoint is caught. Old events are
made with the real binary under libfaketime (the clock set 800 days back)."""
import os
import sqlite3


def cli(srv, *args, fake=None, stdin=""):
    return srv.cli(*args, fake=fake, stdin=stdin)


def old_and_new_events(srv):
    for i in range(3):
        r = cli(srv, "admin", "create", "--login", "old%d" % i, fake="-800d", stdin="")
        assert r.returncode == 0, r.stderr
    r = cli(srv, "admin", "create", "--login", "new1", stdin="")
    assert r.returncode == 0, r.stderr


def test_purge_keeps_the_chain_verifiable(make_server):
    srv = make_server("sqlite")  # the checkpoint is forged in the SQLite file directly
    old_and_new_events(srv)
    assert cli(srv, "audit", "purge", "--days", "100").returncode == 2  # below the floor
    r = cli(srv, "audit", "purge", "--days", "365")
    assert r.returncode == 0 and "purged 3 events" in r.stdout, r.stdout + r.stderr
    v = cli(srv, "audit", "verify")
    assert v.returncode == 0, v.stdout
    db = sqlite3.connect(os.path.join(srv.dir, "anshin.db"))
    actions = [a for (a,) in db.execute("SELECT action FROM audit_events ORDER BY seq")]
    assert actions == ["staff.create", "audit.purge"]
    # The per-day counters follow the purge: the purged days are gone, the rest still add up
    # (issue 20).
    counted = db.execute("SELECT SUM(n) FROM audit_day_counts WHERE tenant_id = -1 AND action = ''").fetchone()[0]
    assert counted == len(actions)
    assert cli(srv, "audit", "purge", "--days", "365").stdout.startswith("purged 0")
    # Forging a later checkpoint to hide the newest events is caught: no audit.purge vouches.
    seq, mac = db.execute("SELECT seq, mac FROM audit_events ORDER BY seq LIMIT 1").fetchone()
    db.execute("INSERT INTO audit_checkpoints VALUES (?, ?, 0, 1, 0)", (seq, mac))
    db.execute("DELETE FROM audit_events WHERE seq = ?", (seq,))
    db.commit()
    db.close()
    v = cli(srv, "audit", "verify")
    assert v.returncode == 1 and "BROKEN" in v.stdout


def test_retention_below_a_year_is_refused_and_serve_purges(make_server):
    srv = make_server("sqlite")  # the checkpoint is forged in the SQLite file directly
    srv.env["ANSHIN_AUDIT_RETENTION_DAYS"] = "100"
    r = cli(srv, "migrate")
    assert r.returncode != 0 and "retention_days" in r.stderr
    srv.env["ANSHIN_AUDIT_RETENTION_DAYS"] = "365"
    old_and_new_events(srv)
    srv.start()  # the retention job runs at start
    import time
    deadline = time.time() + 10
    while time.time() < deadline:
        db = sqlite3.connect(os.path.join(srv.dir, "anshin.db"))
        n = db.execute("SELECT COUNT(*) FROM audit_checkpoints").fetchone()[0]
        db.close()
        if n:
            break
        time.sleep(0.1)
    assert n == 1
    srv.stop()
    assert cli(srv, "audit", "verify").returncode == 0
