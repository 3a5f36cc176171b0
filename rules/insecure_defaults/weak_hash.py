from __future__ import annotations

import libcst as cst

from stagewarden.rule import MEDIUM, Invalid, PythonRule

# hashlib constructors: the weak algorithm each one names.
_HASHLIB_CALLS = {"hashlib.md5": "md5", "hashlib.sha1": "sha1"}
_HASHLIB_NEW = frozenset(["hashlib.new"])
# hashlib.new() names (lower-cased) and whether they are broken (collisions found) or only weak.
_WEAK_NAMES = {"md5": "broken", "md4": "broken", "sha1": "broken", "sha": "broken", "md5-sha1": "broken", "ripemd160": "weak"}

# pycryptodome (Crypto. and the pycryptodomex Cryptodome. namespace) and the old pycrypto `SHA`.
_PYCRYPTO_CALLS = {
    f"{namespace}.Hash.{module}.new": algorithm
    for namespace in ("Crypto", "Cryptodome")
    for module, algorithm in (("MD5", "md5"), ("MD4", "md4"), ("MD2", "md2"), ("SHA1", "sha1"), ("SHA", "sha1"))
}

# cryptography's hash objects.
_CRYPTOGRAPHY_CALLS = {
    "cryptography.hazmat.primitives.hashes.MD5": "md5",
    "cryptography.hazmat.primitives.hashes.SHA1": "sha1",
}

# Uses of a hash that do not depend on its collision resistance: HMAC, and OAEP/MGF1 padding.
_EXEMPT_WRAPPERS = frozenset(
    [
        "cryptography.hazmat.primitives.hmac.HMAC",
        "cryptography.hazmat.primitives.asymmetric.padding.OAEP",
        "cryptography.hazmat.primitives.asymmetric.padding.MGF1",
    ]
)

_ALL = frozenset([*_HASHLIB_CALLS, *_HASHLIB_NEW, *_PYCRYPTO_CALLS, *_CRYPTOGRAPHY_CALLS, *_EXEMPT_WRAPPERS])

_HASHLIB_HINT = "use hashlib.sha256 (or blake2b); if this is not for security, pass usedforsecurity=False"
_PYCRYPTO_HINT = "use Crypto.Hash.SHA256 (or SHA3_256, BLAKE2b)"
_CRYPTOGRAPHY_HINT = "use hashes.SHA256() (or SHA3_256, BLAKE2b)"


class WeakHash(PythonRule):
    """
    ## What it does
    Finds MD5, MD4, MD2, SHA-1 and RIPEMD-160 hashes being created: `hashlib.md5()`,
    `hashlib.sha1()`, `hashlib.new("md5")` (any case, `name=` too), pycryptodome's
    `Crypto.Hash.MD5.new()` / `MD4` / `MD2` / `SHA1` / `SHA` (and the `Cryptodome` namespace), and
    cryptography's `hashes.MD5()` / `hashes.SHA1()`.

    `hashlib` calls that pass `usedforsecurity=False` are left alone: that flag is how Python
    code says "this is a checksum or cache key, not a security control". HMAC keyed with MD5 or
    SHA-1 (`hmac.new(key, msg, hashlib.sha1)`, cryptography's `HMAC(key, hashes.SHA1())`) and
    SHA-1 inside RSA-OAEP / MGF1 padding are not reported: those constructions do not rely on
    collision resistance and are not broken.

    ## Why is this bad?
    Collisions can be computed for MD5 and SHA-1 in practice (SHAttered, chosen-prefix
    attacks): an attacker can make two different documents, certificates or files with the same
    digest, so a signature, integrity check or deduplication key built on them can be forged.
    MD4 and MD2 are weaker still, and RIPEMD-160's 160-bit output is below today's margins.

    ## Example
    ```python
    import hashlib

    digest = hashlib.md5(upload).hexdigest()
    ```

    ## Use instead
    ```python
    import hashlib

    digest = hashlib.sha256(upload).hexdigest()
    # or, for a non-security checksum or cache key:
    etag = hashlib.md5(body, usedforsecurity=False).hexdigest()
    ```

    ## Options
    None.

    ## Fix safety
    No fix is offered: changing the algorithm changes every stored or exchanged digest, and
    only the author knows whether the hash is a security control.

    ## References
    - [CWE-327: Use of a Broken or Risky Cryptographic Algorithm](https://cwe.mitre.org/data/definitions/327.html)
    - [CWE-328: Use of Weak Hash](https://cwe.mitre.org/data/definitions/328.html)
    - [Python hashlib: usedforsecurity](https://docs.python.org/3/library/hashlib.html#hash-algorithms)
    - [cryptography: message digests](https://cryptography.io/en/latest/hazmat/primitives/cryptographic-hashes/)
    - [PyCryptodome: hash functions](https://www.pycryptodome.org/src/hash/hash)
    """

    id = "SW122"
    name = "weak-hash"
    summary = "Broken or weak hash algorithm (MD5, SHA-1, MD4)"
    hint = _HASHLIB_HINT
    severity = MEDIUM
    confidence = MEDIUM
    cwe = (327, 328)
    tags = ("crypto", "hash")
    bandit = ("B303", "B324")
    ruff = ("S303", "S324")
    # `hashlib.new("MD5")` may spell the algorithm in any case: `hashlib` covers the whole module.
    triggers = ("hashlib", "Crypto", "Cryptodome", "hazmat")

    VALID = [
        "import hashlib\ndigest = hashlib.sha256(data).hexdigest()\n",
        "import hashlib\netag = hashlib.md5(body, usedforsecurity=False).hexdigest()\n",
        "import hashlib\nh = hashlib.new('MD5', usedforsecurity=False)\n",
        "import hashlib\nh = hashlib.new('sha256', data)\nh2 = hashlib.new(name='blake2b')\n",
        # HMAC with MD5/SHA-1 is not broken; passing the constructor is not a call.
        "import hashlib, hmac\nsig = hmac.new(key, msg, hashlib.sha1).hexdigest()\n",
        "import hmac\nsig = hmac.new(key, msg, 'md5').hexdigest()\n",
        "from cryptography.hazmat.primitives import hashes, hmac\nh = hmac.HMAC(key, hashes.SHA1())\n",
        "from cryptography.hazmat.primitives import hashes\nfrom cryptography.hazmat.primitives.asymmetric import padding\n"
        "pad = padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA1()), algorithm=hashes.SHA1(), label=None)\n",
        # A local function that happens to be called md5.
        "import hashlib\ndef md5(path):\n    return checksum(path)\nmd5('file.bin')\n",
        # Same method name on an unrelated object.
        "import hashlib\nh = hasher.md5(data)\nalgo = registry.new('md5')\n",
        # Algorithm chosen at run time: cannot tell.
        "import hashlib\nh = hashlib.new(algorithm_name, data)\n",
        "import hashlib\ndef md5(*args, **kwargs):\n    return hashlib.md5(*args, **kwargs)\n",
        "from Crypto.Hash import SHA256\nh = SHA256.new(data)\n",
        "from cryptography.hazmat.primitives import hashes\nd = hashes.Hash(hashes.SHA256())\n",
    ]
    INVALID = [
        Invalid("import hashlib\ndigest = hashlib.md5(data).hexdigest()\n", 2),
        Invalid("import hashlib as hl\nh = hl.sha1()\n", 2),
        Invalid("from hashlib import md5 as h\ndigest = h(data)\n", 2),
        Invalid("from hashlib import *\ndigest = sha1(data)\n", 2),
        Invalid("import hashlib\nh = hashlib.new('MD5')\nh2 = hashlib.new(name='md4')\nh3 = hashlib.new('ripemd160', data)\n", 2, 3, 4),
        Invalid("import hashlib\nALGORITHM = 'sha1'\nh = hashlib.new(ALGORITHM)\n", 3),
        Invalid("import hashlib\nh = hashlib.md5(data, **{'usedforsecurity': True})\n", 2),
        Invalid("import hashlib\nh = hashlib.new(**{'name': 'md5'})\n", 2),
        Invalid("import hashlib\nh = hashlib.md5(\n    data,\n)\n", 2),
        Invalid("from Crypto.Hash import MD5, SHA\nh = MD5.new(data)\nh2 = SHA.new(data)\n", 2, 3),
        Invalid("import Cryptodome.Hash.SHA1\nh = Cryptodome.Hash.SHA1.new(data)\n", 2),
        Invalid("from cryptography.hazmat.primitives import hashes\ndigest = hashes.Hash(hashes.MD5())\n", 2),
        Invalid("from cryptography.hazmat.primitives.hashes import SHA1 as S\nalgo = S()\n", 2),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._file = None
        self._exempt: set[int] = set()

    def visit_Call(self, node: cst.Call, ctx) -> None:
        name = ctx.match_call(node, _ALL)
        if name is None:
            return
        if name in _EXEMPT_WRAPPERS:
            exempt = self._exempt_ids(ctx)
            for arg in node.args:
                exempt.add(id(arg.value))
            return
        if name in _HASHLIB_CALLS:
            if self._not_for_security(node, ctx):
                return
            algorithm = _HASHLIB_CALLS[name]
            self.report(ctx, node, f"{algorithm} is a broken hash ({name})")
        elif name in _HASHLIB_NEW:
            value = ctx.literal(ctx.argument(node, "name", 0))
            if not isinstance(value, str) or value.lower() not in _WEAK_NAMES:
                return
            if self._not_for_security(node, ctx):
                return
            algorithm = value.lower()
            self.report(ctx, node, f'{algorithm} is a {_WEAK_NAMES[algorithm]} hash (hashlib.new("{value}"))')
        elif name in _PYCRYPTO_CALLS:
            algorithm = _PYCRYPTO_CALLS[name]
            spelling = name.split(".", 2)[2]
            self.report(ctx, node, f"{algorithm} is a broken hash ({spelling})", hint=_PYCRYPTO_HINT)
        else:
            if self._file is ctx and id(node) in self._exempt:
                return
            algorithm = _CRYPTOGRAPHY_CALLS[name]
            spelling = "hashes." + name.rsplit(".", 1)[1] + "()"
            self.report(ctx, node, f"{algorithm} is a broken hash ({spelling})", hint=_CRYPTOGRAPHY_HINT)

    @staticmethod
    def _not_for_security(node: cst.Call, ctx) -> bool:
        """`usedforsecurity=` given and not literally True (the author has said what the hash is
        for), or a `**kwargs` we cannot see that may carry it (a wrapper like `md5(*a, **kw)`)."""
        flag = ctx.keyword(node, "usedforsecurity")
        if flag is not None:
            return ctx.literal(flag) is not True
        return any(
            arg.star == "**" and not isinstance(ctx.value_of(arg.value), (cst.Dict, cst.Call))
            for arg in node.args
        )

    def _exempt_ids(self, ctx) -> set[int]:
        if self._file is not ctx:  # a new file: forget the previous file's nodes
            self._file = ctx
            self._exempt = set()
        return self._exempt
