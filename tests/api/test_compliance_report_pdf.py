"""The printable self-assessment report (issue 16 item 5; CHK-14, MARK-3-1-5, MARK-3-1-7):
GET /api/v1/compliance/report.pdf and `anshin compliance report --format pdf --output FILE` give an
A4 PDF in the reader's language with the operator, the evaluation time in JST, the counts per
checklist, the safety-mark verdict of both applications and every failing item with its reason and
next step — the same assessment as the JSON."""
import os
import subprocess
import tempfile

from conftest import unique
from tenancy import create_tenant, first_password, user_session

SERVER_ENV = {"ANSHIN_COMPLIANCE_INTERVAL_MS": "0"}


def pdf_text(data):
    with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as f:
        f.write(data)
    try:
        return subprocess.run(["pdftotext", "-layout", f.name, "-"], capture_output=True,
                              check=True).stdout.decode("utf-8")
    finally:
        os.unlink(f.name)


def test_report_pdf_in_both_languages(server, admin):
    """The report names the operator and the verdict words, and lists a failing item (3-1-5: no
    backup on a fresh system) with its reason; English on Accept-Language: en."""
    r = admin.put(server.url + "/api/v1/operator-profile",
                  json=dict(legal_name="株式会社アンシン・マーケット", address="東京都千代田区",
                            representative="代表 安心", contact="ops@anshin.example.jp",
                            invoice_number=""))
    assert r.status_code in (200, 204), r.text
    assert admin.post(server.url + "/api/v1/compliance/evaluate").status_code == 200
    mark = admin.get(server.url + "/api/v1/compliance/catalogs/mark").json()
    item = next(i for s in mark["sections"] for i in s["items"] if i["id"] == "3-1-5")
    assert item["status"] == "non_compliant"
    r = admin.get(server.url + "/api/v1/compliance/report.pdf")
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("application/pdf")
    assert r.content.startswith(b"%PDF")
    text = pdf_text(r.content)
    flat = "".join(text.split())
    assert "自己評価報告書" in text and "株式会社アンシン・マーケット" in text
    assert "評価日時" in text and "年" in text and "日" in text
    assert "更新審査" in text and "新規申請" in text and "不合格" in text
    assert "3-1-5" in text and "不適合" in text
    assert "".join(item["reason"].split())[:20] in flat
    r = admin.get(server.url + "/api/v1/compliance/report.pdf", headers={"Accept-Language": "en"})
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    en = pdf_text(r.content)
    assert "Self-assessment report" in en and "Renewal" in en and "FAIL" in en
    assert "3-1-5" in en and "JST" in en


def test_report_pdf_from_the_command_line(server, admin):
    """`anshin compliance report --format pdf --output FILE` writes the same report; without
    --output, or with a file that exists, it refuses."""
    out = os.path.join(server.dir, "report-%s.pdf" % unique())
    r = server.cli("compliance", "report", "--format", "pdf", "--output", out, "--lang", "en")
    assert r.returncode == 0, r.stderr
    with open(out, "rb") as f:
        data = f.read()
    assert data.startswith(b"%PDF") and "Safety-mark verdict" in pdf_text(data)
    assert server.cli("compliance", "report", "--format", "pdf").returncode == 2
    assert server.cli("compliance", "report", "--format", "pdf", "--output", out).returncode == 1


def test_report_pdf_is_for_the_operator_only(server, admin):
    """compliance.read: a tenant user gets 403."""
    code = unique("CR").upper()
    t = create_tenant(server, admin, code, "報告書閲覧不可株式会社")
    ta = user_session(server, code, "admin1", first_password(server, t))
    assert ta.get(server.url + "/api/v1/compliance/report.pdf").status_code == 403
