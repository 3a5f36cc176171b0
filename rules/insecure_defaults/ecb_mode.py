from __future__ import annotations

import libcst as cst

from stagewarden.rule import HIGH, MEDIUM, Invalid, PythonRule

_CRYPTOGRAPHY_ECB = frozenset(["cryptography.hazmat.primitives.ciphers.modes.ECB"])

# pycryptodome / pycrypto block ciphers: their `new(key, mode, ...)` and their MODE_ECB constant.
_BLOCK_CIPHERS = ("AES", "DES", "DES3", "ARC2", "Blowfish", "CAST")
_NAMESPACES = ("Crypto", "Cryptodome")
_PYCRYPTO_NEW = frozenset(f"{ns}.Cipher.{cipher}.new" for ns in _NAMESPACES for cipher in _BLOCK_CIPHERS)
_PYCRYPTO_ECB = frozenset(f"{ns}.Cipher.{cipher}.MODE_ECB" for ns in _NAMESPACES for cipher in _BLOCK_CIPHERS)
# Only pycrypto (the `Crypto` namespace) defaulted to ECB; pycryptodome requires a mode.
_DEFAULTS_TO_ECB = frozenset(f"Crypto.Cipher.{cipher}.new" for cipher in _BLOCK_CIPHERS)

_ALL = _CRYPTOGRAPHY_ECB | _PYCRYPTO_NEW


class EcbMode(PythonRule):
    """
    ## What it does
    Finds block ciphers used in ECB mode: cryptography's `modes.ECB()`, and pycryptodome /
    pycrypto `AES.new(key, AES.MODE_ECB)` (mode as second argument or `mode=`, for AES, DES,
    DES3, ARC2, Blowfish and CAST, in the `Crypto` and `Cryptodome` namespaces). A
    `Crypto.Cipher.AES.new(key)` call with no mode at all is reported with medium confidence:
    the old pycrypto library silently used ECB then (pycryptodome refuses the call).

    ## Why is this bad?
    ECB encrypts each block on its own, so equal plaintext blocks give equal ciphertext blocks:
    patterns in the data show through (the "ECB penguin"), blocks can be reordered, cut and
    pasted between messages, and an attacker who can get chosen plaintext encrypted can decrypt
    secrets byte by byte. ECB also provides no integrity.

    ## Example
    ```python
    from Crypto.Cipher import AES

    cipher = AES.new(key, AES.MODE_ECB)
    ```

    ## Use instead
    ```python
    from Crypto.Cipher import AES

    cipher = AES.new(key, AES.MODE_GCM)  # authenticated; send cipher.nonce and the tag along
    ```

    ## Options
    None.

    ## Fix safety
    No fix is offered: another mode needs a nonce or IV that must be stored with the ciphertext,
    and data already encrypted in ECB must be migrated.

    ## References
    - [CWE-327: Use of a Broken or Risky Cryptographic Algorithm](https://cwe.mitre.org/data/definitions/327.html)
    - [cryptography: modes.ECB](https://cryptography.io/en/latest/hazmat/primitives/symmetric-encryption/#cryptography.hazmat.primitives.ciphers.modes.ECB)
    - [PyCryptodome: classic modes of operation](https://www.pycryptodome.org/src/cipher/classic)
    - [Block cipher mode of operation: ECB](https://en.wikipedia.org/wiki/Block_cipher_mode_of_operation#Electronic_codebook_(ECB))
    """

    id = "SW124"
    name = "ecb-mode"
    summary = "Block cipher in ECB mode"
    hint = "use an authenticated mode: GCM (AESGCM, AES.MODE_GCM) or ChaCha20-Poly1305"
    severity = HIGH
    confidence = HIGH
    cwe = (327,)
    tags = ("crypto", "cipher")
    bandit = ("B305",)
    ruff = ("S305",)
    triggers = ("ECB", "MODE_ECB", "Crypto")

    VALID = [
        "from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes\n"
        "cipher = Cipher(algorithms.AES(key), modes.GCM(iv))\n",
        "from Crypto.Cipher import AES\ncipher = AES.new(key, AES.MODE_GCM)\n",
        "from Crypto.Cipher import AES\ncipher = AES.new(key, mode=AES.MODE_CBC, iv=iv)\n",
        "from Cryptodome.Cipher import AES\ncipher = AES.new(key, AES.MODE_CTR, nonce=nonce)\n",
        # Mode chosen at run time, or passed through **kwargs: cannot tell.
        "from Crypto.Cipher import AES\ncipher = AES.new(key, mode)\n",
        "from Crypto.Cipher import AES\ncipher = AES.new(key, **settings)\n",
        # pycryptodomex (Cryptodome) never had a default mode: the call would fail, not use ECB.
        "from Cryptodome.Cipher import AES\ncipher = AES.new(key)\n",
        # Unrelated objects with the same names.
        "import Crypto\nfrom myapp import modes, AES\nm = modes.ECB()\nc = AES.new(key, AES.MODE_ECB)\n",
        "def ECB():\n    return None\nmode = ECB()\n",
    ]
    INVALID = [
        Invalid("from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes\n"
                "cipher = Cipher(algorithms.AES(key), modes.ECB())\n", 2),
        Invalid("from cryptography.hazmat.primitives.ciphers.modes import ECB as E\ncipher = Cipher(algo, E())\n", 2),
        Invalid("from cryptography.hazmat.primitives.ciphers.modes import *\ncipher = Cipher(algo, ECB())\n", 2),
        Invalid("from Crypto.Cipher import AES\ncipher = AES.new(key, AES.MODE_ECB)\n", 2),
        Invalid("import Cryptodome.Cipher.AES as aes\ncipher = aes.new(key, mode=aes.MODE_ECB)\n", 2),
        Invalid("from Crypto.Cipher import DES3\nMODE = DES3.MODE_ECB\ncipher = DES3.new(key, MODE)\n", 3),
        Invalid("from Crypto.Cipher import AES\ncipher = AES.new(key, **{'mode': AES.MODE_ECB})\n", 2),
        Invalid("from Crypto.Cipher import AES\ncipher = AES.new(\n    key,\n    AES.MODE_ECB,\n)\n", 4),
        # pycrypto's default mode was ECB.
        Invalid("from Crypto.Cipher import AES\ncipher = AES.new(key)\n", 2),
    ]

    def visit_Call(self, node: cst.Call, ctx) -> None:
        name = ctx.match_call(node, _ALL)
        if name is None:
            return
        if name in _CRYPTOGRAPHY_ECB:
            self.report(ctx, node, "block cipher in ECB mode (modes.ECB())")
            return
        mode = ctx.argument(node, "mode", 1)
        if mode is None:
            if name in _DEFAULTS_TO_ECB and not ctx.has_star_args(node):
                cipher = name.split(".")[2]
                self.report(ctx, node, f"block cipher in ECB mode ({cipher}.new() without a mode defaults to ECB in pycrypto)",
                            confidence=MEDIUM)
            return
        if ctx.match(mode, _PYCRYPTO_ECB) is not None:
            cipher = name.split(".")[2]
            self.report(ctx, mode, f"block cipher in ECB mode ({cipher}.MODE_ECB)")
