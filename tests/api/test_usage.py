"""Usage and quotas (issue 12 item 8; WP-15, SLA-11): a tenant's active users, open sessions,
storage (ticket attachments and ready export files) and API calls per JST day; the plan's user
limit (the largest max_users of the tenant's active contracts) refuses one user over it with a
409 problem naming the limit, allows exactly the limit, and at 80 % posts the tenant admins one
portal notice."""
import base64
import time

from conftest import unique
from market import contractor, setup_catalogue

USERS = "/api/v1/users"


def add_user(srv, s, login):
    return s.post(srv.url + USERS, json={"login": login, "email": "%s@example.jp" % login})


def usage(srv, s, **q):
    r = s.get(srv.url + "/api/v1/usage", params=q)
    assert r.status_code == 200, r.text
    return r.json()


def near_notices(srv, tid):
    return srv.sql("SELECT ref FROM notices WHERE tenant_id = ? AND kind = 'user_limit_near'", tid)


def test_the_plan_user_limit_and_the_usage_figures(server, admin):
    """WP-15, SLA-11: with a plan of 5 users, users 2-5 are registered (the 4th reaches 80 %: one
    portal notice, not repeated at the 5th), the 6th and a reinstatement over the limit are
    refused with user-limit-reached naming 5 (ja and en), a reinstatement within it is allowed;
    GET /api/v1/usage gives the tenant its own figures (active users, limit, open sessions,
    attachment bytes, API calls today counted per request) and the operator those of the tenant
    it names."""
    srv, code = server, unique("uq")
    cat = setup_catalogue(srv, admin, code)
    s, contract = contractor(srv, admin, cat, code)
    tid = contract["tenant_id"]
    plan = cat["plans"]["basic"]
    r = admin.patch(srv.url + "/api/v1/plans/%d" % plan["id"], json={"max_users": 5})
    assert r.status_code == 200, r.text

    u = usage(srv, s)
    assert u["tenant_id"] == tid and u["active_users"] == 1 and u["user_limit"] == 5, u
    assert u["open_sessions"] >= 1 and u["storage"]["total_bytes"] == 0, u

    ids = []
    for n in range(2, 6):
        r = add_user(srv, s, "user%d" % n)
        assert r.status_code == 201, r.text
        ids.append(r.json()["user"]["id"])
        assert len(near_notices(srv, tid)) == (1 if n >= 4 else 0), n
    assert usage(srv, s)["active_users"] == 5

    r = add_user(srv, s, "user6")  # one over the limit
    assert r.status_code == 409, r.text
    assert r.headers["Content-Type"].startswith("application/problem+json")
    p = r.json()
    assert p["type"].endswith("/user-limit-reached") and p["limit"] == 5, p
    assert "5 名" in p["detail"], p
    r = s.post(srv.url + USERS, json={"login": "user6", "email": "user6@example.jp"},
               headers={"Accept-Language": "en"})
    assert r.status_code == 409 and "5 active users" in r.json()["detail"], r.text

    # suspending frees a place, reinstating takes it back; reinstating over the limit is refused
    assert s.post(srv.url + USERS + "/%d/suspend" % ids[0]).status_code == 200
    assert usage(srv, s)["active_users"] == 4
    r = add_user(srv, s, "user6")
    assert r.status_code == 201, r.text
    r = s.post(srv.url + USERS + "/%d/reinstate" % ids[0])
    assert r.status_code == 409 and r.json()["limit"] == 5, r.text
    assert s.post(srv.url + USERS + "/%d/suspend" % ids[1]).status_code == 200
    r = s.post(srv.url + USERS + "/%d/reinstate" % ids[0])
    assert r.status_code == 200, r.text
    assert usage(srv, s)["active_users"] == 5
    assert near_notices(srv, tid) == [("user-limit:5",)]
    titles = [n["title"] for n in s.get(srv.url + "/api/v1/notices").json()["items"]]
    assert "ご契約の利用者数が上限に近づいています" in titles, titles

    # storage: a ticket attachment counts its bytes
    t = s.post(srv.url + "/api/v1/tickets", json={"category": "question", "subject": "容量",
                                                   "body": "添付します"}).json()["id"]
    r = s.post(srv.url + "/api/v1/tickets/%d/attachments" % t, json={
        "filename": "a.txt", "content_type": "text/plain",
        "data_base64": base64.b64encode(b"x" * 1234).decode()})
    assert r.status_code == 201, r.text
    st = usage(srv, s)["storage"]
    assert st["attachment_bytes"] == 1234 and st["total_bytes"] == 1234 + st["export_bytes"], st

    # API calls today: every request in the tenant's scope counts once
    time.sleep(0.2)
    before = usage(srv, s)["api_calls_today"]
    for _ in range(3):
        assert s.get(srv.url + USERS).status_code == 200
    time.sleep(0.2)
    after = usage(srv, s)
    assert after["api_calls_today"] == before + 4, (before, after)
    assert len(after["day"]) == 10

    # the operator names the tenant; without one it is a field error
    r = admin.get(srv.url + "/api/v1/usage")
    assert r.status_code == 400 and r.json()["errors"][0]["pointer"].endswith("tenant_id"), r.text
    op = usage(srv, admin, tenant_id=tid)
    assert op["tenant_id"] == tid and op["active_users"] == 5 and op["user_limit"] == 5
    assert op["api_calls_today"] >= after["api_calls_today"]
    assert admin.get(srv.url + "/api/v1/usage", params={"tenant_id": 999999}).status_code == 404
    # a tenant's tenant_id= is its own, whatever it names
    assert usage(srv, s, tenant_id=1)["tenant_id"] == tid


def test_api_calls_are_written_at_stop(make_server):
    """SLA-11: the day's counted calls reach tenant_api_calls when the server stops (and hourly),
    so they survive a restart."""
    srv = make_server()
    srv.create_staff("admin")
    srv.start()
    admin = srv.login("admin")
    from tenancy import create_tenant, user_session
    code = unique("UC").upper()
    t = create_tenant(srv, admin, code, "利用量株式会社")
    s = user_session(srv, code, "admin1", t["initial_password"])
    for _ in range(5):
        s.get(srv.url + USERS)
    time.sleep(0.2)
    n = usage(srv, s)["api_calls_today"]
    assert n >= 5 and usage(srv, s)["user_limit"] is None  # no contract: no limit
    srv.stop()
    rows = srv.sql("SELECT day, count FROM tenant_api_calls WHERE tenant_id = ?",
                   t["tenant"]["id"])
    assert len(rows) == 1 and rows[0][1] >= n + 1, rows
