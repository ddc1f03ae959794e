"""The audit chain with its sequencer (issue 19, CHK-7): on PostgreSQL events are sealed after
commit, and `anshin audit verify` still catches an edited, deleted or reordered sealed event,
an edited event not yet sealed, and a head moved back over a deleted tail (the head is signed,
on both backends)."""
import pytest

from conftest import DRIVER


@pytest.fixture
def sealed(make_server):
    srv = make_server()
    srv.create_staff("admin")
    srv.start()
    s = srv.login("admin")
    for i in range(4):
        assert s.post(srv.url + "/api/v1/staff",
                      json={"login": "seq%d" % i, "roles": ["support"]}).status_code == 201
    srv.stop()  # stopping seals every committed event
    r = srv.cli("audit", "verify")
    assert r.returncode == 0 and "intact: 6 events" in r.stdout, r.stdout + r.stderr
    return srv


def broken(srv):
    r = srv.cli("audit", "verify")
    assert r.returncode == 1, r.stdout + r.stderr
    return r.stdout


def test_edited_sealed_event_fails(sealed):
    sealed.sql("UPDATE audit_events SET actor_label = 'nobody' WHERE seq = 3")
    assert "BROKEN at event 3" in broken(sealed)


def test_deleted_sealed_event_fails(sealed):
    sealed.sql("DELETE FROM audit_events WHERE seq = 4")
    assert "BROKEN at event 5" in broken(sealed)


def test_reordered_sealed_events_fail(sealed):
    sealed.sql("UPDATE audit_events SET seq = 100 WHERE seq = 3")
    sealed.sql("UPDATE audit_events SET seq = 3 WHERE seq = 4")
    sealed.sql("UPDATE audit_events SET seq = 4 WHERE seq = 100")
    assert "BROKEN at event 3" in broken(sealed)


def test_head_moved_back_over_a_deleted_tail_fails(sealed):
    """Deleting the newest event and pointing the head at the one before it links up perfectly;
    only the head's signature tells."""
    (mac,) = sealed.sql("SELECT mac FROM audit_events WHERE seq = 5")[0]
    sealed.sql("DELETE FROM audit_events WHERE seq = 6")
    sealed.sql("UPDATE audit_head SET seq = 5, mac = ? WHERE id = 1", mac)
    assert "signature" in broken(sealed)


@pytest.mark.skipif(DRIVER != "postgres", reason="SQLite seals each event as it is written")
def test_unsealed_events_verify_and_an_edited_one_fails(sealed):
    """With no server running nothing seals the CLI's events: verify proves them by their own
    MACs, names an edited one, and a server seals them when it starts."""
    assert sealed.cli("admin", "create", "--login", "late", "--roles", "support",
                      stdin="").returncode == 0
    r = sealed.cli("audit", "verify")
    assert r.returncode == 0 and "1 newer events not yet sealed" in r.stdout, r.stdout
    sealed.sql("UPDATE audit_events SET details = '{}' WHERE seq IS NULL")
    assert "BROKEN at unsealed event" in broken(sealed)
    sealed.sql("DELETE FROM audit_events WHERE seq IS NULL")
    assert sealed.cli("admin", "create", "--login", "later", "--roles", "support",
                      stdin="").returncode == 0
    sealed.start()
    sealed.stop()
    r = sealed.cli("audit", "verify")
    assert r.returncode == 0 and "intact: 7 events" in r.stdout and "not yet" not in r.stdout, r.stdout
