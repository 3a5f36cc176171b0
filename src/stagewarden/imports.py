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
import re
from dataclasses import dataclass

# Exceptions whose handler makes the imports of a `try` optional.
_IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}
# `if` tests that make an import depend on the interpreter or platform.
_PLATFORM_WORDS = {"version_info", "version", "platform", "hexversion", "implementation", "name", "system", "PYPY"}
KINDS = ("import", "from", "dynamic", "attribute")
GUARDS = ("", "try", "type-checking", "platform", "sys-path")  # sys-path: set by the engine for a file that extends sys.path


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
    text = "\n".join(lines)
    collector = _Collector(lines, find_dynamic="__import__" in text or "import_module" in text)
    collector.walk(tree.body)
    collector.add_attribute_uses()
    return collector.facts


class _Collector:
    """One walk over the tree, statements on an explicit stack and their expressions in a
    tight loop (see `scan`). Collection runs on every file, and ast.walk, iter_child_nodes and
    one pass per kind of fact cost more than the parse itself."""

    def __init__(self, lines: list[str], find_dynamic: bool = True):
        self.lines = lines
        # Calls are only worth a look when the text names a dynamic import at all.
        self.find_dynamic = find_dynamic
        self.facts: list[ImportFact] = []
        self.bindings: dict[str, set[str]] = {}  # local name -> modules `import` bound it to
        self.other_bound: set[str] = set()  # names bound any other way (see add_attribute_uses)
        self.attribute_uses: list[ast.Attribute] = []  # every `name.attr` load
        self.dynamic_names = {"__import__"}
        # Statements with their guard, popped in source order; a list stands for the
        # expressions of a compound statement, scanned after its blocks (as facts always were).
        self.stack: list[tuple[ast.stmt | list[ast.AST], str]] = []

    # -- statements ----------------------------------------------------------------------
    def walk(self, body: list[ast.stmt]) -> None:
        stack = self.stack
        self.push_blocks(guard="", blocks=(body,))
        visitors = _STATEMENT_VISITORS
        while stack:
            item, guard = stack.pop()
            if type(item) is list:
                self.scan(item, guard)
            else:
                visitors.get(type(item), _Collector.visit_other)(self, item, guard)

    def push_blocks(self, guard: str, blocks) -> None:
        """Queue statement blocks to be visited in the order given, each depth-first."""
        stack = self.stack
        for block in reversed(blocks):
            stack.extend((statement, guard) for statement in reversed(block))

    def visit_import(self, node: ast.Import, guard: str) -> None:
        for alias in node.names:
            self.add(node, alias.name, 0, (), "import", guard, at=alias)
            self.bindings.setdefault(alias.asname or alias.name.split(".")[0], set()).add(
                alias.name if alias.asname else alias.name.split(".")[0])

    def visit_import_from(self, node: ast.ImportFrom, guard: str) -> None:
        names = tuple(alias.name for alias in node.names)
        self.add(node, node.module or "", node.level or 0, names, "from", guard)
        self.other_bound.update(alias.asname or alias.name for alias in node.names)
        if node.module == "importlib" and node.level == 0:
            self.dynamic_names.update(a.asname or a.name for a in node.names if a.name == "import_module")

    def visit_try(self, node: ast.Try, guard: str) -> None:
        """A handler catching ImportError (or broader) makes the body and the handlers
        optional; the else block runs only when the body's imports worked, and the finally
        block always, so neither is guarded by it. Handler types are not searched for
        dynamic imports (guard None), only for names and attribute uses."""
        inner = ("try" if _catches_import_error(node) else guard) or guard
        for handler in node.handlers:
            if handler.name:
                self.other_bound.add(handler.name)
            if handler.type is not None:
                self.scan([handler.type], None)
        handler_bodies = [handler.body for handler in node.handlers]
        self.push_blocks(guard, (node.orelse, node.finalbody))
        self.push_blocks(inner, (node.body, *handler_bodies))

    def visit_if(self, node: ast.If, guard: str) -> None:
        """`if TYPE_CHECKING:` guards its body only; a version or platform test both branches.
        An outer guard wins over the inner one."""
        if _is_type_checking(node.test):
            self.scan([node.test], None)
            self.push_blocks(guard, (node.orelse,))
            self.push_blocks(guard or "type-checking", (node.body,))
            return
        inner = "platform" if _is_platform_test(node.test) else guard
        self.scan([node.test], guard)
        self.push_blocks(guard or inner, (node.body, node.orelse))

    def visit_match(self, node: ast.stmt, guard: str) -> None:
        self.stack.append((_children(node), guard))  # subject, patterns and case guards
        self.push_blocks(guard, [case.body for case in node.cases])

    def visit_definition(self, node: ast.FunctionDef | ast.ClassDef, guard: str) -> None:
        self.other_bound.add(node.name)
        self.visit_other(node, guard)

    def visit_names(self, node: ast.Global | ast.Nonlocal, guard: str) -> None:
        self.other_bound.update(node.names)

    def visit_other(self, node: ast.stmt, guard: str) -> None:
        """Any other statement: its blocks (body, orelse, finalbody) first, then its own
        expressions."""
        blocks = _BLOCKS[type(node)]
        if not blocks:
            self.scan(_children(node), guard)
            return
        children = _children(node)
        if children:
            self.stack.append((children, guard))
        self.push_blocks(guard, [getattr(node, field) for field in blocks])

    # -- expressions ---------------------------------------------------------------------
    def scan(self, stack: list[ast.AST], guard: str | None) -> None:
        """Walk the expressions in `stack` (consumed): constant dynamic imports (unless guard
        is None), `name.attr` loads and names bound other than by `import`. The hot loop of
        collection, so leaves are handled inline and nothing is pushed that cannot matter;
        the pop order (last child first) is the order dynamic facts were always reported in."""
        calls = self.find_dynamic and guard is not None
        bound = self.other_bound
        uses = self.attribute_uses
        fields_of = _CHILD_FIELDS
        pop, push, extend = stack.pop, stack.append, stack.extend
        while stack:
            node = pop()
            cls = type(node)
            if cls is _Name:
                if type(node.ctx) is not _Load:
                    bound.add(node.id)
                continue
            if cls is _Attribute:
                if type(node.value) is _Name:
                    if type(node.ctx) is _Load:
                        uses.append(node)
                    continue
            elif cls is _Call:
                if calls and self._is_dynamic_import(node.func):
                    self._add_dynamic(node, guard)
            elif cls is _arg:
                bound.add(node.arg)
            elif cls in _CAPTURES and node.name:
                bound.add(node.name)
            for field in fields_of[cls]:
                child = getattr(node, field)
                if type(child) is list:
                    extend(child)  # may hold None (Dict.keys, kw_defaults): skipped when popped
                elif child is not None:
                    push(child)

    # -- dynamic imports -------------------------------------------------------------------
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
    def add_attribute_uses(self) -> None:
        """`os.walkdir` where `os` is bound only by `import os`: a use of a name of module os.
        A name bound any other way anywhere in the file (assigned, a parameter, a def, a
        from-import) is left alone, since it may not be the module where it is used. The
        first use in source order is the one reported."""
        candidates = {name: next(iter(modules)) for name, modules in self.bindings.items()
                      if len(modules) == 1 and name not in self.other_bound}
        if not candidates:
            return
        uses = [node for node in self.attribute_uses if node.value.id in candidates]
        uses.sort(key=_position)
        seen: set[tuple[str, str]] = set()
        for node in uses:
            module = candidates[node.value.id]
            if (module, node.attr) in seen:
                continue
            seen.add((module, node.attr))
            self.add(node, module, 0, (node.attr,), "attribute", "", code=f"{node.value.id}.{node.attr}")

    # -- recording -----------------------------------------------------------------------
    def add(self, node: ast.AST, module: str, level: int, names: tuple[str, ...], kind: str, guard: str,
            code: str | None = None, at: ast.AST | None = None) -> None:
        """Record a fact for statement or expression `node`, placed at `at` when given (an
        `import a, b` name, which has a position of its own from Python 3.10)."""
        line = node.lineno
        end_line = getattr(node, "end_lineno", None) or line
        place = at if at is not None and getattr(at, "lineno", None) else node
        column = place.col_offset + 1
        end_column = (getattr(place, "end_col_offset", None) or place.col_offset) + 1
        if code is None:
            code = "\n".join(self.lines[line - 1:end_line]).strip() if kind != "dynamic" else module
        self.facts.append(ImportFact(module, level, names, kind, place.lineno, column,
                                     getattr(place, "end_lineno", None) or end_line, end_column, guard, code, (line, end_line)))


_Name, _Load, _Attribute, _Call, _arg = ast.Name, ast.Load, ast.Attribute, ast.Call, ast.arg
# Node types newer than the oldest Python stagewarden runs on (match: 3.10, try*: 3.11).
_CAPTURES = tuple(getattr(ast, name) for name in ("MatchAs", "MatchStar") if hasattr(ast, name))  # bind `name`
_TRY_STAR = getattr(ast, "TryStar", None)
_MATCH = getattr(ast, "Match", None)
_MATCH_SINGLETON = getattr(ast, "MatchSingleton", None)
_MATCH_CASE = getattr(ast, "match_case", None)

_STATEMENT_VISITORS = {
    ast.Import: _Collector.visit_import,
    ast.ImportFrom: _Collector.visit_import_from,
    ast.Try: _Collector.visit_try,
    ast.If: _Collector.visit_if,
    ast.FunctionDef: _Collector.visit_definition,
    ast.AsyncFunctionDef: _Collector.visit_definition,
    ast.ClassDef: _Collector.visit_definition,
    ast.Global: _Collector.visit_names,
    ast.Nonlocal: _Collector.visit_names,
}
if _TRY_STAR is not None:
    _STATEMENT_VISITORS[_TRY_STAR] = _Collector.visit_try
if _MATCH is not None:
    _STATEMENT_VISITORS[_MATCH] = _Collector.visit_match

# Fields that never hold a node worth visiting: names, flags, operators, contexts.
_LEAF_FIELDS = frozenset({
    "ctx", "op", "ops", "id", "attr", "arg", "kind", "type_comment", "conversion", "is_async", "simple",
    "level", "module", "asname", "names", "kwd_attrs", "rest", "tag", "lineno", "type_ignores",
})
# Blocks of statements, visited as statements (with their guard), never as expressions.
_BLOCK_FIELDS = ("body", "orelse", "finalbody", "handlers")


class _ChildFieldTable(dict):
    """type -> the fields of its instances that may hold nodes to scan, worked out once per
    type; anything that is not a node (None, a stray string) gets no fields."""

    def __missing__(self, cls: type) -> tuple[str, ...]:
        fields: tuple[str, ...] = ()
        if isinstance(cls, type) and issubclass(cls, ast.AST) and not issubclass(cls, ast.Constant) \
                and cls is not _MATCH_SINGLETON:
            holds_blocks = issubclass(cls, ast.stmt) or cls is _MATCH_CASE
            fields = tuple(
                field for field in cls._fields
                if field not in _LEAF_FIELDS
                and not (field == "name" and cls.__name__ != "TypeAlias")  # a str but in TypeAlias
                and not (holds_blocks and field in _BLOCK_FIELDS))
        self[cls] = fields
        return fields


class _BlockTable(dict):
    """statement type -> its fields that hold blocks of statements."""

    def __missing__(self, cls: type) -> tuple[str, ...]:
        self[cls] = fields = tuple(field for field in ("body", "orelse", "finalbody") if field in cls._fields)
        return fields


_CHILD_FIELDS = _ChildFieldTable()
_BLOCKS = _BlockTable()


def _children(node: ast.AST) -> list[ast.AST]:
    """The direct children of `node` worth scanning, in field order (so popping them from the
    end visits the last first)."""
    children: list[ast.AST] = []
    for field in _CHILD_FIELDS[type(node)]:
        child = getattr(node, field)
        if type(child) is list:
            children.extend(child)
        elif child is not None:
            children.append(child)
    return children


def _position(node: ast.AST) -> tuple[int, int]:
    return node.lineno, node.col_offset


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


_PLATFORM_MODULES = {"sys", "os", "platform"}
_PLATFORM_NAMES = {"IS_WINDOWS", "WINDOWS", "PYPY", "IS_PYPY", "version_info"}
_PY_FLAG = re.compile(r"^(?:IS_)?PY(?:THON)?_?[23]\w*$")  # PY2, PY3, PY311, PY_3_11, PYTHON3, IS_PY3


def _is_platform_test(test: ast.expr) -> bool:
    """Whether an `if` test reads the interpreter version or the platform (`sys.platform`,
    `platform.system()`, `PY2`, ...) anywhere in it."""
    stack = [test]
    while stack:
        node = stack.pop()
        cls = type(node)
        if cls is _Attribute and node.attr in _PLATFORM_WORDS:
            value = node.value
            if (type(value) is _Name and value.id in _PLATFORM_MODULES) or type(value) is _Call:
                return True
        elif cls is _Name and (node.id in _PLATFORM_NAMES or _PY_FLAG.match(node.id)):
            return True
        stack.extend(_children(node))
    return False


__all__ = ["GUARDS", "ImportFact", "KINDS", "collect_imports"]
