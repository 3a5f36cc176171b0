from __future__ import annotations

import libcst as cst

from stagewarden.rule import HIGH, MEDIUM, Invalid, PythonRule

_RUNNERS = frozenset(["builtins.eval", "builtins.exec"])
_COMPILE = "builtins.compile"
_COMPILE_MODES = frozenset(["exec", "eval", "single"])
# compile() flags that make it return a syntax tree: nothing is run.
_ONLY_AST_FLAGS = frozenset(
    [f"{module}.{flag}" for module in ("ast", "_ast") for flag in ("PyCF_ONLY_AST", "PyCF_OPTIMIZED_AST")]
)
_PYCF_ONLY_AST = 0x400


class EvalExecDynamic(PythonRule):
    """
    ## What it does
    Finds the builtins `eval()` and `exec()` called on code that is not a constant string,
    and `compile(source, filename, "exec" | "eval" | "single")` with a source that is not a
    constant. `eval("1 + 1")` on a constant, `ast.literal_eval()`, and methods that happen to
    be called `eval` (`df.eval()`, `model.eval()`) are left alone, as is a function of your
    own named `eval`, and `compile()` with the `ast.PyCF_ONLY_AST` flag (alone, combined with
    `|`, or the constant 1024), which only builds a syntax tree, like `ast.parse()`.

    ## Why is this bad?
    `eval()` and `exec()` run their argument as Python with the full power of your process:
    an expression like `__import__("os").system("...")` is all an attacker needs if any
    part of the string comes from a request, a file or a database. Passing
    `{"__builtins__": {}}` as globals does not sandbox it; there are well-known escapes.
    `compile()` produces the code object that is then run.

    ## Example
    ```python
    def calculate(expression):
        return eval(expression)
    ```

    ## Use instead
    ```python
    import ast

    def calculate(expression):
        return ast.literal_eval(expression)  # literals only; or write a small parser
    ```

    Replace `exec()`-based plugins or configuration with `importlib` imports of reviewed
    modules, or a data format such as JSON or TOML.

    ## Options
    None.

    ## Fix safety
    No fix is offered: `ast.literal_eval()` accepts only literals, so it is not a drop-in
    replacement.

    ## References
    - [CWE-94: Improper Control of Generation of Code](https://cwe.mitre.org/data/definitions/94.html)
    - [CWE-95: Eval Injection](https://cwe.mitre.org/data/definitions/95.html)
    - [Python documentation: eval()](https://docs.python.org/3/library/functions.html#eval)
    - [Python documentation: ast.literal_eval()](https://docs.python.org/3/library/ast.html#ast.literal_eval)
    - [Eval really is dangerous (Ned Batchelder)](https://nedbatchelder.com/blog/201206/eval_really_is_dangerous.html)
    """

    id = "SW112"
    name = "eval-exec-dynamic"
    summary = "Dynamic code run with eval(), exec() or compile()"
    hint = "use ast.literal_eval(), json, or an explicit parser instead of running code"
    severity = HIGH
    confidence = MEDIUM
    cwe = (94, 95)
    tags = ("injection", "code-execution")
    bandit = ("B102", "B307")
    ruff = ("S102", "S307")
    triggers = ("eval", "exec", "compile")
    # `compile` is mostly `re.compile`: the builtin is named without a dot before it, or
    # reached through the builtins module.
    requires = rb"\beval\b|\bexec\b|(?<![.\w])compile\b|builtins"

    VALID = [
        "result = eval('1 + 1')\n",
        "EXPR = '2 ** 10'\nresult = eval(EXPR)\n",
        "import ast\nvalue = ast.literal_eval(text)\n",
        "import pandas as pd\nresult = df.eval(expr)\nother = pd.eval(expr)\n",
        "model.eval()\n",
        "def eval(expression):\n    return expression\nresult = eval(user_input)\n",
        "code = compile('x = 1', '<string>', 'exec')\nexec(code)\n",
        "import re\npattern = re.compile(user_pattern)\n",
        "exec(f'VALUE = 1')\n",
        "def run(**kwargs):\n    return eval(*kwargs)\n",
        # PyCF_ONLY_AST: compile() only parses, into a syntax tree, like ast.parse().
        "import ast\ntree = compile(source, path, 'exec', flags=ast.PyCF_ONLY_AST)\n",
        "import _ast\ntree = compile(source, path, 'exec', _ast.PyCF_ONLY_AST)\n",
        "import ast\ntree = compile(source, path, 'exec', flags=ast.PyCF_ONLY_AST | ast.PyCF_TYPE_COMMENTS, dont_inherit=True)\n",
        "from ast import PyCF_ONLY_AST\nFLAGS = PyCF_ONLY_AST\ntree = compile(source, path, mode='eval', flags=FLAGS)\n",
        "tree = compile(source, path, 'exec', 1024)\nother = compile(source, path, 'exec', flags=0x400 | 0x1000)\n",
    ]
    INVALID = [
        Invalid("result = eval(expression)\n", 1),
        Invalid("exec(request.form['code'])\n", 1),
        Invalid("import builtins\nresult = builtins.eval(f'{a} + {b}')\n", 2),
        Invalid("import builtins as b\nb.exec(source, namespace)\n", 2),
        Invalid("from builtins import eval as evaluate\nresult = evaluate(text)\n", 2),
        Invalid("run = eval\nresult = run(text)\n", 2),
        Invalid("exec(\n    open(path).read(),\n    {'__builtins__': {}},\n)\n", 1),
        Invalid("code = compile(source, path, 'exec')\nexec(code)\n", 1),
        Invalid("exec(compile(tree, filename='<plugin>', mode='exec'))\n", 1),
        Invalid("MODE = 'eval'\nvalue = compile('x + ' + suffix, '<expr>', MODE)\n", 2),
        # Flags that do not ask for a syntax tree: a code object to run.
        Invalid("import ast, __future__\ncode = compile(source, path, 'exec', flags=__future__.annotations.compiler_flag)\n", 2),
        Invalid("import ast\ncode = compile(source, path, 'exec', flags=ast.PyCF_TYPE_COMMENTS)\nexec(code)\n", 2),
        Invalid("code = compile(source, path, 'exec', flags=0)\nother = compile(source, path, 'exec', flags=user_flags)\n", 1, 2),
    ]

    def visit_Call(self, node: cst.Call, ctx) -> None:
        func = node.func
        if isinstance(func, cst.Attribute):
            if func.attr.value not in ("eval", "exec", "compile"):
                return
        elif not isinstance(func, cst.Name):
            return  # a Name may be an alias (`run = eval`): resolved below, a dictionary lookup
        name = ctx.qualname(func)
        if name in _RUNNERS:
            source = ctx.argument(node, "source", 0)
            if source is None or ctx.is_constant_string(source) or self._is_compile(ctx, source):
                return  # constant, unseen (*args), or a compile() call reported on its own
            self.report(ctx, node, f"{name[9:]}() runs code built at run time ({name[9:]} of a non-constant string)")
        elif name == _COMPILE:
            mode = ctx.literal(ctx.argument(node, "mode", 2))
            source = ctx.argument(node, "source", 0)
            if mode not in _COMPILE_MODES or source is None or ctx.is_constant_string(source):
                return
            if _only_ast(ctx, ctx.argument(node, "flags", 3)):
                return  # builds a syntax tree (ast.parse does the same)
            self.report(ctx, node, f"compile() of code built at run time, for running (compile mode {mode!r})")

    @staticmethod
    def _is_compile(ctx, source: cst.BaseExpression) -> bool:
        source = ctx.value_of(source)
        return isinstance(source, cst.Call) and ctx.qualname(source.func) == _COMPILE


def _only_ast(ctx, flags: cst.BaseExpression | None, depth: int = 0) -> bool:
    """The compile() flags include PyCF_ONLY_AST: `ast.PyCF_ONLY_AST`, `_ast.PyCF_ONLY_AST`,
    the constant 1024, or any of them combined with `|` (or `+`) with other flags."""
    if flags is None or depth > 8:
        return False
    value = ctx.literal(flags)
    if type(value) is int:
        return bool(value & _PYCF_ONLY_AST)
    if ctx.match(flags, _ONLY_AST_FLAGS) is not None:
        return True
    flags = ctx.value_of(flags)
    if isinstance(flags, cst.BinaryOperation) and isinstance(flags.operator, (cst.BitOr, cst.Add)):
        return _only_ast(ctx, flags.left, depth + 1) or _only_ast(ctx, flags.right, depth + 1)
    return False
