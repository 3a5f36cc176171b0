from __future__ import annotations

import libcst as cst

from stagewarden.findings import FixSafety
from stagewarden.rule import HIGH, MEDIUM, Invalid, NodeFix, PythonRule

# Calls whose result is a MAC: hmac digests, and cryptography's HMAC().finalize().
_MAC_CALLS = frozenset(
    [f"hmac.{ctor}().{method}" for ctor in ("new", "HMAC") for method in ("digest", "hexdigest")]
    + ["hmac.digest", "cryptography.hazmat.primitives.hmac.HMAC().finalize"]
)
# Calls that only re-encode a MAC: the result is as secret and as comparable as the MAC itself.
_ENCODERS = frozenset(
    f"{module}.{name}"
    for module, names in (
        ("base64", ("b64encode", "urlsafe_b64encode", "b32encode", "b16encode", "standard_b64encode")),
        ("binascii", ("hexlify", "b2a_hex", "b2a_base64")),
    )
    for name in names
)
_STRING_METHODS = frozenset(["decode", "encode", "lower", "upper", "strip", "rstrip", "hex"])
_MAX_DEPTH = 6


class NonConstantTimeCompare(PythonRule):
    """
    ## What it does
    Finds HMAC values compared with `==` or `!=`: `hmac.new(...).hexdigest()` / `.digest()`,
    `hmac.HMAC(...)`, `hmac.digest(...)` and cryptography's `HMAC(...).finalize()`, directly or
    through a variable assigned from one of them (also after `base64`/`binascii` encoding or
    `.decode()` / `.lower()`, and embedded in a string by `+`, `%`, `.format()` or an f-string,
    as in GitHub-style `"sha256=" + digest` signatures). A comparison with a literal string
    (a test vector) is not reported,
    nor are digests of plain hashes (`hashlib.sha256(data).hexdigest() == checksum`), which
    check integrity rather than authenticate a request.

    ## Why is this bad?
    `==` stops at the first byte that differs, so the time it takes leaks how much of a
    guessed signature is right. An attacker who can submit signatures (webhook signatures,
    signed cookies, password-reset links) can recover a valid MAC for a message of their choosing
    one byte at a time, without knowing the key.

    ## Example
    ```python
    import hmac

    expected = hmac.new(secret, body, "sha256").hexdigest()
    if expected == request.headers["X-Signature"]:
        ...
    ```

    ## Use instead
    ```python
    import hmac

    expected = hmac.new(secret, body, "sha256").hexdigest()
    if hmac.compare_digest(expected, request.headers["X-Signature"]):
        ...
    ```

    ## Options
    None.

    ## Fix safety
    When `hmac` is imported under its own name, the fix rewrites `a == b` to
    `hmac.compare_digest(a, b)` (and `!=` to `not hmac.compare_digest(a, b)`). It is unsafe:
    `compare_digest` raises `TypeError` where `==` returned False, when one side is bytes and the
    other str, or a str holds non-ASCII characters.

    ## References
    - [CWE-208: Observable Timing Discrepancy](https://cwe.mitre.org/data/definitions/208.html)
    - [Python hmac.compare_digest](https://docs.python.org/3/library/hmac.html#hmac.compare_digest)
    - [cryptography: HMAC.verify](https://cryptography.io/en/latest/hazmat/primitives/mac/hmac/)
    """

    id = "SW144"
    name = "non-constant-time-compare"
    summary = "HMAC compared with == instead of a constant-time comparison"
    hint = "use hmac.compare_digest(a, b)"
    severity = MEDIUM
    confidence = HIGH
    cwe = (208,)
    tags = ("crypto", "timing")
    fix_safety = FixSafety.UNSAFE
    triggers = ("hmac",)

    VALID = [
        "import hmac\nexpected = hmac.new(key, body, 'sha256').hexdigest()\nok = hmac.compare_digest(expected, signature)\n",
        "import secrets, hmac\nok = secrets.compare_digest(token, stored)\n",
        # A plain hash checks integrity; nothing secret to leak.
        "import hashlib, hmac\nok = hashlib.sha256(data).hexdigest() == expected_checksum\n",
        "import hmac\nok = len(hmac.new(key, msg, 'sha256').digest()) == 32\n",
        # Compared with a known test vector.
        "import hmac\nassert hmac.new(b'key', b'msg', 'sha256').hexdigest() == 'a1b2c3'\n",
        # Same method names on unrelated objects, and a local hmac-like helper.
        "import hmac\nok = hasher.hexdigest() == signature\n",
        "import hmac\ndef digest(a, b):\n    return a\nok = digest(key, msg) == signature\n",
        "import hmac\nsig = hmac.new(key, msg, 'sha256').hexdigest()\nsig = normalise(header)\nok = sig == other\n",
        # A plain hash in a signature-like string, and a prefixed MAC compared the safe way.
        "import hashlib, hmac\nok = 'sha256=' + hashlib.sha256(body).hexdigest() == header\n",
        "import hashlib, hmac\ndef verify(secret, body, signature):\n"
        "    expected = 'sha256=' + hmac.new(secret, body, hashlib.sha256).hexdigest()\n"
        "    return hmac.compare_digest(expected, signature)\n",
        "import hmac\nassert f\"sha256={hmac.new(b'k', b'm', 'sha256').hexdigest()}\" == 'sha256=a1b2'\n",
        "import hmac\nok = 'sha256=' + name == header\nsame = f'{prefix}={value}' == header\n",
    ]
    INVALID = [
        Invalid("import hmac\nok = hmac.new(key, body, 'sha256').hexdigest() == signature\n", 2),
        Invalid("import hmac as h\nif signature != h.new(key, body, 'sha256').digest():\n    raise Forbidden()\n", 2),
        Invalid("from hmac import new as mac\nexpected = mac(key, body, 'sha256').hexdigest()\nif expected == signature:\n    pass\n", 3),
        Invalid("from hmac import *\nok = digest(key, body, 'sha256') == signature\n", 2),
        Invalid("import hmac\ndef check(key, body, signature):\n    mac = hmac.HMAC(key, body, 'sha256')\n    return mac.hexdigest() == signature\n", 4),
        Invalid("import hmac, base64\nexpected = base64.b64encode(hmac.new(key, body, 'sha256').digest()).decode()\nok = signature == expected\n", 3),
        Invalid("import hmac\nok = (\n    hmac.new(key, body, 'sha256').hexdigest()\n    == signature\n)\n", 3),
        Invalid("from cryptography.hazmat.primitives import hashes, hmac\nh = hmac.HMAC(key, hashes.SHA256())\nh.update(body)\nok = h.finalize() == tag\n", 4),
        # GitHub-style signatures: the digest embedded in a prefixed string is still a MAC.
        Invalid("import hashlib, hmac\ndef verify(secret, body, signature):\n"
                "    expected = 'sha256=' + hmac.new(secret, body, hashlib.sha256).hexdigest()\n"
                "    return expected == signature\n", 4),
        Invalid("import hashlib, hmac\ndef verify(secret, body, signature):\n"
                "    return f\"sha256={hmac.new(secret, body, hashlib.sha256).hexdigest()}\" == signature\n", 3),
        Invalid("import hmac\nmac = hmac.new(key, body, 'sha1').hexdigest()\nok = header != 'sha1=%s' % mac\n"
                "same = 'v0={}'.format(mac) == header\nalso = 'v1=%s:%s' % (ts, mac) == header\n", 3, 4, 5),
    ]

    def visit_Comparison(self, node: cst.Comparison, ctx) -> None:
        targets = node.comparisons
        if not any(isinstance(t.operator, (cst.Equal, cst.NotEqual)) for t in targets):
            return
        operands = [node.left, *(t.comparator for t in targets)]
        for index, target in enumerate(targets):
            if not isinstance(target.operator, (cst.Equal, cst.NotEqual)):
                continue
            left, right = operands[index], operands[index + 1]
            if self._is_mac(left, ctx):
                other = right
            elif self._is_mac(right, ctx):
                other = left
            else:
                continue
            if isinstance(ctx.literal(other), (str, bytes)):
                continue  # a fixed test vector: nothing for an attacker to probe
            op = "==" if isinstance(target.operator, cst.Equal) else "!="
            fix = self._fix(node, ctx) if len(targets) == 1 else None
            self.report(ctx, node, f"HMAC compared in non-constant time ({op})", fix=fix)
            return

    def _is_mac(self, expr: cst.BaseExpression, ctx, depth: int = 0) -> bool:
        if depth > _MAX_DEPTH:
            return False
        expr = ctx.value_of(expr)
        if not isinstance(expr, cst.Call):
            return self._embeds_mac(expr, ctx, depth)
        func = expr.func
        if isinstance(func, cst.Attribute):
            method = func.attr.value
            if method in ("digest", "hexdigest", "finalize"):
                return ctx.match(func, _MAC_CALLS) is not None
            if method in _STRING_METHODS:
                return self._is_mac(func.value, ctx, depth + 1)
            if method == "format":  # "sha256={}".format(mac)
                return any(self._is_mac(arg.value, ctx, depth + 1) for arg in expr.args if not arg.star)
        elif not isinstance(func, cst.Name):
            return False
        name = ctx.match(func, _MAC_CALLS | _ENCODERS)
        if name is None:
            return False
        if name in _MAC_CALLS:
            return True
        inner = ctx.positional(expr, 0)
        return inner is not None and self._is_mac(inner, ctx, depth + 1)

    def _embeds_mac(self, expr: cst.BaseExpression, ctx, depth: int) -> bool:
        """A string with a MAC in it is as secret as the MAC: `"sha256=" + mac`,
        `"sha256=%s" % mac`, `f"sha256={mac}"` (GitHub-style signature headers)."""
        deeper = depth + 1
        if isinstance(expr, cst.FormattedString):
            return any(
                isinstance(part, cst.FormattedStringExpression) and self._is_mac(part.expression, ctx, deeper)
                for part in expr.parts
            )
        if isinstance(expr, cst.ConcatenatedString):
            return self._is_mac(expr.left, ctx, deeper) or self._is_mac(expr.right, ctx, deeper)
        if isinstance(expr, cst.BinaryOperation):
            if isinstance(expr.operator, cst.Add):
                return self._is_mac(expr.left, ctx, deeper) or self._is_mac(expr.right, ctx, deeper)
            if isinstance(expr.operator, cst.Modulo):
                values = ctx.value_of(expr.right)
                if isinstance(values, cst.Tuple):
                    return any(isinstance(e, cst.Element) and self._is_mac(e.value, ctx, deeper) for e in values.elements)
                return self._is_mac(expr.right, ctx, deeper)
        return False

    @staticmethod
    def _fix(node: cst.Comparison, ctx) -> NodeFix | None:
        if ctx.qualname(cst.Name("hmac")) != "hmac":
            return None  # `hmac` is not the module under that name here
        target = node.comparisons[0]
        call: cst.BaseExpression = cst.Call(
            func=cst.Attribute(value=cst.Name("hmac"), attr=cst.Name("compare_digest")),
            args=[cst.Arg(node.left), cst.Arg(target.comparator)],
        )
        if isinstance(target.operator, cst.NotEqual):
            call = cst.UnaryOperation(operator=cst.Not(), expression=call)
        return NodeFix("use hmac.compare_digest", FixSafety.UNSAFE, ((node, call),))
