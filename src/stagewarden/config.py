"""`[tool.stagewarden]` from the nearest pyproject.toml, merged with environment and CLI.

Precedence: command line > environment (STAGEWARDEN_*) > pyproject.toml > defaults.
Unknown keys and bad values are errors that name the dotted key, so a typo never silently
turns a check off.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping

from stagewarden.dependency_policy import KEYS as DEPENDENCY_KEYS
from stagewarden.dependency_policy import DependencyPolicy
from stagewarden.findings import Level

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on older interpreters only
    import tomli as tomllib

DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024
DEFAULT_BASELINE = ".stagewarden-baseline.json"


class ConfigError(Exception):
    """A configuration problem the user must fix; reported as one line, exit code 2."""


@dataclass(frozen=True)
class Config:
    root: Path
    source: Path | None = None
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    fail_on: Level = Level.LOW
    min_confidence: Level = Level.LOW
    exclude: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    rule_settings: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    baseline: str | None = None
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    cache: bool = True
    cache_dir: Path | None = None
    offline: bool = False
    index_url: str | None = None
    on_index_error: str = "warn"
    extra_index_urls: tuple[str, ...] = ()
    # [tool.stagewarden.imports]: how imports are resolved (see docs/configuration.md).
    source_roots: tuple[str, ...] = ()
    first_party: tuple[str, ...] = ()
    package_map: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    python: str | None = None
    # [tool.stagewarden.dependencies]: the policy for new dependencies.
    dependencies: DependencyPolicy = field(default_factory=DependencyPolicy)
    # `[project].requires-python` of the same pyproject.toml, read here so it is parsed once.
    requires_python: str | None = None

    def with_overrides(self, **changes: Any) -> "Config":
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def _as_list(value: Any, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [part for part in value.replace(",", " ").split() if part]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{key}: expected a list of strings")
    return tuple(v.strip() for v in value if v.strip())


def _as_level(value: Any, key: str) -> Level:
    if not isinstance(value, str):
        raise ConfigError(f"{key}: expected one of low, medium, high")
    try:
        return Level.parse(value)
    except ValueError as error:
        raise ConfigError(f"{key}: {error}") from None


def _as_bool(value: Any, key: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"1", "true", "yes", "on", "0", "false", "no", "off"}:
        return value.strip().lower() in {"1", "true", "yes", "on"}
    raise ConfigError(f"{key}: expected true or false")


def _as_int(value: Any, key: str) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ConfigError(f"{key}: expected a positive integer")
    return value


def _as_str(value: Any, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{key}: expected a non-empty string")
    return value.strip()


def _as_choice(*choices: str):
    def parse(value: Any, key: str) -> str:
        if value not in choices:
            raise ConfigError(f"{key}: expected one of {', '.join(choices)}")
        return value

    return parse


# config key -> (Config field, parser, environment variable)
_KEYS = {
    "select": ("select", _as_list, "STAGEWARDEN_SELECT"),
    "ignore": ("ignore", _as_list, "STAGEWARDEN_IGNORE"),
    "fail-on": ("fail_on", _as_level, "STAGEWARDEN_FAIL_ON"),
    "min-confidence": ("min_confidence", _as_level, "STAGEWARDEN_MIN_CONFIDENCE"),
    "exclude": ("exclude", _as_list, None),
    "baseline": ("baseline", _as_str, "STAGEWARDEN_BASELINE"),
    "max-file-size": ("max_file_size", _as_int, "STAGEWARDEN_MAX_FILE_SIZE"),
    "cache": ("cache", _as_bool, None),
    "offline": ("offline", _as_bool, "STAGEWARDEN_OFFLINE"),
    "index-url": ("index_url", _as_str, "STAGEWARDEN_INDEX_URL"),
    "on-index-error": ("on_index_error", _as_choice("warn", "fail"), "STAGEWARDEN_ON_INDEX_ERROR"),
    "extra-index-urls": ("extra_index_urls", _as_list, "STAGEWARDEN_EXTRA_INDEX_URLS"),
}
_TABLES = {"per-file-ignores", "rules", "imports", "dependencies"}
# [tool.stagewarden.imports] key -> (Config field, parser)
_IMPORT_KEYS = {
    "source-roots": ("source_roots", _as_list),
    "first-party": ("first_party", _as_list),
    "python": ("python", _as_str),
}
KNOWN_KEYS = tuple(sorted(set(_KEYS) | _TABLES))


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above `start` that has a [tool.stagewarden] table,
    else the nearest pyproject.toml at all (the project's root)."""
    return _find_pyproject(start)[0]


def _find_pyproject(start: Path) -> tuple[Path | None, dict | None]:
    """find_pyproject, with the parsed document when it was parsed on the way (else None)."""
    nearest = None
    for directory in (start, *start.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            nearest = nearest or candidate
            try:
                if "stagewarden" in candidate.read_text(encoding="utf-8", errors="replace"):
                    data = _read_toml(candidate)
                    if "stagewarden" in data.get("tool", {}):
                        return candidate, data
            except ConfigError:
                return candidate, None  # a broken nearest file is reported when loaded
    return nearest, None


def _read_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path.name}: invalid TOML: {error}") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None


def load_config(
    start: Path,
    explicit: Path | None = None,
    environ: Mapping[str, str] | None = None,
    default_root: Path | None = None,
) -> Config:
    """Build the Config for a run started in `start` (or from an explicit `--config FILE`)."""
    environ = os.environ if environ is None else environ
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"--config {explicit}: no such file")
        path: Path | None = explicit
        data = None
    else:
        path, data = _find_pyproject(start)
    table: dict[str, Any] = {}
    where = "tool.stagewarden"
    values: dict[str, Any] = {}
    if path is not None:
        data = data if data is not None else _read_toml(path)
        project = data.get("project")
        if path.name == "pyproject.toml" and isinstance(project, dict) and isinstance(project.get("requires-python"), str):
            values["requires_python"] = project["requires-python"]
        if explicit is not None and path.name != "pyproject.toml" and "tool" not in data:
            table, where = data, ""  # a dedicated stagewarden.toml holds the keys at top level
        else:
            table = data.get("tool", {}).get("stagewarden", {})
            if not isinstance(table, dict):
                raise ConfigError("tool.stagewarden: expected a table")
    root = path.parent.resolve() if path is not None else (default_root or start).resolve()
    for key, value in table.items():
        dotted = f"{where}.{key}" if where else key
        if key in _KEYS:
            name, parse, _ = _KEYS[key]
            values[name] = parse(value, dotted)
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{dotted}: expected a table of glob = [rule ids]")
            values["per_file_ignores"] = tuple(
                (glob, _as_list(ids, f"{dotted}.{glob}")) for glob, ids in value.items()
            )
        elif key == "rules":
            if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
                raise ConfigError(f"{dotted}: expected tables like [{dotted}.SW101]")
            values["rule_settings"] = {rule: dict(options) for rule, options in value.items()}
        elif key == "imports":
            values.update(_imports_table(value, dotted))
        elif key == "dependencies":
            values["dependencies"] = _dependencies_table(value, dotted)
        else:
            raise ConfigError(f"{dotted}: unknown key (known: {', '.join(KNOWN_KEYS)})")
    for key, (name, parse, variable) in _KEYS.items():
        if variable and environ.get(variable, "").strip():
            values[name] = parse(environ[variable], variable)
    if "index_url" not in values and environ.get("PIP_INDEX_URL", "").strip():
        values["index_url"] = environ["PIP_INDEX_URL"].strip()
    if "extra_index_urls" not in values and environ.get("PIP_EXTRA_INDEX_URL", "").strip():
        values["extra_index_urls"] = _as_list(environ["PIP_EXTRA_INDEX_URL"], "PIP_EXTRA_INDEX_URL")
    if environ.get("STAGEWARDEN_PUBLIC_INDEX_URL", "").strip():
        policy = values.get("dependencies", DependencyPolicy())
        values["dependencies"] = replace(policy, public_index_url=environ["STAGEWARDEN_PUBLIC_INDEX_URL"].strip())
    if environ.get("STAGEWARDEN_CACHE_DIR", "").strip():
        values["cache_dir"] = Path(environ["STAGEWARDEN_CACHE_DIR"])
    if _as_bool(environ.get("STAGEWARDEN_NO_CACHE", "false") or "false", "STAGEWARDEN_NO_CACHE"):
        values["cache"] = False
    return Config(root=root, source=path, **values)


def _imports_table(table: Any, where: str) -> dict[str, Any]:
    """[tool.stagewarden.imports]: source-roots, first-party, python, and package-map, a
    table of import name = distribution name(s) for imports no heuristic can map."""
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table")
    values: dict[str, Any] = {}
    for key, value in table.items():
        dotted = f"{where}.{key}"
        if key in _IMPORT_KEYS:
            name, parse = _IMPORT_KEYS[key]
            values[name] = parse(value, dotted)
        elif key == "package-map":
            if not isinstance(value, dict):
                raise ConfigError(f"{dotted}: expected a table of import name = distribution name(s)")
            values["package_map"] = {
                module: (dists,) if isinstance(dists, str) else _as_list(dists, f"{dotted}.{module}")
                for module, dists in value.items()
            }
        else:
            known = ", ".join(sorted([*_IMPORT_KEYS, "package-map"]))
            raise ConfigError(f"{dotted}: unknown key (known: {known})")
    return values


def _dependencies_table(table: Any, where: str) -> DependencyPolicy:
    """[tool.stagewarden.dependencies]: the policy for new dependencies (dependency_policy.py)."""
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table")
    values: dict[str, Any] = {}
    for key, value in table.items():
        dotted = f"{where}.{key}"
        field_name = key.replace("-", "_")
        if key in ("vetted-file", "public-index-url"):
            values[field_name] = _as_str(value, dotted)
        elif key in ("denied-packages", "private-packages"):
            values[field_name] = _as_list(value, dotted)
        elif key == "allowed-licenses":
            from stagewarden.licenses import LicenseError, parse_allowed

            values[field_name] = _as_list(value, dotted)
            try:
                parse_allowed(values[field_name])
            except LicenseError as error:
                raise ConfigError(f"{dotted}: {error}") from None
        elif key == "unknown-license":
            values[field_name] = _as_choice("allow", "warn", "fail")(value, dotted)
        elif key in ("min-project-age-days", "min-releases", "max-typo-distance"):
            highest = 3 if key == "max-typo-distance" else None
            if isinstance(value, bool) or not isinstance(value, int) or value < 0 or (highest and value > highest):
                raise ConfigError(f"{dotted}: expected {'0 to 3' if highest else 'a number >= 0'}")
            values[field_name] = value
        elif key in ("require-source-link", "vet-lock-files"):
            values[field_name] = _as_bool(value, dotted)
        elif key == "fail-on":
            values[field_name] = _as_level(value, dotted)
        else:
            raise ConfigError(f"{dotted}: unknown key (known: {', '.join(DEPENDENCY_KEYS)})")
    return DependencyPolicy(**values)


def parse_level(value: str, option: str) -> Level:
    return _as_level(value, option)


def parse_list(value: str, option: str) -> tuple[str, ...]:
    return _as_list(value, option)
