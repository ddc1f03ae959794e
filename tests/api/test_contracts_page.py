"""The contracts page's findings (issue 10 items 3, 4, 19): the Art. 12 end date is known before
the notice is sent, a pending cancellation can be withdrawn before it takes effect, pending
change requests are shown with their state and can be withdrawn, and a refused change request
names one of the four Art. 9-3 reasons. Requirement IDs in each test."""
import datetime

import pytest

from conftest import unique
from market import contractor, jp_date, setup_catalogue, today_jst


@pytest.fixture(scope="module")
def cat(server):
    return setup_catalogue(server, server.login("admin"), unique("cp"))


def problem(r, status, slug):
    assert r.status_code == status, r.text
    assert r.headers["Content-Type"].startswith("application/problem+json")
    assert r.json()["type"] == "/problems/" + slug
    return r.json()


@pytest.mark.parametrize("days,honoured", [(29, False), (45, True), (None, False)])
def test_cancellation_end_date_is_shown_before_the_notice(server, admin, cat, days, honoured):
    """TOS-7, MARK-4-2-2 (issue 10 item 3): the preview gives the end date the notice would
    give, without sending it; the notice then gives the same date."""
    s, c = contractor(server, admin, cat, unique("CP").upper())
    today = today_jst()
    params = {} if days is None else {"desired_on": (today + datetime.timedelta(days=days)).isoformat()}
    r = s.get(server.url + "/api/v1/contracts/%d/cancel-preview" % c["id"], params=params)
    assert r.status_code == 200, r.text
    want = today + datetime.timedelta(days=days if honoured else 30)
    got = r.json()
    assert got["end_on"] == want.isoformat() and got["desired_honoured"] is honoured
    assert got["service_stops_on"] == (want + datetime.timedelta(days=1)).isoformat()
    assert got["notice_days"] == 30
    # Nothing changed: the contract is still in force without an end date.
    after = s.get(server.url + "/api/v1/contracts/%d" % c["id"]).json()["contract"]
    assert after["status"] == "active" and after.get("end_on") is None
    sent = s.post(server.url + "/api/v1/contracts/%d/cancel" % c["id"], json=params)
    assert sent.status_code == 200 and sent.json()["end_on"] == got["end_on"]
    # With the notice on file, there is nothing left to preview.
    problem(s.get(server.url + "/api/v1/contracts/%d/cancel-preview" % c["id"]), 409,
            "contract-not-active")


def test_cancellation_preview_names_a_bad_date(server, admin, cat):
    """Issue 10 item 9: a malformed desired_on is a 400 naming the field."""
    s, c = contractor(server, admin, cat, unique("CB").upper())
    p = problem(s.get(server.url + "/api/v1/contracts/%d/cancel-preview" % c["id"],
                      params={"desired_on": "next week"}), 400, "invalid-field")
    assert [e["pointer"] for e in p["errors"]] == ["/desired_on"]


def test_pending_cancellation_can_be_withdrawn_before_it_takes_effect(server, admin, cat):
    """TOS-7 (issue 10 item 3): the contractor withdraws a pending cancellation; the end dates
    are cleared, the withdrawal is audited and the contractor told by mail, and the contract can
    be cancelled again later. Without a pending notice the withdrawal is refused."""
    s, c = contractor(server, admin, cat, unique("CW").upper())
    url = server.url + "/api/v1/contracts/%d" % c["id"]
    problem(s.post(url + "/cancel/withdraw", json={}), 409, "cancel-not-pending")
    end = (today_jst() + datetime.timedelta(days=40)).isoformat()
    assert s.post(url + "/cancel", json={"desired_on": end}).status_code == 200
    pending = s.get(url).json()["contract"]
    assert pending["status"] == "active" and pending["end_on"] == end

    r = s.post(url + "/cancel/withdraw", json={})
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["withdrawn_end_on"] == end
    assert got["contract"]["status"] == "active"
    for k in ("end_on", "access_end_on", "billing_end_on", "requested_end_on", "cancel_notice_at"):
        assert got["contract"].get(k) is None, k
    events = admin.get(server.url + "/api/v1/audit/events",
                       params={"action": "contract.cancel_withdraw"}).json()["items"]
    assert any(e["target"] == "contract:%d" % c["id"] for e in events)
    notices = s.get(server.url + "/api/v1/notices").json()["items"]
    assert any("取消" in n["title"] and jp_date(datetime.date.fromisoformat(end)) in n["body"]
               for n in notices)
    # Withdrawn once: nothing left to withdraw; a new notice is accepted.
    problem(s.post(url + "/cancel/withdraw", json={}), 409, "cancel-not-pending")
    assert s.post(url + "/cancel", json={}).status_code == 200


def test_withdrawal_is_only_for_the_contractors_own_contract(server, admin, cat):
    """Isolation: another company cannot preview or withdraw a contract's cancellation."""
    s1, c1 = contractor(server, admin, cat, unique("CI").upper())
    s2, _ = contractor(server, admin, cat, unique("CJ").upper())
    assert s1.post(server.url + "/api/v1/contracts/%d/cancel" % c1["id"], json={}).status_code == 200
    problem(s2.post(server.url + "/api/v1/contracts/%d/cancel/withdraw" % c1["id"], json={}), 404,
            "not-found")
    problem(s2.get(server.url + "/api/v1/contracts/%d/cancel-preview" % c1["id"]), 404, "not-found")


def plan_change(server, s, cat, c):
    r = s.post(server.url + "/api/v1/change-requests", json={
        "kind": "plan", "contract_id": c["id"], "plan_id": cat["plans"]["pro"]["id"]})
    assert r.status_code == 201, r.text
    return r.json()["change_request"]


def test_pending_change_request_can_be_withdrawn(server, admin, cat):
    """TOS-3, MARK-4-3-1 (issue 10 item 4): the tenant sees its pending change request with its
    state and withdraws it; the operator can then no longer approve it; the withdrawal is
    audited; a decided request cannot be withdrawn."""
    s, c = contractor(server, admin, cat, unique("CR").upper())
    req = plan_change(server, s, cat, c)
    listed = s.get(server.url + "/api/v1/change-requests").json()["items"]
    assert [(i["id"], i["status"]) for i in listed] == [(req["id"], "pending")]
    r = s.post(server.url + "/api/v1/change-requests/%d/withdraw" % req["id"], json={})
    assert r.status_code == 200, r.text
    assert r.json()["change_request"]["status"] == "withdrawn"
    listed = s.get(server.url + "/api/v1/change-requests").json()["items"]
    assert [(i["id"], i["status"]) for i in listed] == [(req["id"], "withdrawn")]
    assert admin.post(server.url + "/api/v1/change-requests/%d/approve" % req["id"],
                      json={}).status_code == 409
    events = admin.get(server.url + "/api/v1/audit/events",
                       params={"action": "change.withdraw"}).json()["items"]
    assert any(e["target"] == "change:%d" % req["id"] for e in events)
    problem(s.post(server.url + "/api/v1/change-requests/%d/withdraw" % req["id"], json={}), 409,
            "change-not-pending")
    decided = plan_change(server, s, cat, c)
    assert admin.post(server.url + "/api/v1/change-requests/%d/approve" % decided["id"],
                      json={}).status_code == 200
    problem(s.post(server.url + "/api/v1/change-requests/%d/withdraw" % decided["id"], json={}),
            409, "change-not-pending")


def test_change_request_withdrawal_is_only_for_its_tenant(server, admin, cat):
    """Isolation: another company's change request answers 404 and stays pending."""
    s1, c1 = contractor(server, admin, cat, unique("CX").upper())
    s2, _ = contractor(server, admin, cat, unique("CY").upper())
    req = plan_change(server, s1, cat, c1)
    problem(s2.post(server.url + "/api/v1/change-requests/%d/withdraw" % req["id"], json={}), 404,
            "not-found")
    assert s1.get(server.url + "/api/v1/change-requests").json()["items"][0]["status"] == "pending"


def test_no_plan_change_after_a_cancellation_notice(server, admin, cat):
    """TOS-7, TOS-3 (issue 10 item 4): once a cancellation notice is on file a plan change is
    refused (the page no longer offers it); after withdrawing the notice it is accepted again."""
    s, c = contractor(server, admin, cat, unique("CN").upper())
    assert s.post(server.url + "/api/v1/contracts/%d/cancel" % c["id"], json={}).status_code == 200
    problem(s.post(server.url + "/api/v1/change-requests", json={
        "kind": "plan", "contract_id": c["id"], "plan_id": cat["plans"]["pro"]["id"]}), 409,
        "contract-not-active")
    assert s.post(server.url + "/api/v1/contracts/%d/cancel/withdraw" % c["id"],
                  json={}).status_code == 200
    plan_change(server, s, cat, c)


PARTICULARS = dict(legal_name="株式会社アンシン・マーケット", address="東京都千代田区丸の内1-1-1",
                   representative="代表取締役 安心 太郎", contact="support@anshin.example.jp",
                   invoice_number="T1234567890123")


def test_contract_document_and_statement_name_the_operator_and_their_issue_date(server, admin, cat):
    """MARK-4-1-4, TOS-19 (issue 10 item 14): the contract document names the operator by its
    particulars (legal name, address, representative, contact, registration number), not as
    "anshin 運営事務局", and carries its issue date (the day the contract was concluded); the
    monthly statement names its issuer the same way with its issue date."""
    r = admin.put(server.url + "/api/v1/operator-profile", json=PARTICULARS)
    assert r.status_code == 200, r.text
    s, c = contractor(server, admin, cat, unique("OP").upper())
    doc = s.get(server.url + "/api/v1/contracts/%d/document" % c["id"]).json()["document"]
    assert doc["parties"]["operator"] == PARTICULARS["legal_name"]
    assert doc["operator"] == PARTICULARS
    assert doc["issued_on"] == today_jst().isoformat()
    assert "運営事務局" not in str(doc)
    fees = s.get(server.url + "/api/v1/fees", params={"month": today_jst().strftime("%Y-%m")})
    assert fees.status_code == 200, fees.text
    assert fees.json()["issuer"] == PARTICULARS
    assert fees.json()["issued_on"] == today_jst().isoformat()


@pytest.mark.parametrize("body", [{}, {"message": "お受けできません"}, {"reason": "気分"},
                                  {"reason": "", "message": "x"}])
def test_change_refusal_needs_an_article_9_3_reason(server, admin, cat, body):
    """Art. 9-3 (issue 10 item 19): refusing a change request (利用変更契約を締結しない) takes
    one of the four reasons; free text alone, none or an unknown one is a 400 naming reason and
    the request stays pending."""
    s, c = contractor(server, admin, cat, unique("RF").upper())
    req = plan_change(server, s, cat, c)
    r = admin.post(server.url + "/api/v1/change-requests/%d/refuse" % req["id"], json=body)
    assert r.status_code == 400, r.text
    assert [e["pointer"] for e in r.json()["errors"]] == ["/reason"], r.text
    assert s.get(server.url + "/api/v1/change-requests").json()["items"][0]["status"] == "pending"


def test_change_refusal_records_and_states_its_reason(server, admin, cat):
    """Art. 9-3 (issue 10 item 19): the reason is recorded with the request, audited, and stated
    in the contractor's notice in the article's words."""
    s, c = contractor(server, admin, cat, unique("RR").upper())
    req = plan_change(server, s, cat, c)
    r = admin.post(server.url + "/api/v1/change-requests/%d/refuse" % req["id"],
                   json={"reason": "technically_infeasible", "message": "設備の都合によります。"})
    assert r.status_code == 200, r.text
    got = r.json()["change_request"]
    assert got["status"] == "refused" and got["refusal_reason"] == "technically_infeasible"
    listed = s.get(server.url + "/api/v1/change-requests").json()["items"][0]
    assert listed["refusal_reason"] == "technically_infeasible"
    events = admin.get(server.url + "/api/v1/audit/events",
                       params={"action": "change.refuse"}).json()["items"]
    mine = [e for e in events if e["target"] == "change:%d" % req["id"]]
    assert mine and "technically_infeasible" in str(mine[0]), mine
    notices = s.get(server.url + "/api/v1/notices").json()["items"]
    assert any("技術上困難" in n["body"] and "設備の都合" in n["body"] for n in notices), notices
