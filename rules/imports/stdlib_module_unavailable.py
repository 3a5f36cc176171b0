from __future__ import annotations

from stagewarden.rule import HIGH, ImportRule, Invalid, Option, Report, Valid
from stagewarden.stdlib import is_stdlib

# Removed from the standard library but still importable where a package provides it.
_PROVIDED_ELSEWHERE = frozenset(["distutils"])


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in version.split("."))


class StdlibModuleUnavailable(ImportRule):
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
    options = (
        Option("target-versions", list, (), "Python versions to check against; empty: the project's requires-python"),
    )

    VALID = [
        # Available in every target.
        Valid("import json\nimport os.path\nfrom collections import OrderedDict\n", target_versions=["3.9", "3.12"]),
        Valid("import tomllib\n", target_versions=["3.11", "3.12", "3.13"]),
        Valid("import distutils\n", target_versions=["3.9", "3.10", "3.11"]),
        Valid("from distutils.core import setup\n", target_versions=["3.12", "3.13"]),  # setuptools provides it
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
        # Missing on every supported version.
        Invalid("import imp\n", 1, target_versions=["3.12", "3.13"]),
        Invalid("import asynchat\n", 1, files={"pyproject.toml": '[project]\nname = "x"\nrequires-python = ">=3.12"\n'}),
    ]

    def check(self, fact, verdict):
        if verdict.status != "stdlib" or fact.guard or fact.kind == "attribute" or fact.level:
            return None
        targets = self._targets(verdict.targets)
        module = fact.top
        missing = [version for version in targets if not is_stdlib(module, version)]
        if not missing:
            return None
        if len(missing) == len(targets) and module in _PROVIDED_ELSEWHERE:
            return None  # setuptools installs its own distutils where the standard library has none
        return Report(_message(module, targets))

    def _targets(self, project_targets: tuple[str, ...]) -> tuple[str, ...]:
        configured = tuple(self.opts.get("target-versions") or ())
        if configured:
            return tuple(sorted(set(configured), key=_version_key))
        if project_targets:
            return tuple(project_targets)
        from stagewarden.project import running_version

        return (running_version(),)


def _message(module: str, targets: tuple[str, ...]) -> str:
    from stagewarden.stdlib import is_stdlib, known_versions

    known = known_versions()
    present = [v for v in targets if is_stdlib(module, v)]
    missing = [v for v in targets if not is_stdlib(module, v)]
    if not present:
        having = [v for v in known if is_stdlib(module, v)]
        if _version_key(max(having, key=_version_key)) < _version_key(min(targets, key=_version_key)):
            removed = min((v for v in known if _version_key(v) > _version_key(max(having, key=_version_key))), key=_version_key)
            return f"{module} was removed from the standard library in Python {removed} (the project supports {min(targets, key=_version_key)})"
        added = min(having, key=_version_key)
        return f"{module} is not in the standard library before Python {added} (the project supports {min(targets, key=_version_key)})"
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
