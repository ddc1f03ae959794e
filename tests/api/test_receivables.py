"""Receivables (issue 17): invoices in each shop's name with its qualified-invoice registration
number (TOS-13, TOS-20), credit notes, payments imported from the collection agent's result file
in UTF-8 and in Shift_JIS (CP932) and recorded by hand, balances with ageing, and the amount due
at once at a cancellation notice (TOS-7, Art. 12-2) and at a termination (TOS-8, Art. 13).

Months are closed months before today's: contracts are moved back in time behind the API (their
start date), as a contract signed two months ago would be."""
import calendar
import datetime

import pytest

from conftest import unique
from market import contractor, setup_catalogue, today_jst


@pytest.fixture(scope="module")
def cat(server):
    return setup_catalogue(server, server.login("admin"), unique("r"))


def problem(r, status, slug):
    assert r.status_code == status, r.text
    assert r.json()["type"] == "/problems/" + slug
    return r.json()


def month_start(d, back):
    y, m = d.year, d.month - back
    while m < 1:
        y, m = y - 1, m + 12
    return datetime.date(y, m, 1)


def ym(d):
    return d.strftime("%Y-%m")


def backdate(server, contract_id, start):
    server.sql("UPDATE contracts SET start_on = ? WHERE id = ?", start.isoformat(), contract_id)


def issue(admin, server, month):
    r = admin.post(server.url + "/api/v1/invoices/issue", json={"month": month})
    assert r.status_code == 200, r.text + server.read_log()
    return r.json()


def invoices_of(s, server):
    r = s.get(server.url + "/api/v1/invoices")
    assert r.status_code == 200, r.text + server.read_log()
    return r.json()["items"]


def run_due_jobs(server):
    import time
    server.sql("UPDATE jobs SET due_at = 0 WHERE status = 'pending'")
    deadline = time.time() + 15
    while time.time() < deadline:
        if not server.sql("SELECT id FROM jobs WHERE status = 'pending'"):
            return
        time.sleep(0.2)
    raise AssertionError("jobs still pending")


def test_invoice_in_the_shops_name_with_tax_once_per_rate(server, admin, cat):
    """TOS-13, TOS-20: one invoice per contractor, shop and closed month, issued in the shop's
    name with its registration number (T + 13 digits, validated); 10 % and 8 % lines taxed once
    per rate and rounded down; immutable, corrected by a credit note; the month is then invoiced
    again under a new number. Another contractor cannot read it."""
    shop_id = cat["shop"]["id"]
    url = server.url + "/api/v1/shops/%d/invoice-registration" % shop_id
    bad = admin.put(url, json={"invoice_registration_number": "T123"})
    assert problem(bad, 400, "invalid-field")["errors"][0]["field"] == "invoice_registration_number"
    r = admin.put(url, json={"invoice_registration_number": "T1234567890123"})
    assert r.status_code == 200, r.text

    s, c = contractor(server, admin, cat, unique("IV").upper())
    r = s.post(server.url + "/api/v1/change-requests", json={
        "kind": "add_service", "plan_id": cat["plans"]["food"]["id"]})
    assert r.status_code == 201, r.text
    admin.post(server.url + "/api/v1/change-requests/%d/approve" % r.json()["change_request"]["id"],
               json={})
    run_due_jobs(server)
    today = today_jst()
    two_back, last = month_start(today, 2), month_start(today, 1)
    server.sql("UPDATE contracts SET start_on = ? WHERE tenant_id = ?", two_back.isoformat(),
               c["tenant_id"])

    problem(admin.post(server.url + "/api/v1/invoices/issue", json={"month": ym(today)}), 409,
            "month-not-closed")
    problem(admin.post(server.url + "/api/v1/invoices/issue", json={"month": "2026-13"}), 400,
            "invalid-field")
    out = issue(admin, server, ym(last))
    mine = [i for i in invoices_of(s, server) if i["month"] == ym(last)]
    assert len(mine) == 1
    inv = mine[0]
    assert inv["number"] in out["issued"]
    # A whole month: BASIC 1,015 at 10 %, FOOD 1,019 at 8 %, no initial fee (started before).
    assert (inv["subtotal_10"], inv["tax_10"]) == (1015, 101)  # 101.5 rounded down
    assert (inv["subtotal_8"], inv["tax_8"]) == (1019, 81)  # 81.52 rounded down
    assert inv["total"] == 1015 + 101 + 1019 + 81 and inv["open"] == inv["total"]
    assert inv["issuer_name"] == cat["shop"]["name"]
    assert inv["issuer_registration"] == "T1234567890123" and inv["qualified"] is True
    assert inv["kind"] == "invoice" and len(inv["lines"]) == 2
    # Issuing the month again issues nothing new.
    again = issue(admin, server, ym(last))
    assert inv["number"] not in again["issued"]

    other, _ = contractor(server, admin, cat, unique("IW").upper())
    assert other.get(server.url + "/api/v1/invoices/%d" % inv["id"]).status_code == 404
    assert all(i["id"] != inv["id"] for i in invoices_of(other, server))

    r = admin.post(server.url + "/api/v1/invoices/%d/credit-note" % inv["id"],
                   json={"reason": "請求内容の訂正"})
    assert r.status_code == 201, r.text
    cn = r.json()["credit_note"]
    assert cn["kind"] == "credit_note" and cn["total"] == -inv["total"]
    assert cn["corrects_id"] == inv["id"]
    problem(admin.post(server.url + "/api/v1/invoices/%d/credit-note" % inv["id"],
                       json={"reason": "二重"}), 409, "nothing-to-credit")
    got = s.get(server.url + "/api/v1/invoices/%d" % inv["id"]).json()["invoice"]
    assert got["open"] == 0 and got["total"] == inv["total"]  # the invoice itself is unchanged
    again = issue(admin, server, ym(last))
    assert inv["number"] + "-2" in again["issued"]


def three_invoices(server, admin, cat):
    """Three contractors, each with one invoice for last month (BASIC, 1,116 with tax)."""
    today = today_jst()
    last = month_start(today, 1)
    out = []
    for _ in range(3):
        s, c = contractor(server, admin, cat, unique("PY").upper())
        backdate(server, c["id"], month_start(today, 2))
        out.append((s, c))
    issue(admin, server, ym(last))
    invs = []
    for s, c in out:
        mine = [i for i in invoices_of(s, server) if i["month"] == ym(last)]
        assert len(mine) == 1 and mine[0]["total"] == 1116
        invs.append(mine[0])
    return out, invs


def import_file(admin, server, body, name="result.csv"):
    return admin.post(server.url + "/api/v1/payments/import", params={"filename": name},
                      data=body, headers={"Content-Type": "text/csv"})


def test_payment_files_matched_fully_partly_and_over_and_imported_once(server, admin, cat):
    """TOS-7 (payments the agent collected): a result file in UTF-8 with a BOM and one in
    Shift_JIS; rows paid in full, in part, over-paid (kept as credit) and unknown; the same file
    imported twice changes nothing; balances and ageing follow."""
    tenants, (a, b, c) = three_invoices(server, admin, cat)
    paid_on = today_jst().strftime("%Y/%m/%d")
    utf8 = ("\ufeff請求書番号,入金額,入金日,取引番号\r\n"
            "%s,\"1,116\",%s,R1\r\n%s,500,%s,R2\r\n%s,1616,%s,R3\r\nNO-SUCH,100,%s,R4\r\n"
            % (a["number"], paid_on, b["number"], paid_on, c["number"], paid_on, paid_on))
    r = import_file(admin, server, utf8.encode("utf-8"))
    assert r.status_code == 201, r.text
    got = r.json()
    assert got["import"]["encoding"] == "utf-8" and got["duplicate"] is False
    outcomes = [(row["invoice_number"], row["outcome"]) for row in got["rows"]]
    assert outcomes == [(a["number"], "full"), (b["number"], "partial"),
                        (c["number"], "over"), ("NO-SUCH", "unmatched")]
    assert got["rows"][3]["reason"] == "invoice_number"
    before = admin.get(server.url + "/api/v1/payments").json()["items"]

    again = import_file(admin, server, utf8.encode("utf-8"), "result-copy.csv")
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert admin.get(server.url + "/api/v1/payments").json()["items"] == before

    sjis = "請求書番号,入金額,入金日,取引番号\r\n%s,616,%s,振込（残額）\r\n" % (b["number"], paid_on)
    r = import_file(admin, server, sjis.encode("cp932"), "kekka_sjis.csv")
    assert r.status_code == 201, r.text
    assert r.json()["import"]["encoding"] == "cp932"
    assert r.json()["rows"][0]["outcome"] == "full"

    def balance(s):
        items = s.get(server.url + "/api/v1/balances").json()["items"]
        assert len(items) == 1
        return items[0]

    (sa, _), (sb, _), (sc, _) = tenants
    assert balance(sa)["open"] == 0 and balance(sa)["credit"] == 0
    assert balance(sb)["open"] == 0
    assert balance(sc)["credit"] == 500 and balance(sc)["balance"] == -500
    assert [i["open"] for i in invoices_of(sc, server)] == [0]
    problem(import_file(admin, server, b"\xff\xfe\x00garbage\"unclosed"), 400, "invalid-field")
    # The invoice list and the ledger as CSV (issue 17 item 6): a contractor's own rows only.
    own = sa.get(server.url + "/api/v1/invoices.csv")
    assert own.status_code == 200 and own.content.startswith(b"\xef\xbb\xbf"), own.text
    assert a["number"] in own.text and b["number"] not in own.text
    led = admin.get(server.url + "/api/v1/balances.csv", headers={"Accept-Language": "en"})
    assert led.text.lstrip("\ufeff").startswith("as_of,company_name,shop,open,credit,balance,")
    ops = admin.get(server.url + "/api/v1/balances").json()
    assert {"current", "days_1_30", "days_31_60", "days_61_90", "days_91_plus"} <= set(
        ops["items"][0]["ageing"])


def charge(fee, start, frm, to):
    """Fees of a monthly plan on the days frm..to (the statement rule: per month, fee x days /
    days in month, rounded down)."""
    total, d = 0, max(start, frm)
    while d <= to:
        dim = calendar.monthrange(d.year, d.month)[1]
        end = min(to, datetime.date(d.year, d.month, dim))
        total += fee * ((end - d).days + 1) // dim
        d = end + datetime.timedelta(days=1)
    return total


@pytest.mark.parametrize("started", ["today", "two_months_ago"])
def test_amount_due_at_a_cancellation_notice(server, admin, cat, started):
    """TOS-7 (Art. 12-2): at the notice the contractor is shown and told the amount due at once —
    the invoiced and unpaid plus the fees to the notice date not yet invoiced, less what was
    paid — and, apart, what is still charged until the end date; to the yen."""
    today = today_jst()
    s, c = contractor(server, admin, cat, unique("DN").upper())
    start = today
    open_invoices = 0
    if started == "two_months_ago":
        start = month_start(today, 2)
        backdate(server, c["id"], start)
        issue(admin, server, ym(start))
        issue(admin, server, ym(month_start(today, 1)))
        mine = sorted(invoices_of(s, server), key=lambda i: i["month"])
        assert [i["total"] for i in mine] == [4416, 1116]  # 3,000 + 1,015 + 401 tax; 1,015 + 101
        r = admin.post(server.url + "/api/v1/payments", json={
            "invoice_number": mine[0]["number"], "amount": 4416,
            "paid_on": today.isoformat()})
        assert r.status_code == 201 and r.json()["payment"]["outcome"] == "full", r.text
        open_invoices = 1116
        accrued_base = charge(1015, start, month_start(today, 0), today)
    else:
        accrued_base = 3000 + charge(1015, start, start, today)
    preview = s.get(server.url + "/api/v1/contracts/%d/cancel-preview" % c["id"]).json()
    end = datetime.date.fromisoformat(preview["end_on"])
    accrued = accrued_base + accrued_base * 10 // 100
    after = charge(1015, start, today + datetime.timedelta(days=1), end)
    after += after * 10 // 100
    want = {"open_invoices": open_invoices, "accrued": accrued, "credit": 0,
            "due_now": open_invoices + accrued, "until_end": after}
    assert preview["due"] == want
    r = s.post(server.url + "/api/v1/contracts/%d/cancel" % c["id"], json={})
    assert r.status_code == 200, r.text
    assert r.json()["amount_due"] == want["due_now"] and r.json()["due"] == want
    body = [m["body_text"] for m in server.outbox(template="notice")
            if c["number"] in m["body_text"] and "解約" in m["body_text"]][-1]
    assert "{:,}円".format(want["due_now"]) in body
    assert "{:,}円".format(want["until_end"]) in body


def test_termination_makes_every_open_amount_due(server, admin, cat):
    """TOS-8 (Art. 13-2): a termination makes the open invoices and the fees to that day due at
    once, stated with the figure in the notice and recorded in the audit event."""
    today = today_jst()
    s, c = contractor(server, admin, cat, unique("TM").upper())
    start = month_start(today, 1)
    backdate(server, c["id"], start)
    issue(admin, server, ym(start))
    r = admin.post(server.url + "/api/v1/contracts/%d/terminate" % c["id"],
                   json={"cause": "non_performance"})
    assert r.status_code == 200, r.text
    accrued = charge(1015, start, month_start(today, 0), today)
    want = 4416 + accrued + accrued * 10 // 100
    rows = server.sql("SELECT details FROM audit_events WHERE action = 'contract.terminate' "
                      "AND tenant_id = ?", c["tenant_id"])
    assert '"due_now":%d' % want in rows[0][0].replace(" ", "")
    notices = s.get(server.url + "/api/v1/notices").json()["items"]
    assert any("{:,}円".format(want) in n["body"] for n in notices)
