"""The contracts list's keyset pages read an index in the list's order (issue 9, SLA-10, CHK-7):
for each scope (tenant, shop, operator) the statement the server sends, taken from
src/store/contracts.c so the test follows any change to it, reads the index range below the
cursor and never sorts: on SQLite `EXPLAIN QUERY PLAN` searches contracts_tenant /
contracts_shop / the primary key with `id<?` and has no temporary B-tree for the ORDER BY; on
PostgreSQL `EXPLAIN` (sequential scans and sorts discouraged, as the audit plan test does, so a
query no index serves still shows them) has an index scan of contracts and no Sort node."""
import os
import re

from conftest import DRIVER

SRC = os.path.join(os.path.dirname(__file__), "..", "..", "src", "store", "contracts.c")
FUNCS = {"an_store_contract_page": "contracts_tenant",
         "an_store_contract_page_shop": "contracts_shop",
         "an_store_contract_page_all": None}


def literals(text):
    """The concatenation of the C string literals in text (no escapes are used in SQL here)."""
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', text))


def statements():
    """{function: SQL} of the three page queries, with the macros they use expanded."""
    src = open(SRC, encoding="utf-8").read()
    macros = {}
    for name in ("CONTRACT_COLS", "PAGE_TAIL"):
        m = re.search(r"#define %s\s*\\\n((?:.*\\\n)*.*\n)" % name, src)
        assert m, name
        macros[name] = literals(m.group(1))
    out = {}
    for fn in FUNCS:
        m = re.search(r"\nint %s\(.*?static const char SQL\[\] = (.*?);\n" % fn, src, re.S)
        assert m, fn
        parts = re.findall(r'"(?:[^"\\]|\\.)*"|[A-Z_]+', m.group(1))
        out[fn] = "".join(macros[p] if p in macros else literals(p) for p in parts)
        assert "ORDER BY c.id DESC" in out[fn] and "c.id < $3" in out[fn], out[fn]
    return out


ARGS = (1, "", 9007199254740991, 51, 0)  # scope, status, cursor, limit + 1, offset


def sqlite_plan(server, sql):
    import sqlite3
    db = sqlite3.connect(os.path.join(server.dir, "anshin.db"))
    try:
        rows = db.execute("EXPLAIN QUERY PLAN " + sql, {str(i + 1): v for i, v in enumerate(ARGS)})
        return [r[-1] for r in rows.fetchall()]
    finally:
        db.close()


def pg_plan(server, sql):
    import psycopg2
    conn = psycopg2.connect(server.env["ANSHIN_STORE_URL"])
    try:
        with conn, conn.cursor() as cur:
            cur.execute("SET enable_seqscan = off; SET enable_sort = off")
            cur.execute("PREPARE page AS " + sql)
            cur.execute("EXPLAIN EXECUTE page(%s, %s, %s, %s, %s)", ARGS)
            return [r[0] for r in cur.fetchall()]
    finally:
        conn.close()


def test_contract_pages_read_an_index_range_without_sorting(server):
    """Each scope's page query: an index range below the cursor, no sort."""
    for fn, sql in statements().items():
        index = FUNCS[fn]
        if DRIVER == "postgres":
            plan = "\n".join(pg_plan(server, sql))
            assert "Sort" not in plan and "Seq Scan on contracts" not in plan, (fn, plan)
            want = r"Index Scan Backward using %s on contracts" % (index or "contracts_pkey")
            assert re.search(want, plan), (fn, plan)
        else:
            plan = sqlite_plan(server, sql)
            text = "\n".join(plan)
            assert "TEMP B-TREE" not in text, (fn, text)
            mine = [p for p in plan if re.match(r"(SEARCH|SCAN) c\b", p)]
            assert len(mine) == 1, (fn, text)
            if index:
                assert mine[0] == "SEARCH c USING INDEX %s (%s=? AND id<?)" % (
                    index, "tenant_id" if index == "contracts_tenant" else "shop_id"), (fn, text)
            else:
                assert mine[0] == "SEARCH c USING INTEGER PRIMARY KEY (rowid<?)", (fn, text)
