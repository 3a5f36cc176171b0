from __future__ import annotations

import string

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.fake import chars
from stagewarden.secrets import entropy

_HEAD = string.ascii_letters + string.digits + "_~."
_TAIL = _HEAD + "-"


def _client_secret(seed: int = 1, length: int = 34) -> str:
    """An Entra ID client secret: 3 characters, a digit, `Q~`, then 31 to 34 characters."""
    return chars(_HEAD, 3, seed) + chars(string.digits, 1, seed) + "Q~" + chars(_TAIL, length, seed)


class AzureAdClientSecret(SecretRule):
    """
    ## What it does
    Finds Microsoft Entra ID (Azure AD) application client secrets in their current
    format: three characters, a digit, `Q~`, then 31 to 34 characters of
    `A-Za-z0-9_~.-`, the value the portal shows once when a secret is added to an app
    registration. Older secrets without the `Q~` marker are not recognized.

    ## Why is this bad?
    The client secret is the application's password: with the tenant and client IDs,
    which are not secret, anyone can get tokens as the application, with every API
    permission it was granted (Microsoft Graph mail, files, directory), often
    application-wide and without a user.

    ## Example
    ```python
    app = msal.ConfidentialClientApplication(CLIENT_ID, client_credential="...Q~...", authority=AUTHORITY)
    ```

    ## Use instead
    ```python
    credential = DefaultAzureCredential()  # a managed identity, or a certificate from Key Vault
    ```

    ## Options
    None.

    ## Fix safety
    No fix: delete the secret from the app registration (Certificates & secrets), add a
    new one or move to a managed identity or certificate, then remove it from the history.

    ## References
    - [Microsoft: Add and manage application credentials in Microsoft Entra ID](https://learn.microsoft.com/en-us/entra/identity-platform/how-to-add-credentials)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW312"
    name = "azure-ad-client-secret"
    summary = "Microsoft Entra ID (Azure AD) application client secret"
    kind = "Entra ID client secret"
    hint = "delete the secret from the app registration and use a managed identity, a certificate or Key Vault"
    severity = HIGH
    confidence = HIGH
    keywords = ("q~",)
    pattern = r"(?<![A-Za-z0-9_~.-])(?P<secret>[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])"

    def validate(self, secret, match, line):
        return entropy(secret) >= 3.5

    VALID = [
        Valid('# Secrets made in the portal contain "Q~" after the fourth character.\nif "Q~" in value:\n    pass\n'),
        Valid(f'CLIENT_SECRET = "{_client_secret(length=30)}"\n'),  # too short
        Valid(f'CLIENT_SECRET = "{_client_secret(length=35)}"\n'),  # too long
        Valid(f'CLIENT_SECRET = "abc1Q~{"x" * 34}"\n'),  # a placeholder
        Valid('app = msal.ConfidentialClientApplication(CLIENT_ID, client_credential=os.environ["AZURE_CLIENT_SECRET"])\n'),
    ]
    INVALID = [
        Invalid(f"AZURE_CLIENT_SECRET={_client_secret()}\n", 1, path=".env"),
        Invalid(f'{{\n  "AzureAd": {{\n    "ClientId": "1",\n    "ClientSecret": "{_client_secret(2, 31)}"\n  }}\n}}\n', 4,
                path="appsettings.json"),
        Invalid(f'app = msal.ConfidentialClientApplication(CLIENT_ID, client_credential="{_client_secret(3)}")\n', 1,
                path="app.py"),
        Invalid(f"azure:\n  client_secret: {_client_secret(4, 33)}\n", 2, path="config.yaml"),
        Invalid(f"#!/bin/sh\naz login --service-principal -u $APP_ID -p '{_client_secret(5)}' --tenant $TENANT\n", 2,
                path="deploy.sh"),
    ]
