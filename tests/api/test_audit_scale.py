"""The audit log at scale (issue 20; CHK-7, CHK-11, SLA-10): keyset pages (cursor / next_cursor)
return every event exactly once, newest first, even while events are being written; filters
combine with AND on every page; the first page carries the period's count from the per-day
counters; the CSV and JSON-lines exports stream every event of the period, past any page size; a
cursor made from another tenant's event shows nothing of that tenant."""
import csv
import datetime
import io
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from conftest import unique
from tenancy import create_tenant, user_login, user_session, first_password

JST = datetime.timezone(datetime.timedelta(hours=9))


def key(e):
    # seq is 0 until a PostgreSQL event is sealed, so it is no identity across pages.
    return (e["at"], e["request_id"], e["action"], e["target"], e["outcome"], e["actor"])


def pages(s, url, params, limit):
    """Every page of a listing through next_cursor; returns the events and the page count."""
    events, cursor, n = [], None, 0
    while True:
        q = dict(params, limit=limit)
        if cursor:
            q["cursor"] = cursor
        r = s.get(url, params=q)
        assert r.status_code == 200, r.text
        body = r.json()
        assert len(body["items"]) <= limit
        assert ("count" in body) == (cursor is None)  # the count comes with the first page only
        events += body["items"]
        n += 1
        cursor = body["next_cursor"]
        if cursor is None:
            return events, n
        assert len(body["items"]) == limit


def make_events(server, s, n, workers=4):
    """n data.download events of the session's tenant, written concurrently."""
    url = server.url + "/api/v1/audit/events.jsonl"

    def one(_):
        r = s.get(url, params={"limit": 1})
        assert r.status_code == 200, r.text

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, range(n)))


def tenant(server, admin, prefix):
    t = create_tenant(server, admin, unique(prefix).upper(), "監査規模" + prefix)
    s = user_session(server, t["tenant"]["company_code"], "admin1", t["initial_password"])
    return t, s


def test_cursor_pages_return_every_event_once_across_concurrent_inserts(server, admin):
    """Keyset pages: every event present when paging starts is seen exactly once, none twice,
    newest first, while another client writes events of the same tenant. Issue 20, CHK-7."""
    t, s = tenant(server, admin, "KA")
    make_events(server, s, 60)
    url = server.url + "/api/v1/audit/events"
    before = s.get(url, params={"limit": 500}).json()["items"]
    assert len(before) >= 60
    stop = threading.Event()

    def writer():
        while not stop.is_set():
            s.get(server.url + "/api/v1/audit/events.jsonl", params={"limit": 1})

    w = threading.Thread(target=writer)
    w.start()
    try:
        seen, n_pages = pages(s, url, {}, 7)
    finally:
        stop.set()
        w.join()
    keys = [key(e) for e in seen]
    assert len(keys) == len(set(keys)), "an event was listed twice"
    assert {key(e) for e in before} <= set(keys), "an event was skipped"
    assert all(e["tenant_id"] == t["tenant"]["id"] for e in seen)
    ats = [e["at"] for e in seen]
    assert ats == sorted(ats, reverse=True)
    assert n_pages >= 9


def test_filters_combine_on_every_page(server, admin):
    """user, action and the period combine with AND on every keyset page, for the tenant admin and
    for the operator restricted to that tenant. Issue 20, CHK-7."""
    t, s = tenant(server, admin, "KB")
    code = t["tenant"]["company_code"]
    m = s.post(server.url + "/api/v1/users", json={"login": "member1", "email": "m@kb.example.jp"})
    assert m.status_code == 201, m.text
    user_session(server, code, "member1", first_password(server, m.json()))
    for _ in range(3):
        user_login(server, code, "member1", "Wrong-Passw0rd!")
    make_events(server, s, 12)
    url = server.url + "/api/v1/audit/events"
    everything = s.get(url, params={"limit": 500}).json()["items"]
    # from/to take whole seconds (RFC 3339 without a fraction).
    mid = everything[len(everything) // 2]["at"][:19] + "Z"
    late = everything[len(everything) // 5]["at"][:19] + "Z"
    today = datetime.datetime.now(JST).date()
    periods = [{}, {"from": mid}, {"to": mid}, {"from": mid, "to": late},
               {"from": str(today), "to": str(today + datetime.timedelta(days=1))},
               {"from": str(today + datetime.timedelta(days=1))}]
    au = unique("aud")
    server.create_staff(au, roles="auditor")
    auditor = server.login(au)
    checked = 0
    for user in ("", "admin1", "member1"):
        for action in ("", "auth.login", "data.download", "user.create"):
            for period in periods:
                params = dict(period)
                if user:
                    params["user"] = user
                if action:
                    params["action"] = action
                want = [key(e) for e in everything
                        if (not user or e["actor"] == user)
                        and (not action or e["action"] == action)
                        and ("from" not in period or e["at"] >= norm(period["from"]))
                        and ("to" not in period or e["at"] < norm(period["to"]))]
                got, _ = pages(s, url, params, 3)
                assert [key(e) for e in got] == want, params
                op, _ = pages(auditor, url, dict(params, tenant_id=t["tenant"]["id"]), 4)
                assert [key(e) for e in op] == want, params
                checked += bool(want)
    assert checked >= 15


def norm(bound):
    """A from/to bound as the UTC text the API writes times in (a date is 00:00 JST)."""
    if len(bound) == 10:
        d = datetime.datetime.fromisoformat(bound).replace(tzinfo=JST)
        return d.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return bound[:19] + ".000Z"


def first(s, server, **params):
    r = s.get(server.url + "/api/v1/audit/events", params=dict(params, limit=1))
    assert r.status_code == 200, r.text
    return r.json()


def test_first_page_counts_the_period_from_day_counters(server, admin):
    """The first page carries the period's count (whole JST days, optionally one action) from
    the per-day counters, exact and without a count of events; a period cut inside a day or a user
    filter gives null. Issue 20 (counts), SLA-10."""
    t, s = tenant(server, admin, "KC")
    make_events(server, s, 25)
    everything = s.get(server.url + "/api/v1/audit/events", params={"limit": 500}).json()["items"]
    today = datetime.datetime.now(JST).date()
    day = {"from": str(today), "to": str(today + datetime.timedelta(days=1))}
    downloads = sum(e["action"] == "data.download" for e in everything)
    # On PostgreSQL an event is counted when sealed, within milliseconds of its commit.
    for _ in range(50):
        if first(s, server)["count"] >= len(everything):
            break
        time.sleep(0.1)
    # The listing reads below record no event, so the counts stay put.
    assert first(s, server)["count"] == len(everything)
    assert first(s, server, **day)["count"] == len(everything)
    assert first(s, server, action="data.download", **day)["count"] == downloads
    assert first(s, server, action="auth.login")["count"] == \
        sum(e["action"] == "auth.login" for e in everything)
    tomorrow = str(today + datetime.timedelta(days=1))
    assert first(s, server, **{"from": tomorrow})["count"] == 0
    assert first(s, server, user="admin1")["count"] is None
    assert first(s, server, **{"from": everything[3]["at"][:19] + "Z"})["count"] is None
    # The operator's totals cover every tenant: at least this tenant's.
    au = unique("aud")
    server.create_staff(au, roles="auditor")
    auditor = server.login(au)
    assert first(auditor, server, **day)["count"] >= len(everything)
    assert first(auditor, server, tenant_id=t["tenant"]["id"], **day)["count"] == len(everything)


def test_exports_stream_every_event_of_the_period(server, admin):
    """CSV and JSON-lines exports stream the whole period, across many read batches, in the
    viewer's order, with the same events as the pages; limit and cursor narrow them; each export
    is audited. Issue 20 (streaming exports), CHK-7, WP-18."""
    t, s = tenant(server, admin, "KD")
    make_events(server, s, 1050, workers=6)
    listed, _ = pages(s, server.url + "/api/v1/audit/events", {}, 500)
    r = s.get(server.url + "/api/v1/audit/events.csv", stream=True)
    assert r.status_code == 200, r.text
    assert r.headers.get("Transfer-Encoding") == "chunked"  # streamed, not built first
    body = r.content
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][0] == "連番"
    # The export's own download event is written before it starts, so it leads the file.
    assert rows[1][5] == "data.download"
    tail = rows[2:]
    assert len(tail) == len(listed)
    assert [(row[5], row[9]) for row in tail] == [(e["action"], e["request_id"]) for e in listed]
    j = s.get(server.url + "/api/v1/audit/events.jsonl")
    assert j.status_code == 200
    assert j.headers["Content-Type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in j.text.splitlines()]
    assert [key(e) for e in lines[2:]] == [key(e) for e in listed]
    assert all(e["tenant_id"] == t["tenant"]["id"] for e in lines)
    few = s.get(server.url + "/api/v1/audit/events.jsonl", params={"limit": 10}).text.splitlines()
    assert len(few) == 10
    cur = s.get(server.url + "/api/v1/audit/events", params={"limit": 100}).json()["next_cursor"]
    after = s.get(server.url + "/api/v1/audit/events.jsonl", params={"cursor": cur}).text
    assert len(after.splitlines()) == len(lines) + 1 - 100  # + the export of "few"
    assert s.get(server.url + "/api/v1/audit/events.csv", params={"limit": 0}).status_code == 400


def test_cursor_is_validated_and_offset_refused(server, admin):
    """A cursor that is not a page's next_cursor is refused (400), and so is offset paging, which
    would otherwise return the first page forever. Issue 20."""
    _, s = tenant(server, admin, "KE")
    url = server.url + "/api/v1/audit/events"
    for bad in ("x", "1", "1.", ".1", "-1.2", "1.2.3", "99999999999999999999999.1"):
        assert s.get(url, params={"cursor": bad}).status_code == 400, bad
    assert s.get(url, params={"offset": 50}).status_code == 400
    assert s.get(url, params={"offset": 0}).status_code == 200


def test_cursor_of_another_tenants_event_shows_nothing_of_it(server, admin):
    """A cursor taken from tenant B's events only positions tenant A's own listing: A's admin sees
    A's events and nothing of B, in the list and in the exports. Issue 20, CHK-11."""
    a, sa = tenant(server, admin, "KF")
    b, sb = tenant(server, admin, "KG")
    make_events(server, sb, 5)
    make_events(server, sa, 3)
    b_page = sb.get(server.url + "/api/v1/audit/events", params={"limit": 1}).json()
    b_cursor = b_page["next_cursor"]
    assert b_cursor
    for path in ("/api/v1/audit/events", "/api/v1/audit/events.jsonl"):
        r = sa.get(server.url + path, params={"cursor": b_cursor, "tenant_id": b["tenant"]["id"]})
        assert r.status_code == 200
        assert b["tenant"]["company_code"] not in r.text
        items = r.json()["items"] if path.endswith("events") else \
            [json.loads(line) for line in r.text.splitlines()]
        assert items and all(e["tenant_id"] == a["tenant"]["id"] for e in items)


def test_period_bounds_take_fractional_seconds(server, admin):
    """from/to accept RFC 3339 times with a fraction, exactly as the API writes an event's `at`
    ("2026-12-05T01:02:03.456Z", or with an offset): from includes the event at that time, to
    excludes it, in the list and the exports; a malformed fraction is a 400 naming nothing else.
    Issue 20 (b), CHK-7."""
    t, s = tenant(server, admin, "KF")
    make_events(server, s, 20)
    url = server.url + "/api/v1/audit/events"
    everything = s.get(url, params={"limit": 500}).json()["items"]
    assert all("." in e["at"] for e in everything)
    pivot = everything[len(everything) // 2]["at"]
    newer = [key(e) for e in everything if e["at"] >= pivot]
    older = [key(e) for e in everything if e["at"] < pivot]
    assert newer and older
    got, _ = pages(s, url, {"from": pivot}, 5)
    assert [key(e) for e in got] == newer
    got, _ = pages(s, url, {"to": pivot}, 5)
    assert [key(e) for e in got] == older
    # The same instant written in JST with an offset, and with microseconds.
    utc = datetime.datetime.strptime(pivot, "%Y-%m-%dT%H:%M:%S.%fZ").replace(
        tzinfo=datetime.timezone.utc)
    jst = utc.astimezone(JST).isoformat(timespec="microseconds")
    got, _ = pages(s, url, {"from": jst}, 50)
    assert [key(e) for e in got] == newer
    lines = s.get(url + ".jsonl", params={"to": pivot}).text.splitlines()
    assert [key(json.loads(x)) for x in lines] == older  # its own download event is newer
    for bad in (pivot[:-1], pivot.replace(".", ","), pivot[:20] + "Z", pivot[:-1] + "x+09:00"):
        r = s.get(url, params={"from": bad})
        assert r.status_code == 400, bad
