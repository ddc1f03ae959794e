#!/usr/bin/env python3
"""The layering gate (`make test`). Four checks over src/, each one test case:

  api_through_domain  no file in src/api/ calls the store (an_store_*, an_db_txn*), writes an
                      audit event (an_audit_record*, an_audit_append*) or builds its own
                      libmicrohttpd reply (MHD_*): a handler decodes, makes one domain call and
                      encodes through http/reply.h. No file outside src/http/ reads the
                      Authorization header: http/ parses Basic and Bearer credentials.
  layer_order         no file includes a header of a layer above its own. The order, lowest first
                      (docs/architecture.md "Layers and the request flow"):
                        core < crypto, mfa < store < audit < notify < identity < market,
                             lifecycle < ops < backup < compliance < http < api < cli < main.c
                      support (the support desk) and lifecycle sit beside market as peers;
                      compliance (catalogs, scoring, live checks; issue 16) reads every domain below it.
                      crypto and mfa are peers and may not include each other.
  include_cycles      no cycle in the include graph between modules (a module is x.c with x.h).
  no_zero_means_any   no text in src/store/ reads "= 0 OR": a store query never takes 0 as "any
                      tenant" (issue 9 item 1); operator-wide reads are separate `_all` functions.

Known violations sit in scripts/layering.allow, one "check: file: what" line each; they are
reported but do not fail the gate. The list only shrinks: an entry that no longer matches a
violation is reported as stale (and fails with --strict).

Usage: layering.py [--junit FILE] [--strict] [--no-allow]. Exit 1 when a check fails."""
import os
import re
import sys
from xml.sax.saxutils import escape

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
SRC = os.path.join(ROOT, "src")
ALLOW = os.path.join(ROOT, "scripts", "layering.allow")

RANK = {"core": 0, "crypto": 1, "mfa": 1, "store": 2, "audit": 3, "notify": 4, "identity": 5,
        "market": 6, "support": 6, "lifecycle": 6, "ops": 6.5, "backup": 6.5,
        "compliance": 6.8,  # catalogs, scoring and live checks (issue 16) read every domain below
        "http": 7,
        "api": 8, "cli": 9, "main.c": 10}
FORBIDDEN_IN_API = re.compile(
    r"\b(an_store_\w+|an_db_txn\w*|an_audit_record\w*|an_audit_append\w*)\s*\(|\b(MHD_\w+)")
AUTH_HEADER = re.compile(r'"Authorization"', re.I)
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def strip_comments(text, strings=True):
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    return re.sub(r'"(\\.|[^"\\\n])*"', '""', text) if strings else text


def sources():
    for d, _, files in os.walk(SRC):
        for f in sorted(files):
            if f.endswith((".c", ".h")):
                path = os.path.join(d, f)
                yield os.path.relpath(path, ROOT), open(path, encoding="utf-8").read()


def layer_of(rel):
    parts = rel.split("/")  # src/<layer>/file or src/main.c
    return parts[1] if len(parts) > 2 else parts[1]


def check_api(files):
    out = []
    for rel, text in files:
        if not rel.startswith("src/http/") and AUTH_HEADER.search(strip_comments(text, False)):
            out.append("%s: reads the Authorization header" % rel)
        if not rel.startswith("src/api/"):
            continue
        seen = set()
        for m in FORBIDDEN_IN_API.finditer(strip_comments(text)):
            name = m.group(1) or m.group(2)
            if name not in seen:
                seen.add(name)
                out.append("%s: %s %s" % (rel, "calls" if m.group(1) else "uses", name))
    return out


def check_order(files):
    out = []
    for rel, text in files:
        mine = layer_of(rel)
        for inc in INCLUDE.findall(text):
            other = inc.split("/")[0] if "/" in inc else None
            if other not in RANK or other == mine:
                continue
            if RANK[other] > RANK[mine] or (RANK[other] == RANK[mine] and other != mine):
                out.append("%s: includes %s (%s is above %s)" % (rel, inc, other, mine))
    return out


ZERO_MEANS_ANY = re.compile(r"=\s*0\s+OR\b")


def check_zero_any(files):
    out = []
    for rel, text in files:
        if rel.startswith("src/store/"):
            for n, line in enumerate(text.splitlines(), 1):
                if ZERO_MEANS_ANY.search(line):
                    out.append("%s:%d: \"= 0 OR\" (0 as any)" % (rel, n))
    return out


def check_cycles(files):
    graph = {}
    for rel, text in files:
        mod = os.path.splitext(rel[len("src/"):])[0]
        edges = graph.setdefault(mod, set())
        for inc in INCLUDE.findall(text):
            target = os.path.splitext(inc)[0]
            if target != mod and os.path.exists(os.path.join(SRC, inc)):
                edges.add(target)
    # Tarjan's strongly connected components: each component of more than one module is one
    # violation, named by its members (stable whatever order the files are read in).
    index, low, on, stack, comps = {}, {}, set(), [], []

    def visit(n):
        index[n] = low[n] = len(index)
        stack.append(n)
        on.add(n)
        for m in sorted(graph.get(n, ())):
            if m not in index:
                visit(m)
                low[n] = min(low[n], low[m])
            elif m in on:
                low[n] = min(low[n], index[m])
        if low[n] == index[n]:
            comp = []
            while True:
                m = stack.pop()
                on.discard(m)
                comp.append(m)
                if m == n:
                    break
            if len(comp) > 1:
                comps.append(" <-> ".join(sorted(comp)))

    sys.setrecursionlimit(10000)
    for n in sorted(graph):
        if n not in index:
            visit(n)
    cycles = comps
    return ["src: include cycle %s" % c for c in sorted(cycles)]


def load_allow(use):
    allow = set()
    if use and os.path.exists(ALLOW):
        for line in open(ALLOW, encoding="utf-8"):
            line = line.strip()
            if line and not line.startswith("#"):
                allow.add(line)
    return allow


def main(argv):
    junit = argv[argv.index("--junit") + 1] if "--junit" in argv else None
    strict = "--strict" in argv
    allow = load_allow("--no-allow" not in argv)
    files = list(sources())
    checks = [("api_through_domain", check_api), ("layer_order", check_order),
              ("include_cycles", check_cycles), ("no_zero_means_any", check_zero_any)]
    cases, failed, used = [], 0, set()
    for name, fn in checks:
        found = ["%s: %s" % (name, v) for v in fn(files)]
        new = [v for v in found if v not in allow]
        known = [v for v in found if v in allow]
        used.update(known)
        for v in new:
            print("layering: VIOLATION %s" % v)
        print("layering: %-20s %d new, %d allowed" % (name, len(new), len(known)))
        cases.append((name, new))
        failed += bool(new)
    stale = sorted(allow - used)
    for v in stale:
        print("layering: stale allow-list entry (remove it): %s" % v)
    if strict and stale:
        cases.append(("allow_list_current", ["stale: " + v for v in stale]))
        failed += 1
    print("layering: %d allowed violations left in scripts/layering.allow" % len(used))
    if junit:
        with open(junit, "w", encoding="utf-8") as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="layering" tests="%d" failures="%d">\n'
                    % (len(cases), failed))
            for name, new in cases:
                f.write('  <testcase classname="layering" name="%s">' % name)
                if new:
                    f.write('<failure message="%d violations">%s</failure>'
                            % (len(new), escape("\n".join(new))))
                f.write("</testcase>\n")
            f.write("</testsuite>\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
