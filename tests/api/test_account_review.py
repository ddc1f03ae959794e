"""Account review (棚卸, WP-24): every account with its roles, privileged rights, last login,
second-factor state and dormancy, as JSON and CSV; the review recorded with who and when, and due
again after the tenant's interval; the operator reviews its staff."""
from conftest import unique
from tenancy import create_tenant, user_session

DAY_US = 86400 * 1000000


def test_a_tenant_reviews_its_accounts(server, admin):
    """WP-24: dormant after 90 days (or the asked number), privileged rights named, CSV, done."""
    cc = unique("AR").upper()
    t = create_tenant(server, admin, cc, "棚卸株式会社")
    a = user_session(server, cc, "admin1", t["initial_password"])
    a.post(server.url + "/api/v1/users", json={"login": "kimura", "email": "kimura@example.jp"})
    server.sql("UPDATE users SET created_at = created_at - ? WHERE login = 'kimura' AND tenant_id = ?",
               100 * DAY_US, t["tenant"]["id"])
    r = a.get(server.url + "/api/v1/account-review").json()
    by = {x["login"]: x for x in r["accounts"]}
    assert r["dormant_days"] == 90 and r["review"]["due"] is True and r["review"]["done_at"] is None
    assert by["kimura"]["dormant"] is True and by["kimura"]["last_login_at"] is None
    assert by["admin1"]["dormant"] is False and by["admin1"]["mfa"] is False
    assert "users.manage" in by["admin1"]["privileged"] and by["kimura"]["privileged"] == []
    assert a.get(server.url + "/api/v1/account-review", params={"dormant_days": 200}).json()["accounts"][1]["dormant"] is False
    assert a.get(server.url + "/api/v1/account-review", params={"dormant_days": 0}).status_code == 400
    csv = a.get(server.url + "/api/v1/account-review.csv")
    assert csv.status_code == 200
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "ユーザーID,名前,状態,ロール,権限,特権,最終ログイン(UTC),二要素認証,休眠"
    assert any(line.startswith('"kimura"') and line.endswith('"yes"') for line in lines)
    done = a.post(server.url + "/api/v1/account-review/done")
    assert done.status_code == 200 and done.json()["done_by"] == "admin1" and done.json()["due"] is False
    # The operator reviews its own staff; a member of no privilege cannot.
    staff = admin.get(server.url + "/api/v1/account-review").json()
    assert "admin" in [x["login"] for x in staff["accounts"]] and "review" not in staff
