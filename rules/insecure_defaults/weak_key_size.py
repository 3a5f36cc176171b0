from __future__ import annotations

import libcst as cst

from stagewarden.findings import FixSafety
from stagewarden.rule import HIGH, MEDIUM, Invalid, NodeFix, PythonRule

_ASYMMETRIC = "cryptography.hazmat.primitives.asymmetric"
# Key generators: algorithm, keyword name and position of the size argument.
_SIZED = {
    f"{_ASYMMETRIC}.rsa.generate_private_key": ("RSA", "key_size", 1),
    f"{_ASYMMETRIC}.dsa.generate_private_key": ("DSA", "key_size", 0),
    **{f"{ns}.PublicKey.{alg}.generate": (alg, "bits", 0) for ns in ("Crypto", "Cryptodome") for alg in ("RSA", "DSA")},
    # python-rsa
    "rsa.newkeys": ("RSA", "nbits", 0),
    "rsa.key.newkeys": ("RSA", "nbits", 0),
}
_EC_GENERATE = f"{_ASYMMETRIC}.ec.generate_private_key"
_WEAK_CURVES = {f"{_ASYMMETRIC}.ec.{curve}": (curve, bits) for curve, bits in (("SECP192R1", 192), ("SECT163K1", 163), ("SECT163R2", 163))}

_ALL = frozenset([*_SIZED, _EC_GENERATE])

_MIN_BITS = 2048  # RSA / DSA, NIST SP 800-131A
_BREAKABLE_BITS = 1024
_EC_BREAKABLE_BITS = 160


class WeakKeySize(PythonRule):
    """
    ## What it does
    Finds RSA and DSA keys generated with fewer than 2048 bits, and elliptic-curve keys on curves
    below 224 bits (`SECP192R1`, `SECT163K1`, `SECT163R2`): cryptography's
    `rsa.generate_private_key(public_exponent, key_size)`, `dsa.generate_private_key(key_size)`
    and `ec.generate_private_key(curve)`; pycryptodome / pycrypto `RSA.generate(bits)` and
    `DSA.generate(bits)` (`Crypto` and `Cryptodome` namespaces); and python-rsa's
    `rsa.newkeys(nbits)`. Sizes are followed through constants (`KEY_BITS = 1024`); a size
    computed at run time is not reported.

    Keys under 1024 bits are reported with high severity, 1024 to 2047 bits with medium.

    ## Why is this bad?
    RSA-512 can be factored on rented cloud machines in hours, and RSA/DSA-1024 is within reach
    of well-funded attackers; NIST disallowed keys under 2048 bits for signatures and key
    exchange after 2013. Curves under 224 bits give less than 112 bits of security. Anyone who
    breaks the key can forge signatures and decrypt everything encrypted to it.

    ## Example
    ```python
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    ```

    ## Use instead
    ```python
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    ```

    ## Options
    None.

    ## Fix safety
    When the RSA/DSA size is written as a number in the call, the fix replaces it with 2048. It is
    unsafe: key generation gets slower, signatures and ciphertexts get longer, and a peer with
    a fixed key size may reject the new key. Weak curves are not fixed automatically.

    ## References
    - [CWE-326: Inadequate Encryption Strength](https://cwe.mitre.org/data/definitions/326.html)
    - [cryptography: RSA key generation](https://cryptography.io/en/latest/hazmat/primitives/asymmetric/rsa/#generation)
    - [cryptography: elliptic curves](https://cryptography.io/en/latest/hazmat/primitives/asymmetric/ec/)
    - [PyCryptodome: RSA.generate](https://www.pycryptodome.org/src/public_key/rsa)
    - [python-rsa: rsa.newkeys](https://stuvel.eu/python-rsa-doc/reference.html)
    - [NIST SP 800-131A Rev. 2: transitioning key lengths](https://csrc.nist.gov/publications/detail/sp/800-131a/rev-2/final)
    """

    id = "SW125"
    name = "weak-key-size"
    summary = "Asymmetric key too small to be secure"
    hint = "use RSA/DSA keys of at least 2048 bits (3072 for use beyond 2030), or SECP256R1 / Ed25519"
    severity = HIGH
    confidence = HIGH
    cwe = (326,)
    tags = ("crypto", "keys")
    fix_safety = FixSafety.UNSAFE
    bandit = ("B505",)
    ruff = ("S505",)
    triggers = ("generate_private_key", "PublicKey", "newkeys")

    VALID = [
        "from cryptography.hazmat.primitives.asymmetric import rsa\nkey = rsa.generate_private_key(65537, 2048)\n",
        "from cryptography.hazmat.primitives.asymmetric import rsa\nkey = rsa.generate_private_key(public_exponent=65537, key_size=4096)\n",
        "from cryptography.hazmat.primitives.asymmetric import ec\nkey = ec.generate_private_key(ec.SECP256R1())\n",
        "from Crypto.PublicKey import RSA\nkey = RSA.generate(3072)\n",
        "import rsa\n(public, private) = rsa.newkeys(2048)\n",
        # Size chosen at run time: cannot tell.
        "from cryptography.hazmat.primitives.asymmetric import rsa\ndef make(bits):\n    return rsa.generate_private_key(65537, bits)\n",
        "from Crypto.PublicKey import RSA\nkey = RSA.generate(settings.KEY_BITS)\n",
        # The public exponent is not the key size.
        "from cryptography.hazmat.primitives.asymmetric import rsa\nkey = rsa.generate_private_key(3, key_size=2048)\n",
        # Unrelated generate() functions.
        "import Crypto\nfrom myapp.keys import RSA\nkey = RSA.generate(512)\n",
        "import random\nrng.generate(512)\n",
        "def generate_private_key(a, b):\n    return a\nk = generate_private_key(65537, 512)\n",
    ]
    INVALID = [
        Invalid("from cryptography.hazmat.primitives.asymmetric import rsa\nkey = rsa.generate_private_key(65537, 1024)\n", 2),
        Invalid("from cryptography.hazmat.primitives.asymmetric import rsa as r\nkey = r.generate_private_key(public_exponent=65537, key_size=512)\n", 2),
        Invalid("from cryptography.hazmat.primitives.asymmetric.dsa import generate_private_key as gen\nkey = gen(1024)\n", 2),
        Invalid("from cryptography.hazmat.primitives.asymmetric.rsa import *\nkey = generate_private_key(65537, 1024)\n", 2),
        Invalid("from cryptography.hazmat.primitives.asymmetric import rsa\nKEY_BITS = 1024\n"
                "key = rsa.generate_private_key(65537, KEY_BITS)\n", 3),
        Invalid("from cryptography.hazmat.primitives.asymmetric import rsa\n"
                "key = rsa.generate_private_key(**{'public_exponent': 65537, 'key_size': 1536})\n", 2),
        Invalid("from cryptography.hazmat.primitives.asymmetric import rsa\nkey = rsa.generate_private_key(\n"
                "    public_exponent=65537,\n    key_size=1024,\n)\n", 4),
        Invalid("from cryptography.hazmat.primitives.asymmetric import ec\na = ec.generate_private_key(ec.SECP192R1())\n"
                "b = ec.generate_private_key(curve=ec.SECT163K1())\nCURVE = ec.SECT163R2()\nc = ec.generate_private_key(CURVE)\n", 2, 3, 5),
        Invalid("from Crypto.PublicKey import RSA, DSA\nkey = RSA.generate(1024)\ndsa_key = DSA.generate(bits=1024)\n", 2, 3),
        Invalid("import Cryptodome.PublicKey.RSA as R\nkey = R.generate(512, e=65537)\n", 2),
        Invalid("import rsa\n(public, private) = rsa.newkeys(512)\n", 2),
    ]

    def visit_Call(self, node: cst.Call, ctx) -> None:
        name = ctx.match_call(node, _ALL)
        if name is None:
            return
        if name == _EC_GENERATE:
            self._check_curve(node, ctx)
            return
        algorithm, keyword, position = _SIZED[name]
        size_node = ctx.argument(node, keyword, position)
        size = ctx.literal(size_node)
        if not isinstance(size, int) or isinstance(size, bool) or size >= _MIN_BITS:
            return
        fix = None
        if isinstance(size_node, cst.Integer):
            fix = NodeFix(f"use a {_MIN_BITS}-bit key", FixSafety.UNSAFE, ((size_node, cst.Integer(str(_MIN_BITS))),))
        self.report(ctx, size_node, f"{algorithm} key too small ({size} bits)",
                    severity=HIGH if size < _BREAKABLE_BITS else MEDIUM, fix=fix)

    def _check_curve(self, node: cst.Call, ctx) -> None:
        curve_node = ctx.argument(node, "curve", 0)
        if curve_node is None:
            return
        curve = ctx.value_of(curve_node)
        # An instance (`ec.SECP192R1()`) or, in old cryptography code, the class itself.
        target = curve.func if isinstance(curve, cst.Call) else curve
        weak = ctx.match(target, _WEAK_CURVES)
        if weak is None:
            return
        curve_name, bits = _WEAK_CURVES[weak]
        self.report(ctx, curve_node, f"elliptic curve too small ({curve_name}, {bits} bits)",
                    severity=HIGH if bits < _EC_BREAKABLE_BITS else MEDIUM)
