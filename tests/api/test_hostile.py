"""Hostile input on both backends (issue 8, item 4; findings M8, L2, L4; SLA-17 input validation
refuses out-of-range input, TOS-21 notices by e-mail are not lost).

Driven by docs/openapi.yaml, like the isolation probe: every operation with a JSON body or query
parameters gets, for its string fields and parameters, invalid UTF-8 (raw bytes in the body,
%ff in the query), an embedded NUL, overlong UTF-8 encodings, a multibyte string exactly at and
one character over the documented maxLength, spreadsheet formula prefixes and CR/LF in names.
Every operation of the document is also called once with a hostile query string. The server
answers 2xx or 4xx, never 5xx or a dropped connection; 4xx answers are problem+json and a field
refused for its content is named in `errors[].field`; values at the limit in characters (not
bytes) are accepted; and every mail an acknowledged request queued reaches the SMTP sink.
The operation is called as the role it needs: operator admin, tenant admin or shop staff."""
import datetime
import json
import os
import re
import secrets
import time

import pytest
import requests
import yaml

from conftest import DRIVER, PG_URL, ROOT, Server, unique
from market import application, confirm_token, setup_catalogue, contractor, today_jst
from tenancy import create_tenant, user_session
from test_mail import Sink

RAW_BAD = [b"\xff\xfe", b"\xc0\xaf", b"\xe0\x80\xaf", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80"]
QUERY_BAD = ["%ff", "%00", "%c0%af", "%e0%80%af", "%ed%a0%80", "a%fe%ffb"]
FORMULAS = ["=HYPERLINK(\"http://x.example\")", "+81-3-1234", "-2+3", "@SUM(A1:A9)"]
CRLF = "山田\r\nBcc: evil@evil.example.jp\r\n\r\nbody"
# Mixed widths: 3-byte kana and kanji, a 4-byte character (outside the BMP) and a 2-byte one.
MULTI = "あ𠮷漢é"
# Free text: a multibyte value of any length within the limit is valid. Other string fields
# carry a format (codes, e-mail, dates, enums, URLs, passwords) checked after the length.
FREE_TEXT = {"name", "company_name", "address", "responsible_name", "display_name", "title",
             "body", "description", "conditions", "message", "resolution", "target",
             "reporter_name"}
NAME_FIELDS = {"name", "company_name", "responsible_name", "display_name", "reporter_name",
               "title"}
# Operations whose free-text fields, at their limit, must be stored (2xx): they create a new
# record each time, so no state of an earlier call stands in the way.
CREATING = {("POST", "/api/v1/applications"), ("POST", "/api/v1/tenants"),
            ("POST", "/api/v1/users"), ("POST", "/api/v1/staff"), ("POST", "/api/v1/shops"),
            ("POST", "/api/v1/services"), ("POST", "/api/v1/services/{id}/plans"),
            ("POST", "/api/v1/reports"), ("POST", "/api/v1/api-tokens"),
            ("POST", "/api/v1/shops/{id}/tokens"), ("POST", "/api/v1/shop/tokens"),
            ("POST", "/api/v1/applications/{id}/refuse"),
            ("POST", "/api/v1/tickets"), ("POST", "/api/v1/support/requests"),
            ("POST", "/api/v1/breaches")}
# 2xx on these queues a mail; the recipient is noted and must reach the sink.
MAILING = {("POST", "/api/v1/applications"): "responsible_email",
           ("POST", "/api/v1/users"): "email",
           ("POST", "/api/v1/applications/{id}/refuse"): None,
           ("POST", "/api/v1/applications/{id}/approve"): None}


def multibyte(n):
    return (MULTI * (n // len(MULTI) + 1))[:n]


def load_doc():
    with open(os.path.join(ROOT, "docs", "openapi.yaml"), encoding="utf-8") as f:
        return yaml.safe_load(f)


DOC = load_doc()


def resolve(node):
    while isinstance(node, dict) and "$ref" in node:
        parts = node["$ref"].lstrip("#/").split("/")
        node = DOC
        for p in parts:
            node = node[p]
    return node


def is_type(schema, t):
    ty = schema.get("type")
    return ty == t or (isinstance(ty, list) and t in ty)


def operations():
    for path, ops in DOC["paths"].items():
        for method, op in ops.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            body = {}
            # A body of another type (the payment result file, text/csv) gets no JSON fields to
            # fuzz; its path and query still do, and test_receivables sends it broken files.
            if "application/json" in op.get("requestBody", {}).get("content", {}):
                schema = resolve(op["requestBody"]["content"]["application/json"]["schema"])
                body = {k: resolve(v) for k, v in schema.get("properties", {}).items()}
            query = [resolve(p) for p in op.get("parameters", [])]
            query = [p for p in query if p.get("in") == "query"]
            roles = op.get("x-anshin-permission", {}).get("roles", [])
            public = op.get("security", DOC.get("security")) == []
            yield method.upper(), path, body, query, roles, public


# ---------------------------------------------------------------------------------------------
# The world the probe works in: an operator, a catalogue, contractors, a shop's staff, a spare
# tenant, pending applications, change requests and reports.


class World:
    def __init__(self, srv, sink):
        self.srv, self.sink = srv, sink
        self.url = srv.url
        self.op = srv.login("admin")
        self.cat = setup_catalogue(srv, self.op, unique("h"))
        shop_id = self.cat["shop"]["id"]
        self.spare_service = self.service(shop_id)
        self.shop_service = self.service(shop_id)
        self.tenant_admin, self.contract = contractor(srv, self.op, self.cat, unique("HA").upper())
        self.contractor2, self.contract2 = contractor(srv, self.op, self.cat,
                                                      unique("HB").upper())
        self.spare_tenant = create_tenant(srv, self.op, unique("HT").upper(), "予備株式会社")
        r = self.tenant_admin.post(self.url + "/api/v1/users", json={
            "login": unique("user"), "email": unique("u") + "@hostile.example.jp"})
        assert r.status_code == 201, r.text
        self.user = r.json()["user"]
        r = self.tenant_admin.post(self.url + "/api/v1/change-requests", json={
            "kind": "plan", "contract_id": self.contract["id"],
            "plan_id": self.cat["plans"]["pro"]["id"]})
        assert r.status_code == 201, r.text
        self.change_request = r.json()["change_request"]
        r = requests.post(self.url + "/api/v1/reports",
                          json={"category": "spam", "description": "迷惑な広告"})
        assert r.status_code == 201, r.text
        self.report = r.json()["receipt"]
        self.shop_staff = self.staff_session(shop_id)
        self.applications = []
        self.expected_mail = []  # (recipient, what) for every acknowledged mailing request

    def service(self, shop_id):
        r = self.op.post(self.url + "/api/v1/services", json={
            "shop_id": shop_id, "code": unique("svc"), "name": "予備サービス",
            "description": "説明", "conditions": "条件", "notice_days": 180})
        assert r.status_code == 201, r.text
        return r.json()["service"]

    def staff_session(self, shop_id):
        login = unique("shopper")
        r = self.op.post(self.url + "/api/v1/staff",
                         json={"login": login, "roles": ["shop"], "shop_id": shop_id})
        assert r.status_code == 201, r.text
        first = r.json()["initial_password"]
        s = requests.Session()
        r = s.post(self.url + "/api/v1/auth/login", json={"login": login, "password": first})
        assert r.status_code == 200, r.text
        s.headers["X-CSRF-Token"] = r.json()["csrf_token"]
        r = s.post(self.url + "/api/v1/me/password",
                   json={"current_password": first, "new_password": "Shop-Staff-Passw0rd-26!"})
        assert r.status_code == 204, r.text
        return s

    def pending_application(self):
        code = unique("AP").upper()
        body = application(self.cat, code)
        body["responsible_email"] = unique("app") + "@hostile.example.jp"
        return self.confirmed(body)

    def confirmed(self, body):
        """Submits an application and confirms its address (M6): a confirmation mail, then the
        receipt; returns the application now pending."""
        r = requests.post(self.url + "/api/v1/applications", json=body)
        assert r.status_code == 202, r.text
        self.expected_mail.append((body["responsible_email"], "confirmation"))
        tok = confirm_token(self.srv, body["responsible_email"])
        r = requests.post(self.url + "/api/v1/applications/confirm", json={"token": tok})
        assert r.status_code == 200, r.text
        self.expected_mail.append((body["responsible_email"], "receipt"))
        app = r.json()["application"]
        app["responsible_email"] = body["responsible_email"]
        return app

    def client(self, roles, public, path=""):
        """The session of the role the operation needs."""
        if public:
            return requests.Session()
        if path.startswith("/api/v1/api-tokens"):
            return self.tenant_admin  # the base body asks for a tenant permission
        if "admin" in roles or not roles:
            return self.op
        if "tenant_admin" in roles:
            return self.tenant_admin
        if "shop" in roles:
            return self.shop_staff
        return self.op

    def target(self, method, path):
        """The path with its id filled in: (url, context) where context names a fresh
        application whose mail is expected when the call succeeds."""
        ctx = None
        if "{" not in path:
            return path, ctx
        if path.startswith("/api/v1/applications/{id}/"):
            ctx = self.pending_application()
            ident = ctx["id"]
        elif path.startswith("/api/v1/applications/"):
            ident = self.applications[0]["id"] if self.applications else 1
        elif path.startswith("/api/v1/tenants/"):
            ident = self.spare_tenant["tenant"]["id"]
        elif path.startswith("/api/v1/users/"):
            ident = self.user["id"]
        elif path.startswith("/api/v1/shops/"):
            ident = self.cat["shop"]["id"]
        elif path == "/api/v1/services/{id}/discontinue":
            ident = self.spare_service["id"]
        elif path.startswith("/api/v1/services/"):
            ident = self.cat["service"]["id"]
        elif path.startswith("/api/v1/shop/services/"):
            ident = self.shop_service["id"]
        elif path.startswith("/api/v1/contracts/"):
            ident = self.contract2["id"]
        elif path.startswith("/api/v1/change-requests/"):
            ident = self.change_request["id"]
        elif path.startswith("/api/v1/reports/"):
            ident = self.report
        elif path.startswith("/api/v1/documents/"):
            ident = "terms"
        else:
            ident = 999999999  # sessions, tokens, mail: never one of the probe's own
        return re.sub(r"{\w+}", str(ident), path), ctx

    def base_body(self, method, path):
        """A valid body for the operation, fresh each time (new codes, logins, addresses)."""
        later = (today_jst() + datetime.timedelta(days=400)).isoformat()
        tomorrow = (today_jst() + datetime.timedelta(days=1)).isoformat()
        yesterday = (today_jst() - datetime.timedelta(days=1)).isoformat()
        cat = self.cat
        bodies = {
            "/api/v1/auth/login": {"login": "nobody", "password": "wrong-password",
                                   "company_code": "NOSUCH"},
            "/api/v1/me/password": {"current_password": "not-the-password",
                                    "new_password": "Another-Passw0rd-2026!"},
            "/api/v1/staff": {"login": unique("st"), "display_name": "職員",
                              "roles": ["support"]},
            "/api/v1/tenants": {"company_code": unique("HN").upper(), "name": "新株式会社",
                                "responsible_name": "責任者", "admin_login": "admin1",
                                "responsible_email": unique("t") + "@hostile.example.jp"},
            "/api/v1/tenants/{id}/suspend": {"reason": "確認のため"},
            "/api/v1/tenants/{id}/reinstate": {"reason": "確認済み"},
            "/api/v1/users": {"login": unique("us"), "display_name": "利用者",
                              "email": unique("u") + "@hostile.example.jp", "roles": ["member"]},
            "/api/v1/api-tokens": {"name": "連携", "permissions": ["users.read"],
                                   "expires_in_days": 30},
            "/api/v1/session-policy": {"idle_timeout_minutes": 30, "mfa_required": False},
            "/api/v1/basic-gate": {"enabled": False, "user": "gateuser"},
            "/api/v1/password-policy": {},
            "/api/v1/ip-allowlist": {"entries": ["127.0.0.1/32", "10.0.0.0/8"]},
            "/api/v1/auth/mfa": {"code": "123456"},
            "/api/v1/me/mfa/totp/confirm": {"code": "123456"},
            "/api/v1/documents": {"kind": "prohibited-acts", "title": "禁止事項",
                                  "body": "第1条", "effective_on": later, "material": False},
            "/api/v1/applications": dict(application(cat, unique("AP").upper()),
                                         responsible_email=unique("a") + "@hostile.example.jp"),
            "/api/v1/applications/{id}/approve": {"start_on": tomorrow},
            "/api/v1/applications/{id}/refuse": {"reason": "other", "message": "お断りします"},
            "/api/v1/shops": {"code": unique("sh"), "name": "店", "webhook_url": None,
                              "contact_email": unique("s") + "@hostile.example.jp"},
            "/api/v1/shops/{id}/webhook": {"url": "https://hooks.example.jp/h"},
            "/api/v1/shops/{id}/tokens": {"name": "連携", "expires_in_days": 30},
            "/api/v1/services": {"shop_id": cat["shop"]["id"], "code": unique("sv"),
                                 "name": "サービス", "description": "説明",
                                 "conditions": "条件", "notice_days": 180},
            "/api/v1/services/{id}/plans": {"code": unique("pl"), "name": "プラン",
                                            "monthly_fee": 1000, "initial_fee": 0,
                                            "billing_cycle": "monthly", "tax_rate": 10,
                                            "max_users": 5, "storage_gb": 1},
            "/api/v1/services/{id}/discontinue": {"discontinue_on": later, "reason": "終了"},
            "/api/v1/contracts/{id}/cancel": {"desired_on": later},
            "/api/v1/contracts/{id}/suspend": {"reason": "確認"},
            "/api/v1/contracts/{id}/reinstate": {"reason": "確認済み"},
            "/api/v1/contracts/{id}/terminate": {"cause": "other_breach", "message": "解除"},
            "/api/v1/change-requests": {"kind": "details", "contract_id": self.contract["id"],
                                        "change_on": later, "name": "変更後株式会社",
                                        "address": "大阪府", "phone": "06-1234-5678",
                                        "responsible_name": "新責任者",
                                        "responsible_email": "new@hostile.example.jp"},
            "/api/v1/change-requests/{id}/approve": {"message": "承認"},
            "/api/v1/change-requests/{id}/refuse": {"reason": "other", "message": "謝絶"},
            "/api/v1/shop/tokens": {"name": "連携", "expires_in_days": 30},
            "/api/v1/shop/webhook": {"url": "https://hooks.example.jp/s"},
            "/api/v1/shop/services/{id}/discontinue": {"discontinue_on": later,
                                                       "reason": "終了"},
            "/api/v1/reports": {"category": "spam", "description": "迷惑", "target": "x",
                                "reporter_name": "通報者",
                                "reporter_email": "r@hostile.example.jp"},
            "/api/v1/reports/{id}/handle": {"resolution": "対応済み"},
            # identity and access (issue 11)
            "/api/v1/roles": {"name": unique("役割"), "permissions": ["audit.read"]},
            "/api/v1/roles/{id}": {"name": unique("役割"), "permissions": ["audit.read"]},
            "/api/v1/users/{id}/roles": {"roles": ["member"], "custom_roles": []},
            "/api/v1/staff/{id}/allowed-networks": {"entries": []},
            "/api/v1/event-classes": {"screen": True, "read": True, "download": True},
            "/api/v1/me/screen": {"page": "/dashboard"},
            # support desk (issue 13)
            "/api/v1/tickets": {"category": "question", "subject": "件名", "body": "本文",
                                "channel": "phone"},
            "/api/v1/tickets/{id}/messages": {"body": "本文"},
            "/api/v1/tickets/{id}/attachments": {"filename": "a.txt", "content_type": "text/plain",
                                                 "data_base64": "44GC"},
            "/api/v1/personal-data-requests": {"kind": "disclose"},
            "/api/v1/personal-data-requests/{id}/complete": {"outcome": "done"},
            "/api/v1/support/personal-data-requests": {"kind": "disclose",
                                                      "email": "p@hostile.example.jp"},
            "/api/v1/support/personal-data-requests/{id}/verify": {"code": "123456"},
            "/api/v1/breaches": {"title": "件名", "what_leaked": "氏名", "whose": "利用者",
                                 "found_on": today_jst().isoformat()},
            "/api/v1/breaches/{id}/notify": {"subject": "件名", "body": "本文"},
            "/api/v1/breaches/{id}/steps": {"step": "note", "content": "メモ"},
            "/api/v1/lawful-disclosures": {"tenant_id": 1, "authority": "警察", "legal_basis": "法",
                                           "data_disclosed": "氏名",
                                           "disclosed_on": today_jst().isoformat()},
            "/api/v1/support/requests": {"category": "question", "subject": "件名",
                                         "body": "本文",
                                         "requester_email": "q@hostile.example.jp"},
            # onboarding (issue 10)
            "/api/v1/operator-profile": {"legal_name": "株式会社アンシン", "address": "東京都",
                                         "representative": "代表", "contact": "03-0000-0000",
                                         "invoice_number": ""},
            "/api/v1/password-links/use": {"token": "x" * 43, "password": "Another-Passw0rd-2026!"},
            "/api/v1/password-links/rules": {"token": "x" * 43},
            # operations and service levels (issue 12)
            "/api/v1/incidents": {"title": "障害", "impact": "degraded",
                                  "started_at": yesterday + "T10:00:00+09:00"},
            "/api/v1/incidents/{id}/updates": {"status": "monitoring", "body": "経過"},
            "/api/v1/incidents/{id}/postmortem": {"postmortem": "原因と対策"},
            "/api/v1/failure-reports": {"title": "不具合", "description": "内容",
                                        "reporter_name": "報告者",
                                        "reporter_email": "r@hostile.example.jp"},
            "/api/v1/maintenance": {"kind": "maintenance", "title": "保守",
                                    "starts_at": later + "T01:00:00+09:00",
                                    "ends_at": later + "T02:00:00+09:00"},
            "/api/v1/announcements": {"kind": "general", "title": "お知らせ", "body": "本文"},
            "/api/v1/status/subscriptions": {"email": unique("w") + "@hostile.example.jp"},
            "/api/v1/status/subscriptions/confirm": {"token": "x" * 43},
            "/api/v1/status/subscriptions/unsubscribe": {"token": "x" * 43},
            "/api/v1/info": {"kind": "security", "title": "安全のために", "body": "本文",
                             "effective_on": later},
            # usage metering (issue 17 item 5)
            "/api/v1/plans/{id}/meters": {"code": unique("m"), "name": "従量", "unit": "GB",
                                          "unit_price": 3, "tax_rate": 10},
            "/api/v1/usage-reports": {"contract_id": 1, "meter": "storage", "quantity": 1,
                                      "hour": today_jst().isoformat() + "T00:00:00+09:00",
                                      "idempotency_key": unique("k")},
        }
        return dict(bodies.get(path, {}))


@pytest.fixture(scope="module")
def world():
    if DRIVER == "postgres" and not PG_URL:
        pytest.skip("PostgreSQL is not available (ANSHIN_TEST_PG_URL unset)")
    sink = Sink().start()
    srv = Server(driver=DRIVER, env={"ANSHIN_MAIL_RELAY": "smtp://127.0.0.1:%d" % sink.port,
                                     "ANSHIN_MAIL_POLL_INTERVAL_MS": "100"})
    srv.create_staff("admin")
    srv.start()
    try:
        yield World(srv, sink)
    finally:
        srv.stop()
        sink.stop()


# ---------------------------------------------------------------------------------------------
# Sending and judging.


def send(client, method, url, raw=None, json_body=None):
    """One request; a dropped connection or a timeout fails the test with the request named."""
    headers = {}
    kw = {}
    if raw is not None:
        headers["Content-Type"] = "application/json"
        kw["data"] = raw
    elif json_body is not None:
        # Raw UTF-8 (as browsers send it), so a 200,000-character text fits the body limit.
        headers["Content-Type"] = "application/json"
        kw["data"] = json.dumps(json_body, ensure_ascii=False).encode("utf-8")
    try:
        return client.request(method, url, headers=headers, timeout=20, **kw)
    except requests.RequestException as e:
        raise AssertionError("%s %s: no answer (%s)" % (method, url[:200], e))


def judge(r, what):
    """2xx or 4xx, never 5xx; a 4xx is problem+json with the usual members."""
    assert r.status_code < 500, (what, r.status_code, r.text[:300])
    assert 200 <= r.status_code < 500 and r.status_code not in range(300, 400), \
        (what, r.status_code)
    if r.status_code >= 400:
        ctype = r.headers.get("Content-Type", "")
        assert ctype.startswith("application/problem+json"), (what, r.status_code, ctype,
                                                              r.text[:200])
        p = r.json()
        assert p["status"] == r.status_code and p["type"].startswith("/problems/"), (what, p)
        return p
    return None


def fields_named(problem):
    return {e.get("field") for e in (problem or {}).get("errors", [])}


def raw_body(body, field, bad):
    """The JSON text of body with field's value made of raw (invalid) bytes."""
    marker = "@@HOSTILE%s@@" % secrets.token_hex(4)
    text = json.dumps(dict(body, **{field: marker}), ensure_ascii=False).encode("utf-8")
    return text.replace(marker.encode(), b"x" + bad + b"y")


class Probe:
    def __init__(self, world):
        self.w = world
        self.calls = 0
        self.failures = []

    def attempt(self, fn, *args):
        """Runs one probe; a failed check is recorded and the probe goes on, so one run shows
        every operation that fails."""
        try:
            fn(*args)
        except AssertionError as e:
            self.failures.append(str(e)[:400])

    def call(self, method, path, roles, public, body=None, raw_field=None, bad=None,
             query=""):
        url_path, ctx = self.w.target(method, path)
        client = self.w.client(roles, public, path)
        url = self.w.url + url_path + query
        self.calls += 1
        if raw_field is not None:
            r = send(client, method, url, raw=raw_body(body, raw_field, bad))
        elif body is not None or method in ("POST", "PUT", "PATCH"):
            r = send(client, method, url, json_body=body if body is not None else {})
        else:
            r = send(client, method, url)
        if 200 <= r.status_code < 300:
            self.note_mail(method, path, body, ctx)
        return r

    def note_mail(self, method, path, body, ctx):
        key = (method, path)
        if key not in MAILING:
            return
        field = MAILING[key]
        if field:
            self.w.expected_mail.append((body[field], path))
        elif ctx:
            self.w.expected_mail.append((ctx["responsible_email"], path))


def string_fields(body_schema):
    for name, s in body_schema.items():
        if is_type(s, "string"):
            yield name, s, False
        elif is_type(s, "array") and is_type(resolve(s.get("items", {})), "string"):
            yield name, s, True


def probe_body_field(p, method, path, roles, public, name, schema, is_array, turn):
    """The hostile values for one string field (or array of strings) of one operation."""
    what = "%s %s %s" % (method, path, name)
    w = p.w
    limit = schema.get("maxLength")
    wrap = (lambda v: ["127.0.0.1/32", v] if name == "entries" else [v]) if is_array else \
        (lambda v: v)

    def body_with(v):
        return dict(w.base_body(method, path), **{name: wrap(v)})

    # Raw invalid and overlong UTF-8 in the body: the JSON is refused as a whole.
    for bad in (RAW_BAD[turn % len(RAW_BAD)], RAW_BAD[(turn + 2) % len(RAW_BAD)]):
        base = w.base_body(method, path)
        if is_array:
            marker_body = dict(base, **{name: ["@@"]})
            text = json.dumps(marker_body, ensure_ascii=False).encode()
            raw = text.replace(b'"@@"', b'"x' + bad + b'"')
            url_path, _ = w.target(method, path)
            r = send(w.client(roles, public, path), method, w.url + url_path, raw=raw)
        else:
            r = p.call(method, path, roles, public, body=base, raw_field=name, bad=bad)
        prob = judge(r, (what, "raw", bad))
        assert r.status_code == 400 and prob["type"] == "/problems/malformed-json", \
            (what, bad, r.status_code, r.text[:200])
    # An embedded NUL is refused and the field named.
    r = p.call(method, path, roles, public, body=body_with("ab\u0000cd"))
    prob = judge(r, (what, "NUL"))
    assert r.status_code == 400 and name in fields_named(prob), (what, "NUL", r.text[:300])
    if is_array or not limit:
        return
    # One character over the limit: refused, naming the field, however few bytes.
    r = p.call(method, path, roles, public, body=body_with(multibyte(limit + 1)))
    prob = judge(r, (what, "over"))
    assert r.status_code == 400 and name in fields_named(prob), (what, "over", limit,
                                                                  r.text[:300])
    # Exactly at the limit in characters (up to 4 times as many bytes): free text is accepted;
    # a field with a format (codes, addresses, dates, enums) may refuse the text, never fail.
    r = p.call(method, path, roles, public, body=body_with(multibyte(limit)))
    prob = judge(r, (what, "at limit"))
    if name in FREE_TEXT:
        assert name not in fields_named(prob), (what, "at limit", limit, r.text[:300])
        if (method, path) in CREATING:
            assert 200 <= r.status_code < 300, (what, "at limit", r.status_code, r.text[:300])
        else:
            assert r.status_code != 400 or prob["type"] != "/problems/invalid-field", \
                (what, "at limit", r.text[:300])
    # Formula prefixes and CR/LF in names: stored as text or refused, never a failure.
    if name in NAME_FIELDS:
        for v in (FORMULAS[turn % len(FORMULAS)] + "株式会社", CRLF):
            judge(p.call(method, path, roles, public, body=body_with(v)), (what, v))


def probe_query(p, method, path, roles, public, params, turn):
    """Hostile values for each query parameter that takes text."""
    for prm in params:
        name = prm["name"]
        schema = resolve(prm.get("schema", {}))
        values = list(QUERY_BAD)
        if is_type(schema, "string"):
            # Long multibyte text (the tenant search cut it inside a character: M8), formulas,
            # CR/LF.
            values += [requests.utils.quote(multibyte(11)), requests.utils.quote(multibyte(40)),
                       requests.utils.quote(multibyte(300)), requests.utils.quote("=1+2"),
                       "%0d%0aX-Injected:%201"]
        for v in values:
            r = p.call(method, path, roles, public, query="?%s=%s" % (name, v))
            judge(r, (method, path, name, v))


def test_every_documented_operation_survives_hostile_input(world):
    """SLA-17, M8, L2: every field and query parameter of every documented operation, as the
    role it needs; no 5xx, no dropped connection, 4xx as problem+json naming the field."""
    p = Probe(world)
    world.applications.append(world.pending_application())
    started = time.time()
    covered = set()
    turn = 0
    for method, path, body, query, roles, public in operations():
        if path == "/api/v1/auth/logout":
            continue  # below, with a session of its own
        for name, schema, is_array in string_fields(body):
            p.attempt(probe_body_field, p, method, path, roles, public, name, schema, is_array,
                      turn)
            turn += 1
            covered.add((method, path))
        if query:
            p.attempt(probe_query, p, method, path, roles, public, query, turn)
            covered.add((method, path))
    # Every operation once more with a hostile query string and, for those with a body, a body
    # that is not JSON at all; the ids are ones of nothing the probe owns when the call would
    # destroy something.
    for method, path, body, query, roles, public in operations():
        client = world.client(roles, public, path)
        if path == "/api/v1/auth/logout":
            client = world.srv.login("admin")
        target = re.sub(r"{\w+}", "999999999", path) if method in ("DELETE", "POST") else \
            world.target(method, path)[0]
        if "{kind}" in path:
            target = path.replace("{kind}", "terms")
        url = world.url + target + "?%ff=%fe&x=%00&%c0%af=1"
        p.attempt(lambda: judge(send(client, method, url, raw=b'{"a":"\xff"}' if body else None),
                                (method, path, "sweep")))
        covered.add((method, path))
    every = {(m, pth) for m, pth, *_ in operations()}
    assert covered == every
    elapsed = time.time() - started
    print("hostile probe: %d calls in %.1f s, %d failed" % (p.calls, elapsed, len(p.failures)))
    assert not p.failures, "\n".join(p.failures[:40])


def test_acknowledged_mail_reaches_the_relay(world):
    """TOS-21, L4: every request acknowledged with 2xx that queues a mail (receipts of
    applications, invitations, refusals and approvals, also with names and messages at their
    length limit in multibyte text) has its mail delivered by the relay."""
    assert world.expected_mail, "the probe acknowledged no mailing request"
    # A last application with every free-text field at its limit in 4-byte characters (the
    # receipt was formatted into 1 KiB and lost when cut inside a character: L4).
    body = dict(application(world.cat, unique("LM").upper()),
                company_name="𠮷" * 200, address="𠮷" * 300, responsible_name="𠮷" * 100,
                responsible_email=unique("limit") + "@hostile.example.jp")
    app = world.confirmed(body)
    assert app["company_name"] == body["company_name"]
    r = world.op.post(world.url + "/api/v1/applications/%d/refuse" % app["id"],
                      json={"reason": "other", "message": multibyte(2000)})
    assert r.status_code == 200, r.text
    deadline = time.time() + 30
    missing = []
    while time.time() < deadline:
        with world.sink.lock:
            got = {}
            for e in world.sink.envelopes:
                for rcpt in e.rcpt_tos:
                    got[rcpt] = got.get(rcpt, 0) + 1
        need = {}
        for rcpt, _ in world.expected_mail:
            need[rcpt] = need.get(rcpt, 0) + 1
        missing = [(rc, n - got.get(rc, 0)) for rc, n in need.items() if got.get(rc, 0) < n]
        if not missing:
            break
        time.sleep(0.2)
    assert not missing, "acknowledged but never sent: %s" % missing[:10]
    # Nothing sits failed in the outbox either, and nothing went to an injected address.
    items = world.op.get(world.url + "/api/v1/mail", params={"limit": 500}).json()["items"]
    assert not [m for m in items if m["status"] == "failed"]
    with world.sink.lock:
        assert not [e for e in world.sink.envelopes
                    if any("evil.example.jp" in x for x in e.rcpt_tos)]
