"""Provider-side reset (SLA-30): the operator's support staff force a tenant user's password
reset for a stated reason; the user's sessions end, the tenant's log records it, and the tenant's
responsible person is told by mail, which carries no password. The user chooses the new password
from a set-password link mailed to the user's own address; only a user without an address gets a
one-time password through the operator."""
import requests

from conftest import unique
from market import link_token
from tenancy import NEW_PASSWORD, create_tenant, user_login, user_session

# Reading a tenant's mail needs a stated reason (WP-18): these reads give one.
REASON = {"X-Access-Reason": "TEST-READ"}


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
    # The admin has an address: a set-password link goes there; the operator sees no password.
    assert "initial_password" not in r.json() and r.json()["password_link"]["id"], r.text
    assert s.get(server.url + "/api/v1/me").status_code == 401  # its sessions ended
    assert user_login(server, cc, "admin1", NEW_PASSWORD).status_code == 401  # old one dead
    email = server.outbox(template="password_link")[-1]["to_addr"]  # the users table holds it sealed
    tok = link_token(server, admin, email, "password_link")
    pw = "Reset-Passw0rd-2026!x"
    r = requests.post(server.url + "/api/v1/password-links/use", json={"token": tok, "password": pw})
    assert r.status_code == 200, r.text
    again = user_login(server, cc, "admin1", pw)
    assert again.status_code == 200 and again.json()["password_change_required"] is False

    events = server.sql("SELECT action, details FROM audit_events WHERE tenant_id = ? AND target = ? ORDER BY at",
                        tid, "user:%d" % uid)
    assert [e[0] for e in events if e[0] in ("user.password_reset", "user.provider_reset")] == \
        ["user.password_reset", "user.provider_reset"]
    assert "TICKET-42" in [e[1] for e in events if e[0] == "user.provider_reset"][0]
    mails = [m for m in admin.get(server.url + "/api/v1/mail", params={"limit": 500}).json()["items"]
             if m["to"] == t["tenant"].get("responsible_email", "owner@%s.example.jp" % cc.lower())]
    bodies = [admin.get(server.url + "/api/v1/mail/%d" % m["id"], headers=REASON).json()["mail"] for m in mails]
    notice = [b for b in bodies if "パスワード再設定のお知らせ" in b["subject"]]
    assert len(notice) == 1
    assert "admin1" in notice[0]["body_text"] and "TICKET-42" in notice[0]["body_text"]
    assert pw not in notice[0]["body_text"]


def test_provider_reset_mails_the_user_a_link_in_the_users_language(server, admin):
    """SLA-30: the link mail is addressed to the user with 様 in Japanese, carries the link and no
    password; the operator's answer holds no password; the tenant notice says a link was sent."""
    cc = unique("PL").upper()
    t = create_tenant(server, admin, cc, "案内株式会社")
    tid = t["tenant"]["id"]
    ta = user_session(server, cc, "admin1", t["initial_password"])
    u = ta.post(server.url + "/api/v1/users", json={"login": "suzuki", "email": "suzuki@pl.example.jp",
                                                    "display_name": "鈴木 花子"}).json()["user"]
    sup_login = unique("sup")
    server.create_staff(sup_login, roles="support")
    sup = server.login(sup_login)
    r = sup.post(server.url + "/api/v1/tenants/%d/users/%d/password-reset" % (tid, u["id"]),
                 headers={"X-Access-Reason": "TICKET-77"})
    assert r.status_code == 200 and "initial_password" not in r.json(), r.text
    body = server.outbox("suzuki@pl.example.jp", "password_link")[-1]["body_text"]
    assert body.startswith("鈴木 花子 様") and "/set-password#token=" in body, body
    notice = server.outbox("owner@%s.example.jp" % cc.lower())[-1]["body_text"]
    assert "suzuki" in notice and "TICKET-77" in notice and "set-password" not in notice
    # Two links issued in all: the invitation when the user was registered, then this one.
    assert server.sql("SELECT COUNT(*) FROM audit_events WHERE tenant_id = ? AND action = "
                      "'password_link.issue' AND target = ?", tid, "user:%d" % u["id"])[0][0] == 2


def test_provider_reset_of_a_user_without_an_address_gives_a_one_time_password(server, admin):
    """SLA-30: no address to send a link to: the operator gets a one-time password, as before,
    to be changed at the next login."""
    cc = unique("PN").upper()
    t = create_tenant(server, admin, cc, "仮株式会社")
    tid = t["tenant"]["id"]
    ta = user_session(server, cc, "admin1", t["initial_password"])
    r = ta.post(server.url + "/api/v1/users", json={"login": "noaddr", "email": "x@pn.example.jp"})
    assert r.status_code == 201, r.text
    uid = r.json()["user"]["id"]
    # An account from before addresses were required (the API no longer makes one without).
    server.sql("UPDATE users SET email = '' WHERE id = ?", uid)
    sup_login = unique("sup")
    server.create_staff(sup_login, roles="support")
    sup = server.login(sup_login)
    r = sup.post(server.url + "/api/v1/tenants/%d/users/%d/password-reset" % (tid, uid),
                 headers={"X-Access-Reason": "TICKET-78"})
    assert r.status_code == 200 and "password_link" not in r.json(), r.text
    again = user_login(server, cc, "noaddr", r.json()["initial_password"])
    assert again.status_code == 200 and again.json()["password_change_required"] is True
