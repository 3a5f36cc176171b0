from __future__ import annotations

import libcst as cst

from stagewarden.rule import MEDIUM, Invalid, Option, PythonRule, Valid

_ROOTS = ("/tmp", "/var/tmp", "/dev/shm")

# Calls that create or open the file (or directory) at a path: (keyword, position) of the path.
_SINKS = {
    "builtins.open": ("file", 0),
    "io.open": ("file", 0),
    "os.open": ("path", 0),
    "os.makedirs": ("name", 0),
    "os.mkdir": ("path", 0),
    "os.mkfifo": ("path", 0),
    "pathlib.Path": (None, 0),
    "pathlib.PurePath": (None, 0),
    "pathlib.PosixPath": (None, 0),
    "pathlib.PurePosixPath": (None, 0),
    "shutil.copy": ("dst", 1),
    "shutil.copyfile": ("dst", 1),
    "shutil.copy2": ("dst", 1),
    "shutil.copytree": ("dst", 1),
    "shutil.move": ("dst", 1),
    "logging.FileHandler": ("filename", 0),
    "logging.handlers.RotatingFileHandler": ("filename", 0),
    "logging.handlers.TimedRotatingFileHandler": ("filename", 0),
    "logging.handlers.WatchedFileHandler": ("filename", 0),
    "sqlite3.connect": ("database", 0),
}
_PATHS = frozenset(name for name, (keyword, _) in _SINKS.items() if keyword is None)
_JOIN = frozenset(["os.path.join", "posixpath.join"])
# Path methods that only look at the file system: `Path("/tmp/x").exists()` creates nothing.
_QUERIES = frozenset(
    [
        "exists", "is_file", "is_dir", "is_symlink", "is_mount", "is_socket", "is_fifo", "stat", "lstat",
        "owner", "group", "samefile", "iterdir", "glob", "rglob", "as_posix", "as_uri", "is_relative_to",
        "relative_to", "match", "full_match",
    ]
)
_TEMPFILE = frozenset(
    f"tempfile.{name}"
    for name in ("mkstemp", "mkdtemp", "mktemp", "NamedTemporaryFile", "TemporaryFile", "SpooledTemporaryFile", "TemporaryDirectory")
)
_MAX_DEPTH = 6


class HardcodedTmpPath(PythonRule):
    """
    ## What it does
    Finds files and directories created or opened at a fixed path in a shared temporary
    directory (`/tmp`, `/var/tmp`, `/dev/shm`): the path given to `open()`, `os.open()`,
    `os.makedirs()`, `os.mkdir()`, `os.mkfifo()`, `pathlib.Path()`, the destination of
    `shutil.copy()` / `copyfile()` / `copy2()` / `copytree()` / `move()`, a logging file
    handler or `sqlite3.connect()`. The path may be a literal, a module constant, or an
    f-string, `%`/`.format()` string, concatenation or `os.path.join()` that starts with such a
    directory (`f"/tmp/{name}.txt"`).

    The directory itself counts only where a fixed name is added to it:
    `shutil.copy(src, "/tmp")` (the copy keeps its name), `Path("/tmp") / "x"` and
    `Path("/tmp", "x")`; `os.makedirs("/tmp", exist_ok=True)` is left alone. Only calls that
    create or open files are checked: the same string in a comparison, a log message, an
    `os.path.exists()` or `Path(...).exists()` check or an argparse default is left alone, and
    so is `tempfile.mkstemp(dir="/tmp")`, which picks an unpredictable name there safely.

    ## Why is this bad?
    Every local user can write to these directories. Anyone who knows the name in advance
    can create the file first, or plant a symbolic link there, and make the program read
    their data or overwrite a file of their choosing with the program's privileges (CWE-377,
    CWE-379). Files created there may also be readable by other users.

    ## Example
    ```python
    with open("/tmp/report.csv", "w") as out:
        out.write(data)
    ```

    ## Use instead
    ```python
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as out:
        out.write(data)
    # or a private directory: tempfile.mkdtemp(), or a path under the application's own data directory
    ```

    ## Options
    - `allowed-paths` (list of strings, default `[]`): path prefixes not to report, such as a
      directory under `/tmp` that your deployment creates with safe ownership and permissions
      (`["/tmp/myapp/"]`).

    ## Fix safety
    No fix is offered: choosing where the file should live is a design decision.

    ## References
    - [CWE-377: Insecure Temporary File](https://cwe.mitre.org/data/definitions/377.html)
    - [CWE-379: Creation of Temporary File in Directory with Insecure Permissions](https://cwe.mitre.org/data/definitions/379.html)
    - [Python: tempfile](https://docs.python.org/3/library/tempfile.html)
    """

    id = "SW128"
    name = "hardcoded-tmp-path"
    summary = "file created at a predictable path in a shared temporary directory"
    hint = "use tempfile.mkstemp() / NamedTemporaryFile() / mkdtemp() instead of a fixed name in /tmp"
    severity = MEDIUM
    confidence = MEDIUM
    cwe = (377, 379)
    tags = ("filesystem", "race-condition")
    options = (Option("allowed-paths", list, [], "path prefixes under a temporary directory not to report"),)
    bandit = ("B108",)
    ruff = ("S108",)
    # Only paths under /tmp, /var/tmp and /dev/shm are reported: their text always holds `tmp` or `shm`.
    triggers = ("tmp", "shm")

    # Per-file notes, taken while the walk visits a parent before its children: Path(...) calls
    # that are only queried (`.exists()`) or given as a tempfile `dir=`, and those joined with `/`.
    _file = None
    _quiet: set = set()
    _joined: set = set()

    VALID = [
        "import tempfile\nfd, path = tempfile.mkstemp(dir='/tmp')\n",
        "import tempfile\nwith tempfile.NamedTemporaryFile(dir='/var/tmp') as f:\n    pass\n",
        "import os\nif os.path.exists('/tmp/app.lock'):\n    pass\n",
        "import logging\nlogging.info('wrote /tmp/report.csv')\n",
        "import argparse\np = argparse.ArgumentParser()\np.add_argument('--out', default='/tmp/out.txt')\n",
        "CACHE = {'/tmp/a': 1}\nif path == '/tmp/x':\n    pass\n",
        "with open('/var/lib/app/state.json') as f:\n    pass\n",
        "with open('/tmpfiles/state.json') as f:\n    pass\n",
        "import shutil\nshutil.copy('/tmp/input.txt', dest)\n",
        "def open(path):\n    return path\nopen('/tmp/x')\n",
        "import os\nwith open(os.path.join(tempfile.gettempdir(), name)) as f:\n    pass\n",
        "with open(f'{base}/tmp/{name}') as f:\n    pass\n",
        "from pathlib import Path\nif Path('/tmp/app.lock').exists():\n    pass\n",
        "import tempfile, pathlib\nfd, name = tempfile.mkstemp(dir=pathlib.Path('/tmp'))\n",
        "import os, pathlib\nTMP = pathlib.Path('/tmp')\nos.makedirs('/tmp', exist_ok=True)\n",
        Valid("with open('/tmp/myapp/state.json', 'w') as f:\n    pass\n", allowed_paths=["/tmp/myapp/"]),
        Valid("LOG = '/tmp/myapp/run.log'\nimport logging\nh = logging.FileHandler(LOG)\n", allowed_paths=["/tmp/myapp"]),
    ]
    INVALID = [
        Invalid("with open('/tmp/report.csv', 'w') as out:\n    out.write(data)\n", 1),
        Invalid("import io as stream\nf = stream.open('/dev/shm/cache')\n", 2),
        Invalid("from os import makedirs as mk\nmk('/var/tmp/app/cache', exist_ok=True)\n", 2),
        Invalid("from pathlib import *\np = Path('/tmp') / 'state.json'\n", 2),
        Invalid("import os\nOUT = '/tmp/out.fifo'\nos.mkfifo(OUT)\n", 3),
        Invalid("import os\nfd = os.open(**{'path': '/tmp/lock', 'flags': os.O_CREAT})\n", 2),
        Invalid("import shutil\nshutil.move(\n    src,\n    '/tmp/backup.tar',\n)\n", 4),
        Invalid("def save(name, data):\n    with open(f'/tmp/{name}.txt', 'w') as out:\n        out.write(data)\n", 2),
        Invalid("import os\npath = '/tmp/' + user + '.json'\nwith open(path, 'w') as f:\n    pass\n", 3),
        Invalid("import os\nwith open(os.path.join('/tmp', name), 'w') as f:\n    pass\n", 2),
        Invalid("import logging.handlers\nh = logging.handlers.RotatingFileHandler('/tmp/app.log')\n", 2),
        Invalid("import sqlite3\nconn = sqlite3.connect('/tmp/cache.db')\n", 2),
        Invalid("with open('/tmp/%s.pid' % name, 'w') as f:\n    pass\n", 1),
        Invalid("import shutil, pathlib\nshutil.copy(report, '/tmp')\nout = pathlib.Path('/tmp', 'report.csv')\n", 2, 3),
        Invalid("with open('/tmp/other/state.json', 'w') as f:\n    pass\n", 1, allowed_paths=["/tmp/myapp/"]),
        Invalid("with open(b'/tmp/cache.bin', 'wb') as f:\n    pass\n", 1),
    ]

    def visit_BinaryOperation(self, node: cst.BinaryOperation, ctx) -> None:
        if isinstance(node.operator, cst.Divide) and isinstance(node.left, cst.Call):
            self._notes(ctx)[1].add(id(node.left))

    def visit_Call(self, node: cst.Call, ctx) -> None:
        func = node.func
        if isinstance(func, cst.Attribute):
            if func.attr.value in _QUERIES and isinstance(func.value, cst.Call):
                self._notes(ctx)[0].add(id(func.value))
        elif not isinstance(func, cst.Name):
            return
        if not node.args:
            return
        name = ctx.match(func, _SINKS)
        if name is None:
            if ctx.match(func, _TEMPFILE) is not None:
                directory = ctx.keyword(node, "dir")
                if directory is not None:
                    self._notes(ctx)[0].add(id(directory))
            return
        quiet, joined = self._notes(ctx)
        if name in _PATHS and id(node) in quiet:
            return
        keyword, index = _SINKS[name]
        arg = ctx.argument(node, keyword, index) if keyword else ctx.positional(node, index)
        if arg is None:
            return
        # The directory itself is only a problem where a fixed name is added to it: a copy or
        # move into it (the file keeps its name), `Path("/tmp") / "x"`, `Path("/tmp", "x")`.
        root_ok = keyword == "dst" or (name in _PATHS and (id(node) in joined or ctx.positional(node, 1) is not None))
        path = _tmp_path(arg, ctx, root_ok)
        if path is None or self._allowed(path):
            return
        # A value from a `**mapping` bound elsewhere is reported on the call, where it is used.
        site = arg if any(a.value is arg for a in node.args) else node
        self.report(ctx, site, f"predictable path in a shared temporary directory ({path!r} in {name.replace('builtins.', '')}())")

    def _notes(self, ctx):
        if ctx is not self._file:
            self._file, self._quiet, self._joined = ctx, set(), set()
        return self._quiet, self._joined

    def _allowed(self, path: str) -> bool:
        for prefix in self.opts.get("allowed-paths") or ():
            if path == prefix or path.startswith(prefix if prefix.endswith("/") else prefix + "/"):
                return True
        return False


def _under_root(path: str, exact: bool) -> bool:
    """True for a path equal to (when `exact`) or under one of the shared temporary roots."""
    for root in _ROOTS:
        if (exact and path == root) or path.startswith(root + "/"):
            return True
    return False


def _tmp_path(expr: cst.BaseExpression, ctx, root_ok: bool):
    """The path (or its constant prefix, for built paths) when it lies in a shared temp dir;
    the directory itself counts only when `root_ok`."""
    value = ctx.literal(expr)
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if isinstance(value, str):
        return value if _under_root(value, exact=root_ok) else None
    prefix = _prefix(ctx.value_of(expr), ctx, 0)
    if prefix and _under_root(prefix, exact=False):
        return prefix + "..."
    return None


def _constant_str(expr: cst.BaseExpression, ctx):
    value = ctx.literal(expr)
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return value if isinstance(value, str) else None


def _prefix(expr: cst.BaseExpression, ctx, depth: int):
    """The constant text a string-building expression starts with (possibly empty), else None."""
    if depth > _MAX_DEPTH:
        return None
    constant = _constant_str(expr, ctx)
    if constant is not None:
        return constant
    expr = ctx.value_of(expr)
    if isinstance(expr, cst.FormattedString):
        text = ""
        for part in expr.parts:
            if isinstance(part, cst.FormattedStringText):
                text += part.value.replace("{{", "{").replace("}}", "}")
                continue
            constant = _constant_str(part.expression, ctx) if part.conversion is None and part.format_spec is None else None
            if constant is None:
                return text
            text += constant
        return text
    if isinstance(expr, cst.ConcatenatedString):
        left = _prefix(expr.left, ctx, depth + 1)
        if left is None:
            return None
        left_constant = _constant_str(expr.left, ctx)
        if left_constant is None:
            return left
        right = _prefix(expr.right, ctx, depth + 1)
        return left + (right or "")
    if isinstance(expr, cst.BinaryOperation):
        if isinstance(expr.operator, cst.Add):
            left = _prefix(expr.left, ctx, depth + 1)
            if left is not None and _constant_str(expr.left, ctx) is not None:
                return left + (_prefix(expr.right, ctx, depth + 1) or "")
            return left
        if isinstance(expr.operator, cst.Modulo):
            template = _constant_str(expr.left, ctx)
            return template.split("%", 1)[0] if template is not None else None
        return None
    if isinstance(expr, cst.Call):
        func = expr.func
        if isinstance(func, cst.Attribute) and func.attr.value == "format":
            template = _constant_str(func.value, ctx)
            return template.split("{", 1)[0] if template is not None else None
        if ctx.match(func, _JOIN) is not None:
            first = ctx.positional(expr, 0)
            head = _constant_str(first, ctx) if first is not None else None
            if head is not None and ctx.positional(expr, 1) is not None:
                return head.rstrip("/") + "/"
    return None
