"""The same product on PostgreSQL: several servers can share one database."""
import requests

from conftest import ADMIN_PASSWORD


def test_login_me_and_audit_on_postgres(make_server):
    srv = make_server("postgres")
    srv.create_staff("admin")
    srv.start()
    assert requests.get(srv.url + "/readyz").json()["driver"] == "postgres"
    s = srv.login("admin")
    assert s.get(srv.url + "/api/v1/me").json()["login"] == "admin"
    r = s.post(srv.url + "/api/v1/staff", json={"login": "pg-user", "roles": ["auditor"]})
    assert r.status_code == 201
    assert s.post(srv.url + "/api/v1/staff",
                  json={"login": "pg-user", "roles": ["auditor"]}).status_code == 409
    srv.stop()
    r = srv.cli("audit", "verify")
    assert r.returncode == 0 and "intact: 3 events" in r.stdout, r.stdout + r.stderr


def test_two_instances_share_one_database(make_server):
    a = make_server("postgres")
    a.create_staff("admin")
    b = make_server("postgres")
    b.env["ANSHIN_STORE_URL"] = a.env["ANSHIN_STORE_URL"]
    b.env["ANSHIN_KEYS_MASTER_KEY_FILE"] = a.env["ANSHIN_KEYS_MASTER_KEY_FILE"]
    a.start()
    b.start()
    sa = a.login("admin")
    # A session made on one instance is valid on the other (sessions live in the database).
    r = requests.get(b.url + "/api/v1/me", cookies={"anshin_session": sa.cookies["anshin_session"]})
    assert r.status_code == 200
    for i in range(5):
        assert sa.post(a.url + "/api/v1/staff", json={"login": "inst-a%d" % i, "roles": ["support"]}).status_code == 201
        sb = b.login("admin", ADMIN_PASSWORD)
        assert sb.post(b.url + "/api/v1/staff", json={"login": "inst-b%d" % i, "roles": ["support"]}).status_code == 201
    a.stop()
    b.stop()
    r = a.cli("audit", "verify")
    assert r.returncode == 0, r.stdout + r.stderr
