"""The marketplace's divergences from the seeds and its edits (issue 10 items 5, 17, 21 and the
initial password of item 1): notice floors with the first date allowed, a service's and a plan's
edits, a fee increase as a material change with its notice period, and the rounding note.
Requirement IDs in each test."""
import datetime
import subprocess

import pytest
import requests

from conftest import BIN, unique
from market import application, apply, contractor, jp_date, setup_catalogue, today_jst
from test_market import run_due_jobs


@pytest.fixture(scope="module")
def cat(server):
    return setup_catalogue(server, server.login("admin"), unique("mt"))


def problem(r, status, slug):
    assert r.status_code == status, r.text
    assert r.headers["Content-Type"].startswith("application/problem+json")
    assert r.json()["type"] == "/problems/" + slug
    return r.json()


def service_body(cat, notice_days):
    return {"shop_id": cat["shop"]["id"], "code": unique("sv"), "name": "サービス",
            "description": "説明", "conditions": "条件", "notice_days": notice_days}


def test_service_notice_below_the_platform_floor_is_refused(server, admin, cat):
    """TOS-9, SLA-3, CHK-40 (issue 10 item 17): a service cannot promise less discontinuation
    notice than the platform's floor ([market] discontinuation_notice_min_days, 180 by
    default); the refusal names the field, the minimum and the first date it would allow. A
    service may set longer."""
    p = problem(admin.post(server.url + "/api/v1/services", json=service_body(cat, 30)), 422,
                "notice-period-too-short")
    e = p["errors"][0]
    first = (today_jst() + datetime.timedelta(days=180)).isoformat()
    assert e["pointer"] == "/notice_days" and e["min_days"] == 180 and e["earliest"] == first
    assert "180" in e["detail"] and jp_date(first) in e["detail"]
    problem(admin.post(server.url + "/api/v1/services", json=service_body(cat, 179)), 422,
            "notice-period-too-short")
    r = admin.post(server.url + "/api/v1/services", json=service_body(cat, 365))
    assert r.status_code == 201 and r.json()["service"]["notice_days"] == 365


def test_a_service_below_the_floor_still_owes_the_floor(server, admin, cat):
    """TOS-9 (issue 10 item 17): a service registered with a shorter notice before the floor
    was raised cannot be discontinued sooner than the floor allows."""
    svc = admin.post(server.url + "/api/v1/services", json=service_body(cat, 200)).json()["service"]
    server.sql("UPDATE services SET notice_days = 30 WHERE id = %d" % svc["id"])
    url = server.url + "/api/v1/services/%d/discontinue" % svc["id"]
    early = (today_jst() + datetime.timedelta(days=60)).isoformat()
    first = (today_jst() + datetime.timedelta(days=180)).isoformat()
    p = problem(admin.post(url, json={"discontinue_on": early, "reason": "終了"}), 422,
                "notice-period-too-short")
    assert p["errors"][0]["earliest"] == first and p["errors"][0]["pointer"] == "/discontinue_on"


@pytest.mark.parametrize("section_key,value", [
    ("ANSHIN_MARKET_DISCONTINUATION_NOTICE_MIN_DAYS", "89"),
    ("ANSHIN_MARKET_DOCUMENT_NOTICE_DAYS", "0"),
    ("ANSHIN_MARKET_DOCUMENT_NOTICE_DAYS", "29"),
])
def test_notice_floors_below_the_seeds_are_refused_at_config_load(server, section_key, value):
    """TOS-9, MARK-4-4-1 (issue 10 item 17): the platform floor is never below 90 days and a
    material change's notice never below 30; the configuration load refuses, naming the key."""
    env = dict(server.env)
    env[section_key] = value
    r = subprocess.run([BIN, "migrate"], env=env, cwd=server.dir, capture_output=True, text=True,
                       timeout=60)
    key = section_key.split("ANSHIN_MARKET_")[1].lower()
    assert r.returncode != 0 and key in (r.stderr + r.stdout)


def audit_of(admin, server, action, target_id):
    items = admin.get(server.url + "/api/v1/audit/events",
                      params={"action": action, "limit": 200}).json()["items"]
    return [e for e in items if str(target_id) in e["target"]]


def test_a_service_is_edited_and_the_edit_audited(server, admin, cat):
    """TOS-4, TOS-9 (issue 10 item 5): the operator edits a service's name, description,
    conditions and address (PATCH); each changed field is audited with its old and new value; a
    notice below the floor is refused naming the field; an address that is not http(s) too."""
    svc = admin.post(server.url + "/api/v1/services", json=service_body(cat, 200)).json()["service"]
    url = server.url + "/api/v1/services/%d" % svc["id"]
    r = admin.patch(url, json={"name": "勤怠クラウド Pro", "url": "https://kintai.example.jp/",
                               "conditions": "最大50ユーザー"})
    assert r.status_code == 200, r.text
    got = r.json()["service"]
    assert got["name"] == "勤怠クラウド Pro" and got["url"] == "https://kintai.example.jp/"
    assert got["conditions"] == "最大50ユーザー" and got["description"] == "説明"
    ev = audit_of(admin, server, "service.update", svc["id"])
    assert ev and ev[0]["details"]["changes"]["name"] == {"from": "サービス", "to": "勤怠クラウド Pro"}
    assert "description" not in ev[0]["details"]["changes"]
    p = problem(admin.patch(url, json={"notice_days": 60}), 422, "notice-period-too-short")
    assert p["errors"][0]["pointer"] == "/notice_days" and p["errors"][0]["min_days"] == 180
    p = problem(admin.patch(url, json={"url": "ftp://kintai.example.jp/"}), 400, "invalid-field")
    assert p["errors"][0]["pointer"] == "/url"
    r = admin.patch(url, json={"notice_days": 365, "url": ""})
    assert r.status_code == 200 and r.json()["service"]["notice_days"] == 365
    assert r.json()["service"].get("url") is None
    problem(admin.patch(server.url + "/api/v1/services/999999", json={"name": "x"}), 404,
            "not-found")


def test_a_shop_is_edited(server, admin, cat):
    """TOS-13 (issue 10 item 5): a shop's name and contact address are editable and audited; an
    invalid address is refused."""
    url = server.url + "/api/v1/shops/%d" % cat["shop"]["id"]
    r = admin.patch(url, json={"contact_email": "support@%s.example.jp" % cat["shop"]["code"]})
    assert r.status_code == 200, r.text
    assert r.json()["shop"]["contact_email"].startswith("support@")
    assert audit_of(admin, server, "shop.update", cat["shop"]["id"])
    problem(admin.patch(url, json={"contact_email": "not-an-address"}), 400, "invalid-field")


def test_fee_increase_on_a_plan_in_use_needs_the_notice_period(server, admin):
    """MARK-4-4-1, TOS-4, TOS-21 (issue 10 item 5): raising the monthly fee of a plan with live
    contracts is a material change: without an effective date at least [market]
    document_notice_days (30) ahead it is refused naming the first date allowed; accepted, the
    fee in force stays until that day, the contractor is told in the portal and by mail, and the
    worker applies it on the day. A plan nobody uses changes at once; so does a decrease."""
    cat = setup_catalogue(server, admin, unique("fee"))
    s, c = contractor(server, admin, cat, unique("FE").upper())
    plan = cat["plans"]["basic"]
    url = server.url + "/api/v1/plans/%d" % plan["id"]
    first = today_jst() + datetime.timedelta(days=30)
    p = problem(admin.patch(url, json={"monthly_fee": 1500}), 422, "notice-period-too-short")
    assert p["errors"][0]["pointer"] == "/effective_on"
    assert p["errors"][0]["earliest"] == first.isoformat()
    early = (first - datetime.timedelta(days=1)).isoformat()
    p = problem(admin.patch(url, json={"monthly_fee": 1500, "effective_on": early}), 422,
                "notice-period-too-short")
    assert p["errors"][0]["earliest"] == first.isoformat()
    r = admin.patch(url, json={"monthly_fee": 1500, "effective_on": first.isoformat()})
    assert r.status_code == 200, r.text
    got = r.json()["plan"]
    assert got["monthly_fee"] == 1015 and got["pending_monthly_fee"] == 1500
    assert got["pending_fee_on"] == first.isoformat()
    notices = s.get(server.url + "/api/v1/notices").json()["items"]
    n = [x for x in notices if "料金改定" in x["title"]]
    assert n and "1,015円" in n[0]["body"] and "1,500円" in n[0]["body"]
    assert jp_date(first) in n[0]["body"] and c["number"] in n[0]["body"]
    mails = [(m["subject"], m["body_text"]) for m in server.outbox()
             if m["to_addr"].endswith("@" + c["company_code"].lower() + ".example.jp")]
    assert any("料金改定" in m[0] and "1,500円" in m[1] and "様" in m[1] for m in mails), mails
    assert audit_of(admin, server, "plan.fee_increase_scheduled", plan["id"])
    # The day comes: the worker applies it.
    server.sql("UPDATE plans SET pending_fee_on = ? WHERE id = ?", today_jst().isoformat(),
               plan["id"])
    run_due_jobs(server)
    fee = admin.patch(url, json={}).json()["plan"]  # an empty edit reads the plan
    assert fee["monthly_fee"] == 1500 and fee.get("pending_monthly_fee") is None
    assert audit_of(admin, server, "plan.fee_applied", plan["id"])
    # A decrease, and an increase of a plan without contracts, take effect at once.
    r = admin.patch(url, json={"monthly_fee": 1200})
    assert r.status_code == 200 and r.json()["plan"]["monthly_fee"] == 1200
    pro = server.url + "/api/v1/plans/%d" % cat["plans"]["pro"]["id"]
    r = admin.patch(pro, json={"monthly_fee": 6000, "name": "PRO+", "max_users": 100})
    assert r.status_code == 200, r.text
    assert r.json()["plan"]["monthly_fee"] == 6000 and r.json()["plan"]["name"] == "PRO+"


def test_statement_says_how_it_rounds_and_why_the_catalogue_may_differ(server, admin):
    """TOS-20 (issue 10 item 21): two plans of 1,015円 at 10% cost 1,116円 each in the
    catalogue (each rounded alone: 2,232円), while the statement taxes the rate once (2,030円 +
    203円 = 2,233円); the statement says so, with the rule, in the reader's language."""
    cat = setup_catalogue(server, admin, unique("rd"))
    r = admin.post(server.url + "/api/v1/services/%d/plans" % cat["service"]["id"], json={
        "code": "basic2", "name": "BASIC2", "monthly_fee": 1015, "initial_fee": 0,
        "tax_rate": 10, "max_users": 5, "storage_gb": 1})
    assert r.status_code == 201, r.text
    second = r.json()["plan"]
    assert second["monthly_fee_incl_tax"] == 1116
    assert cat["plans"]["basic"]["monthly_fee_incl_tax"] == 1116
    s, c = contractor(server, admin, cat, unique("RD").upper())
    r = s.post(server.url + "/api/v1/change-requests", json={"kind": "add_service",
                                                              "plan_id": second["id"]})
    assert r.status_code == 201, r.text
    admin.post(server.url + "/api/v1/change-requests/%d/approve" % r.json()["change_request"]["id"],
               json={})
    run_due_jobs(server)
    t = today_jst()
    nxt = datetime.date(t.year + (t.month == 12), t.month % 12 + 1, 1).strftime("%Y-%m")
    got = s.get(server.url + "/api/v1/fees", params={"month": nxt}).json()
    st = got["statements"][0]
    assert st["subtotal_10"] == 2030 and st["tax_10"] == 203 and st["total"] == 2233
    assert st["total"] - 2 * 1116 == 1
    note = got["rounding_note"]
    assert "税率" in note and "切り捨て" in note and "1円" in note
    en = s.get(server.url + "/api/v1/fees", params={"month": nxt},
               headers={"Accept-Language": "en"}).json()["rounding_note"]
    assert "once per rate" in en and "rounds it" in en and "¥1" in en


@pytest.mark.parametrize("field", ["privacy_confirmed", "antisocial_declared"])
def test_an_application_needs_the_privacy_policy_and_the_antisocial_declaration(server, admin,
                                                                                cat, field):
    """MARK-4-1-3, TOS-1 (issue 10 item 20, Art. 26): an application without the privacy policy
    confirmed or without the declaration of not being an anti-social force is refused with 400
    naming the field, whether the field is false or left out; with both it is received and the
    operator sees both recorded."""
    body = application(cat, unique("DC").upper())
    body[field] = False
    p = problem(requests.post(server.url + "/api/v1/applications", json=body), 400,
                "invalid-field")
    assert [e["pointer"] for e in p["errors"]] == ["/" + field], p
    del body[field]
    p = problem(requests.post(server.url + "/api/v1/applications", json=body), 400,
                "invalid-field")
    assert "/" + field in [e.get("pointer") for e in p["errors"]], p
    code = unique("DO").upper()
    got = apply(server, cat, code)
    assert got["privacy_confirmed"] is True and got["antisocial_declared"] is True
    seen = admin.get(server.url + "/api/v1/applications/%d" % got["id"]).json()["application"]
    assert seen["privacy_confirmed"] is True and seen["antisocial_declared"] is True


def test_the_contract_states_its_service_area_and_the_liability_cap(server, admin, cat):
    """TOS-11, SLA-16 (issue 10 item 20): the operator may set the contract's service area at
    approval (日本国内 otherwise); the contract document states it and the liability cap of one
    month's fee ([market] liability_cap_months), in the reader's language."""
    app = apply(server, cat, unique("SA").upper())
    r = admin.post(server.url + "/api/v1/applications/%d/approve" % app["id"],
                   json={"service_area": "日本国内及び台湾"})
    assert r.status_code == 200, r.text
    c = r.json()["contract"]
    assert c["service_area"] == "日本国内及び台湾"
    doc = admin.get(server.url + "/api/v1/contracts/%d/document" % c["id"]).json()["document"]
    assert doc["area"] == "日本国内及び台湾"
    cap = doc["liability_cap"]
    assert cap["months"] == 1 and cap["amount"] == 1116  # 1,015円 + 10 % (rounded down)
    assert "1か月分" in cap["text"] and "1,116円" in cap["text"]
    s, plain = contractor(server, admin, cat, unique("SB").upper())
    assert plain["service_area"] == "日本国内"
    en = s.get(server.url + "/api/v1/contracts/%d/document" % plain["id"],
               headers={"Accept-Language": "en"}).json()["document"]
    assert en["area"] == "Japan"
    assert "1 month(s)" in en["liability_cap"]["text"] and "¥1,116" in en["liability_cap"]["text"]
    problem(admin.post(server.url + "/api/v1/applications/%d/approve" % app["id"],
                       json={"service_area": ""}), 400, "invalid-field")


def test_the_contract_shows_the_terms_agreed_and_those_in_force(server, admin):
    """TOS-4, MARK-4-4-1 (issue 10 item 18, Art. 4): a new terms version applies to every
    contract from its effective date; the contract document shows the version agreed at signing
    and the version in force."""
    cat = setup_catalogue(server, admin, unique("tv"))
    s, c = contractor(server, admin, cat, unique("TV").upper())
    agreed = s.get(server.url + "/api/v1/contracts/%d/document" % c["id"]).json()["document"]
    r = admin.post(server.url + "/api/v1/documents", json={
        "kind": "terms", "title": "利用規約（改定）", "body": "第1条 ...（誤字の訂正）",
        "effective_on": today_jst().isoformat()})
    assert r.status_code == 201, r.text
    now = r.json()["document"]["version"]
    doc = s.get(server.url + "/api/v1/contracts/%d/document" % c["id"]).json()["document"]
    assert doc["terms_version"] == agreed["terms_version"] < now
    assert doc["terms_version_in_force"] == now


def test_a_material_terms_version_is_acknowledged_by_the_tenant_admin(server, admin):
    """TOS-4, MARK-4-4-1, TOS-1 (issue 10 item 18, Art. 4): once a material terms version is in
    force, the users of a tenant whose contracts were agreed under an older one are asked (the
    dashboard reads GET /me/terms-acknowledgement) until its admin acknowledges it; the
    acknowledgement is recorded with who, when and from where, and audited. A member cannot
    acknowledge for the company; another tenant is still asked."""
    cat = setup_catalogue(server, admin, unique("ak"))
    s, c = contractor(server, admin, cat, unique("AK").upper())
    other, _ = contractor(server, admin, cat, unique("AO").upper())
    url = server.url + "/api/v1/me/terms-acknowledgement"
    assert s.get(url).json() == {"pending": None, "can_acknowledge": True}
    on = (today_jst() + datetime.timedelta(days=30)).isoformat()
    r = admin.post(server.url + "/api/v1/documents", json={
        "kind": "terms", "title": "利用規約（第2条改定）", "body": "第2条 料金の支払方法を改めます。",
        "effective_on": on, "material": True})
    assert r.status_code == 201, r.text
    doc = r.json()["document"]
    assert s.get(url).json()["pending"] is None  # not in force yet
    server.sql("UPDATE documents SET effective_on = ? WHERE id = ?", today_jst().isoformat(),
               doc["id"])  # the effective date comes
    got = s.get(url).json()
    assert got["pending"]["document_id"] == doc["id"] and got["pending"]["version"] == doc["version"]
    m = s.post(server.url + "/api/v1/users", json={"login": "ippan", "email": "ippan@ak.example.jp"})
    assert m.status_code == 201, m.text
    from tenancy import first_password, user_session
    member = user_session(server, c["company_code"], "ippan", first_password(server, m.json()))
    seen = member.get(url).json()
    assert seen["pending"]["document_id"] == doc["id"] and seen["can_acknowledge"] is False
    problem(member.post(url, json={"document_id": doc["id"]}), 403, "forbidden")
    r = s.post(url, json={"document_id": doc["id"]})
    assert r.status_code == 200 and r.json()["pending"] is None, r.text
    assert member.get(url).json()["pending"] is None
    rows = server.sql("SELECT ip, created_at FROM terms_acknowledgements WHERE document_id = ?",
                      doc["id"])
    assert len(rows) == 1 and rows[0][0] and rows[0][1] > 0
    assert audit_of(admin, server, "terms.acknowledge", doc["id"])
    problem(s.post(url, json={"document_id": doc["id"]}), 409, "conflict")
    assert other.get(url).json()["pending"]["document_id"] == doc["id"]


def test_a_tenant_admin_edits_a_users_name_and_address(server, admin):
    """TOS-14, CHK-13 (issue 10 item 5): a tenant admin changes a user's display name and
    e-mail address; the change is audited with old and new values; an invalid address is
    refused naming the field; a user of another tenant is not found."""
    from tenancy import create_tenant, first_password, user_session
    code = unique("UE").upper()
    t = create_tenant(server, admin, code, "株式会社編集")
    ta = user_session(server, code, "admin1", first_password(server, t))
    u = ta.post(server.url + "/api/v1/users", json={"login": "sato", "email": "sato@ue.example.jp",
                                                   "display_name": "佐藤 花子"}).json()["user"]
    url = server.url + "/api/v1/users/%d" % u["id"]
    r = ta.patch(url, json={"display_name": "佐藤 はなこ", "email": "hanako@ue.example.jp"})
    assert r.status_code == 200, r.text
    assert r.json()["user"]["display_name"] == "佐藤 はなこ"
    assert r.json()["user"]["email"] == "hanako@ue.example.jp"
    assert ta.get(url).json()["user"]["email"] == "hanako@ue.example.jp"
    ev = ta.get(server.url + "/api/v1/audit/events", params={"action": "user.update"}).json()["items"]
    assert ev and ev[0]["details"]["changes"]["email"] == {"from": "sato@ue.example.jp",
                                                           "to": "hanako@ue.example.jp"}
    p = problem(ta.patch(url, json={"email": "not-an-address"}), 400, "invalid-field")
    assert p["errors"][0]["pointer"] == "/email"
    other = unique("UO").upper()
    o = create_tenant(server, admin, other, "株式会社ほか")
    oa = user_session(server, other, "admin1", first_password(server, o))
    problem(oa.patch(url, json={"display_name": "乗っ取り"}), 404, "not-found")
