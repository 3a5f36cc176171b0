from __future__ import annotations

import libcst as cst

from stagewarden.rule import HIGH, Invalid, PythonRule

_CRYPTOGRAPHY_ALGORITHMS = ("ARC4", "Blowfish", "IDEA", "TripleDES", "CAST5", "SEED")
_PYCRYPTO_MODULES = {"ARC2": "RC2", "ARC4": "RC4", "Blowfish": "Blowfish", "DES": "DES", "DES3": "Triple DES",
                     "XOR": "XOR", "CAST": "CAST-128"}

# The qualified name of each weak cipher constructor, and the spelling the message shows.
_CIPHERS = {
    **{f"cryptography.hazmat.primitives.ciphers.algorithms.{name}": f"algorithms.{name}" for name in _CRYPTOGRAPHY_ALGORITHMS},
    # cryptography 43+ moved these to the "decrepit" package (RC2 only exists there).
    **{f"cryptography.hazmat.decrepit.ciphers.algorithms.{name}": f"algorithms.{name}" for name in (*_CRYPTOGRAPHY_ALGORITHMS, "RC2")},
    **{f"{namespace}.Cipher.{module}.new": f"{module}.new" for namespace in ("Crypto", "Cryptodome") for module in _PYCRYPTO_MODULES},
    "pyDes.des": "pyDes.des",
    "pyDes.triple_des": "pyDes.triple_des",
}


class WeakCipher(PythonRule):
    """
    ## What it does
    Finds encryption with ciphers that are broken or have 64-bit blocks: RC4 (`ARC4`), RC2
    (`ARC2`), DES and Triple DES, Blowfish, IDEA, CAST5 and SEED from cryptography
    (`algorithms.TripleDES(key)`, in `ciphers.algorithms` or `decrepit.ciphers.algorithms`),
    pycryptodome / pycrypto (`DES.new(key, ...)`, `ARC4.new(key)`, `XOR.new(key)`, ..., in the
    `Crypto` and `Cryptodome` namespaces) and pyDes (`pyDes.des(key)`, `pyDes.triple_des(key)`).

    ## Why is this bad?
    RC4's keystream is biased and has been exploited against TLS and WEP; DES keys are brute-forced
    in hours; XOR "encryption" is not encryption. Triple DES, Blowfish, IDEA, CAST5 and RC2 use
    64-bit blocks, so after a few dozen gigabytes under one key blocks collide and leak plaintext
    (the Sweet32 attack). These algorithms are kept only for reading legacy data.

    ## Example
    ```python
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    cipher = Cipher(algorithms.TripleDES(key), modes.CBC(iv))
    ```

    ## Use instead
    ```python
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    ciphertext = AESGCM(key).encrypt(nonce, plaintext, associated_data)
    ```

    ## Options
    None.

    ## Fix safety
    No fix is offered: a new cipher needs a new key size, nonce handling and a migration of the
    data encrypted so far.

    ## References
    - [CWE-327: Use of a Broken or Risky Cryptographic Algorithm](https://cwe.mitre.org/data/definitions/327.html)
    - [cryptography: symmetric encryption algorithms](https://cryptography.io/en/latest/hazmat/primitives/symmetric-encryption/)
    - [cryptography: decrepit (weak) algorithms](https://cryptography.io/en/latest/hazmat/decrepit/ciphers/)
    - [PyCryptodome: legacy ciphers](https://www.pycryptodome.org/src/cipher/cipher)
    - [Sweet32: birthday attacks on 64-bit block ciphers](https://sweet32.info/)
    """

    id = "SW123"
    name = "weak-cipher"
    summary = "Broken or 64-bit-block cipher (RC4, DES, Triple DES, Blowfish)"
    hint = "use AES-GCM or ChaCha20-Poly1305 (cryptography's AESGCM / ChaCha20Poly1305)"
    severity = HIGH
    confidence = HIGH
    cwe = (327,)
    tags = ("crypto", "cipher")
    bandit = ("B304",)
    ruff = ("S304",)
    triggers = ("hazmat", "Crypto", "Cryptodome", "pyDes")

    VALID = [
        "from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes\n"
        "cipher = Cipher(algorithms.AES(key), modes.GCM(iv))\n",
        "from cryptography.hazmat.primitives.ciphers import algorithms\nc = algorithms.ChaCha20(key, nonce)\n",
        "from Crypto.Cipher import AES\ncipher = AES.new(key, AES.MODE_GCM)\n",
        "from Cryptodome.Cipher import ChaCha20\ncipher = ChaCha20.new(key=key)\n",
        # Same names on unrelated objects and modules.
        "import Crypto\nfrom myapp import DES\nd = DES.new(key)\n",
        "import pyDes\nconfig.des(key)\nregistry.TripleDES(key)\n",
        "def ARC4(key):\n    return key\nc = ARC4(b'k')\n",
        "from cryptography.hazmat.primitives.ciphers import algorithms\nname = algorithms.TripleDES.name\n",
    ]
    INVALID = [
        Invalid("from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes\n"
                "cipher = Cipher(algorithms.TripleDES(key), modes.CBC(iv))\n", 2),
        Invalid("from cryptography.hazmat.primitives.ciphers import algorithms as alg\nc = alg.ARC4(key)\n", 2),
        Invalid("from cryptography.hazmat.decrepit.ciphers.algorithms import Blowfish as BF\nc = BF(key)\n", 2),
        Invalid("from cryptography.hazmat.primitives.ciphers.algorithms import *\nc = IDEA(key)\nd = CAST5(key)\ne = SEED(key)\n", 2, 3, 4),
        Invalid("from Crypto.Cipher import DES\ncipher = DES.new(key, DES.MODE_CBC, iv)\n", 2),
        Invalid("import Cryptodome.Cipher.ARC4 as rc4\ncipher = rc4.new(key)\n", 2),
        Invalid("from Crypto.Cipher import DES3, Blowfish, XOR, CAST, ARC2\n"
                "a = DES3.new(key, DES3.MODE_CBC, iv)\nb = Blowfish.new(\n    key,\n    Blowfish.MODE_CBC,\n    iv,\n)\n"
                "c = XOR.new(key)\nd = CAST.new(key, CAST.MODE_CBC, iv)\ne = ARC2.new(key, ARC2.MODE_CBC, iv)\n", 2, 3, 8, 9, 10),
        Invalid("import pyDes\nk = pyDes.des(key, pyDes.CBC, iv)\nk3 = pyDes.triple_des(key)\n", 2, 3),
        Invalid("from pyDes import triple_des as tdes\nk = tdes(key, **{'mode': 1})\n", 2),
    ]

    def visit_Call(self, node: cst.Call, ctx) -> None:
        name = ctx.match_call(node, _CIPHERS)
        if name is not None:
            self.report(ctx, node, f"weak cipher ({_CIPHERS[name]})")
