"""The project's own Python environment, read statically: which distributions are installed
and which import names each provides.

pre-commit runs a hook in a virtualenv of its own, so what is installed next to stagewarden
says nothing about the project. The project's environment is the one named with `--python`
or `python` in the configuration, else `VIRTUAL_ENV` when it is not the hook's own, else a
`.venv` or `venv` folder in the project. Nothing in it is imported or executed, except that
`--python` naming a plain interpreter (not a virtualenv) is asked for its `sys.path`.
"""

from __future__ import annotations

import glob
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from stagewarden.index.model import normalize_name

_SKIP_TOP = {"__pycache__", "..", "", "bin", "share", "include", "etc", "lib", "Scripts", "egg-info"}
_MODULE_SUFFIXES = (".py", ".so", ".pyd")


@dataclass
class Environment:
    """Installed distributions: `providers` maps an import name or dotted namespace prefix to
    the distributions (PEP 503 names) providing it; `site_packages` the folders read."""

    site_packages: list[Path] = field(default_factory=list)
    providers: dict[str, set[str]] = field(default_factory=dict)
    distributions: set[str] = field(default_factory=set)
    origin: str = ""

    def provider_of(self, module: str) -> tuple[str, ...]:
        """Distributions providing dotted `module`, by its longest known prefix."""
        parts = module.split(".")
        for end in range(len(parts), 0, -1):
            found = self.providers.get(".".join(parts[:end]))
            if found:
                return tuple(sorted(found))
        return ()


def find_environment(root: Path, python: str | None = None, environ: dict | None = None) -> Environment | None:
    """The project's environment (see the module docstring), or None when there is none."""
    environ = os.environ if environ is None else environ
    if python:
        site = _site_packages_of(Path(python).expanduser() if os.path.isabs(os.path.expanduser(python)) else root / python)
        return read_environment(site, f"--python {python}") if site else None
    virtual = environ.get("VIRTUAL_ENV", "").strip()
    if virtual and not _same_path(virtual, sys.prefix):
        site = _venv_site_packages(Path(virtual))
        if site:
            return read_environment(site, "VIRTUAL_ENV")
    for name in (".venv", "venv"):
        candidate = root / name
        if (candidate / "pyvenv.cfg").is_file() and not _same_path(str(candidate), sys.prefix):
            site = _venv_site_packages(candidate)
            if site:
                return read_environment(site, name)
    return None


def read_environment(site_packages: list[Path], origin: str = "") -> Environment:
    environment = Environment(list(site_packages), origin=origin)
    for site in site_packages:
        for info in sorted(site.glob("*.dist-info")) + sorted(site.glob("*.egg-info")):
            dist = normalize_name(info.name.rsplit(".", 1)[0].split("-")[0])
            environment.distributions.add(dist)
            for prefix in import_names(_files_of(info)):
                environment.providers.setdefault(prefix, set()).add(dist)
    return environment


def import_names(paths: list[str]) -> set[str]:
    """Import names a distribution's installed files provide: top-level modules and
    packages, and below a namespace folder (one with no `__init__.py`) the first packages
    or modules in it (`google/cloud/storage/__init__.py` -> google.cloud.storage)."""
    names: set[str] = set()
    packages: set[str] = set()  # dotted folders that have an __init__
    nested: set[str] = set()  # dotted modules inside folders
    for path in paths:
        parts = path.replace("\\", "/").split("/")
        if parts[0] in _SKIP_TOP or parts[0].endswith((".dist-info", ".egg-info", ".data", ".pth")):
            continue
        stem = parts[-1].split(".")[0]
        if not parts[-1].endswith(_MODULE_SUFFIXES) or not stem.isidentifier():
            continue
        if len(parts) == 1:
            names.add(stem)
        elif all(part.isidentifier() for part in parts[:-1]):
            if stem == "__init__":
                packages.add(".".join(parts[:-1]))
            else:
                nested.add(".".join([*parts[:-1], stem]))
    for dotted in packages | nested:
        ancestors = [".".join(dotted.split(".")[:end]) for end in range(1, dotted.count(".") + 1)]
        if not any(ancestor in packages for ancestor in ancestors):
            names.add(dotted)
    return names


def _files_of(info: Path) -> list[str]:
    record = info / "RECORD"
    try:
        if record.is_file():
            return [line.split(",", 1)[0] for line in record.read_text(encoding="utf-8", errors="replace").splitlines()]
        top_level = info / "top_level.txt"
        if top_level.is_file():
            return [f"{name.strip()}/__init__.py" for name in top_level.read_text(errors="replace").split() if name.strip()]
        installed = info / "installed-files.txt"
        if installed.is_file():
            # Paths relative to the .egg-info folder: "../yaml/__init__.py".
            return [os.path.normpath(os.path.join("egg-info", line)).replace(os.sep, "/")
                    for line in installed.read_text(errors="replace").splitlines()]
    except OSError:
        pass
    return []


def _venv_site_packages(env: Path) -> list[Path]:
    found = [Path(p) for p in sorted(glob.glob(str(env / "lib" / "python3*" / "site-packages")))]
    found += [Path(p) for p in sorted(glob.glob(str(env / "lib64" / "python3*" / "site-packages")))]
    windows = env / "Lib" / "site-packages"
    if windows.is_dir():
        found.append(windows)
    return found


def _site_packages_of(python: Path) -> list[Path]:
    """site-packages for `--python`: a virtualenv folder, an interpreter inside one, or any
    interpreter (asked, with a timeout, for its sys.path)."""
    if python.is_dir():
        return _venv_site_packages(python)
    for env in (python.parent.parent, python.parent):
        if (env / "pyvenv.cfg").is_file():
            return _venv_site_packages(env)
    try:
        output = subprocess.run(
            [str(python), "-I", "-c", "import json, sys; print(json.dumps(sys.path))"],
            capture_output=True, text=True, timeout=10, check=True,
        ).stdout
        return [Path(p) for p in json.loads(output) if p.endswith("site-packages") and os.path.isdir(p)]
    except (OSError, subprocess.SubprocessError, ValueError):
        return []


def _same_path(a: str, b: str) -> bool:
    try:
        return os.path.realpath(a) == os.path.realpath(b)
    except OSError:
        return False


__all__ = ["Environment", "find_environment", "import_names", "read_environment"]
