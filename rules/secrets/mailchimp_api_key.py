from __future__ import annotations

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.common import looks_random
from stagewarden.rules.secrets.fake import hexdigits


def _key(seed: int = 1, datacenter: int = 6, length: int = 32) -> str:
    return f"{hexdigits(length, seed)}-us{datacenter}"


class MailchimpApiKey(SecretRule):
    """
    ## What it does
    Finds Mailchimp Marketing API keys: 32 lowercase hex digits, then the account's data
    center as `-us` and one or two digits (`...-us6`, `...-us21`). A value of another
    length or alphabet, or a made-up run of digits, is not reported.

    ## Why is this bad?
    A Marketing API key reads and exports every audience (names, email addresses,
    purchase data), and creates and sends campaigns from your account and sender
    reputation.

    ## Example
    ```python
    client.set_config({"api_key": "...-us6", "server": "us6"})
    ```

    ## Use instead
    ```python
    client.set_config({"api_key": os.environ["MAILCHIMP_API_KEY"], "server": "us6"})
    ```

    ## Options
    None.

    ## Fix safety
    No fix: disable the key in Mailchimp (Profile > Extras > API keys), then remove it
    from the history.

    ## References
    - [Mailchimp: About API keys](https://mailchimp.com/help/about-api-keys/)
    - [Mailchimp Marketing API: Quick start](https://mailchimp.com/developer/marketing/guides/quick-start/)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW338"
    name = "mailchimp-api-key"
    summary = "Mailchimp Marketing API key"
    kind = "Mailchimp API key"
    hint = "disable the key in Mailchimp's API key settings, then load a new one from the environment or a secret manager"
    severity = HIGH
    confidence = HIGH
    keywords = ("-us",)
    pattern = r"(?<![A-Za-z0-9_-])(?P<secret>[0-9a-f]{32}-us\d{1,2})(?![A-Za-z0-9_-])"

    def validate(self, secret, match, line):
        return looks_random(secret[:32])

    VALID = [
        Valid('LOCALE = "en-us"\nSERVER = "us6"\n'),
        Valid("MAILCHIMP_API_KEY=your-api-key-us6\n", path=".env"),
        Valid(f'key = "{_key(length=31)}"\nother = "{hexdigits(32, 2).upper()}-us6"\n'),  # wrong length, uppercase
        Valid(f'key = "{"0123456789abcdef" * 2}-us1"\n'),  # a made-up run
        Valid('client.set_config({"api_key": os.environ["MAILCHIMP_API_KEY"], "server": "us6"})\n'),
    ]
    INVALID = [
        Invalid(f"MAILCHIMP_API_KEY={_key()}\n", 1, path=".env"),
        Invalid(f"newsletter:\n  api_key: {_key(2, 21)}\n", 2, path="config.yaml"),
        Invalid(f'{{"mailchimp": {{"key": "{_key(3, 14)}", "list": "a1b2c3"}}}}\n', 1, path="settings.json"),
        Invalid(f"#!/bin/sh\ncurl --user 'anystring:{_key(4, 2)}' https://us2.api.mailchimp.com/3.0/ping\n", 2, path="deploy.sh"),
        Invalid(f"FROM php:8.3\nENV MC_KEY={_key(5, 9)}\n", 2, path="Dockerfile"),
        Invalid(f'import mailchimp_marketing\n\nclient = mailchimp_marketing.Client()\n'
                f'client.set_config({{"api_key": "{_key(6)}"}})\n',
                4, path="app.py"),
        Invalid(f"Key for the test audience: {_key(7, 19)}\n", 1, path="notebook.md"),
    ]
