"""The audit chain (CHK-7): `anshin audit verify` passes on an untouched log and fails, naming
the first bad event, when any event is edited, deleted, inserted or reordered."""
import os
import shutil
import sqlite3

import pytest

from conftest import ADMIN_PASSWORD


@pytest.fixture
def chain(make_server):
    srv = make_server("sqlite")  # tampering is done on the SQLite file directly
    srv.create_staff("admin")
    srv.start()
    s = srv.login("admin")
    for i in range(4):
        assert s.post(srv.url + "/api/v1/staff",
                      json={"login": "chain%d" % i, "roles": ["support"]}).status_code == 201
    srv.stop()  # a stopped server: the database file is ours to tamper with
    return srv


def verify(srv):
    return srv.cli("audit", "verify")


def tamper(srv, sql, *args):
    db = sqlite3.connect(os.path.join(srv.dir, "anshin.db"))
    db.execute(sql, args)
    db.commit()
    db.close()


def test_untouched_chain_verifies(chain):
    r = verify(chain)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "intact: 6 events" in r.stdout  # admin create, login, 4 staff creations


def test_edited_event_fails(chain):
    tamper(chain, "UPDATE audit_events SET details = '{\"login\":\"someone-else\"}' WHERE seq = 3")
    r = verify(chain)
    assert r.returncode == 1
    assert "BROKEN at event 3" in r.stdout


def test_edited_actor_fails(chain):
    tamper(chain, "UPDATE audit_events SET actor_label = 'nobody' WHERE seq = 2")
    r = verify(chain)
    assert r.returncode == 1 and "event 2" in r.stdout


def test_deleted_middle_event_fails(chain):
    tamper(chain, "DELETE FROM audit_events WHERE seq = 4")
    r = verify(chain)
    assert r.returncode == 1 and "BROKEN at event 5" in r.stdout


def test_deleted_last_event_fails(chain):
    tamper(chain, "DELETE FROM audit_events WHERE seq = 6")
    r = verify(chain)
    assert r.returncode == 1 and "missing at the end" in r.stdout


def test_reordered_events_fail(chain):
    db = sqlite3.connect(os.path.join(chain.dir, "anshin.db"))
    db.execute("UPDATE audit_events SET seq = 100 WHERE seq = 3")
    db.execute("UPDATE audit_events SET seq = 3 WHERE seq = 4")
    db.execute("UPDATE audit_events SET seq = 4 WHERE seq = 100")
    db.commit()
    db.close()
    r = verify(chain)
    assert r.returncode == 1 and "BROKEN at event 3" in r.stdout


def test_inserted_event_fails(chain):
    db = sqlite3.connect(os.path.join(chain.dir, "anshin.db"))
    row = db.execute("SELECT * FROM audit_events WHERE seq = 6").fetchone()
    db.execute("INSERT INTO audit_events VALUES (7,?,?,?,?,?,?,?,?,?,?,?,?,?)", row[1:])
    db.execute("UPDATE audit_head SET seq = 7, mac = ? WHERE id = 1", (row[-1],))
    db.commit()
    db.close()
    r = verify(chain)
    assert r.returncode == 1 and "event 7" in r.stdout


def test_verify_with_another_key_fails(chain):
    shutil.move(os.path.join(chain.dir, "master.key"), os.path.join(chain.dir, "old.key"))
    r = verify(chain)
    assert r.returncode == 2  # no key: cannot check, and no new key is made up
    assert not os.path.exists(os.path.join(chain.dir, "master.key"))
    with open(os.path.join(chain.dir, "master.key"), "w") as f:
        f.write("ab" * 32 + "\n")
    os.chmod(os.path.join(chain.dir, "master.key"), 0o600)
    r = verify(chain)
    assert r.returncode == 1 and "BROKEN at event 1" in r.stdout


def test_no_api_edits_or_deletes_events(chain):
    chain.start()
    s = chain.login("admin")
    for method in ("PUT", "PATCH", "DELETE"):
        r = s.request(method, chain.url + "/api/v1/audit/events/1")
        assert r.status_code in (404, 405)
    chain.stop()
    assert verify(chain).returncode == 0
