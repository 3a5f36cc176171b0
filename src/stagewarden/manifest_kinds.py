"""Which files are dependency manifests, by name alone: a module of its own because every
run of the dependencies family asks it of every file, and most files are not manifests
(the parsers in dependency_manifests.py, with packaging, are imported only for those)."""

from __future__ import annotations

import re

_EXACT = {"pyproject.toml": "pyproject", "setup.cfg": "setup.cfg", "Pipfile": "pipfile", "uv.lock": "uv.lock",
          "poetry.lock": "poetry.lock", "pylock.toml": "pylock", "pdm.lock": "pdm.lock", "Pipfile.lock": "pipfile.lock"}
_NAMED_PYLOCK = re.compile(r"pylock\.[^.]+\.toml")  # PEP 751's named lock files


def manifest_kind(path: str) -> str | None:
    """Which format a repository-relative POSIX path holds, None when it is no manifest read here."""
    parts = path.split("/")
    name, lower = parts[-1], parts[-1].lower()
    if name in _EXACT:
        return _EXACT[name]
    if _NAMED_PYLOCK.fullmatch(name):
        return "pylock"
    in_requirements_folder = "requirements" in (part.lower() for part in parts[:-1])
    if lower.endswith((".txt", ".in")) and ("requirements" in lower or in_requirements_folder):
        return "requirements"
    if lower.endswith(".txt") and "constraint" in lower:
        return "requirements"
    return None


__all__ = ["manifest_kind"]
