"""Session rules per tenant (CHK-15, CHK-25): the tenant's idle timeout is the one applied, even
above the operator's default; user screens have no absolute limit unless the tenant sets one;
operator staff always keep [security] staff_session_max; a timed-out session says which limit
ended it, so the login page can say why."""
from conftest import unique
from tenancy import create_tenant, user_session

MIN_US = 60 * 1000000
HOUR_US = 60 * MIN_US


def tenant_user(server, admin, prefix):
    cc = unique(prefix).upper()
    t = create_tenant(server, admin, cc, "時間株式会社")
    s = user_session(server, cc, "admin1", t["initial_password"])
    return cc, s


def age_sessions(server, cc, column, by_us):
    server.sql("UPDATE sessions SET %s = %s - ? WHERE tenant_id = "
               "(SELECT id FROM tenants WHERE company_code = ?)" % (column, column), by_us, cc)


def test_sixty_minute_idle_timeout_is_honoured(server, admin):
    """CHK-15: a tenant's 60 minutes apply, not the global 30; 61 idle minutes end the session."""
    cc, s = tenant_user(server, admin, "IS")
    r = s.put(server.url + "/api/v1/session-policy", json={"idle_timeout_minutes": 60, "mfa_required": False})
    assert r.status_code == 200, r.text
    assert s.get(server.url + "/api/v1/me").json()["session"]["idle_timeout_seconds"] == 3600
    age_sessions(server, cc, "last_seen_at", 40 * MIN_US)
    assert s.get(server.url + "/api/v1/me").status_code == 200  # 40 idle minutes: still live
    age_sessions(server, cc, "last_seen_at", 61 * MIN_US)
    r = s.get(server.url + "/api/v1/me")
    assert r.status_code == 401
    assert r.json()["type"] == "/problems/authentication-required"
    assert r.json()["session_ended"] == "idle"


def test_idle_timeout_outside_the_operator_range_is_refused(server, admin):
    """CHK-15: the tenant chooses within the operator's floor and ceiling, the field is named."""
    cc, s = tenant_user(server, admin, "IR")
    r = s.put(server.url + "/api/v1/session-policy", json={"idle_timeout_minutes": 481, "mfa_required": False})
    assert r.status_code == 400
    assert [e["field"] for e in r.json()["errors"]] == ["idle_timeout_minutes"]


def test_user_sessions_have_no_absolute_limit_by_default(server, admin):
    """CHK-25, seed 001 (ユーザ画面は接続時間の制限はございません): a user active for 13 hours
    keeps the session; the cookie is a browser session cookie."""
    cc, s = tenant_user(server, admin, "NA")
    me = s.get(server.url + "/api/v1/me").json()
    assert me["session"]["absolute_lifetime_seconds"] is None
    assert s.get(server.url + "/api/v1/session-policy").json()["session_max_minutes"] == 0
    age_sessions(server, cc, "created_at", 13 * HOUR_US)
    age_sessions(server, cc, "expires_at", 13 * HOUR_US)
    assert s.get(server.url + "/api/v1/me").status_code == 200


def test_a_tenant_can_set_an_absolute_limit(server, admin):
    """CHK-25: a tenant's own absolute lifetime ends its users' sessions however active."""
    cc, s = tenant_user(server, admin, "AL")
    r = s.put(server.url + "/api/v1/session-policy",
              json={"idle_timeout_minutes": 30, "mfa_required": False, "session_max_minutes": 60})
    assert r.status_code == 200 and r.json()["session_max_minutes"] == 60
    assert s.get(server.url + "/api/v1/me").json()["session"]["absolute_lifetime_seconds"] == 3600
    bad = s.put(server.url + "/api/v1/session-policy",
                json={"idle_timeout_minutes": 30, "mfa_required": False, "session_max_minutes": 3})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "session_max_minutes"
    age_sessions(server, cc, "created_at", 61 * MIN_US)
    r = s.get(server.url + "/api/v1/me")
    assert r.status_code == 401 and r.json()["session_ended"] == "absolute"


def test_staff_keep_an_absolute_limit(server):
    """CHK-25: operator staff sessions end after [security] staff_session_max (12 hours)."""
    s = server.login("admin")
    me = s.get(server.url + "/api/v1/me").json()
    assert me["session"]["absolute_lifetime_seconds"] == 43200
    sid = [x["id"] for x in s.get(server.url + "/api/v1/me/sessions").json()["items"] if x["current"]][0]
    server.sql("UPDATE sessions SET created_at = created_at - ?, expires_at = expires_at - ? WHERE id = ?",
               13 * HOUR_US, 13 * HOUR_US, sid)
    r = s.get(server.url + "/api/v1/me")
    assert r.status_code == 401 and r.json()["session_ended"] == "absolute"
