"""The dependencies a project declares, read statically from its manifests.

pyproject.toml (PEP 621 dependencies and optional-dependencies, PEP 735 dependency-groups,
build-system.requires, Poetry, PDM and uv tables, setuptools' and hatch's dynamic
dependencies read from files), requirements files (with `-r` includes), setup.cfg, literal
`setup()` arguments in setup.py, Pipfile and tox.ini. Nothing is executed. When a manifest
declares dependencies in a way that cannot be read statically (computed in setup.py, a
dynamic field with no file), the declaration is marked incomplete so that rules which would
otherwise report "not declared" stay silent.
"""

from __future__ import annotations

import ast
import configparser
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on older interpreters only
    import tomli as tomllib

from stagewarden.index.model import normalize_name

MAX_MANIFEST_BYTES = 2 * 1024 * 1024
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_EGG = re.compile(r"[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)")
REQUIREMENT_GLOBS = ("*requirements*.txt", "*requirements*.in", "requirements/*.txt", "requirements/*.in",
                     "requirements/**/*.txt", "requirements/**/*.in")


@dataclass(frozen=True)
class Dependency:
    """One declared requirement: the PEP 503 name, the text as written, where it is, and the
    group it belongs to ("" for the main dependencies)."""

    name: str
    text: str
    source: str
    line: int = 0
    group: str = ""


@dataclass
class Declared:
    """Everything a project directory declares. `complete` is False when some declaration
    could not be read statically; `sources` lists the manifests read (root-relative)."""

    dependencies: list[Dependency] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    complete: bool = True
    problems: list[str] = field(default_factory=list)

    @property
    def names(self) -> frozenset[str]:
        return frozenset(d.name for d in self.dependencies)

    @property
    def found(self) -> bool:
        """Whether any manifest declares dependencies at all (an empty project says nothing)."""
        return bool(self.sources)


def requirement_name(text: str) -> str | None:
    """The PEP 503 name of one requirement string ("requests[socks]>=2; python_version<'4'"),
    or None when it names no project (a bare URL or path)."""
    text = text.strip()
    if not text or text.startswith(("-", "#", ".", "/")) or "://" in text.split("@")[0]:
        egg = _EGG.search(text)
        return normalize_name(egg.group(1)) if egg else None
    match = _NAME.match(text)
    return normalize_name(match.group(1)) if match else None


def read_declared(directory: Path, root: Path, nested_requirements: bool = False) -> Declared:
    """The dependencies declared by the manifests in `directory`; with `nested_requirements`,
    also by requirements files in any folder below it (a test suite's own, like
    `tests/requirements/py3.txt`), which count for the whole project."""
    declared = Declared()
    reader = _Reader(declared, root)
    pyproject = directory / "pyproject.toml"
    if pyproject.is_file():
        reader.pyproject(pyproject)
    for pattern in REQUIREMENT_GLOBS:
        for path in sorted(directory.glob(pattern)):
            if "constraint" not in path.name.lower():
                reader.requirements(path, "requirements")
    if (directory / "setup.cfg").is_file():
        reader.setup_cfg(directory / "setup.cfg")
    if (directory / "setup.py").is_file():
        reader.setup_py(directory / "setup.py")
    if (directory / "Pipfile").is_file():
        reader.pipfile(directory / "Pipfile")
    if (directory / "tox.ini").is_file():
        reader.tox_ini(directory / "tox.ini")
    if nested_requirements:
        for path in nested_requirement_files(directory):
            reader.requirements(path, "requirements")
    return declared


_SKIP_FOLDERS = {"node_modules", "site-packages", "__pycache__", "build", "dist", "venv", "env", "virtualenv"}


def nested_requirement_files(directory: Path, max_depth: int = 4) -> list[Path]:
    """Requirements files in folders below `directory` (not in it), skipping hidden folders,
    virtualenvs and build output."""
    found: list[Path] = []
    base_depth = len(directory.parts)
    for folder, folders, files in os.walk(directory):
        here = Path(folder)
        depth = len(here.parts) - base_depth
        folders[:] = sorted(f for f in folders if not f.startswith(".") and f not in _SKIP_FOLDERS and depth < max_depth)
        if depth == 0:
            continue
        for name in sorted(files):
            lower = name.lower()
            if lower.endswith((".txt", ".in")) and "requirements" in (lower + "/" + here.name.lower()) and "constraint" not in lower:
                found.append(here / name)
    return found


class _Reader:
    def __init__(self, declared: Declared, root: Path):
        self.declared = declared
        self.root = root
        self.read_files: set[Path] = set()

    def rel(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def add(self, text: str, source: Path, line: int = 0, group: str = "") -> None:
        if not isinstance(text, str):
            return
        name = requirement_name(text)
        if name:
            self.declared.dependencies.append(Dependency(name, text.strip(), self.rel(source), line, group))

    def source(self, path: Path) -> None:
        rel = self.rel(path)
        if rel not in self.declared.sources:
            self.declared.sources.append(rel)

    def problem(self, path: Path, message: str) -> None:
        self.declared.complete = False
        self.declared.problems.append(f"{self.rel(path)}: {message}")

    def load_toml(self, path: Path) -> dict | None:
        try:
            if path.stat().st_size > MAX_MANIFEST_BYTES:
                raise ValueError("file too large")
            with open(path, "rb") as handle:
                return tomllib.load(handle)
        except (OSError, ValueError) as error:  # TOMLDecodeError is a ValueError
            self.problem(path, f"cannot be read: {error}")
            return None

    # -- pyproject.toml ------------------------------------------------------------------
    def pyproject(self, path: Path) -> None:
        data = self.load_toml(path)
        if data is None:
            return
        before = len(self.declared.dependencies)
        project = data.get("project") if isinstance(data.get("project"), dict) else {}
        for text in _strings(project.get("dependencies")):
            self.add(text, path)
        for group, items in _tables(project.get("optional-dependencies")):
            for text in _strings(items):
                self.add(text, path, group=group)
        groups = data.get("dependency-groups")
        for group, items in _tables(groups):
            for item in items if isinstance(items, list) else ():
                if isinstance(item, str):
                    self.add(item, path, group=group)  # {include-group = ...} entries add nothing new
        build = data.get("build-system") if isinstance(data.get("build-system"), dict) else {}
        for text in _strings(build.get("requires")):
            self.add(text, path, group="build-system")
        tool = data.get("tool") if isinstance(data.get("tool"), dict) else {}
        self._poetry(tool.get("poetry"), path)
        pdm = tool.get("pdm") if isinstance(tool.get("pdm"), dict) else {}
        for group, items in _tables(pdm.get("dev-dependencies")):
            for text in _strings(items):
                self.add(text, path, group=group)
        uv = tool.get("uv") if isinstance(tool.get("uv"), dict) else {}
        for text in _strings(uv.get("dev-dependencies")):
            self.add(text, path, group="dev")
        dynamic = project.get("dynamic") if isinstance(project.get("dynamic"), list) else []
        if "dependencies" in dynamic or "optional-dependencies" in dynamic:
            self._dynamic(tool, path)
        if len(self.declared.dependencies) > before or project or "poetry" in tool:
            self.source(path)

    def _poetry(self, poetry: object, path: Path) -> None:
        if not isinstance(poetry, dict):
            return
        for name, _ in _tables(poetry.get("dependencies"), any_value=True):
            if name.lower() != "python":
                self.add(name, path)
        for name, _ in _tables(poetry.get("dev-dependencies"), any_value=True):
            self.add(name, path, group="dev")
        for group, table in _tables(poetry.get("group")):
            for name, _ in _tables(table.get("dependencies") if isinstance(table, dict) else None, any_value=True):
                self.add(name, path, group=group)

    def _dynamic(self, tool: dict, path: Path) -> None:
        """setuptools' `dynamic.dependencies = {file = [...]}` and the hatch requirements
        plugin name files; anything else computes the list at build time."""
        files: list[str] = []
        setuptools = tool.get("setuptools") if isinstance(tool.get("setuptools"), dict) else {}
        dynamic = setuptools.get("dynamic") if isinstance(setuptools.get("dynamic"), dict) else {}
        for key in ("dependencies", "optional-dependencies"):
            entry = dynamic.get(key)
            if isinstance(entry, dict) and "file" in entry:
                files.extend(_strings(entry["file"]) if isinstance(entry["file"], list) else _strings([entry["file"]]))
            elif isinstance(entry, dict):
                for _, sub in _tables(entry):
                    if isinstance(sub, dict) and "file" in sub:
                        files.extend(_strings(sub["file"]) if isinstance(sub["file"], list) else _strings([sub["file"]]))
        hatch = tool.get("hatch") if isinstance(tool.get("hatch"), dict) else {}
        hooks = ((hatch.get("metadata") or {}).get("hooks") or {}) if isinstance(hatch.get("metadata"), dict) else {}
        plugin = hooks.get("requirements_txt") if isinstance(hooks, dict) else None
        if isinstance(plugin, dict):
            files.extend(_strings(plugin.get("files")))
            for _, items in _tables(plugin.get("optional-dependencies")):
                files.extend(_strings(items))
        if not files:
            self.problem(path, "dependencies are dynamic and computed at build time")
        for name in files:
            self.requirements(path.parent / name, "")

    # -- requirements files --------------------------------------------------------------
    def requirements(self, path: Path, group: str, depth: int = 0) -> None:
        resolved = path.resolve()
        if resolved in self.read_files or depth > 10:
            return
        self.read_files.add(resolved)
        try:
            if path.stat().st_size > MAX_MANIFEST_BYTES:
                raise OSError("file too large")
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError as error:
            self.problem(path, f"cannot be read: {getattr(error, 'strerror', None) or error}")
            return
        self.source(path)
        for number, line in _logical_lines(text):
            if line.startswith(("-r", "--requirement")):
                target = line.split(None, 1)[1] if " " in line else line[2:]
                self.requirements(path.parent / target.strip().lstrip("="), group, depth + 1)
            elif line.startswith(("-e", "--editable")):
                target = line.split(None, 1)[1] if " " in line else line[2:]
                self.add(target.strip(), path, number, group)
            elif not line.startswith("-"):
                self.add(line.split(" --", 1)[0].split(";", 1)[0] if "://" not in line else line, path, number, group)

    # -- setup.cfg / setup.py / Pipfile / tox.ini ----------------------------------------
    def setup_cfg(self, path: Path) -> None:
        parser = configparser.RawConfigParser()
        try:
            parser.read(path, encoding="utf-8")
        except (configparser.Error, OSError, UnicodeDecodeError) as error:
            self.problem(path, f"cannot be read: {error}")
            return
        found = False
        for section, keys in (("options", ("install_requires", "setup_requires", "tests_require")),):
            if parser.has_section(section):
                for key in keys:
                    for number, line in _logical_lines(parser.get(section, key, fallback="")):
                        self.add(line, path, group="" if key == "install_requires" else key)
                        found = True
        if parser.has_section("options.extras_require"):
            for group, value in parser.items("options.extras_require"):
                for _, line in _logical_lines(value):
                    self.add(line, path, group=group)
                    found = True
        if found:
            self.source(path)

    def setup_py(self, path: Path) -> None:
        try:
            tree = ast.parse(path.read_bytes())
        except (OSError, SyntaxError, ValueError) as error:
            self.problem(path, f"cannot be read: {error}")
            return
        constants = {
            target.id: node.value
            for node in tree.body if isinstance(node, ast.Assign)
            for target in node.targets if isinstance(target, ast.Name)
        }
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "setup"):
                continue
            for keyword in node.keywords:
                if keyword.arg not in {"install_requires", "extras_require", "setup_requires", "tests_require"}:
                    continue
                value = keyword.value
                if isinstance(value, ast.Name):
                    value = constants.get(value.id, value)
                strings = _literal_strings(value)
                if strings is None:
                    self.problem(path, f"setup({keyword.arg}=...) is computed, not a literal")
                    continue
                self.source(path)
                for text in strings:
                    self.add(text, path, getattr(value, "lineno", 0), "" if keyword.arg == "install_requires" else keyword.arg)

    def pipfile(self, path: Path) -> None:
        data = self.load_toml(path)
        if data is None:
            return
        for table, group in (("packages", ""), ("dev-packages", "dev")):
            for name, _ in _tables(data.get(table), any_value=True):
                self.add(name, path, group=group)
        self.source(path)

    def tox_ini(self, path: Path) -> None:
        parser = configparser.RawConfigParser()
        try:
            parser.read(path, encoding="utf-8")
        except (configparser.Error, OSError, UnicodeDecodeError):
            return  # tox.ini is a secondary source: an unreadable one is not a declaration
        for section in parser.sections():
            if not section.startswith("testenv"):
                continue
            for _, line in _logical_lines(parser.get(section, "deps", fallback="")):
                if line.startswith("-r"):
                    target = line[2:].strip().replace("{toxinidir}/", "")
                    if "{" not in target:
                        self.requirements(path.parent / target, "tox")
                elif not line.startswith(("-", "{")) and ":" not in line.split("=")[0].split(">")[0].split("<")[0]:
                    self.add(line, path, group="tox")
                self.source(path)


def _logical_lines(text: str):
    """(line number, content) of a requirements-style text: comments and blank lines
    dropped, backslash continuations joined."""
    pending, start = "", 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = re.sub(r"(^|\s)#.*$", "", raw).strip()
        if not pending:
            start = number
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line = (pending + line).strip()
        pending = ""
        if line:
            yield start, line


def _strings(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _tables(value: object, any_value: bool = False):
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and (any_value or isinstance(item, (list, dict))):
                yield key, item


def _literal_strings(node: ast.AST) -> list[str] | None:
    """The strings of a literal list/tuple, or of a dict of such lists (extras_require)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [line for _, line in _logical_lines(node.value)]
    if isinstance(node, (ast.List, ast.Tuple, ast.Set, ast.Dict)):
        out: list[str] = []
        for element in node.values if isinstance(node, ast.Dict) else node.elts:
            part = _literal_strings(element)
            if part is None:
                return None
            out.extend(part)
        return out
    return None


__all__ = ["Declared", "Dependency", "read_declared", "requirement_name"]
