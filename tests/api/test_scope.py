"""The caller's scope is one value resolved at dispatch (issue 9, CHK-11, WP-1): a tenant's
update names the tenant in its WHERE, so an id of another tenant's row changes nothing; a shop's
reads are filtered by the shop in the query, so a shop sees its own contracts and no other's."""
import requests

from conftest import unique
from market import contractor, setup_catalogue
from test_api_tokens import shop_staff_session

COLS = ("SELECT status, status_reason, plan_id, requested_end_on, cancel_notice_at, end_on, "
        "access_end_on, billing_end_on, updated_at FROM contracts WHERE id = ?")


def test_tenant_update_with_another_tenants_id_changes_nothing(server, admin):
    """CHK-11: tenant A's admin cancels and asks to change tenant B's contract by its id: both are
    refused as unknown (404, nothing of B in the answer) and B's row is byte for byte as before;
    the same requests on A's own contract work (the refusal is the scope, not the request)."""
    staff = server.login("admin")
    cat = setup_catalogue(server, staff, unique("sco"))
    sa, ca = contractor(server, staff, cat, unique("SA").upper())
    sb, cb = contractor(server, staff, cat, unique("SB").upper())
    before = server.sql(COLS, cb["id"])
    r = sa.post(server.url + "/api/v1/contracts/%d/cancel" % cb["id"], json={})
    assert r.status_code == 404, r.text
    assert cb["number"] not in r.text
    r = sa.post(server.url + "/api/v1/change-requests", json={
        "kind": "plan", "contract_id": cb["id"], "plan_id": cat["plans"]["pro"]["id"]})
    assert r.status_code in (400, 404), r.text
    assert server.sql(COLS, cb["id"]) == before
    # B's change requests are B's alone: A's list does not show B's request.
    rb = sb.post(server.url + "/api/v1/change-requests", json={
        "kind": "plan", "contract_id": cb["id"], "plan_id": cat["plans"]["pro"]["id"]})
    assert rb.status_code == 201, rb.text
    listed = sa.get(server.url + "/api/v1/change-requests").json()["items"]
    assert rb.json()["change_request"]["id"] not in [x["id"] for x in listed]
    # A's own contract: the same cancel goes through.
    r = sa.post(server.url + "/api/v1/contracts/%d/cancel" % ca["id"], json={})
    assert r.status_code == 200, r.text
    assert server.sql(COLS, cb["id"]) == before


def test_shop_scope_filters_contracts_and_services_in_the_query(server, admin):
    """CHK-11: a shop's staff see the contracts of their own shop's services and nothing of
    another shop's; another shop cannot discontinue this shop's service (404) nor read its
    contracts by id, by list or by the customer view."""
    staff = server.login("admin")
    cat = setup_catalogue(server, staff, unique("scs"))
    code = unique("SS").upper()
    _, contract = contractor(server, staff, cat, code)
    own = requests.Session()
    login = unique("shopper")
    r = staff.post(server.url + "/api/v1/staff",
                   json={"login": login, "roles": ["shop"], "shop_id": cat["shop"]["id"]})
    assert r.status_code == 201, r.text
    first = r.json()["initial_password"]
    r = own.post(server.url + "/api/v1/auth/login", json={"login": login, "password": first})
    own.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    r = own.post(server.url + "/api/v1/me/password",
                 json={"current_password": first, "new_password": "Shop-Staff-Passw0rd-26!"})
    assert r.status_code == 204, r.text
    # The selling shop sees its contract, by id and in its list.
    assert own.get(server.url + "/api/v1/contracts/%d" % contract["id"]).status_code == 200
    assert contract["id"] in [c["id"] for c in
                              own.get(server.url + "/api/v1/contracts").json()["items"]]
    # Another shop sees none of it.
    _, _, other, _ = shop_staff_session(server, staff)
    assert other.get(server.url + "/api/v1/contracts/%d" % contract["id"]).status_code == 404
    r = other.get(server.url + "/api/v1/contracts")
    assert r.status_code == 200 and contract["number"] not in r.text
    r = other.get(server.url + "/api/v1/shop/customers")
    assert r.status_code == 200 and code not in r.text
    r = other.post(server.url + "/api/v1/shop/services/%d/discontinue" % cat["service"]["id"],
                   json={"discontinue_on": "2099-12-31", "reason": "probe"})
    assert r.status_code == 404, r.text
    svc = server.sql("SELECT status FROM services WHERE id = ?", cat["service"]["id"])
    assert svc[0][0] == "active"
