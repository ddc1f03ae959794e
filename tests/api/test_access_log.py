"""Access logs kept on disk (CHK-7: access logs kept 365 days): daily JSON-lines files under
[log] access_dir, cut at a size, gzip-compressed once their day has ended, purged after the
retention (at least 365 days); read back by `anshin logs access` and downloaded by tenant admins
for their own tenant only. No secret (session cookie, API token, password, query values) is ever
written to them."""
import datetime
import glob
import gzip
import json
import os
import time

import requests

from conftest import ADMIN_PASSWORD, unique
from tenancy import NEW_PASSWORD, create_tenant, user_session, first_password

JST = datetime.timezone(datetime.timedelta(hours=9))


def access_dir(srv):
    return os.path.join(srv.dir, "var", "access")


def read_all(srv):
    """Every line of every file (plain or gzip), as text."""
    out = []
    for path in sorted(glob.glob(os.path.join(access_dir(srv), "access-*"))):
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as f:
            out.append(f.read())
    return "".join(out)


def wait_for(srv, needle, timeout=10):
    """The writer flushes every 200 ms: waits until needle is on disk."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if needle in read_all(srv):
            return
        time.sleep(0.1)
    raise AssertionError("%r never reached the access log" % needle)


def lines(text):
    return [json.loads(x) for x in text.splitlines() if x.strip()]


def two_tenants(srv):
    staff = srv.login("admin")
    a = create_tenant(srv, staff, unique("AL").upper(), "甲アクセス株式会社")
    b = create_tenant(srv, staff, unique("BL").upper(), "乙アクセス株式会社")
    sa = user_session(srv, a["tenant"]["company_code"], "admin1", a["initial_password"])
    sb = user_session(srv, b["tenant"]["company_code"], "admin1", b["initial_password"])
    return staff, a, b, sa, sb


def started(make_server, **env):
    srv = make_server(env=env or None)
    srv.create_staff("admin")
    return srv.start()


def test_requests_are_written_to_daily_files_without_secrets(make_server):
    """CHK-7: every request is a line in today's file (JST day) with tenant and subject; the
    session cookie, the API token, passwords and query values never appear in any file."""
    srv = started(make_server)
    staff, a, b, sa, sb = two_tenants(srv)
    cookie = sa.cookies.get("anshin_session")
    assert cookie and len(cookie) == 43
    token = sa.post(srv.url + "/api/v1/api-tokens",
                    json={"name": "log-probe", "permissions": ["users.read"]}).json()["secret"]
    bearer = requests.Session()
    bearer.headers["Authorization"] = "Bearer " + token
    assert bearer.get(srv.url + "/api/v1/users").status_code == 200
    # Secrets pasted where they do not belong: a query string and a path segment.
    marker = unique("qmark")
    requests.get(srv.url + "/api/v1/me", params={"token": token, "session": cookie, "m": marker})
    requests.get(srv.url + "/api/v1/users/" + token)
    requests.get(srv.url + "/static/" + cookie + "/x.js")
    assert sa.get(srv.url + "/api/v1/users").status_code == 200
    wait_for(srv, '"actor":"token:log-probe"')
    time.sleep(0.5)
    text = read_all(srv)
    for secret in (cookie, token, ADMIN_PASSWORD, NEW_PASSWORD, a["initial_password"], marker,
                   sa.headers["X-CSRF-Token"]):
        assert secret not in text, secret
    day = datetime.datetime.now(JST).strftime("%Y-%m-%d")
    assert os.path.exists(os.path.join(access_dir(srv), "access-%s.jsonl" % day))
    mode = os.stat(os.path.join(access_dir(srv), "access-%s.jsonl" % day)).st_mode & 0o777
    assert mode == 0o600
    got = lines(text)
    mine = [x for x in got if x["tenant_id"] == a["tenant"]["id"] and x["subject"] == "user"
            and x["path"] == "/api/v1/users"]
    assert mine and mine[0]["subject_id"] == a["admin"]["id"] and mine[0]["status"] == 200
    assert mine[0]["actor"] == "admin1" and mine[0]["route"] == "/api/v1/users"
    assert any(x["path"] == "/api/v1/users/[redacted]" for x in got)
    assert all("?" not in x["path"] for x in got)
    assert any(x["subject"] == "staff" for x in got)
    srv.stop()


def test_cli_reads_back_a_period_and_a_tenant(make_server):
    """CHK-7: `anshin logs access --from --to --tenant CODE` prints the lines of that tenant's
    users in the period, and nothing of another tenant."""
    srv = started(make_server)
    staff, a, b, sa, sb = two_tenants(srv)
    sa.get(srv.url + "/api/v1/users")
    sb.get(srv.url + "/api/v1/users")
    wait_for(srv, '"tenant_id":%d' % b["tenant"]["id"])
    today = datetime.datetime.now(JST).strftime("%Y-%m-%d")
    r = srv.cli("logs", "access", "--from", today, "--to", today,
                "--tenant", a["tenant"]["company_code"].lower())
    assert r.returncode == 0, r.stderr
    got = lines(r.stdout)
    assert got and {x["tenant_id"] for x in got} == {a["tenant"]["id"]}
    everything = lines(srv.cli("logs", "access", "--from", today, "--to", today).stdout)
    assert {a["tenant"]["id"], b["tenant"]["id"], 0} <= {x["tenant_id"] for x in everything}
    # A period before anything happened is empty; an unknown company code is refused.
    r = srv.cli("logs", "access", "--from", "2020-01-01", "--to", "2020-01-02")
    assert r.returncode == 0 and r.stdout == ""
    assert srv.cli("logs", "access", "--tenant", "NOSUCHCODE").returncode == 2
    assert srv.cli("logs", "access", "--from", "yesterday").returncode == 2
    srv.stop()


def test_tenant_admin_downloads_own_tenant_only(make_server):
    """CHK-7, CHK-11: a tenant admin downloads its users' access lines for a period, never
    another tenant's or the operator's; members may not download (SLA-19); the download is
    audited; operators may pick a tenant."""
    srv = started(make_server)
    staff, a, b, sa, sb = two_tenants(srv)
    sb.get(srv.url + "/api/v1/users")
    sa.get(srv.url + "/api/v1/users")
    wait_for(srv, '"tenant_id":%d' % b["tenant"]["id"])
    wait_for(srv, '"tenant_id":%d' % a["tenant"]["id"])
    time.sleep(0.3)
    r = sa.get(srv.url + "/api/v1/access-log",
               params={"tenant_id": b["tenant"]["id"]})  # asks for B: still gets A
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("application/x-ndjson")
    assert "attachment" in r.headers["Content-Disposition"]
    got = lines(r.text)
    assert got and {x["tenant_id"] for x in got} == {a["tenant"]["id"]}
    assert b["tenant"]["company_code"] not in r.text
    events = sa.get(srv.url + "/api/v1/audit/events", params={"action": "data.download"}).json()
    assert any(e["target"] == "access_log" for e in events["items"])
    mine = staff.get(srv.url + "/api/v1/access-log", params={"tenant_id": b["tenant"]["id"]})
    assert mine.status_code == 200
    assert {x["tenant_id"] for x in lines(mine.text)} == {b["tenant"]["id"]}
    everything = staff.get(srv.url + "/api/v1/access-log")
    assert {0, a["tenant"]["id"], b["tenant"]["id"]} <= {x["tenant_id"] for x in lines(everything.text)}
    # A member holds no download right; bad periods are refused.
    member = sa.post(srv.url + "/api/v1/users", json={"login": "member1", "email": "m1@a.example.jp"})
    assert member.status_code == 201, member.text
    ms = user_session(srv, a["tenant"]["company_code"], "member1", first_password(srv, member.json()))
    assert ms.get(srv.url + "/api/v1/access-log").status_code == 403
    assert sa.get(srv.url + "/api/v1/access-log",
                  params={"from": "2026-01-01", "to": "2026-03-01"}).status_code == 400
    assert sa.get(srv.url + "/api/v1/access-log", params={"from": "x"}).status_code == 400
    assert requests.get(srv.url + "/api/v1/access-log").status_code == 401
    srv.stop()


def write_lines(path, day, n=3, tenant_id=0, gz=False):
    ts = "%sT03:00:00.000Z" % day
    body = "".join(json.dumps({"ts": ts, "request_id": "old%d" % i, "status": 200,
                               "tenant_id": tenant_id, "path": "/old"}, separators=(",", ":"))
                   + "\n" for i in range(n))
    with (gzip.open(path, "wt") if gz else open(path, "w")) as f:
        f.write(body)


def test_ended_days_are_compressed_and_old_ones_purged(make_server):
    """CHK-7: at start (then hourly) the files of ended days are gzip-compressed; files are kept
    for the retention (365 days by default) and removed after it; compressed files read back."""
    srv = make_server()
    srv.create_staff("admin")
    d = access_dir(srv)
    os.makedirs(d)
    today = datetime.datetime.now(JST).date()
    day = lambda n: (today - datetime.timedelta(days=n)).isoformat()  # noqa: E731
    write_lines(os.path.join(d, "access-%s.jsonl" % day(1)), day(1), n=4)
    write_lines(os.path.join(d, "access-%s.1.jsonl" % day(1)), day(1), n=2)
    write_lines(os.path.join(d, "access-%s.jsonl.gz" % day(300)), day(300), gz=True)
    write_lines(os.path.join(d, "access-%s.jsonl" % day(365)), day(365))
    write_lines(os.path.join(d, "access-%s.jsonl" % day(366)), day(366))
    write_lines(os.path.join(d, "access-%s.jsonl.gz" % day(800)), day(800), gz=True)
    srv.start()
    done = {"access-%s.jsonl.gz" % day(1), "access-%s.1.jsonl.gz" % day(1)}
    deadline = time.time() + 15
    while time.time() < deadline and {n for n in os.listdir(d) if day(1) in n} != done:
        time.sleep(0.1)
    names = set(os.listdir(d))
    assert "access-%s.jsonl.gz" % day(1) in names and "access-%s.jsonl" % day(1) not in names
    assert "access-%s.1.jsonl.gz" % day(1) in names
    assert "access-%s.jsonl.gz" % day(300) in names
    assert "access-%s.jsonl.gz" % day(365) in names  # a year kept (and compressed)
    assert not any(day(366) in n or day(800) in n for n in names)
    with gzip.open(os.path.join(d, "access-%s.jsonl.gz" % day(1)), "rt") as f:
        assert f.read().count("\n") == 4
    r = srv.cli("logs", "access", "--from", day(1), "--to", day(1))
    assert r.returncode == 0 and len(lines(r.stdout)) == 6
    r = srv.cli("logs", "access", "--from", day(300), "--to", day(300))
    assert len(lines(r.stdout)) == 3
    srv.stop()


def test_a_day_is_cut_into_parts_at_the_size_cap(make_server):
    """CHK-7: a day's file stops at [log] access_file_max_bytes and the next part begins; the
    reader returns every line of every part."""
    srv = started(make_server, ANSHIN_LOG_ACCESS_FILE_MAX_BYTES="4096")
    for i in range(60):
        requests.get(srv.url + "/part-%d" % i)
    wait_for(srv, "/part-59")
    time.sleep(0.5)
    today = datetime.datetime.now(JST).strftime("%Y-%m-%d")
    parts = sorted(glob.glob(os.path.join(access_dir(srv), "access-%s*.jsonl" % today)))
    assert len(parts) >= 3
    assert all(os.path.getsize(p) <= 4096 for p in parts)
    r = srv.cli("logs", "access", "--from", today, "--to", today)
    assert sorted(x["path"] for x in lines(r.stdout) if x["path"].startswith("/part-")) == \
        sorted("/part-%d" % i for i in range(60))
    srv.stop()


def test_retention_under_a_year_is_refused(make_server):
    """CHK-7: the retention has a floor of 365 days; a shorter one stops the program."""
    srv = make_server(env={"ANSHIN_LOG_ACCESS_RETENTION_DAYS": "30"})
    r = srv.cli("migrate")
    assert r.returncode != 0 and "access_retention_days" in r.stderr
