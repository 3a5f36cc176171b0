from __future__ import annotations

import libcst as cst

from stagewarden.rule import HIGH, MEDIUM, Invalid, PythonRule

_CALLS = frozenset(["tempfile.mktemp", "os.tempnam", "os.tmpnam"])


class InsecureTempFile(PythonRule):
    """
    ## What it does
    Finds `tempfile.mktemp()` and the Python 2 functions `os.tempnam()` / `os.tmpnam()`, which
    return the *name* of a temporary file without creating it.

    ## Why is this bad?
    Between the moment the name is chosen and the moment the program opens it, another
    local user or process can create a file or a symbolic link with that name. The program
    then writes into a file the attacker controls, or follows the link and overwrites a file
    of the attacker's choosing (a race condition, CWE-377). `tempfile.mktemp` has been
    deprecated since Python 2.3 for this reason.

    ## Example
    ```python
    import tempfile

    path = tempfile.mktemp(suffix=".csv")
    with open(path, "w") as out:
        out.write(report)
    ```

    ## Use instead
    ```python
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as out:
        out.write(report)
    # or: fd, path = tempfile.mkstemp(suffix=".csv"); a directory: tempfile.mkdtemp()
    ```

    ## Options
    None.

    ## Fix safety
    No fix is offered: `mkstemp()` returns a file descriptor and a name instead of a name,
    so the calling code has to change.

    ## References
    - [CWE-377: Insecure Temporary File](https://cwe.mitre.org/data/definitions/377.html)
    - [Python: tempfile.mktemp (deprecated)](https://docs.python.org/3/library/tempfile.html#tempfile.mktemp)
    - [Python: tempfile.mkstemp](https://docs.python.org/3/library/tempfile.html#tempfile.mkstemp)
    """

    id = "SW127"
    name = "insecure-temp-file"
    summary = "temporary file name chosen before the file is created"
    hint = "use tempfile.mkstemp() or tempfile.NamedTemporaryFile(), which create the file atomically"
    severity = MEDIUM
    confidence = HIGH
    cwe = (377,)
    tags = ("filesystem", "race-condition")
    bandit = ("B306",)
    ruff = ("S306",)
    triggers = ("mktemp", "tempnam", "tmpnam")

    VALID = [
        "import tempfile\nfd, path = tempfile.mkstemp()\n",
        "import tempfile\nwith tempfile.NamedTemporaryFile() as f:\n    f.write(b'x')\n",
        "import tempfile\nwith tempfile.TemporaryDirectory() as d:\n    pass\n",
        "import tempfile\nd = tempfile.mkdtemp()\n",
        # A project's own helper with the same name.
        "def mktemp(prefix):\n    return prefix + '.tmp'\npath = mktemp('x')\n",
        "from tempfile import *\ndef mktemp():\n    return 'x'\nmktemp()\n",
        "import tempfile\nclass Store:\n    def mktemp(self):\n        return 1\nStore().mktemp()\n",
        # Not the stdlib module.
        "import mytools\npath = mytools.mktemp()\n",
        "import os\npath = os.path.join(base, 'tmpnam')\n",
    ]
    INVALID = [
        Invalid("import tempfile\npath = tempfile.mktemp()\n", 2),
        Invalid("import tempfile as tf\npath = tf.mktemp(suffix='.txt')\n", 2),
        Invalid("from tempfile import mktemp as make_name\npath = make_name()\n", 2),
        Invalid("from tempfile import *\npath = mktemp(dir='/var/cache')\n", 2),
        Invalid("import tempfile\nMAKE = tempfile.mktemp\npath = MAKE()\n", 3),
        Invalid("import tempfile\ndef f():\n    return tempfile.mktemp(\n        suffix='.csv',\n        dir=cache,\n    )\n", 3),
        Invalid("import os\nname = os.tempnam('/var/tmp', 'app')\nother = os.tmpnam()\n", 2, 3),
        Invalid("from os import tmpnam\nname = tmpnam()\n", 2),
    ]

    def visit_Call(self, node: cst.Call, ctx) -> None:
        func = node.func
        if not isinstance(func, (cst.Name, cst.Attribute)):
            return
        name = ctx.match(func, _CALLS)
        if name is None:
            return
        self.report(ctx, node, f"temporary file name chosen before the file exists ({name})")
