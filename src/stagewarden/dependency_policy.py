"""`[tool.stagewarden.dependencies]`: the gate a security team sets for new dependencies.

Every key has a default that works without configuration; the license allow-list is empty
by default, which turns SW405 off until a team says which licenses it accepts.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from typing import Any

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
    normalized = normalize_name(name)
    for pattern in patterns:
        if fnmatch.fnmatchcase(normalized, _normalized_glob(pattern)):
            return pattern
    return None


def _normalized_glob(pattern: str) -> str:
    """PEP 503-normalize a name pattern while keeping its `*` and `?` wildcards."""
    return "".join(part if part in "*?" else normalize_name(part) for part in _split_wildcards(pattern))


def _split_wildcards(pattern: str) -> list[str]:
    parts, current = [], ""
    for char in pattern:
        if char in "*?":
            if current:
                parts.append(current)
            parts.append(char)
            current = ""
        else:
            current += char
    if current:
        parts.append(current)
    return parts


KEYS = ("allowed-licenses", "denied-packages", "fail-on", "max-typo-distance", "min-project-age-days",
        "min-releases", "private-packages", "public-index-url", "require-source-link", "unknown-license",
        "vet-lock-files", "vetted-file")


def parse_policy(table: Any, where: str, parsers: dict) -> DependencyPolicy:
    """The policy from its TOML table; `parsers` are config.py's typed value parsers, so the
    errors read like every other configuration error (they name the dotted key)."""
    from stagewarden.config import ConfigError

    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table")
    values: dict[str, Any] = {}
    for key, value in table.items():
        dotted = f"{where}.{key}"
        if key == "vetted-file":
            values["vetted_file"] = parsers["str"](value, dotted)
        elif key == "allowed-licenses":
            from stagewarden.licenses import LicenseError, parse_allowed

            allowed = parsers["list"](value, dotted)
            try:
                parse_allowed(allowed)
            except LicenseError as error:
                raise ConfigError(f"{dotted}: {error}") from None
            values["allowed_licenses"] = allowed
        elif key == "unknown-license":
            values["unknown_license"] = parsers["choice"]("allow", "warn", "fail")(value, dotted)
        elif key in ("denied-packages", "private-packages"):
            values[key.replace("-", "_")] = parsers["list"](value, dotted)
        elif key == "public-index-url":
            values["public_index_url"] = parsers["str"](value, dotted)
        elif key in ("min-project-age-days", "min-releases", "max-typo-distance"):
            number = value
            if isinstance(number, bool) or not isinstance(number, int) or number < 0 or (
                    key == "max-typo-distance" and number > 3):
                raise ConfigError(f"{dotted}: expected {'0 to 3' if key == 'max-typo-distance' else 'a number >= 0'}")
            values[key.replace("-", "_")] = number
        elif key in ("require-source-link", "vet-lock-files"):
            values[key.replace("-", "_")] = parsers["bool"](value, dotted)
        elif key == "fail-on":
            values["fail_on"] = parsers["level"](value, dotted)
        else:
            raise ConfigError(f"{dotted}: unknown key (known: {', '.join(KEYS)})")
    return DependencyPolicy(**values)


__all__ = ["DEFAULT_VETTED_FILE", "DependencyPolicy", "parse_policy"]
