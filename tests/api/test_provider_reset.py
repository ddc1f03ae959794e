"""Provider-side reset (SLA-30): the operator's support staff force a tenant user's password
reset for a stated reason; the user's sessions end, the tenant's log records it, and the tenant's
responsible person is told by mail, which carries no password."""
from conftest import unique
from tenancy import create_tenant, user_login, user_session


def test_support_staff_reset_a_locked_out_admin(server, admin):
    """SLA-30: reason required; reset works, audited for the tenant, the tenant notified."""
    cc = unique("PR").upper()
    t = create_tenant(server, admin, cc, "再設定株式会社")
    tid, uid = t["tenant"]["id"], t["admin"]["id"]
    s = user_session(server, cc, "admin1", t["initial_password"])
    sup_login = unique("sup")
    server.create_staff(sup_login, roles="support")
    sup = server.login(sup_login)
    aud_login = unique("aud")
    server.create_staff(aud_login, roles="auditor")
    aud = server.login(aud_login)
    url = server.url + "/api/v1/tenants/%d/users/%d/password-reset" % (tid, uid)

    r = sup.post(url)
    assert r.status_code == 428 and r.json()["type"] == "/problems/access-reason-required"
    assert aud.post(url, headers={"X-Access-Reason": "TICKET-42"}).status_code == 403
    assert s.post(url, headers={"X-Access-Reason": "TICKET-42"}).status_code == 403
    assert sup.post(server.url + "/api/v1/tenants/%d/users/%d/password-reset" % (tid + 100000, uid),
                    headers={"X-Access-Reason": "TICKET-42"}).status_code == 404

    r = sup.post(url, headers={"X-Access-Reason": "TICKET-42"})
    assert r.status_code == 200, r.text
    pw = r.json()["initial_password"]
    assert s.get(server.url + "/api/v1/me").status_code == 401  # its sessions ended
    again = user_login(server, cc, "admin1", pw)
    assert again.status_code == 200 and again.json()["password_change_required"] is True

    events = server.sql("SELECT action, details FROM audit_events WHERE tenant_id = ? AND target = ? ORDER BY at",
                        tid, "user:%d" % uid)
    assert [e[0] for e in events if e[0] in ("user.password_reset", "user.provider_reset")] == \
        ["user.password_reset", "user.provider_reset"]
    assert "TICKET-42" in [e[1] for e in events if e[0] == "user.provider_reset"][0]
    mails = [m for m in admin.get(server.url + "/api/v1/mail", params={"limit": 500}).json()["items"]
             if m["to"] == t["tenant"].get("responsible_email", "owner@%s.example.jp" % cc.lower())]
    bodies = [admin.get(server.url + "/api/v1/mail/%d" % m["id"]).json()["mail"] for m in mails]
    notice = [b for b in bodies if "パスワード再設定のお知らせ" in b["subject"]]
    assert len(notice) == 1
    assert "admin1" in notice[0]["body_text"] and "TICKET-42" in notice[0]["body_text"]
    assert pw not in notice[0]["body_text"]
