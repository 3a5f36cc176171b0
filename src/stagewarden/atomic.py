"""Writing a file so that readers see the old content or the new, never half of it.

pre-commit runs hook processes in parallel over the same caches, and `--fix` rewrites files
users have open: every write goes to a temporary file in the same directory, renamed into place.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: str | bytes, mode: int | None = None) -> None:
    """Replace `path` with `data` (text as UTF-8); `mode` sets the new file's permission bits.
    Raises OSError like any write; the temporary file never stays behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
