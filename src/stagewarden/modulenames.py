"""The names a Python module defines, read statically (never imported) for SW204.

Everything bound at module level counts, in every branch of `if`/`try` (a name defined on
some path may exist), plus `__all__` and the names of imports. A module whose namespace is
filled at run time is "dynamic" and every answer about it is "unknown": a module-level
`__getattr__` (PEP 562), a star import that cannot be followed to a readable module, or
writes through `globals()`, `vars()`, `sys.modules` or `setattr`.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from stagewarden.atomic import write_atomically

MAX_MODULE_BYTES = 2 * 1024 * 1024
_MATCH = getattr(ast, "Match", None)  # Python 3.10+
_GLOBAL_STATEMENT = re.compile(rb"^[ \t]+global[ \t]+([A-Za-z_][\w \t,]*)", re.MULTILINE)
# globals() or vars() (how code writes module names it does not spell out), exec, setattr on
# sys.modules, and sys.modules[...] = x, which replaces the module with another object.
_WRITES_NAMESPACE = re.compile(
    rb"\b(?:globals|vars)\(\s*\)|\bexec\(|\bsetattr\(\s*sys\.modules|sys\.modules\[[^\]]+\]\s*=[^=]"
)


@dataclass(frozen=True)
class ModuleNames:
    names: frozenset[str]
    dynamic: bool = False
    stars: bool = False  # a star import was followed: the names depend on other files too


UNKNOWN = ModuleNames(frozenset(), dynamic=True)


def module_file(folder: Path, dotted: str) -> tuple[Path | None, bool]:
    """(the source file of dotted module `dotted` under `folder`, whether it is a package):
    `a/b.py`, `a/b/__init__.py` (or `.pyi`), or for a folder without `__init__` (a namespace
    package) (None, True) when the folder exists. (None, False) when nothing is there."""
    base = folder.joinpath(*dotted.split("."))
    for candidate in (base / "__init__.py", base / "__init__.pyi"):
        if candidate.is_file():
            return candidate, True
    for suffix in (".py", ".pyi"):
        candidate = base.with_name(base.name + suffix)
        if candidate.is_file():
            return candidate, False
    if base.is_dir():
        return None, True
    return None, False


def has_submodule(package_file: Path | None, package_folder: Path, name: str) -> bool:
    """Whether `name` is a module or subpackage inside the package folder (any kind of file:
    an extension module counts)."""
    try:
        entries = os.listdir(package_folder)
    except OSError:
        return False
    for entry in entries:
        if entry == name or (entry.split(".", 1)[0] == name and entry.endswith((".py", ".pyi", ".so", ".pyd", ".pyx"))):
            return True
    return False


def read_module_names(path: Path, follow: Callable[[str, int], Path | None] | None = None, depth: int = 0) -> ModuleNames:
    """The names module file `path` defines. `follow(module, level)` locates the file of a
    star-imported module (None when it cannot), so `from .core import *` adds core's names."""
    try:
        if path.stat().st_size > MAX_MODULE_BYTES:
            return UNKNOWN
        source = path.read_bytes()
        tree = ast.parse(source)
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return UNKNOWN
    names: set[str] = set()
    dynamic = stars = False
    for node in _module_level(tree.body):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            if node.name == "__getattr__":
                dynamic = True
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                names.update(_bound(target))
            if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
                names.update(_strings(node.value))
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.With, ast.AsyncWith)):
            targets = [node.target] if isinstance(node, (ast.For, ast.AsyncFor)) else [i.optional_vars for i in node.items if i.optional_vars]
            for target in targets:
                names.update(_bound(target))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                names.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name != "*":
                    names.add(alias.asname or alias.name)
                    continue
                stars = True
                target = follow(node.module or "", node.level or 0) if follow is not None and depth < 3 else None
                starred = read_module_names(target, follow, depth + 1) if target is not None else UNKNOWN
                dynamic = dynamic or starred.dynamic
                names.update(starred.names)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            names.update(node.names)
    # Functions that assign module globals, and code that writes the namespace some other way,
    # read from the text: a walk of the whole tree costs as much as the parse, and a match in
    # a comment or string only makes the answer "unknown", never wrong.
    for match in _GLOBAL_STATEMENT.finditer(source):
        names.update(name.strip().decode() for name in match.group(1).split(b","))
    if _WRITES_NAMESPACE.search(source):
        dynamic = True
    return ModuleNames(frozenset(names), dynamic, stars)


def _module_level(body: list[ast.stmt]):
    """Statements at module level, including inside if/try/with/for blocks."""
    for node in body:
        yield node
        if isinstance(node, (ast.If, ast.Try, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith)) or \
                node.__class__.__name__ == "TryStar":
            for field in ("body", "orelse", "finalbody"):
                yield from _module_level(getattr(node, field, []) or [])
            for handler in getattr(node, "handlers", []):
                yield from _module_level(handler.body)
                if handler.name:
                    yield ast.Assign(targets=[ast.Name(handler.name, ast.Store())], value=ast.Constant(None))
        elif _MATCH is not None and isinstance(node, _MATCH):
            for case in node.cases:
                yield from _module_level(case.body)


def _bound(target: ast.AST):
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, (ast.Tuple, ast.List)):
        for element in target.elts:
            yield from _bound(element)
    elif isinstance(target, ast.Starred):
        yield from _bound(target.value)


def _strings(value: ast.AST | None) -> set[str]:
    if isinstance(value, (ast.List, ast.Tuple, ast.Set)):
        return {e.value for e in value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
    return set()


class ModuleNameCache:
    """Module names kept on disk between runs, one JSON file per project, keyed by path and
    validated by size and modification time: a warm run over a large project then parses
    none of the modules it imports from. Modules that follow star imports are not kept (their
    names depend on other files). A cache that cannot be read or written only costs time."""

    def __init__(self, directory: Path, root: Path):
        digest = hashlib.sha256(str(root).encode("utf-8", "surrogateescape")).hexdigest()[:24]
        self.path = directory / "module-names-v1" / f"{digest}.json"
        self.entries: dict[str, list] | None = None
        self.changed = False

    def _load(self) -> dict[str, list]:
        if self.entries is None:
            try:
                with open(self.path, encoding="utf-8") as handle:
                    loaded = json.load(handle)
                self.entries = loaded if isinstance(loaded, dict) else {}
            except (OSError, ValueError):
                self.entries = {}
        return self.entries

    def get(self, path: Path) -> ModuleNames | None:
        entry = self._load().get(str(path))
        try:
            stat = path.stat()
            if entry is None or entry[0] != stat.st_size or entry[1] != stat.st_mtime_ns:
                return None
            return ModuleNames(frozenset(entry[2]), bool(entry[3]))
        except (OSError, IndexError, TypeError):
            return None

    def put(self, path: Path, found: ModuleNames) -> None:
        if found.stars or found is UNKNOWN:
            return
        try:
            stat = path.stat()
        except OSError:
            return
        self._load()[str(path)] = [stat.st_size, stat.st_mtime_ns, sorted(found.names), found.dynamic]
        self.changed = True

    def save(self) -> None:
        if self.changed and self.entries is not None:
            try:
                write_atomically(self.path, json.dumps(self.entries, separators=(",", ":")))
            except OSError:
                pass


__all__ = ["ModuleNameCache", "ModuleNames", "UNKNOWN", "has_submodule", "module_file", "read_module_names"]
