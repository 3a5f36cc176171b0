"""What the project says about itself that rules need: the Python versions it supports.

`[project].requires-python` in the root's pyproject.toml decides the target versions, read
once per run. Without it (or when it cannot be read), the running interpreter's version is
the only target.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on older interpreters only
    import tomli as tomllib

CANDIDATES = tuple(f"3.{minor}" for minor in range(8, 15))


@dataclass(frozen=True)
class ProjectContext:
    """The project's facts rules may use; `target_versions` like ("3.9", "3.10")."""

    target_versions: tuple[str, ...]


def running_version() -> str:
    return f"{sys.version_info[0]}.{sys.version_info[1]}"


def default_project() -> ProjectContext:
    return ProjectContext((running_version(),))


def load_project(root: Path) -> ProjectContext:
    """Target versions from `[project].requires-python` in `root`/pyproject.toml: each of 3.8
    to 3.14 whose first (3.N.0) or a late (3.N.99) release satisfies it, so `>=3.9.2` still
    includes 3.9. Missing, unreadable or unsatisfiable: the running interpreter's version."""
    try:
        with open(Path(root) / "pyproject.toml", "rb") as handle:
            data = tomllib.load(handle)
    except (OSError, ValueError):
        return default_project()
    project = data.get("project")
    return project_from_requires(project.get("requires-python") if isinstance(project, dict) else None)


def project_from_requires(spec: object) -> ProjectContext:
    """The target versions a `requires-python` specifier admits (see load_project)."""
    if not isinstance(spec, str) or not spec.strip():
        return default_project()
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    try:
        specifiers = SpecifierSet(spec)
    except InvalidSpecifier:
        return default_project()
    targets = tuple(
        version for version in CANDIDATES
        if specifiers.contains(f"{version}.0", prereleases=True) or specifiers.contains(f"{version}.99", prereleases=True)
    )
    return ProjectContext(targets) if targets else default_project()


__all__ = ["ProjectContext", "default_project", "load_project"]
