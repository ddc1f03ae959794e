"""GET /api/v1/me/services (issue 10 item 15): a member's dashboard lists the services the company
bought. Every user of the company sees them, members included; another company's users and the
operator's staff do not; no fees or parties are shown to members (SLA-19 least privilege)."""
import pytest
import requests

from conftest import unique
from market import contractor, setup_catalogue
from tenancy import user_session, first_password


def member_of(server, admin_session, code):
    r = admin_session.post(server.url + "/api/v1/users",
                           json={"login": unique("m"), "email": unique("m") + "@example.jp", "roles": ["member"]})
    assert r.status_code == 201, r.text
    return user_session(server, code, r.json()["user"]["login"], first_password(server, r.json()))


def test_members_see_their_companys_services_and_nothing_else(server, admin):
    cat = setup_catalogue(server, admin, unique("ms"))
    code_a, code_b = unique("MA").upper(), unique("MB").upper()
    ta, contract = contractor(server, admin, cat, code_a)
    tb, _ = contractor(server, admin, cat, code_b, plan="pro")
    member = member_of(server, ta, code_a)

    r = member.get(server.url + "/api/v1/me/services")
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    assert [i["number"] for i in items] == [contract["number"]]
    item = items[0]
    assert item["service_name"] == contract["service_name"] and item["plan_name"] == contract["plan_name"]
    assert item["status"] == "active"
    assert "service_url" in item and item["service_url"] is None
    for hidden in ("monthly_fee", "initial_fee", "company_name", "tenant_id", "company_code"):
        assert hidden not in item, item
    # The other company's member sees only its own contract.
    other = member_of(server, tb, code_b)
    numbers = [i["number"] for i in other.get(server.url + "/api/v1/me/services").json()["items"]]
    assert contract["number"] not in numbers and len(numbers) == 1
    # Members still cannot read the contracts themselves (fees, documents).
    assert member.get(server.url + "/api/v1/contracts").status_code == 403


def test_staff_get_an_empty_list_and_visitors_401(server, admin):
    r = admin.get(server.url + "/api/v1/me/services")
    assert r.status_code == 200 and r.json()["items"] == [], r.text
    assert requests.get(server.url + "/api/v1/me/services").status_code == 401


def test_service_url_reaches_the_members_dashboard(server, admin):
    """Issue 10 item 15 (SLA-19): a service registered with its address is listed to every user
    of a contracting company with service_url, so the dashboard links it; the service record
    shows it too."""
    url = "https://kintai.example.jp/login?company=x"
    cat = setup_catalogue(server, admin, unique("mu"), service_url=url)
    assert cat["service"]["url"] == url
    code = unique("MU").upper()
    ta, contract = contractor(server, admin, cat, code)
    member = member_of(server, ta, code)
    items = member.get(server.url + "/api/v1/me/services").json()["items"]
    assert [(i["number"], i["service_url"]) for i in items] == [(contract["number"], url)]
    got = ta.get(server.url + "/api/v1/contracts/%d" % contract["id"]).json()["contract"]
    assert got["service_url"] == url


@pytest.mark.parametrize("bad", ["ftp://files.example.jp/", "javascript:alert(1)", "kintai.example.jp",
                                 "https://", "https://exa mple.jp/"])
def test_service_url_must_be_http_or_https(server, admin, bad):
    """Issue 10 items 9 and 15: a service address that is not an absolute http(s) URL is a 400
    naming the field; nothing is stored."""
    code = unique("bu")
    shop = admin.post(server.url + "/api/v1/shops", json={
        "code": code, "name": "ショップ " + code, "contact_email": "shop@%s.example.jp" % code}).json()["shop"]
    r = admin.post(server.url + "/api/v1/services", json={
        "shop_id": shop["id"], "code": code + "-svc", "name": "勤怠 " + code, "description": "説明",
        "conditions": "条件", "notice_days": 180, "url": bad})
    assert r.status_code == 400, r.text
    assert r.headers["Content-Type"].startswith("application/problem+json")
    assert [e["pointer"] for e in r.json()["errors"]] == ["/url"]
    r = admin.post(server.url + "/api/v1/services", json={
        "shop_id": shop["id"], "code": code + "-svc", "name": "勤怠 " + code, "description": "説明",
        "conditions": "条件", "notice_days": 180, "url": "http://intranet.example.jp/kintai"})
    assert r.status_code == 201, r.text
