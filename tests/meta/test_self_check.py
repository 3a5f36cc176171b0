"""stagewarden checks its own repository with no finding (README's main job, `make run`)."""

from __future__ import annotations

from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


def test_the_repository_checks_clean_with_itself(sw):
    result = sw(PROJECT, "check", "--offline")
    assert result.code == 0, result.out[-3000:]
