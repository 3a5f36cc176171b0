from __future__ import annotations

import base64
import binascii

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.fake import b64

# The storage emulator's (Azurite's) well-known key, published in Microsoft's documentation
# and the same on every machine: a short prefix is enough to recognize it.
_EMULATOR_KEY_PREFIX = "Eby8vdM02xNOcqF"


def _account_key(seed: int = 1, prefix: str = "") -> str:
    """A storage account key: 64 bytes in base64, 86 characters and `==`."""
    return prefix + b64(86 - len(prefix), seed) + "=="


def _connection_string(seed: int = 1, key: str | None = None, account: str | None = None) -> str:
    return (f"DefaultEndpointsProtocol=https;AccountName={account or f'acct{seed}'};"
            f"AccountKey={key or _account_key(seed)};EndpointSuffix=core.windows.net")


class AzureStorageConnectionString(SecretRule):
    """
    ## What it does
    Finds Azure Storage account keys in connection strings: `AccountKey=` followed by the
    88-character base64 key (64 bytes, ending in `==`) on a line that also holds the
    connection string's `DefaultEndpointsProtocol=` or `AccountName=`. The key must decode
    to 64 bytes. The storage emulator's (Azurite's) well-known development key, which
    Microsoft publishes and which opens nothing but a local emulator, is not reported.

    ## Why is this bad?
    An account key is full control of the storage account: every blob, file share, queue
    and table in it, read, write and delete, and the power to sign SAS tokens for anyone.
    It does not expire; it stays valid until the key is rotated.

    ## Example
    ```json
    {"AzureWebJobsStorage": "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=...;EndpointSuffix=core.windows.net"}
    ```

    ## Use instead
    ```python
    client = BlobServiceClient(account_url, credential=DefaultAzureCredential())
    ```
    Use Microsoft Entra ID with a managed identity; where a connection string is
    unavoidable, keep it in Key Vault or the app's settings, not in the repository.

    ## Options
    None.

    ## Fix safety
    No fix: rotate the key (Storage account > Access keys), update what uses it, then
    remove it from the history.

    ## References
    - [Microsoft: Configure a connection string for an Azure storage account](https://learn.microsoft.com/en-us/azure/storage/common/storage-configure-connection-string)
    - [Microsoft: Use the Azurite emulator (well-known development account)](https://learn.microsoft.com/en-us/azure/storage/common/storage-use-azurite#connection-strings)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW310"
    name = "azure-storage-connection-string"
    summary = "Azure Storage account key in a connection string"
    kind = "Azure Storage account key"
    hint = "rotate the account key in the Azure portal, then use a managed identity or load the string from Key Vault"
    severity = HIGH
    confidence = HIGH
    keywords = ("accountkey=",)
    pattern = r"(?i:accountkey=)(?P<secret>[A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])"

    def validate(self, secret, match, line):
        lowered = line.lower()
        if "defaultendpointsprotocol=" not in lowered and "accountname=" not in lowered:
            return False
        if secret.startswith(_EMULATOR_KEY_PREFIX):
            return False
        try:
            return len(base64.b64decode(secret, validate=True)) == 64
        except (binascii.Error, ValueError):
            return False

    VALID = [
        Valid(f'"Storage": "{_connection_string(key=_account_key(prefix=_EMULATOR_KEY_PREFIX), account="devstoreaccount1")}"\n',
              path="local.settings.json"),  # the emulator's documented key
        Valid('{"AzureWebJobsStorage": "UseDevelopmentStorage=true"}\n', path="local.settings.json"),
        Valid(f"key = AccountKey={_account_key()}\n", path="notes.txt"),  # no connection string around it
        Valid(f'CONN = "{_connection_string(key=b64(85) + "==")}"\n'),  # too short
        Valid("AZURE_STORAGE_CONNECTION_STRING=DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${KEY}\n",
              path=".env"),
    ]
    INVALID = [
        Invalid(f'{{\n  "Values": {{\n    "AzureWebJobsStorage": "{_connection_string()}"\n  }}\n}}\n', 3,
                path="local.settings.json"),
        Invalid(f'AZURE_STORAGE_CONNECTION_STRING="{_connection_string(2)}"\n', 1, path=".env"),
        Invalid(f'client = BlobServiceClient.from_connection_string("{_connection_string(3)}")\n', 1, path="app.py"),
        Invalid(f"#!/bin/sh\naz storage blob upload --connection-string '{_connection_string(4)}' -f a.zip -c c -n a.zip\n", 2,
                path="deploy.sh"),
        Invalid(f"storage:\n  connection: AccountName=acct5;AccountKey={_account_key(5)}\n", 2, path="config.yaml"),
    ]
