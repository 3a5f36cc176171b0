"""Positions computed per module-level statement equal libcst's whole-file positions."""

from __future__ import annotations

import libcst as cst
import pytest

from stagewarden.engine import _positions, _positions_of_statements

SNIPPETS = [
    "# header comment\n\nimport os\n\n\nx = 1; y = 2\n",
    "@decorator\n# between\n@other(\n    arg,\n)\ndef f(a,\n      b):\n    return a\n",
    "class C:\n    '''doc'''\n\n    def m(self):\n        if x: pass\n        return requests.get(u, verify=False)\n",
    "x = \\\n    1\nif True: a = 1; b = 2\n",
    "import os\r\n\r\nos.system(cmd)\r\n",
    "def f():\n    pass\n\x0c\ndef g():\n    return 1\n",
    "async def f():\n    async with a as b:\n        await c\n\n\n# trailing\n",
    "s = '''multi\nline'''\nt = f'{s!r:>10}'\n",
]


@pytest.mark.parametrize("code", SNIPPETS)
def test_statement_positions_match_whole_file_positions(code):
    module = cst.parse_module(code)
    full = _positions(module)
    partial = _positions_of_statements(module, code, {id(s) for s in module.body})
    assert partial, "every statement is covered"
    for node, where in partial.items():
        assert full[node] == where, type(node).__name__


def test_only_the_wanted_statements_are_generated():
    code = "a = 1\nb = 2\nc = 3\n"
    module = cst.parse_module(code)
    partial = _positions_of_statements(module, code, {id(module.body[1])})
    assert module.body[1] in partial and module.body[0] not in partial and module.body[2] not in partial
    assert partial[module.body[1]].start.line == 2
