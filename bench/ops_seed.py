"""Seeds 90 days of incident history for the status rows of bench/bench.sh.

    python3 bench/ops_seed.py DB_PATH

For every active service of the (migrated, running) SQLite database: an incident every 9 days
over the last 90, alternately a major outage of 45 minutes and a partial outage of 2 hours, each
resolved, with one update; plus a platform-wide major outage every 30 days. Prints the number of
incidents and the seconds it took.
"""

import sqlite3
import sys
import time

MINUTE = 60 * 10**6
DAY = 1440 * MINUTE


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    started = time.monotonic()
    db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
    now = time.time_ns() // 1000
    services = [r[0] for r in db.execute("SELECT id FROM services WHERE status = 'active'")]
    db.execute("BEGIN IMMEDIATE")
    n = 0

    def incident(sid, start, minutes, impact):
        nonlocal n
        cur = db.execute(
            "INSERT INTO ops_incidents (title, impact, status, source, started_at, resolved_at,"
            " detected_at, notify_due_on, notified_at, created_by, created_at, updated_at)"
            " VALUES (?, ?, 'resolved', 'operator', ?, ?, ?, '2000-01-01', ?, 'bench', ?, ?)",
            ("障害 %d" % n, impact, start, start + minutes * MINUTE, start, start, start, start))
        iid = cur.lastrowid
        if sid:
            db.execute("INSERT INTO ops_incident_services (incident_id, service_id) VALUES (?, ?)",
                       (iid, sid))
        db.execute("INSERT INTO ops_incident_updates (incident_id, status, body, created_by,"
                   " created_at) VALUES (?, 'resolved', '復旧しました。', 'bench', ?)", (iid, start))
        n += 1

    for k, sid in enumerate(services):
        for d in range(1 + k % 9, 90, 9):
            major = (d // 9) % 2 == 0
            incident(sid, now - d * DAY, 45 if major else 120,
                     "major_outage" if major else "partial_outage")
    for d in range(15, 90, 30):
        incident(0, now - d * DAY, 30, "major_outage")
    db.execute("COMMIT")
    print(n, "%.2f" % (time.monotonic() - started))


if __name__ == "__main__":
    main()
