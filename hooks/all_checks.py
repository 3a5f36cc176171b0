"""Hook id `stagewarden`: every check family in one process, each file parsed once."""

from __future__ import annotations

import sys
from typing import Sequence

from stagewarden.cli import ALL_FAMILIES, run


def main(argv: Sequence[str] | None = None) -> int:
    return run(["check", *(sys.argv[1:] if argv is None else argv)], families=ALL_FAMILIES, hook=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
