"""The message catalogue and the formatter (issue 9, item 4): mails and portal notices write
dates as 2026年12月5日 / Dec 5, 2026 and amounts as 3,300円 / ¥3,300, in the recipient's
language: a user's own choice (PUT /api/v1/me/language), and for a contractor's responsible
person the language the application was sent in (TOS-21, MARK-4-1-4)."""
import datetime
import re

import requests

from conftest import unique
from market import (application, confirm_token, contractor, en_date, initial_password, jp_date,
                    setup_catalogue, today_jst)
from tenancy import NEW_PASSWORD, user_login, user_session

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def outbox(server, to, template="notice"):
    """Every mail queued for to with template, oldest first, as {subject, body}."""
    return [{"subject": m["subject"], "body": m["body_text"], "lang": m["lang"]}
            for m in server.outbox(to, template)]


def mail_about(server, to, word):
    got = [m for m in outbox(server, to) if word in m["subject"]]
    assert got, "no mail about %r to %s (have: %s)" % (
        word, to, [m["subject"] for m in outbox(server, to)])
    return got[-1]


def test_japanese_mails_show_japanese_dates_and_grouped_amounts(server, admin):
    """A contract document and a cancellation notice, in Japanese: 2026年…日 dates, 3,300円-style
    amounts, no ISO dates."""
    cat = setup_catalogue(server, admin, unique("fj"))
    code = unique("FJ").upper()
    s, c = contractor(server, admin, cat, code)
    email = "yamada@%s.example.jp" % code.lower()
    doc = mail_about(server, email, "契約書面")
    assert doc["lang"] == "ja"
    body = doc["body"]
    assert "月額料金　　：1,015円（税込 1,116円、消費税率 10%）" in body, body
    assert "初期費用　　：3,000円（税込 3,300円）" in body, body
    assert "利用開始日　：" + jp_date(c["start_on"]) in body, body
    assert not ISO_DATE.search(body), body
    desired = today_jst() + datetime.timedelta(days=40)
    r = s.post(server.url + "/api/v1/contracts/%d/cancel" % c["id"],
               json={"desired_on": desired.isoformat()})
    assert r.status_code == 200, r.text
    cancel = mail_about(server, email, "解約受付")
    assert "解約日：" + jp_date(desired) in cancel["body"], cancel["body"]
    assert jp_date(today_jst()) + " に受け付けました" in cancel["body"]
    # TOS-7 (Art. 12-2): the amount due at once and what is still charged, each grouped with 円.
    assert re.search(r"直ちにお支払いいただく金額：[\d,]+円（税込", cancel["body"]), cancel["body"]
    assert re.search(r"解約日までに引き続き発生する料金：[\d,]+円（税込", cancel["body"]), cancel["body"]
    assert not ISO_DATE.search(cancel["body"]), cancel["body"]
    notices = s.get(server.url + "/api/v1/notices").json()["items"]
    n = next(n for n in notices if n["kind"] == "cancellation")
    assert n["title"] == "解約受付のお知らせ" and jp_date(desired) in n["body"]


def test_an_application_in_english_gets_english_mails_and_notices(server, admin):
    """The form sent in English (Accept-Language: en, as the web UI sends it): the confirmation,
    the receipt, the contract document and the initial password come in English with
    Dec 5, 2026 dates and ¥3,300 amounts; the new tenant admin's own language starts as English,
    and so do the portal notices they read."""
    cat = setup_catalogue(server, admin, unique("fe"))
    code = unique("FE").upper()
    body = application(cat, code)
    email = body["responsible_email"]
    r = requests.post(server.url + "/api/v1/applications", json=body,
                      headers={"Accept-Language": "en"})
    assert r.status_code == 202, r.text
    conf = outbox(server, email, "application_confirm")[-1]
    assert conf["lang"] == "en" and conf["subject"] == "[anshin] Please confirm your e-mail address"
    r = requests.post(server.url + "/api/v1/applications/confirm",
                      json={"token": confirm_token(server, email)})
    assert r.status_code == 200, r.text
    app = r.json()["application"]
    receipt = mail_about(server, email, "application has been received")
    assert receipt["lang"] == "en" and receipt["body"].startswith("Dear 山田 太郎,")
    r = admin.post(server.url + "/api/v1/applications/%d/approve" % app["id"], json={})
    assert r.status_code == 200, r.text
    c = r.json()["contract"]
    doc = mail_about(server, email, "contract document")
    assert "Monthly fee:     ¥1,015 (¥1,116 incl. tax, consumption tax 10%)" in doc["body"], \
        doc["body"]
    assert "Initial fee:     ¥3,000 (¥3,300 incl. tax)" in doc["body"]
    assert "Start date:      " + en_date(c["start_on"]) in doc["body"]
    assert not ISO_DATE.search(doc["body"]) and "円" not in doc["body"]
    welcome = outbox(server, email, "welcome_admin")
    assert welcome and welcome[-1]["lang"] == "en", welcome
    assert "Dear " in welcome[-1]["body"] and "/set-password#token=" in welcome[-1]["body"]
    pw = initial_password(server, admin, email)
    s = user_session(server, code, "yamada", pw)
    assert s.get(server.url + "/api/v1/me/language").json() == {"language": "en"}
    notices = s.get(server.url + "/api/v1/notices").json()["items"]
    n = next(n for n in notices if n["kind"] == "contract")
    assert n["title"] == "Your contract has been concluded (contract document)", n
    assert en_date(c["start_on"]) in n["body"] and "¥3,300" in n["body"]


def test_switching_a_users_language_to_english(server, admin):
    """A tenant user chooses English: their own mails (the e-mail sign-in code) and the portal
    notices they read turn English; Japanese again when they switch back. Staff choose too;
    any other value is refused."""
    cat = setup_catalogue(server, admin, unique("fs"))
    code = unique("FS").upper()
    s, c = contractor(server, admin, cat, code)
    url = server.url + "/api/v1/me/language"
    assert s.get(url).json() == {"language": "ja"}
    title_ja = "ご契約成立のお知らせ（契約書面）"
    notices = s.get(server.url + "/api/v1/notices").json()["items"]
    assert any(n["title"] == title_ja for n in notices)
    r = s.put(url, json={"language": "en"})
    assert r.status_code == 200 and r.json() == {"language": "en"}, r.text
    assert s.get(url).json() == {"language": "en"}
    notices = s.get(server.url + "/api/v1/notices").json()["items"]
    n = next(n for n in notices if n["kind"] == "contract")
    assert n["title"] == "Your contract has been concluded (contract document)"
    assert en_date(c["start_on"]) in n["body"] and "¥1,116" in n["body"]
    # The user's own mail: the e-mail sign-in code, in English.
    email = "yamada@%s.example.jp" % code.lower()
    assert s.post(server.url + "/api/v1/me/mfa/email").status_code == 204
    r = user_login(server, code, "yamada", NEW_PASSWORD)
    assert r.status_code == 200 and r.json()["mfa_method"] == "email", r.text
    otp = outbox(server, email, "email_otp")
    assert otp and otp[-1]["lang"] == "en", otp
    assert otp[-1]["subject"] == "[anshin] Your sign-in code"
    assert re.search(r"^  \d{6}$", otp[-1]["body"], re.M), otp[-1]["body"]
    for bad in ("fr", "EN", ""):
        assert s.put(url, json={"language": bad}).status_code in (400, 422)
    assert s.put(url, json={"language": "ja"}).json() == {"language": "ja"}
    notices = s.get(server.url + "/api/v1/notices").json()["items"]
    assert any(n["title"] == title_ja for n in notices)
    # Operator staff have a language too, audited like any change of one's own settings.
    assert admin.get(url).json() == {"language": "ja"}
    assert admin.put(url, json={"language": "en"}).json() == {"language": "en"}
    assert admin.put(url, json={"language": "ja"}).json() == {"language": "ja"}
    rows = server.sql("SELECT COUNT(*) FROM audit_events WHERE action = 'me.language'")
    assert rows[0][0] >= 4
