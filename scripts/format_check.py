#!/usr/bin/env python3
"""The format gate of `make test`: every C file under src/ and tests/unit/ is as clang-format
(the checked-in .clang-format) would write it. Prints the files that differ and writes one JUnit
test case. Usage: format_check.py [--junit FILE]. Exit 1 when a file differs."""
import subprocess
import sys
import xml.sax.saxutils as su

ROOT = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True,
                      check=True).stdout.strip()


def files():
    out = subprocess.run(["git", "ls-files", "src/*.c", "src/*.h", "tests/unit/*.c",
                          "tests/unit/*.h"], cwd=ROOT, capture_output=True, text=True, check=True)
    return out.stdout.split()


def main(argv):
    junit = argv[argv.index("--junit") + 1] if "--junit" in argv else None
    names = files()
    bad = []
    for i in range(0, len(names), 50):
        batch = names[i:i + 50]
        r = subprocess.run(["clang-format", "--dry-run", "-Werror"] + batch, cwd=ROOT,
                           capture_output=True, text=True)
        if r.returncode != 0:
            bad += sorted({line.split(":")[0] for line in r.stderr.splitlines()
                           if ": error:" in line})
    for name in bad:
        print("format: %s differs from clang-format (run: clang-format -i %s)" % (name, name))
    print("format: %d files checked, %d differ" % (len(names), len(bad)))
    if junit:
        failure = ""
        if bad:
            failure = '<failure message="%s"/>' % su.escape(", ".join(bad), {'"': "&quot;"})
        with open(junit, "w", encoding="utf-8") as f:
            f.write('<?xml version="1.0"?>\n<testsuite name="format"><testcase classname="format" '
                    'name="clang_format">%s</testcase></testsuite>\n' % failure)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
