"""Edits of staff accounts and of contractors' registered particulars (issue 10 item 5): an
operator admin edits a staff member's name and roles, keeping one operator admin (MARK-7-1-1),
audited, and the sessions of an account whose rights shrink lose them at their next request
(CHK-13); the operator enters a contractor's notified change of particulars (Art. 10, TOS-4,
TOS-14), sealed, audited, and told to the responsible person in the portal and by mail."""
import datetime

import requests

from conftest import unique
from tenancy import create_tenant, user_session

STRONG = "Staff-Edit-Passw0rd-2026!"


def events(server, action):
    return server.sql("SELECT target, details FROM audit_events WHERE action = ? ORDER BY seq",
                      action)


def staff_session(server, login, pw):
    s = requests.Session()
    r = s.post(server.url + "/api/v1/auth/login", json={"login": login, "password": pw})
    assert r.status_code == 200, r.text
    s.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    c = s.post(server.url + "/api/v1/me/password",
               json={"current_password": pw, "new_password": STRONG})
    assert c.status_code == 204, c.text
    return s


def test_staff_name_and_roles_are_edited_and_audited(server, admin):
    """Item 5 (finding: staff roles could not be edited): PATCH /staff/{id} changes the name and
    roles, audits staff.update with old and new values, and refuses unknown or mixed roles."""
    login = unique("ed")
    made = admin.post(server.url + "/api/v1/staff", json={"login": login, "roles": ["support"]})
    assert made.status_code == 201, made.text
    sid = made.json()["staff"]["id"]
    r = admin.patch(server.url + "/api/v1/staff/%d" % sid,
                    json={"display_name": "編集 花子", "roles": ["support", "auditor"]})
    assert r.status_code == 200, r.text
    st = r.json()["staff"]
    assert st["display_name"] == "編集 花子" and sorted(st["roles"]) == ["auditor", "support"], st
    got = admin.get(server.url + "/api/v1/staff/%d" % sid).json()["staff"]
    assert sorted(got["roles"]) == ["auditor", "support"]
    audit = [d for t, d in events(server, "staff.update") if t == "staff:%d" % sid]
    assert audit and "編集 花子" in audit[-1] and "auditor" in audit[-1], audit
    bad = admin.patch(server.url + "/api/v1/staff/%d" % sid, json={"roles": ["shop"]})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "roles", bad.text
    bad = admin.patch(server.url + "/api/v1/staff/%d" % sid, json={"roles": ["root"]})
    assert bad.status_code == 400, bad.text
    assert admin.patch(server.url + "/api/v1/staff/999999999",
                       json={"roles": ["support"]}).status_code == 404


def test_the_last_operator_admin_keeps_the_admin_role(server, admin):
    """Item 5, MARK-7-1-1: the last active operator admin cannot lose the admin role (409
    last-operator-admin); with a second admin it can, and nothing else changed on refusal."""
    me = admin.get(server.url + "/api/v1/me").json()
    r = admin.patch(server.url + "/api/v1/staff/%d" % me["id"], json={"roles": ["support"]})
    assert r.status_code == 409 and r.json()["type"].endswith("/last-operator-admin"), r.text
    mine = admin.get(server.url + "/api/v1/staff/%d" % me["id"]).json()["staff"]
    assert "admin" in mine["roles"]
    login = unique("ad")
    made = admin.post(server.url + "/api/v1/staff", json={"login": login, "roles": ["admin"]})
    sid = made.json()["staff"]["id"]
    r = admin.patch(server.url + "/api/v1/staff/%d" % sid, json={"roles": ["auditor"]})
    assert r.status_code == 200 and r.json()["staff"]["roles"] == ["auditor"], r.text


def test_a_session_loses_rights_taken_away_at_its_next_request(server, admin):
    """Item 5, CHK-13: an admin's session whose account is made an auditor can no longer manage
    staff at its very next request; no new login needed."""
    login = unique("sh")
    made = admin.post(server.url + "/api/v1/staff", json={"login": login, "roles": ["admin"]})
    sid = made.json()["staff"]["id"]
    s = staff_session(server, login, made.json()["initial_password"])
    before = s.patch(server.url + "/api/v1/staff/%d" % sid, json={"display_name": "権限 太郎"})
    assert before.status_code == 200, before.text
    r = admin.patch(server.url + "/api/v1/staff/%d" % sid, json={"roles": ["auditor"]})
    assert r.status_code == 200, r.text
    after = s.patch(server.url + "/api/v1/staff/%d" % sid, json={"display_name": "権限 次郎"})
    assert after.status_code == 403, after.text
    assert s.get(server.url + "/api/v1/staff/%d" % sid).status_code == 200  # auditors read


def test_the_operator_edits_a_tenants_particulars_sealed_audited_and_told(server, admin):
    """Item 5, TOS-4, TOS-14: PATCH /tenants/{id} records the notified change (late when the
    notice came fewer than 30 days ahead), stores the personal values sealed, audits
    tenant.details_edit without personal values, and tells the responsible person in the portal
    and by mail in the tenant's language, addressed with 様; the previous address is told too."""
    code = unique("TE").upper()
    t = create_tenant(server, admin, code, "変更前株式会社")
    tid = t["tenant"]["id"]
    old_email = t["tenant"]["responsible"]["email"]
    today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=9))).date()
    early = (today - datetime.timedelta(days=40)).isoformat()
    r = admin.patch(server.url + "/api/v1/tenants/%d" % tid, json={
        "name": "変更後株式会社", "address": "東京都港区芝公園4-2-8", "phone": "03-1234-5678",
        "responsible_name": "新任 次郎", "responsible_email": "jiro@example.jp",
        "notified_on": early})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["tenant"]["name"] == "変更後株式会社" and not body["late_notice"], body
    assert body["tenant"]["responsible"]["email"] == "jiro@example.jp"
    assert set(body["changed"]) == {"name", "address", "phone", "responsible_name",
                                    "responsible_email"}
    row = server.sql("SELECT address, phone, responsible_name, responsible_email FROM tenants "
                     "WHERE id = ?", tid)[0]
    assert all(v.startswith("an1:") for v in row), row
    audit = [d for tg, d in events(server, "tenant.details_edit") if tg == "tenant:%d" % tid]
    assert audit and "芝公園" not in audit[-1] and "jiro@" not in audit[-1], audit
    assert '"late_notice":false' in audit[-1].replace(" ", ""), audit
    out = [m for m in server.outbox() if m["to_addr"] == "jiro@example.jp"]
    assert out and out[-1]["body_text"].startswith("新任 次郎 様"), out
    assert "東京都港区芝公園4-2-8" in out[-1]["body_text"]
    assert [m for m in server.outbox() if m["to_addr"] == old_email
            and "新任 次郎" in m["body_text"]], "the previous responsible person is told"
    ta = user_session(server, code, "admin1", t["initial_password"])
    notices = ta.get(server.url + "/api/v1/notices").json()["items"]
    assert [n for n in notices if "ご登録内容" in n["title"]], notices
    # A notice that came today for a change today is late (TOS-4: 30 days ahead).
    r = admin.patch(server.url + "/api/v1/tenants/%d" % tid, json={"phone": "03-9999-0000"})
    assert r.status_code == 200 and r.json()["late_notice"] and r.json()["changed"] == ["phone"]


def test_tenant_edits_are_checked_field_by_field(server, admin):
    """Item 5: nothing to change, a bad address or a notice day in the future is refused with the
    field named; an unknown tenant is 404; a non-admin operator cannot edit."""
    t = create_tenant(server, admin, unique("TF").upper(), "検査株式会社")
    url = server.url + "/api/v1/tenants/%d" % t["tenant"]["id"]
    for body, field in (({"name": "検査株式会社"}, "name"),
                        ({"responsible_email": "nope"}, "responsible_email"),
                        ({"phone": "03-1111-2222", "notified_on": "2999-01-01"}, "notified_on")):
        r = admin.patch(url, json=body)
        assert r.status_code == 400 and r.json()["errors"][0]["field"] == field, r.text
    assert admin.patch(server.url + "/api/v1/tenants/999999999",
                       json={"name": "x"}).status_code == 404
    login = unique("sp")
    made = admin.post(server.url + "/api/v1/staff", json={"login": login, "roles": ["support"]})
    s = staff_session(server, login, made.json()["initial_password"])
    assert s.patch(url, json={"name": "支援株式会社"}).status_code == 403
