from __future__ import annotations

import libcst as cst

from stagewarden.rule import HIGH, MEDIUM, Invalid, PythonRule
from stagewarden.rules.insecure_defaults.common import shell_safe

_SSH_CLIENT_CLASSES = frozenset(["paramiko.SSHClient", "paramiko.client.SSHClient"])


def _imports_paramiko(ctx) -> bool:
    """True when the module scope imports paramiko (any spelling) or star-imports from it."""
    for kind, target in ctx.names.module.names.values():
        if kind == "import" and (target == "paramiko" or target.startswith("paramiko.")):
            return True
    return any(module == "paramiko" or module.startswith("paramiko.") for module in ctx.names.star_modules)


class SshExecDynamicCommand(PythonRule):
    """
    ## What it does
    Finds paramiko's `exec_command()` given a command built at run time. The receiver must be
    a `paramiko.SSHClient()` (or a channel opened from one) for a high-confidence finding;
    when the receiver cannot be traced (a parameter, an attribute set elsewhere) in a file
    that imports paramiko, the finding has medium confidence. Constant commands are left
    alone, as are other SSH libraries (fabric's `run()` is out of scope).

    So are commands whose dynamic parts are all shell-quoted: `shlex.join([...])`,
    `shlex.quote(x)` / `pipes.quote(x)`, and an f-string, `+`, `%`, `.format()` or
    `" ".join(...)` built only from constants, numbers (`int()`, `len()`) and such quoted
    parts. A quoted part written inside quotes of the command itself
    (`f"sh -c '{shlex.quote(x)}'"`) is still reported: there its quotes end the surrounding ones.

    ## Why is this bad?
    `exec_command()` hands its string to the login shell on the remote host, so shell syntax
    in any interpolated part (`; rm -rf /`, `$(...)`, backticks) runs extra commands there,
    with the SSH user's rights, often on many servers at once.

    ## Example
    ```python
    import paramiko

    client = paramiko.SSHClient()
    client.connect(host, username="deploy")
    client.exec_command(f"tail -n 100 /var/log/{service}.log")
    ```

    ## Use instead
    ```python
    import shlex

    import paramiko

    client = paramiko.SSHClient()
    client.connect(host, username="deploy")
    client.exec_command(f"tail -n 100 {shlex.quote(f'/var/log/{service}.log')}")
    ```

    Better still, check dynamic parts against an allow-list (known service names) before
    building the command.

    ## Options
    None.

    ## Fix safety
    No fix is offered: which parts of the command need quoting is a decision for a person.

    ## References
    - [CWE-78: OS Command Injection](https://cwe.mitre.org/data/definitions/78.html)
    - [paramiko: SSHClient.exec_command](https://docs.paramiko.org/en/stable/api/client.html#paramiko.client.SSHClient.exec_command)
    - [Python documentation: shlex.quote](https://docs.python.org/3/library/shlex.html#shlex.quote)
    """

    id = "SW148"
    name = "ssh-exec-dynamic-command"
    summary = "Remote shell command built at run time (paramiko exec_command)"
    hint = "shlex.quote() every dynamic part of the command, or check it against an allow-list"
    severity = HIGH
    confidence = MEDIUM
    cwe = (78,)
    tags = ("shell", "injection", "ssh")
    bandit = ("B601",)
    ruff = ("S601",)
    triggers = ("exec_command",)

    VALID = [
        "import paramiko\nclient = paramiko.SSHClient()\nclient.exec_command('uptime')\n",
        "import paramiko\nCMD = 'df -h'\nclient = paramiko.SSHClient()\nclient.exec_command(CMD)\n",
        # Receiver unknown and paramiko not imported: another library's exec_command.
        "def run(container, cmd):\n    return container.exec_command(cmd)\n",
        # Receiver resolved to another library.
        "import paramiko\nimport docker\nc = docker.from_env()\nc.exec_command(cmd)\n",
        "import paramiko\nclient = paramiko.SSHClient()\nclient.exec_command(*args)\n",
        "import paramiko\nclass Runner:\n    def exec_command(self, cmd):\n        return cmd\nRunner().exec_command(user_cmd)\n",
        # Every dynamic part shell-quoted: the remote shell sees each one as a single word.
        "import paramiko, shlex\nclient = paramiko.SSHClient()\nclient.exec_command(shlex.join(['tail', '-n', str(lines), path]))\n",
        "import paramiko, shlex\nclient = paramiko.SSHClient()\nclient.exec_command(f'tail -n {int(n)} {shlex.quote(path)}')\n",
        "import paramiko\nfrom shlex import quote as q\nclient = paramiko.SSHClient()\nclient.exec_command('ls -l ' + q(directory))\n",
        "import paramiko, pipes\nclient = paramiko.SSHClient()\nclient.exec_command('du -sh %s' % pipes.quote(d))\n",
        "import paramiko, shlex\nclient = paramiko.SSHClient()\nclient.exec_command('grep {} {}'.format(shlex.quote(word), shlex.quote(log)))\n",
        "import paramiko, shlex\nclient = paramiko.SSHClient()\ncmd = 'rm -f ' + ' '.join(shlex.quote(p) for p in paths)\nclient.exec_command(cmd)\n",
        "import paramiko, shlex\nclient = paramiko.SSHClient()\nclient.exec_command('cat ' + ' '.join(map(shlex.quote, files)))\n",
    ]
    INVALID = [
        Invalid("import paramiko\nclient = paramiko.SSHClient()\nclient.exec_command(f'cat {path}')\n", 3),
        Invalid("import paramiko as pm\nssh = pm.SSHClient()\nssh.exec_command('ls ' + directory)\n", 3),
        Invalid("from paramiko import SSHClient as Client\nssh = Client()\nssh.exec_command(command=cmd)\n", 3),
        Invalid("from paramiko import *\nssh = SSHClient()\nssh.exec_command('du -sh %s' % d)\n", 3),
        Invalid("from paramiko.client import SSHClient\nssh = SSHClient()\nstdin, stdout, stderr = ssh.exec_command(\n    'grep {} log'.format(word),\n)\n", 3),
        Invalid(
            "import paramiko\nclass Remote:\n    def __init__(self):\n        self.ssh = paramiko.SSHClient()\n"
            "    def run(self, cmd):\n        return self.ssh.exec_command(cmd)\n",
            6,
        ),
        Invalid("import paramiko\nclient = paramiko.SSHClient()\nchan = client.get_transport().open_session()\nchan.exec_command(cmd)\n", 4),
        # Receiver unknown (a parameter) in a paramiko file: medium confidence.
        Invalid("import paramiko\ndef run(ssh, cmd):\n    return ssh.exec_command(cmd)\n", 3),
        # Quoted parts that are not safe: one part left unquoted, a quoted part inside the
        # template's own quotes (its quotes close them), Python's repr() around the quoting.
        Invalid("import paramiko, shlex\nclient = paramiko.SSHClient()\nclient.exec_command(f'cp {shlex.quote(src)} {dst}')\n", 3),
        Invalid("import paramiko, shlex\nclient = paramiko.SSHClient()\nclient.exec_command(f\"sh -c '{shlex.quote(cmd)}'\")\n", 3),
        Invalid("import paramiko, shlex\nclient = paramiko.SSHClient()\nclient.exec_command('echo \"%s\"' % shlex.quote(msg))\n", 3),
        Invalid("import paramiko, shlex\nclient = paramiko.SSHClient()\nclient.exec_command(f'echo {shlex.quote(msg)!r}')\n", 3),
        Invalid("import paramiko, shlex\nclient = paramiko.SSHClient()\nclient.exec_command(' '.join(shlex.quote(a) for a in args) + ' ' + extra)\n", 3),
    ]

    def visit_Call(self, node: cst.Call, ctx) -> None:
        func = node.func
        if not (isinstance(func, cst.Attribute) and func.attr.value == "exec_command"):
            return
        command = ctx.argument(node, "command", 0)
        if command is None or shell_safe(ctx, command):
            return  # unseen (*args), constant, or every dynamic part shell-quoted
        receiver = ctx.qualname(func.value)
        if receiver is not None:
            # An SSHClient, or a channel opened from a paramiko object; anything else is not ours.
            if not (receiver.startswith("paramiko.") and receiver.endswith(")")):
                return
            confidence = HIGH
        elif isinstance(ctx.value_of(func.value), cst.Call):
            # `ssh = SSHClient()` after `from paramiko import *`: qualname() does not see star
            # imports, match() does. Any other constructor (`Runner()`) is code we cannot see into.
            if ctx.match(ctx.value_of(func.value).func, _SSH_CLIENT_CLASSES) is None:
                return
            confidence = HIGH
        elif _imports_paramiko(ctx):
            confidence = MEDIUM
        else:
            return
        self.report(ctx, node, "remote shell command built at run time: shell injection on the SSH host (exec_command)",
                    confidence=confidence)
