"""Import facts read from source: what the per-file phase records for the project phase."""

from __future__ import annotations

import ast

from stagewarden.imports import ImportFact, collect_imports


def facts(code: str) -> list[ImportFact]:
    return collect_imports(ast.parse(code), code.split("\n"))


def summary(code: str) -> list[tuple]:
    return [(f.kind, f.module, f.level, f.names, f.guard, f.line) for f in facts(code) if f.kind != "attribute"]


def test_statements_relative_and_dynamic_imports():
    code = (
        "import os.path, yaml as y\n"
        "from collections import OrderedDict, abc\n"
        "from . import sibling\n"
        "from ..pkg.mod import thing\n"
        "import importlib\n"
        "m = importlib.import_module('json')\n"
        "n = __import__('xml.dom')\n"
        "skipped = importlib.import_module(name)\n"
        "relative = importlib.import_module('.x', package='p')\n"
    )
    assert summary(code) == [
        ("import", "os.path", 0, (), "", 1),
        ("import", "yaml", 0, (), "", 1),
        ("from", "collections", 0, ("OrderedDict", "abc"), "", 2),
        ("from", "", 1, ("sibling",), "", 3),
        ("from", "pkg.mod", 2, ("thing",), "", 4),
        ("import", "importlib", 0, (), "", 5),
        ("dynamic", "json", 0, (), "", 6),
        ("dynamic", "xml.dom", 0, (), "", 7),
    ]


def test_guards():
    code = (
        "try:\n    import ujson as json\nexcept ImportError:\n    import json\n"
        "try:\n    import a\nexcept KeyError:\n    pass\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    import b\nelse:\n    import c\n"
        "import sys\n"
        "if sys.version_info >= (3, 11):\n    import tomllib\nelse:\n    import tomli as tomllib\n"
        "if sys.platform == 'win32':\n    import winreg\n"
        "def f():\n    try:\n        from d import e\n    except (ValueError, ModuleNotFoundError):\n        e = None\n"
    )
    guards = {f.module: f.guard for f in facts(code)}
    assert guards["ujson"] == guards["json"] == "try"
    assert guards["a"] == "", "a KeyError handler does not make an import optional"
    assert guards["b"] == "type-checking" and guards["c"] == ""
    assert guards["tomllib"] == guards["tomli"] == guards["winreg"] == "platform"
    assert guards["d"] == "try"


def test_attribute_uses_of_imported_modules_only():
    code = (
        "import os\nimport numpy as np\nimport xml.etree.ElementTree as ET\nimport json\n"
        "os.walkdir('.')\nos.walkdir('.')\nnp.array([])\nET.parse('f')\n"
        "json = {}\njson.dumps(1)\n"  # rebound: not the module any more
        "def g(os2):\n    return os2.x\n"
    )
    uses = [(f.module, f.names) for f in facts(code) if f.kind == "attribute"]
    assert uses == [("os", ("walkdir",)), ("numpy", ("array",)), ("xml.etree.ElementTree", ("parse",))]


def test_positions_code_and_round_trip():
    code = "import os\nfrom typing import (\n    Any,\n    List,\n)\n"
    fact = facts(code)[1]
    assert (fact.line, fact.column, fact.end_line, fact.span) == (2, 1, 5, (2, 5))
    assert fact.code.startswith("from typing import (") and fact.code.endswith(")")
    assert ImportFact.from_list(fact.to_list()) == fact


def test_hostile_code_does_not_break_collection():
    deep = "x = " + "[" * 50 + "]" * 50 + "\n"
    assert facts(deep + "import a\n")[0].module == "a"
    assert facts("__import__(42)\n__import__()\n__import__('a b')\nimportlib.import_module(f'{x}')\n") == []


def test_guards_reach_through_nested_statements():
    code = (
        "try:\n"
        "    with open('f') as handle:\n"
        "        import a\n"
        "    class C:\n"
        "        import b\n"
        "        def m(self):\n"
        "            for i in x:\n"
        "                import c\n"
        "except ImportError:\n"
        "    if TYPE_CHECKING:\n"
        "        import d\n"  # the outer guard wins
        "finally:\n"
        "    import e\n"
        "if TYPE_CHECKING:\n    import f\nelif sys.platform == 'win32':\n    import g\n"
        "while True:\n    import h\nelse:\n    import i\n"
    )
    assert [(f.module, f.guard) for f in facts(code)] == [
        ("a", "try"), ("b", "try"), ("c", "try"), ("d", "try"), ("e", ""),
        ("f", "type-checking"), ("g", "platform"), ("h", ""), ("i", ""),
    ]


def test_dynamic_imports_in_any_expression():
    code = (
        "from importlib import import_module as load\n"
        "f = lambda m=__import__('a'): m\n"
        "def g(x=load('b')) -> __import__('c'):\n    pass\n"
        "if __import__('d'):\n    pass\n"
        "try:\n    n = load('e')\nexcept ImportError:\n    pass\n"
        "match command:\n"
        "    case [x] if __import__('f'):\n"
        "        import g\n"
        "    case _:\n"
        "        importlib.import_module('h')\n"
    )
    found = [(f.kind, f.module, f.guard) for f in facts(code) if f.kind == "dynamic"]
    assert sorted(found) == [("dynamic", m, "try" if m == "e" else "") for m in "abcdefh"]
    assert facts("load('x')\n") == [], "a name is only a dynamic import once bound to import_module"


def test_attribute_uses_in_source_order_and_other_bindings():
    code = (
        "import os\nimport re\nimport sys\nimport json\nimport ast\n"
        "def f(*, a, b=os.sep):\n"
        "    if a:\n"
        "        return {**os.environ, 'k': re.compile}\n"
        "os.sep\n"
        "try:\n    pass\nexcept Exception as sys:\n    pass\n"  # a handler name rebinds
        "match p:\n    case {'k': json}:\n        pass\n"  # so does a capture pattern
        "json.dumps\nsys.exit\nast.parse\n"
        "class ast:\n    pass\n"
    )
    uses = [(f.module, f.names, f.line) for f in facts(code) if f.kind == "attribute"]
    assert uses == [("os", ("sep",), 6), ("os", ("environ",), 8), ("re", ("compile",), 8)]


def test_try_else_and_finally_are_not_guarded():
    code = "try:\n    import a\nexcept ImportError:\n    import b\nelse:\n    import c\nfinally:\n    import d\n"
    assert [(f.module, f.guard) for f in facts(code)] == [("a", "try"), ("b", "try"), ("c", ""), ("d", "")]


def test_version_flags_and_names_are_platform_tests():
    code = ("from sys import version_info\nif version_info[:2] >= (3, 11):\n    import a\n"
            "if PY311:\n    import b\nimport sys\nif sys.version < '3.12':\n    import c\nif DEBUG:\n    import d\n")
    assert {f.module: f.guard for f in facts(code)} == {"sys": "", "a": "platform", "b": "platform", "c": "platform", "d": ""}
