"""The lawful-disclosure register (WP-21, TOS-26): a disclosure to an authority without the
customer's consent is recorded (authority, legal basis, data, date); the contractor is told
before it, or promptly after when prior notice is prohibited, and the record shows which."""
import datetime

from conftest import unique
from tenancy import create_tenant, user_session

# Reading a tenant's mail needs a stated reason (WP-18): these reads give one.
REASON = {"X-Access-Reason": "TEST-READ"}


def notices_to(server, admin, to):
    items = admin.get(server.url + "/api/v1/mail", params={"limit": 500}).json()["items"]
    return [admin.get(server.url + "/api/v1/mail/%d" % m["id"], headers=REASON).json()["mail"]
            for m in items if m["to"] == to and "法令に基づく" in m["subject"]]


def test_register_with_prior_and_later_notice(server, admin):
    t = create_tenant(server, admin, unique("LD").upper(), "開示先株式会社")
    owner = t["tenant"]["responsible_email"] if "responsible_email" in t["tenant"] else \
        t["tenant"]["responsible"]["email"]
    today = datetime.date.today().isoformat()
    r = admin.post(server.url + "/api/v1/lawful-disclosures", json={
        "tenant_id": t["tenant"]["id"], "authority": "警視庁 サイバー犯罪対策課",
        "legal_basis": "刑事訴訟法第197条第2項（捜査関係事項照会）",
        "data_disclosed": "契約者情報（会社名・担当者名）", "disclosed_on": today})
    assert r.status_code == 201, r.text
    d = r.json()["disclosure"]
    assert d["notice"] == "prior" and d["notified_at"]
    mails = notices_to(server, admin, owner)
    assert len(mails) == 1 and "開示いたしますので" in mails[0]["body_text"]
    assert "刑事訴訟法第197条第2項" in mails[0]["body_text"] and "様" in mails[0]["body_text"]
    # Prior notice prohibited: recorded as pending, told afterwards, and only once.
    r = admin.post(server.url + "/api/v1/lawful-disclosures", json={
        "tenant_id": t["tenant"]["id"], "authority": "東京地方裁判所",
        "legal_basis": "令状（差押許可状）", "data_disclosed": "アクセスログ",
        "disclosed_on": today, "prior_notice_prohibited": True})
    d2 = r.json()["disclosure"]
    assert d2["notice"] == "pending" and d2["notified_at"] is None
    assert len(notices_to(server, admin, owner)) == 1
    r = admin.post(server.url + "/api/v1/lawful-disclosures/%d/notify" % d2["id"], json={})
    assert r.status_code == 200 and r.json()["disclosure"]["notice"] == "after"
    later = [m for m in notices_to(server, admin, owner) if "事前のお知らせが禁じられていた" in m["body_text"]]
    assert len(later) == 1
    assert admin.post(server.url + "/api/v1/lawful-disclosures/%d/notify" % d2["id"],
                      json={}).status_code == 409
    items = admin.get(server.url + "/api/v1/lawful-disclosures").json()["items"]
    assert [x["notice"] for x in items[:2]] == ["after", "prior"]
    # Validation, and operator admins only.
    r = admin.post(server.url + "/api/v1/lawful-disclosures", json={
        "tenant_id": 999999, "authority": "a", "legal_basis": "b", "data_disclosed": "c",
        "disclosed_on": today})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "tenant_id"
    user = user_session(server, t["tenant"]["company_code"], "admin1", t["initial_password"])
    assert user.get(server.url + "/api/v1/lawful-disclosures").status_code == 403
