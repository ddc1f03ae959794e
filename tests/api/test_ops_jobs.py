"""Issue 12 item 5: announcements are mailed at their publish time, not at posting (CHK-19,
TOS-21): an announcement posted for later has no delivery until its time comes; the job of
`anshin serve` then mails the audience once and records each delivery."""
import datetime
import time

from conftest import unique
from market import JST, contractor, setup_catalogue

FAST = {"ANSHIN_OPS_JOBS_INTERVAL_MS": "200"}


def deliveries(srv, title):
    return srv.sql("SELECT d.to_addr, d.mail_id FROM ops_announcement_deliveries d "
                   "JOIN ops_announcements a ON a.id = d.announcement_id WHERE a.title = ?", title)


def test_announcement_mailed_at_its_publish_time(make_server):
    """CHK-19, TOS-21: publish_at 3 seconds ahead: no mail and no delivery at posting; after the
    publish time exactly one delivery per responsible person, with its mail."""
    srv = make_server(env=FAST)
    srv.create_staff("admin")
    srv.start()
    admin = srv.login("admin")
    code = unique("oj")
    cat = setup_catalogue(srv, admin, code)
    contractor(srv, admin, cat, code.upper())
    email = "yamada@%s.example.jp" % code.upper().lower()
    at = (datetime.datetime.now(JST) + datetime.timedelta(seconds=3)).replace(microsecond=0)
    r = admin.post(srv.url + "/api/v1/announcements", json={
        "kind": "general", "title": "夏季休業のお知らせ", "body": "8月13日から15日まで休業します。",
        "audience": "service", "service_id": cat["service"]["id"], "publish_at": at.isoformat()})
    assert r.status_code == 201, r.text
    assert r.json()["announcement"]["deliveries"] == []
    assert deliveries(srv, "夏季休業のお知らせ") == []
    deadline = time.time() + 15
    while time.time() < deadline and not deliveries(srv, "夏季休業のお知らせ"):
        time.sleep(0.1)
    got = deliveries(srv, "夏季休業のお知らせ")
    assert [d[0] for d in got] == [email] and got[0][1]
    assert datetime.datetime.now(JST) >= at
    time.sleep(0.6)  # later rounds do not mail it again
    assert len(deliveries(srv, "夏季休業のお知らせ")) == 1
    # posted for now: mailed at posting, as before
    r = admin.post(srv.url + "/api/v1/announcements", json={
        "kind": "general", "title": "臨時のお知らせ", "body": "本文", "audience": "service",
        "service_id": cat["service"]["id"]})
    assert [d["to_addr"] for d in r.json()["announcement"]["deliveries"]] == [email]
