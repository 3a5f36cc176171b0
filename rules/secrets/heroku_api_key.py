from __future__ import annotations

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.common import ANNOTATION
from stagewarden.rules.secrets.fake import b64url, hexdigits


def _hrku(seed: int = 1, length: int = 58) -> str:
    return "HRKU-AA" + b64url(length, seed)


def _uuid(seed: int = 1) -> str:
    return "-".join(hexdigits(n, seed * 10 + i) for i, n in enumerate((8, 4, 4, 4, 12)))


class HerokuApiKey(SecretRule):
    """
    ## What it does
    Finds Heroku API keys. The current format is `HRKU-AA` followed by 58 characters of
    `A-Za-z0-9_-` and is recognized anywhere. Older keys are plain UUIDs, so a UUID is
    reported only when it is assigned to a Heroku key name on the same line
    (`HEROKU_API_KEY=...`, `heroku_token: ...`, `heroku.auth_key = ...`): a name
    containing `heroku` and `key`, `token`, `auth` or `pass`. UUIDs elsewhere (app IDs,
    request IDs) are not reported.

    ## Why is this bad?
    A Heroku API key acts as the account on the Platform API: it reads every app's config
    vars (and with them the database URLs and other secrets), deploys code, scales dynos
    and deletes apps. Keys from the dashboard do not expire.

    ## Example
    ```sh
    export HEROKU_API_KEY=HRKU-...
    ```

    ## Use instead
    ```yaml
    env:
      HEROKU_API_KEY: ${{ secrets.HEROKU_API_KEY }}
    ```
    Create a dedicated, scoped authorization with `heroku authorizations:create` and
    keep it in the CI system's secret store.

    ## Options
    None.

    ## Fix safety
    No fix: regenerate the API key (Account settings) or revoke the authorization
    (`heroku authorizations:revoke`), then remove it from the history.

    ## References
    - [Heroku Dev Center: Authentication (API keys and authorizations)](https://devcenter.heroku.com/articles/authentication)
    - [Heroku Dev Center: Getting Started with the Platform API](https://devcenter.heroku.com/articles/platform-api-quickstart)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW314"
    name = "heroku-api-key"
    summary = "Heroku API key"
    kind = "Heroku API key"
    hint = "regenerate the key or revoke the authorization in Heroku, then load it from the environment or a secret manager"
    severity = HIGH
    confidence = HIGH
    keywords = ("hrku-aa", "heroku")
    pattern = (
        r"(?:(?<![A-Za-z0-9_])(?=HRKU-AA)"  # the current format, anywhere
        r"|(?i:heroku)[A-Za-z0-9_.-]{0,30}?(?i:key|token|auth|pass)[A-Za-z0-9_]{0,20}[\"']?\]?(?:" + ANNOTATION
        + r"|\s*(?:=|:=|:|=>)\s*)[\"'`]?)"
        r"(?P<secret>HRKU-AA[A-Za-z0-9_-]{58}"
        r"|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"  # a legacy key, after a name
        r"(?![A-Za-z0-9_-])"
    )

    VALID = [
        Valid(f'HEROKU_APP_ID = "{_uuid()}"\nrequest_id = "{_uuid(2)}"\n'),  # UUIDs, not keys
        Valid(f"HEROKU_API_KEY={_hrku(length=57)}\n", path=".env"),  # too short
        Valid("HEROKU_API_KEY=${HEROKU_API_KEY}\n", path=".env"),
        Valid('if key.startswith("HRKU-AA"):\n    kind = "heroku"\n'),
        Valid("env:\n  HEROKU_API_KEY: ${{ secrets.HEROKU_API_KEY }}\n", path=".github/workflows/deploy.yml"),
    ]
    INVALID = [
        Invalid(f"HEROKU_API_KEY={_uuid(3)}\n", 1, path=".env"),
        Invalid(f'HEROKU_API_KEY = "{_hrku()}"\n', 1, path="app.py"),
        Invalid(f'HEROKU_API_KEY: str = "{_uuid(6)}"\n', 1, path="settings.py"),
        Invalid(f"#!/bin/sh\nexport HEROKU_API_KEY={_hrku(2)}\nheroku container:push web -a demo\n", 2, path="deploy.sh"),
        Invalid(f"deploy:\n  heroku_api_key: '{_uuid(4)}'\n  app: demo\n", 2, path="config.yaml"),
        Invalid(f'{{"headers": {{"Authorization": "Bearer {_hrku(5)}"}}}}\n', 1, path="settings.json"),
    ]
