"""Seeds audit events straight into a migrated anshin database for bench/audit.sh.

    python3 bench/audit_seed.py sqlite DB_PATH N BIG_TENANT_ID
    python3 bench/audit_seed.py postgres URL N BIG_TENANT_ID

Inserts N events spread evenly over the 365 days before now, generated inside the database (a
recursive CTE on SQLite, generate_series on PostgreSQL), like the tenant seed: going through the
API would take hours. One event in 25 (4 %) belongs to BIG_TENANT_ID (400,000 of 10,000,000),
one in 25 is an operator event (no tenant), the rest belong to 1,000 other tenant ids; 20
actions (`auth.login` among them) and users u01..u10 per tenant. The events are sealed (seq
after the current head, which moves to the last one) but their MACs are zeros: `audit verify`
fails on them, the listing does not look. The audit indexes are dropped while inserting and made
again from their own definitions afterwards, and the per-day counters are filled from the events,
as migration 022 does. On PostgreSQL the table is analysed afterwards (autovacuum would do it a
little later). Prints N, the seconds it took, and the cursor of the seeded event half way through
the year (for the deep-page rows).
"""
import sys
import time

ACTIONS = ["auth.login", "auth.logout", "auth.password_change", "auth.mfa", "user.create",
           "user.suspend", "user.reinstate", "user.delete", "tenant.update", "token.create",
           "token.revoke", "data.download", "session.end", "mfa.totp_confirm", "mfa.totp_disable",
           "contract.read", "contract.update", "change.request", "policy.update", "ip.update"]
YEAR_US = 365 * 86400 * 1000000

# Column expressions over i (1..N), the same in both dialects.
ACTION = "CASE (i / 25) % 20 " + " ".join(
    "WHEN %d THEN '%s'" % (k, a) for k, a in enumerate(ACTIONS)) + " END"
TENANT = "CASE i % 25 WHEN 0 THEN {big} WHEN 1 THEN NULL ELSE 100000 + (i * 7919) % 1000 END"
KIND = "CASE i % 25 WHEN 1 THEN 'staff' ELSE 'user' END"
ACTOR = "CASE i % 25 WHEN 1 THEN 'admin' ELSE 'u0' || ((i / 500) % 9 + 1) END"
COLS = ("seq, at, actor_kind, actor_id, actor_label, tenant_id, action, target, outcome, "
        "client_ip, request_id, details, prev_mac, mac")


def exprs(zeros, base, start, step, big):
    """The inserted columns (COLS) as expressions over i."""
    return ("{base} + i, {start} + i * {step}, {kind}, i % 97 + 1, {actor}, {tenant}, {action}, "
            "'user:' || (i % 9973), 'success', '192.0.2.' || (i % 250 + 1), 'bench-' || i, '{{}}', "
            "{zeros}, {zeros}").format(base=base, start=start, step=step, kind=KIND, actor=ACTOR,
                                       tenant=TENANT.format(big=big), action=ACTION, zeros=zeros)


COUNTS = ("INSERT INTO audit_day_counts (tenant_id, day, action, n) "
          "SELECT {t}, (at / 1000000 + 32400) / 86400, {a}, COUNT(*) FROM audit_events "
          "WHERE seq > {base} GROUP BY {g} "
          "ON CONFLICT (tenant_id, action, day) DO UPDATE SET n = audit_day_counts.n + excluded.n")
# The counters' four groupings (migration 022): by tenant or all (-1), by action or all ('').
GROUPINGS = [("COALESCE(tenant_id, 0)", "action", "1, 2, 3"), ("COALESCE(tenant_id, 0)", "''", "1, 2"),
             ("-1", "action", "2, 3"), ("-1", "''", "2")]


def seed_sqlite(path, n, big, now):
    import sqlite3
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("BEGIN IMMEDIATE")
    base = db.execute("SELECT seq FROM audit_head WHERE id = 1").fetchone()[0]
    indexes = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND "
                         "tbl_name = 'audit_events' AND sql IS NOT NULL").fetchall()
    for name, _ in indexes:
        db.execute("DROP INDEX %s" % name)
    step = YEAR_US // n
    start = now - YEAR_US
    db.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d) "
               "INSERT INTO audit_events (%s) SELECT %s FROM n"
               % (n, COLS, exprs("zeroblob(32)", base, start, step, big)))
    for _, sql in indexes:
        db.execute(sql)
    for t, a, g in GROUPINGS:
        db.execute(COUNTS.format(t=t, a=a, base=base, g=g))
    db.execute("UPDATE audit_head SET seq = ? WHERE id = 1", (base + n,))
    db.execute("COMMIT")
    db.close()
    return cursor(start, step, base, n)


def seed_postgres(url, n, big, now):
    import psycopg2
    conn = psycopg2.connect(url)
    with conn, conn.cursor() as cur:
        cur.execute("SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE")
        base = cur.fetchone()[0]
        cur.execute("SELECT GREATEST(COALESCE(MAX(id), 0), %s) FROM audit_events", (base,))
        id_base = cur.fetchone()[0]
        cur.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'audit_events' "
                    "AND schemaname = current_schema() AND indexname <> 'audit_events_pkey'")
        indexes = cur.fetchall()
        for name, _ in indexes:
            cur.execute("DROP INDEX %s" % name)
        step = YEAR_US // n
        start = now - YEAR_US
        cur.execute("INSERT INTO audit_events (id, %s) SELECT %d + i, %s FROM "
                    "generate_series(1::bigint, %d) AS i"
                    % (COLS, id_base, exprs("decode(repeat('00', 32), 'hex')", base, start, step,
                                            big), n))
        for _, sql in indexes:
            cur.execute(sql)
        for t, a, g in GROUPINGS:
            cur.execute(COUNTS.format(t=t, a=a, base=base, g=g))
        cur.execute("UPDATE audit_head SET seq = %s WHERE id = 1", (base + n,))
        cur.execute("SELECT setval(pg_get_serial_sequence('audit_events', 'id'), %s)",
                    (id_base + n,))
    conn.autocommit = True
    with conn.cursor() as cur:
        # A year of events arrives here in minutes; in service, autovacuum keeps pace with the
        # inserts. Without this, its insert-triggered VACUUM of millions of fresh rows (and the
        # checkpoint after the load) runs during the measured rows and shows as their tail.
        cur.execute("VACUUM (ANALYZE) audit_events")
        cur.execute("VACUUM (ANALYZE) audit_day_counts")
        cur.execute("CHECKPOINT")
    conn.close()
    return cursor(start, step, id_base, n)


def cursor(start, step, key_base, n):
    """The listing cursor of the seeded event half way through the year (a deep page)."""
    m = n // 2
    return "%d.%d" % (start + m * step, key_base + m)


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    driver, target, n, big = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    started = time.monotonic()
    now = time.time_ns() // 1000
    deep = (seed_postgres if driver == "postgres" else seed_sqlite)(target, n, big, now)
    print(f"{n} {time.monotonic() - started:.1f} {deep}")


if __name__ == "__main__":
    main()
