"""Backups of dedicated tenants' databases (WP-1, SLA-13, CHK-4, issue 15): `anshin backup run`
dumps every dedicated tenant's database too, into a file of its own encrypted like the shared
one, listed in the shared manifest with its digest and row counts; the restore drill restores and
checks each; `anshin restore` restores one into an empty database. PostgreSQL only."""
import hashlib
import json
import os
import subprocess
import uuid

import pytest

from conftest import DRIVER, PG_URL, unique
from tenancy import create_tenant, user_session
from test_backup import run, sftp_site  # noqa: F401
from test_dedicated import SERVER_ENV as DEDICATED_ENV, databases, ded_sql, dedicate, window  # noqa: F401

pytestmark = pytest.mark.skipif(
    DRIVER != "postgres",
    reason="dedicated tenancy places a tenant in another PostgreSQL database: PostgreSQL only")


def empty_database():
    name = "anshin_rst_" + uuid.uuid4().hex[:10]
    subprocess.run(["psql", PG_URL, "-qc", "CREATE DATABASE %s" % name], check=True,
                   capture_output=True)
    return name, PG_URL.rsplit("/", 1)[0] + "/" + name


def drop(name):
    subprocess.run(["psql", PG_URL, "-qc", "DROP DATABASE IF EXISTS %s WITH (FORCE)" % name],
                   capture_output=True)


# The shared store in a database of its own, not a schema of the crowded test database: pg_dump
# reads the whole catalogue there (hundreds of test schemas) and takes minutes on a loaded machine.
PG = DRIVER == "postgres" and PG_URL
STORE = empty_database() if PG else (None, None)
SCRATCH = empty_database() if PG else (None, None)
SERVER_ENV = dict(DEDICATED_ENV, ANSHIN_STORE_URL=STORE[1], ANSHIN_BACKUP_DRILL_URL=SCRATCH[1],
                  ANSHIN_BACKUP_DRILL_INTERVAL_DAYS="0")


@pytest.fixture(scope="module", autouse=True)
def own_databases():
    """Drops the store and the scratch database once the module's server has stopped."""
    yield
    if PG:
        drop(STORE[0])
        drop(SCRATCH[0])


def test_backup_dumps_restores_and_drills_a_dedicated_tenants_database(server, admin, databases,
                                                                       window):
    """WP-1, SLA-13, CHK-4: the dedicated tenant's database is in the backup (own encrypted file,
    digest in the manifest), the drill restores and counts it, and `anshin restore` brings its
    users back into an empty database; its conninfo is in no output."""
    t = create_tenant(server, admin, unique("DB").upper(), "専用バックアップ株式会社")
    tid, code = t["tenant"]["id"], t["tenant"]["company_code"]
    url = databases()
    assert dedicate(server, tid, url).returncode == 0
    s = user_session(server, code, "admin1", t["initial_password"])
    assert s.post(server.url + "/api/v1/users",
                  json={"login": "backed-up", "email": "b@b.example.jp"}).status_code == 201
    users = ded_sql(url, "SELECT COUNT(*) FROM users WHERE tenant_id = ?", tid)[0][0]

    b = server.cli("backup", "run")
    assert b.returncode == 0, b.stdout + b.stderr
    out = json.loads(b.stdout)
    [ded] = [x for x in out["manifest"]["dedicated_tenants"] if x["tenant_id"] == tid]
    assert ded["backed_up_by"] == "anshin" and ded["counts"]["users"] == users
    assert url not in b.stdout + b.stderr
    path = os.path.join(server.dir, "var", "backups", ded["file_name"])
    data = open(path, "rb").read()
    assert data.startswith(b"ANSHINB1") and b"backed-up" not in data
    assert hashlib.sha256(data).hexdigest() == ded["sha256"]
    assert open(path + ".sha256").read().split()[0] == ded["sha256"]
    # The record keeps the manifest (and so the file's digest) with the shared backup.
    [(manifest,)] = server.sql("SELECT manifest FROM backups WHERE id = ?", out["id"])
    assert ded["sha256"] in manifest

    d = server.cli("backup", "drill")
    assert d.returncode == 0, d.stdout + d.stderr
    drill = json.loads(d.stdout)
    assert drill["ok"] is True
    assert {"tenant_id": tid, "integrity": "ok", "counts_match": True} in \
        drill["detail"]["dedicated"], drill

    name, target = empty_database()
    try:
        r = server.cli("restore", "--backup", path, "--into-url", target)
        assert r.returncode == 0, r.stdout + r.stderr
        assert ded_sql(target, "SELECT login FROM users WHERE tenant_id = ? AND login = "
                       "'backed-up'", tid) == [("backed-up",)]
        # An altered file is refused.
        bad = path + ".bad"
        with open(bad, "wb") as f:
            f.write(data[:-40] + bytes(40))
        name2, target2 = empty_database()
        r = server.cli("restore", "--backup", bad, "--into-url", target2)
        assert r.returncode == 1, r.stdout + r.stderr
        drop(name2)
    finally:
        drop(name)


def site_files(site):
    return sorted(os.listdir(site["dir"]))


def test_tenant_files_reach_the_second_site_verified_and_expire_there(server, admin, databases,
                                                                      window, sftp_site):
    """SLA-13, MARK-3-1-7, WP-1: with a second site, each dedicated tenant's file and its .sha256
    are copied with the shared one and read back there (the digest the manifest records); the
    manifest's entry records where it went; expiry removes them there with their run. When a
    tenant file's copy fails, the run's copy to the site fails as a whole (recorded failed, so no
    distance is credited) and none of the run's files stays at the site."""
    # One tenant of its own; with the first test's tenant the run holds two, so the failure below
    # also shows a tenant file already at the site being removed again.
    t = create_tenant(server, admin, unique("DS").upper(), "遠隔保管株式会社")
    tids = [t["tenant"]["id"]]
    assert dedicate(server, tids[0], databases()).returncode == 0
    env = dict(sftp_site["env"], ANSHIN_BACKUP_GENERATIONS="1")

    def backup_run(day):
        r = run(server, "backup", "run", fake="@2026-12-%02d 19:00:00" % day, env=env)
        assert r.returncode == 0, r.stdout + r.stderr
        return json.loads(r.stdout)

    first = backup_run(10)
    ded = {d["tenant_id"]: d for d in first["manifest"]["dedicated_tenants"]}
    assert set(tids) <= set(ded)
    label = [c for c in first["copies"] if c["destination"] != "local"][0]
    assert label["status"] == "ok", first["copies"]
    here = site_files(sftp_site)
    for tid in tids:
        d = ded[tid]
        assert d["file_name"] in here and d["file_name"] + ".sha256" in here
        with open(os.path.join(sftp_site["dir"], d["file_name"]), "rb") as f:
            assert hashlib.sha256(f.read()).hexdigest() == d["sha256"]
        with open(os.path.join(sftp_site["dir"], d["file_name"] + ".sha256")) as f:
            assert f.read().split()[0] == d["sha256"]
        assert d["copies"] == [{"destination": label["destination"], "distance_class": "100km+",
                                "status": "ok", "error": ""}]

    # The next generation (one kept): the first run's tenant files leave the site with it.
    second = backup_run(11)
    assert second["expired"] >= 1
    here = site_files(sftp_site)
    assert not [f for f in here if f.startswith(first["file_name"][:-4])], here
    local = os.listdir(os.path.join(server.dir, "var", "backups"))
    assert not [f for f in local if f.startswith(first["file_name"][:-4])], local
    order = [d["tenant_id"] for d in second["manifest"]["dedicated_tenants"]]
    assert all(f.startswith(second["file_name"][:-4]) for f in here
               if not f.startswith("anshin-keys-")), here

    # A tenant file that cannot be put at the site (a directory stands where its upload goes;
    # the run's time is only known to the second, so every millisecond of it is taken).
    last = order[-1]
    for ms in range(1000):
        os.mkdir(os.path.join(sftp_site["dir"],
                              "anshin-20261212T190000%03dZ-tenant%d.anb.part" % (ms, last)))
    third = backup_run(12)
    assert third["file_name"].startswith("anshin-20261212T190000"), third["file_name"]
    site = [c for c in third["copies"] if c["destination"] != "local"][0]
    assert site["status"] == "failed" and "tenant %d" % last in site["error"], third["copies"]
    for d in third["manifest"]["dedicated_tenants"]:
        assert [c["status"] for c in d["copies"]] == ["failed"], d
    left = [f for f in site_files(sftp_site) if not f.endswith(".part")
            and not f.startswith("anshin-keys-")]
    assert not [f for f in left if f.startswith(third["file_name"][:-4])], left
    [newest] = [b for b in json.loads(run(server, "backup", "list").stdout)
                if b["id"] == third["id"]]
    assert [c["status"] for c in newest["copies"]] == ["ok", "failed"]
