"""Operator IP restriction (CHK-9): operator staff work only from [security]
staff_allowed_networks and from their own list; a refused address gets 403 ip-not-allowed at
login and on every request of a session, audited as access.denied; the address is the peer's,
or the last X-Forwarded-For entry only from a trusted proxy."""
import requests

from conftest import ADMIN_PASSWORD, unique
from tenancy import create_tenant, user_login


def login(server, who="admin", xff=None):
    h = {"X-Forwarded-For": xff} if xff else {}
    return requests.post(server.url + "/api/v1/auth/login", json={"login": who, "password": ADMIN_PASSWORD},
                         headers=h)


def denials(server, login_name):
    return server.sql("SELECT COUNT(*) FROM audit_events WHERE action = 'access.denied' AND actor_label = ?",
                      login_name)[0][0]


def test_staff_outside_the_operator_networks_are_refused(make_server):
    """CHK-9: without a trusted proxy the peer (127.0.0.1) is outside 10.0.0.0/8, whatever
    X-Forwarded-For claims; tenant users are not concerned."""
    srv = make_server(env={"ANSHIN_SECURITY_STAFF_ALLOWED_NETWORKS": "10.0.0.0/8"})
    srv.create_staff("admin")
    srv.start()
    for xff in (None, "10.1.2.3"):
        r = login(srv, xff=xff)
        assert r.status_code == 403 and r.json()["type"] == "/problems/ip-not-allowed", r.text
    assert denials(srv, "admin") == 2


def test_a_trusted_proxy_forwards_the_client_address(make_server):
    """CHK-9: behind a trusted proxy the forwarded address decides, at login and at every
    request of the session."""
    srv = make_server(env={"ANSHIN_SECURITY_STAFF_ALLOWED_NETWORKS": "10.0.0.0/8, 192.168.0.0/16",
                           "ANSHIN_SERVER_TRUSTED_PROXIES": "127.0.0.1"})
    srv.create_staff("admin")
    srv.start()
    r = login(srv, xff="10.1.2.3")
    assert r.status_code == 200, r.text
    s = requests.Session()
    s.cookies.update(r.cookies)
    assert s.get(srv.url + "/api/v1/me", headers={"X-Forwarded-For": "10.1.2.3"}).status_code == 200
    moved = s.get(srv.url + "/api/v1/me", headers={"X-Forwarded-For": "198.51.100.7"})
    assert moved.status_code == 403 and moved.json()["type"] == "/problems/ip-not-allowed"
    assert login(srv, xff="203.0.113.9").status_code == 403
    assert denials(srv, "admin") == 2


def test_a_staff_account_can_have_its_own_list(server, admin):
    """CHK-9: an admin narrows one account to 10.0.0.0/8; its open session is refused at the next
    request and its login too, audited; the list is read back; a bad entry is named."""
    name = unique("ops")
    server.create_staff(name, roles="support")
    ops = server.login(name)
    sid = [s["id"] for s in admin.get(server.url + "/api/v1/staff").json()["items"] if s["login"] == name][0]
    bad = admin.put(server.url + "/api/v1/staff/%d/allowed-networks" % sid, json={"entries": ["10.0.0.0/99"]})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "entries"
    r = admin.put(server.url + "/api/v1/staff/%d/allowed-networks" % sid, json={"entries": ["10.0.0.0/8"]})
    assert r.status_code == 200 and r.json() == {"entries": ["10.0.0.0/8"], "global": []}
    assert ops.get(server.url + "/api/v1/me").status_code == 403
    assert login(server, name).status_code == 403
    assert denials(server, name) == 2
    assert admin.get(server.url + "/api/v1/me").status_code == 200  # others are not concerned
    # Tenant users are never concerned by the operator's lists.
    cc = unique("SN").upper()
    t = create_tenant(server, admin, cc, "網株式会社")
    assert user_login(server, cc, "admin1", t["initial_password"]).status_code == 200
    admin.put(server.url + "/api/v1/staff/%d/allowed-networks" % sid, json={"entries": []})
    assert login(server, name).status_code == 200
