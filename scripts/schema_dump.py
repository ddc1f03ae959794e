#!/usr/bin/env python3
"""Prints the schema a build of anshin creates on a fresh database, in a stable text form, so the
schemas of two builds can be compared with diff (e.g. after a change to how migrations are
written): SQLite's sqlite_master; PostgreSQL's columns, indexes, constraints and sequences from
pg_catalog; and the migrations recorded in schema_migrations.

usage: schema_dump.py ANSHIN_BIN sqlite
       schema_dump.py ANSHIN_BIN postgres PG_URL   (a fresh schema is made in that database)
"""
import os
import sqlite3
import subprocess
import sys
import tempfile
import uuid

PG_QUERIES = [
    "SELECT table_name, column_name, ordinal_position, data_type, column_default, is_nullable,"
    " is_identity, identity_generation FROM information_schema.columns"
    " WHERE table_schema = current_schema() ORDER BY 1, 3",
    "SELECT tablename, indexname, indexdef FROM pg_indexes"
    " WHERE schemaname = current_schema() ORDER BY 1, 2",
    "SELECT c.relname, k.conname, k.contype, pg_get_constraintdef(k.oid) FROM pg_constraint k"
    " JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = current_schema() ORDER BY 1, 2",
    "SELECT sequence_name, data_type, start_value, increment FROM information_schema.sequences"
    " WHERE sequence_schema = current_schema() ORDER BY 1",
    "SELECT version, name FROM schema_migrations ORDER BY 1",
]


def migrate(binary, env):
    subprocess.run([binary, "migrate"], env=env, check=True, stdout=subprocess.DEVNULL)


def dump_sqlite(binary, env, tmp):
    path = os.path.join(tmp, "anshin.db")
    migrate(binary, dict(env, ANSHIN_STORE_DRIVER="sqlite", ANSHIN_STORE_PATH=path))
    db = sqlite3.connect(path)
    rows = db.execute("SELECT type, name, tbl_name, rootpage, sql FROM sqlite_master ORDER BY 2")
    rows = list(rows) + list(db.execute("SELECT version, name FROM schema_migrations ORDER BY 1"))
    return "\n".join(repr(r) for r in rows)


def dump_postgres(binary, env, url):
    schema = "dump_" + uuid.uuid4().hex[:12]
    subprocess.run(["psql", url, "-qc", "CREATE SCHEMA " + schema], check=True)
    try:
        sep = "&" if "?" in url else "?"
        surl = url + sep + "options=-csearch_path%3D" + schema
        migrate(binary, dict(env, ANSHIN_STORE_DRIVER="postgres", ANSHIN_STORE_URL=surl))
        out = []
        for q in PG_QUERIES:
            r = subprocess.run(["psql", surl, "-XAtc", q], check=True, capture_output=True, text=True)
            out.append(r.stdout)
        return "".join(out).replace(schema + ".", "")  # indexdef names the schema
    finally:
        subprocess.run(["psql", url, "-qc", "DROP SCHEMA %s CASCADE" % schema], check=True)


def main(argv):
    if len(argv) < 3 or argv[2] not in ("sqlite", "postgres") or (argv[2] == "postgres") != (len(argv) == 4):
        sys.stderr.write(__doc__)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, ANSHIN_KEYS_MASTER_KEY_FILE=os.path.join(tmp, "master.key"))
        if argv[2] == "sqlite":
            print(dump_sqlite(argv[1], env, tmp))
        else:
            print(dump_postgres(argv[1], env, argv[3]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
