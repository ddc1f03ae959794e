"""Reads of a tenant's mail bodies by operator staff (WP-18, CHK-6, SLA-24): each read appears in
that tenant's data-access view (with the reason, when one was stated), and in no other tenant's."""
from conftest import unique
from tenancy import create_tenant, user_session


def tenant_mail(server, admin, cc):
    items = admin.get(server.url + "/api/v1/mail", params={"limit": 500}).json()["items"]
    return [m for m in items if m["to"] == "owner@%s.example.jp" % cc.lower()][0]


def test_an_operator_read_of_a_tenants_mail_shows_in_its_data_access_view(server, admin):
    """WP-18: the tenant sees the operator's read of its mail (mail.read, with the reason); the
    other tenant sees nothing of it."""
    a_cc, b_cc = unique("MA").upper(), unique("MB").upper()
    a = create_tenant(server, admin, a_cc, "郵便甲株式会社")
    b = create_tenant(server, admin, b_cc, "郵便乙株式会社")
    sa = user_session(server, a_cc, "admin1", a["initial_password"])
    sb = user_session(server, b_cc, "admin1", b["initial_password"])
    m = tenant_mail(server, admin, a_cc)
    r = admin.get(server.url + "/api/v1/mail/%d" % m["id"], params={"access_reason": "問い合わせ #88"})
    assert r.status_code == 200, r.text
    reads = [e for e in sa.get(server.url + "/api/v1/data-access").json()["items"]
             if e["action"] == "mail.read"]
    assert len(reads) == 1, reads
    assert reads[0]["target"] == "mail:%d" % m["id"] and reads[0]["actor"] == "admin"
    assert reads[0]["details"]["reason"] == "問い合わせ #88"
    assert not [e for e in sb.get(server.url + "/api/v1/data-access").json()["items"]
                if e["action"] == "mail.read"]
