"""What kind of module a file is, for the web-framework rules (a helper module, no rule class).

Django settings rules report only in settings modules, and stay silent in development and
test ones (`settings/dev.py`, `settings_local.py`, `test_settings.py`): a `DEBUG = True` there
is the point of the file. Each answer is computed once per file and cached on the
FileContext (`ctx._django_settings`, ...), since every rule of a file shares one ctx.

Also here, because several of those rules need them:
- `is_top_level(ctx)`: the statement being visited sits directly in the module body (not in
  a function, a class or an `if` block), which is what a settings assignment looks like;
- `imports_module(ctx, root)`: the file imports `root` somewhere (for medium-confidence
  findings on receivers the name tracker cannot resolve);
- `instance_of(ctx, expr, classes)`: `expr` is an object made by one of `classes`, also when
  the class came from a star import;
- `flask_config_items(ctx, node)`: the `KEY = value` pairs a statement writes into a Flask
  `app.config` (`app.config["KEY"] = v`, `app.config.update(KEY=v)`, `update({"KEY": v})`);
- `unset_env_value(ctx, expr)`: the value a settings expression takes when its environment
  variable is unset (`env.bool("DEBUG", default=True)`, `config("DEBUG", default=True)`,
  `os.getenv("DEBUG", "1") == "1"`).
"""

from __future__ import annotations

import re
from typing import Any, Collection, Iterator

import libcst as cst

from stagewarden.names import UNKNOWN

# Top-level names only a Django settings module assigns (two of them make one).
DJANGO_SETTINGS_NAMES = frozenset(
    ["INSTALLED_APPS", "MIDDLEWARE", "ROOT_URLCONF", "SECRET_KEY", "DATABASES", "ALLOWED_HOSTS", "WSGI_APPLICATION"]
)
DEVELOPMENT_NAMES = frozenset(["dev", "develop", "development", "local", "test", "tests", "testing", "ci", "conftest"])
DEVELOPMENT_PARTS = ("_dev", "_local", "_test")
INCLUDE_DEVELOPMENT = "include-development-settings"
_TEST_FOLDERS = frozenset(["test", "tests", "testing"])

_SPLIT = re.compile(r"[_\-.]+")


def _path_parts(ctx) -> tuple[list[str], str]:
    """The directory names and the file stem (`__init__` for a package's own module)."""
    parts = [p for p in ctx.path.replace("\\", "/").split("/") if p]
    if not parts:
        return [], ""
    stem = parts[-1]
    if stem.endswith(".py"):
        stem = stem[:-3]
    return parts[:-1], stem


def _top_level_names(module: cst.Module) -> set[str]:
    names: set[str] = set()
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Assign):
                targets = [t.target for t in small.targets]
            elif isinstance(small, (cst.AnnAssign, cst.AugAssign)):
                targets = [small.target]
            else:
                continue
            names.update(t.value for t in targets if isinstance(t, cst.Name))
    return names


def is_settings_module(ctx) -> bool:
    """A Django-style settings module: `settings.py`, `*settings*.py`, a module of a
    `settings/` package, or a module assigning two of the core Django settings."""
    cached = getattr(ctx, "_django_settings", None)
    if cached is None:
        directories, stem = _path_parts(ctx)
        cached = (
            "settings" in stem.lower()
            or any(d.lower() == "settings" for d in directories)
            or len(_top_level_names(ctx.module) & DJANGO_SETTINGS_NAMES) >= 2
        )
        ctx._django_settings = cached
    return cached


def _is_development_name(name: str, whole_stem: bool) -> bool:
    name = name.lower()
    if any(token in DEVELOPMENT_NAMES for token in _SPLIT.split(name)):
        return True
    return whole_stem and any(part in name for part in DEVELOPMENT_PARTS)


def is_test_module(ctx) -> bool:
    """Test code, judged by its path: `test_*.py`, `*_test.py`, `conftest.py`, `tests.py`, and
    anything under a `test/`, `tests/` or `testing/` folder."""
    cached = getattr(ctx, "_test_module", None)
    if cached is None:
        directories, stem = _path_parts(ctx)
        stem = stem.lower()
        cached = (
            stem in ("conftest", "tests", "test")
            or stem.startswith("test_")
            or stem.endswith(("_test", "_tests"))
            or any(d.lower() in _TEST_FOLDERS for d in directories)
        )
        ctx._test_module = cached
    return cached


def is_development_module(ctx) -> bool:
    """A development or test module, judged by its path: test code (see is_test_module), a
    file stem with a development word (`settings/dev.py`, `settings_local.py`,
    `test_settings.py`, `run_dev.py`), a folder named like one (`envs/dev/settings.py`), and
    the modules of a `settings/dev/` package."""
    cached = getattr(ctx, "_development_module", None)
    if cached is None:
        cached = is_test_module(ctx)
        if not cached:
            directories, stem = _path_parts(ctx)
            lowered = [d.lower() for d in directories]
            cached = _is_development_name(stem, whole_stem=True) or any(d in DEVELOPMENT_NAMES for d in lowered)
            if not cached and "settings" in lowered:
                below = lowered[lowered.index("settings") + 1:]
                cached = any(_is_development_name(d, whole_stem=False) for d in below)
        ctx._development_module = cached
    return cached


def is_development_settings(ctx) -> bool:
    """A settings module meant for development or tests (see is_development_module)."""
    return is_settings_module(ctx) and is_development_module(ctx)


def reports_settings(ctx, rule) -> bool:
    """Whether a Django settings rule reports in this file: a settings module that is not a
    development one, unless the rule's `include-development-settings` option is on."""
    if not is_settings_module(ctx):
        return False
    return bool(rule.opts.get(INCLUDE_DEVELOPMENT)) or not is_development_module(ctx)


def is_config_module(ctx) -> bool:
    """A settings module or a configuration module (`config.py`, `*config*.py`, `config/`)."""
    cached = getattr(ctx, "_config_module", None)
    if cached is None:
        directories, stem = _path_parts(ctx)
        cached = (
            is_settings_module(ctx)
            or "config" in stem.lower()
            or any(d.lower() in ("config", "configs", "conf") for d in directories)
        )
        ctx._config_module = cached
    return cached


def is_top_level(ctx) -> bool:
    """The statement being visited is directly in the module body."""
    ids = getattr(ctx, "_top_level_ids", None)
    if ids is None:
        ids = frozenset(id(statement) for statement in ctx.module.body)
        ctx._top_level_ids = ids
    return id(ctx.statement) in ids


def assigned_name(node: cst.CSTNode) -> str | None:
    """`NAME` for `NAME = value` / `NAME: T = value` (one plain-name target), else None."""
    if isinstance(node, cst.Assign):
        if len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
            return node.targets[0].target.value
        return None
    if isinstance(node, cst.AnnAssign) and node.value is not None and isinstance(node.target, cst.Name):
        return node.target.value
    return None


# -- imports and instances -----------------------------------------------------------------
def _small_statements(body) -> Iterator[cst.BaseSmallStatement]:
    """Every small statement (import, assignment, ...) of a block and of the blocks inside it."""
    for statement in body:
        if isinstance(statement, cst.SimpleStatementLine):
            yield from statement.body
            continue
        if isinstance(statement, cst.BaseSmallStatement):  # the body of `if x: import y`
            yield statement
            continue
        for field in ("body", "orelse", "finalbody"):
            inner = getattr(statement, field, None)
            if isinstance(inner, cst.If):  # elif
                yield from _small_statements([inner])
            elif isinstance(inner, (cst.Else, cst.Finally)):
                yield from _small_statements(inner.body.body)
            elif isinstance(inner, cst.BaseSuite):
                yield from _small_statements(inner.body)
        for handler in getattr(statement, "handlers", ()):
            yield from _small_statements(handler.body.body)


def _root(name: cst.BaseExpression) -> str | None:
    while isinstance(name, cst.Attribute):
        name = name.value
    return name.value if isinstance(name, cst.Name) else None


def imported_roots(ctx) -> frozenset[str]:
    """The top-level packages the file imports anywhere (functions and blocks included)."""
    roots = getattr(ctx, "_imported_roots", None)
    if roots is None:
        found: set[str | None] = set()
        for small in _small_statements(ctx.module.body):
            if isinstance(small, cst.Import):
                found.update(_root(alias.name) for alias in small.names)
            elif isinstance(small, cst.ImportFrom) and not small.relative and small.module is not None:
                found.add(_root(small.module))
        found.discard(None)
        roots = frozenset(found)  # type: ignore[arg-type]
        ctx._imported_roots = roots
    return roots


def imports_module(ctx, root: str) -> bool:
    return root in imported_roots(ctx)


def instance_of(ctx, expr: cst.BaseExpression, classes: Collection[str]) -> str | None:
    """The class in `classes` that made the object `expr` refers to, or None.

    `ctx.match(expr, {"flask.Flask()"})` covers aliases and constants; the second test covers
    `from flask import *` then `app = Flask(...)`, which the name tracker does not resolve.
    """
    found = ctx.match(expr, frozenset(f"{c}()" for c in classes))
    if found is not None:
        return found[:-2]
    value = ctx.value_of(expr)
    if isinstance(value, cst.Call):
        return ctx.match(value.func, classes)
    return None


def is_project_receiver(ctx, expr: cst.BaseExpression) -> bool:
    """The object cannot be traced to a library: a parameter, a local function's result, or
    the project's own code (a relative import)."""
    name = ctx.qualname(expr)
    return name is None or name.startswith(".")


# -- Flask-style config --------------------------------------------------------------------
_CONFIG_WRITERS = ("update", "from_mapping")


def subscript_key(ctx, target: cst.BaseExpression) -> tuple[cst.BaseExpression, Any] | None:
    """(`obj`, `"KEY"`) for a subscript `obj["KEY"]` with a constant key."""
    if not isinstance(target, cst.Subscript) or len(target.slice) != 1:
        return None
    index = target.slice[0].slice
    if not isinstance(index, cst.Index):
        return None
    key = ctx.literal(index.value)
    if not isinstance(key, str):
        return None
    return target.value, key


def _dict_items(ctx, expr: cst.BaseExpression) -> Iterator[tuple[str, cst.BaseExpression]]:
    expr = ctx.value_of(expr)
    if isinstance(expr, cst.Dict):
        for element in expr.elements:
            if isinstance(element, cst.DictElement):
                key = ctx.literal(element.key)
                if isinstance(key, str):
                    yield key, element.value


def flask_config_items(ctx, node: cst.CSTNode) -> Iterator[tuple[cst.BaseExpression, str, cst.BaseExpression]]:
    """(config object, KEY, value) for `X.config["KEY"] = value` (an Assign) and for
    `X.config.update(KEY=value)` / `.update({"KEY": value})` / `.from_mapping(...)` (a Call)."""
    if isinstance(node, cst.Assign):
        for target in node.targets:
            found = subscript_key(ctx, target.target)
            if found is not None and isinstance(found[0], cst.Attribute) and found[0].attr.value == "config":
                yield found[0], found[1], node.value
    elif isinstance(node, cst.Call):
        func = node.func
        if not (
            isinstance(func, cst.Attribute)
            and func.attr.value in _CONFIG_WRITERS
            and isinstance(func.value, cst.Attribute)
            and func.value.attr.value == "config"
        ):
            return
        for arg in node.args:
            if arg.keyword is not None:
                yield func.value, arg.keyword.value, arg.value
            elif arg.star == "**" or arg.star == "":
                for key, value in _dict_items(ctx, arg.value):
                    yield func.value, key, value


# -- environment lookups with defaults -----------------------------------------------------
_ENVIRON_CLASSES = ("environ.Env", "environ.FileAwareEnv", "environ.environ.Env")
# django-environ: where a method takes its default positionally.
_ENVIRON_DEFAULT_INDEX = {
    "": 2, "bool": 1, "str": 1, "int": 1, "float": 1, "list": 2, "tuple": 2, "json": 1, "dict": 2,
}
_DECOUPLE_CALLS = frozenset(["decouple.config", "decouple.AutoConfig()", "decouple.Config()"])
_OS_CALLS = frozenset(["os.environ.get", "os.getenv"])
TRUE_STRINGS = frozenset(["true", "1", "yes", "on", "y", "t"])
_STRING_METHODS = frozenset(["lower", "upper", "strip", "casefold"])
_COMPARISONS = ("Equal", "NotEqual", "In", "NotIn")  # by name: libcst loads lazily


def _environ_default(ctx, call: cst.Call) -> tuple[bool, cst.BaseExpression | None]:
    """(is a django-environ lookup, its default expression or None)."""
    func = call.func
    method = ""
    receiver = func
    if isinstance(func, cst.Attribute) and func.attr.value in _ENVIRON_DEFAULT_INDEX:
        method = func.attr.value
        receiver = func.value
    if instance_of(ctx, receiver, _ENVIRON_CLASSES) is None:
        return False, None
    default = ctx.argument(call, "default", _ENVIRON_DEFAULT_INDEX[method])
    if default is not None:
        return True, default
    # `env = environ.Env(DEBUG=(bool, True))`: the scheme gives the default.
    variable = ctx.literal(ctx.positional(call, 0))
    constructor = ctx.value_of(receiver)
    if isinstance(variable, str) and isinstance(constructor, cst.Call):
        scheme = ctx.keyword(constructor, variable)
        scheme = ctx.value_of(scheme) if scheme is not None else None
        if isinstance(scheme, cst.Tuple) and len(scheme.elements) == 2:
            return True, scheme.elements[1].value
    return True, None


def env_default(ctx, call: cst.Call) -> tuple[str, cst.BaseExpression | None, bool] | None:
    """For an environment lookup: (library, default expression or None, casts to bool).
    None when `call` is not an environment lookup."""
    is_environ, default = _environ_default(ctx, call)
    if is_environ:
        func = call.func
        cast_bool = isinstance(func, cst.Attribute) and func.attr.value == "bool"
        return "django-environ", default, cast_bool
    if ctx.match(call.func, _DECOUPLE_CALLS) is not None:
        cast = ctx.keyword(call, "cast")
        cast_bool = cast is not None and ctx.qualname(cast) == "builtins.bool"
        return "python-decouple", ctx.argument(call, "default", 1), cast_bool
    if ctx.match(call.func, _OS_CALLS) is not None:
        return "os.environ", ctx.argument(call, "default", 1), False
    return None


def _constant(ctx, expr: cst.BaseExpression) -> Any:
    value = ctx.literal(expr)
    if value is not UNKNOWN:
        return value
    expr = ctx.value_of(expr)
    if isinstance(expr, (cst.List, cst.Tuple)):
        items = []
        for element in expr.elements:
            if not isinstance(element, cst.Element):
                return UNKNOWN
            item = _constant(ctx, element.value)
            if item is UNKNOWN:
                return UNKNOWN
            items.append(item)
        return tuple(items)
    return UNKNOWN


def unset_env_value(ctx, expr: cst.BaseExpression, _depth: int = 0) -> tuple[Any, cst.BaseExpression | None]:
    """(the value `expr` takes when the environment variable it reads is unset, the default
    expression that gives it) for a settings expression built on an environment lookup;
    (UNKNOWN, None) when it reads no environment variable or the result cannot be known.

    A django-environ `.bool()` or decouple `cast=bool` default string is parsed the way
    those libraries parse it ("True", "1", "yes", "on" are true).
    """
    if _depth > 6:
        return UNKNOWN, None
    expr = ctx.value_of(expr)
    if isinstance(expr, cst.Call):
        found = env_default(ctx, expr)
        if found is not None:
            library, default, cast_bool = found
            if default is None:
                # os.getenv() gives None; django-environ and decouple raise instead.
                return (None, None) if library == "os.environ" else (UNKNOWN, None)
            value = _constant(ctx, default)
            if cast_bool and isinstance(value, str):
                value = value.strip().lower() in TRUE_STRINGS
            return value, default
        func = expr.func
        if isinstance(func, cst.Attribute) and func.attr.value in _STRING_METHODS and not expr.args:
            value, default = unset_env_value(ctx, func.value, _depth + 1)
            if isinstance(value, str):
                return getattr(value, func.attr.value)(), default
            return UNKNOWN, None
        if isinstance(func, cst.Attribute) and func.attr.value == "split":
            value, default = unset_env_value(ctx, func.value, _depth + 1)
            separator = ctx.literal(ctx.positional(expr, 0)) if expr.args else None
            if isinstance(value, str) and (separator is None or isinstance(separator, str)):
                return tuple(value.split(separator)), default
            return UNKNOWN, None
        builtin = ctx.qualname(func)
        if builtin in ("builtins.bool", "builtins.int") and len(expr.args) == 1:
            value, default = unset_env_value(ctx, expr.args[0].value, _depth + 1)
            try:
                return (bool(value) if builtin == "builtins.bool" else int(value)), default
            except (TypeError, ValueError):
                return UNKNOWN, None
        return UNKNOWN, None
    if isinstance(expr, cst.Comparison) and len(expr.comparisons) == 1:
        target = expr.comparisons[0]
        if type(target.operator).__name__ not in _COMPARISONS:
            return UNKNOWN, None
        value, default = unset_env_value(ctx, expr.left, _depth + 1)
        other = _constant(ctx, target.comparator)
        if value is UNKNOWN or other is UNKNOWN:
            return UNKNOWN, None
        try:
            if isinstance(target.operator, cst.Equal):
                return value == other, default
            if isinstance(target.operator, cst.NotEqual):
                return value != other, default
            contained = value in other
            return (contained if isinstance(target.operator, cst.In) else not contained), default
        except TypeError:
            return UNKNOWN, None
    return UNKNOWN, None


def is_true_setting(value: Any) -> bool:
    """True for a value a settings flag means as "on": True, a non-zero number, "true"/"1"/..."""
    if value is True:
        return True
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value != 0
    if isinstance(value, str):
        return value.strip().lower() in TRUE_STRINGS
    return False
