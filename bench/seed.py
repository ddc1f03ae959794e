"""Seeds a migrated anshin SQLite database for the scale rows of bench/bench.sh.

    python3 bench/seed.py DB_PATH HASH_SOURCE_LOGIN [TENANTS [USERS_PER_TENANT]]

Inserts TENANTS tenants (default 10000; company codes T00001, T00002, ...) with
USERS_PER_TENANT users each (default 10; u01 is the tenant admin, the rest are members), all
in one transaction, straight into the database: going through the API would spend most of the
time hashing passwords. Every user gets the same password hash, copied from the staff account
HASH_SOURCE_LOGIN (created with `anshin admin create`, so it is an argon2id hash with the
configured parameters, and the server verifies it like any other). Times are the current time,
so no password has expired. Prints the number of rows and the seconds it took.
"""

import sqlite3
import sys
import time


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    path, source = sys.argv[1], sys.argv[2]
    n_tenants = int(sys.argv[3]) if len(sys.argv) > 3 else 10000
    n_users = int(sys.argv[4]) if len(sys.argv) > 4 else 10

    started = time.monotonic()
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA foreign_keys=ON")
    row = db.execute("SELECT password_hash FROM staff WHERE login = ?", (source,)).fetchone()
    if row is None or not row[0].startswith("$argon2id$"):
        sys.exit(f"seed: no argon2id hash for staff login {source!r} in {path}")
    pw_hash = row[0]
    now = time.time_ns() // 1000  # microseconds since the epoch
    dek = bytes(61)  # not unwrapped on the paths measured (only for MFA seeds)

    db.execute("BEGIN IMMEDIATE")
    db.executemany(
        "INSERT INTO tenants (company_code, name, status, status_reason, responsible_name,"
        " responsible_email, dek_wrapped, created_at, updated_at, ip_allowlist,"
        " idle_timeout_minutes, mfa_required)"
        " VALUES (?, ?, 'active', '', ?, ?, ?, ?, ?, '', 30, 0)",
        (
            (f"T{i:05d}", f"株式会社テスト{i:05d}", f"担当 太郎{i:05d}",
             f"admin@t{i:05d}.example.jp", dek, now, now)
            for i in range(1, n_tenants + 1)
        ),
    )
    ids = dict(db.execute("SELECT company_code, id FROM tenants WHERE company_code LIKE 'T%'"))
    db.executemany(
        "INSERT INTO users (tenant_id, login, display_name, email, roles, password_hash,"
        " must_change_password, status, failed_logins, locked_until, password_changed_at,"
        " last_login_at, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, 0, 'active', 0, 0, ?, NULL, ?, ?)",
        (
            (ids[f"T{i:05d}"], f"u{j:02d}", f"利用者{j:02d} テスト{i:05d}",
             f"u{j:02d}@t{i:05d}.example.jp", "tenant_admin" if j == 1 else "member",
             pw_hash, now, now, now)
            for i in range(1, n_tenants + 1)
            for j in range(1, n_users + 1)
        ),
    )
    db.execute("COMMIT")
    db.close()
    print(f"{n_tenants} {n_tenants * n_users} {time.monotonic() - started:.2f}")


if __name__ == "__main__":
    main()
