#!/usr/bin/env python3
"""Converts docs/openapi.yaml to JSON and writes it as a C string (an_openapi_json)."""
import json
import sys

import yaml

src, out = sys.argv[1], sys.argv[2]
with open(src, encoding="utf-8") as f:
    doc = yaml.safe_load(f)
data = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
with open(out, "w", encoding="ascii") as f:
    f.write("#include <stddef.h>\n")
    f.write("const char an_openapi_json[] = {")
    f.write(",".join(str(b) for b in data))
    f.write(",0};\n")
    f.write("const size_t an_openapi_json_len = %d;\n" % len(data))
