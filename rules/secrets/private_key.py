from __future__ import annotations

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.fake import pem_block


class PrivateKey(SecretRule):
    """
    ## What it does
    Finds private keys in PEM or OpenSSH form: `-----BEGIN RSA PRIVATE KEY-----`, `EC`,
    `DSA`, `OPENSSH`, `ENCRYPTED`, PKCS#8 `PRIVATE KEY` and PGP private key blocks, in any
    text file. A header with no key material after it (documentation, a parser's constant)
    is not reported.

    ## Why is this bad?
    A private key in a repository is a key every clone holds: whoever reads the history can
    impersonate the server, sign as the user or decrypt what the key protects. Rotating it
    means reissuing certificates and redeploying everything that trusts it.

    ## Example
    ```text
    -----BEGIN OPENSSH PRIVATE KEY-----
    (the key, base64, line after line)
    ```

    ## Use instead
    Keep keys out of the repository: load them from a secret manager, an agent or a path
    given by configuration, and add the key file's name to `.gitignore`.

    ## Options
    None.

    ## Fix safety
    No fix: remove the key from the history and rotate it.

    ## References
    - [RFC 7468: Textual Encodings of PKIX, PKCS, and CMS Structures](https://www.rfc-editor.org/rfc/rfc7468)
    - [CWE-321: Use of Hard-coded Cryptographic Key](https://cwe.mitre.org/data/definitions/321.html)
    """

    id = "SW301"
    name = "private-key"
    summary = "Private key (PEM or OpenSSH)"
    kind = "private key"
    hint = "remove the key from the repository (and its history) and rotate it"
    severity = HIGH
    confidence = HIGH
    cwe = (321, 798)
    keywords = ("private key-----",)
    # The key material follows the header on the next line, or after a "\n" escape in a
    # one-line string; headers in PGP blocks are skipped.
    pattern = (r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----"
               r"(?:\s|\\n|\\r|[A-Za-z-]+: [^\n]*\n)*(?P<secret>[A-Za-z0-9+/=]{16,})")
    lookahead = 3
    common_filters = False

    VALID = [
        Valid('HEADER = "-----BEGIN RSA PRIVATE KEY-----"\n'),
        Valid("# Keys start with -----BEGIN OPENSSH PRIVATE KEY----- and must stay out of git.\n", path="README.md"),
        Valid(pem_block("PUBLIC KEY"), path="key.pub"),
        Valid(pem_block("CERTIFICATE"), path="cert.pem"),
    ]
    INVALID = [
        Invalid(pem_block("RSA PRIVATE KEY"), 1, path="deploy/id_rsa"),
        Invalid(pem_block("OPENSSH PRIVATE KEY", seed=2), 1, path="keys/id_ed25519"),
        Invalid(pem_block("PRIVATE KEY", seed=3), 1, path="server.key"),
        Invalid('KEY = """' + pem_block("EC PRIVATE KEY", seed=4) + '"""\n', 1),
    ]
