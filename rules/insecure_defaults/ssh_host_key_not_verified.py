from __future__ import annotations

import libcst as cst

from stagewarden.findings import FixSafety
from stagewarden.rule import HIGH, Invalid, NodeFix, PythonRule

_POLICIES = frozenset(
    f"{module}.{policy}" for module in ("paramiko", "paramiko.client") for policy in ("AutoAddPolicy", "WarningPolicy")
)
# An instance made earlier: `policy = paramiko.AutoAddPolicy()` resolves to "paramiko.AutoAddPolicy()".
_POLICY_INSTANCES = frozenset(f"{name}()" for name in _POLICIES)


class SshHostKeyNotVerified(PythonRule):
    """
    ## What it does
    Finds paramiko SSH clients that accept any host key: `set_missing_host_key_policy()` given
    `paramiko.AutoAddPolicy` or `paramiko.WarningPolicy` (an instance or the class itself, also
    from `paramiko.client`). `RejectPolicy` (the default) and custom policy classes are left alone.

    ## Why is this bad?
    The host key is how an SSH client knows it reached the real server. `AutoAddPolicy` trusts
    and saves whatever key a new host presents, and `WarningPolicy` only logs it, so anyone who
    can intercept the connection (DNS, ARP, a rogue network) can impersonate the server, collect
    the password or agent-forwarded credentials, and read or change everything sent.

    ## Example
    ```python
    import paramiko

    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect("build.example.com", username="deploy")
    ```

    ## Use instead
    ```python
    import paramiko

    client = paramiko.SSHClient()
    client.load_system_host_keys()  # or client.load_host_keys("/etc/app/known_hosts")
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    client.connect("build.example.com", username="deploy")
    ```

    ## Options
    None.

    ## Fix safety
    The fix replaces `paramiko.AutoAddPolicy` / `paramiko.WarningPolicy` with
    `paramiko.RejectPolicy` (for the `paramiko.X` spelling only). It is unsafe: connections to
    hosts whose keys are not in a loaded `known_hosts` file fail until the keys are added.

    ## References
    - [CWE-295: Improper Certificate Validation](https://cwe.mitre.org/data/definitions/295.html)
    - [paramiko: SSHClient.set_missing_host_key_policy](https://docs.paramiko.org/en/stable/api/client.html#paramiko.client.SSHClient.set_missing_host_key_policy)
    - [paramiko: host key policies](https://docs.paramiko.org/en/stable/api/client.html#paramiko.client.AutoAddPolicy)
    """

    id = "SW134"
    name = "ssh-host-key-not-verified"
    summary = "SSH client accepts unknown host keys"
    hint = "load known hosts (client.load_system_host_keys()) and keep paramiko.RejectPolicy()"
    severity = HIGH
    confidence = HIGH
    cwe = (295,)
    tags = ("ssh", "network")
    fix_safety = FixSafety.UNSAFE
    bandit = ("B507",)
    ruff = ("S507",)
    triggers = ("set_missing_host_key_policy",)

    VALID = [
        "import paramiko\nclient = paramiko.SSHClient()\nclient.load_system_host_keys()\nclient.set_missing_host_key_policy(paramiko.RejectPolicy())\n",
        # A policy of our own (say, one that checks a pinned fingerprint).
        "import paramiko\nclass PinnedPolicy(paramiko.MissingHostKeyPolicy):\n    pass\nclient.set_missing_host_key_policy(PinnedPolicy())\n",
        # A local class with the same name as paramiko's.
        "import paramiko\nclass AutoAddPolicy:\n    pass\nclient.set_missing_host_key_policy(AutoAddPolicy())\n",
        # Dynamic: cannot judge.
        "import paramiko\nclient.set_missing_host_key_policy(make_policy(config))\n",
        # Mentioned, not used.
        "import paramiko\nassert not isinstance(policy, paramiko.AutoAddPolicy)\n",
        "import paramiko\nregistry.set_missing_host_key_policy('auto-add')\n",
    ]
    INVALID = [
        Invalid("import paramiko\nclient = paramiko.SSHClient()\nclient.set_missing_host_key_policy(paramiko.AutoAddPolicy())\n", 3),
        Invalid("import paramiko as pm\nclient = pm.SSHClient()\nclient.set_missing_host_key_policy(pm.WarningPolicy)\n", 3),
        Invalid("from paramiko import AutoAddPolicy as Trust\nssh.set_missing_host_key_policy(Trust())\n", 2),
        Invalid("from paramiko.client import *\nssh.set_missing_host_key_policy(AutoAddPolicy())\n", 2),
        Invalid("import paramiko\nPOLICY = paramiko.AutoAddPolicy()\ndef connect(client):\n    client.set_missing_host_key_policy(POLICY)\n", 4),
        Invalid("import paramiko\nclient = paramiko.SSHClient()\nclient.set_missing_host_key_policy(policy=paramiko.client.AutoAddPolicy())\n", 3),
        Invalid("import paramiko\nclass Deployer:\n    def __init__(self):\n        self.ssh = paramiko.SSHClient()\n        self.ssh.set_missing_host_key_policy(\n            paramiko.AutoAddPolicy(),\n        )\n", 6),
    ]

    def visit_Call(self, node: cst.Call, ctx) -> None:
        func = node.func
        if not (isinstance(func, cst.Attribute) and func.attr.value == "set_missing_host_key_policy"):
            return
        policy = ctx.argument(node, "policy", 0)
        if policy is None:
            return
        name = ctx.match(policy, _POLICY_INSTANCES | _POLICIES)
        if name is None and isinstance(policy, cst.Call):
            name = ctx.match(policy.func, _POLICIES)  # `from paramiko import *` then `AutoAddPolicy()`
        if name is None:
            return
        short = name.rstrip("()").rsplit(".", 1)[-1]
        spelled = policy.func if isinstance(policy, cst.Call) else policy
        fix = None
        if isinstance(spelled, cst.Attribute) and spelled.attr.value == short:
            fix = NodeFix("use paramiko.RejectPolicy", FixSafety.UNSAFE, ((spelled.attr, cst.Name("RejectPolicy")),))
        action = "trusts and saves" if short == "AutoAddPolicy" else "only logs"
        self.report(ctx, policy, f"SSH host key not verified ({short} {action} any unknown host key)", fix=fix)
