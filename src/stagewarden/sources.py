"""Reading files the way Python does: bytes first, then PEP 263 / BOM decoding.

Everything that can go wrong with a file (gone, unreadable, binary, undecodable, too big) comes
back as a `SourceProblem` the engine turns into an SW0xx notice, so one bad file never stops a run.
"""

from __future__ import annotations

import io
import os
import tokenize
from dataclasses import dataclass

# Type stubs (.pyi) never run, so no insecure default in them can take effect: not checked.
PYTHON_SUFFIXES = (".py", ".pyw")


@dataclass(frozen=True)
class SourceProblem:
    rule_id: str
    message: str
    line: int = 1


def read_bytes(path: str, max_bytes: int) -> bytes | SourceProblem:
    try:
        size = os.stat(path).st_size
        if size > max_bytes:
            return SourceProblem("SW003", f"file skipped: {size:,} bytes is over the {max_bytes:,}-byte limit")
        with open(path, "rb") as handle:
            return handle.read(max_bytes + 1)
    except FileNotFoundError:
        return SourceProblem("SW004", "file not found (deleted or moved while checking?)")
    except IsADirectoryError:
        return SourceProblem("SW004", "expected a file, found a directory")
    except OSError as error:
        return SourceProblem("SW002", f"file could not be read: {error.strerror or error}")


def looks_binary(data: bytes) -> bool:
    return b"\0" in data[:8192]


def decode_python(data: bytes) -> str | SourceProblem:
    """Decode as the interpreter would: a BOM or a `# -*- coding: ... -*-` line, else UTF-8."""
    if looks_binary(data):
        return SourceProblem("SW002", "file skipped: it looks binary (NUL bytes), not Python source")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError:
        return SourceProblem("SW002", "file skipped: not valid utf-8, and no PEP 263 coding line declares another encoding")
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as error:
        reason = error.reason if isinstance(error, UnicodeDecodeError) else str(error)
        line = data[: getattr(error, "start", 0)].count(b"\n") + 1
        return SourceProblem("SW002", f"file skipped: not valid {encoding} ({reason})", line)


def is_python(path: str, head: bytes) -> bool:
    """Python by extension, or by a `#!...python` first line, as pre-commit's `types: [python]`."""
    if path.endswith(PYTHON_SUFFIXES):
        return True
    if "." in os.path.basename(path):  # any other extension, stubs included
        return False
    first = head.split(b"\n", 1)[0]
    return first.startswith(b"#!") and b"python" in first
