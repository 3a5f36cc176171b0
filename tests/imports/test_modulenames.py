"""Module names read statically for SW204, and their cache between runs."""

from __future__ import annotations

import os

from helpers import write

from stagewarden.modulenames import ModuleNameCache, module_file, read_module_names


def test_names_in_every_branch_and_what_makes_a_module_dynamic(tmp_path):
    module = write(tmp_path, "m.py", (
        "import os, xml.dom as dom\nfrom json import loads as load_json\n"
        "try:\n    from fast import speedy\nexcept ImportError:\n    speedy = None\n"
        "if os.name == 'nt':\n    def only_windows(): pass\n"
        "for INDEX, VALUE in []:\n    pass\n"
        "with open(__file__) as HANDLE:\n    pass\n"
        "__all__ = ['exported_later']\n"
        "def setter():\n    global CONFIGURED\n    CONFIGURED = True\n"
        "class Thing: pass\n"
    ))
    found = read_module_names(module)
    assert found.names >= {"os", "dom", "load_json", "speedy", "only_windows", "INDEX", "VALUE", "HANDLE",
                           "exported_later", "setter", "CONFIGURED", "Thing"}
    assert not found.dynamic
    for code in ("def __getattr__(name):\n    return 1\n", "globals()['x'] = 1\n", "import sys\nsys.modules[__name__] = object()\n",
                 "from elsewhere import *\n", "exec('x = 1')\n"):
        assert read_module_names(write(tmp_path, "d.py", code)).dynamic, code
    assert read_module_names(write(tmp_path, "broken.py", "def f(:\n")).dynamic, "unreadable means unknown"


def test_star_imports_are_followed_within_the_package(tmp_path):
    write(tmp_path, "pkg/__init__.py", "from .core import *\n")
    write(tmp_path, "pkg/core.py", "def helper(): pass\n")
    path, is_package = module_file(tmp_path, "pkg")
    assert is_package
    follow = lambda module, level: module_file(path.parent, module)[0] if level == 1 else None  # noqa: E731
    found = read_module_names(path, follow)
    assert "helper" in found.names and not found.dynamic and found.stars


def test_cache_is_validated_by_size_and_modification_time(tmp_path):
    module = write(tmp_path, "m.py", "A = 1\n")
    cache = ModuleNameCache(tmp_path / "cache", tmp_path)
    cache.put(module, read_module_names(module))
    cache.save()
    again = ModuleNameCache(tmp_path / "cache", tmp_path)
    assert again.get(module).names == {"A"}
    module.write_text("A = 1\nB = 2\n")
    os.utime(module, ns=(1, 1))
    assert again.get(module) is None, "a changed file is read again"
    assert ModuleNameCache(tmp_path / "elsewhere", tmp_path).get(module) is None
