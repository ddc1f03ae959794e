"""Statements are cached by the address of their SQL text, which must therefore be static
(src/store/db.h). The batch sealing of issue 14's further tables built its SQL in a heap buffer
per table and freed it, so the next table's text could land at the same address: a release
server logged "SQL text changed at a cached address" at every start (`make run` showed it), threw
the cached statement away and kept growing its cache. The sanitizer build's allocator does not
reuse addresses that soon, so the test also runs the release binary when `make build` made one
(CI builds it before `make test`): `seal migrate` and `seal status` log no such bug on either
backend, and neither does the server's start."""
import os
import subprocess

from conftest import BIN, ROOT

RELEASE = os.path.join(ROOT, "build", "anshin")


def test_no_sql_text_changes_at_a_cached_address(server):
    bins = [BIN] + ([RELEASE] if os.path.exists(RELEASE) and RELEASE != BIN else [])
    out = ""
    for b in bins:
        for cmd in (["seal", "migrate"], ["seal", "status"]):
            r = subprocess.run([b, *cmd], env=server.env, cwd=server.dir, capture_output=True,
                               text=True, timeout=120)
            assert r.returncode == 0, (b, cmd, r.stdout + r.stderr)
            out += r.stderr
    with open(os.path.join(server.dir, "server.log"), "rb") as f:
        out += f.read().decode("utf-8", "replace")
    assert "SQL text changed" not in out
