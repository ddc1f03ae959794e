#!/usr/bin/env python3
"""Writes the compliance catalogs (catalogs/*.json, in the order given) as C arrays:
an_catalog_json[i] (NUL-terminated), an_catalog_json_len[i] and an_catalog_json_count.
Each file is parsed first, so a catalog that is not JSON fails the build, not the server."""
import json
import sys

out, files = sys.argv[1], sys.argv[2:]
with open(out, "w", encoding="ascii") as f:
    f.write("#include <stddef.h>\n")
    lens = []
    for i, path in enumerate(files):
        with open(path, encoding="utf-8") as src:
            doc = json.load(src)
        data = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        lens.append(len(data))
        f.write("static const char c%d[] = {%s,0};\n" % (i, ",".join(str(b) for b in data)))
    f.write("const char *const an_catalog_json[] = {%s};\n"
            % ",".join("c%d" % i for i in range(len(files))))
    f.write("const size_t an_catalog_json_len[] = {%s};\n" % ",".join(str(n) for n in lens))
    f.write("const size_t an_catalog_json_count = %d;\n" % len(files))
