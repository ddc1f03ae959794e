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
