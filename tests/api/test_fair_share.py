"""Fair share between tenants (SLA-5: each customer keeps a minimum of service under other
customers' load): one tenant's requests may hold at most [fairshare] tenant_percent of an
instance's workers at once; beyond that they are refused at once with 429 and Retry-After, and
another tenant's reads stay fast."""
import threading
import time

import pytest
import requests

from conftest import unique
from tenancy import create_tenant, user_session

THREADS = 8
# 12 % of 8 workers: one tenant runs one request at a time, so A's flood overlaps itself often.
SERVER_ENV = {"ANSHIN_SERVER_THREADS": str(THREADS), "ANSHIN_FAIRSHARE_TENANT_PERCENT": "12"}


def clone(s):
    c = requests.Session()
    c.cookies.update(s.cookies)
    c.headers.update(s.headers)
    return c


def p99(samples):
    xs = sorted(samples)
    return xs[min(len(xs) - 1, int(len(xs) * 0.99))]


def timed_reads(server, s, n):
    out = []
    for _ in range(n):
        t = time.perf_counter()
        r = s.get(server.url + "/api/v1/me")
        out.append(time.perf_counter() - t)
        assert r.status_code == 200, r.text
    return out


@pytest.fixture(scope="module")
def tenants(server):
    admin = server.login("admin")
    made = []
    for name in ("A", "B"):
        code = unique("FS" + name).upper()
        t = create_tenant(server, admin, code, "公平%s株式会社" % name)
        made.append(user_session(server, code, "admin1", t["initial_password"]))
    return made


def test_a_flood_is_refused_beyond_its_share_and_b_stays_fast(server, tenants):
    """SLA-5: tenant A floods with 8 connections where its share is one worker; A gets 429 with
    Retry-After beyond its share, B's reads all succeed. B's p99, quiet and under the flood, is
    printed: on a shared 2-core machine the flood's client and server compete for the same cores,
    so the latency bound itself is for the benchmark on separate machines, not asserted here."""
    a, b = tenants
    timed_reads(server, b, 30)  # warm up: connections, pages
    quiet = timed_reads(server, b, 150)
    stop = threading.Event()
    counts = {"ok": 0, "limited": 0, "other": 0}
    lock = threading.Lock()
    retry_after = set()

    def flood():
        s = clone(a)
        while not stop.is_set():
            r = s.get(server.url + "/api/v1/me")
            key = "ok" if r.status_code == 200 else "limited" if r.status_code == 429 else "other"
            with lock:
                counts[key] += 1
                if r.status_code == 429:
                    retry_after.add(r.headers.get("Retry-After"))

    workers = [threading.Thread(target=flood) for _ in range(THREADS)]
    for w in workers:
        w.start()
    time.sleep(0.5)
    try:
        loaded = timed_reads(server, b, 150)
    finally:
        stop.set()
        for w in workers:
            w.join()
    q, l = p99(quiet) * 1000, p99(loaded) * 1000
    print("fair share: B p99 %.1f ms quiet, %.1f ms under A's flood; A: %s" % (q, l, counts))
    assert counts["other"] == 0
    assert counts["limited"] > 0 and retry_after == {"1"}
