#!/usr/bin/env python3
"""Turns a word list (one per line) into a sorted C array for bsearch: an_common_passwords."""
import sys

src, out = sys.argv[1], sys.argv[2]
with open(src, encoding="utf-8") as f:
    words = sorted({w.strip().lower() for w in f if w.strip()})
with open(out, "w", encoding="utf-8") as f:
    f.write("#include <stddef.h>\n/* Generated from %s: do not edit. */\n" % src.rsplit("/", 1)[-1])
    f.write("const char *const an_common_passwords[] = {\n")
    for w in words:
        f.write('  "%s",\n' % w.replace("\\", "\\\\").replace('"', '\\"'))
    f.write("};\nconst size_t an_common_passwords_count = %d;\n" % len(words))
