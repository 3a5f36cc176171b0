"""Names and helpers several insecure-defaults rules share: the HTTP client APIs of the common
libraries, and `shell_safe()`, which tells a shell command built only from constants and
shell-quoted parts.

Instance methods are written with `()` after the constructor (see stagewarden.names), so
`requests.Session().get` is the `get` of any object made by `requests.Session()`.
"""

from __future__ import annotations

import ast
import re
import string

import libcst as cst  # a lazy module: nothing is read from it at import time

HTTP_VERBS = ("get", "post", "put", "patch", "delete", "head", "options", "request")

REQUESTS_SESSIONS = ("requests.Session()", "requests.session()", "requests.sessions.Session()")

REQUESTS_CALLS = frozenset(
    [f"requests.{verb}" for verb in HTTP_VERBS]
    + [f"requests.api.{verb}" for verb in HTTP_VERBS]
    + [f"{session}.{verb}" for session in REQUESTS_SESSIONS for verb in HTTP_VERBS]
)

HTTPX_CALLS = frozenset([f"httpx.{verb}" for verb in HTTP_VERBS] + ["httpx.stream"])
HTTPX_CLIENTS = frozenset(["httpx.Client", "httpx.AsyncClient"])


# -- shell commands ------------------------------------------------------------------------
# Calls whose result is one shell word, or words, quoted for a POSIX shell.
SHELL_QUOTING = frozenset(["shlex.quote", "shlex.join", "pipes.quote"])
_SHELL_NUMBERS = frozenset(["builtins.int", "builtins.float", "builtins.len"])
_SHELL_DEPTH = 8
_HOLE = "\x00"  # stands for a quoted part in the command text
_PERCENT_CONVERSION = re.compile(r"%(?:\(([^)]*)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(.)")
_PERCENT_NUMERIC = frozenset("diouxXeEfFgG")


def shell_safe(ctx, expr: cst.BaseExpression | None) -> bool:
    """True when a shell command string cannot carry shell syntax chosen at run time.

    A constant (ctx.is_constant_string), or a command built only from constants, numbers
    (`int()`, `len()`) and parts quoted with `shlex.quote()` / `pipes.quote()` / `shlex.join()`:
    the call itself, an f-string, `+`, `%` or `.format()` of such parts, or a constant
    separator joining quoted items (`" ".join(shlex.quote(a) for a in args)`). A quoted part
    placed inside the template's own quotes (`f"sh -c '{shlex.quote(x)}'"`) is not safe:
    there its quotes close and reopen the surrounding ones.
    """
    if expr is None:
        return False
    if ctx.is_constant_string(expr):
        return True
    text = _shell_text(ctx, expr, 0)
    return text is not None and _holes_unquoted(text)


def _holes_unquoted(text: str) -> bool:
    """Every quoted part sits where the shell reads a new word, not inside quotes or after `\\`."""
    quote = ""
    escaped = False
    for char in text:
        if char == _HOLE:
            if quote or escaped:
                return False
        elif escaped:
            pass
        elif quote == "'":
            if char == "'":
                quote = ""
        elif char == "\\":
            escaped = True
            continue
        elif quote == '"':
            if char == '"':
                quote = ""
        elif char in "'\"":
            quote = char
        escaped = False
    return True


def _shell_text(ctx, expr: cst.BaseExpression, depth: int) -> str | None:
    """The command text an expression builds, each quoted part written as _HOLE; None when a
    part is not a constant, a number or a quoted value."""
    if depth > _SHELL_DEPTH:  # `cmd = cmd + shlex.quote(x)` refers to itself
        return None
    value = ctx.literal(expr)
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return "0"
    expr = ctx.value_of(expr)
    deeper = depth + 1
    if isinstance(expr, cst.Call):
        return _shell_call(ctx, expr, deeper)
    if isinstance(expr, cst.FormattedString):
        return _shell_fstring(ctx, expr, deeper)
    if isinstance(expr, cst.ConcatenatedString):
        left, right = _shell_text(ctx, expr.left, deeper), _shell_text(ctx, expr.right, deeper)
        return None if left is None or right is None else left + right
    if isinstance(expr, cst.BinaryOperation):
        if isinstance(expr.operator, cst.Add):
            left, right = _shell_text(ctx, expr.left, deeper), _shell_text(ctx, expr.right, deeper)
            return None if left is None or right is None else left + right
        if isinstance(expr.operator, cst.Modulo):
            return _shell_percent(ctx, expr, deeper)
    return None


def _shell_call(ctx, call: cst.Call, depth: int) -> str | None:
    func = call.func
    if ctx.match(func, SHELL_QUOTING) is not None:
        return _HOLE
    if ctx.match(func, _SHELL_NUMBERS) is not None:
        return "0"
    if not isinstance(func, cst.Attribute) or any(arg.star for arg in call.args):
        return None
    if func.attr.value == "format":
        return _shell_format(ctx, call, depth)
    if func.attr.value == "join" and len(call.args) == 1 and call.args[0].keyword is None:
        separator = _shell_text(ctx, func.value, depth)
        items = _shell_items(ctx, call.args[0].value, depth)
        if separator is None or items is None:
            return None
        return separator.join(items)
    return None


def _shell_items(ctx, expr: cst.BaseExpression, depth: int) -> list[str] | None:
    """The texts of the items a `sep.join(...)` joins (a representative two for a comprehension)."""
    expr = ctx.value_of(expr)
    if isinstance(expr, (cst.List, cst.Tuple)):
        items = []
        for element in expr.elements:
            if not isinstance(element, cst.Element):
                return None
            text = _shell_text(ctx, element.value, depth + 1)
            if text is None:
                return None
            items.append(text)
        return items
    if isinstance(expr, (cst.GeneratorExp, cst.ListComp)):
        text = _shell_text(ctx, expr.elt, depth + 1)
        return None if text is None else [text, text]
    if (
        isinstance(expr, cst.Call)
        and ctx.qualname(expr.func) == "builtins.map"
        and expr.args
        and ctx.match(expr.args[0].value, SHELL_QUOTING) is not None
    ):
        return [_HOLE, _HOLE]  # map(shlex.quote, args)
    return None


def _fstring_text(expr: cst.FormattedString, text: str) -> str | None:
    """The value of an f-string's literal piece, its escapes applied."""
    prefix = expr.prefix.lower().replace("f", "")
    quote = expr.end
    try:
        value = ast.literal_eval(f"{prefix}{quote}{text.replace('{{', '{').replace('}}', '}')}{quote}")
    except (SyntaxError, ValueError):
        return None
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return value if isinstance(value, str) else None


def _shell_fstring(ctx, expr: cst.FormattedString, depth: int) -> str | None:
    parts = []
    for part in expr.parts:
        if isinstance(part, cst.FormattedStringText):
            text = _fstring_text(expr, part.value)
        else:
            text = _shell_text(ctx, part.expression, depth)
            if text is not None and _HOLE in text and (part.conversion not in (None, "s") or part.format_spec):
                return None  # `{shlex.quote(x)!r}` puts Python's quotes around the shell's
        if text is None:
            return None
        parts.append(text)
    return "".join(parts)


def _shell_percent(ctx, expr: cst.BinaryOperation, depth: int) -> str | None:
    template = _shell_text(ctx, expr.left, depth)
    if template is None:
        return None
    values = ctx.value_of(expr.right)
    if isinstance(values, cst.Tuple):
        if not all(isinstance(e, cst.Element) for e in values.elements):
            return None
        positional = [e.value for e in values.elements]
    else:
        positional = [expr.right]
    mapping = values if isinstance(values, cst.Dict) else None
    pieces, position, used = [], 0, 0
    for match in _PERCENT_CONVERSION.finditer(template):
        pieces.append(template[position:match.start()])
        position = match.end()
        key, conversion = match.group(1), match.group(2)
        if conversion == "%":
            pieces.append("%")
            continue
        if conversion == "c":
            return None  # one character of any kind
        if conversion in _PERCENT_NUMERIC:
            pieces.append("0")  # a number, or a TypeError
            used += key is None
            continue
        if key is not None:
            value = _mapping_value(ctx, mapping, key)
        else:
            value = positional[used] if used < len(positional) else None
            used += 1
        text = _shell_text(ctx, value, depth) if value is not None else None
        if text is None or (_HOLE in text and conversion != "s"):
            return None
        pieces.append(text)
    pieces.append(template[position:])
    return "".join(pieces)


def _mapping_value(ctx, mapping: cst.Dict | None, key: str) -> cst.BaseExpression | None:
    if mapping is None:
        return None
    for element in mapping.elements:
        if isinstance(element, cst.DictElement) and ctx.literal(element.key) == key:
            return element.value
    return None


def _shell_format(ctx, call: cst.Call, depth: int) -> str | None:
    template = _shell_text(ctx, call.func.value, depth)
    if template is None:
        return None
    positional = [arg.value for arg in call.args if arg.keyword is None]
    keywords = {arg.keyword.value: arg.value for arg in call.args if arg.keyword is not None}
    pieces, automatic = [], 0
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        return None
    for literal, field, spec, conversion in parsed:
        pieces.append(literal)
        if field is None:
            continue
        if field == "":
            index: int | str = automatic
            automatic += 1
        elif field.isdigit():
            index = int(field)
        elif field.isidentifier():
            index = field
        else:
            return None  # `{0.name}`, `{a[key]}`
        if isinstance(index, int):
            value = positional[index] if index < len(positional) else None
        else:
            value = keywords.get(index)
        text = _shell_text(ctx, value, depth) if value is not None else None
        if text is None or (_HOLE in text and (conversion not in (None, "s") or spec)):
            return None
        pieces.append(text)
    return "".join(pieces)
