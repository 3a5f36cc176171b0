from __future__ import annotations

import random

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.common import bech32_encode, bech32_valid

_HRP = "age-secret-key-"


def _key(seed: int = 1, valid: bool = True) -> str:
    """An age X25519 identity: 32 random bytes in bech32, upper case, as `age-keygen` prints it."""
    data = random.Random(f"age:{seed}").getrandbits(256).to_bytes(32, "big")
    return bech32_encode(_HRP, data, valid).upper()


class AgeSecretKey(SecretRule):
    """
    ## What it does
    Finds age secret keys (X25519 identities): `AGE-SECRET-KEY-1` followed by 58 characters
    of the bech32 alphabet, as `age-keygen` writes them to a key file. The bech32 checksum is
    verified, so a value with a typo or a made-up value of the right shape is not reported.

    ## Why is this bad?
    An age identity decrypts every file encrypted to its recipient: SOPS-encrypted secrets
    files, backups, `.age` files in the same repository. Committing the identity next to the
    files it protects undoes the encryption for anyone with a clone.

    ## Example
    ```text
    # created: 2024-01-01T00:00:00Z
    # public key: age1...
    AGE-SECRET-KEY-1...
    ```

    ## Use instead
    Keep the key file outside the repository (`~/.config/sops/age/keys.txt`) or in a secret
    manager, and point tools at it with `SOPS_AGE_KEY_FILE`; commit only the public
    recipient (`age1...`).

    ## Options
    None.

    ## Fix safety
    No fix: generate a new identity, re-encrypt everything encrypted to the old recipient,
    then remove the key from the history.

    ## References
    - [age: file encryption format specification (X25519 identities)](https://age-encryption.org/v1)
    - [BIP 173: Bech32](https://github.com/bitcoin/bips/blob/master/bip-0173.mediawiki)
    - [CWE-321: Use of Hard-coded Cryptographic Key](https://cwe.mitre.org/data/definitions/321.html)
    """

    id = "SW368"
    name = "age-secret-key"
    summary = "age secret key (X25519 identity)"
    kind = "age secret key"
    hint = "generate a new identity with `age-keygen`, re-encrypt what the old one protects, and keep the key file out of the repository"
    severity = HIGH
    confidence = HIGH
    cwe = (321, 798)
    keywords = ("age-secret-key-1",)
    pattern = r"(?<![A-Za-z0-9_-])(?P<secret>AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})(?![A-Za-z0-9_])"

    def validate(self, secret, match, line):
        return bech32_valid(secret)

    VALID = [
        Valid('if line.startswith("AGE-SECRET-KEY-1"):\n    pass\n'),
        Valid(f"{_key(1, valid=False)}\n", path="keys.txt"),  # the checksum does not match
        Valid(f"{_key(2)[:-1]}\n", path="keys.txt"),  # one character short
        Valid("SOPS_AGE_KEY=AGE-SECRET-KEY-1<your key>\n", path=".env"),
        Valid(f"creation_rules:\n  - age: age1{_key(3)[16:].lower()}\n", path=".sops.yaml"),  # a recipient, not a key
    ]
    INVALID = [
        Invalid(f"# created: 2024-01-01T00:00:00Z\n# public key: age1...\n{_key(4)}\n", 3, path="keys.txt"),
        Invalid(f"SOPS_AGE_KEY={_key(5)}\n", 1, path=".env"),
        Invalid(f"env:\n  SOPS_AGE_KEY: {_key(6)}\n", 2, path=".github/workflows/deploy.yml"),
        Invalid(f'AGE_KEY = "{_key(7)}"\n', 1, path="app.py"),
        Invalid(f"echo '{_key(8)}' > ~/.config/sops/age/keys.txt\n", 1, path="deploy.sh"),
    ]
