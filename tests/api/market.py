"""Helpers for marketplace tests: a shop with a service and plans, terms in force, and
contractors made through the public application and the operator's approval."""
import datetime
import re

import requests

from tenancy import NEW_PASSWORD, user_session

JST = datetime.timezone(datetime.timedelta(hours=9))


def today_jst():
    return datetime.datetime.now(JST).date()


def jp_date(d):
    """A date (or "YYYY-MM-DD") as mails and notices write it in Japanese: 2026年12月5日."""
    if isinstance(d, str):
        d = datetime.date.fromisoformat(d)
    return "%d年%d月%d日" % (d.year, d.month, d.day)


def en_date(d):
    """A date (or "YYYY-MM-DD") as mails and notices write it in English: Dec 5, 2026."""
    if isinstance(d, str):
        d = datetime.date.fromisoformat(d)
    return "%s %d, %d" % (d.strftime("%b"), d.day, d.year)


def setup_catalogue(server, admin, code, notice_days=180, service_url=None):
    """A shop, a service with a 10% plan and an 8% plan, and terms in force today (service_url:
    the service's address, when given)."""
    r = admin.post(server.url + "/api/v1/shops", json={
        "code": code, "name": "ショップ " + code, "contact_email": "shop@%s.example.jp" % code})
    assert r.status_code == 201, r.text
    shop = r.json()["shop"]
    r = admin.post(server.url + "/api/v1/services", json={
        "shop_id": shop["id"], "code": code + "-svc", "name": "勤怠クラウド " + code,
        "description": "勤怠管理のSaaS", "conditions": "1契約あたり最大ユーザー数まで利用可",
        "notice_days": notice_days, **({"url": service_url} if service_url else {})})
    assert r.status_code == 201, r.text
    service = r.json()["service"]
    plans = {}
    for pc, fee, init, rate in (("basic", 1015, 3000, 10), ("food", 1019, 0, 8),
                                ("pro", 5000, 0, 10)):
        r = admin.post(server.url + "/api/v1/services/%d/plans" % service["id"], json={
            "code": pc, "name": pc.upper(), "monthly_fee": fee, "initial_fee": init,
            "tax_rate": rate, "max_users": 50, "storage_gb": 10})
        assert r.status_code == 201, r.text
        plans[pc] = r.json()["plan"]
    terms = current_terms(server)
    if terms is None:
        r = admin.post(server.url + "/api/v1/documents", json={
            "kind": "terms", "title": "利用規約", "body": "第1条 ...",
            "effective_on": today_jst().isoformat()})
        assert r.status_code == 201, r.text
        terms = r.json()["document"]
    return {"shop": shop, "service": service, "plans": plans, "terms": terms}


def current_terms(server):
    r = requests.get(server.url + "/api/v1/documents/terms")
    assert r.status_code == 200, r.text
    return r.json()["in_force"]


def application(cat, code, plan="basic", **over):
    body = {"company_name": "株式会社" + code, "company_code": code, "address": "東京都千代田区1-1",
            "phone": "03-1234-5678", "responsible_name": "山田 太郎",
            "responsible_email": "yamada@%s.example.jp" % code.lower(), "admin_login": "yamada",
            "plan_id": cat["plans"][plan]["id"], "terms_document_id": cat["terms"]["id"],
            "agree": True, "privacy_confirmed": True, "antisocial_declared": True}
    body.update(over)
    return body


def confirmation_mail(server, email):
    """The latest confirmation mail queued for email (subject and body), read from the outbox."""
    rows = server.outbox(email, "application_confirm")
    assert rows, "no confirmation mail to " + email
    return {"subject": rows[-1]["subject"], "body_text": rows[-1]["body_text"]}


def confirm_token(server, email):
    """The token of the confirmation link mailed to email (M6: only a confirmed address gets the
    application to the operator)."""
    m = re.search(r"confirm=([A-Za-z0-9_-]+)", confirmation_mail(server, email)["body_text"])
    assert m, "no confirmation link in the mail to " + email
    return m.group(1)


def apply(server, cat, code, plan="basic"):
    """Submits an application and confirms its address; returns the application now pending."""
    body = application(cat, code, plan)
    r = requests.post(server.url + "/api/v1/applications", json=body)
    assert r.status_code == 202, r.text
    tok = confirm_token(server, body["responsible_email"])
    r = requests.post(server.url + "/api/v1/applications/confirm", json={"token": tok})
    assert r.status_code == 200, r.text
    return r.json()["application"]


def link_token(server, admin, email, template="welcome_admin"):
    """The token of the newest set-password link mailed to email, read from the outbox table (as
    the recipient's mailbox would show it: the operator's outbox view hides link tokens)."""
    rows = [m["body_text"] for m in server.outbox(email, template)][-1:]
    assert rows, "no %s mail to %s" % (template, email)
    found = re.search(r"/set-password#token=([A-Za-z0-9_-]+)", rows[0])
    assert found, rows[0]
    return found.group(1)


def initial_password(server, admin, email):
    """The first admin's password: set through the link of the welcome mail the approval queued
    (no mail carries a password)."""
    tok = link_token(server, admin, email)
    r = requests.post(server.url + "/api/v1/password-links/use",
                      json={"token": tok, "password": NEW_PASSWORD})
    assert r.status_code == 200, r.text
    return NEW_PASSWORD


def contractor(server, admin, cat, code, plan="basic"):
    """Applies, approves, and logs the new tenant admin in; returns (session, contract)."""
    app = apply(server, cat, code, plan)
    r = admin.post(server.url + "/api/v1/applications/%d/approve" % app["id"], json={})
    assert r.status_code == 200, r.text
    contract = r.json()["contract"]
    pw = initial_password(server, admin, app["responsible_email"])
    s = user_session(server, code.upper(), "yamada", pw)
    return s, contract
