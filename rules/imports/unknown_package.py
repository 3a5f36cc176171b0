from __future__ import annotations

from stagewarden.rule import HIGH, MEDIUM, ImportRule, Invalid, Report, Valid


class UnknownPackage(ImportRule):
    """
    ## What it does
    Finds imports that no distribution provides and whose name is not a project on the
    package index: not in the standard library, not one of the project's own modules, not
    provided by a declared dependency or by anything installed in the project's environment,
    not in the bundled map of import names, and, asked of the index, no project exists under
    the import's name or the names it suggests (`foo`, `python-foo`, `foo-python`, `pyfoo`;
    `google-cloud-x` for `google.cloud.x`). The message names the closest real packages.

    Offline (`--offline`, or the index unreachable), the bundled list of PyPI project names
    decides: a name that was not on PyPI when the list was made is reported; one that was is
    not, and a single SW007 notice names what could not be checked.

    ## Why is this bad?
    Code assistants invent packages: about one package reference in five in a 2025 study of
    code models named something that does not exist, and the invented names recur. Attackers
    register them ("slopsquatting"), so the import that fails today installs their code
    tomorrow. An import of a non-existent package is either a mistake or a trap.

    ## Example
    ```python
    import fastjson_utils

    data = fastjson_utils.loads(text)
    ```

    ## Use instead
    ```python
    import json

    data = json.loads(text)
    ```

    ## Options
    None.

    ## Fix safety
    No fix: only the author knows which real package was meant.

    ## References
    - [We Have a Package for You! A Comprehensive Analysis of Package Hallucinations by Code Generating LLMs (USENIX Security 2025)](https://arxiv.org/abs/2406.10279)
    - [PEP 691: JSON-based Simple API for Python Package Indexes](https://peps.python.org/pep-0691/)
    - [CWE-829: Inclusion of Functionality from Untrusted Control Sphere](https://cwe.mitre.org/data/definitions/829.html)
    """

    id = "SW201"
    name = "unknown-package"
    summary = "Import of a package that does not exist"
    hint = "check the package name; if the code needs a real package, install and declare it"
    severity = HIGH
    confidence = HIGH
    cwe = (829,)
    tags = ("imports", "supply-chain")

    def check(self, fact, verdict):
        if verdict.status != "unknown" or fact.guard == "sys-path":
            return None
        where = "on the package index" if verdict.evidence == "index" else "on PyPI (checked offline against the bundled name list)"
        message = f"no package provides `{verdict.module}`: it is not in the standard library, the project or the dependencies known to provide modules, and no such project is {where}"
        suggestions = [f"`{name}` ({dist})" if dist and dist != name else f"`{name}`" for name, dist in verdict.suggestions]
        if suggestions:
            message += f"; did you mean {' or '.join(suggestions)}?"
        confidence = HIGH if verdict.evidence == "index" else MEDIUM
        unmapped = verdict.distributions  # declared distributions whose modules are not known here
        if unmapped:
            named = ", ".join(unmapped[:3]) + (f" and {len(unmapped) - 3} more" if len(unmapped) > 3 else "")
            message += (f" (unless one of the declared distributions whose modules stagewarden cannot see provides it: {named};"
                        " then map it in [tool.stagewarden.imports] package-map)")
            confidence = MEDIUM
        return Report(message, confidence=confidence)

    VALID = [
        Valid("import json\nimport os.path\nfrom collections import OrderedDict\n"),
        Valid("import requests\nimport yaml\n"),  # declared by the default project
        Valid("import mypkg.helpers\n", files={"mypkg/__init__.py": "", "mypkg/helpers.py": ""}),
        Valid("from . import sibling\nfrom .models import User\n", path="pkg/mod.py"),
        Valid("import mylocal\n", files={"mylocal.py": ""}),
        Valid("import srcpkg\n", files={"src/srcpkg/__init__.py": ""}),
        Valid("import nspkg.part\n", files={"nspkg/part.py": ""}),  # a namespace package
        Valid("import helpers\n", path="tests/test_x.py", files={"tests/helpers.py": ""}),
        Valid("import undeclared_but_real\n", index={"undeclared-but-real": "found"}),
        Valid("import foo\n", index={"python-foo": "found"}),  # found under an affixed name
        Valid("import _private_speedups\n"),
        Valid("x = 'import fastjson_utils'\n# import fastjson_utils\n"),
        Valid("import fastjson_utils  # stagewarden: ignore[SW201] -- vendored at build time\n"),
        Valid("import privatepkg\n", index={"privatepkg": "error"}),  # cannot tell: a notice, not a finding
        Valid("import os, sys\nsys.path.insert(0, os.path.dirname(__file__) + '/vendor')\nimport vendored_thing\n"),
    ]
    INVALID = [
        Invalid("import fastjson_utils\n", 1),
        Invalid("import os\nfrom fastjson_utils import loads\n", 2),
        Invalid("import fastjson_utils as fj\nimport fastjson_utils.sub\n", 1, 2),
        Invalid("try:\n    import fastjson_utils\nexcept ImportError:\n    fastjson_utils = None\n", 2),
        Invalid("import importlib\nmod = importlib.import_module('fastjson_utils')\n", 2),
        Invalid("mod = __import__('fastjson_utils')\n", 1),
        Invalid("def f():\n    import fastjson_utils\n    return fastjson_utils\n", 2),
        Invalid("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from fastjson_utils import Loader\n", 3),
    ]
