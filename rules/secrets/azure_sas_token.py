from __future__ import annotations

import base64
import binascii
import re
from urllib.parse import quote, unquote

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.fake import b64, hexdigits
from stagewarden.secrets import entropy

# A SAS token's other parameters: the service version, the expiry or the permissions.
_SAS_FIELD = re.compile(r"(?:^|[?&;=])(?:sv|se|sp)=", re.IGNORECASE)
_DELIMITERS = " \t\"'`<>()[]{},"


def _signature(seed: int = 1, length: int = 43) -> str:
    """An HMAC-SHA256 signature as SAS tokens carry it: base64, URL-encoded."""
    return quote(b64(length, seed) + "=", safe="")


def _sas_url(seed: int = 1, signature: str | None = None) -> str:
    return (f"https://acct{seed}.blob.core.windows.net/backups/db.bak?sv=2022-11-02&ss=b&srt=co&sp=rl"
            f"&se=2030-01-01T00:00:00Z&spr=https&sig={signature or _signature(seed)}")


def _run_around(line: str, start: int, end: int) -> str:
    """The unbroken run of URL characters that holds line[start:end]."""
    while start > 0 and line[start - 1] not in _DELIMITERS:
        start -= 1
    while end < len(line) and line[end] not in _DELIMITERS:
        end += 1
    return line[start:end]


class AzureSasToken(SecretRule):
    """
    ## What it does
    Finds Azure shared access signatures (SAS): a `sig=` parameter holding a URL-encoded
    base64 HMAC-SHA256 signature (43 to 88 characters, `%2B`, `%2F` and `%3D` allowed) in a
    query string or a connection string's `SharedAccessSignature=` that also has the SAS's
    `sv=` (service version), `se=` (expiry) or `sp=` (permissions). The signature must
    decode to at least 32 bytes. Other services' `sig=` parameters, without those fields,
    are not reported.

    ## Why is this bad?
    A SAS URL is a bearer credential: whoever has it gets the permissions it lists
    (read, write, delete, list) on the blob, container or whole account until its expiry,
    and SAS URLs are often created with expiries years away. An account or service SAS
    cannot be revoked on its own: only rotating the account key that signed it stops it.

    ## Example
    ```python
    BACKUP_URL = "https://acct.blob.core.windows.net/backups?sv=2022-11-02&sp=rl&se=2030-01-01&sig=..."
    ```

    ## Use instead
    ```python
    BACKUP_URL = os.environ["BACKUP_SAS_URL"]  # short-lived, issued when needed
    ```
    Prefer Microsoft Entra ID (managed identities) or user delegation SAS with short
    expiries, generated at run time.

    ## Options
    None.

    ## Fix safety
    No fix: rotate the storage account key that signed the SAS (or revoke the stored
    access policy or user delegation key it uses), then remove it from the history.

    ## References
    - [Microsoft: Grant limited access to Azure Storage resources using SAS](https://learn.microsoft.com/en-us/azure/storage/common/storage-sas-overview)
    - [Microsoft: Create a service SAS (signature field)](https://learn.microsoft.com/en-us/rest/api/storageservices/create-service-sas)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW311"
    name = "azure-sas-token"
    summary = "Azure shared access signature (SAS) token"
    kind = "Azure SAS token"
    hint = "rotate the signing key (or revoke the access policy), then issue short-lived SAS tokens at run time"
    severity = HIGH
    confidence = HIGH
    keywords = ("sig=",)
    pattern = (r"(?<![A-Za-z0-9_])sig=(?P<secret>(?:[A-Za-z0-9+/]|%2[BbFf]){43,86}(?:=|%3[Dd]){0,2})"
               r"(?![A-Za-z0-9+/=%])")

    def validate(self, secret, match, line):
        if not _SAS_FIELD.search(_run_around(line, match.start(), match.end())):
            return False
        signature = unquote(secret).rstrip("=")
        try:
            decoded = base64.b64decode(signature + "=" * (-len(signature) % 4), validate=True)
        except (binascii.Error, ValueError):
            return False
        return len(decoded) >= 32 and entropy(signature) >= 3.5

    VALID = [
        Valid('params = {"sv": version, "sig": signature}\nquery = f"sv={version}&sig={signature}"\n'),
        Valid(f'url = "https://cdn.example.com/img.png?expires=1700000000&sig={hexdigits(64)}"\n'),  # not a SAS
        Valid(f'URL = "{_sas_url(signature=_signature(length=30))}"\n'),  # too short for an HMAC-SHA256
        Valid("BACKUP_URL=https://acct.blob.core.windows.net/backups?sv=2022-11-02&sp=rl&sig=REDACTED\n", path=".env"),
        Valid(f"BACKUP_URL={_sas_url().split('?')[0]}?${{SAS_TOKEN}}\n", path=".env"),
    ]
    INVALID = [
        Invalid(f"BACKUP_URL={_sas_url()}\n", 1, path=".env"),
        Invalid(f'BACKUP_URL = "{_sas_url(2)}"\n', 1, path="app.py"),
        Invalid(f"backup:\n  url: '{_sas_url(3)}'\n", 2, path="config.yaml"),
        Invalid(f'{{"Storage": "BlobEndpoint=https://acct4.blob.core.windows.net/;SharedAccessSignature=sv=2022-11-02&ss=b'
                f'&srt=sco&sp=rwdlac&se=2031-01-01T00:00:00Z&sig={_signature(4)}"}}\n', 1, path="settings.json"),
        Invalid(f"Download the data:\n\n```bash\nazcopy copy '{_sas_url(5)}' ./data\n```\n", 4, path="notebook.md"),
    ]
