from __future__ import annotations

from stagewarden.rule import HIGH, MEDIUM, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.common import looks_random
from stagewarden.rules.secrets.fake import hexdigits


def _legacy(seed: int = 1) -> str:
    return "key-" + hexdigits(32, seed)


def _current(seed: int = 1) -> str:
    return f"{hexdigits(32, seed)}-{hexdigits(8, seed)}-{hexdigits(8, seed + 100)}"


class MailgunApiKey(SecretRule):
    """
    ## What it does
    Finds Mailgun private API keys: the legacy form, `key-` and 32 lowercase hex digits,
    anywhere; and the current form, 32 hex digits, a dash and two groups of 8 (the shape of
    keys and webhook signing keys since 2019), only on a line that also says `mailgun`,
    since that shape has no prefix. A `key-` value inside a longer name (`cache-key-...`,
    `/key-...`) and the public validation key (`pubkey-...`) are not reported.

    ## Why is this bad?
    A private API key sends mail from every domain on the account, reads logs, events and
    stored messages, and manages domains, routes and webhooks. Spam senders look for these
    keys in public code.

    ## Example
    ```python
    requests.post(url, auth=("api", "key-..."), data=message)
    ```

    ## Use instead
    ```python
    requests.post(url, auth=("api", os.environ["MAILGUN_API_KEY"]), data=message)
    ```

    ## Options
    None.

    ## Fix safety
    No fix: delete or rotate the key in Mailgun (API Security), then remove it from the
    history.

    ## References
    - [Mailgun: API keys and SMTP credentials](https://help.mailgun.com/hc/en-us/articles/203380100-Where-can-I-find-my-API-keys-and-SMTP-credentials)
    - [Mailgun API: Authentication](https://documentation.mailgun.com/docs/mailgun/api-reference/authentication)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW337"
    name = "mailgun-api-key"
    summary = "Mailgun private API key"
    kind = "Mailgun API key"
    hint = "rotate the key in Mailgun's API Security settings, then load it from the environment or a secret manager"
    severity = HIGH
    # `key-` and an MD5-sized hex string also names things other than Mailgun keys.
    confidence = MEDIUM
    keywords = ("key-", "mailgun")
    pattern = (
        r"(?<![A-Za-z0-9_./-])(?P<secret>key-[0-9a-f]{32}|[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8})(?![A-Za-z0-9_-])"
    )

    def validate(self, secret, match, line):
        if secret.startswith("key-"):
            return looks_random(secret[4:])
        return "mailgun" in line.lower() and looks_random(secret[:32])

    VALID = [
        Valid(f'cache_key = "cache-key-{hexdigits(32, 2)}"\npath = "/tmp/key-{hexdigits(32, 3)}"\n'),
        Valid(f'MAILGUN_PUBLIC_KEY = "pubkey-{hexdigits(32, 4)}"\n'),  # the public validation key
        Valid(f'signature = "{_current(5)}"  # no mention of the provider on this line\n'),
        Valid("MAILGUN_API_KEY=key-your-api-key-here\n", path=".env"),
        Valid('auth = ("api", os.environ["MAILGUN_API_KEY"])\n'),
    ]
    INVALID = [
        Invalid(f"MAILGUN_API_KEY={_legacy()}\n", 1, path=".env"),
        Invalid(f"mailgun:\n  domain: mg.example.org\n  mailgun_key: {_current(2)}\n", 3, path="config.yaml"),
        Invalid(f'{{\n  "mail": {{"api_key": "{_legacy(3)}"}}\n}}\n', 2, path="settings.json"),
        Invalid(f"#!/bin/sh\ncurl -s --user 'api:{_legacy(4)}' https://api.mailgun.net/v3/mg.example.org/messages\n",
                2, path="deploy.sh"),
        Invalid(f"FROM ruby:3.3\nENV MAILGUN_SIGNING_KEY={_current(5)}\n", 2, path="Dockerfile"),
        Invalid(f'import requests\n\nAUTH = ("api", "{_legacy(6)}")\n', 3, path="app.py"),
        Invalid(f"Mailgun sandbox key: {_current(7)}\n", 1, path="notebook.md"),
    ]
