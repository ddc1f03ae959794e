"""The marketplace and the contract lifecycle of the terms of use (seed 000): catalogue with
tax-inclusive prices, versioned terms, applications with consent, approval and refusal, the
contract document, changes, Art. 12 cancellation, suspension, termination, discontinuation,
fees with consumption tax, and hand-over records. Requirement IDs in each test."""
import datetime
import hashlib
import hmac
import http.server
import json
import subprocess
import threading
import time

import pytest
import requests

from conftest import BIN, unique
from market import (application, apply, contractor, initial_password, jp_date, setup_catalogue,
                    today_jst)
from tenancy import user_session

# The webhook tests deliver to receivers on 127.0.0.1, refused by default (M2).
SERVER_ENV = {"ANSHIN_WEBHOOK_ALLOW_PRIVATE_TARGETS": "true"}


@pytest.fixture(scope="module")
def cat(server):
    return setup_catalogue(server, server.login("admin"), unique("s"))


def problem(r, status, slug):
    assert r.status_code == status, r.text
    assert r.headers["Content-Type"].startswith("application/problem+json")
    assert r.json()["type"] == "/problems/" + slug
    return r.json()


def business_days_after(date, n):
    out = subprocess.run([BIN, "calendar", "add-business-days", date.isoformat(), str(n)],
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_catalogue_shows_tax_inclusive_prices(server, cat):
    """TOS-13, MARK-4-2-1: services with their shop, conditions and plans; prices with tax."""
    services = requests.get(server.url + "/api/v1/catalogue").json()["services"]
    svc = next(s for s in services if s["id"] == cat["service"]["id"])
    assert svc["shop_name"] == cat["shop"]["name"] and svc["conditions"]
    plans = {p["code"]: p for p in svc["plans"]}
    assert plans["basic"]["monthly_fee_incl_tax"] == 1116  # 1015 * 1.10 = 1116.5, down
    assert plans["food"]["monthly_fee_incl_tax"] == 1100  # 1019 * 1.08 = 1100.52, down
    assert plans["basic"]["initial_fee_incl_tax"] == 3300


def test_material_terms_change_needs_the_notice_period(server, admin, cat):
    """TOS-22, MARK-4-4-1: a material change needs 30 days' notice; the version in force stays
    until its effective date; past versions are listed; contractors get a notice."""
    s, _ = contractor(server, admin, cat, unique("T").upper())
    soon = (today_jst() + datetime.timedelta(days=29)).isoformat()
    r = admin.post(server.url + "/api/v1/documents", json={
        "kind": "terms", "title": "利用規約 改定", "body": "改定版", "effective_on": soon,
        "material": True})
    later = (today_jst() + datetime.timedelta(days=30)).isoformat()
    p = problem(r, 422, "notice-period-too-short")
    assert later in p["detail"] and p["errors"][0]["earliest"] == later
    r = admin.post(server.url + "/api/v1/documents", json={
        "kind": "terms", "title": "利用規約 改定", "body": "改定版", "effective_on": later,
        "material": True})
    assert r.status_code == 201, r.text
    new = r.json()["document"]
    pub = requests.get(server.url + "/api/v1/documents/terms").json()
    assert pub["in_force"]["id"] == cat["terms"]["id"]
    assert [v["version"] for v in pub["versions"]][:2] == [new["version"], new["version"] - 1]
    notices = s.get(server.url + "/api/v1/notices").json()["items"]
    assert any(jp_date(later) in n["title"] and "利用規約" in n["title"] for n in notices)


def test_application_requires_consent_to_the_terms_in_force(server, cat):
    """TOS-1, MARK-4-1-3: no consent, old terms, or a missing field: refused with a reason."""
    code = unique("A").upper()
    r = requests.post(server.url + "/api/v1/applications",
                      json=application(cat, code, agree=False))
    assert "利用規約" in problem(r, 400, "consent-required")["detail"]
    r = requests.post(server.url + "/api/v1/applications",
                      json=application(cat, code, terms_document_id=cat["terms"]["id"] + 999))
    problem(r, 409, "terms-outdated")
    body = application(cat, code)
    del body["phone"]
    r = requests.post(server.url + "/api/v1/applications", json=body)
    assert any(e["field"] == "phone" for e in problem(r, 400, "invalid-field")["errors"])


def test_consent_is_recorded_and_the_applicant_notified(server, admin, cat):
    """TOS-1, TOS-14: the consent (terms version, time, IP, who) is stored with the application."""
    app = apply(server, cat, unique("C").upper())
    got = admin.get(server.url + "/api/v1/applications/%d" % app["id"]).json()["application"]
    assert got["terms_document_id"] == cat["terms"]["id"] and got["terms_version"] >= 1
    assert got["consent_ip"] == "127.0.0.1" and got["consent_at"].endswith("Z")
    assert app["responsible_email"] in got["consent_by"] and got["status"] == "pending"
    mails = admin.get(server.url + "/api/v1/mail", params={"limit": 500}).json()["items"]
    assert any(m["to"] == app["responsible_email"] and "お申込み受付" in m["subject"]
               for m in mails)


@pytest.mark.parametrize("reason", ["false_statement", "technically_infeasible", "past_breach",
                                    "other"])
def test_refusal_with_each_article_9_3_reason(server, admin, cat, reason):
    """TOS-2: refusal needs one of the Art. 9-3 reasons; the applicant is told which."""
    app = apply(server, cat, unique("R").upper())
    url = server.url + "/api/v1/applications/%d/refuse" % app["id"]
    problem(admin.post(url, json={"reason": "dislike"}), 400, "invalid-field")
    r = admin.post(url, json={"reason": reason, "message": "ご了承ください。"})
    assert r.status_code == 200 and r.json()["application"]["status"] == "refused"
    problem(admin.post(server.url + "/api/v1/applications/%d/approve" % app["id"], json={}),
            409, "conflict")
    mails = admin.get(server.url + "/api/v1/mail", params={"limit": 500}).json()["items"]
    m = next(m for m in mails if m["to"] == app["responsible_email"] and "ご連絡" in m["subject"])
    body = admin.get(server.url + "/api/v1/mail/%d" % m["id"]).json()["mail"]["body_text"]
    assert "第9条第3項" in body or "同項" in body


def test_approval_creates_tenant_admin_and_contract_document(server, admin, cat):
    """TOS-2, MARK-4-1-4: approval makes the contract; the contractor gets the document and its
    admin signs in with company code + user ID + the mailed initial password."""
    code = unique("K").upper()
    s, c = contractor(server, admin, cat, code)
    assert c["number"].startswith("AN-") and c["status"] == "active"
    assert c["start_on"] == today_jst().isoformat()
    doc = s.get(server.url + "/api/v1/contracts/%d/document" % c["id"]).json()["document"]
    assert doc["number"] == c["number"] and doc["parties"]["contractor"].endswith(code)
    assert doc["fees"]["monthly_fee_incl_tax"] == 1116 and doc["terms_version"] >= 1
    assert "30日" in doc["cancellation_rule"]
    mails = admin.get(server.url + "/api/v1/mail", params={"limit": 500}).json()["items"]
    assert any("契約書面" in m["subject"] for m in mails)


@pytest.mark.parametrize("days,honoured", [(29, False), (30, True), (31, True), (None, False)])
def test_article_12_cancellation_date(server, admin, cat, days, honoured):
    """TOS-7, MARK-4-2-2: a desired date >= 30 days after the notice is honoured; fewer, or
    none, makes the end date the arrival date + 30 days. The answer states the date."""
    s, c = contractor(server, admin, cat, unique("X").upper())
    today = today_jst()
    body = {} if days is None else {
        "desired_on": (today + datetime.timedelta(days=days)).isoformat()}
    r = s.post(server.url + "/api/v1/contracts/%d/cancel" % c["id"], json=body)
    assert r.status_code == 200, r.text
    want = today + datetime.timedelta(days=days if honoured else 30)
    assert r.json()["end_on"] == want.isoformat()
    assert r.json()["desired_honoured"] is honoured
    assert r.json()["contract"]["access_end_on"] == want.isoformat()
    assert r.json()["contract"]["billing_end_on"] == want.isoformat()
    assert "amount_due" in r.json()
    notices = s.get(server.url + "/api/v1/notices").json()["items"]
    assert any(jp_date(want) in n["body"] and "解約" in n["title"] for n in notices)
    # Cancelling twice is refused: the contract is already ending.
    problem(s.post(server.url + "/api/v1/contracts/%d/cancel" % c["id"], json={}), 409,
            "contract-not-active")


def test_article_12_desired_date_on_a_holiday_is_honoured(server, admin, cat):
    """TOS-7: the article counts calendar days; a desired date on a holiday stays as asked."""
    s, c = contractor(server, admin, cat, unique("H").upper())
    today = today_jst()
    year = (today + datetime.timedelta(days=40)).year
    out = subprocess.run([BIN, "calendar", "holidays", str(year)], capture_output=True,
                         text=True, check=True).stdout.split("\n")
    days = [datetime.date.fromisoformat(l.split("\t")[0]) for l in out if l]
    holiday = next(d for d in days + [datetime.date(year + 1, 1, 1)]
                   if (d - today).days >= 30)
    r = s.post(server.url + "/api/v1/contracts/%d/cancel" % c["id"],
               json={"desired_on": holiday.isoformat()})
    assert r.status_code == 200 and r.json()["end_on"] == holiday.isoformat()


def test_cancellation_is_only_for_the_contractors_own_contract(server, admin, cat):
    """TOS-7 and isolation: another tenant's contract cannot be cancelled or read."""
    s1, c1 = contractor(server, admin, cat, unique("I").upper())
    s2, _ = contractor(server, admin, cat, unique("J").upper())
    problem(s2.post(server.url + "/api/v1/contracts/%d/cancel" % c1["id"], json={}), 404,
            "not-found")
    problem(s2.get(server.url + "/api/v1/contracts/%d" % c1["id"]), 404, "not-found")
    assert all(c["id"] != c1["id"] for c in s2.get(server.url + "/api/v1/contracts").json()["items"])


def run_due_jobs(server):
    """Time travel: every pending job becomes due now; then wait for the worker."""
    server.sql("UPDATE jobs SET due_at = 0 WHERE status = 'pending'")
    deadline = time.time() + 15
    while time.time() < deadline:
        if not server.sql("SELECT id FROM jobs WHERE status = 'pending'"):
            return
        time.sleep(0.2)
    raise AssertionError("jobs still pending")


def test_plan_change_applies_on_the_date_shown(server, admin, cat):
    """TOS-3, MARK-4-3-1, 4-3-2: the date is shown before the request; operator approval
    applies the change on that date (a durable job)."""
    s, c = contractor(server, admin, cat, unique("P").upper())
    pv = s.get(server.url + "/api/v1/change-requests/preview", params={"kind": "plan"}).json()
    t = today_jst()
    first = datetime.date(t.year + (t.month == 12), t.month % 12 + 1, 1)
    assert pv["effective_on"] == first.isoformat()
    r = s.post(server.url + "/api/v1/change-requests", json={
        "kind": "plan", "contract_id": c["id"], "plan_id": cat["plans"]["pro"]["id"]})
    assert r.status_code == 201, r.text
    req = r.json()["change_request"]
    assert req["effective_on"] == first.isoformat() and req["status"] == "pending"
    r = admin.post(server.url + "/api/v1/change-requests/%d/approve" % req["id"], json={})
    assert r.status_code == 200 and r.json()["change_request"]["status"] == "approved"
    # Not yet applied: the date has not come.
    assert s.get(server.url + "/api/v1/contracts/%d" % c["id"]).json()["contract"]["plan_id"] == \
        cat["plans"]["basic"]["id"]
    run_due_jobs(server)
    got = s.get(server.url + "/api/v1/contracts/%d" % c["id"]).json()["contract"]
    assert got["plan_id"] == cat["plans"]["pro"]["id"]
    items = s.get(server.url + "/api/v1/change-requests").json()["items"]
    assert next(i for i in items if i["id"] == req["id"])["status"] == "applied"


def test_detail_change_with_short_notice_is_flagged(server, admin, cat):
    """TOS-4: contractor details notified fewer than 30 days ahead are flagged late."""
    s, _ = contractor(server, admin, cat, unique("D").upper())
    soon = (today_jst() + datetime.timedelta(days=10)).isoformat()
    far = (today_jst() + datetime.timedelta(days=30)).isoformat()
    r = s.post(server.url + "/api/v1/change-requests",
               json={"kind": "details", "change_on": soon, "address": "大阪府大阪市1-1"})
    assert r.status_code == 201 and r.json()["change_request"]["late_notice"] == 1
    r = s.post(server.url + "/api/v1/change-requests",
               json={"kind": "details", "change_on": far, "phone": "06-0000-0000"})
    assert r.status_code == 201 and r.json()["change_request"]["late_notice"] == 0


def test_suspension_and_termination(server, admin, cat):
    """TOS-6, TOS-8: suspension with a reason and reinstatement; termination for an Art. 13
    cause ends the contract today with a deletion deadline 10 business days on (CHK-17)."""
    s, c = contractor(server, admin, cat, unique("S").upper())
    url = server.url + "/api/v1/contracts/%d/" % c["id"]
    problem(admin.post(url + "suspend", json={}), 400, "invalid-field")
    r = admin.post(url + "suspend", json={"reason": "禁止事項への該当"})
    assert r.status_code == 200 and r.json()["contract"]["status"] == "suspended"
    assert r.json()["contract"]["status_reason"] == "禁止事項への該当"
    r = admin.post(url + "reinstate", json={})
    assert r.status_code == 200 and r.json()["contract"]["status"] == "active"
    problem(admin.post(url + "terminate", json={"cause": "because"}), 400, "invalid-field")
    r = admin.post(url + "terminate", json={"cause": "insolvency", "message": "破産手続開始"})
    assert r.status_code == 200, r.text
    got = r.json()["contract"]
    today = today_jst()
    assert got["status"] == "terminated" and got["end_on"] == today.isoformat()
    assert got["deletion_due_on"] == business_days_after(today, 10)
    events = admin.get(server.url + "/api/v1/audit/events",
                       params={"action": "contract.terminate"}).json()["items"]
    assert any(e["target"] == "contract:%d" % c["id"] for e in events)
    # A member of the tenant (tenant admin here) sees the end in the portal.
    notices = s.get(server.url + "/api/v1/notices").json()["items"]
    assert any("解除" in n["title"] for n in notices)


def test_discontinuation_needs_the_services_notice_period(server, admin):
    """TOS-9: closer than the notice period is refused; otherwise every contract of the service
    ends on that date and each contractor is told."""
    cat = setup_catalogue(server, admin, unique("d"), notice_days=200)
    s, c = contractor(server, admin, cat, unique("V").upper())
    url = server.url + "/api/v1/services/%d/discontinue" % cat["service"]["id"]
    early = (today_jst() + datetime.timedelta(days=199)).isoformat()
    on = (today_jst() + datetime.timedelta(days=200)).isoformat()
    p = problem(admin.post(url, json={"discontinue_on": early, "reason": "事業終了"}), 422,
                "notice-period-too-short")
    assert p["errors"][0] == {"field": "discontinue_on", "pointer": "/discontinue_on", "detail": p["detail"],
                                "earliest": on}
    r = admin.post(url, json={"discontinue_on": on, "reason": "事業終了"})
    assert r.status_code == 200 and r.json()["service"]["status"] == "discontinuing"
    got = s.get(server.url + "/api/v1/contracts/%d" % c["id"]).json()["contract"]
    assert got["end_on"] == on and got["access_end_on"] == on
    notices = s.get(server.url + "/api/v1/notices").json()["items"]
    assert any("提供終了" in n["title"] and jp_date(on) in n["body"] for n in notices)


def test_statement_with_both_tax_rates_rounds_down_once_per_rate(server, admin, cat):
    """TOS-20: one statement per shop; the tax is computed once per rate on the statement's
    total at that rate and rounded down."""
    s, c = contractor(server, admin, cat, unique("F").upper())
    r = s.post(server.url + "/api/v1/change-requests", json={
        "kind": "add_service", "plan_id": cat["plans"]["food"]["id"]})
    assert r.status_code == 201, r.text
    admin.post(server.url + "/api/v1/change-requests/%d/approve" % r.json()["change_request"]["id"],
               json={})
    run_due_jobs(server)
    t = today_jst()
    nxt = datetime.date(t.year + (t.month == 12), t.month % 12 + 1, 1)
    got = s.get(server.url + "/api/v1/fees", params={"month": nxt.strftime("%Y-%m")}).json()
    st = got["statements"][0]
    # Next month: BASIC 1,015 (10%) for the whole month; FOOD 1,019 (8%) starts that month
    # with no initial fee.
    assert st["subtotal_10"] == 1015 and st["tax_10"] == 101  # 101.5 down
    assert st["subtotal_8"] == 1019 and st["tax_8"] == 81  # 81.52 down
    assert st["total"] == 1015 + 101 + 1019 + 81 and got["total"] == st["total"]
    problem(s.get(server.url + "/api/v1/fees", params={"month": "2026-13"}), 400, "invalid-field")


def test_fee_export_is_a_recorded_hand_over(server, admin, cat):
    """TOS-18: the CSV for the payment collection agent is recorded as a hand-over."""
    contractor(server, admin, cat, unique("E").upper())
    month = today_jst().strftime("%Y-%m")
    r = admin.get(server.url + "/api/v1/fees.csv", params={"month": month})
    assert r.status_code == 200 and r.content.startswith(b"\xef\xbb\xbf")
    assert r.text.lstrip("\ufeff").startswith("対象月,企業コード,企業名,ショップ,")
    # The header line comes from the catalogue in the reader's language; the columns stay.
    en = admin.get(server.url + "/api/v1/fees.csv", params={"month": month},
                   headers={"Accept-Language": "en"})
    assert en.text.lstrip("\ufeff").startswith("month,company_code,company_name,shop,")
    assert en.text.count(",") == r.text.count(",")
    items = admin.get(server.url + "/api/v1/handovers").json()["items"]
    assert items[0]["recipient_kind"] == "payment_agent" and month in items[0]["purpose"]


class Hook(http.server.BaseHTTPRequestHandler):
    got = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Hook.got.append((dict(self.headers), body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *a):
        pass


def test_shop_token_entitlements_customers_and_signed_webhooks(server, admin):
    """TOS-13, TOS-18: a shop's token checks entitlements of its own services only; viewing
    customers is recorded; contract events arrive signed with HMAC-SHA256."""
    hook = http.server.HTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=hook.serve_forever, daemon=True).start()
    try:
        cat = setup_catalogue(server, admin, unique("w"))
        other = setup_catalogue(server, admin, unique("o"))
        r = admin.put(server.url + "/api/v1/shops/%d/webhook" % cat["shop"]["id"],
                      json={"url": "http://127.0.0.1:%d/hook" % hook.server_port})
        assert r.status_code == 200, r.text
        secret = r.json()["secret"]
        # Kept sealed at rest (TOS-25): the database never holds the secret itself.
        stored = server.sql("SELECT webhook_secret FROM shops WHERE id = ?", cat["shop"]["id"])[0][0]
        assert secret not in stored and len(stored) > 2 * len(secret)
        tok = admin.post(server.url + "/api/v1/shops/%d/tokens" % cat["shop"]["id"],
                         json={"name": "連携"}).json()["secret"]
        otok = admin.post(server.url + "/api/v1/shops/%d/tokens" % other["shop"]["id"],
                          json={"name": "他社"}).json()["secret"]
        code = unique("W").upper()
        s, c = contractor(server, admin, cat, code)
        H = {"Authorization": "Bearer " + tok}
        OH = {"Authorization": "Bearer " + otok}
        q = {"company_code": code, "service_code": cat["service"]["code"]}
        e = requests.get(server.url + "/api/v1/shop/entitlements", params=q, headers=H).json()
        assert e["entitled"] is True and e["max_users"] == 50 and e["contract"] == c["number"]
        e = requests.get(server.url + "/api/v1/shop/entitlements", params=q, headers=OH).json()
        assert e["entitled"] is False and "max_users" not in e
        assert requests.get(server.url + "/api/v1/contracts", headers=OH).json()["items"] == []
        assert requests.get(server.url + "/api/v1/contracts/%d" % c["id"],
                            headers=OH).status_code == 404
        mine = requests.get(server.url + "/api/v1/contracts", headers=H).json()["items"]
        assert [x["id"] for x in mine] == [c["id"]]
        cust = requests.get(server.url + "/api/v1/shop/customers", headers=H).json()["items"]
        assert cust[0]["company_code"] == code
        ho = admin.get(server.url + "/api/v1/handovers").json()["items"]
        assert ho[0]["recipient_kind"] == "shop" and ho[0]["records"] == 1
        # A shop token is no operator: it cannot approve or read applications.
        assert requests.get(server.url + "/api/v1/applications", headers=H).status_code == 403
        admin.post(server.url + "/api/v1/contracts/%d/suspend" % c["id"], json={"reason": "確認"})
        e = requests.get(server.url + "/api/v1/shop/entitlements", params=q, headers=H).json()
        assert e["entitled"] is False
        deadline = time.time() + 15
        while time.time() < deadline and len(Hook.got) < 2:
            time.sleep(0.2)
        events = [json.loads(b)["event"] for _, b in Hook.got]
        assert events[:2] == ["contract.created", "contract.suspended"]
        headers, body = Hook.got[0]
        ts = headers["X-Anshin-Timestamp"]
        want = hmac.new(bytes.fromhex(secret), ts.encode() + b"." + body,
                        hashlib.sha256).hexdigest()
        assert headers["X-Anshin-Signature"] == "sha256=" + want
        d = requests.get(server.url + "/api/v1/shop/webhook-deliveries", headers=H).json()["items"]
        assert {x["status"] for x in d} == {"delivered"}
    finally:
        hook.shutdown()


def test_prohibited_act_report_and_handling(server, admin, cat):
    """TOS-17, MARK-4-2-3: anyone reports; the operator handles it and may suspend."""
    s, c = contractor(server, admin, cat, unique("Q").upper())
    problem(requests.post(server.url + "/api/v1/reports",
                          json={"category": "nonsense", "description": "x"}), 400,
            "invalid-field")
    r = requests.post(server.url + "/api/v1/reports", json={
        "category": "spam", "description": "迷惑メールが届く", "target": c["number"]})
    assert r.status_code == 201
    rid = r.json()["receipt"]
    assert requests.get(server.url + "/api/v1/reports").status_code == 401
    r = admin.post(server.url + "/api/v1/reports/%d/handle" % rid, json={
        "resolution": "該当を確認", "contract_id": c["id"], "suspend_contract": True})
    assert r.status_code == 200 and r.json()["report"]["status"] == "handled"
    got = s.get(server.url + "/api/v1/contracts/%d" % c["id"]).json()["contract"]
    assert got["status"] == "suspended" and "通報" in got["status_reason"]


def test_tenant_admins_cannot_use_operator_market_endpoints(server, admin, cat):
    """WP-7: contractors cannot approve, publish or suspend."""
    s, c = contractor(server, admin, cat, unique("N").upper())
    app = apply(server, cat, unique("M").upper())
    for method, path in (("post", "/api/v1/applications/%d/approve" % app["id"]),
                         ("get", "/api/v1/applications"),
                         ("post", "/api/v1/contracts/%d/suspend" % c["id"]),
                         ("get", "/api/v1/handovers"),
                         ("post", "/api/v1/documents")):
        r = getattr(s, method)(server.url + path, json={})
        assert r.status_code == 403, (path, r.text)


def test_shop_staff_see_only_their_shop(server, admin):
    """TOS-13, TOS-18, WP-7: a shop's staff account (role shop, bound to one shop) sees its own
    services' contracts and customers and nothing of the operator's or other shops'."""
    cat = setup_catalogue(server, admin, unique("ss"))
    other = setup_catalogue(server, admin, unique("so"))
    _, mine = contractor(server, admin, cat, unique("G").upper())
    _, theirs = contractor(server, admin, other, unique("L").upper())
    url = server.url + "/api/v1/staff"
    for bad in ({"roles": ["shop"]}, {"roles": ["shop", "admin"], "shop_id": cat["shop"]["id"]},
                {"roles": ["admin"], "shop_id": cat["shop"]["id"]},
                {"roles": ["shop"], "shop_id": 999999}):
        r = admin.post(url, json=dict(bad, login=unique("bad")))
        assert r.status_code == 400, (bad, r.text)
    login = unique("shopper")
    r = admin.post(url, json={"login": login, "roles": ["shop"], "shop_id": cat["shop"]["id"]})
    assert r.status_code == 201, r.text
    assert r.json()["staff"]["roles"] == ["shop"] and r.json()["staff"]["shop_id"] == cat["shop"]["id"]
    first = r.json()["initial_password"]
    s = requests.Session()
    r = s.post(server.url + "/api/v1/auth/login", json={"login": login, "password": first})
    assert r.status_code == 200, r.text
    s.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    r = s.post(server.url + "/api/v1/me/password",
               json={"current_password": first, "new_password": "Shop-Staff-Passw0rd-26!"})
    assert r.status_code == 204, r.text
    items = s.get(server.url + "/api/v1/contracts").json()["items"]
    assert [c["id"] for c in items] == [mine["id"]]
    assert s.get(server.url + "/api/v1/contracts/%d" % theirs["id"]).status_code == 404
    cust = s.get(server.url + "/api/v1/shop/customers").json()["items"]
    assert [c["contract"] for c in cust] == [mine["number"]]
    for path in ("/api/v1/applications", "/api/v1/tenants", "/api/v1/handovers",
                 "/api/v1/audit/events", "/api/v1/staff"):
        assert s.get(server.url + path).status_code == 403, path
    assert s.get(server.url + "/api/v1/change-requests").json()["items"] == []
    r = s.get(server.url + "/api/v1/fees", params={"month": "2026-12",
                                                   "tenant_id": theirs["tenant_id"]})
    problem(r, 403, "forbidden")
    problem(s.post(server.url + "/api/v1/contracts/%d/suspend" % mine["id"],
                   json={"reason": "x"}), 403, "forbidden")
    # The shop's staff run its integration: webhook URL and tokens, which only see this shop.
    r = s.put(server.url + "/api/v1/shop/webhook", json={"url": "https://hooks.example.jp/a"})
    assert r.status_code == 200 and len(r.json()["secret"]) == 64
    r = s.post(server.url + "/api/v1/shop/tokens", json={"name": "連携用"})
    assert r.status_code == 201, r.text
    tok, tid = r.json()["secret"], r.json()["token"]["id"]
    assert r.json()["token"]["shop_id"] == cat["shop"]["id"]
    H = {"Authorization": "Bearer " + tok}
    mine_list = requests.get(server.url + "/api/v1/contracts", headers=H).json()["items"]
    assert [c["id"] for c in mine_list] == [mine["id"]]
    # Tokens do not mint tokens or move the webhook.
    assert requests.post(server.url + "/api/v1/shop/tokens", headers=H,
                         json={"name": "x"}).status_code == 403
    assert requests.put(server.url + "/api/v1/shop/webhook", headers=H,
                        json={"url": "https://evil.example/"}).status_code == 403
    assert [t["id"] for t in s.get(server.url + "/api/v1/shop/tokens").json()["items"]] == [tid]
    # Another shop's token id cannot be revoked from here.
    otok = admin.post(server.url + "/api/v1/shops/%d/tokens" % other["shop"]["id"],
                      json={"name": "他社"}).json()["token"]["id"]
    assert s.delete(server.url + "/api/v1/shop/tokens/%d" % otok).status_code == 404
    assert s.delete(server.url + "/api/v1/shop/tokens/%d" % tid).status_code == 204
    assert requests.get(server.url + "/api/v1/contracts", headers=H).status_code == 401


def test_scheduled_change_survives_kill_9(make_server):
    """TOS-3 with DESIGN's durable jobs: an approved change waits in the job table; a kill -9
    loses nothing and the restarted server applies it when due, once."""
    srv = make_server()
    srv.create_staff("admin")
    srv.start()
    op = srv.login("admin")
    cat = setup_catalogue(srv, op, unique("k"))
    s, c = contractor(srv, op, cat, unique("Z").upper())
    req = s.post(srv.url + "/api/v1/change-requests", json={
        "kind": "plan", "contract_id": c["id"], "plan_id": cat["plans"]["pro"]["id"]}).json()
    assert op.post(srv.url + "/api/v1/change-requests/%d/approve" % req["change_request"]["id"],
                   json={}).status_code == 200
    srv.kill9()
    assert srv.sql("SELECT kind, status FROM jobs") == [("change.apply", "pending")]
    srv.start()
    run_due_jobs(srv)
    op = srv.login("admin")
    got = op.get(srv.url + "/api/v1/contracts/%d" % c["id"]).json()["contract"]
    assert got["plan_id"] == cat["plans"]["pro"]["id"]
    ev = op.get(srv.url + "/api/v1/audit/events", params={"action": "change.apply"}).json()["items"]
    assert len(ev) == 1
    assert srv.cli("audit", "verify").returncode == 0


def test_failed_webhook_is_retried_with_back_off(server, admin):
    """Shop webhooks: a delivery the shop does not accept stays pending with its attempt counted
    and the next attempt pushed back."""
    cat = setup_catalogue(server, admin, unique("r"))
    r = admin.put(server.url + "/api/v1/shops/%d/webhook" % cat["shop"]["id"],
                  json={"url": "http://127.0.0.1:9/unreachable"})
    assert r.status_code == 200
    tok = admin.post(server.url + "/api/v1/shops/%d/tokens" % cat["shop"]["id"],
                     json={"name": "r"}).json()["secret"]
    contractor(server, admin, cat, unique("Y").upper())
    H = {"Authorization": "Bearer " + tok}
    deadline = time.time() + 15
    items = []
    while time.time() < deadline:
        items = requests.get(server.url + "/api/v1/shop/webhook-deliveries", headers=H).json()["items"]
        if items and items[0]["attempts"] >= 1:
            break
        time.sleep(0.2)
    assert items[0]["status"] == "pending" and items[0]["attempts"] == 1
    assert items[0]["last_error"] and items[0]["delivered_at"] is None
    next_at = server.sql("SELECT next_at - created_at FROM webhook_deliveries WHERE id = ?",
                         items[0]["id"])[0][0]
    assert next_at >= 25 * 1000000  # the first retry waits about 30 s
