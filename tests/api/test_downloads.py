"""Downloads name their file through one Content-Disposition helper (issue 9 review finding):
a Japanese file name reaches the browser intact as RFC 6266 filename*=UTF-8'' beside an ASCII
fallback, instead of being written raw into a fixed 160-byte buffer. MARK-5-1-4 (attachments of
the ticket history), SLA-24."""
import base64
import re
import urllib.parse

from conftest import unique
from tenancy import create_tenant, user_session

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


def test_attachment_with_a_japanese_name_downloads_under_that_name(server):
    """A ticket attachment called 見積書（最終版）.png downloads with filename*=UTF-8'' naming it
    exactly and a quoted ASCII fallback with no raw non-ASCII byte or quote in it."""
    admin = server.login("admin")
    t = create_tenant(server, admin, unique("DL").upper(), "ダウンロード株式会社")
    s = user_session(server, t["tenant"]["company_code"], "admin1", t["initial_password"])
    r = s.post(server.url + "/api/v1/tickets",
               json={"category": "question", "subject": "添付の確認", "body": "見積書を添付します。"})
    assert r.status_code == 201, r.text
    tid = r.json()["id"]
    name = "見積書（最終版）\"2026\".png"
    r = s.post(server.url + "/api/v1/tickets/%d/attachments" % tid,
               json={"filename": name, "content_type": "image/png",
                     "data_base64": base64.b64encode(PNG).decode()})
    assert r.status_code == 201, r.text
    aid = r.json()["attachment"]["id"]
    got = s.get(server.url + "/api/v1/tickets/%d/attachments/%d" % (tid, aid))
    assert got.status_code == 200 and got.content == PNG
    raw = got.raw.headers.get("Content-Disposition")
    raw.encode("ascii")  # a header value is ASCII: nothing raw from the name
    m = re.fullmatch(r'attachment; filename="([ -~]*)"; filename\*=UTF-8\'\'([A-Za-z0-9%!#$&+.^_`|~-]+)',
                     raw)
    assert m, raw
    assert '"' not in m.group(1) and m.group(1).endswith("_2026_.png")
    assert urllib.parse.unquote(m.group(2), encoding="utf-8", errors="strict") == name
