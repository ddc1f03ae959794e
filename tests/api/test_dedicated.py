"""Dedicated tenancy (WP-1, issue 15 item 3): a tenant moved into a PostgreSQL database of its
own and back, during an announced maintenance window, with a verified copy and a switch that
loses nothing; its users keep working, another tenant is unaffected, and the isolation probe
holds with one tenant dedicated. PostgreSQL only."""
import subprocess
import threading
import time
import urllib.parse
import uuid

import psycopg2
import pytest
import requests

from conftest import BIN, DRIVER, PG_URL, unique
from tenancy import create_tenant, first_password, user_login, user_session, NEW_PASSWORD
from test_isolation import run_isolation_probe
from test_mfa import enrol
from totp import code as totp_code

pytestmark = pytest.mark.skipif(
    DRIVER != "postgres",
    reason="dedicated tenancy places a tenant in another PostgreSQL database: PostgreSQL only")

# Short reload interval and retry budget: each state change of a move settles in about 1.2 s.
SERVER_ENV = {"ANSHIN_TENANCY_PLACEMENT_CHECK_MS": "100", "ANSHIN_STORE_BUSY_TIMEOUT_MS": "1000"}


def db_url(name):
    """PG_URL with another database name (no search_path: the dedicated database's own schema)."""
    u = urllib.parse.urlsplit(PG_URL)
    return urllib.parse.urlunsplit((u.scheme, u.netloc, "/" + name, "", ""))


@pytest.fixture(scope="module")
def databases(server):
    """Creates dedicated databases on demand (uniquely named) and drops them at the end."""
    made = []

    def make():
        name = "anshin_ded_" + uuid.uuid4().hex[:10]
        subprocess.run(["psql", PG_URL, "-qc", "CREATE DATABASE %s" % name], check=True,
                       capture_output=True)
        made.append(name)
        return db_url(name)

    yield make
    server.stop()  # its connections to them end first
    for name in made:
        subprocess.run(["psql", PG_URL, "-qc", "DROP DATABASE IF EXISTS %s WITH (FORCE)" % name],
                       capture_output=True)


@pytest.fixture(scope="module")
def window(server):
    """An announced maintenance window for the whole service around now."""
    now = int(time.time() * 1e6)
    server.sql("INSERT INTO ops_maintenance (kind, title, service_id, starts_at, ends_at, "
               "announced_at, within_notice, urgent, urgent_reason, cancelled, created_by, "
               "created_at) VALUES ('maintenance', 'dedicated tenancy', NULL, ?, ?, ?, 1, 0, '', "
               "0, 'test', ?)", now - 60_000_000, now + 3_600_000_000, now, now)


def server_bin():
    return BIN


def ded_sql(url, query, *args):
    conn = psycopg2.connect(url)
    try:
        with conn, conn.cursor() as cur:
            cur.execute(query.replace("?", "%s"), args)
            return cur.fetchall() if cur.description else []
    finally:
        conn.close()


def dedicate(server, tenant_id, url):
    return server.cli("tenant", "dedicate", str(tenant_id), "--database", "-", stdin=url + "\n")


def snapshot(session, server):
    """What the tenant's admin sees of its identity directory."""
    users = session.get(server.url + "/api/v1/users?limit=500").json()["items"]
    roles = session.get(server.url + "/api/v1/roles").json()
    return sorted((u["id"], u["login"], u["email"], u["status"]) for u in users), roles


def count(server, table, tenant_id):
    return server.sql("SELECT COUNT(*) FROM %s WHERE tenant_id = ?" % table, tenant_id)[0][0]


def test_move_to_dedicated_and_back(server, admin, databases, window):
    """WP-1: data equal before and after each move, the chain verifies, the tenant's users log
    in, list and write after the switch; writes during the move are refused (503, Retry-After),
    never lost; another tenant is unaffected; the conninfo is stored sealed and never shown."""
    a = create_tenant(server, admin, unique("DA").upper(), "専用株式会社")
    b = create_tenant(server, admin, unique("DB").upper(), "共用株式会社")
    aid, bid = a["tenant"]["id"], b["tenant"]["id"]
    a_code, b_code = a["tenant"]["company_code"], b["tenant"]["company_code"]
    sa = user_session(server, a_code, "admin1", a["initial_password"])  # password history too
    sb = user_session(server, b_code, "admin1", b["initial_password"])
    u = sa.post(server.url + "/api/v1/users",
                json={"login": "senyo-user", "email": "senyo@a.example.jp"}).json()["user"]
    assert sa.post(server.url + "/api/v1/roles",
                   json={"name": "専用ロール", "permissions": ["audit.read"]}).status_code == 201
    assert sa.put(server.url + "/api/v1/users/%d/roles" % u["id"],
                  json={"roles": ["member"], "custom_roles": ["専用ロール"]}).status_code == 200
    before = snapshot(sa, server)
    tables = ["users", "password_history", "tenant_roles", "user_roles"]
    counts = {t: count(server, t, aid) for t in tables}
    assert all(counts.values()), counts
    b_before = snapshot(sb, server)

    url = databases()
    # Outside an announced window the move is refused.
    server.sql("UPDATE ops_maintenance SET cancelled = 1 WHERE title = 'dedicated tenancy'")
    r = dedicate(server, aid, url)
    assert r.returncode == 2 and "maintenance window" in r.stderr, r.stderr
    server.sql("UPDATE ops_maintenance SET cancelled = 0 WHERE title = 'dedicated tenancy'")

    # During the move A's writes are refused with 503 and Retry-After, reads go on; every write
    # acknowledged at any time is found afterwards.
    acked, refused, reads, other = [], [], [], []
    stop = threading.Event()

    def writer():
        i = 0
        while not stop.is_set():
            i += 1
            login = "mv%d" % i
            w = sa.post(server.url + "/api/v1/users",
                        json={"login": login, "email": login + "@a.example.jp"})
            if w.status_code == 201:
                acked.append(w.json()["user"]["id"])
            elif (w.status_code == 503 and w.headers.get("Retry-After") == "1" and
                  w.headers["Content-Type"].startswith("application/problem+json")):
                refused.append(login)
            else:
                other.append((w.status_code, dict(w.headers), w.text))
            reads.append(sa.get(server.url + "/api/v1/users").status_code)
            time.sleep(0.05)

    t = threading.Thread(target=writer)
    t.start()
    time.sleep(0.3)
    r = dedicate(server, aid, url)
    time.sleep(0.3)
    stop.set()
    t.join()
    assert r.returncode == 0, r.stdout + r.stderr
    assert not other, other
    assert refused, "no write of A was refused during the move"
    assert set(reads) == {200}, reads

    # The copy verified (printed per table), the conninfo appears nowhere.
    assert "audit chain intact" in r.stdout
    for out in (r.stdout, r.stderr, server.read_log()):
        assert url not in out
    p = server.cli("tenant", "placement", str(aid))
    assert p.returncode == 0 and "dedicated" in p.stdout and url.rsplit("/", 1)[1] in p.stdout
    assert url not in p.stdout
    sealed = server.sql("SELECT conninfo FROM tenant_placements WHERE tenant_id = ?", aid)[0][0]
    assert url.encode() not in bytes(sealed)

    # A's rows live in its own database only; their count is what it was plus the acknowledged.
    for tname in tables:
        assert count(server, tname, aid) == 0, tname
    moved = {tn: ded_sql(url, "SELECT COUNT(*) FROM %s WHERE tenant_id = ?" % tn, aid)[0][0]
             for tn in tables}
    assert moved["users"] == counts["users"] + len(acked)
    for tname in ("tenant_roles", "user_roles", "password_history"):
        assert moved[tname] == counts[tname], tname

    # A's users keep working: the old session lists the same, a login, a write.
    after = snapshot(sa, server)
    assert after[1] == before[1]
    assert set(after[0]) >= set(before[0])
    assert {x[0] for x in after[0]} - {x[0] for x in before[0]} == set(acked)
    assert user_login(server, a_code, "admin1", NEW_PASSWORD).status_code == 200
    new = sa.post(server.url + "/api/v1/users",
                  json={"login": "after-move", "email": "after@a.example.jp"})
    assert new.status_code == 201, new.text
    new_id = new.json()["user"]["id"]
    assert ded_sql(url, "SELECT login FROM users WHERE id = ?", new_id) == [("after-move",)]
    assert not server.sql("SELECT 1 FROM users WHERE id = ?", new_id)
    assert sa.get(server.url + "/api/v1/users/%d" % new_id).status_code == 200

    # B is unaffected: the same list, a login, a write in the shared database.
    assert snapshot(sb, server) == b_before
    assert user_login(server, b_code, "admin1", NEW_PASSWORD).status_code == 200
    bw = sb.post(server.url + "/api/v1/users", json={"login": "kyoyo", "email": "k@b.example.jp"})
    assert bw.status_code == 201
    assert server.sql("SELECT 1 FROM users WHERE id = ?", bw.json()["user"]["id"])

    v = server.cli("audit", "verify")
    assert v.returncode == 0, v.stdout + v.stderr
    actions = [x[0] for x in server.sql(
        "SELECT action FROM audit_events WHERE tenant_id = ? AND action LIKE 'tenant.placement.%%' "
        "ORDER BY id", aid)]
    assert actions == ["tenant.placement.start", "tenant.placement.switch"]

    # And back into the shared database: the same data, A's database emptied.
    snap = snapshot(sa, server)
    r = server.cli("tenant", "share", str(aid))
    assert r.returncode == 0, r.stdout + r.stderr
    assert snapshot(sa, server) == snap
    assert count(server, "users", aid) == len(snap[0])
    assert ded_sql(url, "SELECT COUNT(*) FROM users WHERE tenant_id = ?", aid) == [(0,)]
    assert sa.post(server.url + "/api/v1/users",
                   json={"login": "back-home", "email": "home@a.example.jp"}).status_code == 201
    assert server.cli("audit", "verify").returncode == 0


def test_a_killed_move_loses_nothing_and_resumes(server, admin, databases, window):
    """WP-1: the mover killed (kill -9) in the middle leaves the tenant readable with its writes
    refused (503, nothing half-written); running the same move again completes it."""
    c = create_tenant(server, admin, unique("DK").upper(), "中断株式会社")
    cid = c["tenant"]["id"]
    sc = user_session(server, c["tenant"]["company_code"], "admin1", c["initial_password"])
    before = snapshot(sc, server)
    url = databases()
    mover = subprocess.Popen([server_bin(), "tenant", "dedicate", str(cid), "--database", "-"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=server.env, cwd=server.dir, text=True)
    mover.stdin.write(url + "\n")
    mover.stdin.close()
    deadline = time.time() + 30
    while not server.sql("SELECT 1 FROM tenant_placements WHERE tenant_id = ? AND state = "
                         "'to_dedicated'", cid):
        assert time.time() < deadline and mover.poll() is None
        time.sleep(0.02)
    mover.kill()
    mover.wait()
    mover.stdout.close()
    mover.stderr.close()
    w = sc.post(server.url + "/api/v1/users", json={"login": "kill-one", "email": "k1@c.example.jp"})
    assert w.status_code == 503 and w.headers.get("Retry-After") == "1", w.text
    assert snapshot(sc, server) == before
    r = dedicate(server, cid, url)
    assert r.returncode == 0, r.stdout + r.stderr
    assert snapshot(sc, server) == before
    assert count(server, "users", cid) == 0
    assert sc.post(server.url + "/api/v1/users",
                   json={"login": "kill-two", "email": "k2@c.example.jp"}).status_code == 201
    assert server.cli("audit", "verify").returncode == 0


def test_refused_on_wrong_state(server, admin, databases, window):
    """A tenant already shared cannot be moved back; the move needs a real tenant."""
    a = create_tenant(server, admin, unique("DC").upper(), "状態株式会社")
    r = server.cli("tenant", "share", str(a["tenant"]["id"]))
    assert r.returncode == 2, r.stderr
    r = dedicate(server, 987654321, databases())
    assert r.returncode == 2 and "no such tenant" in r.stderr


def test_isolation_probe_with_one_tenant_dedicated(server, admin, databases, window):
    """CHK-11, WP-1: the isolation probe, with tenant B in a database of its own."""
    def prepare(a, b):
        r = dedicate(server, b["tenant"]["id"], databases())
        assert r.returncode == 0, r.stdout + r.stderr

    run_isolation_probe(server, admin, prepare)


# The tenant's own tables that move with it (store/placement.c MOVED_TABLES), as (table, key).
MOVED = [("tenant_roles", "id"), ("users", "id"), ("user_roles", "user_id, role_id"),
         ("password_history", "user_id, created_at, password_hash"),
         ("mfa_totp", "subject_kind, subject_id"),
         ("mfa_recovery", "subject_kind, subject_id, code_hash, used_at"),
         ("email_codes", "user_id, code_hash, expires_at, used_at")]


def rows_of(run, tenant_id):
    """Every moved table's rows of the tenant, as text in key order, read through run(sql, *a)."""
    return {t: [r[0] for r in run("SELECT x::text FROM %s x WHERE x.tenant_id = ? ORDER BY %s"
                                  % (t, key), tenant_id)] for t, key in MOVED}


def test_second_factors_move_with_the_tenant_and_go_with_its_erasure(server, admin, databases,
                                                                      window):
    """WP-1, SLA-22, CHK-6: a tenant's TOTP enrolments, recovery codes and e-mail codes move into
    its own database with its users (rows equal before and after, table by table); its users
    still log in with their second factor there; and erasing the dedicated tenant counts and
    deletes its recovery codes in its database (not 0 and left behind)."""
    e = create_tenant(server, admin, unique("DM").upper(), "二要素専用株式会社")
    eid, e_code = e["tenant"]["id"], e["tenant"]["company_code"]
    se = user_session(server, e_code, "admin1", e["initial_password"])
    secret, recovery = enrol(server, se)
    u = se.post(server.url + "/api/v1/users", json={"login": "mail-mfa", "email": "m@e.example.jp"})
    us = user_session(server, e_code, "mail-mfa", first_password(server, u.json()))
    assert us.post(server.url + "/api/v1/me/mfa/email").status_code == 204
    assert user_login(server, e_code, "mail-mfa", NEW_PASSWORD).json()["mfa_required"] is True
    before = rows_of(server.sql, eid)
    for t in ("mfa_totp", "mfa_recovery", "email_codes"):
        assert before[t], t

    url = databases()
    r = dedicate(server, eid, url)
    assert r.returncode == 0, r.stdout + r.stderr
    for t, _ in MOVED:
        assert "%s %d " % (t, len(before[t])) in r.stdout, (t, r.stdout)
    assert rows_of(lambda q, *a: ded_sql(url, q, *a), eid) == before

    # The operator's tenant detail shows the placement (read-only), never the conninfo.
    pl = admin.get(server.url + "/api/v1/tenants/%d/placement" % eid)
    assert pl.status_code == 200, pl.text
    got = pl.json()["placement"]
    assert (got["model"], got["state"], got["moving"]) == ("dedicated", "dedicated", False)
    assert got["label"].endswith("/" + url.rsplit("/", 1)[1]) and got["since"].endswith("Z")
    assert url not in pl.text and got["backend"] == "postgres"
    assert se.get(server.url + "/api/v1/tenants/%d/placement" % eid).status_code in (403, 404)
    assert {t: len(v) for t, v in rows_of(server.sql, eid).items()} == {t: 0 for t, _ in MOVED}

    # The second factor works from the tenant's database: TOTP, a recovery code, the count.
    r = user_login(server, e_code, "admin1", NEW_PASSWORD)
    assert r.json()["mfa_required"] is True
    p = requests.Session()
    p.cookies.update(r.cookies)
    p.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    ok = p.post(server.url + "/api/v1/auth/mfa", json={"code": totp_code(secret, step_offset=1)})
    assert ok.status_code == 200, ok.text
    assert p.get(server.url + "/api/v1/me/mfa").json()["recovery_codes_left"] == 10
    r = user_login(server, e_code, "admin1", NEW_PASSWORD)
    q = requests.Session()
    q.cookies.update(r.cookies)
    q.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    assert q.post(server.url + "/api/v1/auth/mfa",
                  json={"recovery_code": recovery[0]}).status_code == 200
    assert ded_sql(url, "SELECT COUNT(*) FROM mfa_recovery WHERE tenant_id = ? AND used_at IS "
                   "NULL", eid) == [(9,)]
    assert user_login(server, e_code, "mail-mfa", NEW_PASSWORD).json()["mfa_required"] is True
    codes = ded_sql(url, "SELECT COUNT(*) FROM email_codes WHERE tenant_id = ?", eid)[0][0]
    assert codes == len(before["email_codes"]) + 1

    # Operator-wide reads over every tenant's users read the dedicated tenant's database too:
    # the personal-data register finds its user, the seal census counts its users' fields, and
    # re-sealing seals a plaintext value left there (issue 14 item 1).
    pd = se.post(server.url + "/api/v1/personal-data-requests", json={"kind": "disclose"})
    assert pd.status_code == 201, pd.text
    data = se.get(server.url + "/api/v1/personal-data-requests/%d/download"
                  % pd.json()["request"]["id"]).json()
    assert [x["login"] for x in data["users"]] == ["admin1"]
    assert data["users"][0]["company_code"] == e_code
    ded_sql(url, "UPDATE users SET display_name = '平文 太郎' WHERE tenant_id = ? AND login = "
            "'mail-mfa'", eid)
    census = server.cli("seal", "status")
    assert census.returncode == 0, census.stderr
    assert '"plaintext": 1' in census.stdout.split('"%d": {' % eid, 1)[1].split("}")[0]
    mig = server.cli("seal", "migrate")
    assert mig.returncode == 0 and '"users": 1' in mig.stdout, mig.stdout + mig.stderr
    [(name,)] = ded_sql(url, "SELECT display_name FROM users WHERE tenant_id = ? AND login = "
                        "'mail-mfa'", eid)
    assert name.startswith("an1:") and "平文" not in name
    census = server.cli("seal", "status").stdout
    assert '"plaintext": 0' in census.split('"%d": {' % eid, 1)[1].split("}")[0]

    # The backup holds the shared database; its manifest names the dedicated tenant, its database
    # (host and name only) and the tables its owner backs up.
    import json
    b = server.cli("backup", "run")
    assert b.returncode == 0, b.stdout + b.stderr
    [ded] = [x for x in json.loads(b.stdout)["manifest"]["dedicated_tenants"]
             if x["tenant_id"] == eid]
    assert ded["database"] == got["label"] and "mfa_recovery" in ded["tables"]
    assert url not in b.stdout

    # Erasing the dedicated tenant counts its second factors in its database and deletes them.
    server.create_staff("erase-two")
    req = server.cli("erase", "request", "--tenant", e_code, "--reason", "専用環境の削除依頼",
                     "--as", "admin")
    assert req.returncode == 0, req.stderr
    req_id = int(req.stdout.split('"request_id": ')[1].split(",")[0])
    done = server.cli("erase", "approve", str(req_id), "--as", "erase-two")
    assert done.returncode == 0, done.stdout + done.stderr
    assert '"recovery_codes": 10' in done.stdout, done.stdout
    assert '"second_factors": 1' in done.stdout and '"email_codes": %d' % codes in done.stdout
    left = rows_of(lambda q, *a: ded_sql(url, q, *a), eid)
    assert {t: len(v) for t, v in left.items()} == {t: 0 for t, _ in MOVED}, left
    assert {t: len(v) for t, v in rows_of(server.sql, eid).items()} == {t: 0 for t, _ in MOVED}
    assert server.cli("audit", "verify").returncode == 0


def test_placement_of_a_shared_tenant(server, admin):
    """WP-1: a tenant never moved is shown shared, with no database and no date; an unknown
    tenant is 404."""
    t = create_tenant(server, admin, unique("DS").upper(), "共用表示株式会社")
    pl = admin.get(server.url + "/api/v1/tenants/%d/placement" % t["tenant"]["id"])
    assert pl.status_code == 200, pl.text
    assert pl.json()["placement"] == {
        "tenant_id": t["tenant"]["id"], "model": "shared", "state": "shared", "moving": False,
        "label": "", "since": None, "writable_from": None, "backend": "postgres"}
    assert admin.get(server.url + "/api/v1/tenants/987654321/placement").status_code == 404
