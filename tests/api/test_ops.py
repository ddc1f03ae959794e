"""Operations and service levels (issue 12): the regular maintenance window and its command,
notice rules for maintenance and announcements, incidents with the contractors told and the
one-business-day target, measured availability as SLA-4 defines it, the public status JSON and
the Atom feed. SLA-1, SLA-2, SLA-4, SLA-6, SLA-8, SLA-27, SLA-31, CHK-1, CHK-19, CHK-22, WP-14,
WP-19, TOS-21, MARK-3-3-1, MARK-5-2-1."""
import calendar
import datetime
import re
import xml.etree.ElementTree as ET

import pytest
import requests

from conftest import unique
from market import JST, contractor, setup_catalogue, today_jst
from test_mail import Sink

ATOM = "{http://www.w3.org/2005/Atom}"


def fourth_sunday(y, m):
    first = datetime.date(y, m, 1)
    return first + datetime.timedelta(days=(6 - first.weekday()) % 7 + 21)


def jst(y, mo, d, h=0, mi=0):
    return datetime.datetime(y, mo, d, h, mi, tzinfo=JST).isoformat()


@pytest.fixture(scope="module")
def cat(server):
    admin = server.login("admin")
    return setup_catalogue(server, admin, unique("ops"))


def test_maintenance_planned_prints_the_fourth_sundays(server):
    """SLA-1, MARK-5-2-1: exactly 12 lines START<TAB>END, RFC 3339 +09:00, 00:00-05:00 JST on
    the 4th Sunday, over several years (2026-02 and 2026-03 start on a Sunday, 2026-06 and
    2027-03 on a Monday)."""
    for year in (2025, 2026, 2027, 2028, 2031):
        r = server.cli("maintenance", "planned", "--year", str(year))
        assert r.returncode == 0, r.stderr
        lines = r.stdout.splitlines()
        assert len(lines) == 12
        for m, line in enumerate(lines, 1):
            d = fourth_sunday(year, m)
            assert line == "%sT00:00:00+09:00\t%sT05:00:00+09:00" % (d, d)
    out = server.cli("maintenance", "planned", "--year", "2026").stdout.splitlines()
    assert out[1].startswith("2026-02-22T") and out[2].startswith("2026-03-22T")
    assert out[5].startswith("2026-06-28T")
    assert server.cli("maintenance", "planned", "--year", "26").returncode == 2


def test_incident_needs_an_operator(server, cat):
    r = requests.post(server.url + "/api/v1/incidents",
                      json={"title": "x", "impact": "major_outage", "started_at": jst(2026, 7, 1)})
    assert r.status_code == 401
    admin = server.login("admin")
    r = admin.post(server.url + "/api/v1/incidents",
                   json={"title": "x", "impact": "total", "started_at": jst(2026, 7, 1)})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "impact"
    r = admin.post(server.url + "/api/v1/incidents", json={
        "title": "x", "impact": "major_outage", "started_at": jst(2026, 7, 1), "extra": 1})
    assert r.status_code == 400


def shift_maintenance(server, wid, start, end):
    """Moves a window announced within its notice into the past (time travel)."""
    s = int(datetime.datetime.fromisoformat(start).timestamp() * 1e6)
    e = int(datetime.datetime.fromisoformat(end).timestamp() * 1e6)
    server.sql("UPDATE ops_maintenance SET starts_at = ?, ends_at = ?, announced_at = ? "
               "WHERE id = ?", s, e, s - 30 * 86400 * 10**6, wid)


def schedule(admin, server, start, end, **kw):
    body = {"kind": "maintenance", "title": "データベース更新", "starts_at": start, "ends_at": end}
    body.update(kw)
    return admin.post(server.url + "/api/v1/maintenance", json=body)


def test_availability_to_the_minute(server, cat):
    """SLA-4: July 2026 (44,640 minutes). Announced maintenance: the regular window of 26 July
    (300 min) and a window scheduled within its notice on 15 July 01:00-03:00 (120 min); an
    urgent window (not within its notice) still counts as planned time. Downtime: a 90-minute
    major outage, and a major outage 04:00-06:00 on 26 July of which only 05:00-06:00 is
    outside maintenance (60 min); a partial outage counts 0 by default. 44,220 planned, 150
    down: 99.661 %."""
    admin = server.login("admin")
    sid = cat["service"]["id"]
    far = today_jst() + datetime.timedelta(days=40)
    r = schedule(admin, server, far.isoformat() + "T01:00:00+09:00",
                 far.isoformat() + "T03:00:00+09:00", service_id=sid)
    assert r.status_code == 201, r.text
    assert r.json()["maintenance"]["within_notice"] == 1
    shift_maintenance(server, r.json()["maintenance"]["id"], jst(2026, 7, 15, 1), jst(2026, 7, 15, 3))
    soon = today_jst() + datetime.timedelta(days=2)
    r = schedule(admin, server, soon.isoformat() + "T01:00:00+09:00",
                 soon.isoformat() + "T02:00:00+09:00", service_id=sid, urgent=True,
                 urgent_reason="脆弱性対応のため")
    assert r.status_code == 201, r.text
    assert r.json()["maintenance"]["within_notice"] == 0
    assert r.json()["maintenance"]["urgent_reason"] == "脆弱性対応のため"
    shift_maintenance(server, r.json()["maintenance"]["id"], jst(2026, 7, 16, 1), jst(2026, 7, 16, 2))
    server.sql("UPDATE ops_maintenance SET within_notice = 0 WHERE id = ?",
               r.json()["maintenance"]["id"])
    for title, impact, s, e in (("全面停止", "major_outage", jst(2026, 7, 10, 10), jst(2026, 7, 10, 11, 30)),
                                ("一部停止", "partial_outage", jst(2026, 7, 20, 12), jst(2026, 7, 20, 13)),
                                ("保守中の停止", "major_outage", jst(2026, 7, 26, 4), jst(2026, 7, 26, 6))):
        r = admin.post(server.url + "/api/v1/incidents", json={
            "title": title, "impact": impact, "service_ids": [sid], "started_at": s,
            "resolved_at": e})
        assert r.status_code == 201, r.text
        assert r.json()["incident"]["status"] == "resolved"
    r = admin.get(server.url + "/api/v1/sla/availability",
                  params={"from": jst(2026, 7, 1), "to": jst(2026, 8, 1), "service": sid})
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["period_minutes"] == 44640
    assert got["maintenance_minutes"] == 420
    assert got["planned_minutes"] == 44220
    assert got["downtime_minutes"] == 150
    assert got["availability_percent"] == 99.661
    assert '"availability_percent":99.661,' in r.text  # three decimals, as written
    assert len(got["incidents"]) == 3
    # Another service's outage does not count against this one.
    other = setup_catalogue(server, admin, unique("opx"))["service"]["id"]
    r = admin.post(server.url + "/api/v1/incidents", json={
        "title": "別サービス", "impact": "major_outage", "service_ids": [other],
        "started_at": jst(2026, 7, 3, 10), "resolved_at": jst(2026, 7, 3, 12)})
    assert r.status_code == 201
    r = admin.get(server.url + "/api/v1/sla/availability",
                  params={"from": jst(2026, 7, 1), "to": jst(2026, 8, 1), "service": sid})
    assert r.json()["downtime_minutes"] == 150
    r = admin.get(server.url + "/api/v1/sla/availability",
                  params={"from": jst(2026, 7, 1), "to": jst(2026, 8, 1), "service": other})
    assert r.json()["downtime_minutes"] == 120 and r.json()["maintenance_minutes"] == 300
    r = admin.get(server.url + "/api/v1/sla/availability", params={"from": jst(2026, 7, 1)})
    assert r.status_code == 400


def next_month(d):
    y, m = (d.year + 1, 1) if d.month == 12 else (d.year, d.month + 1)
    return datetime.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def test_maintenance_notice_rules(server, cat):
    """SLA-2: maintenance a week ahead, a planned stop a month ahead: one day short is refused
    with the first allowed date, the day itself is accepted; urgent needs a reason."""
    admin = server.login("admin")
    today = today_jst()
    for kind, first in (("maintenance", today + datetime.timedelta(days=7)),
                        ("planned_stop", next_month(today))):
        short = first - datetime.timedelta(days=1)
        r = schedule(admin, server, short.isoformat() + "T01:00:00+09:00",
                     short.isoformat() + "T02:00:00+09:00", kind=kind)
        assert r.status_code == 422, r.text
        assert r.json()["errors"][0]["earliest"] == first.isoformat()
        assert r.json()["errors"][0]["field"] == "starts_at"
        r = schedule(admin, server, first.isoformat() + "T00:00:00+09:00",
                     first.isoformat() + "T02:00:00+09:00", kind=kind)
        assert r.status_code == 201, r.text
        assert r.json()["maintenance"]["state"] == "scheduled"
    short = today + datetime.timedelta(days=3)
    r = schedule(admin, server, short.isoformat() + "T01:00:00+09:00",
                 short.isoformat() + "T02:00:00+09:00", urgent=True)
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "urgent_reason"


def announce(admin, server, **kw):
    body = {"kind": "general", "title": "お知らせ", "body": "本文です。"}
    body.update(kw)
    return admin.post(server.url + "/api/v1/announcements", json=body)


def test_announcement_notice_rules(server, cat):
    """CHK-1, SLA-27, CHK-22, WP-14, SLA-2: each rule refused one day short with the first
    allowed date, accepted on the day; urgent with a reason is accepted and recorded."""
    admin = server.login("admin")
    today = today_jst()
    week = today + datetime.timedelta(days=7)
    rules = {"version_upgrade": week, "browser_support": week, "terms_change": week,
             "maintenance": week, "planned_stop": next_month(today),
             "security_change": today + datetime.timedelta(days=1)}
    for kind, first in rules.items():
        short = first - datetime.timedelta(days=1)
        r = announce(admin, server, kind=kind, effective_at=short.isoformat() + "T10:00:00+09:00")
        assert r.status_code == 422, (kind, r.text)
        assert r.json()["errors"][0]["earliest"] == first.isoformat()
        assert r.json()["errors"][0]["field"] == "effective_at"
        r = announce(admin, server, kind=kind, effective_at=first.isoformat() + "T00:00:00+09:00")
        assert r.status_code == 201, (kind, r.text)
    r = announce(admin, server, kind="version_upgrade")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "effective_at"
    r = announce(admin, server, kind="version_upgrade", urgent=True, urgent_reason="緊急の修正",
                 effective_at=today.isoformat() + "T23:00:00+09:00")
    assert r.status_code == 201, r.text
    assert r.json()["announcement"]["urgent"] == 1
    assert r.json()["announcement"]["urgent_reason"] == "緊急の修正"
    r = announce(admin, server, kind="rumour")
    assert r.status_code == 400


def test_atom_feed_parses(server, cat):
    """CHK-19: /announcements.atom without a session, Atom 1.0 with the public announcements."""
    admin = server.login("admin")
    title = "年末年始のサポート窓口 <" + unique("a") + "> & ご案内"
    assert announce(admin, server, title=title).status_code == 201
    r = requests.get(server.url + "/announcements.atom")
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(r.content)
    assert root.tag == ATOM + "feed"
    for child in ("id", "title", "updated"):
        assert root.find(ATOM + child) is not None
    entries = root.findall(ATOM + "entry")
    assert entries and entries[0].find(ATOM + "title").text == title
    for e in entries:
        for child in ("id", "title", "updated"):
            assert e.find(ATOM + child) is not None and e.find(ATOM + child).text


def test_one_business_day_target(server, cat):
    """WP-19: detected on Friday 2026-11-20, the next business day is Tuesday 2026-11-24 (the
    weekend, then Labour Thanksgiving Day on Monday); recorded later, the target is missed."""
    admin = server.login("admin")
    r = admin.post(server.url + "/api/v1/incidents", json={
        "title": "夜間のメール遅延", "impact": "degraded", "started_at": jst(2026, 11, 20, 18),
        "detected_at": jst(2026, 11, 20, 18, 30), "resolved_at": jst(2026, 11, 20, 20)})
    assert r.status_code == 201, r.text
    inc = r.json()["incident"]
    assert inc["notify_due_on"] == "2026-11-24"
    assert inc["notification_missed"] is True
    assert inc["duration_minutes"] == 120
    r = admin.post(server.url + "/api/v1/incidents", json={
        "title": "ログインできない", "impact": "partial_outage",
        "started_at": datetime.datetime.now(JST).replace(microsecond=0).isoformat()})
    assert r.status_code == 201, r.text
    assert r.json()["incident"]["notification_missed"] is False
    assert r.json()["incident"]["notified_at"]
    # the lifecycle: identified -> monitoring -> resolved, each update kept with its time
    iid = r.json()["incident"]["id"]
    for st in ("identified", "monitoring", "resolved"):
        u = admin.post(server.url + "/api/v1/incidents/%d/updates" % iid,
                       json={"status": st, "body": "状況：" + st})
        assert u.status_code == 200, u.text
    got = u.json()["incident"]
    assert [x["status"] for x in got["updates"]] == ["investigating", "identified", "monitoring",
                                                      "resolved"]
    assert got["resolved_at"]
    r = admin.put(server.url + "/api/v1/incidents/%d/postmortem" % iid,
                  json={"postmortem": "原因：設定誤り。再発防止：レビューの追加。"})
    assert r.status_code == 200 and r.json()["incident"]["postmortem"].startswith("原因")
    r = admin.get(server.url + "/api/v1/incident-stats", params={"year": 2026})
    assert r.status_code == 200
    assert r.json()["incidents"] >= 2 and r.json()["mttr_target_minutes"] == 30


def test_failure_report_lands_in_the_queue(server, cat):
    """SLA-31: anyone reports a failure; it is in the operator's incident queue."""
    title = "画面が表示されない " + unique("r")
    r = requests.post(server.url + "/api/v1/failure-reports",
                      json={"title": title, "description": "エラー 503 が出ます。"})
    assert r.status_code == 201, r.text
    admin = server.login("admin")
    items = admin.get(server.url + "/api/v1/incidents", params={"status": "reported"}).json()["items"]
    assert any(i["title"] == title and i["source"] == "report" for i in items)


def test_status_is_public_and_cached(server, cat):
    """The status JSON without a session: components, services, 90 daily bars, active
    incidents; 304 to its ETag."""
    admin = server.login("admin")
    sid = cat["service"]["id"]
    title = "稼働中の障害 " + unique("s")
    r = admin.post(server.url + "/api/v1/incidents", json={
        "title": title, "impact": "major_outage", "service_ids": [sid],
        "started_at": (datetime.datetime.now(JST).replace(microsecond=0)
                       - datetime.timedelta(hours=3)).isoformat()})
    assert r.status_code == 201
    r = requests.get(server.url + "/api/v1/status")
    assert r.status_code == 200
    st = r.json()
    assert len(st["days"]) == 90 and st["days"][-1] == today_jst().isoformat()
    assert [c["key"] for c in st["components"]] == ["web", "api", "database", "mail"]
    svc = [s for s in st["services"] if s["id"] == sid][0]
    assert svc["state"] == "major_outage" and len(svc["availability"]) == 90
    assert svc["impact"][-1] == "major_outage" and min(svc["availability"][-2:]) < 100
    assert any(i["title"] == title for i in st["incidents"])
    r2 = requests.get(server.url + "/api/v1/status", headers={"If-None-Match": r.headers["ETag"]})
    assert r2.status_code in (200, 304)
    if r2.status_code == 200:  # rebuilt after [ops] status_cache_ms
        assert r2.headers["ETag"] != r.headers["ETag"] or r2.json() == st


def test_incident_mail_and_announcement_deliveries(make_server):
    """SLA-8, TOS-21: the contractors of the affected service get the incident mail (the real
    SMTP sink); an announcement to a service's contractors records each delivery. A contractor
    reads availability for its own services only (SLA-4)."""
    sink = Sink().start()
    try:
        srv = make_server(env={"ANSHIN_MAIL_RELAY": "smtp://127.0.0.1:%d" % sink.port,
                               "ANSHIN_MAIL_POLL_INTERVAL_MS": "100"})
        srv.create_staff("admin")
        srv.start()
        admin = srv.login("admin")
        code = unique("om")
        cat = setup_catalogue(srv, admin, code)
        tenant, contract = contractor(srv, admin, cat, code.upper())
        email = "yamada@%s.example.jp" % code.upper().lower()
        r = admin.post(srv.url + "/api/v1/incidents", json={
            "title": "ログイン障害", "impact": "major_outage",
            "service_ids": [cat["service"]["id"]], "body": "原因を調査しております。",
            "started_at": datetime.datetime.now(JST).replace(microsecond=0).isoformat()})
        assert r.status_code == 201, r.text
        import email as emaillib
        from email.header import decode_header, make_header
        deadline = datetime.datetime.now() + datetime.timedelta(seconds=15)
        subjects = []
        while datetime.datetime.now() < deadline:
            subjects = [str(make_header(decode_header(emaillib.message_from_bytes(e.content)["Subject"])))
                        for e in sink.envelopes if email in e.rcpt_tos]
            if any("障害" in s for s in subjects):
                break
            import time
            time.sleep(0.1)
        assert any("【障害】ログイン障害" in s for s in subjects), subjects
        r = announce(admin, srv, audience="service", service_id=cat["service"]["id"],
                     title="機能追加のお知らせ")
        assert r.status_code == 201, r.text
        dl = r.json()["announcement"]["deliveries"]
        assert [d["to_addr"] for d in dl] == [email] and dl[0]["mail_id"]
        # the contractor: own service yes, another no, the platform needs a service
        other = setup_catalogue(srv, admin, unique("oo"))["service"]["id"]
        p = {"from": jst(2026, 7, 1), "to": jst(2026, 8, 1)}
        r = tenant.get(srv.url + "/api/v1/sla/availability",
                       params=dict(p, service=cat["service"]["id"]))
        assert r.status_code == 200, r.text
        assert tenant.get(srv.url + "/api/v1/sla/availability",
                          params=dict(p, service=other)).status_code == 404
        assert tenant.get(srv.url + "/api/v1/sla/availability", params=p).status_code == 400
        assert tenant.post(srv.url + "/api/v1/incidents", json={
            "title": "x", "impact": "degraded", "started_at": jst(2026, 7, 1)}).status_code == 403
        items = tenant.get(srv.url + "/api/v1/announcements").json()["items"]
        assert any(a["title"] == "機能追加のお知らせ" for a in items)
    finally:
        sink.stop()


def sink_text(sink, rcpt, pattern, timeout=15):
    """The decoded subject and body of the first mail to rcpt whose subject matches pattern."""
    import email as emaillib
    import time
    from email.header import decode_header, make_header
    deadline = time.time() + timeout
    while time.time() < deadline:
        for e in list(sink.envelopes):
            if rcpt not in e.rcpt_tos:
                continue
            m = emaillib.message_from_bytes(e.content)
            subject = str(make_header(decode_header(m["Subject"])))
            if re.search(pattern, subject):
                return subject, m.get_payload(decode=True).decode("utf-8")
        time.sleep(0.1)
    raise AssertionError("no mail to %s matching %r" % (rcpt, pattern))


def test_status_subscription_double_opt_in(make_server):
    """Issue 12 item 4: subscribing sends only a confirmation (the real SMTP sink); once
    confirmed, an incident mail arrives with a one-click unsubscribe link; after unsubscribing
    no further mail is sent."""
    sink = Sink().start()
    try:
        srv = make_server(env={"ANSHIN_MAIL_RELAY": "smtp://127.0.0.1:%d" % sink.port,
                               "ANSHIN_MAIL_POLL_INTERVAL_MS": "100"})
        srv.create_staff("admin")
        srv.start()
        addr = "watcher-%s@example.jp" % unique("w")
        r = requests.post(srv.url + "/api/v1/status/subscriptions", json={"email": addr})
        assert r.status_code == 202, r.text
        assert requests.post(srv.url + "/api/v1/status/subscriptions",
                             json={"email": "not-an-address"}).status_code == 400
        subject, body = sink_text(sink, addr, "登録確認")
        token = re.search(r"confirm=([A-Za-z0-9_-]+)", body).group(1)
        unsub = re.search(r"unsubscribe=([A-Za-z0-9_-]+)", body).group(1)
        admin = srv.login("admin")
        # not yet confirmed: no incident mail
        r = admin.post(srv.url + "/api/v1/incidents", json={
            "title": "確認前の障害", "impact": "degraded",
            "started_at": datetime.datetime.now(JST).replace(microsecond=0).isoformat()})
        assert r.status_code == 201
        r = requests.post(srv.url + "/api/v1/status/subscriptions/confirm", json={"token": token})
        assert r.status_code == 200 and r.json()["status"] == "active"
        assert requests.post(srv.url + "/api/v1/status/subscriptions/confirm",
                             json={"token": token}).status_code == 400
        r = admin.post(srv.url + "/api/v1/incidents", json={
            "title": "APIの応答遅延", "impact": "partial_outage", "body": "調査しております。",
            "started_at": datetime.datetime.now(JST).replace(microsecond=0).isoformat()})
        assert r.status_code == 201
        iid = r.json()["incident"]["id"]
        subject, body = sink_text(sink, addr, "APIの応答遅延")
        assert "一部停止" in subject + body and "unsubscribe=" + unsub in body
        with pytest.raises(AssertionError):
            sink_text(sink, addr, "確認前の障害", timeout=0.5)
        r = requests.post(srv.url + "/api/v1/status/subscriptions/unsubscribe", json={"token": unsub})
        assert r.status_code == 200 and r.json()["status"] == "removed"
        count = len([e for e in sink.envelopes if addr in e.rcpt_tos])
        admin.post(srv.url + "/api/v1/incidents/%d/updates" % iid, json={"status": "resolved"})
        import time
        time.sleep(1.5)
        assert len([e for e in sink.envelopes if addr in e.rcpt_tos]) == count
    finally:
        sink.stop()


def test_information_pages(server):
    """Issue 12 item 9 (MARK-7-4-1, TOS-29, TOS-19, MARK-6-1-1, CHK-2, TOS-24, WP-3, TOS-12,
    CHK-26, CHK-27): every page ships in Japanese and English; a new version takes effect on its
    date and the earlier one stays readable; a date in the past is refused with today."""
    for kind, word in (("privacy", "Cookie"), ("security", "フィッシング"),
                       ("environment", "Chrome"), ("support", "9:00"), ("operator", "準拠法")):
        r = requests.get(server.url + "/api/v1/info", params={"kind": kind})
        assert r.status_code == 200, r.text
        doc = r.json()["in_force"]
        assert word in doc["body"] and doc["body_en"] and doc["title_en"]
    assert "開示" in requests.get(server.url + "/api/v1/info",
                                 params={"kind": "privacy"}).json()["in_force"]["body"]
    assert requests.get(server.url + "/api/v1/info", params={"kind": "x"}).status_code == 404
    assert requests.get(server.url + "/privacy").status_code == 200
    admin = server.login("admin")
    yesterday = (today_jst() - datetime.timedelta(days=1)).isoformat()
    r = admin.post(server.url + "/api/v1/info", json={
        "kind": "operator", "title": "運営会社", "body": "脆弱性診断：2026年11月、外部公開部分",
        "effective_on": yesterday})
    assert r.status_code == 422 and r.json()["errors"][0]["earliest"] == today_jst().isoformat()
    r = admin.post(server.url + "/api/v1/info", json={
        "kind": "operator", "title": "運営会社", "body": "脆弱性診断：2026年11月、外部公開部分",
        "effective_on": today_jst().isoformat()})
    assert r.status_code == 201, r.text
    got = requests.get(server.url + "/api/v1/info", params={"kind": "operator"}).json()
    assert got["in_force"]["version"] == 2 and len(got["versions"]) == 2
