"""Positions computed near the findings equal libcst's whole-file positions."""

from __future__ import annotations

import libcst as cst
import pytest

from stagewarden.context import FileContext
from stagewarden.engine import _positions, _positions_near
from stagewarden.rule import PythonRule
from stagewarden.walk import collect_module_constants, walk


class EveryCall(PythonRule):
    id, name, summary, triggers = "SW195", "every-call", "probe", ("x",)

    def visit_Call(self, node, ctx):
        self.report(ctx, node, "call")


SNIPPETS = [
    "# header comment\n\nimport os\n\n\nx = f(1); y = g(2)\n",
    "@decorator(1)\n# between\n@other(\n    arg,\n)\ndef f(a,\n      b):\n    return a(b)\n",
    "class C:\n    '''doc'''\n\n    def m(self):\n        if x: pass\n        return requests.get(u, verify=False)\n",
    "class C:\n    def a(self):\n        return f()\n\n    def b(self):\n        return f()\n",
    "x = \\\n    g(1)\nif True: a = h(1); b = 2\n",
    "import os\r\n\r\nclass K:\r\n    def f(self):\r\n        os.system(cmd)\r\n",
    "def f():\n    pass\n\x0c\ndef g():\n\tif x:\n\t\treturn h(1)\n",
    "async def f():\n    async with a() as b:\n        await c(\n            1,\n        )\n\n\n# trailing\n",
    "s = '''multi\n    return f()\nline'''\ndef g():\n    return f()\n",
    "def f():\n    if a:\n        pass\n    elif b:\n        g()\n    if b:\n        pass\n",
    "class A:\n    @property\n    def a(self):\n        return f()\n\n    @property\n    def b(self):\n        return f()\n",
    "class A:\n    class B:\n        def c(self):\n            # a comment\n\n            x = [\n                call(i) for i in y\n            ]\n",
]


@pytest.mark.parametrize("code", SNIPPETS)
def test_positions_near_findings_match_whole_file_positions(code):
    module = cst.parse_module(code)
    ctx = FileContext("a.py", module)
    collect_module_constants(module, ctx)
    rule = EveryCall()
    walk(module, {cst.Call: [rule.visit_Call]}, ctx)
    assert ctx.raw, "the probe found calls"
    full = _positions(module)
    near = _positions_near(module, code, ctx.raw)
    for raw in ctx.raw:
        assert near[raw.node] == full[raw.node], module.code_for_node(raw.node)
        assert near[raw.statement] == full[raw.statement]


def test_only_the_statements_with_findings_are_generated():
    code = "class A:\n    def f(self):\n        return 1\n\n    def g(self):\n        return x()\n\nb = 2\n"
    module = cst.parse_module(code)
    ctx = FileContext("a.py", module)
    collect_module_constants(module, ctx)
    walk(module, {cst.Call: [EveryCall().visit_Call]}, ctx)
    near = _positions_near(module, code, ctx.raw)
    assert near[ctx.raw[0].node].start.line == 6
    assert module.body[0] not in near and module.body[1] not in near, "neither the class nor b = 2 was generated"
