"""SW204's question: which names imported from a module (`from m import n`, `m.n`) does
the module lack? The standard library from the bundled per-version tables; the project's own
modules and the packages in its environment read statically (modulenames.py). Unsure is
silent."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from stagewarden import stdlib_symbols
from stagewarden.imports import ImportFact
from stagewarden.modulenames import ModuleNameCache, ModuleNames, has_submodule, module_file, read_module_names
from stagewarden.projectimports import ProjectImports


class NameChecker:
    """Which names imported from a module (`from m import n`, `m.n`) the module lacks: the
    standard library from the bundled per-version tables, the project's own modules and the
    packages in its environment read statically. Unsure is silent."""

    def __init__(self, knowledge: ProjectImports, cache: ModuleNameCache | None = None):
        self.knowledge = knowledge
        self.cache = cache
        self._read: dict[Path, ModuleNames] = {}

    def missing(self, fact: ImportFact, verdict, rel: str) -> tuple[tuple[str, str], ...]:
        """(name, what is known of it) for each name of `fact` its module lacks, given the
        module's resolution `verdict` (importcheck.Verdict)."""
        names = [n for n in fact.names if n != "*" and not n.startswith("_")]
        if not names:
            return ()
        if verdict.status == "stdlib" and not fact.level:
            return tuple(m for m in (self._stdlib(fact.module, n) for n in names) if m is not None)
        if fact.level or verdict.status == "first-party":
            folders = self._relative_folder(fact, rel) if fact.level else self._first_party_folders(rel)
        elif verdict.evidence == "environment" and self.knowledge.environment is not None:
            folders = self.knowledge.environment.site_packages
        else:
            return ()
        module = fact.module
        for folder in folders:
            if folder is None:
                continue
            if not module:  # `from . import x`: x lives in the package folder itself
                return self._in_module(folder / "__init__.py" if (folder / "__init__.py").is_file() else None, folder, True, names)
            path, is_package = module_file(folder, module)
            if path is not None or is_package:
                target = folder.joinpath(*module.split("."))
                return self._in_module(path, target if is_package else target.parent, is_package, names)
        return ()

    def _stdlib(self, module: str, name: str) -> tuple[str, str] | None:
        targets = self.knowledge.project.target_versions
        answers = [stdlib_symbols.has_name(module, name, version) for version in targets]
        if False not in answers or None in answers:
            return None
        lacking = [v for v, answer in zip(targets, answers) if answer is False]
        having = stdlib_symbols.versions_with_name(module, name)
        if not having:
            close = difflib.get_close_matches(name, sorted(stdlib_symbols.names_in(module, targets[-1])), n=1, cutoff=0.75)
            return name, f"did you mean `{close[0]}`?" if close else ""
        return name, f"not on Python {_ranges(lacking)}; it exists on Python {_ranges(list(having))}"

    def _in_module(self, path: Path | None, folder: Path, is_package: bool, names: list[str]) -> tuple[tuple[str, str], ...]:
        if path is None:
            return ()  # a namespace package: its parts may live elsewhere
        if _compiled_beside(path):
            return ()
        defined = self._names_of(path)
        if defined.dynamic:
            return ()
        missing = []
        for name in names:
            if name in defined.names or (is_package and has_submodule(path, folder, name)):
                continue
            close = difflib.get_close_matches(name, sorted(defined.names), n=1, cutoff=0.75)
            missing.append((name, f"did you mean `{close[0]}`?" if close else ""))
        return tuple(missing)

    def _names_of(self, path: Path) -> ModuleNames:
        if path not in self._read:
            cached = self.cache.get(path) if self.cache is not None else None
            if cached is None:
                cached = read_module_names(path, lambda module, level: self._star_target(path, module, level))
                if self.cache is not None:
                    self.cache.put(path, cached)
            self._read[path] = cached
        return self._read[path]

    def _star_target(self, path: Path, module: str, level: int) -> Path | None:
        if not level:
            return None  # a star import from another top-level package: not followed
        folder = path.parent
        for _ in range(level - 1):
            folder = folder.parent
        if not module:
            return None
        found, _ = module_file(folder, module)
        return found

    def _first_party_folders(self, rel: str) -> list[Path]:
        """Only the project's source roots: a module found beside the importing file may be
        meant for a different sys.path (a script's, a temporary copy's), so its names are
        not judged."""
        knowledge = self.knowledge
        return knowledge.source_roots(knowledge.unit_of(rel))

    def _relative_folder(self, fact: ImportFact, rel: str) -> list[Path | None]:
        folder = (self.knowledge.root / rel).parent
        for _ in range(fact.level - 1):
            folder = folder.parent
        return [folder] if folder == self.knowledge.root or self.knowledge.root in folder.parents else []


def _compiled_beside(path: Path) -> bool:
    """An extension module next to the source (a Cython build) defines what it likes."""
    stem = "__init__" if path.stem == "__init__" else path.stem
    try:
        return any(entry.startswith(stem + ".") and entry.endswith((".so", ".pyd")) for entry in os.listdir(path.parent))
    except OSError:
        return False


def _ranges(versions: list[str]) -> str:
    """"3.8, 3.9, 3.10" -> "3.8-3.10"; gaps are listed."""
    ordered = sorted(versions, key=lambda v: tuple(int(p) for p in v.split(".")))
    runs: list[list[str]] = []
    for version in ordered:
        minor = int(version.split(".")[1])
        if runs and int(runs[-1][-1].split(".")[1]) == minor - 1:
            runs[-1].append(version)
        else:
            runs.append([version])
    return ", ".join(run[0] if len(run) == 1 else f"{run[0]}-{run[-1]}" for run in runs)


__all__ = ["NameChecker"]
