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


def unit(ctest_xml, cmocka_dir):
    """Each ctest run counts by the cases in its cmocka XML; a run without one (it crashed before
    writing it, or was skipped) counts by its ctest result."""
    import os
    passed = failed = skipped = 0
    root = ET.parse(ctest_xml).getroot()
    for case in root.iter("testcase"):
        name = case.get("name")
        xml = os.path.join(cmocka_dir, name + ".xml")
        ctest_failed = case.find("failure") is not None or case.find("error") is not None
        if os.path.exists(xml):
            try:
                p, f, s = junit(xml)
            except ET.ParseError:
                p, f, s = 0, 1, 0
            # A binary that failed after writing its cases (e.g. a sanitizer report at exit).
            if ctest_failed and f == 0:
                f = 1
        elif case.find("skipped") is not None or case.get("status") in ("notrun", "disabled"):
            p, f, s = 0, 0, 1
        else:
            p, f, s = (0, 1, 0) if ctest_failed else (1, 0, 0)
        passed, failed, skipped = passed + p, failed + f, skipped + s
    return passed, failed, skipped


total = [0, 0, 0]
missing = 0
args = sys.argv[1:]
reports = []
while args:
    if args[0] == "--unit":
        reports.append(("unit", args[1], args[2]))
        args = args[3:]
    else:
        reports.append(("file", args[0], None))
        args = args[1:]
for kind, path, extra in reports:
    try:
        if kind == "unit":
            res = unit(path, extra)
        elif path.endswith(".tap"):
            res = tap(path)
        else:
            res = junit(path)
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
