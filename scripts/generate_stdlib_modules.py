"""Regenerate src/stagewarden/data/stdlib_modules.json from the `stdlib-list` package.

The JSON is committed; `stdlib-list` is not a runtime dependency of stagewarden, only of this
script. Run it from the repository root after installing the package somewhere:

    python -m venv /tmp/stdlib-venv
    /tmp/stdlib-venv/bin/pip install stdlib-list
    /tmp/stdlib-venv/bin/python scripts/generate_stdlib_modules.py

(or `.venv/bin/pip install stdlib-list` and run it with `.venv/bin/python`). Commit the
changed JSON. For each Python version in VERSIONS the file keeps only top-level module names
(the part before the first dot), drops private names starting with "_" except the few users
import (KEEP_PRIVATE), corrects a few gaps in the lists (ALWAYS, DROP, and a module missing between
two versions that have it), and stores the names present in every version once ("common") and,
per version, the names present in that version but not in all of them ("extra").
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from stdlib_list import stdlib_list

VERSIONS = tuple(f"3.{minor}" for minor in range(8, 15))
KEEP_PRIVATE = frozenset({"__future__", "__main__", "_thread"})
# Corrections to stdlib-list's lists, which are built from the documentation of each version
# and so miss a few real modules in some versions: a module listed as missing in a version
# where it existed would make SW205 report a false "not in the standard library".
ALWAYS = frozenset({"nt", "pyexpat", "test"})  # in every version, missing from some lists
DROP = frozenset({"lib", "xxlimited", "xxsubtype"})  # a list artifact; CPython's own test modules
OUTPUT = Path(__file__).resolve().parents[1] / "src" / "stagewarden" / "data" / "stdlib_modules.json"


def top_level(version: str) -> set[str]:
    names = {name.split(".", 1)[0] for name in stdlib_list(version)} | ALWAYS
    return {name for name in names - DROP if not name.startswith("_") or name in KEEP_PRIVATE}


def build() -> dict:
    per_version = {version: top_level(version) for version in VERSIONS}
    # A module never leaves the standard library and comes back: a gap between two versions
    # that have it is a gap in the lists, so fill it.
    for index, version in enumerate(VERSIONS):
        before = set().union(*(per_version[v] for v in VERSIONS[:index]))
        after = set().union(*(per_version[v] for v in VERSIONS[index + 1 :]))
        per_version[version] |= before & after
    common = set.intersection(*per_version.values())
    return {
        "source": "stdlib-list",
        "versions": list(VERSIONS),
        "common": sorted(common),
        "extra": {version: sorted(names - common) for version, names in per_version.items()},
    }


def main() -> int:
    data = build()
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(data, indent=0, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT} ({OUTPUT.stat().st_size:,} bytes, {len(data['common'])} common names)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
