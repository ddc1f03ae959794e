"""Data-access events for contracts, applications, hand-overs and mail (WP-18, CHK-6, SLA-24):
the operator's and a shop's reads of a contractor's contracts, contract documents, approved
applications and customer particulars appear in that contractor's data-access view (who, when,
what, reason) and in no other's; the operator states a reason before reading a tenant's mail."""
import requests

from conftest import unique
from market import apply, contractor, setup_catalogue

REASON = {"X-Access-Reason": "TICKET-4711"}


def reads(session, server):
    """The data.access events of the session's tenant, as {resource: [event, ...]}."""
    items = session.get(server.url + "/api/v1/data-access").json()["items"]
    out = {}
    for e in items:
        if e["action"] == "data.access":
            out.setdefault(e["details"]["resource"], []).append(e)
    return out


def test_operator_reads_of_contracts_reach_the_contractors_view(server, admin):
    """WP-18, CHK-6, SLA-24: the list, one contract and its document, each an event in the
    contractor's view naming the contract and the stated reason; the other contractor sees only
    the list that showed its own contract; the contractor's own reads are no such event."""
    cat = setup_catalogue(server, admin, unique("da"))
    sa, ca = contractor(server, admin, cat, unique("DA").upper())
    sb, cb = contractor(server, admin, cat, unique("DB").upper())
    assert reads(sa, server) == {} and reads(sb, server) == {}

    r = admin.get(server.url + "/api/v1/contracts", params={"limit": 100})
    assert r.status_code == 200 and {ca["id"], cb["id"]} <= {c["id"] for c in r.json()["items"]}
    assert admin.get(server.url + "/api/v1/contracts/%d" % ca["id"]).status_code == 200
    r = admin.get(server.url + "/api/v1/contracts/%d/document" % ca["id"], headers=REASON)
    assert r.status_code == 200

    got = reads(sa, server)
    assert sorted(got) == ["contract", "contract_document", "contracts"], got
    assert got["contracts"][0]["details"]["count"] == 1
    assert got["contract"][0]["details"]["ref"] == ca["number"]
    doc = got["contract_document"][0]
    assert doc["actor"] == "admin" and doc["details"]["reader"] == "operator"
    assert doc["details"]["ref"] == ca["number"] and doc["details"]["reason"] == "TICKET-4711"
    assert sorted(reads(sb, server)) == ["contracts"]
    csv = sa.get(server.url + "/api/v1/data-access.csv").content.decode("utf-8-sig")
    assert ("contract_document %s" % ca["number"]) in csv and "TICKET-4711" in csv

    sa.get(server.url + "/api/v1/contracts")
    sa.get(server.url + "/api/v1/contracts/%d/document" % ca["id"])
    assert sum(len(v) for v in reads(sa, server).values()) == 3


def test_a_shops_reads_of_its_customers_reach_the_contractors_view(server, admin):
    """WP-18, TOS-18: a shop's token reading its contracts and its customers' particulars (the
    hand-over) leaves events read by "shop" in the contractor's view."""
    cat = setup_catalogue(server, admin, unique("ds"))
    sa, ca = contractor(server, admin, cat, unique("DS").upper())
    tok = admin.post(server.url + "/api/v1/shops/%d/tokens" % cat["shop"]["id"],
                     json={"name": "連携"}).json()["secret"]
    h = {"Authorization": "Bearer " + tok}
    assert reads(sa, server) == {}
    for path in ("/api/v1/contracts", "/api/v1/contracts/%d" % ca["id"],
                 "/api/v1/contracts/%d/document" % ca["id"], "/api/v1/shop/customers"):
        r = requests.get(server.url + path, headers=h)
        assert r.status_code == 200, (path, r.text)
    got = reads(sa, server)
    assert sorted(got) == ["contract", "contract_document", "contracts", "customers"], got
    assert {e["details"]["reader"] for v in got.values() for e in v} == {"shop"}
    assert got["customers"][0]["details"]["count"] == 1


def test_operator_reads_of_an_approved_application_reach_the_contractors_view(server, admin):
    """WP-18, CHK-6: an approved application (address, phone, responsible person) is the
    contractor's data: the list and the single read are events in its view."""
    cat = setup_catalogue(server, admin, unique("dp"))
    code = unique("DP").upper()
    sa, ca = contractor(server, admin, cat, code)
    assert reads(sa, server) == {}
    items = admin.get(server.url + "/api/v1/applications", params={"limit": 100}).json()["items"]
    app = next(a for a in items if a["company_code"] == code)
    assert admin.get(server.url + "/api/v1/applications/%d" % app["id"],
                     headers=REASON).status_code == 200
    got = reads(sa, server)
    assert sorted(got) == ["application", "applications"], got
    assert got["application"][0]["details"]["ref"] == str(app["id"])
    assert got["application"][0]["details"]["reason"] == "TICKET-4711"


def test_reading_a_tenants_mail_needs_a_stated_reason(server, admin):
    """WP-18, SLA-29, seed 003: a tenant's mail opens only with a reason (428 without one, and
    then nothing is shown or recorded); mail of no tenant (an applicant's) opens as before."""
    cat = setup_catalogue(server, admin, unique("dm"))
    code = unique("DM").upper()
    sa, _ = contractor(server, admin, cat, code)
    items = admin.get(server.url + "/api/v1/mail", params={"limit": 500}).json()["items"]
    mine = [m for m in items if m["to"] == "yamada@%s.example.jp" % code.lower()]
    tenant_mail = next(m for m in mine if m["tenant_id"])
    applicant_mail = next(m for m in mine if m["tenant_id"] is None)

    r = admin.get(server.url + "/api/v1/mail/%d" % tenant_mail["id"])
    assert r.status_code == 428, r.text
    assert r.headers["Content-Type"].startswith("application/problem+json")
    assert r.json()["type"] == "/problems/access-reason-required" and "mail" not in r.json()
    assert not [e for e in sa.get(server.url + "/api/v1/data-access").json()["items"]
                if e["action"] == "mail.read"]
    r = admin.get(server.url + "/api/v1/mail/%d" % tenant_mail["id"], headers=REASON)
    assert r.status_code == 200 and r.json()["mail"]["body_text"]
    got = [e for e in sa.get(server.url + "/api/v1/data-access").json()["items"]
           if e["action"] == "mail.read"]
    assert len(got) == 1 and got[0]["details"]["reason"] == "TICKET-4711"
    assert admin.get(server.url + "/api/v1/mail/%d" % applicant_mail["id"]).status_code == 200


def test_operator_mail_list_and_tenant_particulars_reach_the_tenants_view(server, admin):
    """WP-18, CHK-6, SLA-24: the operator's mail list (addresses and subjects) is one event per
    tenant whose mail it showed, and reading a tenant (the responsible person's name and address)
    is an event naming the tenant's code, both in that tenant's view and in no other's; the
    tenant's own read of itself is no such event."""
    cat = setup_catalogue(server, admin, unique("dl"))
    code_a, code_b = unique("DL").upper(), unique("DK").upper()
    sa, ca = contractor(server, admin, cat, code_a)
    sb, _ = contractor(server, admin, cat, code_b)
    assert reads(sa, server) == {} and reads(sb, server) == {}
    tid = ca["tenant_id"]

    r = admin.get(server.url + "/api/v1/mail", params={"limit": 500, "tenant_id": tid})
    assert r.status_code == 200 and r.json()["items"]
    shown = len(r.json()["items"])
    got = reads(sa, server)
    assert sorted(got) == ["mails"], got
    assert got["mails"][0]["details"]["count"] == shown
    assert got["mails"][0]["details"]["reader"] == "operator"
    assert reads(sb, server) == {}

    r = admin.get(server.url + "/api/v1/tenants/%d" % tid, headers=REASON)
    assert r.status_code == 200 and r.json()["tenant"]["company_code"] == code_a
    got = reads(sa, server)
    assert sorted(got) == ["mails", "tenant"], got
    assert got["tenant"][0]["details"]["ref"] == code_a
    assert got["tenant"][0]["details"]["reason"] == "TICKET-4711"
    assert reads(sb, server) == {}
    csv = sa.get(server.url + "/api/v1/data-access.csv").content.decode("utf-8-sig")
    assert ("tenant %s" % code_a) in csv
