"""What a Python rule sees of the file it is checking: the name tracker and argument helpers.

Rules ask `ctx.match(node.func, TARGETS)`, `ctx.keyword(call, "verify")`, `ctx.literal(expr)`
instead of walking imports or constants themselves, so every rule resolves aliases,
star imports, module constants and `**{...}` keyword dicts the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Collection, NamedTuple

import libcst as cst

from stagewarden.names import UNKNOWN, NameTracker, dotted_name, literal_value

if TYPE_CHECKING:  # pragma: no cover
    from stagewarden.findings import Level
    from stagewarden.project import ProjectContext
    from stagewarden.rule import NodeFix, PythonRule


class RawFinding(NamedTuple):
    rule: "PythonRule"
    node: cst.CSTNode
    statement: cst.CSTNode | None
    chain: tuple  # the enclosing statements, module-level first
    message: str
    hint: str | None
    severity: "Level | None"
    confidence: "Level | None"
    fix: "NodeFix | None"


_FINAL_NAMES: dict[int, tuple[Collection[str], frozenset[str]]] = {}


def _final_names(targets: Collection[str]) -> frozenset[str]:
    """The last component of each dotted target (`get` of `requests.Session().get`), cached per
    targets object (rules keep their targets in module constants)."""
    cached = _FINAL_NAMES.get(id(targets))
    if cached is None or cached[0] is not targets:
        cached = (targets, frozenset(t.rsplit(".", 1)[-1] for t in targets))
        _FINAL_NAMES[id(targets)] = cached
    return cached[1]


class FileContext:
    """Per-file state during the walk; `path` is relative to the project root, with `/`."""

    def __init__(self, path: str, module: cst.Module, project: "ProjectContext | None" = None):
        self.path = path
        self.module = module
        self.project = project  # the project's target versions; None: the running Python only
        self.names = NameTracker()
        self.statement: cst.CSTNode | None = None
        self.chain: list[cst.CSTNode] = []  # statements enclosing the walk's position, outermost first
        self.raw: list[RawFinding] = []
        self.failures: dict[str, str] = {}  # rule id -> what it raised
        self._reported: set[tuple[str, int, int]] = set()

    # -- reporting -------------------------------------------------------------------------
    def add(self, rule: "PythonRule", node: cst.CSTNode, message: str, **extra: Any) -> None:
        key = (rule.id, id(node), id(self.statement))
        if key in self._reported:  # one finding per rule, node and statement, however it was reached
            return
        self._reported.add(key)
        self.raw.append(
            RawFinding(rule, node, self.statement, tuple(self.chain), message, extra.get("hint"), extra.get("severity"),
                       extra.get("confidence"), extra.get("fix"))
        )

    def find_all(self, node_type: type, root: cst.CSTNode | None = None) -> list:
        """All nodes of a type in the file (or under `root`): for rare whole-file questions."""
        from stagewarden.walk import iter_nodes

        return [node for node in iter_nodes(root or self.module) if isinstance(node, node_type)]

    def rule_failed(self, callback, error: Exception) -> None:
        """Remember that a rule raised on this file: the engine reports it as SW006 and drops
        that rule's findings here, while the other rules' findings stand."""
        rule = getattr(callback, "__self__", None)
        rule_id = getattr(rule, "id", "?")
        if rule_id not in self.failures:
            self.failures[rule_id] = f"{type(error).__name__}: {error}"

    # -- names -----------------------------------------------------------------------------
    def qualname(self, expr: cst.BaseExpression | None) -> str | None:
        return self.names.qualname(expr)

    def match(self, expr: cst.BaseExpression, targets: Collection[str]) -> str | None:
        """The name in `targets` that `expr` refers to (through aliases and star imports)."""
        return self.names.match(expr, targets)

    def match_call(self, call: cst.Call, targets: Collection[str]) -> str | None:
        """The name in `targets` a call's function refers to, with the cheap test first: an
        `obj.attr(...)` call whose `attr` ends no target is ruled out before any resolution."""
        func = call.func
        if isinstance(func, cst.Attribute):
            if func.attr.value not in _final_names(targets):
                return None
        elif not isinstance(func, cst.Name):
            return None
        return self.names.match(func, targets)

    def literal(self, expr: cst.BaseExpression | None) -> Any:
        """The constant `expr` holds, following module constants and local assignments; else UNKNOWN."""
        return self.names.literal(expr)

    def value_of(self, expr: cst.BaseExpression) -> cst.BaseExpression:
        return self.names.value_of(expr)

    def is_constant_string(self, expr: cst.BaseExpression | None, _depth: int = 0) -> bool:
        """True for a string whose whole value is known before run time."""
        if expr is None or _depth > 8:  # `s = s + "x"` refers to itself
            return False
        value = self.literal(expr)
        if isinstance(value, (str, bytes)):
            return True
        expr = self.value_of(expr)
        deeper = _depth + 1
        if isinstance(expr, cst.FormattedString):
            return all(
                not isinstance(p, cst.FormattedStringExpression) or self._is_constant(p.expression, deeper)
                for p in expr.parts
            )
        if isinstance(expr, cst.ConcatenatedString):
            return self.is_constant_string(expr.left, deeper) and self.is_constant_string(expr.right, deeper)
        if isinstance(expr, (cst.List, cst.Tuple)):
            return all(self.is_constant_string(e.value, deeper) for e in expr.elements)
        if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, (cst.Add, cst.Modulo)):
            # "ls " + "-l", "%s" % CONSTANT: constant when every operand is
            right = expr.right
            modulo_tuple = isinstance(right, cst.Tuple) and isinstance(expr.operator, cst.Modulo)
            operands = [e.value for e in right.elements] if modulo_tuple else [right]
            return self.is_constant_string(expr.left, deeper) and all(self._is_constant(e, deeper) for e in operands)
        return False

    def _is_constant(self, expr: cst.BaseExpression, depth: int = 0) -> bool:
        return self.is_constant_string(expr, depth) or self.literal(expr) is not UNKNOWN

    # -- call arguments --------------------------------------------------------------------
    def keyword(self, call: cst.Call, name: str, _depth: int = 0) -> cst.BaseExpression | None:
        """The value passed as `name=`, directly or through `**{"name": ...}` / `**dict(name=...)`."""
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value == name:
                return arg.value
            if arg.star == "**":
                found = self._from_mapping(arg.value, name, _depth + 1)
                if found is not None:
                    return found
        return None

    def _from_mapping(self, expr: cst.BaseExpression, name: str, depth: int = 0) -> cst.BaseExpression | None:
        if depth > 8:  # `kwargs = {**kwargs, ...}` refers to itself
            return None
        expr = self.value_of(expr)
        if isinstance(expr, cst.Dict):
            for element in expr.elements:
                if isinstance(element, cst.DictElement) and literal_value(element.key) == name:
                    return element.value
                if isinstance(element, cst.StarredDictElement):
                    found = self._from_mapping(element.value, name, depth + 1)
                    if found is not None:
                        return found
        elif isinstance(expr, cst.Call) and dotted_name(expr.func) == "dict":
            return self.keyword(expr, name, depth + 1)
        return None

    def positional(self, call: cst.Call, index: int) -> cst.BaseExpression | None:
        """The `index`-th positional argument, or None (also when a `*args` comes first)."""
        position = 0
        for arg in call.args:
            if arg.keyword is not None or arg.star == "**":
                continue
            if arg.star == "*":
                return None
            if position == index:
                return arg.value
            position += 1
        return None

    def argument(self, call: cst.Call, name: str, index: int | None = None) -> cst.BaseExpression | None:
        """An argument given by keyword, or else at a position."""
        found = self.keyword(call, name)
        if found is None and index is not None:
            found = self.positional(call, index)
        return found

    def has_star_args(self, call: cst.Call, _depth: int = 0) -> bool:
        """True when `*args`/`**kwargs` could supply arguments we cannot see: stay silent about
        a *missing* argument then. `**{...}` and `**dict(...)` we can read are not opaque."""
        for arg in call.args:
            if arg.star == "*":
                return True
            if arg.star == "**" and self._opaque_mapping(arg.value, _depth + 1):
                return True
        return False

    def _opaque_mapping(self, expr: cst.BaseExpression, depth: int) -> bool:
        expr = self.value_of(expr)
        if depth > 8:
            return True
        if isinstance(expr, cst.Dict):
            return any(
                isinstance(e, cst.StarredDictElement) and self._opaque_mapping(e.value, depth + 1)
                for e in expr.elements
            )
        if isinstance(expr, cst.Call) and dotted_name(expr.func) == "dict":
            return self.has_star_args(expr, depth + 1) or any(a.keyword is None and a.star == "" for a in expr.args)
        return True


__all__ = ["FileContext", "UNKNOWN", "RawFinding"]
