from __future__ import annotations

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.common import looks_random
from stagewarden.rules.secrets.fake import b64url


def _access(seed: int = 1) -> str:
    return "EAAA" + b64url(60, seed)


def _legacy_access(seed: int = 1, length: int = 22) -> str:
    return "sq0atp-" + b64url(length, seed)


def _oauth_secret(seed: int = 1) -> str:
    return "sq0csp-" + b64url(43, seed)


class SquareToken(SecretRule):
    """
    ## What it does
    Finds Square credentials: legacy access tokens (`sq0atp-` and 22 base64url
    characters), OAuth application secrets (`sq0csp-` and 43), and current access tokens
    (`EAAA` and 60 characters, production and sandbox alike). Facebook tokens also start
    with `EAA`, so an `EAAA` value is reported only on a line that mentions `square`
    (`SQUARE_ACCESS_TOKEN=...`, `square.Client(...)`).

    ## Why is this bad?
    A Square access token takes payments, issues refunds, reads customers, orders and
    payment history and manages the seller's locations and team. An application secret
    lets anyone mint OAuth tokens for every seller who authorized the app.

    ## Example
    ```python
    client = Client(access_token="EAAA...", environment="production")
    ```

    ## Use instead
    ```python
    client = Client(access_token=os.environ["SQUARE_ACCESS_TOKEN"], environment="production")
    ```

    ## Options
    None.

    ## Fix safety
    No fix: revoke or replace the token in the Square Developer Console (Credentials), then
    remove it from the history.

    ## References
    - [Square: Access tokens and other credentials](https://developer.squareup.com/docs/build-basics/access-tokens)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW340"
    name = "square-token"
    summary = "Square access token or OAuth application secret"
    kind = "Square credential"
    hint = "replace the credential in the Square Developer Console, then load it from the environment or a secret manager"
    severity = HIGH
    confidence = HIGH
    keywords = ("sq0atp-", "sq0csp-", "square")
    pattern = (
        r"(?<![A-Za-z0-9_-])(?P<secret>sq0atp-[A-Za-z0-9_-]{22}|sq0csp-[A-Za-z0-9_-]{43}|EAAA[A-Za-z0-9_-]{60})"
        r"(?![A-Za-z0-9_-])"
    )

    def validate(self, secret, match, line):
        if secret.startswith("EAAA"):
            return "square" in line.lower() and looks_random(secret[4:])
        return looks_random(secret[7:])

    VALID = [
        Valid(f'FACEBOOK_PAGE_TOKEN = "{_access(2)}"\n'),  # EAAA with no mention of Square: not reported
        Valid('PREFIXES = ("sq0atp-", "sq0csp-")\nSQUARE_ENV = "sandbox"\n'),
        Valid("SQUARE_ACCESS_TOKEN=EAAA-your-access-token\n", path=".env"),
        Valid(f'square_token = "{_legacy_access(length=21)}"\n'),  # too short
        Valid('client = Client(access_token=os.environ["SQUARE_ACCESS_TOKEN"])\n'),
    ]
    INVALID = [
        Invalid(f"SQUARE_ACCESS_TOKEN={_access()}\n", 1, path=".env"),
        Invalid(f"square:\n  application_secret: {_oauth_secret(2)}\n  token: {_legacy_access(2)}\n", 2, 3, path="config.yaml"),
        Invalid(f'{{"square": {{"accessToken": "{_access(3)}"}}}}\n', 1, path="settings.json"),
        Invalid(f'#!/bin/sh\ncurl https://connect.squareup.com/v2/locations -H "Authorization: Bearer {_access(4)}"\n',
                2, path="deploy.sh"),
        Invalid(f"FROM python:3.12\nENV SQ_TOKEN={_legacy_access(5)}\n", 2, path="Dockerfile"),
        Invalid(f'from square.client import Client\n\nsquare = Client(access_token="{_access(6)}", environment="production")\n',
                3, path="app.py"),
        Invalid(f"OAuth secret: {_oauth_secret(7)}\n", 1, path="notebook.md"),
    ]
