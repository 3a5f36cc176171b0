from __future__ import annotations

import libcst as cst

from stagewarden.rule import HIGH, MEDIUM, Invalid, Option, PythonRule, Valid

_PBKDF2 = {
    # qualified name: (argument name, position, spelling in the message)
    "hashlib.pbkdf2_hmac": ("iterations", 3, "hashlib.pbkdf2_hmac"),
    "cryptography.hazmat.primitives.kdf.pbkdf2.PBKDF2HMAC": ("iterations", 3, "PBKDF2HMAC"),
    **{
        f"{module}.{handler}.{method}": ("rounds", None, f"{handler}.{method}")
        for module in ("passlib.hash", "passlib.handlers.pbkdf2")
        for handler in ("pbkdf2_sha1", "pbkdf2_sha256", "pbkdf2_sha512")
        for method in ("using", "hash", "encrypt")
    },
}
_SCRYPT = {
    # scrypt's CPU/memory cost n: keyword-only in hashlib, third argument of cryptography's Scrypt.
    "hashlib.scrypt": None,
    "cryptography.hazmat.primitives.kdf.scrypt.Scrypt": 2,
}
_MIN_SCRYPT_N = 2**14

_ALL = frozenset([*_PBKDF2, *_SCRYPT])


class WeakKdfIterations(PythonRule):
    """
    ## What it does
    Finds password-based key derivation with a constant work factor that is too low:
    `hashlib.pbkdf2_hmac(name, password, salt, iterations)` and cryptography's
    `PBKDF2HMAC(algorithm, length, salt, iterations)` with fewer than `min-iterations`
    iterations, passlib's `pbkdf2_sha256.using(rounds=N)` (also `pbkdf2_sha1`, `pbkdf2_sha512`,
    and the older `.hash(..., rounds=N)`) likewise, and scrypt (`hashlib.scrypt(..., n=N)`,
    cryptography's `Scrypt(salt, length, n, r, p)`) with `n` below 2**14. Counts are followed
    through constants; a count computed at run time is not reported.

    ## Why is this bad?
    Password hashes and password-derived keys are only as strong as the work an attacker must
    repeat for every guess. With a few thousand PBKDF2 iterations a single GPU tests billions of
    candidate passwords a day against a leaked hash. OWASP recommends 600,000 iterations for
    PBKDF2-HMAC-SHA256 (1,300,000 for SHA-1) and scrypt with n=2**17.

    ## Example
    ```python
    import hashlib

    key = hashlib.pbkdf2_hmac("sha256", password, salt, 1000)
    ```

    ## Use instead
    ```python
    import hashlib

    key = hashlib.pbkdf2_hmac("sha256", password, salt, 600_000)
    # or a memory-hard function: argon2-cffi's PasswordHasher, hashlib.scrypt(n=2**17, r=8, p=1)
    ```

    ## Options
    - `min-iterations` (int, default 100000): the smallest PBKDF2 iteration count (or passlib
      `rounds`) that is not reported. Raise it towards the OWASP figure of 600000 once existing
      hashes can be upgraded.

    ## Fix safety
    No fix is offered: a new iteration count derives different keys, so stored password
    hashes and encrypted data need a migration (rehash on next login).

    ## References
    - [CWE-916: Use of Password Hash With Insufficient Computational Effort](https://cwe.mitre.org/data/definitions/916.html)
    - [OWASP Password Storage Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html)
    - [Python hashlib: key derivation](https://docs.python.org/3/library/hashlib.html#key-derivation)
    - [cryptography: PBKDF2HMAC](https://cryptography.io/en/latest/hazmat/primitives/key-derivation-functions/#cryptography.hazmat.primitives.kdf.pbkdf2.PBKDF2HMAC)
    - [passlib: pbkdf2 hashes](https://passlib.readthedocs.io/en/stable/lib/passlib.hash.pbkdf2_digest.html)
    """

    id = "SW145"
    name = "weak-kdf-iterations"
    summary = "Password key derivation with too few iterations"
    hint = "use at least the configured minimum of PBKDF2 iterations (OWASP: 600000 for SHA-256), or argon2/scrypt"
    severity = MEDIUM
    confidence = HIGH
    cwe = (916,)
    tags = ("crypto", "password")
    options = (
        Option("min-iterations", int, 100_000, "smallest PBKDF2 iteration count (or passlib rounds) not reported"),
    )
    triggers = ("pbkdf2_hmac", "PBKDF2HMAC", "passlib", "scrypt")

    VALID = [
        "import hashlib\nkey = hashlib.pbkdf2_hmac('sha256', password, salt, 600_000)\n",
        "from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC\n"
        "kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=480000)\n",
        "import hashlib\nkey = hashlib.scrypt(password, salt=salt, n=2**14, r=8, p=1)\n",
        "from passlib.hash import pbkdf2_sha256\nhasher = pbkdf2_sha256.using(rounds=200000)\n",
        # Count chosen at run time: cannot tell.
        "import hashlib\ndef derive(password, salt, rounds):\n    return hashlib.pbkdf2_hmac('sha256', password, salt, rounds)\n",
        "import hashlib\nkey = hashlib.pbkdf2_hmac('sha256', password, salt, settings.PBKDF2_ITERATIONS)\n",
        # The key length (dklen) and positional salt are not the iteration count.
        "import hashlib\nkey = hashlib.pbkdf2_hmac('sha256', password, salt, 100000, 32)\n",
        # Same names elsewhere.
        "import hashlib\nkey = crypto_utils.pbkdf2_hmac('sha256', password, salt, 1000)\n",
        "import hashlib\ndef scrypt(password, n):\n    return password\nscrypt(pw, n=1024)\n",
        Valid("import hashlib\nkey = hashlib.pbkdf2_hmac('sha256', password, salt, 10_000)\n", min_iterations=10_000),
    ]
    INVALID = [
        Invalid("import hashlib\nkey = hashlib.pbkdf2_hmac('sha256', password, salt, 1000)\n", 2),
        Invalid("import hashlib as hl\nkey = hl.pbkdf2_hmac('sha256', password, salt, iterations=10_000)\n", 2),
        Invalid("from hashlib import pbkdf2_hmac as derive\nkey = derive('sha1', password, salt, 50000)\n", 2),
        Invalid("from hashlib import *\nkey = pbkdf2_hmac('sha256', password, salt, 4096)\n", 2),
        Invalid("import hashlib\nITERATIONS = 20_000\n\ndef derive(password, salt):\n    return hashlib.pbkdf2_hmac('sha256', password, salt, ITERATIONS)\n", 5),
        Invalid("import hashlib\nkey = hashlib.pbkdf2_hmac('sha256', password, salt, **{'iterations': 1000})\n", 2),
        Invalid("from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC\nkdf = PBKDF2HMAC(\n"
                "    algorithm=hashes.SHA256(),\n    length=32,\n    salt=salt,\n    iterations=10000,\n)\n", 6),
        Invalid("from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC\nkdf = PBKDF2HMAC(hashes.SHA256(), 32, salt, 1000)\n", 2),
        Invalid("from passlib.hash import pbkdf2_sha256\nhasher = pbkdf2_sha256.using(rounds=29000)\n", 2),
        Invalid("import hashlib\nkey = hashlib.scrypt(password, salt=salt, n=1024, r=8, p=1)\n", 2),
        Invalid("from cryptography.hazmat.primitives.kdf.scrypt import Scrypt\nkdf = Scrypt(salt=salt, length=32, n=2**10, r=8, p=1)\n", 2),
        Invalid("import hashlib\nkey = hashlib.pbkdf2_hmac('sha256', password, salt, 200_000)\n", 2, min_iterations=310_000),
    ]

    def visit_Call(self, node: cst.Call, ctx) -> None:
        name = ctx.match_call(node, _ALL)
        if name is None:
            return
        if name in _SCRYPT:
            position = _SCRYPT[name]
            cost = ctx.argument(node, "n", position)
            value = _integer(ctx, cost)
            if value is not None and value < _MIN_SCRYPT_N:
                self.report(ctx, cost, f"scrypt cost too low (n={value})", hint="use n=2**17 (at least 2**14), r=8, p=1")
            return
        keyword, position, spelling = _PBKDF2[name]
        count = ctx.argument(node, keyword, position)
        value = _integer(ctx, count)
        minimum = self.opts["min-iterations"]
        if value is not None and value < minimum:
            self.report(ctx, count, f"too few key derivation iterations ({spelling}, {keyword}={value})",
                        hint=f"use at least {minimum:,} iterations (OWASP: 600,000 for PBKDF2-HMAC-SHA256), or argon2/scrypt")


def _integer(ctx, expr: cst.BaseExpression | None) -> int | None:
    """The constant integer an argument holds, also for `2**14`; None when unknown."""
    if expr is None:
        return None
    value = ctx.literal(expr)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    expr = ctx.value_of(expr)
    if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Power):
        base, exponent = ctx.literal(expr.left), ctx.literal(expr.right)
        if all(isinstance(v, int) and not isinstance(v, bool) for v in (base, exponent)) and 0 <= exponent <= 64:
            return base**exponent
    return None
