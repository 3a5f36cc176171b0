"""`[tool.stagewarden.dependencies]`: the gate a security team sets for new dependencies.

Every key has a default that works without configuration; the license allow-list is empty
by default, which turns SW405 off until a team says which licenses it accepts.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass

from stagewarden.findings import Level
from stagewarden.index.model import DEFAULT_INDEX_URL, normalize_name

DEFAULT_VETTED_FILE = "stagewarden-vetted.toml"


@dataclass(frozen=True)
class DependencyPolicy:
    vetted_file: str = DEFAULT_VETTED_FILE
    allowed_licenses: tuple[str, ...] = ()
    unknown_license: str = "warn"  # "allow" | "warn" (advisory) | "fail"
    denied_packages: tuple[str, ...] = ()
    private_packages: tuple[str, ...] = ()
    public_index_url: str = DEFAULT_INDEX_URL
    min_project_age_days: int = 30
    min_releases: int = 2
    require_source_link: bool = True
    max_typo_distance: int = 1
    vet_lock_files: bool = False
    fail_on: Level | None = None

    def denied(self, name: str) -> str | None:
        """The denied-packages entry that matches `name`, or None."""
        return _first_match(name, self.denied_packages)

    def private(self, name: str) -> str | None:
        """The private-packages entry that matches `name` (a name or a glob like `acme-*`)."""
        return _first_match(name, self.private_packages)


def _first_match(name: str, patterns: tuple[str, ...]) -> str | None:
    """The first pattern (a name or a glob, compared in PEP 503 form: `*` and `?` survive
    normalization) that matches `name`."""
    normalized = normalize_name(name)
    return next((p for p in patterns if fnmatch.fnmatchcase(normalized, normalize_name(p))), None)


KEYS = ("allowed-licenses", "denied-packages", "fail-on", "max-typo-distance", "min-project-age-days",
        "min-releases", "private-packages", "public-index-url", "require-source-link", "unknown-license",
        "vet-lock-files", "vetted-file")


__all__ = ["DEFAULT_VETTED_FILE", "KEYS", "DependencyPolicy"]
