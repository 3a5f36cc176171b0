from __future__ import annotations

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.common import looks_random
from stagewarden.rules.secrets.fake import b64url


def _key(seed: int = 1, secret: int = 43) -> str:
    return f"SG.{b64url(22, seed)}.{b64url(secret, seed)}"


class SendGridApiKey(SecretRule):
    """
    ## What it does
    Finds SendGrid API keys: `SG.`, a 22-character key id, a dot and a 43-character
    secret, both in the base64url alphabet. A value of another length, or whose secret is a
    made-up run, is not reported.

    ## Why is this bad?
    A SendGrid key sends mail as your verified domains, which is what phishing campaigns
    want most: their messages pass SPF and DKIM. A full-access key also reads contacts and
    mail activity and creates more keys. Attackers scan public repositories for them.

    ## Example
    ```python
    sg = SendGridAPIClient("SG....")
    ```

    ## Use instead
    ```python
    sg = SendGridAPIClient(os.environ["SENDGRID_API_KEY"])
    ```

    ## Options
    None.

    ## Fix safety
    No fix: delete the key in SendGrid (Settings > API Keys), then remove it from the
    history.

    ## References
    - [SendGrid: API keys](https://www.twilio.com/docs/sendgrid/ui/account-and-settings/api-keys)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW336"
    name = "sendgrid-api-key"
    summary = "SendGrid API key"
    kind = "SendGrid API key"
    hint = "delete the key in SendGrid's API key settings, then load a new one from the environment or a secret manager"
    severity = HIGH
    confidence = HIGH
    keywords = ("sg.",)
    pattern = r"(?<![A-Za-z0-9_.-])(?P<secret>SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_.-])"

    def validate(self, secret, match, line):
        return looks_random(secret[26:])

    VALID = [
        Valid('PREFIX = "SG."\nmsg.send(to=user)\n'),
        Valid("SENDGRID_API_KEY=SG.your-api-key-here\n", path=".env"),
        Valid(f'key = "{_key(secret=42)}"\n'),  # the secret is one character short
        Valid(f'key = "SG.{b64url(22, 2)}.{"A" * 43}"\n'),  # a made-up secret
        Valid('sg = SendGridAPIClient(os.environ["SENDGRID_API_KEY"])\n'),
    ]
    INVALID = [
        Invalid(f"SENDGRID_API_KEY={_key()}\n", 1, path=".env"),
        Invalid(f"mail:\n  provider: sendgrid\n  api_key: '{_key(2)}'\n", 3, path="config.yaml"),
        Invalid(f'{{"email": {{"sendgrid": "{_key(3)}"}}}}\n', 1, path="settings.json"),
        Invalid(f'#!/bin/sh\ncurl https://api.sendgrid.com/v3/mail/send -H "Authorization: Bearer {_key(4)}"\n', 2, path="deploy.sh"),
        Invalid(f"FROM node:20\nENV SENDGRID_API_KEY={_key(5)}\n", 2, path="Dockerfile"),
        Invalid(f'from sendgrid import SendGridAPIClient\n\nsg = SendGridAPIClient("{_key(6)}")\n', 3, path="app.py"),
        Invalid(f"```python\nsg = SendGridAPIClient('{_key(7)}')\n```\n", 2, path="notebook.md"),
    ]
