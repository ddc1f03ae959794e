"""Audit log viewer (CHK-7, WP-18, SLA-9, SLA-20): tenant admins see their own tenant's events,
filtered by user, action and period, and export CSV (UTF-8 with BOM); operator auditors see all;
the export itself is audited."""
import csv
import io

import requests

from conftest import unique
from tenancy import create_tenant, user_login, user_session, first_password


def test_tenant_admin_sees_only_their_tenant(server, admin):
    a = create_tenant(server, admin, unique("VA").upper(), "監査甲")
    b = create_tenant(server, admin, unique("VB").upper(), "監査乙")
    sa = user_session(server, a["tenant"]["company_code"], "admin1", a["initial_password"])
    user_session(server, b["tenant"]["company_code"], "admin1", b["initial_password"])
    user_login(server, a["tenant"]["company_code"], "admin1", "Wrong-Passw0rd!")
    items = sa.get(server.url + "/api/v1/audit/events", params={"limit": 500}).json()["items"]
    assert items and all(e["tenant_id"] == a["tenant"]["id"] for e in items)
    actions = [(e["action"], e["outcome"]) for e in items]
    assert ("auth.login", "failure") in actions and ("auth.password_change", "success") in actions
    # Asking for B's events changes nothing: a tenant user's view is fixed to its tenant.
    other = sa.get(server.url + "/api/v1/audit/events",
                   params={"tenant_id": b["tenant"]["id"]}).json()["items"]
    assert all(e["tenant_id"] == a["tenant"]["id"] for e in other)
    only = sa.get(server.url + "/api/v1/audit/events",
                  params={"user": "admin1", "action": "auth.login"}).json()["items"]
    assert only and all(e["action"] == "auth.login" and e["actor"] == "admin1" for e in only)
    future = sa.get(server.url + "/api/v1/audit/events", params={"from": "2099-01-01"}).json()
    assert future["items"] == []
    assert sa.get(server.url + "/api/v1/audit/events", params={"from": "yesterday"}).status_code == 400


def test_csv_export_has_a_bom_and_is_audited(server, admin):
    t = create_tenant(server, admin, unique("VC").upper(), "CSV株式会社")
    s = user_session(server, t["tenant"]["company_code"], "admin1", t["initial_password"])
    r = s.get(server.url + "/api/v1/audit/events.csv")
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in r.headers["Content-Disposition"]
    assert r.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][0] == "連番" and rows[0][1] == "日時(JST)"
    assert any(row[5] == "auth.password_change" for row in rows[1:])
    assert all(row[1].endswith("+09:00") for row in rows[1:])
    again = s.get(server.url + "/api/v1/audit/events", params={"action": "data.download"}).json()
    assert again["items"] and again["items"][0]["target"] == "audit_events"


def test_operator_auditor_sees_all_and_members_see_nothing(server, admin):
    t = create_tenant(server, admin, unique("VD").upper(), "全体株式会社")
    auditor = unique("aud")
    server.create_staff(auditor, roles="auditor")
    au = server.login(auditor)
    items = au.get(server.url + "/api/v1/audit/events",
                   params={"tenant_id": t["tenant"]["id"]}).json()["items"]
    assert items and all(e["tenant_id"] == t["tenant"]["id"] for e in items)
    all_items = au.get(server.url + "/api/v1/audit/events", params={"limit": 500}).json()["items"]
    assert any(e["tenant_id"] is None for e in all_items)  # operator events too
    s = user_session(server, t["tenant"]["company_code"], "admin1", t["initial_password"])
    m = s.post(server.url + "/api/v1/users", json={"login": "member1", "email": "m@x.example.jp"}).json()
    ms = user_session(server, t["tenant"]["company_code"], "member1", first_password(server, m))
    assert ms.get(server.url + "/api/v1/audit/events").status_code == 403
    support = unique("sup")
    server.create_staff(support, roles="support")
    assert server.login(support).get(server.url + "/api/v1/audit/events").status_code == 403


def test_csv_cells_never_start_a_formula(server, admin):
    """L1 (issue 8): an anonymous failed login named like a spreadsheet formula is written to the
    audit CSV with a leading apostrophe, so Excel shows it as text instead of running it. CHK-7."""
    bad = '=HYPERLINK("http://x")'
    r = requests.post(server.url + "/api/v1/auth/login", json={"login": bad, "password": "x"})
    assert r.status_code == 401
    for prefix in ("+1", "-1", "@SUM(A1)", "\t=1", "\r=1"):
        requests.post(server.url + "/api/v1/auth/login", json={"login": prefix + unique("f"),
                                                              "password": "x"})
    r = admin.get(server.url + "/api/v1/audit/events.csv", params={"action": "auth.login"})
    assert r.status_code == 200, r.text
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    cells = [c for row in rows[1:] for c in row]
    assert "'" + bad in cells
    assert not any(c[:1] in ("=", "+", "-", "@", "\t", "\r") for c in cells), \
        [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
def test_csv_export_neutralises_formulas_from_login_names(server, admin):
    """L1 (issue 8), CHK-7: a login name is chosen by whoever tries to sign in, and the failed
    attempt is audited under it. In the CSV export a field starting with = + - @ (or TAB, CR)
    must reach the spreadsheet as text: it is prefixed with ', never left to run as a formula."""
    code = create_tenant(server, admin, unique("VF").upper(), "数式株式会社")["tenant"]["company_code"]
    hostile = ["=HYPERLINK(\"http://x.example/\",\"x\")", "+1+1", "-2+3", "@SUM(1+1)"]
    for login in hostile:
        assert user_login(server, code, login, "Wrong-Passw0rd!").status_code == 401
    # Attempts on unknown logins belong to no tenant: the operator's export has them.
    r = admin.get(server.url + "/api/v1/audit/events.csv",
                  params={"action": "auth.login", "limit": 500})
    assert r.status_code == 200
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    fields = [f for row in rows[1:] for f in row]
    assert not any(f[:1] in ("=", "+", "-", "@", "\t", "\r") for f in fields)
    for login in hostile:
        assert "'" + login in fields, login
