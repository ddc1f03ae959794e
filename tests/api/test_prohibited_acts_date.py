"""The built-in prohibited-acts document (TOS-17, MARK-4-2-3) is dated the first start, not
2000年1月1日 (issue 10 item 16): on a fresh database its effective date is today in Japan."""
import datetime

import requests


def test_builtin_prohibited_acts_is_dated_the_first_start(server):
    r = requests.get(server.url + "/api/v1/documents/prohibited-acts")
    assert r.status_code == 200, r.text
    body = r.json()
    doc = body["in_force"]
    jst = datetime.timezone(datetime.timedelta(hours=9))
    today = datetime.datetime.now(jst).date()
    effective = datetime.date.fromisoformat(doc["effective_on"])
    assert effective != datetime.date(2000, 1, 1), doc
    # The test server migrated moments ago (a day boundary may pass in between).
    assert today - datetime.timedelta(days=1) <= effective <= today, doc
