from __future__ import annotations

from stagewarden.rule import HIGH, MEDIUM, ImportRule, Invalid, Report, Valid


class NonexistentName(ImportRule):
    """
    ## What it does
    Finds names imported from a module that does not define them, `from os import walkdir`,
    and module attributes that do not exist, `os.walkdir(...)`: in the standard library (from
    per-version tables of every module's names, so `from collections import Mapping` is
    reported when the project supports 3.10 or later, and `from typing import override` when
    it supports 3.11 or earlier), in the project's own modules, and in packages installed in
    the project's environment, all read statically. A module with a module-level
    `__getattr__`, a star import that cannot be followed, or a namespace written at run time
    is not judged; names starting with an underscore are never judged, and neither are
    imports under `try: ... except ImportError:` or behind a version or platform test.

    ## Why is this bad?
    Code assistants invent functions in real modules as readily as they invent packages. The
    import fails with `ImportError` (or the attribute with `AttributeError`) the first time
    the code runs, which for a rarely taken path may be in production.

    ## Example
    ```python
    from os import walkdir

    for root, dirs, files in walkdir("."):
        ...
    ```

    ## Use instead
    ```python
    from os import walk

    for root, dirs, files in walk("."):
        ...
    ```

    ## Options
    None.

    ## Fix safety
    No fix: the message suggests the closest real name when there is one.

    ## References
    - [Python documentation: the import statement](https://docs.python.org/3/reference/simple_stmts.html#the-import-statement)
    - [PEP 562: Module __getattr__ and __dir__](https://peps.python.org/pep-0562/)
    - [typeshed: the standard library's stubs](https://github.com/python/typeshed)
    """

    id = "SW204"
    name = "nonexistent-name"
    summary = "Imported name does not exist in its module"
    hint = "use a name the module defines; check the module's documentation"
    severity = HIGH
    confidence = HIGH
    tags = ("imports",)

    def check(self, fact, verdict):
        if not verdict.missing:
            return None
        module = fact.module if not fact.level else "." * fact.level + fact.module
        parts = []
        for name, detail in verdict.missing:
            text = f"`{name}`"
            parts.append(f"{text} ({detail})" if detail else text)
        where = "the standard library module" if verdict.status == "stdlib" else "module"
        message = f"{where} `{module}` has no {', '.join(parts)}"
        versioned = any(detail.startswith("not on Python") for _, detail in verdict.missing)
        return Report(message, confidence=MEDIUM if verdict.status not in {"stdlib", "first-party", "skipped"} else HIGH,
                      hint="guard the import with a version check, or use a name every supported Python has" if versioned else None)

    VALID = [
        Valid("from os import walk, path, environ\nfrom os.path import join\nimport os\nos.getcwd()\n"),
        Valid("from collections.abc import Mapping\nfrom xml.etree import ElementTree\nimport importlib.metadata\n"),
        Valid("from os import _exit\nfrom typing import *\n"),
        Valid("import sys\nif sys.version_info >= (3, 12):\n    from typing import override\nelse:\n    from typing_extensions import override\n"),
        Valid("try:\n    from collections import Mapping\nexcept ImportError:\n    from collections.abc import Mapping\n"),
        Valid("from typing import override\n", files={"pyproject.toml": '[project]\nname = "x"\nrequires-python = ">=3.12"\n'}),
        Valid("from app.models import User, helper\n", files={"app/__init__.py": "", "app/models.py": "class User: pass\nfrom .util import helper\n", "app/util.py": "def helper(): pass\n"}),
        Valid("from app import models\n", files={"app/__init__.py": "", "app/models.py": ""}),
        Valid("from app.lazy import anything\n", files={"app/__init__.py": "", "app/lazy.py": "def __getattr__(name):\n    return name\n"}),
        Valid("from app.star import helper\n", files={"app/__init__.py": "", "app/star.py": "from .util import *\n", "app/util.py": "def helper(): pass\n"}),
        Valid("from app.dyn import made\n", files={"app/__init__.py": "", "app/dyn.py": "for n in 'ab':\n    globals()[n] = 1\n"}),
        Valid("from .models import User\n", path="app/views.py", files={"app/__init__.py": "", "app/models.py": "if True:\n    User = object\n"}),
        Valid("import os\nos = None\nos.walkdir\n"),
    ]
    INVALID = [
        Invalid("from os import walkdir\n", 1),
        Invalid("import os\nfor x in os.walkdir('.'):\n    pass\n", 2),
        Invalid("import os.path as p\np.joinpath('a')\n", 2),
        Invalid("from collections import Mapping\n", 1),  # removed in 3.10; the default project supports 3.9+
        Invalid("from typing import override\n", 1),  # added in 3.12
        Invalid("from json import loads, load_string\n", 1),
        Invalid("from app.models import Usr\n", 1, files={"app/__init__.py": "", "app/models.py": "class User: pass\n"}),
        Invalid("from .models import Usr\n", 1, path="app/views.py", files={"app/__init__.py": "", "app/models.py": "class User: pass\n"}),
        Invalid("from . import missing_mod\n", 1, path="app/views.py", files={"app/__init__.py": "", "app/models.py": ""}),
    ]
