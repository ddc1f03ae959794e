"""Per-tenant IP allowlist (CHK-10, WP-10, SLA-19): checked on login and on every request of the
tenant's users; denials are audited. X-Forwarded-For counts only from a configured proxy."""
import requests

from conftest import unique
from tenancy import NEW_PASSWORD, create_tenant, user_session


def xff(ip):
    return {"X-Forwarded-For": ip}


def prepare(make_server, proxies="127.0.0.1"):
    srv = make_server(env={"ANSHIN_SERVER_TRUSTED_PROXIES": proxies} if proxies else None)
    srv.create_staff("admin")
    srv.start()
    op = srv.login("admin")
    t = create_tenant(srv, op, unique("IP").upper(), "IP制限株式会社")
    code = t["tenant"]["company_code"]
    s = user_session(srv, code, "admin1", t["initial_password"])
    return srv, op, code, s


def login(srv, code, ip):
    return requests.post(srv.url + "/api/v1/auth/login", headers=xff(ip),
                         json={"company_code": code, "login": "admin1", "password": NEW_PASSWORD})


def test_allowlist_blocks_unlisted_addresses(make_server):
    srv, op, code, s = prepare(make_server)
    s.headers.update(xff("203.0.113.10"))
    # A list that would shut out the admin's own address is refused.
    r = s.put(srv.url + "/api/v1/ip-allowlist", json={"entries": ["198.51.100.0/24"]})
    assert r.status_code == 409
    r = s.put(srv.url + "/api/v1/ip-allowlist", json={"entries": ["203.0.113.0/24", "2001:db8::/32"]})
    assert r.status_code == 200, r.text
    assert s.get(srv.url + "/api/v1/ip-allowlist").json()["entries"] == ["203.0.113.0/24", "2001:db8::/32"]
    bad = s.put(srv.url + "/api/v1/ip-allowlist", json={"entries": ["300.1.1.1"]})
    assert bad.status_code == 400
    assert login(srv, code, "203.0.113.77").status_code == 200
    denied = login(srv, code, "198.51.100.5")
    assert denied.status_code == 403 and denied.json()["type"] == "/problems/ip-not-allowed"
    assert "許可されていません" in denied.json()["detail"]
    # An existing session used from elsewhere is refused too, on every request.
    r = s.get(srv.url + "/api/v1/me", headers=xff("198.51.100.5"))
    assert r.status_code == 403
    assert s.get(srv.url + "/api/v1/me").status_code == 200
    events = s.get(srv.url + "/api/v1/audit/events", params={"action": "access.denied"}).json()["items"]
    assert len(events) >= 2 and all(e["outcome"] == "denied" for e in events)
    assert {e["client_ip"] for e in events} == {"198.51.100.5"}
    # Operator staff are not bound by a tenant's list.
    assert op.get(srv.url + "/api/v1/tenants", headers=xff("198.51.100.5")).status_code == 200


def test_forwarded_for_is_ignored_without_a_trusted_proxy(make_server):
    srv, op, code, s = prepare(make_server, proxies="")
    # The real peer is 127.0.0.1: listing only it works, and a forged header changes nothing.
    r = s.put(srv.url + "/api/v1/ip-allowlist", json={"entries": ["127.0.0.1"]})
    assert r.status_code == 200
    assert login(srv, code, "198.51.100.5").status_code == 200
    r = s.put(srv.url + "/api/v1/ip-allowlist", json={"entries": ["10.0.0.0/8"]}, headers=xff("10.1.1.1"))
    assert r.status_code == 409
