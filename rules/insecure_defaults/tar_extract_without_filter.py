from __future__ import annotations

import libcst as cst

from stagewarden.findings import FixSafety
from stagewarden.rule import HIGH, MEDIUM, Invalid, NodeFix, PythonRule

_OPENERS = ("open", "TarFile", "TarFile.open", "TarFile.taropen", "TarFile.gzopen", "TarFile.bz2open",
            "TarFile.xzopen", "TarFile.zstopen")
_EXTRACTALL = frozenset(f"tarfile.{opener}().extractall" for opener in _OPENERS)
_EXTRACT = frozenset(f"tarfile.{opener}().extract" for opener in _OPENERS)
_TAR_CALLS = _EXTRACTALL | _EXTRACT
_OPENER_NAMES = frozenset(f"tarfile.{opener}" for opener in _OPENERS)
_UNPACK = frozenset(["shutil.unpack_archive"])
_FULLY_TRUSTED = frozenset(["tarfile.fully_trusted_filter"])
_ZIP_FORMATS = ("zip",)


class TarExtractWithoutFilter(PythonRule):
    """
    ## What it does
    Finds tar archives extracted without an extraction filter: `extractall()` and
    `extract()` on a `tarfile.open()` / `tarfile.TarFile()` object (also through
    `with tarfile.open(p) as tar:`) called without `filter=`, or with
    `filter="fully_trusted"`, and `shutil.unpack_archive()` without `filter=` (medium
    severity and confidence: the archive may turn out to be a zip file, which is safe).

    Left alone: `filter="data"` / `"tar"` / `tarfile.data_filter` and any filter the rule
    cannot evaluate, an explicit `members=` list (the caller chose what to extract; but
    `members=tar.getmembers()`, `list(tar)` or `tar`, the archive's own complete list, filters
    nothing and is reported like a missing filter),
    `zipfile.ZipFile.extractall()` (zipfile sanitizes member names), and objects that
    cannot be traced to `tarfile`.

    ## Why is this bad?
    A tar member can be named `../../home/user/.bashrc` or `/etc/cron.d/job`, or be a
    symbolic or hard link pointing outside the target directory, so extracting an archive
    from someone else can overwrite any file the process can write (path traversal,
    CWE-22; CVE-2007-4559). Before Python 3.14 `tarfile` applies no filter by default.
    The extraction filters of PEP 706 (Python 3.12, and the 3.8.17 / 3.9.17 / 3.10.12 /
    3.11.4 security releases) refuse such members.

    ## Example
    ```python
    import tarfile

    with tarfile.open(upload) as tar:
        tar.extractall(target)
    ```

    ## Use instead
    ```python
    import tarfile

    with tarfile.open(upload) as tar:
        tar.extractall(target, filter="data")
    ```

    ## Options
    None.

    ## Fix safety
    The fix adds `filter="data"` (or replaces `"fully_trusted"` with `"data"`). It is unsafe:
    the `data` filter refuses links outside the target, device files and absolute names, and
    clears some permission bits, so an archive that relied on them extracts differently; the
    `filter` argument also needs a Python version from the list above.

    ## References
    - [CWE-22: Improper Limitation of a Pathname to a Restricted Directory](https://cwe.mitre.org/data/definitions/22.html)
    - [Python: tarfile extraction filters](https://docs.python.org/3/library/tarfile.html#tarfile-extraction-filter)
    - [PEP 706: Filter for tarfile.extractall](https://peps.python.org/pep-0706/)
    - [Python: shutil.unpack_archive](https://docs.python.org/3/library/shutil.html#shutil.unpack_archive)
    """

    id = "SW130"
    name = "tar-extract-without-filter"
    summary = "tar archive extracted without an extraction filter"
    hint = 'pass filter="data" (Python 3.12+, or a 3.8-3.11 security release with PEP 706)'
    severity = HIGH
    confidence = HIGH
    cwe = (22,)
    tags = ("filesystem", "path-traversal")
    fix_safety = FixSafety.UNSAFE
    bandit = ("B202",)
    ruff = ("S202",)
    triggers = ("tarfile", "unpack_archive")

    VALID = [
        "import tarfile\nwith tarfile.open(p) as tar:\n    tar.extractall(d, filter='data')\n",
        "import tarfile\ntar = tarfile.open(p)\ntar.extractall(d, filter='tar')\n",
        "import tarfile\ntar = tarfile.open(p)\ntar.extractall(d, filter=tarfile.data_filter)\n",
        "import tarfile\ndef unpack(p, d, policy):\n    tarfile.open(p).extractall(d, filter=policy)\n",
        "import zipfile\nwith zipfile.ZipFile(p) as z:\n    z.extractall(d)\n",
        "def unpack(archive, d):\n    archive.extractall(d)\n",
        "import tarfile\ntar = tarfile.open(p)\ntar.extractall(d, members=safe_members(tar))\n",
        "import tarfile\ntar = tarfile.open(p)\ntar.extractall(d, [m for m in tar if m.isfile()])\n",
        "import tarfile\ndef unpack(p, d, **options):\n    tarfile.open(p).extractall(d, **options)\n",
        "import shutil\nshutil.unpack_archive(p, d, filter='data')\n",
        "import shutil\nshutil.unpack_archive(p, d, format='zip')\nshutil.unpack_archive('bundle.zip', d)\n",
        "import tarfile\nclass Archive:\n    def extractall(self, d):\n        pass\nArchive().extractall(d)\n",
        # Every member, but with a filter; and another archive's members.
        "import tarfile\nwith tarfile.open(p) as tar:\n    tar.extractall(d, members=tar.getmembers(), filter='data')\n",
        "import tarfile\nwith tarfile.open(p) as tar, tarfile.open(q) as other:\n    tar.extractall(d, members=other.getmembers())\n",
    ]
    INVALID = [
        Invalid("import tarfile\nwith tarfile.open(upload) as tar:\n    tar.extractall(target)\n", 3),
        Invalid("import tarfile as tf\ntar = tf.open(p, 'r:gz')\ntar.extractall()\n", 3),
        Invalid("from tarfile import open as open_tar\nopen_tar(p).extractall(d)\n", 2),
        Invalid("from tarfile import *\nwith TarFile.gzopen(p) as tar:\n    tar.extractall(d)\n", 3),
        Invalid("from os.path import *\nfrom tarfile import *\ntar = TarFile.open(join(base, name))\ntar.extractall(d)\n", 4),
        Invalid("import tarfile\nTRUST = 'fully_trusted'\ntarfile.open(p).extractall(d, filter=TRUST)\n", 3),
        Invalid("import tarfile\ntar = tarfile.TarFile(p)\ntar.extractall(d, **{'filter': tarfile.fully_trusted_filter})\n", 3),
        Invalid("import tarfile\ntar = tarfile.TarFile.open(p)\nfor member in tar.getmembers():\n    tar.extract(member, d)\n", 4),
        Invalid("import tarfile\nclass Unpacker:\n    def __init__(self, p):\n        self.tar = tarfile.open(p)\n    def run(self, d):\n        self.tar.extractall(\n            path=d,\n            numeric_owner=True,\n        )\n", 6),
        Invalid("import shutil\nshutil.unpack_archive(upload, target)\n", 2),
        Invalid("import tarfile\ndef f(p, d):\n    with tarfile.open(p) as tar:\n        tar.extractall(d, filter=None)\n", 4),
        # members= that lists every member of the archive filters nothing.
        Invalid("import tarfile\nwith tarfile.open(upload) as tar:\n    tar.extractall(dest, members=tar.getmembers())\n", 3),
        Invalid("import tarfile\ntar = tarfile.open(p)\ntar.extractall(d, list(tar))\ntar.extractall(d, members=tar)\n", 3, 4),
        Invalid("import tarfile\ntar = tarfile.open(p)\nmembers = tar.getmembers()\ntar.extractall(d, members=members)\n", 4),
        Invalid("import tarfile\nclass Unpacker:\n    def __init__(self, p):\n        self.tar = tarfile.open(p)\n"
                "    def run(self, d):\n        self.tar.extractall(d, members=self.tar.getmembers())\n", 6),
    ]

    def visit_Call(self, node: cst.Call, ctx) -> None:
        func = node.func
        if isinstance(func, cst.Attribute):
            method = func.attr.value
            if method in ("extractall", "extract"):
                if ctx.match(func, _TAR_CALLS) is not None or _opened_by_tarfile(func.value, ctx):
                    self._check_tar(node, func.value, ctx, extractall=method == "extractall")
                return
            if method != "unpack_archive":
                return
        elif not isinstance(func, cst.Name):
            return
        if ctx.match(func, _UNPACK) is not None:
            self._check_unpack(node, ctx)

    def _check_tar(self, node: cst.Call, archive: cst.BaseExpression, ctx, extractall: bool) -> None:
        method = "extractall" if extractall else "extract"
        if extractall:
            members = ctx.argument(node, "members", 1)
            if members is not None:
                if not _every_member(members, archive, ctx):
                    return  # the caller chose what to extract
                method = "extractall; members= lists every member"
        if self._check_filter(node, ctx):
            return
        confidence = None
        if not extractall and ctx.is_constant_string(ctx.argument(node, "member", 0)):
            confidence = MEDIUM  # one member chosen by name
        self.report(ctx, node, f"tar archive extracted without an extraction filter ({method})",
                    confidence=confidence, fix=_add_filter(node, ctx.module))

    def _check_unpack(self, node: cst.Call, ctx) -> None:
        if self._check_filter(node, ctx, severity=MEDIUM, confidence=MEDIUM):
            return
        archive_format = ctx.literal(ctx.argument(node, "format", 2))
        if isinstance(archive_format, str) and archive_format in _ZIP_FORMATS:
            return
        filename = ctx.literal(ctx.argument(node, "filename", 0))
        if isinstance(filename, str) and filename.lower().endswith(".zip"):
            return
        self.report(ctx, node, "archive unpacked without an extraction filter (shutil.unpack_archive)",
                    severity=MEDIUM, confidence=MEDIUM, fix=_add_filter(node, ctx.module))

    def _check_filter(self, node: cst.Call, ctx, severity=None, confidence=None) -> bool:
        """True when the call is handled: a filter is given (bad ones are reported) or may be hidden."""
        value = ctx.keyword(node, "filter")
        if value is None:
            return ctx.has_star_args(node)
        literal = ctx.literal(value)
        if literal in ("fully_trusted", None) or ctx.match(value, _FULLY_TRUSTED) is not None:
            if literal == "fully_trusted":
                spelling = '"fully_trusted"'
            else:
                spelling = "None" if literal is None else "tarfile.fully_trusted_filter"
            direct = any(arg.keyword is not None and arg.value is value for arg in node.args)
            # Through `**mapping`: report on the call (the mapping may sit on another line) and
            # leave a shared mapping unchanged.
            fix = None
            if direct:
                fix = NodeFix('use filter="data"', FixSafety.UNSAFE, ((value, cst.SimpleString('"data"')),))
            self.report(ctx, value if direct else node,
                        f"tar archive extracted without a safe extraction filter (filter={spelling})",
                        severity=severity, confidence=confidence, fix=fix)
        return True


def _every_member(members: cst.BaseExpression, archive: cst.BaseExpression, ctx, depth: int = 0) -> bool:
    """`members=` that selects nothing: the archive's own `getmembers()`, `list(tar)`, `tar`."""
    if depth > 4:
        return False
    members = ctx.value_of(members)
    if _same_object(members, archive, ctx):
        return True
    if not isinstance(members, cst.Call) or len(members.args) > 1:
        return False
    func = members.func
    if isinstance(func, cst.Attribute) and func.attr.value == "getmembers" and not members.args:
        return _same_object(func.value, archive, ctx)
    if len(members.args) == 1 and not members.args[0].keyword and not members.args[0].star:
        if ctx.qualname(func) in ("builtins.list", "builtins.tuple", "builtins.iter"):
            return _every_member(members.args[0].value, archive, ctx, depth + 1)
    return False


def _same_object(expr: cst.BaseExpression, archive: cst.BaseExpression, ctx) -> bool:
    """The same archive object: the same name or attribute chain (`tar`, `self.tar`), or the
    same opener call a name was bound to."""
    if expr.deep_equals(archive):
        return True
    left, right = ctx.value_of(expr), ctx.value_of(archive)
    return left is right and isinstance(left, cst.Call)


def _opened_by_tarfile(receiver: cst.BaseExpression, ctx) -> bool:
    """The receiver is the result of a tarfile opener, followed by hand.

    ctx.qualname applies a star import to a name bound to a call (`tar = TarFile.gzopen(p)`)
    only when the file has a single `from M import *`; ctx.match on the call's own function
    tries every star-imported module.
    """
    receiver = ctx.value_of(receiver)
    return isinstance(receiver, cst.Call) and ctx.match(receiver.func, _OPENER_NAMES) is not None


def _add_filter(node: cst.Call, module: cst.Module) -> NodeFix:
    if node.args:
        last = node.args[-1].value
        replacement = ((last, f'{module.code_for_node(last)}, filter="data"'),)
    else:
        new = node.with_changes(args=(cst.Arg(cst.SimpleString('"data"'), keyword=cst.Name("filter"),
                                              equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace(""))),))
        replacement = ((node, new),)
    return NodeFix('add filter="data"', FixSafety.UNSAFE, replacement)
