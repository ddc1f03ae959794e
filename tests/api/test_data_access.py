"""Data-access events (WP-18, CHK-6, SLA-24, SLA-29): operator staff state a reason before
opening a tenant's personal data; the read appears in that tenant's data-access view and CSV, and
in no other tenant's."""
from conftest import unique
from tenancy import create_tenant, user_session


def test_an_operator_read_of_a_tenants_users_appears_in_its_data_access_view(server, admin):
    """WP-18, SLA-29: no reason, no data; with one, the read is recorded with it for the tenant."""
    cc = unique("DA").upper()
    t = create_tenant(server, admin, cc, "閲覧記録株式会社")
    tid = t["tenant"]["id"]
    ta = user_session(server, cc, "admin1", t["initial_password"])
    other_cc = unique("DB").upper()
    o = create_tenant(server, admin, other_cc, "別会社株式会社")
    oa = user_session(server, other_cc, "admin1", o["initial_password"])

    r = admin.get(server.url + "/api/v1/tenants/%d/users" % tid)
    assert r.status_code == 428 and r.json()["type"] == "/problems/access-reason-required"
    r = admin.get(server.url + "/api/v1/tenants/%d/users" % tid, params={"access_reason": "問い合わせ #1234"})
    assert r.status_code == 200 and [u["login"] for u in r.json()["items"]] == ["admin1"]
    assert ta.get(server.url + "/api/v1/tenants/%d/users" % tid).status_code == 403

    items = ta.get(server.url + "/api/v1/data-access").json()["items"]
    reads = [e for e in items if e["action"] == "data.access"]
    assert len(reads) == 1
    assert reads[0]["actor"] == "admin"
    assert reads[0]["details"]["resource"] == "users" and reads[0]["details"]["count"] == 1
    assert reads[0]["details"]["reason"] == "問い合わせ #1234"
    assert reads[0]["details"]["reader"] == "operator"
    csv = ta.get(server.url + "/api/v1/data-access.csv")
    assert csv.status_code == 200 and csv.headers["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "日時(UTC),閲覧者,閲覧者種別,操作,対象,件数,理由"
    assert "問い合わせ #1234" in text
    # The other tenant sees nothing of it; the tenant's own reads are not data-access events.
    assert oa.get(server.url + "/api/v1/data-access").json()["items"] == []
    ta.get(server.url + "/api/v1/users")
    assert len(ta.get(server.url + "/api/v1/data-access").json()["items"]) == 1
