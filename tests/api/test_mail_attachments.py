"""The deletion certificate travels with its mail (CHK-17, SLA-14, TOS-21): the mail telling the
responsible person that the tenant's data was deleted (WP-11) carries the signed certificate PDF as
an attachment named in the recipient's language (RFC 2231), sent as multipart/mixed through a real
SMTP server; the file is sealed at rest like the mail (SLA-15); a plain mail stays one text part;
no mail carries a secret."""
import email
import email.policy
import os
import re
import subprocess
import tempfile
import time

from conftest import ADMIN_PASSWORD, DRIVER, unique
from market import jp_date, today_jst
from tenancy import create_tenant
from test_erase import cli
from test_mail import Sink, queue_test_mail


def erase(srv, code):
    r = cli(srv, "erase", "request", "--tenant", code, "--reason", "契約者からの削除依頼",
            "--as", "alice")
    assert r.returncode == 0, r.stderr
    req = int(r.stdout.split('"request_id": ')[1].split(",")[0])
    ok = cli(srv, "erase", "approve", str(req), "--as", "bob")
    assert ok.returncode == 0, ok.stderr


def pdf_text(data):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        return subprocess.run(["pdftotext", "-enc", "UTF-8", f.name, "-"], capture_output=True,
                              check=True).stdout.decode("utf-8")


def no_secret(srv, raw):
    text = raw.decode("ascii", "replace")
    assert "#token=" not in text and ADMIN_PASSWORD not in text
    key = open(srv.env["ANSHIN_KEYS_MASTER_KEY_FILE"], "rb").read().strip()
    assert key not in raw


def test_deletion_mail_carries_the_certificate_and_a_plain_mail_stays_single_part(make_server):
    """CHK-17, SLA-14, WP-11, TOS-21: after a company's deletion the responsible person's mail is
    multipart/mixed with the text and the certificate PDF (Japanese file name for a Japanese
    recipient, English for an English one, RFC 2231); the PDF is the signed certificate, its
    text names the company code and the date; the stored file is sealed; a test mail is one
    text/plain part; nothing secret in either."""
    sink = Sink().start()
    try:
        srv = make_server(DRIVER, env={"ANSHIN_MAIL_RELAY": "smtp://127.0.0.1:%d" % sink.port,
                                       "ANSHIN_MAIL_POLL_INTERVAL_MS": "100"})
        for login in ("alice", "bob"):
            srv.create_staff(login, roles="admin")
        srv.start()
        alice = srv.login("alice")
        ja_code, en_code = unique("AJ").upper(), unique("AE").upper()
        create_tenant(srv, alice, ja_code, "添付株式会社")
        create_tenant(srv, alice, en_code, "Attach KK")
        srv.sql("UPDATE tenants SET lang = 'en' WHERE company_code = ?", en_code)
        erase(srv, ja_code)
        erase(srv, en_code)

        for code, lang in ((ja_code, "ja"), (en_code, "en")):
            rcpt = "owner@%s.example.jp" % code.lower()
            mail = None
            for _ in range(300):
                got = [e for e in sink.envelopes if rcpt in e.rcpt_tos and
                       "multipart" in email.message_from_bytes(e.content)["Content-Type"]]
                if got:
                    mail = got[0]
                    break
                time.sleep(0.05)
            assert mail, "no deletion mail with a file reached the sink for %s" % rcpt
            raw = mail.content
            msg = email.message_from_bytes(raw, policy=email.policy.default)
            assert msg.get_content_type() == "multipart/mixed"
            parts = list(msg.iter_parts())
            assert [p.get_content_type() for p in parts] == ["text/plain", "application/pdf"]
            body = parts[0].get_content()
            att = parts[1]
            assert att.get_content_disposition() == "attachment"
            name = att.get_filename()
            m = re.search(r"DC-%s-\d+" % code, name)
            assert m, name
            if lang == "ja":
                assert name == "データ削除証明書_%s.pdf" % m.group(0)
                assert "添付いたしました" in body and code in body
                # A non-ASCII name goes as RFC 2231 (filename*=UTF-8''...).
                assert re.search(rb"filename\*(0\*)?=(\")?UTF-8''", raw, re.I), raw[:2000]
            else:
                assert name == "Deletion-certificate_%s.pdf" % m.group(0)
                assert "attached to this message" in body
            data = att.get_content()
            assert data.startswith(b"%PDF-") and b"%ANSHIN-SIGNATURE ed25519 " in data
            text = pdf_text(data)
            assert code in text and m.group(0) in text
            assert jp_date(today_jst()) in text, text
            # The mailed copy is the certificate kept on file, and it verifies.
            [kept] = [os.path.join(srv.dir, "var", "certificates", f)
                      for f in os.listdir(os.path.join(srv.dir, "var", "certificates"))
                      if f == m.group(0) + ".pdf"]
            assert open(kept, "rb").read() == data
            no_secret(srv, raw)

        # At rest the file and its name are sealed: neither the name nor the PDF's bytes.
        rows = srv.sql("SELECT filename, content, content_type FROM mail_attachments")
        assert len(rows) == 2
        for filename, content, ctype in rows:
            assert filename.startswith("an1:") and content.startswith("an1:")
            assert ctype == "application/pdf"
            assert "DC-" not in filename and "JVBERi" not in content

        # A plain mail is one text/plain part, as before.
        to = unique("plain") + "@example.jp"
        queue_test_mail(srv, to)
        plain = sink.wait_for(to)
        pm = email.message_from_bytes(plain.content, policy=email.policy.default)
        assert not pm.is_multipart() and pm.get_content_type() == "text/plain"
        no_secret(srv, plain.content)
    finally:
        sink.stop()
