"""Git plumbing: the repository root, the files git tracks, and walking directories the way
git sees them (honouring .gitignore). Always NUL-separated output (`-z`), never parsed porcelain."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

class GitError(Exception):
    """A git question that has no answer here (an unknown --base ref); reported as a usage error."""


_NO_GIT_DIRS = frozenset({".git", ".hg", ".svn", ".venv", "venv", "__pycache__", "node_modules", ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".stagewarden_cache", "build", "dist", "site-packages"})


def _git(args: list[str], cwd: Path) -> bytes | None:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None


def toplevel(cwd: Path) -> Path | None:
    out = _git(["rev-parse", "--show-toplevel"], cwd)
    return Path(out.decode().strip()) if out else None


def tracked_files(root: Path) -> list[str]:
    """The files git tracks under `root` (the index), as paths joined to `root`.

    Paths are plain strings throughout file discovery: building a Path object for each of
    thousands of files costs more than everything else a cached run does."""
    out = _git(["ls-files", "-z", "--cached", "--", "."], root)
    if out is None:
        return []
    base = str(root)
    return [os.path.join(base, name) for name in out.decode("utf-8", "surrogateescape").split("\0") if name]


def _ignored(path: Path) -> bool:
    """A directory the user names explicitly is checked even if git ignores it as a whole."""
    try:
        result = subprocess.run(["git", "check-ignore", "-q", str(path)], cwd=path, capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0


def files_under(directory: Path) -> list[str]:
    """Files in a directory: tracked plus untracked-but-not-ignored inside a git work tree,
    else a plain walk that skips the usual virtualenv, cache and build folders."""
    if toplevel(directory) is not None and not _ignored(directory):
        out = _git(["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."], directory)
        if out is not None:
            names = {name for name in out.decode("utf-8", "surrogateescape").split("\0") if name}
            joined = (os.path.join(str(directory), name) for name in sorted(names))
            return [path for path in joined if os.path.isfile(path)]
    found = []
    for current, dirs, files in os.walk(directory):
        dirs[:] = [d for d in dirs if d not in _NO_GIT_DIRS and not d.endswith(".egg-info")]
        found.extend(os.path.join(current, name) for name in files)
    return found


def changed_files(root: Path, base: str) -> list[str]:
    """Files added, copied, modified or renamed between `base` and the work tree, plus
    untracked files that are not ignored: what a change since `base` touches."""
    out = _git(["diff", "--name-only", "-z", "--diff-filter=ACMR", base, "--"], root)
    if out is None:
        raise GitError(f"--base {base}: not a commit git knows here")
    names = {name for name in out.decode("utf-8", "surrogateescape").split("\0") if name}
    others = _git(["ls-files", "-z", "--others", "--exclude-standard"], root) or b""
    names.update(name for name in others.decode("utf-8", "surrogateescape").split("\0") if name)
    return [os.path.join(str(root), name) for name in sorted(names)]
