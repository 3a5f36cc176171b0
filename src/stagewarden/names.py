"""One shared name tracker: what a name or attribute chain refers to, and what constant it holds.

Filled during the engine's single walk (imports, assignments, definitions, parameters), so every
rule sees `from requests import get as g`, `import yaml as y`, `import os.path`,
`from subprocess import *`, `VERIFY = False` then `verify=VERIFY`, `s = requests.Session()` then
`s.verify = False`, and `**{"verify": False}` the same way, without paying for libcst's scope
or qualified-name providers (see docs/architecture.md).

Qualified names are dotted strings; a call's result is written with `()`, so an instance made
by `requests.Session()` has methods named `requests.Session().get`.
"""

from __future__ import annotations

import builtins
from typing import Any, Collection, Iterator

import libcst as cst

UNKNOWN: Any = type("Unknown", (), {"__repr__": lambda self: "UNKNOWN", "__bool__": lambda self: False})()

_BUILTINS = frozenset(dir(builtins))
_MAX_DEPTH = 8


class Scope:
    __slots__ = ("names", "is_class", "attributes")

    def __init__(self, is_class: bool = False):
        self.names: dict[str, tuple[str, Any]] = {}
        self.is_class = is_class
        self.attributes: dict[str, cst.BaseExpression] = {}  # `self.x = ...` inside a class


class NameTracker:
    """Bindings by scope: ("import", qualname), ("value", expression) or ("local", None)."""

    def __init__(self) -> None:
        self.module = Scope()
        self.stack: list[Scope] = [self.module]
        # Module bindings as they stand once the module has run: what a function body sees when
        # it is called (filled by a first pass over the top-level statements).
        self.final: dict[str, tuple[str, Any]] = {}
        self.star_modules: list[str] = []
        self.attributes: dict[str, cst.BaseExpression] = {}

    # -- recording -------------------------------------------------------------------------
    def push(self, is_class: bool = False) -> None:
        self.stack.append(Scope(is_class))

    def pop(self) -> None:
        self.stack.pop()

    def bind_import(self, node: cst.Import | cst.ImportFrom, package: str = "") -> None:
        scope = self.stack[-1].names
        if isinstance(node, cst.Import):
            for alias in node.names:
                dotted = dotted_name(alias.name)
                if not dotted:
                    continue
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                    scope[alias.asname.name.value] = ("import", dotted)
                else:
                    top = dotted.split(".", 1)[0]
                    scope[top] = ("import", top)
            return
        module = dotted_name(node.module) if node.module is not None else ""
        if node.relative:
            # A relative import names the project's own code: record it under a leading dot.
            module = "." * len(node.relative) + (module or "")
        if isinstance(node.names, cst.ImportStar):
            if module and not module.startswith(".") and module not in self.star_modules:
                self.star_modules.append(module)
            return
        for alias in node.names:
            name = dotted_name(alias.name)
            if not name:
                continue
            bound = alias.asname.name.value if alias.asname is not None and isinstance(alias.asname.name, cst.Name) else name
            target = f"{module}.{name}" if module and not module.endswith(".") else f"{module}{name}"
            scope[bound] = ("import", target)

    def bind_value(self, name: str, value: cst.BaseExpression | None) -> None:
        self.stack[-1].names[name] = ("value", value) if value is not None else ("local", None)

    def bind_local(self, name: str) -> None:
        self.stack[-1].names[name] = ("local", None)

    def bind_augmented(self, node: cst.AugAssign) -> None:
        """`sql += f" AND name = '{name}'"`: the name now holds `previous + value`, so a query or
        command built up piece by piece is judged whole. Other operators make it unknown."""
        target = node.target
        if isinstance(target, cst.Name) and isinstance(node.operator, cst.AddAssign):
            binding = self.lookup(target.value)
            if binding is not None and binding[0] == "value" and binding[1] is not None:
                combined = cst.BinaryOperation(left=binding[1], operator=cst.Add(), right=node.value)
                self.stack[-1].names[target.value] = ("value", combined)
                return
        self.bind_target(target, None)

    def bind_target(self, target: cst.BaseExpression, value: cst.BaseExpression | None) -> None:
        """Record an assignment target: a name, an attribute chain, or a tuple (unknown parts)."""
        if isinstance(target, cst.Name):
            self.bind_value(target.value, value)
            if value is not None and self.stack[-1].is_class:
                # `class Api: session = requests.Session()` is what `self.session` finds later.
                self.stack[-1].attributes.setdefault(f"self.{target.value}", value)
                self.stack[-1].attributes.setdefault(f"cls.{target.value}", value)
        elif isinstance(target, cst.Attribute):
            key = dotted_name(target)
            if key and value is not None:
                self._attribute_table(key)[key] = value
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self.bind_target(element.value, None)
        elif isinstance(target, cst.StarredElement):
            self.bind_target(target.value, None)

    def _attribute_table(self, key: str) -> dict[str, cst.BaseExpression]:
        """`self.x` belongs to the innermost class being defined; other chains to the file."""
        if key.startswith(("self.", "cls.")):
            for scope in reversed(self.stack):
                if scope.is_class:
                    return scope.attributes
        return self.attributes

    # -- lookup ----------------------------------------------------------------------------
    def lookup(self, name: str) -> tuple[str, Any] | None:
        innermost = self.stack[-1]
        if name in innermost.names:
            return innermost.names[name]
        for scope in reversed(self.stack[1:-1]):
            if scope.is_class:
                continue
            if name in scope.names:
                return scope.names[name]
        if len(self.stack) > 1 and name in self.final:
            return self.final[name]
        return self.module.names.get(name)

    def qualname(self, expr: cst.BaseExpression | None, _depth: int = 0) -> str | None:
        """The dotted name an expression refers to, or None when it does not lead to an import."""
        if expr is None or _depth > _MAX_DEPTH:
            return None
        if isinstance(expr, cst.Name):
            binding = self.lookup(expr.value)
            if binding is None:
                if expr.value in _BUILTINS:
                    return f"builtins.{expr.value}"
                if len(self.star_modules) == 1:  # one `from M import *`: the name can only come from M
                    return f"{self.star_modules[0]}.{expr.value}"
                return None
            kind, target = binding
            if kind == "import":
                return target
            if kind == "value":
                return self.qualname(target, _depth + 1)
            return None
        if isinstance(expr, cst.Attribute):
            base = self.qualname(expr.value, _depth + 1)
            if base is not None:
                return f"{base}.{expr.attr.value}"
            key = dotted_name(expr)
            if key is not None:
                table = self._attribute_table(key)
                if key in table:
                    return self.qualname(table[key], _depth + 1)
            return None
        if isinstance(expr, cst.Call):
            func = self.qualname(expr.func, _depth + 1)
            return f"{func}()" if func is not None else None
        if isinstance(expr, cst.Await):
            return self.qualname(expr.expression, _depth + 1)
        return None

    def candidates(self, expr: cst.BaseExpression) -> Iterator[str]:
        """The resolved name, then what it would be if it came from a `from M import *`."""
        resolved = self.qualname(expr)
        if resolved is not None:
            yield resolved
        if self.star_modules:
            dotted = dotted_name(expr)
            if dotted is not None and self.lookup(dotted.split(".", 1)[0]) is None:
                for module in self.star_modules:
                    yield f"{module}.{dotted}"

    def match(self, expr: cst.BaseExpression, targets: Collection[str]) -> str | None:
        for name in self.candidates(expr):
            if name in targets:
                return name
        return None

    def value_of(self, expr: cst.BaseExpression, _depth: int = 0) -> cst.BaseExpression:
        """Follow names bound to a single value (`VERIFY = False`) to the expression they hold."""
        while isinstance(expr, cst.Name) and _depth < _MAX_DEPTH:
            binding = self.lookup(expr.value)
            if binding is None or binding[0] != "value" or binding[1] is None:
                break
            expr = binding[1]
            _depth += 1
        return expr

    def literal(self, expr: cst.BaseExpression | None) -> Any:
        """The constant an expression evaluates to (following bound names), or UNKNOWN."""
        if expr is None:
            return UNKNOWN
        return literal_value(self.value_of(expr))


def dotted_name(node: cst.CSTNode | None) -> str | None:
    """`a.b.c` for a chain of names and attributes; None for anything else."""
    parts: list[str] = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if isinstance(node, cst.Name):
        parts.append(node.value)
        return ".".join(reversed(parts))
    return None


_NAMED_CONSTANTS = {"True": True, "False": False, "None": None}


def literal_value(node: cst.BaseExpression) -> Any:
    """A Python constant for literal nodes (numbers, strings, True/False/None, -n), else UNKNOWN."""
    if isinstance(node, cst.Name):
        return _NAMED_CONSTANTS.get(node.value, UNKNOWN)
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        value = node.evaluated_value
        return UNKNOWN if value is None else value
    if isinstance(node, cst.Integer):
        return node.evaluated_value
    if isinstance(node, cst.Float):
        return node.evaluated_value
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        inner = literal_value(node.expression)
        return -inner if isinstance(inner, (int, float)) and not isinstance(inner, bool) else UNKNOWN
    return UNKNOWN
