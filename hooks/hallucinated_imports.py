"""Hook id `hallucinated-imports`: the SW2xx rules on staged Python files."""

from __future__ import annotations

import sys
from typing import Sequence

from stagewarden.cli import run


def main(argv: Sequence[str] | None = None) -> int:
    return run(["check", *(sys.argv[1:] if argv is None else argv)], families=("imports",), hook=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
