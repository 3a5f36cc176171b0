"""Hook id `new-dependencies`: the SW4xx rules on staged dependency manifests.

The hook compares each manifest with the base commit (HEAD, or pre-commit's
PRE_COMMIT_FROM_REF in CI), so it needs every manifest of the change in one process
(`require_serial`), and it asks the package index once for all of them.
"""

from __future__ import annotations

import sys
from typing import Sequence

from stagewarden.cli import run


def main(argv: Sequence[str] | None = None) -> int:
    return run(["check", *(sys.argv[1:] if argv is None else argv)], families=("dependencies",), hook=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
