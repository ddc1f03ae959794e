"""The HTTP edge under hostile clients (issue 8): absolute header and body deadlines and
per-address connection limits against slowloris (M4), strict message framing (M7), UTF-8 checked
at the edge (M8, L), many query arguments (L), /metrics behind a token (I1), our headers on
oversize errors (I2) and strict ids (I3). Raw sockets where a client library would tidy the
request up. SLA-21 (the service stays answerable), TOS-25 (security headers on every reply)."""
import socket
import time
import urllib.parse

import pytest
import requests

from conftest import unique
from tenancy import create_tenant

PROBLEM = "application/problem+json"


def raw(port, data, timeout=5.0, source=None):
    """Sends data on a fresh connection and reads until the server closes it or timeout passes.
    Returns (status, headers dict, body bytes, closed)."""
    s = socket.socket()
    if source:
        s.bind((source, 0))
    s.settimeout(timeout)
    s.connect(("127.0.0.1", port))
    s.sendall(data)
    out, closed = b"", False
    deadline = time.time() + timeout
    try:
        while time.time() < deadline:
            chunk = s.recv(65536)
            if not chunk:
                closed = True
                break
            out += chunk
    except socket.timeout:
        pass
    except ConnectionResetError:
        closed = True
    finally:
        s.close()
    head, _, body = out.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1]) if lines and lines[0].startswith(b"HTTP/") else None
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(b":")
        headers[k.strip().decode().lower()] = v.strip().decode("latin-1")
    return status, headers, body, closed


def assert_our_problem(status, headers, body, expected):
    assert status == expected, (status, body[:300])
    assert headers.get("content-type", "").startswith(PROBLEM), headers
    assert headers.get("x-content-type-options") == "nosniff", headers
    assert "frame-ancestors 'none'" in headers.get("content-security-policy", ""), headers
    assert headers.get("x-request-id"), headers
    import json
    return json.loads(body.decode("utf-8"))


@pytest.fixture(scope="module")
def edge(server):
    return server


# ---- M7: strict framing (RFC 9112 §6.3, §3.2) ----

LOGIN = b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"


def test_two_different_content_lengths_are_400_and_closed(edge):
    """M7: a request with two different Content-Lengths is refused with 400 and the connection
    closed, so no front proxy can disagree with us about where the next request begins."""
    st, h, body, closed = raw(edge.port, LOGIN + b"Content-Length: 2\r\nContent-Length: 3\r\n\r\n"
                              b"{}xGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    assert_our_problem(st, h, body, 400)
    assert closed
    assert body.count(b"HTTP/1.1") == 0  # the smuggled request was not answered


def test_content_length_with_transfer_encoding_is_400_and_closed(edge):
    """M7: Content-Length together with Transfer-Encoding is refused and the connection closed."""
    st, h, body, closed = raw(edge.port, LOGIN + b"Content-Length: 5\r\n"
                              b"Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n")
    assert_our_problem(st, h, body, 400)
    assert closed


def test_unknown_transfer_coding_and_two_hosts_are_400_and_closed(edge):
    """M7: a transfer coding other than one "chunked" (the body's end is then unknown) and two
    Host headers are refused and the connection closed, rather than left waiting."""
    for head in (b"Transfer-Encoding: gzip\r\n", b"Transfer-Encoding: chunked, gzip\r\n",
                 b"Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
                 b"Host: y\r\nContent-Length: 2\r\n"):
        st, h, body, closed = raw(edge.port, LOGIN + head + b"\r\n{}", timeout=3)
        assert_our_problem(st, h, body, 400)
        assert closed, head


def test_http11_without_host_is_400_and_closed(edge):
    """M7: HTTP/1.1 requires Host; without one, 400 and close."""
    st, h, body, closed = raw(edge.port, b"GET /healthz HTTP/1.1\r\n\r\n")
    assert st == 400, (st, body)
    assert closed


def test_well_framed_keep_alive_still_works(edge):
    """The strict checks leave ordinary keep-alive traffic alone."""
    with requests.Session() as s:
        for _ in range(3):
            assert s.get(edge.url + "/healthz").status_code == 200
        r = s.post(edge.url + "/api/v1/auth/login", json={"login": "nobody", "password": "x"})
        assert r.status_code == 401


# ---- M8, L: UTF-8 at the edge ----

def test_invalid_utf8_in_query_value_is_400_naming_it(edge):
    """M8: `%ff` in a query value is refused before any handler, naming the parameter (it gave
    500 on PostgreSQL on 13 endpoints)."""
    admin = edge.login("admin")
    for path in ("/api/v1/tenants?q=%ff", "/api/v1/audit/events?user=a%ffb",
                 "/api/v1/tenants?limit=10&q=%c3%28"):
        r = admin.get(edge.url + path)
        assert r.status_code == 400, (path, r.status_code, r.text)
        assert r.headers["Content-Type"].startswith(PROBLEM)
        p = r.json()
        assert p["type"] == "/problems/invalid-field"
        assert [e["field"] for e in p["errors"]] == [
            "q" if "q=" in path else "user"], p
    # Overlong encodings and UTF-16 surrogates are not UTF-8 either.
    for bad in ("%c0%af", "%ed%a0%80", "%f8%88%80%80%80"):
        r = admin.get(edge.url + "/api/v1/tenants?q=" + bad)
        assert r.status_code == 400, (bad, r.text)


def test_invalid_utf8_in_query_key_is_400(edge):
    """M8: a query key must be UTF-8 as well; its name is given with the bad bytes escaped."""
    r = requests.get(edge.url + "/healthz?%ff%fe=1")
    assert r.status_code == 400 and r.headers["Content-Type"].startswith(PROBLEM)
    assert r.json()["errors"][0]["field"] == "%FF%FE"


def test_invalid_utf8_in_path_gets_a_reply(edge):
    """L: invalid UTF-8 in a path closed the connection without a reply (the problem's `instance`
    made json_pack return NULL); now 400 problem+json, under /api/ and for static paths."""
    for path in (b"/api/v1/%ff", b"/api/v1/staff/%c3", b"/%ff%fe.html", b"/api/v1/\xff"):
        st, h, body, _ = raw(edge.port, b"GET " + path + b" HTTP/1.1\r\nHost: x\r\n"
                             b"Connection: close\r\n\r\n")
        p = assert_our_problem(st, h, body, 400)
        assert p["errors"][0]["field"] == "path", p
        assert "%FF" in p["instance"] or "%C3" in p["instance"], p


def test_valid_utf8_query_is_served(edge):
    admin = edge.login("admin")
    r = admin.get(edge.url + "/api/v1/tenants", params={"q": "日本語の会社"})
    assert r.status_code == 200, r.text


def test_eleven_character_japanese_tenant_search(make_server):
    """M8: an 11-character Japanese search (33 bytes) was cut at 32 bytes inside a character for
    the company-code half of the search, and PostgreSQL refused it with 500. Lengths are in
    characters, so a 40-character name search still finds its tenant."""
    srv = make_server()
    srv.create_staff("admin")
    srv.start()
    admin = srv.login("admin")
    name = "株式会社安心テスト商事日本橋本店営業部第一課"  # 22 characters
    create_tenant(srv, admin, unique("C").upper(), name)
    for q in (name[:11], name[:12], name, "テ" * 40):
        r = admin.get(srv.url + "/api/v1/tenants", params={"q": q})
        assert r.status_code == 200, (q, r.text)
        found = [t["name"] for t in r.json()["items"]]
        assert (name in found) == name.startswith(q), (q, found)


def test_hostile_user_agent_is_stored_as_text(edge):
    """M8, L: the User-Agent is kept with the session: one that is not UTF-8, or long multibyte
    text cut at the column's byte size inside a character, must not break the login on
    PostgreSQL nor the session list's JSON."""
    for ua in (b"\xff\xfe bot", "日本語ブラウザ".encode() * 20):
        r = requests.post(edge.url + "/api/v1/auth/login", headers={"User-Agent": ua},
                          json={"login": "admin", "password": "Anshin-Test-2026!"})
        assert r.status_code == 200, r.text
        s = requests.Session()
        s.cookies = r.cookies
        r = s.get(edge.url + "/api/v1/me/sessions")
        assert r.status_code == 200, r.text
        assert all(isinstance(x["user_agent"], str) for x in r.json()["items"])


# ---- L: many query arguments ----

def test_many_query_arguments_answer_promptly(edge):
    """L: 452 or more query arguments exhausted libmicrohttpd's per-connection memory and the
    connection hung for the idle timeout (30 s) or closed without a reply. Now a prompt 414
    problem+json and the connection closed."""
    for n in (460, 600, 2000):
        q = "&".join("a%d=1" % i for i in range(n))
        t0 = time.time()
        st, h, body, closed = raw(edge.port, ("GET /healthz?%s HTTP/1.1\r\nHost: x\r\n\r\n" % q)
                                  .encode(), timeout=5)
        assert time.time() - t0 < 3, n
        assert_our_problem(st, h, body, 414)
        assert closed, n
    # A sensible number of arguments still works.
    q = "&".join("a%d=1" % i for i in range(50))
    assert requests.get(edge.url + "/healthz?" + q).status_code == 200


# ---- I2: our reply for oversize headers ----

def test_oversized_headers_get_our_problem(edge):
    """I2: headers over [server] max_header_bytes are refused with our 431 problem+json and the
    security headers, not libmicrohttpd's bare HTML page."""
    r = requests.get(edge.url + "/healthz", headers={"X-Big": "a" * 40000})
    assert r.status_code == 431
    assert r.headers["Content-Type"].startswith(PROBLEM), r.text[:200]
    assert r.headers.get("X-Content-Type-Options") == "nosniff"
    assert r.json()["type"] == "/problems/headers-too-large"
    assert requests.get(edge.url + "/healthz").status_code == 200


# ---- I3: strict ids ----

def test_ids_are_strict_decimal(edge):
    """I3: `+1`, ` 1`, `01`, `1 ` and `%201` named staff 1; an id is decimal digits only, no
    sign, no leading zero, no spaces, within int64: anything else is 404 problem+json."""
    admin = edge.login("admin")
    assert admin.get(edge.url + "/api/v1/staff/1").status_code == 200
    for bad in ("+1", "%201", "01", "1%20", "%2B1", "-1", "0", "1.0", "0x1",
                "9223372036854775808", "99999999999999999999"):
        r = admin.get(edge.url + "/api/v1/staff/" + bad)
        assert r.status_code == 404, (bad, r.status_code, r.text)
        assert r.headers["Content-Type"].startswith(PROBLEM)
    # Ids in query strings follow the same rule: 400 naming the parameter.
    for bad in ("+1", " 1", "01", "1 "):
        r = admin.get(edge.url + "/api/v1/audit/events?tenant_id=" + urllib.parse.quote(bad))
        assert r.status_code == 400, (bad, r.status_code, r.text)
        r = admin.get(edge.url + "/api/v1/mail?tenant_id=" + urllib.parse.quote(bad))
        assert r.status_code == 400, (bad, r.status_code, r.text)
    for bad in ("+5", " 5", "05", "5 "):
        r = admin.get(edge.url + "/api/v1/tenants?limit=" + urllib.parse.quote(bad))
        assert r.status_code == 400, (bad, r.status_code, r.text)


# ---- I1: /metrics behind a token ----

def test_metrics_answer_404_without_a_configured_token(make_server):
    """I1: /metrics carried counts for every route to anyone; with no [server] metrics_token it
    does not exist."""
    srv = make_server(env={"ANSHIN_SERVER_METRICS_TOKEN": ""})
    srv.start()
    r = requests.get(srv.url + "/metrics")
    assert r.status_code == 404
    assert "anshin_http_requests_total" not in r.text


def test_metrics_need_the_bearer_token(make_server):
    """I1: with [server] metrics_token set, /metrics answers only to that bearer token."""
    token = "m-" + unique("t") * 4
    srv = make_server(env={"ANSHIN_SERVER_METRICS_TOKEN": token})
    srv.start()
    r = requests.get(srv.url + "/metrics")
    assert r.status_code == 401 and r.headers["Content-Type"].startswith(PROBLEM)
    r = requests.get(srv.url + "/metrics", headers={"Authorization": "Bearer wrong" + token})
    assert r.status_code == 401
    r = requests.get(srv.url + "/metrics", headers={"Authorization": "Bearer " + token})
    assert r.status_code == 200 and "anshin_http_requests_total" in r.text
    # The store's and (PostgreSQL only: SQLite seals as it writes) the audit sequencer's metrics
    # come whole (issue 19): every metric has its value line.
    names = ["anshin_db_txn_giveups_total"]
    if srv.driver == "postgres":
        names += ["anshin_audit_unsealed_events", "anshin_audit_unsealed_oldest_seconds",
                  "anshin_audit_sequencer_lease"]
    for name in names:
        assert any(line.startswith(name + " ") for line in r.text.splitlines()), name


# ---- M4: slowloris ----

SOURCES = ["127.0.0.%d" % i for i in range(2, 7)]


def open_trickling(port, sources, per_source):
    socks = []
    for src in sources:
        for _ in range(per_source):
            s = socket.socket()
            s.setblocking(True)
            s.bind((src, 0))
            s.settimeout(2)
            try:
                s.connect(("127.0.0.1", port))
                s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
                socks.append(s)
            except OSError:
                s.close()
    return socks


def trickle(socks):
    """Sends one more header byte on every open connection; returns how many took it."""
    alive = 0
    for s in socks:
        try:
            s.sendall(b"X")
            alive += 1
        except OSError:
            pass
    return alive


def closed_by_server(s):
    s.settimeout(0.2)
    try:
        return s.recv(1 << 16) == b""
    except socket.timeout:
        return False
    except OSError:
        return True


def test_slowloris_from_several_addresses_cannot_starve_healthz(make_server):
    """M4: 1,150 trickling connections from 5 addresses made /healthz unanswerable and were kept
    for ever (the idle timeout restarts with each byte). Now the per-address limit leaves room
    for others, and a request's headers must arrive within [server] header_timeout (2 s here)."""
    srv = make_server(env={"ANSHIN_SERVER_HEADER_TIMEOUT": "2",
                           "ANSHIN_SERVER_BODY_TIMEOUT": "3"})
    srv.start()
    socks = open_trickling(srv.port, SOURCES, 240)
    try:
        start = time.time()
        answered = 0
        for _ in range(6):
            trickle(socks)
            try:
                r = requests.get(srv.url + "/healthz", timeout=2)
                answered += r.status_code == 200
            except requests.RequestException:
                pass
            time.sleep(0.3)
        assert answered == 6, answered
        # Keep trickling past the header deadline: every connection must have been closed.
        while time.time() - start < 5:
            trickle(socks)
            time.sleep(0.4)
        time.sleep(0.5)
        still_open = sum(not closed_by_server(s) for s in socks)
        assert still_open == 0, still_open
        assert requests.get(srv.url + "/healthz", timeout=2).status_code == 200
    finally:
        for s in socks:
            s.close()


def test_slow_body_is_closed_after_body_timeout(make_server):
    """M4: a body trickled byte by byte is cut at [server] body_timeout (3 s here), while a
    client that sends its request promptly is served on the same server."""
    srv = make_server(env={"ANSHIN_SERVER_HEADER_TIMEOUT": "2",
                           "ANSHIN_SERVER_BODY_TIMEOUT": "3"})
    srv.start()
    s = socket.create_connection(("127.0.0.1", srv.port))
    s.sendall(b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              b"Content-Length: 1000\r\n\r\n{")
    t0 = time.time()
    closed = False
    try:
        while time.time() - t0 < 8:
            try:
                s.sendall(b" ")
            except OSError:
                closed = True
                break
            if closed_by_server(s):
                closed = True
                break
            time.sleep(0.3)
        assert closed
        assert 2.5 <= time.time() - t0 < 6, time.time() - t0
    finally:
        s.close()
    assert requests.get(srv.url + "/healthz", timeout=2).status_code == 200
