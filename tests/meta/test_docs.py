"""Generated docs are current, and the migration table covers every bandit and ruff S id."""

from __future__ import annotations

from pathlib import Path

from stagewarden.docsgen import BANDIT, RUFF, WHY_NOT, stale
from stagewarden.registry import builtin_rules

ROOT = Path(__file__).resolve().parents[2]


def test_generated_docs_are_current():
    assert stale(ROOT) == [], "run `python -m stagewarden.docsgen` (or `make docs`) and commit the result"


def test_every_bandit_and_ruff_id_is_mapped_or_explained():
    rules = builtin_rules()
    mapped = {b for r in rules for b in r.bandit} | {s for r in rules for s in r.ruff}
    for ident in [*BANDIT, *RUFF]:
        assert (ident in mapped) != (ident in WHY_NOT), f"{ident}: mapped and explained, or neither"
    assert mapped <= set(BANDIT) | set(RUFF), f"rules map unknown ids {mapped - set(BANDIT) - set(RUFF)}"
