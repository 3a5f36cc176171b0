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


def commit_exists(root: Path, ref: str) -> bool:
    """Whether `ref` names a commit (or tree) here; False for HEAD in a repository with no commit yet."""
    return _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{tree}}"], root) is not None


def files_at(root: Path, ref: str) -> list[str]:
    """Every file path (repository-relative, `/`-separated) in the tree of `ref`."""
    out = _git(["ls-tree", "-r", "-z", "--name-only", ref], root)
    if out is None:
        return []
    return [name for name in out.decode("utf-8", "surrogateescape").split("\0") if name]


def read_at(root: Path, ref: str, paths: list[str], max_bytes: int = 5 * 1024 * 1024) -> dict[str, bytes]:
    """The contents of `paths` in `ref`, read in one `git cat-file --batch` process; paths
    missing there (or larger than `max_bytes`) are left out."""
    if not paths:
        return {}
    request = "".join(f"{ref}:{path}\n" for path in paths).encode("utf-8", "surrogateescape")
    try:
        result = subprocess.run(["git", "cat-file", "--batch"], cwd=root, input=request, capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return {}
    if result.returncode != 0:
        return {}
    found: dict[str, bytes] = {}
    out, position = result.stdout, 0
    for path in paths:
        end = out.find(b"\n", position)
        if end < 0:
            break
        header = out[position:end].split()
        position = end + 1
        if len(header) != 3 or not header[2].isdigit():
            continue  # "<object> missing"
        size = int(header[2])
        if header[1] == b"blob" and size <= max_bytes:
            found[path] = out[position:position + size]
        position += size + 1
    return found
