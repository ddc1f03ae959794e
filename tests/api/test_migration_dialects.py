"""Migrations are written once (src/store/migrations/NNN_name.sql, PostgreSQL's dialect) and the
SQLite script is derived at build time by scripts/migrations_to_c.py (issue 9, shape). These
checks keep the derivation honest without a server: every marker block is closed, no marker line
reaches either backend, and no PostgreSQL-only word reaches SQLite. That the derived schemas are
the ones the two hand-written sets gave is shown by scripts/schema_dump.py (see
docs/architecture.md, "Migrations")."""
import glob
import importlib.util
import os
import re
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SCRIPT = os.path.join(ROOT, "scripts", "migrations_to_c.py")
FILES = sorted(glob.glob(os.path.join(ROOT, "src", "store", "migrations", "*.sql")))
PG_ONLY = re.compile(r"\b(BIGINT|BYTEA|BIGSERIAL|GENERATED)\b|::")


_spec = importlib.util.spec_from_file_location("migrations_to_c", SCRIPT)
_mod = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_mod)


def render(dialect, path):
    return _mod.render(path, dialect)


def test_every_migration_renders_for_both_backends():
    assert FILES
    for path in FILES:
        for dialect in ("postgres", "sqlite"):
            text = render(dialect, path)
            assert not re.search(r"^-- @", text, re.M), (path, dialect)


def test_sqlite_scripts_carry_no_postgres_words():
    for path in FILES:
        code = [l.split("--")[0] for l in render("sqlite", path).splitlines()]
        bad = [l for l in code if PG_ONLY.search(l)]
        assert not bad, (path, bad)


def test_postgres_scripts_are_the_source_less_sqlite_blocks():
    for path in FILES:
        with open(path, encoding="utf-8") as f:
            src = f.read()
        if "-- @" not in src:
            assert render("postgres", path) == src, path


def test_an_unclosed_block_is_refused(tmp_path):
    bad = tmp_path / "900_bad.sql"
    bad.write_text("-- @sqlite\nSELECT 1;\n")
    r = subprocess.run([sys.executable, SCRIPT, "--print", "sqlite", str(bad)],
                       capture_output=True, text=True)
    assert r.returncode != 0 and "not closed" in r.stderr
