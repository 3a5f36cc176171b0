"""The one batched, read-only walk over a libcst tree.

libcst's own `visit()` rebuilds every node even for read-only visitors; reading the node
fields directly is several times cheaper, and one walk that dispatches to every subscribed rule
is cheaper still than a walk per rule (measurements in docs/performance.md). The walk also
keeps the shared name tracker current and remembers the statement each node belongs to.
"""

from __future__ import annotations

import dataclasses
from typing import Callable

import libcst as cst

from stagewarden.context import FileContext

Handler = Callable[[cst.CSTNode, FileContext], None]

# Fields that only hold whitespace, punctuation or operators: never visited.
_SKIPPED_FIELDS = frozenset(
    {
        "lpar", "rpar", "comma", "leading_lines", "lines_after_decorators", "header", "footer",
        "semicolon", "colon", "equal", "dot", "lbrace", "rbrace", "lbracket", "rbracket",
        "trailing_whitespace", "newline", "operator", "arrow", "star", "asynchronous",
        "first_line", "empty_lines", "semicolon", "between", "walrus", "lambda_",
        "whitespace_before_colon",
    }
)

_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}

_STATEMENTS = (cst.SimpleStatementLine, cst.BaseCompoundStatement)


def _child_fields(cls: type) -> tuple[str, ...]:
    names = _CHILD_FIELDS.get(cls)
    if names is None:
        names = tuple(
            f.name
            for f in dataclasses.fields(cls)
            if f.name not in _SKIPPED_FIELDS and not f.name.startswith("whitespace")
        )
        _CHILD_FIELDS[cls] = names
    return names


_POP_SCOPE = ("pop-scope",)


def collect_module_constants(module: cst.Module, ctx: FileContext) -> None:
    """Bind top-level imports and assignments first, so functions defined above a module
    constant (or an import) still see it."""
    names = ctx.names
    final = names.module.__class__()
    names.stack = [final]
    for statement in module.body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                _record(small, names)
        elif isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            names.bind_local(statement.name.value)
    names.final = final.names
    names.stack = [names.module]


# How the walk treats a node type (computed once per type).
_PLAIN, _SIMPLE_LINE, _COMPOUND, _DEFINITION, _LAMBDA, _WALRUS, _COMPREHENSION = range(7)
_KINDS: dict[type, int] = {}
_NODE_TYPES: set[type] = set()


def _kind(cls: type) -> int:
    kind = _KINDS.get(cls)
    if kind is None:
        if not _NODE_TYPES:
            pending = [cst.CSTNode]
            while pending:
                base = pending.pop()
                for sub in base.__subclasses__():
                    if sub not in _NODE_TYPES:
                        _NODE_TYPES.add(sub)
                        pending.append(sub)
        if cls is cst.SimpleStatementLine:
            kind = _SIMPLE_LINE
        elif cls is cst.FunctionDef or cls is cst.ClassDef:
            kind = _DEFINITION
        elif issubclass(cls, cst.BaseCompoundStatement):
            kind = _COMPOUND
        elif cls is cst.Lambda:
            kind = _LAMBDA
        elif cls is cst.NamedExpr:
            kind = _WALRUS
        elif cls is cst.CompFor:
            kind = _COMPREHENSION
        else:
            kind = _PLAIN
        _KINDS[cls] = kind
    return kind


def walk(module: cst.Module, handlers: dict[type, list[Handler]], ctx: FileContext) -> None:
    """Visit every node once, in source order, calling the handlers subscribed to its type.

    A hand-rolled loop: this runs for every node of every parsed file, so per-type facts are
    looked up in dictionaries and children are pushed without helper calls."""
    names = ctx.names
    node_types = _NODE_TYPES
    kinds = _KINDS
    fields_of = _CHILD_FIELDS
    stack: list = [module]
    pop = stack.pop
    push = stack.append
    while stack:
        node = pop()
        cls = node.__class__
        if cls is tuple:
            tag = node[0]
            if tag == "pop-scope":
                names.pop()
            elif tag == "statement":
                ctx.statement = node[1]
                ctx.chain.pop()
            else:  # "enter-scope": the body of a def or class starts
                owner = node[1]
                names.push(is_class=type(owner) is cst.ClassDef)
                if type(owner) is cst.FunctionDef:
                    _bind_params(owner.params, names)
            continue
        kind = kinds.get(cls)
        if kind is None:
            kind = _kind(cls)
        if kind:
            if kind <= _DEFINITION:
                push(("statement", ctx.statement))
                ctx.statement = node
                ctx.chain.append(node)
                if kind == _SIMPLE_LINE:
                    for small in node.body:
                        _record(small, names)
                else:
                    _record_compound(node, names)
            elif kind == _LAMBDA:
                push(_POP_SCOPE)
                names.push()
                _bind_params(node.params, names)
            elif kind == _WALRUS:
                if type(node.target) is cst.Name:
                    names.bind_value(node.target.value, node.value)
            else:
                names.bind_target(node.target, None)
        callbacks = handlers.get(cls)
        if callbacks:
            for callback in callbacks:
                try:
                    callback(node, ctx)
                except Exception as error:  # noqa: BLE001 - a defect in one rule costs only that rule
                    ctx.rule_failed(callback, error)
        fields = fields_of.get(cls)
        if fields is None:
            fields = _child_fields(cls)
        children = []
        for name in fields:
            value = getattr(node, name)
            value_class = value.__class__
            if value_class is tuple or value_class is list:
                children.extend(value)
            elif value_class in node_types:
                children.append(value)
        if kind == _DEFINITION:
            # Decorators, defaults and bases belong to the enclosing scope; the body to a new one.
            body = node.body
            children = [child for child in children if child is not body]
            push(_POP_SCOPE)
            push(body)
            push(("enter-scope", node))
        children.reverse()
        stack.extend(children)


def _append(children: list, value: object) -> None:
    if isinstance(value, cst.CSTNode):
        children.append(value)
    elif isinstance(value, (tuple, list)):
        for item in value:
            if isinstance(item, cst.CSTNode):
                children.append(item)


def _bind_params(params: cst.Parameters, names) -> None:
    for group in (params.posonly_params, params.params, params.kwonly_params):
        for param in group:
            names.bind_local(param.name.value)
    for star in (params.star_arg, params.star_kwarg):
        if isinstance(star, cst.Param):
            names.bind_local(star.name.value)


def _record(small: cst.CSTNode, names) -> None:
    cls = type(small)
    if cls is cst.Import or cls is cst.ImportFrom:
        names.bind_import(small)
    elif cls is cst.Assign:
        for target in small.targets:
            names.bind_target(target.target, small.value)
    elif cls is cst.AnnAssign:
        names.bind_target(small.target, small.value)
    elif cls is cst.AugAssign:
        names.bind_augmented(small)


def _record_compound(node: cst.CSTNode, names) -> None:
    if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
        names.bind_local(node.name.value)
    elif isinstance(node, cst.With):
        for item in node.items:
            if item.asname is not None:
                names.bind_target(item.asname.name, item.item)
    elif isinstance(node, cst.For):
        names.bind_target(node.target, None)
    elif isinstance(node, cst.Try):
        for handler in node.handlers:
            if handler.name is not None and isinstance(handler.name.name, cst.Name):
                names.bind_local(handler.name.name.value)


def iter_nodes(root: cst.CSTNode):
    """Every node under `root` (itself included), in source order, with the walk's field table:
    a cheap search for rules that need to look at a whole file or function once."""
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        children: list = []
        for name in _child_fields(type(node)):
            _append(children, getattr(node, name))
        stack.extend(reversed(children))
