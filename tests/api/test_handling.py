"""The handling window (TOS-23): the service runs 24/365, but approvals and change requests are
handled by people on business days 9:00-17:00 JST. An application or change request received
outside the window tells the applicant the date it will be processed (the next business day's
window), and the operator's queue shows how long each item has waited in business hours.
Receipt times are moved with Server.sql (time travel), so the checks do not depend on when the
suite runs."""
import datetime

import pytest

from conftest import unique
from market import apply, contractor, setup_catalogue

JST = datetime.timezone(datetime.timedelta(hours=9))


def us(y, mo, d, h, mi=0):
    """Microseconds UTC of a JST wall-clock time."""
    return int(datetime.datetime(y, mo, d, h, mi, tzinfo=JST).timestamp() * 1_000_000)


@pytest.fixture(scope="module")
def market(server):
    staff = server.login("admin")
    cat = setup_catalogue(server, staff, unique("hw"))
    return staff, cat


def get_app(server, staff, app_id):
    r = staff.get(server.url + "/api/v1/applications/%d" % app_id)
    assert r.status_code == 200, r.text
    return r.json()["application"]


def test_submission_answer_carries_the_handling_date(server, market):
    """TOS-23: the answer to an application says whether it arrived inside the window and the
    date it will be processed, in ISO and in Japanese (2026年12月7日 style)."""
    staff, cat = market
    app = apply(server, cat, unique("HA").upper())
    h = app["handling"]
    assert isinstance(h["received_in_window"], bool)
    d = datetime.date.fromisoformat(h["expected_on"])
    assert d >= datetime.datetime.now(JST).date()
    assert h["expected_on_ja"] == "%d年%d月%d日" % (d.year, d.month, d.day)
    assert h["waited_business_minutes"] == 0


@pytest.mark.parametrize("received, inside, expected, ja", [
    ((2026, 12, 5, 12), False, "2026-12-07", "2026年12月7日"),   # Saturday noon: Monday
    ((2026, 12, 4, 17), False, "2026-12-07", "2026年12月7日"),   # Friday 17:00: window closed
    ((2026, 12, 4, 8), False, "2026-12-04", "2026年12月4日"),    # Friday 8:00: that day from 9:00
    ((2026, 12, 4, 10), True, "2026-12-04", "2026年12月4日"),    # inside
    ((2026, 11, 20, 18), False, "2026-11-24", "2026年11月24日"),  # over 勤労感謝の日 (Mon 11-23)
    ((2026, 12, 28, 18), False, "2027-01-04", "2027年1月4日"),    # over the year-end closing
])
def test_received_outside_the_window_is_processed_next_business_day(server, market, received,
                                                                     inside, expected, ja):
    """TOS-23: outside business days 9:00-17:00 JST the expected processing date is the next
    business day (national holidays and closing days skipped)."""
    staff, cat = market
    app = apply(server, cat, unique("HB").upper())
    server.sql("UPDATE applications SET created_at = ? WHERE id = ?", us(*received), app["id"])
    h = get_app(server, staff, app["id"])["handling"]
    assert (h["received_in_window"], h["expected_on"], h["expected_on_ja"]) == (inside, expected, ja)


def test_queue_shows_business_hours_waited(server, market):
    """TOS-23: the operator queue (applications list) shows waiting time in business hours only:
    Friday 16:00 to Monday 10:00 is two hours; a pending item keeps counting."""
    staff, cat = market
    done = apply(server, cat, unique("HC").upper())
    r = staff.post(server.url + "/api/v1/applications/%d/refuse" % done["id"],
                   json={"reason": "other", "message": "テスト"})
    assert r.status_code == 200, r.text
    server.sql("UPDATE applications SET created_at = ?, decided_at = ? WHERE id = ?",
               us(2026, 11, 27, 16), us(2026, 11, 30, 10), done["id"])
    refused = staff.get(server.url + "/api/v1/applications", params={"status": "refused"}).json()
    row = next(a for a in refused["items"] if a["id"] == done["id"])
    assert row["handling"]["waited_business_minutes"] == 120
    waiting = apply(server, cat, unique("HD").upper())
    server.sql("UPDATE applications SET created_at = ? WHERE id = ?", us(2026, 11, 27, 16),
               waiting["id"])
    pending = staff.get(server.url + "/api/v1/applications", params={"status": "pending"}).json()
    row = next(a for a in pending["items"] if a["id"] == waiting["id"])
    # At least Friday's last hour and the five business days 11-30..12-04 (8 h each) by now.
    assert row["handling"]["waited_business_minutes"] >= 60 + 5 * 8 * 60
    assert row["handling"]["received_in_window"] is True


def test_change_requests_carry_the_window_too(server, market):
    """TOS-23: a change request's answer carries its handling date, and the operator's change
    request queue shows the business hours it has waited."""
    staff, cat = market
    code = unique("HE").upper()
    s, contract = contractor(server, staff, cat, code)
    r = s.post(server.url + "/api/v1/change-requests", json={
        "kind": "plan", "contract_id": contract["id"], "plan_id": cat["plans"]["pro"]["id"]})
    assert r.status_code == 201, r.text
    change = r.json()["change_request"]
    assert set(change["handling"]) == {"received_in_window", "expected_on", "expected_on_ja",
                                       "waited_business_minutes"}
    server.sql("UPDATE change_requests SET created_at = ? WHERE id = ?", us(2026, 12, 5, 9),
               change["id"])
    q = staff.get(server.url + "/api/v1/change-requests", params={"status": "pending"}).json()
    row = next(c for c in q["items"] if c["id"] == change["id"])
    assert row["handling"]["received_in_window"] is False
    assert row["handling"]["expected_on"] == "2026-12-07"
    assert row["handling"]["expected_on_ja"] == "2026年12月7日"
    assert row["handling"]["waited_business_minutes"] >= 0
    # The contractor sees the same on its own list.
    mine = s.get(server.url + "/api/v1/change-requests").json()
    assert next(c for c in mine["items"] if c["id"] == change["id"])["handling"]["expected_on"] \
        == "2026-12-07"
