from __future__ import annotations

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.common import looks_random
from stagewarden.rules.secrets.fake import hexdigits


def _key(seed: int = 1, secret: int = 34) -> str:
    return f"PMAK-{hexdigits(24, seed)}-{hexdigits(secret, seed + 100)}"


class PostmanApiKey(SecretRule):
    """
    ## What it does
    Finds Postman API keys: `PMAK-`, a 24-hex-digit key id, a dash and a 34-hex-digit
    secret.

    ## Why is this bad?
    A Postman API key reads and changes every workspace, collection and environment its
    user can reach, and environments are where teams keep the credentials of the APIs they
    test: one leaked key often leads to many more.

    ## Example
    ```shell
    curl https://api.getpostman.com/collections -H "X-Api-Key: PMAK-..."
    ```

    ## Use instead
    ```shell
    curl https://api.getpostman.com/collections -H "X-Api-Key: $POSTMAN_API_KEY"
    ```

    ## Options
    None.

    ## Fix safety
    No fix: revoke the key in Postman (Settings > API keys), then remove it from the
    history.

    ## References
    - [Postman: Authenticate with the Postman API](https://learning.postman.com/docs/developer/postman-api/authentication/)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW349"
    name = "postman-api-key"
    summary = "Postman API key"
    kind = "Postman API key"
    hint = "revoke the key in Postman's API key settings, then load it from the environment or a secret manager"
    severity = HIGH
    confidence = HIGH
    keywords = ("pmak-",)
    pattern = r"(?<![A-Za-z0-9_-])(?P<secret>PMAK-[0-9a-f]{24}-[0-9a-f]{34})(?![A-Za-z0-9_-])"

    def validate(self, secret, match, line):
        return looks_random(secret[30:])

    VALID = [
        Valid('if key.startswith("PMAK-"):\n    source = "postman"\n'),
        Valid("POSTMAN_API_KEY=PMAK-your-api-key\n", path=".env"),
        Valid(f'key = "{_key(secret=33)}"\nupper = "{_key(seed=2).upper()}"\n'),  # too short; not lowercase hex
        Valid(f'key = "PMAK-{hexdigits(24, 3)}-{"0" * 34}"\n'),
        Valid('curl https://api.getpostman.com/me -H "X-Api-Key: $POSTMAN_API_KEY"\n', path="check.sh"),
    ]
    INVALID = [
        Invalid(f"POSTMAN_API_KEY={_key()}\n", 1, path=".env"),
        Invalid(f"postman:\n  workspace: qa\n  api_key: {_key(2)}\n", 3, path="config.yaml"),
        Invalid(f'{{"postman": {{"apiKey": "{_key(3)}"}}}}\n', 1, path="settings.json"),
        Invalid(f'#!/bin/sh\nnewman run "https://api.getpostman.com/collections/123?apikey={_key(4)}"\n', 2, path="deploy.sh"),
        Invalid(f"FROM postman/newman:6\nENV POSTMAN_KEY={_key(5)}\n", 2, path="Dockerfile"),
        Invalid(f'import requests\n\nHEADERS = {{"X-Api-Key": "{_key(6)}"}}\n', 3, path="app.py"),
        Invalid(f"Key for the CI workspace: {_key(7)}\n", 1, path="notebook.md"),
    ]
