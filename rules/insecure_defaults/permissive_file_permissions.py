from __future__ import annotations

import libcst as cst

from stagewarden.rule import HIGH, LOW, MEDIUM, Invalid, PythonRule

_STAT = {
    "S_ISUID": 0o4000, "S_ISGID": 0o2000, "S_ISVTX": 0o1000,
    "S_IRWXU": 0o700, "S_IRUSR": 0o400, "S_IWUSR": 0o200, "S_IXUSR": 0o100,
    "S_IRWXG": 0o070, "S_IRGRP": 0o040, "S_IWGRP": 0o020, "S_IXGRP": 0o010,
    "S_IRWXO": 0o007, "S_IROTH": 0o004, "S_IWOTH": 0o002, "S_IXOTH": 0o001,
    "S_IREAD": 0o400, "S_IWRITE": 0o200, "S_IEXEC": 0o100,
    "S_IFSOCK": 0o140000, "S_IFLNK": 0o120000, "S_IFREG": 0o100000, "S_IFBLK": 0o060000,
    "S_IFDIR": 0o040000, "S_IFCHR": 0o020000, "S_IFIFO": 0o010000,
}
_STAT_NAMES = frozenset(f"stat.{name}" for name in _STAT)

# chmod-like calls: the mode is applied as given. (keyword, position) of the mode.
_CHMOD = {
    "os.chmod": ("mode", 1),
    "os.fchmod": ("mode", 1),
    "os.lchmod": ("mode", 1),
}
# Creating calls: the mode is filtered through the process umask. (keyword, position, default mode).
_CREATE = {
    "os.open": ("mode", 2, 0o777),
    "os.makedirs": ("mode", 1, 0o777),
    "os.mkdir": ("mode", 1, 0o777),
    "os.mkfifo": ("mode", 1, 0o666),
    "os.mknod": ("mode", 1, 0o600),
}
_UMASK = frozenset(["os.umask"])
_PATH_CLASSES = ("pathlib.Path", "pathlib.PosixPath", "pathlib.WindowsPath")
_WORLD_WRITABLE = 0o002
_MAX_DEPTH = 8


class PermissiveFilePermissions(PythonRule):
    """
    ## What it does
    Finds files and directories made writable by every user: a mode with the "others may
    write" bit (`0o002`, `stat.S_IWOTH`) given to `os.chmod()`, `os.fchmod()`, `os.lchmod()`,
    `Path.chmod()`, or to `os.open()`, `os.makedirs()`, `os.mkdir()`, `os.mkfifo()`,
    `os.mknod()` when they create it, and `os.umask()` calls that stop masking that bit
    (`os.umask(0)`). Modes are evaluated from integer literals (`0o777`, `511`), module
    constants and `stat.S_I*` combinations joined with `|` or `+`.

    `.chmod(mode)` on an object the rule cannot trace is reported with medium confidence.
    A mode passed to a creating call is filtered through the process umask, so those
    findings have medium confidence, and low when the mode written is the call's own default
    (`os.makedirs(path, mode=0o777)`). `os.open(path, flags, 0o666)` is not reported: it is
    what every plain `open()` asks for.

    ## Why is this bad?
    Any local user or compromised service can replace the contents of a world-writable
    file: scripts and configuration get code injected into them, data gets tampered with,
    and a world-writable directory lets others delete or swap the files in it (CWE-732).
    `os.umask(0)` makes every file the process creates afterwards world-writable unless
    each call passes a strict mode.

    ## Example
    ```python
    import os

    os.chmod("/srv/app/config.yml", 0o777)
    ```

    ## Use instead
    ```python
    import os
    import stat

    os.chmod("/srv/app/config.yml", stat.S_IRUSR | stat.S_IWUSR)  # 0o600
    ```

    ## Options
    None.

    ## Fix safety
    No fix is offered: which users need access to the file is a deployment decision.

    ## References
    - [CWE-732: Incorrect Permission Assignment for Critical Resource](https://cwe.mitre.org/data/definitions/732.html)
    - [Python: os.chmod](https://docs.python.org/3/library/os.html#os.chmod)
    - [Python: os.umask](https://docs.python.org/3/library/os.html#os.umask)
    - [Python: stat permission constants](https://docs.python.org/3/library/stat.html#stat.S_IRWXU)
    """

    id = "SW129"
    name = "permissive-file-permissions"
    summary = "file or directory made writable by every user"
    hint = "use a mode without the world-write bit, such as 0o600 for files or 0o755 for directories"
    severity = HIGH
    confidence = HIGH
    cwe = (732,)
    tags = ("filesystem", "permissions")
    bandit = ("B103",)
    ruff = ("S103",)
    # The member names: `os.open` needs `open` (its only other necessary word is `os`).
    triggers = ("chmod", "fchmod", "lchmod", "umask", "open", "makedirs", "mkdir", "mkfifo", "mknod")

    VALID = [
        # os.open() given the mode every open() uses: the umask decides.
        "import os\nfd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o666)\n",
        "import os\nos.chmod(path, 0o600)\nos.chmod(path, 0o644)\nos.chmod(path, 0o755)\n",
        "import os, stat\nos.chmod(path, stat.S_IRUSR | stat.S_IWUSR)\n",
        "import os\nos.chmod(path, mode)\n",
        "import os\nos.chmod(path, current.st_mode | 0o100)\n",
        "import os\nos.umask(0o077)\nos.umask(0o022)\n",
        # Reading the current umask: set it to 0, keep the old value, put it back.
        "import os\ncurrent = os.umask(0)\nos.umask(current)\n",
        "import os\nos.makedirs(path, 0o750, exist_ok=True)\nfd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)\n",
        # Not os.chmod: a project's helper, and an SFTP client's chmod(path, mode).
        "def chmod(path, mode):\n    pass\nchmod('x', 0o777)\n",
        "def fix(sftp):\n    sftp.chmod('/srv/x', 0o777)\n",
        "import pathlib\npathlib.Path('x').chmod(0o644)\n",
        "import os\nMODE = 0o640\nos.chmod(path, MODE)\n",
        "import os\ndef f(mode=0o777):\n    os.chmod(path, mode)\n",
    ]
    INVALID = [
        Invalid("import os\nos.chmod('/srv/app/run.sh', 0o777)\n", 2),
        Invalid("import os as o\no.chmod(path, 511)\n", 2),
        Invalid("from os import chmod as set_mode\nset_mode(path, 0o666)\n", 2),
        Invalid("from os import *\nchmod(path, 0o777)\n", 2),
        Invalid("import os, stat\nos.chmod(path, stat.S_IRWXU | stat.S_IRWXG | stat.S_IRWXO)\n", 2),
        Invalid("import os\nfrom stat import S_IRUSR, S_IWUSR, S_IWOTH\nos.chmod(path, S_IRUSR | S_IWUSR | S_IWOTH)\n", 3),
        Invalid("import os\nMODE = 0o777\nos.chmod(path, MODE)\n", 3),
        Invalid("import os\nos.chmod(path, **{'mode': 0o777})\n", 2),
        Invalid("import os\nos.fchmod(\n    fd,\n    0o757,\n)\n", 4),
        Invalid("import pathlib\np = pathlib.Path('/srv/data')\np.chmod(0o777)\n", 3),
        Invalid("def share(path):\n    path.chmod(0o777)\n", 2),
        Invalid("import os\nos.umask(0)\n", 2),
        Invalid("import os\nos.makedirs('/srv/shared', mode=0o777, exist_ok=True)\nos.mkdir(d, 0o773)\n", 2, 3),
        Invalid("import os\nfd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o767)\n", 2),
        Invalid("import os\nos.mknod(path, 0o666)\nos.mkfifo(path, 0o622)\nos.lchmod(path, 511)\n", 2, 3, 4),
    ]

    def visit_Call(self, node: cst.Call, ctx) -> None:
        func = node.func
        if not isinstance(func, (cst.Name, cst.Attribute)) or not node.args:
            return
        name = ctx.match(func, _CHMOD)
        if name is not None:
            keyword, index = _CHMOD[name]
            self._check_mode(ctx, node, ctx.argument(node, keyword, index), name)
            return
        name = ctx.match(func, _CREATE)
        if name is not None:
            keyword, index, default = _CREATE[name]
            mode = ctx.argument(node, keyword, index)
            value = _evaluate(mode, ctx) if mode is not None else None
            if name == "os.open" and value == 0o666:
                return  # what every open() asks for: the umask decides
            if value is not None and value & _WORLD_WRITABLE:
                # Written out, even the default says "shared with everyone"; the umask may still save it.
                confidence = LOW if value == default else MEDIUM
                self.report(ctx, _site(node, mode), f"world-writable mode before the umask applies ({_octal(value)} in {name}())",
                            confidence=confidence)
            return
        if ctx.match(func, _UMASK) is not None:
            self._check_umask(node, ctx)
            return
        if isinstance(func, cst.Attribute) and func.attr.value in ("chmod", "lchmod"):
            self._check_method(node, ctx)

    def _check_method(self, node: cst.Call, ctx) -> None:
        qualname = ctx.qualname(node.func)
        if qualname is not None:
            receiver = qualname.rsplit(".", 1)[0]
            if not receiver.startswith(_PATH_CLASSES):
                return
            confidence = None
        else:
            # An object we cannot trace: only the pathlib signature, `.chmod(mode)`.
            if ctx.positional(node, 1) is not None:
                return
            confidence = MEDIUM
        mode = ctx.argument(node, "mode", 0)
        self._check_mode(ctx, node, mode, f"{node.func.attr.value}", confidence=confidence)

    def _check_mode(self, ctx, node: cst.Call, mode, where: str, confidence=None) -> None:
        if mode is None:
            return
        value = _evaluate(mode, ctx)
        if value is not None and value & _WORLD_WRITABLE:
            self.report(ctx, _site(node, mode), f"world-writable file mode ({_octal(value)} in {where}())", confidence=confidence)

    def _check_umask(self, node: cst.Call, ctx) -> None:
        mask = ctx.argument(node, "mask", 0)
        value = _evaluate(mask, ctx) if mask is not None else None
        if value is None or value & _WORLD_WRITABLE:
            return
        # `old = os.umask(0)` followed by `os.umask(old)` is how the current umask is read
        # (os has no getter before Python 3.13's process API): keeping the result means that.
        statement = ctx.statement
        kept = (
            isinstance(statement, cst.SimpleStatementLine)
            and any(isinstance(small, (cst.Assign, cst.AnnAssign)) and small.value is node for small in statement.body)
        )
        if kept:
            return
        self.report(ctx, node, f"umask leaves new files world-writable (os.umask({_octal(value)}))", severity=MEDIUM,
                    hint="use a umask that masks the world-write bit, such as 0o022 or 0o077")


def _octal(value: int) -> str:
    return f"0o{value:03o}"


def _site(call: cst.Call, value: cst.BaseExpression) -> cst.CSTNode:
    """The argument itself, or the call when the value came from a `**mapping` bound elsewhere."""
    return value if any(arg.value is value for arg in call.args) else call


def _evaluate(expr: cst.BaseExpression, ctx, depth: int = 0):
    """The integer a mode expression evaluates to, or None when it is not known."""
    if depth > _MAX_DEPTH:
        return None
    value = ctx.literal(expr)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    name = ctx.match(expr, _STAT_NAMES)
    if name is not None:
        return _STAT[name[len("stat."):]]
    expr = ctx.value_of(expr)
    if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, (cst.BitOr, cst.Add)):
        left = _evaluate(expr.left, ctx, depth + 1)
        right = _evaluate(expr.right, ctx, depth + 1) if left is not None else None
        if left is None or right is None:
            return None
        return left | right if isinstance(expr.operator, cst.BitOr) else left + right
    return None
