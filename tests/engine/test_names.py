"""The shared name tracker: what each call resolves to, as every rule sees it."""

from __future__ import annotations

import pytest

from stagewarden.engine import Engine
from stagewarden.rule import PythonRule


class CallProbe(PythonRule):
    """Reports every call with the qualified name it resolves to (a test-only rule)."""

    id, name, summary, triggers = "SW198", "call-probe", "probe", ("probe",)

    def visit_Call(self, node, ctx):
        self.report(ctx, node, str(ctx.qualname(node.func)))


class KeywordProbe(PythonRule):
    id, name, summary, triggers = "SW197", "keyword-probe", "probe", ("probe",)

    def visit_Call(self, node, ctx):
        if ctx.qualname(node.func) == "m.probe":
            self.report(ctx, node, repr(ctx.literal(ctx.keyword(node, "flag"))))


def resolve(code: str, rule=CallProbe) -> list[str]:
    outcome = Engine([rule()]).check_bytes(("# probe\n" + code).encode(), "a.py")
    return [f.message for f in sorted(outcome.findings, key=lambda f: (f.line, f.column))]


@pytest.mark.parametrize(
    "code, expected",
    [
        ("import yaml as y\ny.load(s)\n", "yaml.load"),
        ("from requests import get as g\ng(u)\n", "requests.get"),
        ("import os.path\nos.path.join(a)\n", "os.path.join"),
        ("import xml.etree.ElementTree as ET\nET.parse(f)\n", "xml.etree.ElementTree.parse"),
        ("from xml.etree import ElementTree\nElementTree.parse(f)\n", "xml.etree.ElementTree.parse"),
        ("import requests\ns = requests.Session()\ns.get(u)\n", "requests.Session().get"),
        ("import requests\nwith requests.Session() as s:\n    s.get(u)\n", "requests.Session().get"),
        ("import requests\nclass C:\n    def __init__(self):\n        self.s = requests.Session()\n    def f(self):\n        self.s.get(u)\n", "requests.Session().get"),
        ("eval(x)\n", "builtins.eval"),
        ("def eval(x): pass\neval(x)\n", "None"),
        ("from . import helpers\nhelpers.run()\n", ".helpers.run"),
        ("import subprocess\ndef f(subprocess):\n    subprocess.run(x)\n", "None"),
        ("def f():\n    return yaml.load(s)\nimport yaml\n", "yaml.load"),
        ("import ssl\nclass A:\n    def __init__(self):\n        self.m = ssl.CERT_NONE\nclass B:\n    def f(self):\n        self.m.g()\n", "None"),
        ("import requests\nclass Api:\n    session = requests.Session()\n    def f(self):\n        self.session.get(u)\n", "requests.Session().get"),
        ("from paramiko import *\nssh = SSHClient()\nssh.exec_command(c)\n", "paramiko.SSHClient().exec_command"),
    ],
)
def test_qualified_names(code, expected):
    assert resolve(code)[-1] == expected


def test_star_import_candidates():
    from stagewarden.context import FileContext  # noqa: F401 - the match API is what rules use

    class StarProbe(PythonRule):
        id, name, summary, triggers = "SW196", "star-probe", "probe", ("probe",)

        def visit_Call(self, node, ctx):
            self.report(ctx, node, str(ctx.match(node.func, {"subprocess.Popen", "os.system"})))

    assert resolve("from subprocess import *\nPopen(x)\n", StarProbe) == ["subprocess.Popen"]
    assert resolve("from os import *\nfrom subprocess import *\nsystem(x)\n", StarProbe) == ["os.system"]
    assert resolve("from subprocess import *\ndef Popen(x): pass\nPopen(x)\n", StarProbe) == ["None"]


@pytest.mark.parametrize(
    "code, expected",
    [
        ("import m\nm.probe(flag=False)\n", "False"),
        ("import m\nFLAG = False\nm.probe(flag=FLAG)\n", "False"),
        ("import m\ndef f():\n    m.probe(flag=FLAG)\nFLAG = 0o777\n", "511"),
        ("import m\nm.probe(**{'flag': 'x', 'other': 1})\n", "'x'"),
        ("import m\nOPTS = {'flag': True}\nm.probe(**OPTS)\n", "True"),
        ("import m\nm.probe(**dict(flag=-3))\n", "-3"),
        ("import m\nFLAG = False\ndef f(FLAG=True):\n    m.probe(flag=FLAG)\n", "UNKNOWN"),
        ("import m\nm.probe(flag=compute())\n", "UNKNOWN"),
        ("import m\nm.probe(other=1)\n", "UNKNOWN"),
        ("import m\nflag = 'a'\nflag += 'b'\nm.probe(flag=flag)\n", "UNKNOWN"),
        ("import m\ndef f(**kw):\n    kw = {**kw, 'x': 1}\n    m.probe(**kw)\n", "UNKNOWN"),
        # A function sees the module's final binding; module-level code sees the current one.
        ("import m\nFLAG = 'ls'\ndef f():\n    m.probe(flag=FLAG)\nFLAG = input()\n", "UNKNOWN"),
        ("import m\nFLAG = 1\nm.probe(flag=FLAG)\nFLAG = 2\n", "1"),
    ],
)
def test_literal_values_through_constants_and_keyword_dicts(code, expected):
    assert resolve(code, KeywordProbe) == [expected]


def test_a_value_from_elsewhere_is_reported_where_it_is_used():
    from stagewarden.registry import builtin_rules

    rule = next(r for r in builtin_rules() if r.id == "SW101")
    code = "import requests\nOPTS = {'verify': False}\n\nrequests.get(url, timeout=5, **OPTS)  # stagewarden: ignore[SW101]\nrequests.post(url, timeout=5, **OPTS)\n"
    outcome = Engine([rule()]).check_bytes(code.encode(), "a.py")
    assert [f.line for f in outcome.findings] == [5] and outcome.suppressed == 1


def test_opaque_keyword_mappings_hide_arguments():
    from stagewarden.context import FileContext
    import libcst as cst

    def star(code):
        module = cst.parse_module(code)
        ctx = FileContext("a.py", module)
        call = module.body[-1].body[0].value
        return ctx.has_star_args(call)

    assert star("f(x, **options())\n") and star("f(**{**opts})\n") and star("f(*args)\n")
    assert not star("f(**{'a': 1})\n") and not star("f(**dict(a=1))\n") and not star("f(x, y=2)\n")


def test_augmented_string_building_is_followed():
    from stagewarden.context import FileContext
    import libcst as cst
    from stagewarden.walk import collect_module_constants, walk

    code = "def f(c, name):\n    sql = 'SELECT 1 FROM t WHERE 1 = 1'\n    sql += f' AND name = {name}'\n    sql += ' ORDER BY id'\n    c.execute(sql)\n"
    module = cst.parse_module(code)
    ctx = FileContext("a.py", module)
    collect_module_constants(module, ctx)
    seen = []

    class Probe:
        id = "SW194"

        def visit(self, node, ctx):
            if isinstance(node.func, cst.Attribute) and node.func.attr.value == "execute":
                seen.append(ctx.is_constant_string(node.args[0].value))
                seen.append(module.code_for_node(ctx.value_of(node.args[0].value)))

    walk(module, {cst.Call: [Probe().visit]}, ctx)
    assert seen == [False, "'SELECT 1 FROM t WHERE 1 = 1' + f' AND name = {name}' + ' ORDER BY id'"]
