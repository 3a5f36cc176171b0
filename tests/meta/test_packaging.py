"""`hooks/` and `rules/` are installed as stagewarden.hooks / stagewarden.rules through a
package-dir remap, so every subpackage must be listed by hand: this keeps the list honest."""

from __future__ import annotations

import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]


def test_every_package_directory_is_listed():
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    remap = {name: ROOT / path for name, path in setuptools["package-dir"].items()}
    on_disk = set()
    for package, directory in remap.items():
        for init in directory.rglob("__init__.py"):
            relative = init.parent.relative_to(directory).parts
            on_disk.add(".".join((package, *relative)))
    assert set(setuptools["packages"]) == on_disk


def test_hook_manifest_matches_console_scripts():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    manifest = (ROOT / ".pre-commit-hooks.yaml").read_text()
    for line in manifest.splitlines():
        if line.strip().startswith("entry:"):
            assert line.split(":", 1)[1].strip() in project["scripts"], line
    for hook_id in ("id: stagewarden", "id: insecure-defaults", "id: insecure-defaults-fix"):
        assert hook_id in manifest
