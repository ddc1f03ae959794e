#!/usr/bin/env python3
"""Adds up the results of every suite (JUnit XML from ctest and pytest, TAP from node) and prints
the closing line "N passed, N failed[, N skipped]". Exits 1 when anything failed or a report is
missing (a suite that did not run counts as a failure)."""
import re
import sys
import xml.etree.ElementTree as ET


def junit(path):
    passed = failed = skipped = 0
    root = ET.parse(path).getroot()
    for case in root.iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
        elif case.find("skipped") is not None or case.get("status") in ("notrun", "disabled"):
            skipped += 1
        else:
            passed += 1
    return passed, failed, skipped


def tap(path):
    text = open(path, encoding="utf-8").read()
    def count(key):
        m = re.findall(r"^# %s (\d+)$" % key, text, re.M)
        return int(m[-1]) if m else 0
    return count("pass"), count("fail") + count("cancelled"), count("skipped") + count("todo")


total = [0, 0, 0]
missing = 0
for path in sys.argv[1:]:
    try:
        res = tap(path) if path.endswith(".tap") else junit(path)
    except (OSError, ET.ParseError) as e:
        print("no results from %s (%s)" % (path, e))
        missing += 1
        continue
    print("%-28s %d passed, %d failed, %d skipped" % (path.rsplit("/", 1)[-1], *res))
    total = [a + b for a, b in zip(total, res)]
failed = total[1] + missing
line = "%d passed, %d failed" % (total[0], failed)
if total[2]:
    line += ", %d skipped" % total[2]
print(line)
sys.exit(1 if failed else 0)
