"""The optional HTTP Basic credential gate per tenant (CHK-10): when a tenant admin turns it on,
every request of that tenant's users, the login included, needs the gate's credentials as well as
the user's own; refusals are audited, other tenants are untouched."""
import requests

from conftest import unique
from tenancy import NEW_PASSWORD, create_tenant, user_session


def test_basic_gate_guards_login_and_every_request(server, admin):
    t = create_tenant(server, admin, unique("BG").upper(), "ゲート株式会社")
    code = t["tenant"]["company_code"]
    s = user_session(server, code, "admin1", t["initial_password"])
    other = create_tenant(server, admin, unique("BO").upper(), "ゲートなし株式会社")
    so = user_session(server, other["tenant"]["company_code"], "admin1", other["initial_password"])
    assert s.get(server.url + "/api/v1/basic-gate").json() == {"enabled": False, "user": ""}
    bad = s.put(server.url + "/api/v1/basic-gate", json={"enabled": True, "user": "a:b"})
    assert bad.status_code == 400
    r = s.put(server.url + "/api/v1/basic-gate", json={"enabled": True, "user": "gate-user"})
    assert r.status_code == 200, r.text
    pw = r.json()["password"]
    assert len(pw) == 20
    # The session now needs the gate's credentials too.
    r = s.get(server.url + "/api/v1/me")
    assert r.status_code == 401 and r.json()["type"] == "/problems/basic-auth-required"
    assert r.headers["WWW-Authenticate"].startswith("Basic realm=")
    assert s.get(server.url + "/api/v1/me", auth=("gate-user", "wrong")).status_code == 401
    assert s.get(server.url + "/api/v1/me", auth=("gate-user", pw)).status_code == 200
    # So does the login (checked once the password is right: L, no company-code enumeration).
    body = {"company_code": code, "login": "admin1", "password": NEW_PASSWORD}
    r = requests.post(server.url + "/api/v1/auth/login", json=body)
    assert r.status_code == 401 and r.json()["type"] == "/problems/basic-auth-required"
    r = requests.post(server.url + "/api/v1/auth/login", json=body, auth=("gate-user", pw))
    assert r.status_code == 200, r.text
    # Other tenants and operator staff are untouched.
    assert so.get(server.url + "/api/v1/me").status_code == 200
    assert admin.get(server.url + "/api/v1/me").status_code == 200
    # Refusals are in the tenant's audit log; the setting change too.
    ev = s.get(server.url + "/api/v1/audit/events", auth=("gate-user", pw),
               params={"action": "access.basic_gate"}).json()["items"]
    assert ev and all(e["outcome"] == "denied" for e in ev)
    ev = s.get(server.url + "/api/v1/audit/events", auth=("gate-user", pw),
               params={"action": "basic_gate.update"}).json()["items"]
    assert ev and "password" not in str(ev[0]["details"])
    # Turning it off lifts the gate.
    r = s.put(server.url + "/api/v1/basic-gate", json={"enabled": False}, auth=("gate-user", pw))
    assert r.status_code == 200 and r.json() == {"enabled": False, "user": ""}
    assert s.get(server.url + "/api/v1/me").status_code == 200
