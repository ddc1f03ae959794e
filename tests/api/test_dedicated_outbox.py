"""Dedicated tenancy's audit outbox (WP-1, CHK-7, issue 15 item 3): a change of a dedicated
tenant commits in its database first and in the shared one (where its audit event is) second. A
crash between the two commits must not lose the event: it waits in the tenant database's outbox
and is relayed into the chain at the next start, exactly once, and `anshin audit verify` passes.
The crash is the test build's fault point (store/db.c): while the file named by
ANSHIN_FAULT_KILL_BETWEEN_COMMITS exists, the server dies there as by kill -9. PostgreSQL only."""
import os
import time

import pytest
import requests

from conftest import DRIVER, scratch_dir, unique
from tenancy import create_tenant, user_session
from test_dedicated import SERVER_ENV as DEDICATED_ENV, databases, ded_sql, dedicate, window  # noqa: F401

pytestmark = pytest.mark.skipif(
    DRIVER != "postgres",
    reason="dedicated tenancy places a tenant in another PostgreSQL database: PostgreSQL only")

ARM = os.path.join(scratch_dir("anshin-fault-"), "kill-between-commits")
SERVER_ENV = dict(DEDICATED_ENV, ANSHIN_FAULT_KILL_BETWEEN_COMMITS=ARM)


def restart(server, graceful=False):
    """Starts the server again after it died (or stops it first, handing its leases on)."""
    if graceful:
        server.stop()
    else:
        server.proc.wait(timeout=10)
        if server.log:
            server.log.close()
            server.log = None
    server.start()


def events(server, target):
    """The shared chain's user.create events for target: (id, seq) each."""
    return server.sql("SELECT id, seq FROM audit_events WHERE action = 'user.create' AND "
                      "target = ?", target)


def wait_sealed(server, target, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        got = events(server, target)
        if got and all(seq is not None for _, seq in got):
            return got
        time.sleep(0.2)
    return events(server, target)


def test_a_crash_between_the_two_commits_loses_no_audit_event(server, admin, databases, window):
    """WP-1, CHK-7: the server killed after the tenant database's commit and before the shared
    one; the tenant's change is there, and after a restart its audit event is in the chain once,
    sealed, and the chain verifies. Relaying the same outbox row again adds nothing."""
    t = create_tenant(server, admin, unique("DO").upper(), "監査送出株式会社")
    tid, code = t["tenant"]["id"], t["tenant"]["company_code"]
    url = databases()
    r = dedicate(server, tid, url)
    assert r.returncode == 0, r.stdout + r.stderr
    s = user_session(server, code, "admin1", t["initial_password"])

    # An ordinary write leaves the outbox empty: its rows go once the shared commit is done.
    ok = s.post(server.url + "/api/v1/users", json={"login": "normal", "email": "n@o.example.jp"})
    assert ok.status_code == 201, ok.text
    assert len(events(server, "user:%d" % ok.json()["user"]["id"])) == 1
    assert ded_sql(url, "SELECT COUNT(*) FROM audit_outbox") == [(0,)]

    open(ARM, "w").close()
    try:
        with pytest.raises(requests.ConnectionError):
            s.post(server.url + "/api/v1/users", json={"login": "crash", "email": "c@o.example.jp"},
                   timeout=30)
        assert server.proc.wait(timeout=10) == -9
    finally:
        os.unlink(ARM)

    # The tenant's commit happened, the shared one did not: the user exists, its event does not.
    [(uid,)] = ded_sql(url, "SELECT id FROM users WHERE tenant_id = ? AND login = 'crash'", tid)
    target = "user:%d" % uid
    assert events(server, target) == []
    waiting = ded_sql(url, "SELECT id, action, target FROM audit_outbox ORDER BY id")
    assert ("user.create", target) in [(a, tg) for _, a, tg in waiting], waiting
    ids = [i for i, _, _ in waiting]
    assert server.sql("SELECT COUNT(*) FROM audit_events WHERE id = ANY(?)", ids) == [(0,)]

    restart(server)
    got = wait_sealed(server, target)
    assert len(got) == 1 and got[0][1] is not None, got
    assert ded_sql(url, "SELECT COUNT(*) FROM audit_outbox") == [(0,)]
    # Every event of that transaction (the user's, its mail's) is in the chain once, sealed.
    assert sorted(server.sql("SELECT id FROM audit_events WHERE id = ANY(?) AND seq IS NOT NULL",
                             ids)) == [(i,) for i in ids]
    v = server.cli("audit", "verify")
    assert v.returncode == 0, v.stdout + v.stderr
    listed = admin.get(server.url + "/api/v1/audit/events?action=user.create&limit=100").json()
    assert [e["target"] for e in listed["items"]].count(target) == 1

    # The same row relayed again (as if the relay had died before deleting it) is skipped.
    [row] = server.sql("SELECT row_to_json(e)::text FROM (SELECT id, at, actor_kind, actor_id, "
                       "actor_label, tenant_id, action, target, outcome, client_ip, request_id, "
                       "details, emac FROM audit_events WHERE id = ?) e", got[0][0])
    cols = ("id, at, actor_kind, actor_id, actor_label, tenant_id, action, target, outcome, "
            "client_ip, request_id, details, emac")
    ded_sql(url, "INSERT INTO audit_outbox (%s) SELECT %s FROM json_populate_record("
            "NULL::audit_outbox, ?::json)" % (cols, cols), row[0])
    restart(server, graceful=True)
    deadline = time.time() + 30
    while ded_sql(url, "SELECT COUNT(*) FROM audit_outbox") != [(0,)]:
        assert time.time() < deadline, "the relay did not run"
        time.sleep(0.2)
    assert events(server, target) == got
    v = server.cli("audit", "verify")
    assert v.returncode == 0, v.stdout + v.stderr
    assert url not in server.read_log()
