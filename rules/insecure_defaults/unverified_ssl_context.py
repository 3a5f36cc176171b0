from __future__ import annotations

import libcst as cst

from stagewarden.findings import FixSafety
from stagewarden.rule import HIGH, MEDIUM, Invalid, NodeFix, PythonRule

_UNVERIFIED = frozenset(["ssl._create_unverified_context"])
_DEFAULT_HTTPS_CONTEXT = frozenset(["ssl._create_default_https_context"])
_CERT_NONE = frozenset(["ssl.CERT_NONE", "ssl.VerifyMode.CERT_NONE"])
_WRAP_SOCKET = frozenset(["ssl.wrap_socket"])
_URLLIB3_CONTEXT = frozenset(
    [
        "urllib3.util.ssl_.create_urllib3_context",
        "urllib3.util.create_urllib3_context",
        "requests.packages.urllib3.util.ssl_.create_urllib3_context",
    ]
)
# What an SSLContext is made by: `ctx = ssl.create_default_context()` makes `ctx` one of these.
_SSL_CONTEXTS = frozenset(
    [
        "ssl.create_default_context()", "ssl.SSLContext()", "ssl._create_unverified_context()",
        "ssl._create_default_https_context()",
    ]
    + [f"{name}()" for name in _URLLIB3_CONTEXT]
)
_PYOPENSSL_VERIFY_NONE = frozenset(["OpenSSL.SSL.VERIFY_NONE"])
_PYOPENSSL_CONTEXT = "OpenSSL.SSL.Context()"
_WATCHED_ATTRIBUTES = frozenset(["verify_mode", "check_hostname", "_create_default_https_context"])


class UnverifiedSslContext(PythonRule):
    """
    ## What it does
    Finds `ssl` contexts that do not check the server's certificate or host name:
    `ssl._create_unverified_context()`, the process-wide
    `ssl._create_default_https_context = ssl._create_unverified_context` patch,
    `context.verify_mode = ssl.CERT_NONE`, `context.check_hostname = False`,
    `ssl.wrap_socket(..., cert_reqs=ssl.CERT_NONE)`, urllib3's
    `create_urllib3_context(cert_reqs=ssl.CERT_NONE)`, and pyOpenSSL's
    `context.set_verify(SSL.VERIFY_NONE, ...)`.

    `check_hostname = False` on an object the rule cannot trace (a parameter, an attribute) is
    reported with medium confidence; on an object that resolves to something other than an SSL
    context (an argparse namespace, a settings object of a known library) it is not reported.

    ## Why is this bad?
    A TLS connection that skips certificate or host-name checks is encrypted, but not to the
    server you meant: anyone on the network path can present their own certificate and read or
    change the traffic, credentials included (a machine-in-the-middle). Patching
    `ssl._create_default_https_context` turns verification off for every `urllib`, `http.client`
    and `xmlrpc` connection in the process, not just one.

    ## Example
    ```python
    import ssl
    import urllib.request

    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    urllib.request.urlopen(url, context=context)
    ```

    ## Use instead
    ```python
    import ssl
    import urllib.request

    # Trust an internal CA explicitly instead of trusting everyone.
    context = ssl.create_default_context(cafile="/etc/ssl/certs/internal-ca.pem")
    urllib.request.urlopen(url, context=context)
    ```

    ## Options
    None.

    ## Fix safety
    Three fixes are offered, all unsafe: `check_hostname = False` becomes `True`,
    `ssl.CERT_NONE` becomes `ssl.CERT_REQUIRED`, and `ssl._create_unverified_context()` (called
    without arguments) becomes `ssl.create_default_context()`. They change behaviour on
    purpose: a connection to a server with a self-signed or mismatched certificate fails until
    the context is given the right CA (`cafile=...`) or the server a valid certificate.

    ## References
    - [CWE-295: Improper Certificate Validation](https://cwe.mitre.org/data/definitions/295.html)
    - [Python docs: ssl security considerations](https://docs.python.org/3/library/ssl.html#ssl-security)
    - [Python docs: SSLContext.check_hostname](https://docs.python.org/3/library/ssl.html#ssl.SSLContext.check_hostname)
    - [PEP 476: Enabling certificate verification by default for stdlib http clients](https://peps.python.org/pep-0476/)
    - [pyOpenSSL: Context.set_verify](https://www.pyopenssl.org/en/stable/api/ssl.html#OpenSSL.SSL.Context.set_verify)
    """

    id = "SW102"
    name = "unverified-ssl-context"
    summary = "TLS context without certificate or host-name verification"
    hint = "use ssl.create_default_context() (pass cafile=... for a private CA) and keep its checks on"
    severity = HIGH
    confidence = HIGH
    cwe = (295,)
    tags = ("tls", "network")
    fix_safety = FixSafety.UNSAFE
    bandit = ("B323",)
    ruff = ("S323",)
    triggers = ("_create_unverified_context", "CERT_NONE", "check_hostname", "set_verify")

    VALID = [
        "import ssl\ncontext = ssl.create_default_context()\n",
        "import ssl\ncontext = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)\ncontext.check_hostname = True\n",
        "import ssl\ncontext = ssl.create_default_context()\ncontext.verify_mode = ssl.CERT_REQUIRED\n",
        # A comparison is not a configuration.
        "import ssl\nif context.verify_mode == ssl.CERT_NONE:\n    warn()\n",
        # Our own function with the same name.
        "def _create_unverified_context():\n    return make()\nctx = _create_unverified_context()\n",
        # Dynamic: cannot judge.
        "import os, ssl\ncontext = ssl.create_default_context()\ncontext.check_hostname = os.environ.get('CHECK', True)\n",
        # A string, not ssl.CERT_NONE; and a receiver that is not an SSL context.
        "settings.verify_mode = 'none'\n",
        "import argparse\nargs = argparse.ArgumentParser().parse_args()\nargs.check_hostname = False\n",
        "from OpenSSL import SSL\nctx = SSL.Context(SSL.TLS_CLIENT_METHOD)\nctx.set_verify(SSL.VERIFY_PEER, callback)\n",
        # Not an SSL API: a same-named method with an unrelated argument.
        "validator.set_verify(VERIFY_NONE)\n",
        "import ssl\nsock = ssl.wrap_socket(raw, cert_reqs=ssl.CERT_REQUIRED, ca_certs='/etc/ca.pem')\n",
        "import ssl\nhasattr(ssl, '_create_unverified_context')\n",
    ]
    INVALID = [
        Invalid("import ssl\ncontext = ssl._create_unverified_context()\n", 2),
        Invalid("import ssl as s\nurlopen(url, context=s._create_unverified_context())\n", 2),
        Invalid("from ssl import _create_unverified_context as unverified\nctx = unverified()\n", 2),
        Invalid("from ssl import *\nctx = _create_unverified_context()\n", 2),
        Invalid("import ssl\nssl._create_default_https_context = ssl._create_unverified_context\n", 2),
        # The usual "fix" copied from Stack Overflow, through a local alias.
        Invalid(
            "import ssl\ntry:\n    _unverified = ssl._create_unverified_context\nexcept AttributeError:\n    pass\n"
            "else:\n    ssl._create_default_https_context = _unverified\n",
            7,
        ),
        Invalid(
            "import ssl\ncontext = ssl.create_default_context()\ncontext.check_hostname = False\n"
            "context.verify_mode = ssl.CERT_NONE\n",
            3, 4,
        ),
        # Any receiver for CERT_NONE; an untraced receiver for check_hostname (medium confidence).
        Invalid("from ssl import CERT_NONE\ndef configure(ctx):\n    ctx.check_hostname = False\n    ctx.verify_mode = CERT_NONE\n", 3, 4),
        Invalid("import ssl\nclass Client:\n    def __init__(self):\n        self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)\n        self.ctx.check_hostname = False\n", 5),
        Invalid("import ssl\nCHECK = False\nctx = ssl.create_default_context()\nctx.check_hostname = CHECK\n", 4),
        Invalid("import ssl\nsock = ssl.wrap_socket(\n    raw,\n    cert_reqs=ssl.CERT_NONE,\n)\n", 4),
        Invalid("import ssl\nsock = ssl.wrap_socket(raw, **{'cert_reqs': ssl.CERT_NONE})\n", 2),
        Invalid("import ssl\nfrom urllib3.util.ssl_ import create_urllib3_context\nctx = create_urllib3_context(cert_reqs=ssl.CERT_NONE)\n", 3),
        Invalid("from OpenSSL import SSL\nctx = SSL.Context(SSL.TLS_CLIENT_METHOD)\nctx.set_verify(SSL.VERIFY_NONE, lambda *args: True)\n", 3),
        Invalid("import OpenSSL\nctx.set_verify(mode=OpenSSL.SSL.VERIFY_NONE)\n", 2),
        # The default set in __init__ is reported; reading the attribute later is not (it is state).
        Invalid(
            "import ssl\nclass Context:\n    def __init__(self):\n        self.verify_mode = ssl.CERT_NONE\n"
            "    def wrap(self, sock):\n        return ssl.wrap_socket(sock, cert_reqs=self.verify_mode)\n",
            4,
        ),
    ]

    def visit_Call(self, node: cst.Call, ctx) -> None:
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value == "set_verify":
            self._check_set_verify(node, ctx)
            return
        if ctx.match(func, _UNVERIFIED) is not None:
            fix = None
            if not node.args and isinstance(func, cst.Attribute):
                fix = NodeFix("use ssl.create_default_context()", FixSafety.UNSAFE,
                              ((func.attr, cst.Name("create_default_context")),))
            self.report(ctx, node, "TLS verification disabled (ssl._create_unverified_context())", fix=fix)
            return
        if ctx.match(func, _WRAP_SOCKET) is not None:
            self._check_cert_reqs(node, ctx, ctx.argument(node, "cert_reqs", 4))
        elif ctx.match(func, _URLLIB3_CONTEXT) is not None:
            self._check_cert_reqs(node, ctx, ctx.argument(node, "cert_reqs", 1))

    def visit_Assign(self, node: cst.Assign, ctx) -> None:
        for target in node.targets:
            attribute = target.target
            if not isinstance(attribute, cst.Attribute) or attribute.attr.value not in _WATCHED_ATTRIBUTES:
                continue
            name = attribute.attr.value
            if name == "verify_mode":
                if _match_constant(ctx, node.value, _CERT_NONE) is not None:
                    self.report(ctx, node.value, "TLS certificate verification disabled (verify_mode = ssl.CERT_NONE)",
                                hint="keep verify_mode = ssl.CERT_REQUIRED (the default of create_default_context())",
                                fix=_cert_required_fix(node.value))
            elif name == "check_hostname":
                if ctx.literal(node.value) is False:
                    confidence = self._receiver_confidence(attribute.value, ctx)
                    if confidence is not None:
                        fix = None
                        if isinstance(node.value, cst.Name) and node.value.value == "False":
                            fix = NodeFix("set check_hostname = True", FixSafety.UNSAFE, ((node.value, cst.Name("True")),))
                        self.report(ctx, node.value, "TLS host-name verification disabled (check_hostname = False)",
                                    hint="keep check_hostname = True; pass cafile=... for a private CA",
                                    confidence=confidence, fix=fix)
            elif ctx.match(attribute, _DEFAULT_HTTPS_CONTEXT) is not None and _match_constant(ctx, node.value, _UNVERIFIED) is not None:
                self.report(ctx, node, "TLS verification disabled for the whole process "
                            "(ssl._create_default_https_context = ssl._create_unverified_context)",
                            hint="remove the assignment; pass context=ssl.create_default_context(cafile=...) where needed")

    # -- helpers -----------------------------------------------------------------------------
    def _check_cert_reqs(self, call: cst.Call, ctx, value) -> None:
        if value is not None and _match_constant(ctx, value, _CERT_NONE) is not None:
            self.report(ctx, value, "TLS certificate verification disabled (cert_reqs=ssl.CERT_NONE)",
                        hint="use cert_reqs=ssl.CERT_REQUIRED with a CA bundle, or ssl.create_default_context()",
                        fix=_cert_required_fix(value))

    def _check_set_verify(self, call: cst.Call, ctx) -> None:
        mode = ctx.argument(call, "mode", 0)
        if mode is None:
            return
        if _match_constant(ctx, mode, _PYOPENSSL_VERIFY_NONE) is not None or (
            ctx.literal(mode) == 0 and ctx.qualname(call.func) == f"{_PYOPENSSL_CONTEXT}.set_verify"
        ):
            self.report(ctx, mode, "TLS certificate verification disabled (set_verify(SSL.VERIFY_NONE))",
                        hint="use SSL.VERIFY_PEER and load trusted CAs (set_default_verify_paths() or load_verify_locations())")

    @staticmethod
    def _receiver_confidence(receiver: cst.BaseExpression, ctx):
        """HIGH for a traced SSL context, MEDIUM for an untraced object, None for something else."""
        name = ctx.qualname(receiver)
        if name is None:
            return MEDIUM
        if name in _SSL_CONTEXTS or name.endswith(".SSLContext()"):
            return HIGH
        # Traced to another API: report only when it still looks like a TLS context factory.
        last = name.rsplit(".", 1)[-1].lower()
        if "ssl" in last or "tls" in last or "context" in last:
            return MEDIUM
        return None


def _cert_required_fix(value: cst.BaseExpression):
    """`ssl.CERT_NONE` -> `ssl.CERT_REQUIRED` (only the attribute spelling: a bare imported name may not exist)."""
    if isinstance(value, cst.Attribute) and value.attr.value == "CERT_NONE":
        return NodeFix("use CERT_REQUIRED", FixSafety.UNSAFE, ((value.attr, cst.Name("CERT_REQUIRED")),))
    return None


def _match_constant(ctx, expr: cst.BaseExpression, targets) -> str | None:
    """ctx.match for a constant, ignoring object state: `self.mode` resolves through the file's
    last `self.mode = ...` assignment, which says nothing about its value at this point."""
    value = ctx.value_of(expr)
    if isinstance(value, cst.Attribute) and ctx.qualname(value.value) is None and ctx.qualname(value) is not None:
        return None
    return ctx.match(expr, targets)
