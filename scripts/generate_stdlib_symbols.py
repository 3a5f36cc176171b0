"""Regenerate src/stagewarden/data/stdlib_symbols.json.gz: the public names each standard-library
module defines on each Python version, so SW204 can tell `from os import walkdir` names nothing.

Run it from the repository root with the project's virtualenv, giving the interpreters to ask
(default: the pyenv ones for 3.8 to 3.13):

    .venv/bin/python scripts/generate_stdlib_symbols.py [--typeshed DIR] [PYTHON ...]

Two sources, unioned per version, because each misses what the other sees:
- the runtime: each interpreter is run as a subprocess (`-I -S`, so only the standard library is
  on its path) that lists every public module and submodule from the files of its standard
  library, imports each (test suites excepted) and records `dir()`. It sees every name on this
  platform and build, including undocumented ones, but none that exist only on Windows or macOS.
- typeshed's standard-library stubs, from the `typeshed_client` wheel (downloaded with
  `pip download`, never installed) or from --typeshed DIR (a folder holding `VERSIONS`). Every
  `sys.platform` branch is taken, `sys.version_info` conditions are evaluated for the version,
  and `VERSIONS` says which modules exist. A stub's bare imports are not counted: they are the
  stub's own typing helpers (collections' stub imports `Mapping`, gone from collections in 3.10),
  while `import x as y`, `from m import x as y` and `from m import *` are re-exports. Nor are
  `@type_check_only` classes, which no interpreter has.
A version newer than every interpreter given (3.14) borrows the newest one's runtime names,
erring on the side of a name existing. Typeshed no longer models versions before 3.10 (its
`sys.version_info >= (3, 9)` and `(3, 10)` conditions are gone), so for 3.8 and 3.9 it claims
names added in 3.9 and 3.10 (functools.cache, typing.TypeAlias). The runtimes date those: for a
version older than the oldest typeshed models, a stub-only name (or module) is dropped when that
version's runtime listed the module without it and the oldest modelled version's runtime has it.
A name no Linux runtime has (os.startfile, signal.CTRL_C_EVENT) stays: it is another platform's,
which the runtimes cannot date, as do the names of a module the version's runtime did not list.

Output format (JSON, sorted, gzip with mtime 0, so regenerating gives identical bytes):

    {"format": 1, "versions": ["3.8", ..., "3.14"],
     "modules": {"os": "*", "tomllib": "3.11,3.12,3.13,3.14", ...},
     "dynamic": {"collections": "3.8,3.9", ...},
     "names": {"os": {"*": ["walk", ...], "3.12,3.13,3.14": ["listdrives", ...]}, ...}}

A versions key is a comma-separated list of versions, or "*": in "modules" every version, in
"dynamic" and "names" every version the module exists in. "modules" lists each public dotted
module per version (one missing there for a version its top-level package has was looked for
and is not there). "dynamic" marks the versions on which a module's namespace could not be
listed completely: it has a module-level `__getattr__` (at runtime or in its stub), or it was not
imported (import failed, a test suite, or no interpreter) and so only its stub, if any, is known.
"names" groups each module's public names by the versions they exist in; a submodule counts as
a name of its package only through "modules".
"""

from __future__ import annotations

import argparse
import ast
import gzip
import json
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from stagewarden import stdlib

VERSIONS = stdlib.VERSIONS
PYENV = Path("/root/.pyenv/versions")
DEFAULT_PYTHONS = [str(PYENV / v / "bin" / "python") for v in ("3.8.18", "3.9.18", "3.10.13", "3.11.7", "3.12.1", "3.13.0")]
TYPESHED_PACKAGE = "typeshed_client==2.14.0"  # pinned: the same stubs give the same bytes
TYPESHED_OLDEST = "3.10"  # the oldest version those stubs model: older ones are dated by the runtimes
# Top-level modules not enumerated at all: importing them has side effects, or they are
# CPython's own tools and tests rather than a library anyone imports from.
SKIP = frozenset({"antigravity", "idlelib", "lib2to3", "test", "this", "turtledemo"})
# A module that is one of these, by platform, has all their runtime names: os.path is ntpath on
# Windows, and typeshed's stubs get some of its names wrong (ntpath.isdevdrive: 3.13, not 3.12).
ALIASES = {"os.path": ("ntpath", "posixpath")}
CHILD_TIMEOUT = 600  # seconds for one interpreter to import the whole standard library
OUTPUT = Path(__file__).resolve().parents[1] / "src" / "stagewarden" / "data" / "stdlib_symbols.json.gz"

# Runs inside each interpreter (3.8 syntax). argv: job file (allowed top-level names, names to
# probe), output file. Writes {"version", "modules": {name: [names] or null}, "dynamic": [...]}.
CHILD = r"""
import importlib, json, os, pkgutil, sys, warnings

TEST_PARTS = {"test", "tests", "idle_test"}  # test suites: listed as modules, never imported

def public(dotted):
    return not any(part.startswith("_") for part in dotted.split("."))

def walk(path, prefix, allowed, found):  # from the files: a package failing to import has modules too
    for info in pkgutil.iter_modules(path, prefix):
        if public(info.name) and info.name.split(".")[0] in allowed:
            found.add(info.name)
            if info.ispkg:
                folder = os.path.join(info.module_finder.path, info.name.rpartition(".")[2])
                walk([folder], info.name + ".", allowed, found)

def names_of(module):
    names = set(vars(module)) | set(dir(module))
    names.update(n for n in getattr(module, "__all__", ()) if isinstance(n, str))
    return names

def probe(module, candidates):
    found = set()
    for name in candidates:
        try:
            if hasattr(module, name):
                found.add(name)
        except BaseException:
            pass
    return found

def listing(name, candidates, dynamic):  # None when the module cannot be imported
    try:
        module = importlib.import_module(name)
        names = names_of(module)
        if "__getattr__" in vars(module):
            dynamic.append(name)
            names |= probe(module, candidates)
        return names
    except BaseException:
        return None

def main(job_path, out_path):
    job = json.load(open(job_path))
    allowed = set(job["allowed"])
    found = allowed.intersection(sys.builtin_module_names)
    walk(None, "", allowed, found)
    modules, dynamic = {}, []
    warnings.simplefilter("ignore")
    for name in sorted(found):
        test = TEST_PARTS.intersection(name.split("."))
        modules[name] = None if test else listing(name, job["probe"].get(name, ()), dynamic)
    for name, module in list(sys.modules.items()):  # os.path, xml.parsers.expat.errors, typing.io (a class)
        if name not in modules and module is not None and public(name) and name.split(".")[0] in allowed:
            modules[name] = names_of(module)
    result = {
        "version": "%d.%d" % sys.version_info[:2],
        "modules": {m: None if n is None else sorted(x for x in n if not x.startswith("_")) for m, n in modules.items()},
        "dynamic": dynamic,
    }
    with open(out_path, "w") as out:
        json.dump(result, out)

main(sys.argv[1], sys.argv[2])
"""


@dataclass
class Namespace:
    """What one source knows of one module on one version."""

    names: set[str]
    dynamic: bool


def run_interpreter(python: str, job: Path, out: Path) -> tuple[str, dict[str, Namespace | None]]:
    """The version of `python` and, per module it has, its names (None when not imported)."""
    done = subprocess.run(
        [python, "-I", "-S", "-c", CHILD, str(job), str(out)],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=CHILD_TIMEOUT, cwd=out.parent, check=False,
    )
    if done.returncode:
        sys.exit(f"{python} failed:\n{done.stderr[-3000:]}")
    result = json.loads(out.read_text(encoding="utf-8"))
    dynamic = set(result["dynamic"])
    modules = {
        name: None if names is None else Namespace(set(names), name in dynamic)
        for name, names in result["modules"].items()
    }
    return result["version"], modules


def fetch_typeshed(scratch: Path) -> Path:
    """Unpack the pinned typeshed_client wheel in `scratch`: it bundles typeshed's stdlib stubs."""
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:", "-d", str(scratch), TYPESHED_PACKAGE],
        check=True,
    )
    (wheel,) = scratch.glob("typeshed_client-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(scratch / "wheel")
    return stubs_folder(scratch / "wheel")


def stubs_folder(folder: Path) -> Path:
    """The folder under `folder` holding typeshed's stdlib VERSIONS file and stubs."""
    found = sorted(folder.rglob("VERSIONS"))
    if not found:
        sys.exit(f"no typeshed VERSIONS file under {folder}")
    return found[0].parent


def public(dotted: str) -> bool:
    return not any(part.startswith("_") for part in dotted.split("."))


def key(version: str) -> tuple[int, int]:
    major, minor = version.split(".")
    return int(major), int(minor)


class Typeshed:
    """typeshed's stdlib stubs, read for one Python version at a time."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.files = {self.module_name(path): path for path in folder.rglob("*.pyi")}
        self.ranges = self.read_versions(folder / "VERSIONS")
        self.trees: dict[str, ast.Module] = {}

    def module_name(self, path: Path) -> str:
        parts = path.relative_to(self.folder).with_suffix("").parts
        return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)

    @staticmethod
    def read_versions(path: Path) -> dict[str, tuple[tuple[int, int], tuple[int, int]]]:
        """VERSIONS: module -> (first, last) version it exists in."""
        ranges = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                module, span = (part.strip() for part in line.split(":"))
                first, _, last = span.partition("-")
                ranges[module] = (key(first), key(last) if last else (99, 99))
        return ranges

    def exists(self, module: str, version: tuple[int, int]) -> bool:
        """VERSIONS lists a module or, for its lifetime, its nearest listed parent package."""
        parts = module.split(".")
        for end in range(len(parts), 0, -1):
            span = self.ranges.get(".".join(parts[:end]))
            if span:
                return span[0] <= version <= span[1]
        return False

    def tree(self, module: str) -> ast.Module:
        if module not in self.trees:
            self.trees[module] = ast.parse(self.files[module].read_text(encoding="utf-8"))
        return self.trees[module]

    def namespaces(self, version: str, allowed: frozenset[str]) -> dict[str, Namespace]:
        """Every public stdlib module typeshed has on `version`, with its names."""
        wanted = key(version)
        return {
            module: self.namespace(module, wanted)
            for module in sorted(self.files)
            if public(module) and module.split(".")[0] in allowed and self.exists(module, wanted)
        }

    def namespace(self, module: str, version: tuple[int, int], seen: frozenset[str] = frozenset()) -> Namespace:
        names: set[str] = set()
        for node in self.statements(self.tree(module).body, version):
            names |= self.bound(node, module, version, seen | {module})
        return Namespace({n for n in names if not n.startswith("_")}, "__getattr__" in names)

    def statements(self, body: list[ast.stmt], version: tuple[int, int]):
        """The module-level statements that apply on `version`, on any platform."""
        for node in body:
            if isinstance(node, ast.If):
                outcome = condition(node.test, version)
                if outcome is not False:
                    yield from self.statements(node.body, version)
                if outcome is not True:
                    yield from self.statements(node.orelse, version)
            elif isinstance(node, ast.Try):
                for block in (node.body, *(h.body for h in node.handlers), node.orelse, node.finalbody):
                    yield from self.statements(block, version)
            else:
                yield node

    def bound(self, node: ast.stmt, module: str, version: tuple[int, int], seen: frozenset[str]) -> set[str]:
        """The names a statement binds that the module exports (not @type_check_only ones,
        which exist for the type checker only: builtins.function)."""
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            checker_only = any(ast.unparse(d).endswith("type_check_only") for d in node.decorator_list)
            return set() if checker_only else {node.name}
        if isinstance(node, ast.Assign):
            return {n.id for target in node.targets for n in ast.walk(target) if isinstance(n, ast.Name)}
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            return {node.target.id}
        if isinstance(node, ast.Import):
            return {alias.asname for alias in node.names if alias.asname}
        if isinstance(node, ast.ImportFrom):
            if node.names[0].name == "*":
                source = self.absolute(node, module)
                return self.namespace(source, version, seen).names if source in self.files and source not in seen else set()
            return {alias.asname for alias in node.names if alias.asname}
        return set()

    def absolute(self, node: ast.ImportFrom, module: str) -> str:
        if not node.level:
            return node.module or ""
        package = module if self.files[module].name == "__init__.pyi" else module.rpartition(".")[0]
        base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
        return f"{base}.{node.module}" if node.module else base

    def probe_candidates(self, allowed: frozenset[str]) -> dict[str, list[str]]:
        """Every public name each stub defines or imports, anywhere and on any version: the names
        to try with getattr() on a runtime module whose `__getattr__` hides them from dir()
        (collections' served `Mapping` up to 3.9)."""
        candidates = {}
        for module in self.files:
            if public(module) and module.split(".")[0] in allowed:
                names = {n for node in ast.walk(self.tree(module)) for n in bound_any_way(node)}
                candidates[module] = sorted(n for n in names if not n.startswith("_"))
        return candidates


def bound_any_way(node: ast.AST) -> set[str]:
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    return set()


def condition(test: ast.expr, version: tuple[int, int]) -> bool | None:
    """A stub's `if` test on `version`: True, False, or None for either (a platform check, or
    anything else), whose branches are then both taken."""
    if isinstance(test, ast.BoolOp):
        outcomes = [condition(value, version) for value in test.values]
        decisive = isinstance(test.op, ast.Or)  # True decides an `or`, False an `and`
        if decisive in outcomes:
            return decisive
        return None if None in outcomes else not decisive
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        outcome = condition(test.operand, version)
        return None if outcome is None else not outcome
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and ast.unparse(test.left) == "sys.version_info":
        try:
            bound = tuple(ast.literal_eval(test.comparators[0]))
        except (TypeError, ValueError):
            return None
        if len(bound) > 2 and bound[:2] == version:
            return None  # a micro version: either way on this minor version
        compare = {ast.GtE: "__ge__", ast.Gt: "__gt__", ast.Lt: "__lt__", ast.LtE: "__le__", ast.Eq: "__eq__", ast.NotEq: "__ne__"}
        operator = compare.get(type(test.ops[0]))
        return None if operator is None else getattr(version, operator)(bound[:2])
    return None


def runtime_names(runtime: dict[str, Namespace | None], module: str) -> set[str] | None:
    """The names a runtime listed for `module`, its ALIASES' included; None when it did not list it."""
    listed = runtime.get(module)
    if listed is None:
        return None
    names = set(listed.names)
    for alias in ALIASES.get(module, ()):
        names |= runtime[alias].names if runtime.get(alias) else set()
    return names


def unmodelled(
    stubs: dict[str, Namespace], runtime: dict[str, Namespace | None], reference: dict[str, Namespace | None]
) -> dict[str, Namespace]:
    """The stubs for a version older than typeshed models, less what the runtimes say was added
    since: a module the version's runtime lacks and `reference`'s (the oldest modelled version)
    has, and a stub-only name of a module the version's runtime listed, lacking it, that the
    reference's has. What no Linux runtime has is another platform's and stays."""
    kept = {}
    for module, stub in stubs.items():
        if module not in runtime:  # not among the version's files or modules at all
            if module not in reference:
                kept[module] = stub  # msvcrt, winreg: not on Linux in any version
            continue
        mine, theirs = runtime_names(runtime, module), runtime_names(reference, module)
        if mine is None or theirs is None:  # not imported on Linux: nothing to date names by
            kept[module] = stub
        else:
            kept[module] = Namespace(stub.names - (theirs - mine), stub.dynamic)
    return kept


def merge(runtime: dict[str, Namespace | None], stubs: dict[str, Namespace]) -> dict[str, Namespace]:
    """One version's modules: runtime and stub names unioned. A module the runtime did not list
    is known from its stub alone, which may be incomplete, so it is dynamic."""
    merged = {}
    for module in sorted(set(runtime) | set(stubs)):
        listed, stub = runtime.get(module), stubs.get(module)
        names = (listed.names if listed else set()) | (stub.names if stub else set())
        for alias in ALIASES.get(module, ()):
            names |= runtime[alias].names if runtime.get(alias) else set()
        dynamic = listed is None or listed.dynamic or bool(stub and stub.dynamic)
        merged[module] = Namespace(names, dynamic)
    return merged


def versions_key(versions: set[str], everything: set[str]) -> str:
    return "*" if versions == everything else ",".join(v for v in VERSIONS if v in versions)


def encode(tables: dict[str, dict[str, Namespace]]) -> dict:
    """The format described in this module's docstring."""
    all_versions = set(VERSIONS)
    lifetimes: dict[str, set[str]] = {}
    for version, table in tables.items():
        for module in table:
            lifetimes.setdefault(module, set()).add(version)
    modules, dynamic, names = {}, {}, {}
    for module, lifetime in sorted(lifetimes.items()):
        modules[module] = versions_key(lifetime, all_versions)
        marked = {v for v in lifetime if tables[v][module].dynamic}
        if marked:
            dynamic[module] = versions_key(marked, lifetime)
        by_name: dict[str, set[str]] = {}
        for version in lifetime:
            for name in tables[version][module].names:
                by_name.setdefault(name, set()).add(version)
        groups: dict[str, list[str]] = {}
        for name, versions in sorted(by_name.items()):
            groups.setdefault(versions_key(versions, lifetime), []).append(name)
        if groups:
            names[module] = dict(sorted(groups.items()))
    return {"format": 1, "versions": list(VERSIONS), "modules": modules, "dynamic": dynamic, "names": names}


def build(pythons: list[str], typeshed: Path, scratch: Path) -> dict:
    allowed = frozenset(m for m in stdlib.all_modules() - SKIP if public(m))
    stubs = Typeshed(typeshed)
    job = scratch / "job.json"
    job.write_text(json.dumps({"allowed": sorted(allowed), "probe": stubs.probe_candidates(allowed)}), encoding="utf-8")
    runtimes = {}
    for index, python in enumerate(pythons):
        version, modules = run_interpreter(python, job, scratch / f"runtime-{index}.json")
        runtimes[version] = modules
        print(f"{python}: {version}, {len(modules)} modules, {sum(m is None for m in modules.values())} not imported")
    newest = max(runtimes, key=key)
    tables = {}
    for version in VERSIONS:
        if version not in runtimes and key(version) < key(newest):
            sys.exit(f"no interpreter for {version}: only a version newer than all of them borrows a runtime")
        runtime = runtimes.get(version, runtimes[newest])
        claimed = stubs.namespaces(version, allowed)
        if key(version) < key(TYPESHED_OLDEST):
            if TYPESHED_OLDEST not in runtimes:
                sys.exit(f"no interpreter for {TYPESHED_OLDEST}: it dates typeshed's names for older versions")
            kept = unmodelled(claimed, runtime, runtimes[TYPESHED_OLDEST])
            dropped = sum(len(stub.names - kept[m].names) if m in kept else 1 for m, stub in claimed.items())
            print(f"{version}: dropped {dropped} stub modules and names the runtimes date after it")
            claimed = kept
        tables[version] = merge(runtime, claimed)
    return encode(tables)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--typeshed", type=Path, help="a folder with typeshed's stdlib stubs (default: download typeshed_client)")
    parser.add_argument("pythons", nargs="*", default=DEFAULT_PYTHONS, help="interpreters to list (default: pyenv 3.8 to 3.13)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        scratch = Path(temp)
        typeshed = stubs_folder(args.typeshed) if args.typeshed else fetch_typeshed(scratch)
        data = build(args.pythons, typeshed, scratch)
    text = json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
    OUTPUT.write_bytes(gzip.compress(text, compresslevel=9, mtime=0))
    print(f"wrote {OUTPUT}: {OUTPUT.stat().st_size:,} bytes gzipped, {len(text):,} bytes of JSON, {len(data['modules'])} modules")
    return 0


if __name__ == "__main__":
    sys.exit(main())
