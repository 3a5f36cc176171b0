"""Import facts: what each file imports, recorded in the per-file phase and judged later.

Whether `import fastjson_utils` is a mistake depends on the whole project (its own modules,
its manifests, its environment) and maybe on the package index, none of which a per-file
check should touch. So the per-file phase only records facts; the project phase
(importcheck.py) resolves them once for all files. Facts are read with Python's own parser,
which is several times faster than libcst's, so files no other rule needs never pay for a
libcst parse.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

# Exceptions whose handler makes the imports of a `try` optional.
_IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}
# `if` tests that make an import depend on the interpreter or platform.
_PLATFORM_WORDS = {"version_info", "platform", "hexversion", "implementation", "name", "system", "PYPY"}
KINDS = ("import", "from", "dynamic", "attribute")
GUARDS = ("", "try", "type-checking", "platform")


@dataclass(frozen=True)
class ImportFact:
    """One imported module (or one `module.name` use) in one file.

    `module` is the dotted module as written (after the dots of a relative import, whose
    count is `level`); `names` the names taken from it (`from m import a, b`, or the
    attribute of `m.attr`); `guard` says whether the import is optional (inside a
    try/except ImportError, under TYPE_CHECKING, or behind a version or platform test).
    `span` is the statement's first and last line, where a suppression comment applies;
    `silenced` the rule ids suppressed there; `code` the statement, for the fingerprint.
    """

    module: str
    level: int
    names: tuple[str, ...]
    kind: str
    line: int
    column: int
    end_line: int
    end_column: int
    guard: str = ""
    code: str = ""
    span: tuple[int, int] = (0, 0)
    silenced: tuple[str, ...] = ()

    @property
    def top(self) -> str:
        """The top-level package an absolute import needs installed."""
        return self.module.split(".", 1)[0]

    def to_list(self) -> list:
        return [self.module, self.level, list(self.names), self.kind, self.line, self.column,
                self.end_line, self.end_column, self.guard, self.code, list(self.span), list(self.silenced)]

    @classmethod
    def from_list(cls, data: list) -> "ImportFact":
        module, level, names, kind, line, column, end_line, end_column, guard, code, span, silenced = data
        return cls(module, level, tuple(names), kind, line, column, end_line, end_column, guard, code,
                   (span[0], span[1]), tuple(silenced))


def collect_imports(tree: ast.Module, lines: list[str]) -> list[ImportFact]:
    """Every import statement, constant dynamic import and `alias.attribute` use of an
    imported module in `tree` (one fact per module and attribute name, first use only)."""
    collector = _Collector(lines)
    collector.visit_body(tree.body, "")
    collector.add_attribute_uses(tree)
    return collector.facts


class _Collector:
    def __init__(self, lines: list[str]):
        self.lines = lines
        self.facts: list[ImportFact] = []
        self.bindings: dict[str, set[str]] = {}  # local name -> modules `import` bound it to
        self.dynamic_names = {"__import__"}

    # -- statements ----------------------------------------------------------------------
    def visit_body(self, body: list[ast.stmt], guard: str) -> None:
        for statement in body:
            self.visit_statement(statement, guard)

    def visit_statement(self, node: ast.stmt, guard: str) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                self.add(node, alias.name, 0, (), "import", guard)
                self.bindings.setdefault(alias.asname or alias.name.split(".")[0], set()).add(
                    alias.name if alias.asname else alias.name.split(".")[0])
            return
        if isinstance(node, ast.ImportFrom):
            names = tuple(alias.name for alias in node.names)
            self.add(node, node.module or "", node.level or 0, names, "from", guard)
            if node.module == "importlib" and node.level == 0:
                self.dynamic_names.update(a.asname or a.name for a in node.names if a.name == "import_module")
            return
        if isinstance(node, ast.Try) or node.__class__.__name__ == "TryStar":
            inner = "try" if _catches_import_error(node) else guard
            self.visit_body(node.body, inner or guard)
            for handler in node.handlers:
                self.visit_body(handler.body, inner or guard)
            self.visit_body(node.orelse, inner or guard)
            self.visit_body(node.finalbody, guard)
            return
        if isinstance(node, ast.If):
            if _is_type_checking(node.test):
                self.visit_body(node.body, guard or "type-checking")
                self.visit_body(node.orelse, guard)
                return
            inner = "platform" if _is_platform_test(node.test) else guard
            self.scan_expressions(node.test, guard)
            self.visit_body(node.body, guard or inner)
            self.visit_body(node.orelse, guard or inner)
            return
        for field in ("body", "orelse", "finalbody"):
            block = getattr(node, field, None)
            if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
                self.visit_body(block, guard)
        if isinstance(node, ast.Match):
            for case in node.cases:
                self.visit_body(case.body, guard)
        self.scan_expressions(node, guard)

    # -- dynamic imports -------------------------------------------------------------------
    def scan_expressions(self, node: ast.AST, guard: str) -> None:
        """`__import__("x")` and `importlib.import_module("x")` with a constant name, anywhere
        in the statement's expressions (not in nested statements, visited on their own)."""
        stack = [child for child in ast.iter_child_nodes(node) if not isinstance(child, ast.stmt)]
        while stack:
            current = stack.pop()
            if isinstance(current, ast.Call) and self._is_dynamic_import(current.func):
                self._add_dynamic(current, guard)
            stack.extend(child for child in ast.iter_child_nodes(current) if not isinstance(child, ast.stmt))

    def _is_dynamic_import(self, func: ast.expr) -> bool:
        if isinstance(func, ast.Name):
            return func.id in self.dynamic_names
        return (isinstance(func, ast.Attribute) and func.attr == "import_module"
                and isinstance(func.value, ast.Name) and func.value.id == "importlib")

    def _add_dynamic(self, call: ast.Call, guard: str) -> None:
        if not call.args or not isinstance(call.args[0], ast.Constant) or not isinstance(call.args[0].value, str):
            return
        name = call.args[0].value.strip()
        if not name or name.startswith(".") or not all(part.isidentifier() for part in name.split(".")):
            return  # relative names need `package=`, and anything else is not a module name
        self.add(call, name, 0, (), "dynamic", guard)

    # -- module attribute uses -----------------------------------------------------------
    def add_attribute_uses(self, tree: ast.Module) -> None:
        """`os.walkdir` where `os` is bound only by `import os`: a use of a name of module os.
        A name bound any other way anywhere in the file (assigned, a parameter, a def, a
        from-import) is left alone, since it may not be the module where it is used."""
        candidates = {name: next(iter(modules)) for name, modules in self.bindings.items() if len(modules) == 1}
        if not candidates:
            return
        for node in ast.walk(tree):
            for bound in _other_bindings(node):
                candidates.pop(bound, None)
        seen: set[tuple[str, str]] = set()
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load)
                    and isinstance(node.value, ast.Name) and node.value.id in candidates):
                module = candidates[node.value.id]
                if (module, node.attr) in seen:
                    continue
                seen.add((module, node.attr))
                self.add(node, module, 0, (node.attr,), "attribute", "", code=f"{node.value.id}.{node.attr}")

    # -- recording -----------------------------------------------------------------------
    def add(self, node: ast.AST, module: str, level: int, names: tuple[str, ...], kind: str, guard: str,
            code: str | None = None) -> None:
        line, column = node.lineno, node.col_offset + 1
        end_line = getattr(node, "end_lineno", None) or line
        end_column = (getattr(node, "end_col_offset", None) or node.col_offset) + 1
        if code is None:
            code = "\n".join(self.lines[line - 1:end_line]).strip() if kind != "dynamic" else module
        self.facts.append(ImportFact(module, level, names, kind, line, column, end_line, end_column, guard,
                                     code, (line, end_line)))


def _catches_import_error(node: ast.AST) -> bool:
    for handler in getattr(node, "handlers", ()):
        caught = handler.type
        if caught is None:
            return True
        options = caught.elts if isinstance(caught, ast.Tuple) else [caught]
        for option in options:
            name = option.attr if isinstance(option, ast.Attribute) else getattr(option, "id", None)
            if name in _IMPORT_ERRORS:
                return True
    return False


def _is_type_checking(test: ast.expr) -> bool:
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    if isinstance(test, ast.Attribute):
        return test.attr == "TYPE_CHECKING"
    if isinstance(test, ast.BoolOp):
        return any(_is_type_checking(value) for value in test.values)
    return False


def _is_platform_test(test: ast.expr) -> bool:
    for node in ast.walk(test):
        if isinstance(node, ast.Attribute) and node.attr in _PLATFORM_WORDS:
            value = node.value
            if isinstance(value, ast.Name) and value.id in {"sys", "os", "platform"}:
                return True
            if isinstance(value, ast.Call):
                return True
        if isinstance(node, ast.Name) and node.id in {"PY2", "PY3", "IS_WINDOWS", "WINDOWS", "PYPY", "IS_PYPY"}:
            return True
    return False


def _other_bindings(node: ast.AST):
    """Names `node` binds other than through `import x` / `import x as y`."""
    if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
        yield node.id
    elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        yield node.name
    elif isinstance(node, ast.arg):
        yield node.arg
    elif isinstance(node, ast.ImportFrom):
        for alias in node.names:
            yield alias.asname or alias.name
    elif isinstance(node, (ast.Global, ast.Nonlocal)):
        yield from node.names
    elif isinstance(node, ast.ExceptHandler) and node.name:
        yield node.name
    elif isinstance(node, ast.alias):
        return
    elif node.__class__.__name__ in {"MatchAs", "MatchStar"} and getattr(node, "name", None):
        yield node.name


__all__ = ["GUARDS", "ImportFact", "KINDS", "collect_imports"]
