"""The dependencies a project declares, read statically from its manifests.

pyproject.toml (PEP 621 dependencies and optional-dependencies, PEP 735 dependency-groups,
build-system.requires, Poetry, PDM and uv tables, setuptools' and hatch's dynamic
dependencies read from files), requirements files (with `-r` includes), setup.cfg, literal
`setup()` arguments in setup.py, Pipfile and tox.ini. Nothing is executed. When a manifest
declares dependencies in a way that cannot be read statically (computed in setup.py, a
dynamic field with no file), the declaration is marked incomplete so that rules which would
otherwise report "not declared" stay silent.

The formats themselves are read by dependency_manifests.py, the parser the dependencies
family uses on text: this module finds the files of a project on disk, follows their
includes and dynamic fields, and reads the two sources that parser does not know (literal
`setup()` arguments and tox.ini).
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

from stagewarden.dependency_manifests import parse_manifest

MAX_MANIFEST_BYTES = 2 * 1024 * 1024
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
    found = [r.name for r in parse_manifest("requirements.txt", text.strip() + "\n").requirements if r.name]
    return found[0] if found else None


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

    def read_text(self, path: Path) -> str | None:
        """The file's text, or None (and a problem) when it cannot be read."""
        try:
            if path.stat().st_size > MAX_MANIFEST_BYTES:
                raise OSError("file too large")
            return path.read_text(encoding="utf-8", errors="replace")
        except OSError as error:
            self.problem(path, f"cannot be read: {getattr(error, 'strerror', None) or error}")
            return None

    def parsed(self, path: Path, kind: str, group: str | None = None, text: str | None = None):
        """Read `path` (or its `text`) with dependency_manifests as `kind`, record its direct
        requirements (in `group` when given, else the group the file gives them) and its
        problems, and return the Manifest (None when the file cannot be read)."""
        text = self.read_text(path) if text is None else text
        if text is None:
            return None
        manifest = parse_manifest(path.as_posix(), text, kind=kind)
        for problem in manifest.problems:
            self.problem(path, problem)
        for requirement in manifest.requirements:
            if requirement.kind == "direct" and requirement.name:
                self.declared.dependencies.append(Dependency(
                    requirement.name, requirement.text, self.rel(path), requirement.line,
                    requirement.group if group is None else group))
        return manifest

    # -- pyproject.toml ------------------------------------------------------------------
    def pyproject(self, path: Path) -> None:
        text = self.read_text(path)
        if text is None:
            return
        before = len(self.declared.dependencies)
        manifest = self.parsed(path, "pyproject", text=text)
        if any(p.startswith("invalid TOML") for p in manifest.problems):
            return
        if len(self.declared.dependencies) > before or _TABLES.search(text):
            self.source(path)
        if "dynamic" in text:
            data = tomllib.loads(text)
            project = data.get("project") if isinstance(data.get("project"), dict) else {}
            dynamic = project.get("dynamic") if isinstance(project.get("dynamic"), list) else []
            if "dependencies" in dynamic or "optional-dependencies" in dynamic:
                tool = data.get("tool") if isinstance(data.get("tool"), dict) else {}
                self._dynamic(tool, path)

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
        manifest = self.parsed(path, "requirements", group)
        if manifest is None:
            return
        self.source(path)
        self._follow(manifest, group, depth)

    def _follow(self, manifest, group: str, depth: int) -> None:
        """Read the requirements files a manifest includes with -r or `file:` (constraints
        files pin versions; they declare nothing)."""
        for flag, target in manifest.includes:
            if flag == "-r" and "://" not in target:
                self.requirements(Path(target), group, depth + 1)

    # -- setup.cfg / setup.py / Pipfile / tox.ini ----------------------------------------
    def setup_cfg(self, path: Path) -> None:
        before = len(self.declared.dependencies)
        manifest = self.parsed(path, "setup.cfg")
        if manifest is None:
            return
        self._follow(manifest, "", 0)
        if len(self.declared.dependencies) > before or manifest.includes:
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
        if self.parsed(path, "pipfile") is not None:
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


_TABLES = re.compile(r"^\[(project|tool\.poetry)[\].]", re.M)


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
