"""Optional event classes (WP-18): a tenant admin chooses whether screen opens, data reads and
downloads are collected for its users; security events (logins) are always collected."""
from conftest import unique
from tenancy import NEW_PASSWORD, create_tenant, user_login, user_session


def count(server, cc, action):
    return server.sql("SELECT COUNT(*) FROM audit_events WHERE action = ? AND tenant_id = "
                      "(SELECT id FROM tenants WHERE company_code = ?)", action, cc)[0][0]


def test_disabling_screen_events_stops_them_while_logins_continue(server, admin):
    """WP-18: screen.open recorded, then not after the admin turns the class off; auth.login
    keeps being recorded."""
    cc = unique("EC").upper()
    t = create_tenant(server, admin, cc, "記録株式会社")
    a = user_session(server, cc, "admin1", t["initial_password"])
    assert a.get(server.url + "/api/v1/event-classes").json() == {"screen": True, "read": True, "download": True}
    assert a.post(server.url + "/api/v1/me/screen", json={"page": "/dashboard"}).status_code == 204
    assert count(server, cc, "screen.open") == 1
    r = a.put(server.url + "/api/v1/event-classes", json={"screen": False, "read": True, "download": True})
    assert r.status_code == 200 and r.json()["screen"] is False
    logins = count(server, cc, "auth.login")
    assert a.post(server.url + "/api/v1/me/screen", json={"page": "/dashboard"}).status_code == 204
    assert count(server, cc, "screen.open") == 1
    assert user_login(server, cc, "admin1", NEW_PASSWORD).status_code == 200
    assert count(server, cc, "auth.login") == logins + 1
    assert count(server, cc, "event_classes.update") == 1
    # Downloads off too: the audit CSV download leaves no data.download event any more.
    a.put(server.url + "/api/v1/event-classes", json={"screen": False, "read": True, "download": False})
    downloads = count(server, cc, "data.download")
    assert a.get(server.url + "/api/v1/audit/events.csv").status_code == 200
    assert count(server, cc, "data.download") == downloads
