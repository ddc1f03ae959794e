"""Bodies decoded through declarative specs (issue 9 item 3; TOS-1, TOS-13, MARK-4-2-1): a
misspelt field is refused by name instead of being read as "" or 0, fields left out take their
documented defaults, and the record shows values, not nulls."""
import requests

from conftest import unique
from market import application, setup_catalogue


def problem_fields(r):
    assert r.status_code == 400, r.text
    return {e["field"] for e in r.json()["errors"]}


def test_a_misspelt_form_field_is_named_not_read_as_empty(server):
    """TOS-1: the application form with "compnay_name" for "company_name" is refused, naming the
    unknown field and the missing one; nothing is stored."""
    staff = server.login("admin")
    cat = setup_catalogue(server, staff, unique("tf"))
    body = application(cat, unique("TF").upper())
    body["compnay_name"] = body.pop("company_name")
    r = requests.post(server.url + "/api/v1/applications", json=body)
    assert problem_fields(r) == {"compnay_name", "company_name"}


def test_plan_and_shop_defaults_are_values(server):
    """MARK-4-2-1, TOS-13: a plan without billing_cycle and initial_fee is monthly with no initial
    fee; a shop without webhook_url has none (""), never null; bounds still apply per field."""
    staff = server.login("admin")
    code = unique("td")
    shop = staff.post(server.url + "/api/v1/shops", json={
        "code": code, "name": "ショップ", "contact_email": "s@%s.example.jp" % code})
    assert shop.status_code == 201, shop.text
    assert shop.json()["shop"].get("webhook_url", "") == ""
    svc = staff.post(server.url + "/api/v1/services", json={
        "shop_id": shop.json()["shop"]["id"], "code": code + "-s", "name": "サービス",
        "description": "説明", "conditions": "条件", "notice_days": 180}).json()["service"]
    url = server.url + "/api/v1/services/%d/plans" % svc["id"]
    r = staff.post(url, json={"code": "lite", "name": "LITE", "monthly_fee": 1000,
                              "tax_rate": 10, "max_users": 5, "storage_gb": 1})
    assert r.status_code == 201, r.text
    plan = r.json()["plan"]
    assert (plan["billing_cycle"], plan["initial_fee"], plan["initial_fee_incl_tax"]) == \
        ("monthly", 0, 0)
    r = staff.post(url, json={"code": "big", "name": "BIG", "monthly_fee": 1000, "tax_rate": 12,
                              "max_users": 0, "storage_gb": 1, "initial_fee": None})
    assert problem_fields(r) == {"tax_rate", "max_users"}
