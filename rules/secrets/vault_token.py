from __future__ import annotations

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.fake import b64url, base62
from stagewarden.secrets import entropy


def _service(seed: int = 1, length: int = 91) -> str:
    """A service token with server-side consistency: base64url of a protobuf, 91+ characters."""
    return "hvs.CAES" + b64url(length - 4, seed)


def _short(prefix: str = "hvs.", seed: int = 1) -> str:
    """A root service token, a recovery token or a legacy token: 24 base62 characters."""
    return prefix + base62(24, seed)


class VaultToken(SecretRule):
    """
    ## What it does
    Finds HashiCorp Vault tokens: service tokens (`hvs.` followed by 90 or more characters
    of `A-Za-z0-9_-`, or by exactly 24 letters and digits for root tokens and servers with
    server-side consistent tokens turned off), batch tokens (`hvb.` and 138 or more
    characters) and recovery tokens (`hvr.` and 24 letters and digits). Tokens in the
    format before Vault 1.10 (`s.` and 24 letters and digits) look like too many other
    things, so they are reported only on a line that also says `vault`
    (`VAULT_TOKEN=s....`) and when they mix lowercase, uppercase and digits; the other
    24-character tokens must mix two of those.

    ## Why is this bad?
    A Vault token reads every secret its policies allow: database credentials, cloud
    keys, certificates' private keys; a root token reads and changes everything. Service
    tokens can be renewed, so a leaked one may stay valid for a long time.

    ## Example
    ```sh
    export VAULT_TOKEN=hvs....
    ```

    ## Use instead
    Authenticate the workload with an auth method that needs no stored token (Kubernetes,
    AWS or cloud IAM, AppRole with a response-wrapped secret ID, JWT/OIDC from CI) or let
    Vault Agent fetch and renew the token.

    ## Options
    None.

    ## Fix safety
    No fix: revoke the token (`vault token revoke`), then remove it from the history.

    ## References
    - [HashiCorp Vault: Tokens (token prefixes)](https://developer.hashicorp.com/vault/docs/concepts/tokens#token-prefixes)
    - [HashiCorp Vault: Server-side consistent tokens](https://developer.hashicorp.com/vault/docs/faq/ssct)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW316"
    name = "vault-token"
    summary = "HashiCorp Vault service, batch, recovery or legacy token"
    kind = "Vault token"
    hint = "revoke the token (vault token revoke), then authenticate with an auth method or Vault Agent instead"
    severity = HIGH
    confidence = HIGH
    keywords = ("hvs.", "hvb.", "hvr.", "vault")
    pattern = (
        r"(?<![A-Za-z0-9_.-])(?P<secret>"
        r"hvs\.(?:[A-Za-z0-9_-]{90,}|[A-Za-z0-9]{24})"
        r"|hvb\.[A-Za-z0-9_-]{138,}"
        r"|hvr\.[A-Za-z0-9]{24}"
        r"|s\.[A-Za-z0-9]{24}"  # before Vault 1.10: only with `vault` on the line
        r")(?![A-Za-z0-9_-])"
    )

    def validate(self, secret, match, line):
        body = secret.split(".", 1)[1]
        if len(body) > 24:
            return entropy(body) >= 4.0
        if secret.startswith("s.") and "vault" not in line.lower():
            return False
        classes = sum(any(test(c) for c in body) for test in (str.islower, str.isupper, str.isdigit))
        # A legacy token is also the shape of a member access (`s.getVaultConfiguration`):
        # ask for all three classes there, which a random token lacks once in about 70.
        return classes >= (3 if secret.startswith("s.") else 2) and entropy(body) >= 3.5

    VALID = [
        Valid(f'token = "hvs.{b64url(50)}"\n'),  # neither a short nor a long service token
        Valid(f'session = s.{base62(24)}\nresult = s.getConfigurationValues\n'),  # no `vault` on the line
        Valid("vault_client = s.getvaultclientinstancefo\nvault = s.getVaultClientInstanceAB\n"),  # names
        Valid("VAULT_TOKEN=${VAULT_TOKEN}\nVAULT_DEV_ROOT_TOKEN_ID=root\n", path=".env"),
        Valid(f'TOKEN = "hvb.{b64url(100)}"\n'),  # too short for a batch token
        Valid(f'TOKEN = "hvs.{"x" * 91}"\n'),  # a placeholder
    ]
    INVALID = [
        Invalid(f"VAULT_ADDR=https://vault.example.com:8200\nVAULT_TOKEN={_service()}\n", 2, path=".env"),
        Invalid(f"#!/bin/sh\nexport VAULT_TOKEN={_short('s.', 2)}\nvault kv get secret/app\n", 2, path="deploy.sh"),
        Invalid(f'client = hvac.Client(url=VAULT_ADDR, token="hvb.{b64url(140, 3)}")\n', 1, path="app.py"),
        Invalid(f"vault:\n  address: https://vault.example.com:8200\n  token: {_short('hvs.', 4)}\n", 3, path="config.yaml"),
        Invalid(f"Recovery token for the outage:\n\n    {_short('hvr.', 5)}\n", 3, path="notebook.md"),
        Invalid(f"FROM alpine\nENV VAULT_TOKEN={_service(6, 120)}\n", 2, path="Dockerfile"),
    ]
