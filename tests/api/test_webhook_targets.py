"""M2 (issue 8): shop webhooks must not reach the operator's own network. A target that is not a
public address (loopback, RFC 1918, fc00::/7, link-local, unspecified, multicast, CGNAT, IPv4
mapped into IPv6 ...) is refused when the URL is saved with a literal address, and refused again
on the address libcurl actually connects to, so a host name that resolves to 127.0.0.1 (DNS
rebinding) reaches nothing. Shops learn only whether a delivery succeeded: no curl error text, no
status code. With [webhook] allow_private_targets = true (the market tests' loopback receivers)
private targets are delivered to. TOS-13, TOS-18, SLA-21."""
import http.server
import socket
import threading
import time

import pytest
import requests

from conftest import unique
from market import contractor, setup_catalogue


class Listener(http.server.BaseHTTPRequestHandler):
    hits = []

    def do_POST(self):
        Listener.hits.append(self.path)
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *a):
        pass


@pytest.fixture
def listener():
    srv = http.server.HTTPServer(("127.0.0.1", 0), Listener)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv
    srv.shutdown()


@pytest.fixture
def strict(make_server):
    """A server with the default: private targets refused."""
    srv = make_server(env={"ANSHIN_MARKET_POLL_INTERVAL_MS": "200"})
    srv.create_staff("admin")
    return srv.start()


def problem_field(r, field):
    assert r.status_code == 400, r.text
    assert r.headers["Content-Type"].startswith("application/problem+json")
    body = r.json()
    assert body["type"] == "/problems/invalid-field"
    assert any(e["field"] == field for e in body.get("errors", [])), body
    return body


PRIVATE = ["http://127.0.0.1/", "http://127.1.2.3:8080/x", "https://10.0.0.5/", "http://172.16.0.1/",
           "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/",
           "http://0.0.0.0:22/", "http://224.0.0.1/", "http://[::1]/", "http://[::]/",
           "http://[fe80::1]/", "http://[fc00::1]/", "http://[fd12:3456::1]/",
           "http://[::ffff:127.0.0.1]/", "http://[::ffff:a00:1]/", "http://2130706433/",
           "http://0x7f.1/", "http://017700000001/", "http://127.1/", "http://255.255.255.255/",
           "http://[64:ff9b::7f00:1]/", "http://[2002:7f00:1::]/"]


@pytest.mark.parametrize("url", PRIVATE)
def test_private_literal_targets_are_refused_when_saved(strict, url):
    """M2: a literal private address is refused with 400 naming the field, for the operator's
    endpoint and for the shop's own staff; nothing is stored."""
    admin = strict.login("admin")
    cat = setup_catalogue(strict, admin, unique("p"))
    r = admin.put(strict.url + "/api/v1/shops/%d/webhook" % cat["shop"]["id"], json={"url": url})
    problem_field(r, "url")
    r = admin.post(strict.url + "/api/v1/shops", json={
        "code": unique("q"), "name": "ショップ", "contact_email": "shop@q.example.jp",
        "webhook_url": url})
    problem_field(r, "webhook_url")
    stored = strict.sql("SELECT webhook_url FROM shops WHERE id = ?", cat["shop"]["id"])[0][0]
    assert stored == ""


def test_public_targets_are_still_accepted(strict):
    admin = strict.login("admin")
    cat = setup_catalogue(strict, admin, unique("ok"))
    for url in ("https://hooks.example.jp/anshin", "http://93.184.216.34:8443/hook",
                "https://[2606:4700:4700::1111]/x", "http://8.8.8.8/"):
        r = admin.put(strict.url + "/api/v1/shops/%d/webhook" % cat["shop"]["id"],
                      json={"url": url})
        assert r.status_code == 200, (url, r.text)


def wait_attempt(srv, token, timeout=20):
    H = {"Authorization": "Bearer " + token}
    deadline = time.time() + timeout
    items = []
    while time.time() < deadline:
        items = requests.get(srv.url + "/api/v1/shop/webhook-deliveries", headers=H).json()["items"]
        if items and items[0]["attempts"] >= 1:
            return items
        time.sleep(0.2)
    raise AssertionError("no delivery attempt: %r" % items)


def test_a_name_resolving_to_loopback_reaches_nothing(strict, listener):
    """M2: `localhost` passes the literal check but resolves to 127.0.0.1: the connection is
    refused on the resolved address, the local listener gets nothing, and the shop sees a bare
    failure without curl's error text or a status code."""
    admin = strict.login("admin")
    cat = setup_catalogue(strict, admin, unique("lb"))
    url = "http://localhost:%d/hook" % listener.server_port
    r = admin.put(strict.url + "/api/v1/shops/%d/webhook" % cat["shop"]["id"], json={"url": url})
    assert r.status_code == 200, r.text
    tok = admin.post(strict.url + "/api/v1/shops/%d/tokens" % cat["shop"]["id"],
                     json={"name": "t"}).json()["secret"]
    Listener.hits.clear()
    contractor(strict, admin, cat, unique("LB").upper())
    items = wait_attempt(strict, tok)
    time.sleep(0.5)
    assert Listener.hits == []
    d = items[0]
    assert d["status"] in ("pending", "failed") and d["delivered_at"] is None
    assert "last_status" not in d
    assert d["last_error"] == "delivery failed"


def test_closed_and_open_ports_look_the_same_to_the_shop(strict, listener):
    """M2: the port-scan oracle: a closed port and a listening one answer the shop alike."""
    admin = strict.login("admin")
    seen = []
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    for p in (listener.server_port, port):
        cat = setup_catalogue(strict, admin, unique("sc"))
        r = admin.put(strict.url + "/api/v1/shops/%d/webhook" % cat["shop"]["id"],
                      json={"url": "http://localhost:%d/" % p})
        assert r.status_code == 200, r.text
        tok = admin.post(strict.url + "/api/v1/shops/%d/tokens" % cat["shop"]["id"],
                         json={"name": "t"}).json()["secret"]
        contractor(strict, admin, cat, unique("SC").upper())
        d = wait_attempt(strict, tok)[0]
        seen.append({k: d.get(k) for k in ("status", "attempts", "last_error", "last_status")})
    assert seen[0] == seen[1]


def test_private_targets_allowed_when_configured(make_server, listener):
    """[webhook] allow_private_targets = true: the loopback receiver gets the delivery."""
    srv = make_server(env={"ANSHIN_MARKET_POLL_INTERVAL_MS": "200",
                           "ANSHIN_WEBHOOK_ALLOW_PRIVATE_TARGETS": "true"})
    srv.create_staff("admin")
    srv.start()
    admin = srv.login("admin")
    cat = setup_catalogue(srv, admin, unique("al"))
    r = admin.put(srv.url + "/api/v1/shops/%d/webhook" % cat["shop"]["id"],
                  json={"url": "http://127.0.0.1:%d/allowed" % listener.server_port})
    assert r.status_code == 200, r.text
    tok = admin.post(srv.url + "/api/v1/shops/%d/tokens" % cat["shop"]["id"],
                     json={"name": "t"}).json()["secret"]
    contractor(srv, admin, cat, unique("AL").upper())
    items = wait_attempt(srv, tok)
    assert items[0]["status"] == "delivered" and "/allowed" in Listener.hits
