"""Issue 12 item 6: response times from the server's own histograms (SLA-10, SLA-26). Fixed
buckets per route class (API, page, batch job), exposed on /metrics as Prometheus histograms and
written per hour to the database, so a month's average and p95 survive a restart; shown in the
status JSON against the targets (0.5 s for the API, 5 s for batch jobs)."""
import re

import requests

from conftest import METRICS_TOKEN

FAST = {"ANSHIN_OPS_LATENCY_FLUSH_MS": "200", "ANSHIN_MARKET_POLL_INTERVAL_MS": "1000"}


def histogram(srv):
    r = requests.get(srv.url + "/metrics", headers={"Authorization": "Bearer " + METRICS_TOKEN})
    assert r.status_code == 200
    out = {}
    for m in re.finditer(r'^anshin_response_seconds_(bucket|count|sum)\{class="(\w+)"(?:,le="([^"]+)")?\} (\S+)$',
                         r.text, re.M):
        kind, cls, le, v = m.groups()
        out[(kind, cls, le)] = float(v)
    return out


def test_metrics_expose_histograms_by_class(make_server):
    """SLA-10: /metrics carries anshin_response_seconds as a Prometheus histogram per class,
    the 0.5 s and 5 s targets among its bounds, cumulative buckets ending in +Inf = count."""
    srv = make_server(env=FAST).start()
    for _ in range(5):
        requests.get(srv.url + "/api/v1/status")
        requests.get(srv.url + "/status")
    h = histogram(srv)
    assert h[("count", "api", None)] >= 5
    assert h[("count", "page", None)] >= 5
    assert ("bucket", "api", "0.5") in h and ("bucket", "batch", "5") in h
    assert h[("bucket", "api", "+Inf")] == h[("count", "api", None)]
    assert h[("bucket", "api", "0.005")] <= h[("bucket", "api", "0.5")]


def test_month_figures_survive_a_restart(make_server):
    """SLA-10, SLA-26: the counts are written per hour, so after a restart the month's average
    and p95 still count the responses given before it; the targets are named."""
    srv = make_server(env=FAST)
    srv.create_staff("admin")
    srv.start()
    for _ in range(30):
        assert requests.get(srv.url + "/api/v1/status").status_code == 200
    srv.stop()
    srv.start()
    s = srv.login("admin")
    r = s.get(srv.url + "/api/v1/sla/response-times")
    assert r.status_code == 200, r.text
    api = r.json()["api"]
    assert api["count"] >= 30
    assert 0 < api["avg_ms"] and 0 < api["p95_ms"] <= 500
    assert api["target_ms"] == 500 and api["met"] is True
    assert r.json()["batch"]["target_ms"] == 5000
    rows = srv.sql("SELECT SUM(count) FROM ops_latency_hours WHERE class = 'api'")
    assert rows[0][0] >= 30


def test_status_json_shows_the_month(make_server):
    """SLA-10: the public status JSON carries the month's API and batch figures."""
    srv = make_server(env=dict(FAST, ANSHIN_OPS_STATUS_CACHE_MS="0")).start()
    for _ in range(5):
        requests.get(srv.url + "/api/v1/news")
    import time
    time.sleep(0.6)
    st = requests.get(srv.url + "/api/v1/status").json()
    rt = st["response_times"]
    assert rt["api"]["target_ms"] == 500 and rt["api"]["count"] >= 1
    assert rt["batch"]["target_ms"] == 5000


def test_query_period_checked(make_server):
    """A bad month is a 400 naming the field."""
    srv = make_server(env=FAST)
    srv.create_staff("admin")
    srv.start()
    s = srv.login("admin")
    r = s.get(srv.url + "/api/v1/sla/response-times?month=2026-13")
    assert r.status_code == 400
    assert r.json()["errors"][0]["pointer"] in ("/month", "month")
