"""Hook id `secrets`: the SW3xx detectors on every staged text file."""

from __future__ import annotations

import sys
from typing import Sequence

from stagewarden.cli import run


def main(argv: Sequence[str] | None = None) -> int:
    return run(["check", *(sys.argv[1:] if argv is None else argv)], families=("secrets",), hook=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
