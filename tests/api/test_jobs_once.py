"""Scheduled work runs once across instances (issue 15 item 2, TOS-25, CHK-20): the personal-data
request reminders (MARK-7-5-2) of three `anshin serve` instances sharing one PostgreSQL schema are
sent once each, not once per instance."""
import datetime
import time

import pytest

from conftest import PG_URL, Server, unique
from tenancy import create_tenant, first_password, user_session

REQUESTS = 300  # a pass over them takes longer than the interval: the passes overlap
EVERY_SECOND = {"ANSHIN_SUPPORT_REMINDER_SECONDS": "1"}


def reminders(srv):
    return srv.sql("SELECT count(*) FROM mail_outbox WHERE template = 'pdr_reminder'")[0][0]


def test_request_reminders_are_sent_once_by_three_instances(make_server):
    """MARK-7-5-2, TOS-25: REQUESTS open requests become overdue at once while three instances
    each look for due reminders every second; every request is reminded exactly once (one
    instance holds the "support.remind" lease, and each reminder is recorded only over the state
    it was read in, so even two holders could not both send it)."""
    if not PG_URL:
        pytest.skip("PostgreSQL is not available (ANSHIN_TEST_PG_URL unset)")
    first = make_server("postgres", env=EVERY_SECOND)
    first.create_staff("admin")
    first.start()
    admin = first.login("admin")
    code = unique("JO").upper()
    t = create_tenant(first, admin, code, "一度株式会社")
    boss = user_session(first, code, "admin1", t["initial_password"])
    login = unique("once")
    r = boss.post(first.url + "/api/v1/users", json={
        "login": login, "display_name": "一度 花子", "email": "%s@example.jp" % login})
    assert r.status_code == 201, r.text
    person = user_session(first, code, login, first_password(first, r.json()))
    r = person.post(first.url + "/api/v1/personal-data-requests", json={"kind": "disclose"})
    assert r.status_code == 201, r.text
    # The other requests are copies of the first, made in one statement.
    cols = ", ".join(c for (c,) in first.sql(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'pd_requests' "
        "AND table_schema = current_schema() AND column_name <> 'id' ORDER BY ordinal_position"))
    first.sql("INSERT INTO pd_requests (%s) SELECT %s FROM pd_requests, generate_series(2, %d)"
              % (cols, cols, REQUESTS))
    shared = {"ANSHIN_STORE_URL": first.env["ANSHIN_STORE_URL"],
              "ANSHIN_KEYS_MASTER_KEY_FILE": first.env["ANSHIN_KEYS_MASTER_KEY_FILE"]}
    for _ in range(2):
        make_server("postgres", env=dict(EVERY_SECOND, **shared)).start()
    assert reminders(first) == 0
    today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=9))).date()
    first.sql("UPDATE pd_requests SET due_on = ? WHERE status = 'verified'",
              (today - datetime.timedelta(days=1)).isoformat())
    deadline = time.time() + 60
    while time.time() < deadline and reminders(first) < REQUESTS:
        time.sleep(0.2)
    time.sleep(3)  # three more passes of every instance: nothing is sent twice
    sent = reminders(first)
    print("reminders: %d requests, %d reminders sent by 3 instances" % (REQUESTS, sent))
    assert sent == REQUESTS
