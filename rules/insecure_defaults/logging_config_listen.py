from __future__ import annotations

import libcst as cst

from stagewarden.rule import HIGH, MEDIUM, Invalid, PythonRule

_LISTEN = frozenset(["logging.config.listen"])


class LoggingConfigListen(PythonRule):
    """
    ## What it does
    Finds `logging.config.listen()` called without a `verify=` function.

    ## Why is this bad?
    `listen()` starts a socket server that accepts new logging configurations from anyone
    who can connect to its port (localhost by default, so every local user and any process
    an attacker controls). The configuration is applied without authentication, and a
    configuration can name arbitrary callables and import arbitrary modules, so whoever can
    send one can run code in the process (CWE-94). The `verify` callable can check a
    signature or decrypt the payload and reject anything else.

    ## Example
    ```python
    import logging.config

    thread = logging.config.listen(9999)
    thread.start()
    ```

    ## Use instead
    ```python
    import hmac
    import logging.config

    def verify(payload: bytes):  # the configuration, or None to reject it
        signature, body = payload[:32], payload[32:]
        expected = hmac.digest(LOGGING_KEY, body, "sha256")
        return body if hmac.compare_digest(signature, expected) else None

    thread = logging.config.listen(9999, verify=verify)
    thread.start()
    ```

    ## Options
    None.

    ## Fix safety
    No fix is offered: the verification function depends on how configurations are signed.

    ## References
    - [CWE-94: Improper Control of Generation of Code](https://cwe.mitre.org/data/definitions/94.html)
    - [Python: logging.config.listen](https://docs.python.org/3/library/logging.config.html#logging.config.listen)
    """

    id = "SW138"
    name = "logging-config-listen"
    summary = "logging configuration server without verification"
    hint = "pass verify= a function that checks a signature on the received configuration"
    severity = MEDIUM
    confidence = HIGH
    cwe = (94,)
    tags = ("logging", "code-execution")
    bandit = ("B612",)
    ruff = ("S612",)
    triggers = ("listen",)

    VALID = [
        "import logging.config\nt = logging.config.listen(9999, verify=check_signature)\n",
        "import logging.config\nt = logging.config.listen(9999, lambda data: data if ok(data) else None)\n",
        "import logging.config\nlogging.config.dictConfig(settings)\n",
        "import socket\ns = socket.socket()\ns.listen(5)\n",
        "def listen(port):\n    pass\nlisten(9999)\n",
        "import logging.config\ndef start(**options):\n    return logging.config.listen(9999, **options)\n",
        "import asyncio\nserver.listen(9999)\n",
    ]
    INVALID = [
        Invalid("import logging.config\nt = logging.config.listen(9999)\n", 2),
        Invalid("import logging\nimport logging.config as lc\nt = lc.listen()\n", 3),
        Invalid("from logging import config\nt = config.listen(9999)\n", 2),
        Invalid("from logging.config import listen as start_config_server\nt = start_config_server(9999)\n", 2),
        Invalid("from logging.config import *\nt = listen(9999)\n", 2),
        Invalid("import logging.config\nVERIFY = None\nt = logging.config.listen(9999, verify=VERIFY)\n", 3),
        Invalid("import logging.config\nt = logging.config.listen(**{'port': 9999, 'verify': None})\n", 2),
        Invalid("import logging.config\nclass Server:\n    def start(self):\n        self.thread = logging.config.listen(\n            self.port,\n        )\n", 4),
    ]

    def visit_Call(self, node: cst.Call, ctx) -> None:
        func = node.func
        if not isinstance(func, (cst.Name, cst.Attribute)):
            return
        if ctx.match(func, _LISTEN) is None:
            return
        verify = ctx.argument(node, "verify", 1)
        if verify is not None:
            if ctx.literal(verify) is not None:
                return
        elif ctx.has_star_args(node):
            return
        self.report(ctx, node, "logging configuration accepted from the network without verification (logging.config.listen)")
