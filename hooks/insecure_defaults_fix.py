"""Hook id `insecure-defaults-fix`: the SW1xx rules, applying every fix a rule offers.

Fixes may change behaviour (`verify=False` becomes `verify=True`, `yaml.load` becomes
`yaml.safe_load`), so this hook is opt-in: pre-commit stops the commit when a hook changed
files, and the developer reviews the diff before committing again.
"""

from __future__ import annotations

import sys
from typing import Sequence

from stagewarden.cli import run


def main(argv: Sequence[str] | None = None) -> int:
    arguments = ["check", "--fix", "--unsafe-fixes", *(sys.argv[1:] if argv is None else argv)]
    return run(arguments, families=("insecure-defaults",), hook=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
