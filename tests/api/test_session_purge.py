"""I4: ended sessions do not pile up. The periodic worker deletes sessions that expired or were
revoked more than [session] retention_days ago (default 30); recent ones stay, so the user's
session list and the audit trail are unaffected."""
import time

from conftest import unique
from tenancy import create_tenant, user_session

DAY_US = 86400 * 1000000


def test_old_sessions_are_purged(server, admin):
    """I4, CHK-15: sessions expired or revoked 31 days ago disappear; a live session, one expired
    yesterday and one revoked yesterday stay."""
    t = create_tenant(server, admin, unique("SP").upper(), "掃除株式会社")
    code = t["tenant"]["company_code"]
    s = user_session(server, code, "admin1", t["initial_password"])
    uid = s.get(server.url + "/api/v1/me").json()["id"]
    for _ in range(5):
        last = user_session(server, code, "admin1", "Tenant-Passw0rd-2026!")
    ids = [r[0] for r in server.sql("SELECT id FROM sessions WHERE subject_kind = 'user' AND "
                                    "subject_id = ? ORDER BY id", uid)]
    assert len(ids) >= 6
    now = int(time.time() * 1000000)
    old_expired, old_revoked, new_expired, new_revoked = ids[0], ids[1], ids[2], ids[3]
    server.sql("UPDATE sessions SET expires_at = ? WHERE id = ?", now - 31 * DAY_US, old_expired)
    server.sql("UPDATE sessions SET revoked_at = ? WHERE id = ?", now - 31 * DAY_US, old_revoked)
    server.sql("UPDATE sessions SET expires_at = ? WHERE id = ?", now - DAY_US, new_expired)
    server.sql("UPDATE sessions SET revoked_at = ? WHERE id = ?", now - DAY_US, new_revoked)
    deadline = time.time() + 15
    while time.time() < deadline:
        left = {r[0] for r in server.sql("SELECT id FROM sessions WHERE subject_id = ? AND "
                                          "subject_kind = 'user'", uid)}
        if old_expired not in left and old_revoked not in left:
            break
        time.sleep(0.2)
    assert old_expired not in left and old_revoked not in left
    assert {new_expired, new_revoked} <= left and set(ids[4:]) <= left
    assert last.get(server.url + "/api/v1/me").status_code == 200
