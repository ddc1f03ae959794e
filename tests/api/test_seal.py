"""Personal data sealed per tenant (issue 14 item 1: SLA-15, CHK-18, WP-13) and shredded with
the tenant's key (SLA-14, CHK-17): distinctive names and addresses appear nowhere in the SQLite
file, its WAL, or a pg_dump, while login, the user list, the operator's tenant view, mail and
the personal-data lookup still work; the data backup carries no key, so after a deletion an
older backup restored with the current key backup shows the deleted tenant's personal fields
unreadable and the other tenant's intact."""
import datetime
import glob
import base64
import json
import os
import subprocess

from conftest import DRIVER, scratch_dir, unique
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
    assert again == dict({"users": 0, "tenants": 0, "mails": 0},
                         **{t: 0 for t in MORE_TABLES})
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
    if DRIVER == "postgres":
        url = scratch_url()
        return run(srv, "restore", "--backup", path, "--into-url", url, "--keys", keys), url
    where = scratch_dir("anshin-restore-")
    return run(srv, "restore", "--backup", path, "--into", where, "--keys", keys), where


# The tables sealed beyond users, tenants and mail (store/seal_rows_more.c).
MORE_TABLES = ("applications", "change_requests", "tickets", "ticket_events", "pd_requests",
               "pd_breaches", "pd_breach_notices", "staff", "ops_subscribers",
               "ticket_attachments", "lawful_disclosures")
# One distinctive value per personal field of those tables.
MORE = {"app_name": "申込封印者", "app_mail": "fuuin.app@example.jp", "app_addr": "封印県秘密市1-2-3",
        "app_phone": "09-8765-4321", "change_addr": "封印府変更町9-9", "subject": "封印件名です",
        "body": "封印本文の問い合わせです", "req_name": "依頼封印者", "req_mail": "fuuin.req@example.jp",
        "pdr_name": "請求封印者", "pdr_mail": "fuuin.pdr@example.jp",
        "breach_mail": "fuuin.breach@example.jp", "staff_name": "職員封印者",
        "staff_mail": "fuuin.staff@example.jp", "sub_mail": "fuuin.sub@example.jp",
        "att_name": "封印添付名簿.txt", "disc_authority": "封印警察署生活安全課",
        "disc_basis": "封印法第九十九条", "disc_data": "封印開示データ（担当者の氏名）"}


def fill_more(srv, alice):
    """Writes each value of MORE through the API where it belongs; returns the contractor's
    session and the ids read back later."""
    import requests
    from market import application, confirm_token, setup_catalogue, initial_password
    code = unique("F").upper()
    cat = setup_catalogue(srv, alice, code.lower())
    body = application(cat, code, responsible_name=MORE["app_name"],
                       responsible_email=MORE["app_mail"], address=MORE["app_addr"],
                       phone=MORE["app_phone"])
    assert requests.post(srv.url + "/api/v1/applications", json=body).status_code == 202
    tok = confirm_token(srv, MORE["app_mail"])
    app = requests.post(srv.url + "/api/v1/applications/confirm", json={"token": tok}).json()
    r = alice.post(srv.url + "/api/v1/applications/%d/approve" % app["application"]["id"], json={})
    assert r.status_code == 200, r.text
    tenant_id = r.json()["contract"]["tenant_id"]
    s = user_session(srv, code, "yamada", initial_password(srv, alice, MORE["app_mail"]))
    r = s.post(srv.url + "/api/v1/change-requests", json={
        "kind": "details", "address": MORE["change_addr"],
        "change_on": (datetime.date.today() + datetime.timedelta(days=40)).isoformat()})
    assert r.status_code == 201, r.text
    r = s.post(srv.url + "/api/v1/tickets", json={
        "category": "question", "subject": MORE["subject"], "body": MORE["body"]})
    assert r.status_code == 201, r.text
    r = alice.post(srv.url + "/api/v1/tickets", json={
        "category": "question", "subject": "電話受付", "body": "折り返し希望", "channel": "phone",
        "tenant_id": tenant_id, "requester_name": MORE["req_name"],
        "requester_email": MORE["req_mail"]})
    assert r.status_code == 201, r.text
    r = requests.post(srv.url + "/api/v1/support/personal-data-requests",
                      json={"kind": "disclose", "email": MORE["pdr_mail"], "name": MORE["pdr_name"]})
    assert r.status_code == 201, r.text
    r = alice.post(srv.url + "/api/v1/breaches", json={
        "title": "誤送信", "what_leaked": "氏名", "whose": "利用者", "found_on":
        datetime.date.today().isoformat(), "affected_emails": MORE["breach_mail"]})
    assert r.status_code == 201, r.text
    breach = r.json()["breach"]["id"]
    r = alice.post(srv.url + "/api/v1/breaches/%d/notify" % breach,
                   json={"subject": "お詫び", "body": "お知らせ"})
    assert r.status_code == 200, r.text
    r = alice.post(srv.url + "/api/v1/staff", json={
        "login": unique("st"), "display_name": MORE["staff_name"], "email": MORE["staff_mail"],
        "roles": ["support"]})
    assert r.status_code == 201, r.text
    r = requests.post(srv.url + "/api/v1/status/subscriptions", json={"email": MORE["sub_mail"]})
    assert r.status_code == 202, r.text
    mine = s.get(srv.url + "/api/v1/tickets").json()["items"]
    tid = [t["id"] for t in mine if t["subject"] == MORE["subject"]][0]
    r = s.post(srv.url + "/api/v1/tickets/%d/attachments" % tid, json={
        "filename": MORE["att_name"], "content_type": "text/plain",
        "data_base64": base64.b64encode(b"attached text").decode()})
    assert r.status_code == 201, r.text
    r = alice.post(srv.url + "/api/v1/lawful-disclosures", json={
        "tenant_id": tenant_id, "authority": MORE["disc_authority"],
        "legal_basis": MORE["disc_basis"], "data_disclosed": MORE["disc_data"],
        "disclosed_on": datetime.date.today().isoformat()})
    assert r.status_code == 201, r.text
    return s, breach


def test_more_personal_fields_appear_nowhere_in_the_store(make_server):
    """SLA-15, CHK-18, WP-13, MARK-7-5-2: an applicant's particulars, a change request's
    particulars, a ticket's subject, message and requester, a personal-data request, a breach's
    affected and notified addresses, a staff member's name and address and a status-page
    subscriber's address are in no byte of the SQLite file, its WAL or a pg_dump, and still read
    back in the clear through the API (and a disclosure still finds the ticket by address)."""
    srv = own_database(make_server)
    srv.create_staff("alice")
    srv.start()
    alice = srv.login("alice")
    s, breach = fill_more(srv, alice)
    apps = alice.get(srv.url + "/api/v1/applications").text
    assert MORE["app_name"] in apps and MORE["app_addr"] in apps and MORE["app_phone"] in apps
    assert MORE["change_addr"] in s.get(srv.url + "/api/v1/change-requests").text
    mine = s.get(srv.url + "/api/v1/tickets").json()["items"]
    assert [t["subject"] for t in mine if t["subject"] == MORE["subject"]]
    tid = [t["id"] for t in mine if t["subject"] == MORE["subject"]][0]
    assert MORE["body"] in s.get(srv.url + "/api/v1/tickets/%d" % tid).text
    assert MORE["req_mail"] in alice.get(srv.url + "/api/v1/tickets").text
    assert MORE["pdr_name"] in alice.get(srv.url + "/api/v1/personal-data-requests").text
    b = alice.get(srv.url + "/api/v1/breaches/%d" % breach).json()["breach"]
    assert b["affected_emails"] == MORE["breach_mail"]
    assert [n["email"] for n in b["notices"]] == [MORE["breach_mail"]]
    staff = alice.get(srv.url + "/api/v1/staff").text
    assert MORE["staff_name"] in staff
    assert srv.outbox(MORE["sub_mail"]), "the subscriber was sent the confirmation"
    files = s.get(srv.url + "/api/v1/tickets/%d" % tid).json()["ticket"]["attachments"]
    assert [f["filename"] for f in files] == [MORE["att_name"]]
    got = s.get(srv.url + "/api/v1/tickets/%d/attachments/%d" % (tid, files[0]["id"]))
    assert got.status_code == 200 and got.content == b"attached text"
    assert "%E5%B0%81" in got.headers["Content-Disposition"]  # downloads under its own name
    disc = alice.get(srv.url + "/api/v1/lawful-disclosures").text
    for key in ("disc_authority", "disc_basis", "disc_data"):
        assert MORE[key] in disc, key
    for where, data in stored_bytes(srv).items():
        for key, value in MORE.items():
            assert value.encode() not in data, "%s (%s) found in %s" % (value, key, where)
    census = json.loads(srv.cli("seal", "status").stdout)
    assert census["totals"]["plaintext"] == 0 and census["totals"]["unreadable"] == 0


def test_seal_migrate_seals_the_other_tables_and_keeps_lookups(make_server):
    """SLA-15, MARK-7-5-2: plaintext put back behind the server's back into a ticket (requester
    and message), a staff member and a subscriber is sealed by `anshin seal migrate` with the
    blind index renewed: the contractor's disclosure finds their ticket by address again."""
    srv = own_database(make_server)
    srv.create_staff("alice")
    srv.start()
    alice = srv.login("alice")
    s, _ = fill_more(srv, alice)
    srv.sql("UPDATE tickets SET requester_email = ?, requester_name = ?, requester_bidx = '' "
            "WHERE channel = 'phone'", "hirabun.req@example.jp", "平文依頼者")
    srv.sql("UPDATE tickets SET requester_email = ?, requester_bidx = '' WHERE channel <> 'phone'",
            MORE["app_mail"])
    srv.sql("UPDATE ticket_events SET body = ? WHERE kind = 'message'", "平文の本文です")
    srv.sql("UPDATE staff SET display_name = ? WHERE login = 'alice'", "平文職員")
    srv.sql("UPDATE ops_subscribers SET email = ?, email_bidx = ''", "hirabun.sub@example.jp")
    srv.sql("UPDATE ticket_attachments SET filename = ?", "平文添付.txt")
    srv.sql("UPDATE lawful_disclosures SET authority = ?, legal_basis = ?, data_disclosed = ?",
            "平文警察署", "平文法", "平文開示データ")
    assert json.loads(srv.cli("seal", "status").stdout)["totals"]["plaintext"] > 0
    first = srv.cli("seal", "migrate")
    assert first.returncode == 0, first.stderr
    got = json.loads(first.stdout)
    assert got["tickets"] == 2 and got["staff"] == 1 and got["ops_subscribers"] == 1, got
    assert got["ticket_events"] >= 1, got
    assert got["ticket_attachments"] == 1 and got["lawful_disclosures"] == 1, got
    again = json.loads(srv.cli("seal", "migrate").stdout)
    assert all(v == 0 for v in again.values()), again
    assert json.loads(srv.cli("seal", "status").stdout)["totals"]["plaintext"] == 0
    data = b"".join(stored_bytes(srv).values())
    for value in ("hirabun.req@example.jp", "平文依頼者", "平文の本文です", "平文職員",
                  "hirabun.sub@example.jp", "平文添付.txt", "平文警察署", "平文法", "平文開示データ"):
        assert value.encode() not in data, value
    me = alice.get(srv.url + "/api/v1/me").json()
    assert "平文職員" in json.dumps(me, ensure_ascii=False)
    disc = alice.get(srv.url + "/api/v1/lawful-disclosures").text
    assert "平文警察署" in disc and "平文法" in disc and "平文開示データ" in disc
    r = alice.get(srv.url + "/api/v1/tickets").json()["items"]
    assert [t for t in r if t["requester_email"] == "hirabun.req@example.jp"
            and t["requester_name"] == "平文依頼者"]
    # The contractor's disclosure finds their ticket by the renewed blind index of the address.
    req = s.post(srv.url + "/api/v1/personal-data-requests", json={"kind": "disclose"})
    assert req.status_code == 201, req.text
    got = s.get(srv.url + "/api/v1/personal-data-requests/%d/download" % req.json()["request"]["id"])
    assert MORE["subject"] in [t["subject"] for t in got.json()["tickets"]]
