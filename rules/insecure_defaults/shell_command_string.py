from __future__ import annotations

import libcst as cst

from stagewarden.rule import HIGH, LOW, Invalid, PythonRule
from stagewarden.rules.insecure_defaults.common import shell_safe

# Function -> position of the command argument. All of these hand a string to /bin/sh.
_SHELL_CALLS = {
    "os.system": 0, "os.popen": 0, "os.popen2": 0, "os.popen3": 0, "os.popen4": 0,
    "popen2.popen2": 0, "popen2.popen3": 0, "popen2.popen4": 0, "popen2.Popen3": 0, "popen2.Popen4": 0,
    "commands.getoutput": 0, "commands.getstatusoutput": 0,
    "subprocess.getoutput": 0, "subprocess.getstatusoutput": 0,
    "asyncio.create_subprocess_shell": 0, "asyncio.subprocess.create_subprocess_shell": 0,
}
_EVENT_LOOPS = ("asyncio.get_event_loop()", "asyncio.get_running_loop()", "asyncio.new_event_loop()")
for _loop in _EVENT_LOOPS:
    _SHELL_CALLS[f"{_loop}.subprocess_shell"] = 1  # loop.subprocess_shell(protocol_factory, cmd)


class ShellCommandString(PythonRule):
    """
    ## What it does
    Finds commands run through a shell by APIs that take a single command string:
    `os.system()`, `os.popen()` (and `popen2`/`popen3`/`popen4`), the `popen2` and
    `commands` modules, `subprocess.getoutput()` / `getstatusoutput()`,
    `asyncio.create_subprocess_shell()` and `loop.subprocess_shell()`. The finding is high
    severity when the command is built at run time and low severity when it is a constant
    (including constants with a `*` wildcard, which the shell expands) or when every dynamic
    part of it is shell-quoted (`shlex.quote(x)`, `pipes.quote(x)`, `shlex.join([...])`,
    outside any quotes of the command itself).

    ## Why is this bad?
    These functions always start `/bin/sh -c <command>`: there is no way to turn the shell
    off. When any part of the command comes from outside (a file name, a URL, a user name),
    shell syntax in it (`;`, `|`, `$(...)`, backticks) runs extra commands. A wildcard in a
    constant command expands to whatever file names are present, which can be turned into
    options (a file named `--checkpoint-action=exec=sh x.sh` next to `tar cf out.tar *`).

    ## Example
    ```python
    import os

    os.system(f"convert {upload_path} thumbnail.png")
    ```

    ## Use instead
    ```python
    import subprocess

    subprocess.run(["convert", upload_path, "thumbnail.png"], check=True)
    ```

    For asyncio, use `asyncio.create_subprocess_exec("convert", upload_path, "thumbnail.png")`.

    ## Options
    None.

    ## Fix safety
    No fix is offered: splitting a shell string into arguments needs a person to check which
    shell features (pipes, globs, redirections) the command relies on.

    ## References
    - [CWE-78: OS Command Injection](https://cwe.mitre.org/data/definitions/78.html)
    - [Python documentation: replacing os.system() with subprocess](https://docs.python.org/3/library/subprocess.html#replacing-os-system)
    - [Python documentation: asyncio.create_subprocess_exec](https://docs.python.org/3/library/asyncio-subprocess.html#asyncio.create_subprocess_exec)
    """

    id = "SW111"
    name = "shell-command-string"
    summary = "Command string run through a shell"
    hint = "use subprocess.run([...]) or asyncio.create_subprocess_exec() with a list of arguments"
    severity = HIGH
    confidence = HIGH
    cwe = (78,)
    tags = ("shell", "injection")
    bandit = ("B605", "B609")
    ruff = ("S605", "S609")
    triggers = (
        "system", "popen", "popen2", "popen3", "popen4", "getoutput", "getstatusoutput", "create_subprocess_shell",
        "subprocess_shell",
    )

    VALID = [
        "import subprocess\nsubprocess.run(['ls', '-l', path])\n",
        "import asyncio\nasync def f():\n    await asyncio.create_subprocess_exec('ls', '-l', path)\n",
        "import os\nos.execv('/bin/ls', ['ls', path])\n",
        "import os\ndef system(cmd):\n    return cmd\nsystem(f'echo {x}')\n",
        "import os\nplatform_info.system(f'{name}')\n",
        "import os\nclass Shell:\n    def popen(self, cmd):\n        pass\nShell().popen(cmd)\n",
        "import os\nos.path.join(base, name)\n",
        "import os, shlex\nclass Shell:\n    def system(self, cmd):\n        pass\nShell().system(f'ls {shlex.quote(path)}')\n",
    ]
    INVALID = [
        Invalid("import os\nos.system(f'convert {src} out.png')\n", 2),
        Invalid("import os as operating_system\noperating_system.popen('ls ' + path)\n", 2),
        Invalid("from os import system as run\nrun('rm -rf %s' % folder)\n", 2),
        Invalid("from os import *\nsystem(command)\n", 2),
        Invalid("import os\nCMD = 'make clean'\nos.system(CMD)\n", 3),
        Invalid("import os\nos.system('tar czf backup.tgz *')\n", 2),
        Invalid("import subprocess\nout = subprocess.getoutput(\n    'git log ' + branch,\n)\n", 2),
        Invalid("import commands\nstatus, out = commands.getstatusoutput('ls ' + d)\n", 2),
        Invalid("import asyncio\nasync def f(cmd):\n    proc = await asyncio.create_subprocess_shell(cmd)\n", 3),
        Invalid(
            "import asyncio\nasync def f(cmd):\n    loop = asyncio.get_running_loop()\n"
            "    await loop.subprocess_shell(Protocol, cmd)\n",
            4,
        ),
        # Every dynamic part shell-quoted: reported with low severity, like a constant command.
        Invalid("import os, shlex\nos.system('convert ' + shlex.quote(src) + ' out.png')\n", 2),
        Invalid("import os\nfrom shlex import join\nout = os.popen(join(['git', 'log', branch])).read()\n", 3),
        # Quoted, but inside the command's own double quotes: `$(...)` in it still runs.
        Invalid("import os, shlex\nos.system(f'echo \"{shlex.quote(message)}\" >> log.txt')\n", 2),
    ]

    def visit_Call(self, node: cst.Call, ctx) -> None:
        name = ctx.match_call(node, _SHELL_CALLS)
        if name is None:
            return
        command = ctx.argument(node, "cmd", _SHELL_CALLS[name])
        if command is None:
            command = ctx.keyword(node, "command")
        if command is not None and ctx.is_constant_string(command):
            text = ctx.literal(command)
            wildcard = "; the shell expands its wildcard" if isinstance(text, str) and "*" in text else ""
            self.report(ctx, node, f"constant command run through a shell{wildcard} ({name})", severity=LOW)
        elif command is not None and shell_safe(ctx, command):
            self.report(ctx, node, f"command run through a shell, its dynamic parts shell-quoted ({name})", severity=LOW)
        elif command is not None or ctx.has_star_args(node):
            self.report(ctx, node, f"command built at run time is run through a shell: shell injection ({name})")
