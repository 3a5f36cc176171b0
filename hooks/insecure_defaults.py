"""Hook id `insecure-defaults`: the SW1xx rules on staged Python files."""

from __future__ import annotations

import sys
from typing import Sequence

from stagewarden.cli import run


def main(argv: Sequence[str] | None = None) -> int:
    return run(["check", *(sys.argv[1:] if argv is None else argv)], families=("insecure-defaults",), hook=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
