"""What the import rules know about the project, each piece read on first use: which
folder a file's project is (the nearest with a manifest), what it declares, its environment,
and its own modules (the source roots, and the folders of the importing file)."""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on older interpreters only
    import tomli as tomllib

from stagewarden.config import Config
from stagewarden.environment import Environment, find_environment
from stagewarden.index.model import normalize_name
from stagewarden.manifests import Declared, read_declared
from stagewarden.project import ProjectContext

MANIFESTS = ("pyproject.toml", "setup.py", "setup.cfg", "Pipfile", "requirements.txt")
_SOURCE_SUFFIXES = (".py", ".pyi", ".pyx", ".pxd", ".so", ".pyd", ".pyw")
_SKIP_DIRS = {"__pycache__", "node_modules", "site-packages", "dist-packages"}


class ProjectImports:
    """Knowledge about the project the import rules need, each piece read on first use."""

    def __init__(self, config: Config, project: ProjectContext, environ: dict | None = None):
        self.config = config
        self.root = config.root
        self.project = project
        self.environ = os.environ if environ is None else environ
        self._units: dict[str, Path] = {}
        self._declared: dict[Path, Declared] = {}
        self._listings: dict[Path, frozenset[str]] = {}
        self._environment: Environment | None | bool = False

    # -- where a file belongs ------------------------------------------------------------
    def unit_of(self, rel: str) -> Path:
        """The nearest folder at or above the file with a manifest (a package of a monorepo),
        else the project root."""
        folder = os.path.dirname(rel)
        if folder in self._units:
            return self._units[folder]
        found = self.root
        current = self.root / folder if folder else self.root
        while current != self.root and self.root in current.parents:
            if any((current / name).is_file() for name in MANIFESTS):
                found = current
                break
            current = current.parent
        self._units[folder] = found
        return found

    def declared(self, unit: Path) -> Declared:
        """The unit's declarations, merged with the root's (shared dev requirements)."""
        if unit not in self._declared:
            declared = read_declared(unit, self.root, nested_requirements=True)
            if unit != self.root:
                shared = self.declared(self.root)
                declared.dependencies.extend(shared.dependencies)
                declared.sources.extend(s for s in shared.sources if s not in declared.sources)
                declared.complete = declared.complete and shared.complete
            self._declared[unit] = declared
        return self._declared[unit]

    @property
    def environment(self) -> Environment | None:
        if self._environment is False:
            self._environment = find_environment(self.root, self.config.python, self.environ)
        return self._environment  # type: ignore[return-value]

    # -- the project's own modules -------------------------------------------------------
    def listing(self, folder: Path) -> frozenset[str]:
        """Importable names directly in `folder`: modules, extension modules, and packages
        (regular or namespace folders)."""
        if folder not in self._listings:
            names: set[str] = set()
            try:
                with os.scandir(folder) as entries:
                    for entry in entries:
                        name = entry.name
                        if entry.is_dir():
                            if name.isidentifier() and name not in _SKIP_DIRS:
                                names.add(name)
                        elif name.endswith(_SOURCE_SUFFIXES):
                            stem = name.split(".", 1)[0]
                            if stem.isidentifier():
                                names.add(stem)
            except OSError:
                pass
            self._listings[folder] = frozenset(names)
        return self._listings[folder]

    def source_roots(self, unit: Path) -> list[Path]:
        return _source_roots(unit, self.root, tuple(self.config.source_roots))

    def is_first_party(self, top: str, rel: str) -> bool:
        if top in self.config.first_party or top in _own_import_names(self.unit_of(rel)):
            return True
        unit = self.unit_of(rel)
        folders = self.source_roots(unit)
        current = (self.root / rel).parent
        while current == self.root or self.root in current.parents:  # scripts and tests import their neighbours
            folders.append(current)
            current = current.parent
        return any(top in self.listing(folder) for folder in folders)

    def first_party_names(self, rel: str) -> set[str]:
        names: set[str] = set()
        for folder in self.source_roots(self.unit_of(rel)):
            names |= self.listing(folder)
        return names


def _source_roots(unit: Path, root: Path, configured: tuple[str, ...]) -> list[Path]:
    """Where the project's top-level modules live: the unit and root folders and their
    src/, configured roots, pytest's `pythonpath`, and setuptools' `where`/`package-dir`."""
    roots = [unit, unit / "src", root, root / "src"]
    roots += [root / extra for extra in configured]
    roots += [unit / extra for extra in _declared_roots(unit)]
    return list(dict.fromkeys(roots))


@lru_cache(maxsize=64)
def _pyproject(unit: Path) -> dict:
    try:
        with open(unit / "pyproject.toml", "rb") as handle:
            return tomllib.load(handle)
    except (OSError, ValueError):
        return {}


def _declared_roots(unit: Path) -> tuple[str, ...]:
    data = _pyproject(unit)
    tool = data.get("tool") if isinstance(data.get("tool"), dict) else {}
    found: list[str] = []
    pytest_options = (tool.get("pytest") or {}).get("ini_options") if isinstance(tool.get("pytest"), dict) else None
    if isinstance(pytest_options, dict):
        paths = pytest_options.get("pythonpath")
        found += [paths] if isinstance(paths, str) else [p for p in paths or () if isinstance(p, str)]
    setuptools = tool.get("setuptools") if isinstance(tool.get("setuptools"), dict) else {}
    package_dir = setuptools.get("package-dir")
    if isinstance(package_dir, dict):
        found += [value for key, value in package_dir.items() if key == "" and isinstance(value, str)]
    packages = setuptools.get("packages")
    if isinstance(packages, dict) and isinstance(packages.get("find"), dict):
        found += [w for w in packages["find"].get("where", ()) if isinstance(w, str)]
    return tuple(found)


def _own_import_names(unit: Path) -> frozenset[str]:
    """The project's own distribution name as an import name (stagewarden -> stagewarden)."""
    project = _pyproject(unit).get("project")
    name = project.get("name") if isinstance(project, dict) else None
    if not isinstance(name, str):
        return frozenset()
    return frozenset({normalize_name(name).replace("-", "_")})


__all__ = ["MANIFESTS", "ProjectImports"]
