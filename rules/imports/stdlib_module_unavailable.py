from __future__ import annotations

import re

import libcst as cst

from stagewarden.names import dotted_name
from stagewarden.rule import HIGH, Invalid, Option, PythonRule, Valid
from stagewarden.stdlib import version_dependent

_IMPORT_ERRORS = frozenset(["ImportError", "ModuleNotFoundError", "Exception", "BaseException"])
_VERSION_NAMES = frozenset(["version_info", "TYPE_CHECKING"])
_SYS_VERSIONS = frozenset(["sys.version", "sys.hexversion"])
_PY_FLAG = re.compile(r"^(?:IS_)?PY(?:THON)?_?[23]\w*$")  # PY2, PY3, PY311, PY_3_11, PYTHON3, IS_PY3


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in version.split("."))


class StdlibModuleUnavailable(PythonRule):
    """
    ## What it does
    Finds imports of standard-library modules that exist in only some of the Python versions
    the project supports: a module added later than the oldest supported version (`tomllib`,
    3.11) or removed before the newest (`distutils`, `imp`, `asyncore` in 3.12; `cgi`,
    `telnetlib`, `imghdr` in 3.13). The supported versions come from `requires-python` in the
    project's pyproject.toml. Imports guarded by `try: ... except ImportError:`, by a test of
    `sys.version_info` (or a `PY3`-style flag), or by `if TYPE_CHECKING:` are not reported.

    ## Why is this bad?
    The import fails with `ModuleNotFoundError` on the versions that lack the module, so the
    code breaks for part of the users the package claims to support. Worse, the missing name
    is an opening for dependency confusion: a package published on PyPI under a removed
    module's name (`distutils`, `imp`) is what a `pip install` of the missing name installs.

    ## Example
    ```python
    # requires-python = ">=3.9"
    import tomllib

    config = tomllib.loads(text)
    ```

    ## Use instead
    ```python
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib
    ```

    ## Options
    - `target-versions` (list of strings like `"3.9"`, default empty): the Python versions to
      check against. Empty means the versions `requires-python` allows (3.8 to 3.14), or the
      running Python's version when the project does not say.

    ## Fix safety
    No fix: the right replacement (a backport package, a guard, a newer `requires-python`)
    is the project's choice.

    ## References
    - [PEP 594: Removing dead batteries from the standard library](https://peps.python.org/pep-0594/)
    - [PEP 632: Deprecate distutils module](https://peps.python.org/pep-0632/)
    - [Python Packaging: requires-python](https://packaging.python.org/en/latest/guides/dropping-older-python-versions/)
    """

    id = "SW205"
    name = "stdlib-module-unavailable"
    summary = "Standard-library module missing from some supported Python versions"
    hint = "guard the import (try/except ImportError or sys.version_info), use a backport, or change requires-python"
    severity = HIGH
    confidence = HIGH
    tags = ("imports",)
    # Only an import of a module that some version lacks can fire: its name is in the file.
    triggers = tuple(sorted(version_dependent()))
    options = (
        Option("target-versions", list, (), "Python versions to check against; empty: the project's requires-python"),
    )

    VALID = [
        # Available in every target.
        Valid("import json\nimport os.path\nfrom collections import OrderedDict\n", target_versions=["3.9", "3.12"]),
        Valid("import tomllib\n", target_versions=["3.11", "3.12", "3.13"]),
        Valid("import distutils\n", target_versions=["3.9", "3.10", "3.11"]),
        Valid("from __future__ import annotations\n", target_versions=["3.8", "3.14"]),
        # Third-party names and relative (first-party) imports.
        Valid("import tomli\nimport requests\nfrom setuptools import setup\n", target_versions=["3.9", "3.12"]),
        Valid("from . import tomllib\nfrom .distutils import util\nfrom ..cgi import form\n", target_versions=["3.9", "3.13"]),
        # Guarded imports.
        Valid("try:\n    import tomllib\nexcept ImportError:\n    import tomli as tomllib\n", target_versions=["3.9", "3.12"]),
        Valid("try:\n    import tomllib\nexcept ModuleNotFoundError:\n    tomllib = None\n", target_versions=["3.9", "3.12"]),
        Valid("try:\n    import distutils\nexcept (OSError, ImportError):\n    pass\n", target_versions=["3.9", "3.12"]),
        Valid("try:\n    import imp\nexcept:\n    imp = None\n", target_versions=["3.9", "3.12"]),
        Valid("try:\n    import tomli as tomllib\nexcept ImportError:\n    import tomllib\n", target_versions=["3.9", "3.12"]),
        Valid("import sys\nif sys.version_info >= (3, 11):\n    import tomllib\nelse:\n    import tomli as tomllib\n",
              target_versions=["3.9", "3.12"]),
        Valid("import sys\nif sys.version_info < (3, 11):\n    import tomli as tomllib\nelse:\n    import tomllib\n",
              target_versions=["3.9", "3.12"]),
        Valid("from sys import version_info\nif version_info[:2] >= (3, 11):\n    import tomllib\n", target_versions=["3.9", "3.12"]),
        Valid("import six\nif six.PY2:\n    pass\nelif sys.version < '3.12':\n    import imp\n", target_versions=["3.9", "3.12"]),
        Valid("if PY311:\n    import tomllib\n", target_versions=["3.9", "3.12"]),
        Valid("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import tomllib\n", target_versions=["3.9", "3.12"]),
        Valid("import typing\ndef f():\n    if typing.TYPE_CHECKING:\n        from distutils import sysconfig\n", target_versions=["3.9", "3.12"]),
    ]
    INVALID = [
        Invalid("import tomllib\n", 1, target_versions=["3.9", "3.12"]),
        Invalid("import tomllib as toml\n", 1, target_versions=["3.9", "3.10", "3.11"]),
        Invalid("import os\nimport distutils\nimport imp\nimport asyncore\n", 2, 3, 4, target_versions=["3.9", "3.12"]),
        Invalid("import cgi, telnetlib\nimport imghdr\n", 1, 1, 2, target_versions=["3.9", "3.13"]),
        Invalid("import distutils.util\n", 1, target_versions=["3.9", "3.12"]),
        Invalid("from distutils import sysconfig\n", 1, target_versions=["3.9", "3.12"]),
        Invalid("from distutils.core import setup\n", 1, target_versions=["3.11", "3.12"]),
        Invalid("def load(path):\n    import tomllib\n    return tomllib.load(path)\n", 2, target_versions=["3.9", "3.12"]),
        # A try without an import-error handler, and the `else` of a guarded try, are not guards.
        Invalid("try:\n    import tomllib\nexcept KeyError:\n    pass\n", 2, target_versions=["3.9", "3.12"]),
        Invalid("try:\n    import json\nexcept ImportError:\n    pass\nelse:\n    import tomllib\n", 6, target_versions=["3.9", "3.12"]),
        # An `if` about something else is not a guard.
        Invalid("if DEBUG:\n    import imp\n", 2, target_versions=["3.9", "3.12"]),
    ]

    def __init__(self, options=None, severity=None):
        super().__init__(options, severity)
        self._variable: dict[tuple[str, ...], frozenset[str]] = {}

    # -- targets -----------------------------------------------------------------------------
    def _targets(self, ctx) -> tuple[str, ...]:
        configured = tuple(self.opts.get("target-versions") or ())
        if configured:
            return tuple(sorted(set(configured), key=_version_key))
        project = getattr(ctx, "project", None)
        if project is not None and project.target_versions:
            return tuple(project.target_versions)
        from stagewarden.project import running_version

        return (running_version(),)

    def _variable_modules(self, targets: tuple[str, ...]) -> frozenset[str]:
        """The modules in the standard library of some targets but not of all of them."""
        found = self._variable.get(targets)
        if found is None:
            found = frozenset()
            if len(targets) > 1:
                from stagewarden.stdlib import all_modules, is_stdlib

                found = frozenset(
                    name for name in all_modules()
                    if 0 < sum(is_stdlib(name, version) for version in targets) < len(targets)
                )
            self._variable[targets] = found
        return found

    # -- visitors ------------------------------------------------------------------------------
    def visit_Import(self, node: cst.Import, ctx) -> None:
        for alias in node.names:
            name = dotted_name(alias.name)
            if name is not None:
                self._check(name.split(".", 1)[0], alias, ctx)

    def visit_ImportFrom(self, node: cst.ImportFrom, ctx) -> None:
        if node.relative or node.module is None:
            return  # relative imports are first-party
        name = dotted_name(node.module)
        if name is not None:
            self._check(name.split(".", 1)[0], node.module, ctx)

    def _check(self, module: str, node: cst.CSTNode, ctx) -> None:
        targets = self._targets(ctx)
        if module not in self._variable_modules(targets) or _guarded(ctx):
            return
        self.report(ctx, node, _message(module, targets))


def _message(module: str, targets: tuple[str, ...]) -> str:
    from stagewarden.stdlib import is_stdlib, known_versions

    known = known_versions()
    present = [v for v in targets if is_stdlib(module, v)]
    missing = [v for v in targets if not is_stdlib(module, v)]
    first_present = min(present, key=_version_key)
    older = [v for v in missing if _version_key(v) < _version_key(first_present)]
    if older:
        added = min((v for v in known if is_stdlib(module, v)), key=_version_key)
        supports = min(older, key=_version_key)
        return f"{module} is not in the standard library before Python {added} (the project supports {supports})"
    last_present = max(present, key=_version_key)
    newer = [v for v in missing if _version_key(v) > _version_key(last_present)]
    supports = min(newer or missing, key=_version_key)
    removed = min(
        (v for v in known if _version_key(v) > _version_key(last_present) and not is_stdlib(module, v)),
        key=_version_key, default=supports,
    )
    return f"{module} was removed from the standard library in Python {removed} (the project supports {supports})"


def _guarded(ctx) -> bool:
    """True when an enclosing statement makes the import conditional on the Python version
    or on it succeeding: a try with an import-error handler, a version test, TYPE_CHECKING."""
    chain = ctx.chain
    for index, statement in enumerate(chain):
        if isinstance(statement, cst.If):
            if _mentions_version(statement.test, ctx):
                return True
        elif isinstance(statement, cst.Try):
            inner = chain[index + 1] if index + 1 < len(chain) else None
            if inner is None:
                continue
            if any(inner is s for s in statement.body.body) and any(_catches_import_error(h) for h in statement.handlers):
                return True
            for handler in statement.handlers:
                # The fallback of an import-compatibility try: `except ImportError: import tomllib`.
                if any(inner is s for s in handler.body.body) and _catches_import_error(handler):
                    return True
    return False


def _catches_import_error(handler: cst.ExceptHandler) -> bool:
    caught = handler.type
    if caught is None:
        return True  # a bare except
    names = caught.elements if isinstance(caught, cst.Tuple) else [cst.Element(caught)]
    for element in names:
        name = dotted_name(element.value)
        if name is not None and name.rsplit(".", 1)[-1] in _IMPORT_ERRORS:
            return True
    return False


def _mentions_version(test: cst.BaseExpression, ctx) -> bool:
    for node in ctx.find_all(cst.Name, test):
        value = node.value
        if value in _VERSION_NAMES or _PY_FLAG.match(value):
            return True
    return any(dotted_name(node) in _SYS_VERSIONS for node in ctx.find_all(cst.Attribute, test))
