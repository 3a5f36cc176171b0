"""Hook id `stagewarden`: every check family in one process, each file parsed once.

The hook is `require_serial`: the imports and dependencies families judge the whole change
at once (one index look-up per name, one notice, a manifest seen with its lock file), so
pre-commit must not split the files between processes. Large changes use a process pool
inside the hook instead (`--jobs`, default: one per CPU).
"""

from __future__ import annotations

import os
import sys
from typing import Sequence

from stagewarden.cli import ALL_FAMILIES, run


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not any(arg == "--jobs" or arg.startswith("--jobs=") for arg in args):
        args = ["--jobs", str(os.cpu_count() or 1), *args]
    return run(["check", *args], families=ALL_FAMILIES, hook=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
