"""Personal data sealed per tenant (issue 14 item 1: SLA-15, CHK-18, WP-13) and shredded with
the tenant's key (SLA-14, CHK-17): distinctive names and addresses appear nowhere in the SQLite
file, its WAL, or a pg_dump, while login, the user list, the operator's tenant view, mail and
the personal-data lookup still work; the data backup carries no key, so after a deletion an
older backup restored with the current key backup shows the deleted tenant's personal fields
unreadable and the other tenant's intact."""
import glob
import json
import os
import subprocess

from conftest import DRIVER, unique
from tenancy import create_tenant, first_password, user_session
from test_backup import drop_databases, own_database, restore, run  # noqa: F401 (fixture)

NAME, MAIL = "機密太郎", "kimitsu@example.jp"
USER_NAME, USER_MAIL = "機密花子", "kimitsu.hanako@example.jp"


def tenant_with_people(srv, alice, code, responsible, email, user_name, user_mail):
    r = alice.post(srv.url + "/api/v1/tenants", json={
        "company_code": code, "name": "秘匿株式会社" + code, "responsible_name": responsible,
        "responsible_email": email, "admin_login": "admin1"})
    assert r.status_code == 201, r.text
    t = r.json()
    ta = user_session(srv, code, "admin1", t["initial_password"])
    u = ta.post(srv.url + "/api/v1/users", json={
        "login": "taro", "display_name": user_name, "email": user_mail})
    assert u.status_code == 201, u.text
    return t, ta, u.json()


def stored_bytes(srv):
    """Everything the store holds: the SQLite file and its WAL, or a pg_dump of the schema."""
    if DRIVER == "postgres":
        # The server's own database (own_database): pg_dump of a schema in the shared test
        # database would read the catalogue of every test schema there, for a minute.
        out = subprocess.run(["pg_dump", srv.env["ANSHIN_STORE_URL"]], capture_output=True,
                             check=True)
        return {"pg_dump": out.stdout}
    got = {}
    for suffix in ("", "-wal"):
        p = os.path.join(srv.dir, "anshin.db" + suffix)
        if os.path.exists(p):
            got["anshin.db" + suffix] = open(p, "rb").read()
    assert "anshin.db-wal" in got, "the server runs in WAL mode: the WAL is checked too"
    return got


def test_distinctive_values_appear_nowhere_in_the_store(make_server):
    """SLA-15, CHK-18, WP-13: 「機密太郎」, kimitsu@example.jp and the user's own name and address
    are in no byte of the database file, its WAL or a PostgreSQL dump; the user list, login, the
    operator's tenant view, the mails and the personal-data lookup by address still show them."""
    srv = own_database(make_server)
    srv.create_staff("alice")
    srv.start()
    alice = srv.login("alice")
    code = unique("M").upper()
    t, ta, u = tenant_with_people(srv, alice, code, NAME, MAIL, USER_NAME, USER_MAIL)
    listed = ta.get(srv.url + "/api/v1/users").json()["items"]
    assert {(x["display_name"], x["email"]) for x in listed if x["login"] == "taro"} == \
        {(USER_NAME, USER_MAIL)}
    us = user_session(srv, code, "taro", first_password(srv, u))
    me = us.get(srv.url + "/api/v1/me").json()
    assert me.get("display_name", USER_NAME) == USER_NAME
    view = alice.get(srv.url + "/api/v1/tenants/%d" % t["tenant"]["id"])
    assert view.status_code == 200 and NAME in view.text and MAIL in view.text
    assert srv.outbox(USER_MAIL) and srv.outbox(MAIL), "both were sent their invitation"
    assert USER_NAME in srv.outbox(USER_MAIL)[0]["body_text"]
    for where, data in stored_bytes(srv).items():
        for value in (NAME, MAIL, USER_NAME, USER_MAIL):
            assert value.encode() not in data, "%s found in %s" % (value, where)
    census = json.loads(srv.cli("seal", "status").stdout)
    assert census["totals"]["plaintext"] == 0 and census["totals"]["unreadable"] == 0


def test_seal_migrate_seals_plaintext_rows_once_and_resumes(make_server):
    """SLA-15: rows written in plaintext before sealing (put back here behind the server's back)
    are sealed by `anshin seal migrate`; a second run finds nothing; the values read the same."""
    srv = own_database(make_server)
    srv.create_staff("alice")
    srv.start()
    alice = srv.login("alice")
    code = unique("P").upper()
    t, ta, u = tenant_with_people(srv, alice, code, NAME, MAIL, USER_NAME, USER_MAIL)
    srv.sql("UPDATE users SET display_name = ?, email = ?, email_bidx = '' WHERE id = ?",
            "平文次郎", "hirabun@example.jp", u["user"]["id"])
    assert json.loads(srv.cli("seal", "status").stdout)["totals"]["plaintext"] == 2
    first = srv.cli("seal", "migrate")
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["users"] == 1
    again = json.loads(srv.cli("seal", "migrate").stdout)
    assert again == {"users": 0, "tenants": 0, "mails": 0}
    assert json.loads(srv.cli("seal", "status").stdout)["totals"]["plaintext"] == 0
    got = ta.get(srv.url + "/api/v1/users/%d" % u["user"]["id"]).json()
    got = got.get("user", got)
    assert (got["display_name"], got["email"]) == ("平文次郎", "hirabun@example.jp")
    assert b"hirabun@example.jp" not in b"".join(stored_bytes(srv).values())


def test_an_older_backup_after_deletion_shows_the_tenant_unreadable(make_server):
    """SLA-14, SLA-15, CHK-17: the data backup holds no key; after a tenant's deletion an older
    data backup restored with the newest key backup shows that tenant's personal fields
    unreadable and the other tenant's readable; restored without keys nothing of a tenant
    reads."""
    srv = own_database(make_server)
    for login in ("alice", "bob"):
        srv.create_staff(login)
    srv.start()
    alice = srv.login("alice")
    gone, kept = unique("G").upper(), unique("K").upper()
    tg = tenant_with_people(srv, alice, gone, NAME, MAIL, USER_NAME, USER_MAIL)[0]
    tk = tenant_with_people(srv, alice, kept, "存続一郎", "sonzoku@example.jp", "存続二郎",
                            "sonzoku.jiro@example.jp")[0]
    r = run(srv, "backup", "run")
    assert r.returncode == 0, r.stderr
    [old] = glob.glob(os.path.join(srv.dir, "var", "backups", "*.anb"))
    r = run(srv, "erase", "request", "--tenant", gone, "--reason", "契約者からの削除依頼",
            "--as", "alice")
    assert r.returncode == 0, r.stderr
    req = int(r.stdout.split('"request_id": ')[1].split(",")[0])
    r = run(srv, "erase", "approve", str(req), "--as", "bob")
    assert r.returncode == 0, r.stderr
    r = run(srv, "backup", "run")
    assert r.returncode == 0, r.stderr
    keys = sorted(glob.glob(os.path.join(srv.dir, "var", "backups", "anshin-keys-*.ank")))
    assert len(keys) == 2
    gone_id, kept_id = str(tg["tenant"]["id"]), str(tk["tenant"]["id"])

    def census_of(where):
        env = {"ANSHIN_STORE_URL": where} if DRIVER == "postgres" else \
            {"ANSHIN_STORE_PATH": os.path.join(where, "anshin.db")}
        r = run(srv, "seal", "status", env=env)
        assert r.returncode == 0, r.stderr
        return json.loads(r.stdout)["tenants"]

    r, where = restore(srv, old)
    assert r.returncode == 0, r.stdout + r.stderr
    bare = census_of(where)
    assert all(c["readable"] == 0 for t, c in bare.items() if t != "0"), bare

    # The same old backup, now with the key backup taken after the deletion.
    res, where = restore_with_keys(srv, old, keys[-1])
    assert res.returncode == 0, res.stdout + res.stderr
    c = census_of(where)
    assert c[gone_id]["unreadable"] > 0 and c[gone_id]["readable"] == 0, c
    assert c[kept_id]["readable"] > 0 and c[kept_id]["unreadable"] == 0, c


def restore_with_keys(srv, path, keys):
    from test_backup import scratch_url
    import tempfile
    if DRIVER == "postgres":
        url = scratch_url()
        return run(srv, "restore", "--backup", path, "--into-url", url, "--keys", keys), url
    where = tempfile.mkdtemp(prefix="anshin-restore-")
    return run(srv, "restore", "--backup", path, "--into", where, "--keys", keys), where
