from __future__ import annotations

import libcst as cst

from stagewarden.rule import HIGH, MEDIUM, Invalid, PythonRule, Valid

_BAD_PROTOCOLS = frozenset(
    [f"ssl.PROTOCOL_{v}" for v in ("SSLv2", "SSLv3", "TLSv1", "TLSv1_1")]
    + [f"OpenSSL.SSL.{v}_METHOD" for v in ("SSLv2", "SSLv3", "TLSv1", "TLSv1_1")]
)
_BAD_TLS_VERSIONS = frozenset(f"ssl.TLSVersion.{v}" for v in ("SSLv3", "TLSv1", "TLSv1_1"))
_BAD = _BAD_PROTOCOLS | _BAD_TLS_VERSIONS

# Calls whose protocol argument is a known position: (keyword, index).
_PROTOCOL_ARGUMENT = {
    "ssl.SSLContext": ("protocol", 0),
    "ssl.wrap_socket": ("ssl_version", 5),
    "ssl.get_server_certificate": ("ssl_version", 1),
    "OpenSSL.SSL.Context": ("method", 0),
}
_WRAP_SOCKET = frozenset(["ssl.wrap_socket"])
# Other APIs (urllib3 pools, requests adapters, ...) take the protocol as one of these keywords.
_PROTOCOL_KEYWORDS = ("ssl_version", "method", "protocol", "ssl_protocol")
_VERSION_ATTRIBUTES = frozenset(["minimum_version", "maximum_version"])


class WeakTlsVersion(PythonRule):
    """
    ## What it does
    Finds SSL 2/3, TLS 1.0 and TLS 1.1 chosen on purpose: `ssl.PROTOCOL_SSLv2`, `PROTOCOL_SSLv3`,
    `PROTOCOL_TLSv1` and `PROTOCOL_TLSv1_1` passed to `ssl.SSLContext`, `ssl.wrap_socket`,
    `ssl.get_server_certificate` or as an `ssl_version=` / `method=` / `protocol=` keyword of
    any call; `ssl.TLSVersion.SSLv3`, `TLSv1` or `TLSv1_1` assigned to a context's
    `minimum_version` (or `maximum_version`); pyOpenSSL's `SSL.SSLv2_METHOD`, `SSLv3_METHOD`,
    `TLSv1_METHOD` and `TLSv1_1_METHOD` passed to `SSL.Context`; and functions whose parameters
    default to one of these constants.

    It also reports, with medium severity, `ssl.wrap_socket()` called without `ssl_version`:
    the function is deprecated, was removed in Python 3.12, and by default neither verifies
    the certificate nor rules out old protocol versions.

    Comparisons (`if ctx.minimum_version == ssl.TLSVersion.TLSv1:`) are not reported.

    ## Why is this bad?
    SSL 2 and 3 are broken (DROWN, POODLE) and TLS 1.0 and 1.1 were deprecated by RFC 8996:
    they rely on weak hashes and CBC constructions with known attacks (BEAST, Lucky 13).
    Pinning a connection to one of them, or letting it fall back to one, lets an attacker on
    the network path downgrade and decrypt it.

    ## Example
    ```python
    import ssl

    context = ssl.SSLContext(ssl.PROTOCOL_TLSv1)
    context.minimum_version = ssl.TLSVersion.TLSv1
    ```

    ## Use instead
    ```python
    import ssl

    context = ssl.create_default_context()  # or ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    ```

    ## Options
    None.

    ## Fix safety
    No fix is offered: the right replacement (`PROTOCOL_TLS_CLIENT`, `PROTOCOL_TLS_SERVER`, a
    `minimum_version`) depends on which side of the connection the code is, and an old peer may
    stop working.

    ## References
    - [CWE-327: Use of a Broken or Risky Cryptographic Algorithm](https://cwe.mitre.org/data/definitions/327.html)
    - [CWE-326: Inadequate Encryption Strength](https://cwe.mitre.org/data/definitions/326.html)
    - [RFC 8996: Deprecating TLS 1.0 and TLS 1.1](https://www.rfc-editor.org/rfc/rfc8996)
    - [Python docs: ssl protocol versions](https://docs.python.org/3/library/ssl.html#protocol-versions)
    - [Python docs: SSLContext.minimum_version](https://docs.python.org/3/library/ssl.html#ssl.SSLContext.minimum_version)
    - [pyOpenSSL: Context](https://www.pyopenssl.org/en/stable/api/ssl.html#context-objects)
    """

    id = "SW103"
    name = "weak-tls-version"
    summary = "Broken SSL or TLS protocol version"
    hint = "use ssl.create_default_context() or PROTOCOL_TLS_CLIENT/PROTOCOL_TLS_SERVER, with minimum_version = ssl.TLSVersion.TLSv1_2"
    severity = HIGH
    confidence = HIGH
    cwe = (326, 327)
    tags = ("tls", "network", "crypto")
    bandit = ("B502", "B503", "B504")
    ruff = ("S502", "S503", "S504")
    triggers = (
        "PROTOCOL_SSLv2", "PROTOCOL_SSLv3", "PROTOCOL_TLSv1", "PROTOCOL_TLSv1_1", "SSLv2_METHOD", "SSLv3_METHOD",
        "TLSv1_METHOD", "TLSv1_1_METHOD", "TLSVersion", "wrap_socket",
    )

    VALID = [
        "import ssl\ncontext = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)\n",
        "import ssl\ncontext = ssl.create_default_context()\ncontext.minimum_version = ssl.TLSVersion.TLSv1_2\n",
        # A comparison, not a configuration.
        "import ssl\nif ctx.minimum_version == ssl.TLSVersion.TLSv1:\n    warn('old TLS allowed')\n",
        "import ssl\nassert context.protocol != ssl.PROTOCOL_TLSv1\n",
        "import ssl\nsock = ssl.wrap_socket(raw, ssl_version=ssl.PROTOCOL_TLSv1_2)\n",
        "from OpenSSL import SSL\nctx = SSL.Context(SSL.TLS_METHOD)\n",
        # Not the ssl constants: a local enum with the same member name, and a string.
        "class Proto:\n    PROTOCOL_TLSv1 = 1\nconnect(ssl_version=Proto.PROTOCOL_TLSv1)\n",
        "settings.minimum_version = 'TLSv1'\n",
        "def wrap_socket(sock):\n    return sock\nwrap_socket(raw)\n",
        "import ssl\ndef make(version=ssl.PROTOCOL_TLS_CLIENT):\n    return ssl.SSLContext(version)\n",
        # Dynamic protocol or hidden arguments: cannot judge.
        "import ssl\nsock = ssl.wrap_socket(raw, **options)\n",
        "import ssl\ncontext = ssl.SSLContext(config.protocol)\n",
        # Object state, not a constant: `self.protocol` may have been changed since __init__.
        Valid(
            "import ssl\nclass Conn:\n    def __init__(self):\n        self.protocol = ssl.PROTOCOL_TLSv1\n"
            "    def context(self):\n        return ssl.SSLContext(self.protocol)\n"
        ),
    ]
    INVALID = [
        Invalid("import ssl\ncontext = ssl.SSLContext(ssl.PROTOCOL_TLSv1)\n", 2),
        Invalid("import ssl as s\ncontext = s.SSLContext(protocol=s.PROTOCOL_SSLv3)\n", 2),
        Invalid("from ssl import SSLContext as Ctx, PROTOCOL_TLSv1_1 as OLD\ncontext = Ctx(OLD)\n", 2),
        Invalid("from ssl import *\ncontext = SSLContext(PROTOCOL_SSLv2)\n", 2),
        Invalid("import ssl\nPROTOCOL = ssl.PROTOCOL_TLSv1\ncontext = ssl.SSLContext(PROTOCOL)\n", 3),
        Invalid("import ssl\nsock = ssl.wrap_socket(raw, **{'ssl_version': ssl.PROTOCOL_TLSv1})\n", 2),
        Invalid("import ssl\nsock = ssl.wrap_socket(\n    raw,\n    certfile='c.pem',\n    ssl_version=ssl.PROTOCOL_TLSv1_1,\n)\n", 5),
        Invalid("import ssl\ncontext = ssl.create_default_context()\ncontext.minimum_version = ssl.TLSVersion.TLSv1\n", 3),
        Invalid("import ssl\nclass Client:\n    def __init__(self):\n        self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)\n        self.ctx.minimum_version = ssl.TLSVersion.TLSv1_1\n", 5),
        Invalid("from OpenSSL import SSL\nctx = SSL.Context(SSL.TLSv1_METHOD)\n", 2),
        Invalid("from OpenSSL.SSL import Context, SSLv3_METHOD\nctx = Context(method=SSLv3_METHOD)\n", 2),
        # B503: a bad default argument.
        Invalid("import ssl\ndef connect(host, version=ssl.PROTOCOL_TLSv1):\n    pass\n", 2),
        # Keyword on another API (urllib3, requests adapters): medium confidence.
        Invalid("import ssl, urllib3\nhttp = urllib3.PoolManager(ssl_version=ssl.PROTOCOL_TLSv1)\n", 2),
        # B504: wrap_socket without ssl_version (medium severity).
        Invalid("import ssl\nsock = ssl.wrap_socket(raw, certfile='c.pem')\n", 2),
        Invalid("import ssl as s\ndef f(raw):\n    return s.wrap_socket(\n        raw,\n    )\n", 3),
    ]

    def visit_Call(self, node: cst.Call, ctx) -> None:
        name = ctx.match(node.func, _PROTOCOL_ARGUMENT)
        if name is not None:
            keyword, index = _PROTOCOL_ARGUMENT[name]
            value = ctx.argument(node, keyword, index)
            if value is not None:
                self._check_value(ctx, value)
            elif name in _WRAP_SOCKET and not ctx.has_star_args(node):
                self.report(ctx, node, "ssl.wrap_socket() without ssl_version: deprecated, removed in Python 3.12",
                            hint="use ssl.create_default_context().wrap_socket(sock, server_hostname=host): "
                                 "it verifies the certificate and refuses SSL 3 / TLS 1.0",
                            severity=MEDIUM)
            return
        # Another API given a protocol keyword (urllib3 pools, requests adapters, ...).
        for arg in node.args:
            if arg.keyword is not None and arg.keyword.value in _PROTOCOL_KEYWORDS:
                self._check_value(ctx, arg.value, confidence=MEDIUM)

    def visit_Assign(self, node: cst.Assign, ctx) -> None:
        for target in node.targets:
            attribute = target.target
            if isinstance(attribute, cst.Attribute) and attribute.attr.value in _VERSION_ATTRIBUTES:
                self._check_value(ctx, node.value)

    def visit_FunctionDef(self, node: cst.FunctionDef, ctx) -> None:
        params = node.params
        for group in (params.posonly_params, params.params, params.kwonly_params):
            for param in group:
                if param.default is not None:
                    self._check_value(ctx, param.default)

    def _check_value(self, ctx, value: cst.BaseExpression, confidence=None) -> None:
        name = _match_constant(ctx, value, _BAD)
        if name is None:
            return
        self.report(ctx, value, f"broken SSL/TLS protocol version ({name})", confidence=confidence)


def _match_constant(ctx, expr: cst.BaseExpression, targets) -> str | None:
    """ctx.match for a constant, ignoring object state: `self.mode` resolves through the file's
    last `self.mode = ...` assignment, which says nothing about its value at this point."""
    value = ctx.value_of(expr)
    if isinstance(value, cst.Attribute) and ctx.qualname(value.value) is None and ctx.qualname(value) is not None:
        return None
    return ctx.match(expr, targets)
