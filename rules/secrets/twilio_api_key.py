from __future__ import annotations

from stagewarden.rule import HIGH, MEDIUM, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.common import looks_random
from stagewarden.rules.secrets.fake import base62, hexdigits


def _sid(prefix: str, seed: int = 1) -> str:
    return prefix + hexdigits(32, seed)


class TwilioApiKey(SecretRule):
    """
    ## What it does
    Finds Twilio credentials in two forms: an API key SID (`SK` and 32 lowercase hex
    digits), and an auth token (32 lowercase hex digits) written on the same line after an
    Account SID (`AC` and 32 hex digits), as in `Client("AC...", "...")` or
    `https://AC...:...@api.twilio.com`. The auth token is what is reported; an Account SID
    alone is an identifier and is not.

    An auth token with no Account SID before it on its line (on its own line of a `.env`
    file, say) is left to the generic detector, SW390, which knows it by its name.

    ## Why is this bad?
    The Account SID and auth token are the account's master credential: whoever has them
    sends SMS and places calls on your bill, reads message logs and recordings, and manages
    every sub-account. An API key SID is half of a revocable key pair whose secret is
    almost always committed next to it.

    ## Example
    ```python
    client = Client("AC...", "...")
    ```

    ## Use instead
    ```python
    client = Client(os.environ["TWILIO_ACCOUNT_SID"], os.environ["TWILIO_AUTH_TOKEN"])
    ```

    ## Options
    None.

    ## Fix safety
    No fix: rotate the auth token (Console > Account > API keys & tokens) or delete the API
    key, then remove it from the history.

    ## References
    - [Twilio: API keys](https://www.twilio.com/docs/iam/api-keys)
    - [Twilio: Auth tokens and how to change them](https://help.twilio.com/articles/223136027-Auth-Tokens-and-How-to-Change-Them)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW335"
    name = "twilio-api-key"
    summary = "Twilio API key SID, or auth token next to its Account SID"
    kind = "Twilio credential"
    hint = "rotate the auth token or delete the API key in the Twilio Console, then load it from the environment or a secret manager"
    severity = HIGH
    # An API key SID is half of a key pair, and the auth token is found by its neighbour.
    confidence = MEDIUM
    # Words found beside Twilio credentials. The SIDs' own prefixes ("sk", "ac") occur in
    # half the lines of any text, which made every file pay for this detector; a SID alone on
    # a line with none of these words is not found (left to SW390 when it is assigned).
    keywords = ("twilio", "api_key", "client(", "account_sid", "auth_token")
    # Either an API key SID, or (with an Account SID before it on the line) an auth token.
    # A bare 32-hex-digit value also matches the second branch; validate drops it.
    pattern = (
        r"(?<![A-Za-z0-9_])(?:(?P<sid>AC[0-9a-f]{32})(?![A-Za-z0-9_])[^\n]{1,120}?(?<![A-Za-z0-9_]))?"
        r"(?P<secret>SK[0-9a-f]{32}|[0-9a-f]{32})(?![A-Za-z0-9_])"
    )

    def validate(self, secret, match, line):
        if secret.startswith("SK"):
            return looks_random(secret[2:])
        return match.group("sid") is not None and looks_random(secret)

    VALID = [
        # An Account SID is an identifier: alone on its line it is not reported.
        Valid(f"TWILIO_ACCOUNT_SID={_sid('AC')}\n", path=".env"),
        # A message SID after an Account SID is not an auth token.
        Valid(f'client.messages("{_sid("SM", 2)}").fetch()  # account {_sid("AC", 2)}\n'),
        Valid(f'log.info("account %s message %s", "{_sid("AC", 3)}", "{_sid("MM", 3)}")\n'),
        # 32 hex digits with no Account SID before them: an MD5, a request id.
        Valid(f'checksum = "{hexdigits(32, 4)}"  # task cache\n'),
        Valid('client = Client(os.environ["TWILIO_ACCOUNT_SID"], os.environ["TWILIO_AUTH_TOKEN"])\n'),
        Valid(f'TWILIO_API_KEY = "SK{hexdigits(31, 5)}"\nTWILIO_API_KEY2 = "SK{hexdigits(32, 5).upper()}"\n'),
    ]
    INVALID = [
        Invalid(f"TWILIO_API_KEY={_sid('SK')}\nTWILIO_API_SECRET=${{TWILIO_API_SECRET}}\n", 1, path=".env"),
        Invalid(f"twilio: {{account_sid: {_sid('AC', 2)}, auth_token: {hexdigits(32, 12)}}}\n", 1, path="config.yaml"),
        Invalid(f'{{\n  "twilio": ["{_sid("AC", 3)}", "{hexdigits(32, 13)}"],\n  "api_key": "{_sid("SK", 3)}"\n}}\n',
                2, 3, path="settings.json"),
        Invalid(f'#!/bin/sh\ncurl -u "{_sid("AC", 4)}:{hexdigits(32, 14)}" https://api.twilio.com/2010-04-01/Accounts.json\n',
                2, path="deploy.sh"),
        Invalid(f"FROM python:3.12\nENV TWILIO_KEY_SID={_sid('SK', 5)} TWILIO_KEY_SECRET={base62(32, 5)}\n", 2, path="Dockerfile"),
        Invalid(f'from twilio.rest import Client\n\nclient = Client("{_sid("AC", 6)}", "{hexdigits(32, 16)}")\n', 3, path="app.py"),
        Invalid(f"Webhook auth: `https://{_sid('AC', 7)}:{hexdigits(32, 17)}@api.twilio.com`\n", 1, path="notebook.md"),
    ]
