"""Writes under contention (issue 19; CHK-7 audit chain, SLA-21 availability): 32 writers over 16
tenants for 10 s never see a 5xx, every acknowledged write has its audit event, `anshin audit
verify` run in a loop against the live server never reports a break, and the chain verifies
completely afterwards. Runs on the backend of the suite (make test runs it on both)."""
import threading
import time

import requests

from conftest import unique
from tenancy import create_tenant, user_session

TENANTS = 16
WRITERS = 32
SECONDS = 10


def make_tenants(srv, admin):
    sessions = []
    for i in range(TENANTS):
        cc = unique("CT%d" % i).upper()
        t = create_tenant(srv, admin, cc, "競合%d株式会社" % i)
        sessions.append(user_session(srv, cc, "admin1", t["initial_password"]))
    return sessions


def writer(srv, sessions, n, stop, acked, failed):
    """Writer n alternates between two tenants' policies; records each answer."""
    i = 0
    while not stop.is_set():
        s = sessions[(n + i) % TENANTS]
        minutes = 5 + (n * 7 + i) % 400
        try:
            r = s.put(srv.url + "/api/v1/session-policy",
                      json={"idle_timeout_minutes": minutes, "mfa_required": False}, timeout=30)
        except requests.RequestException as e:
            failed.append(("exception", repr(e)))
            i += 1
            continue
        if r.status_code == 200:
            acked.append(r.headers["X-Request-Id"])
        else:
            failed.append((r.status_code, r.text[:200]))
        i += 1


def verifier(srv, stop, runs, breaks):
    while not stop.is_set():
        r = srv.cli("audit", "verify")
        runs.append(r.returncode)
        if r.returncode != 0:
            breaks.append(r.stdout + r.stderr)


def test_concurrent_writers_keep_every_write_and_an_intact_chain(make_server):
    """32 writers, 16 tenants, 10 s: no 5xx (the old runner answered 500 after ten serialisation
    conflicts on the one audit head), no acknowledged write without its audit event, and a live
    `audit verify` that never reports a false break."""
    # All 32 writers come from 127.0.0.1: the per-address connection limit (32 by default, M4 of
    # the hardening) would refuse the writers' spare keep-alive connections, which is not what
    # this test measures.
    srv = make_server(env={"ANSHIN_SERVER_THREADS": "32", "ANSHIN_SERVER_PER_IP_CONNECTIONS": "0"})
    srv.create_staff("admin")
    srv.start()
    sessions = make_tenants(srv, srv.login("admin"))
    stop = threading.Event()
    acked, failed, runs, breaks = [], [], [], []
    threads = [threading.Thread(target=writer, args=(srv, sessions, n, stop, acked, failed))
               for n in range(WRITERS)]
    threads.append(threading.Thread(target=verifier, args=(srv, stop, runs, breaks)))
    for t in threads:
        t.start()
    time.sleep(SECONDS)
    stop.set()
    for t in threads:
        t.join(timeout=120)
    assert not failed, "%d failed writes, first: %r" % (len(failed), failed[:3])
    assert not breaks, "live verify reported a break: %s" % breaks[0]
    assert len(runs) >= 2, "verify ran %d times during the load" % len(runs)
    assert len(acked) >= 1000, "only %d writes in %d s" % (len(acked), SECONDS)
    # Every acknowledged write committed its audit event (same transaction).
    rows = srv.sql("SELECT request_id FROM audit_events WHERE action = 'session_policy.update'")
    logged = {r for (r,) in rows}
    missing = [a for a in acked if a not in logged]
    assert not missing, "%d acknowledged writes have no audit event" % len(missing)
    srv.stop()
    r = srv.cli("audit", "verify")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "intact" in r.stdout
    events = int(r.stdout.split("intact: ")[1].split(" ")[0])
    assert events >= len(acked)
