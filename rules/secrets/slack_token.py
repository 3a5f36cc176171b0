from __future__ import annotations

import string

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.common import looks_random
from stagewarden.rules.secrets.fake import base62, chars, hexdigits, upper_alnum


def _number(length: int, seed: int) -> str:
    """A numeric id (team, user, app install) that does not start with 0."""
    return chars("123456789", 1, seed) + chars(string.digits, length - 1, seed)


def _bot(seed: int = 1, tail: int = 24) -> str:
    return f"xoxb-{_number(12, seed)}-{_number(13, seed + 1)}-{base62(tail, seed)}"


def _user(seed: int = 1) -> str:
    return f"xoxp-{_number(11, seed)}-{_number(12, seed + 1)}-{_number(12, seed + 2)}-{hexdigits(32, seed)}"


def _app(seed: int = 1) -> str:
    return f"xapp-1-A{upper_alnum(10, seed)}-{_number(13, seed)}-{hexdigits(64, seed)}"


class SlackToken(SecretRule):
    """
    ## What it does
    Finds Slack API tokens by their prefixes and segments: bot tokens (`xoxb-`, two numeric
    ids and 24 random characters, or one id in the legacy form), user tokens (`xoxp-`, three
    ids and 32 hex digits), workspace-app access and refresh tokens (`xoxa-`, `xoxr-`),
    legacy session tokens (`xoxs-`), rotating access tokens (`xoxe.xoxb-`, `xoxe.xoxp-`),
    their refresh tokens (`xoxe-`) and app-level tokens (`xapp-1-`). A value whose random
    part is a made-up run (`abcdefgh...`, `12345678...`) is not reported.

    ## Why is this bad?
    A bot or user token reads and posts in every channel its scopes reach, downloads files
    and lists members; an app-level token opens Socket Mode connections for the app. Whoever
    reads the commit can use it until it is revoked, and Slack only finds tokens leaked in
    public places.

    ## Example
    ```python
    client = WebClient(token="xoxb-...")
    ```

    ## Use instead
    ```python
    client = WebClient(token=os.environ["SLACK_BOT_TOKEN"])
    ```

    ## Options
    None.

    ## Fix safety
    No fix: revoke the token (or reinstall the app to rotate it), then remove it from the
    history.

    ## References
    - [Slack: Token types](https://api.slack.com/authentication/token-types)
    - [Slack: Token rotation](https://api.slack.com/authentication/rotation)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW330"
    name = "slack-token"
    summary = "Slack bot, user, app-level, workspace or refresh token"
    kind = "Slack token"
    hint = "revoke the token in the Slack app's settings, then load it from the environment or a secret manager"
    severity = HIGH
    confidence = HIGH
    keywords = ("xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-", "xapp-")
    pattern = (
        r"(?<![A-Za-z0-9_-])(?P<secret>"
        r"xoxb-(?:\d{8,14}-){1,2}[A-Za-z0-9]{24}"
        r"|xoxp-(?:\d{8,14}-){3}[0-9a-f]{32}"
        r"|xox[ar]-(?:\d-)?(?:\d{8,14}-){1,3}[A-Za-z0-9]{16,64}"
        r"|xoxs-(?:\d{8,14}-){3}[0-9a-f]{10,64}"
        r"|xoxe\.xox[bp]-\d-[A-Za-z0-9]{163,166}"
        r"|xoxe-\d-[A-Za-z0-9]{146}"
        r"|xapp-\d-[A-Z0-9]{9,13}-\d{10,14}-[0-9a-f]{64}"
        r")(?![A-Za-z0-9_-])"
    )

    def validate(self, secret, match, line):
        return looks_random(secret.rsplit("-", 1)[1])

    VALID = [
        Valid('PREFIXES = ("xoxb-", "xoxp-", "xapp-")\nif token.startswith("xoxb-"):\n    pass\n'),
        Valid("SLACK_BOT_TOKEN=xoxb-your-token-here\nSLACK_APP_TOKEN=xapp-1-...\n", path=".env"),
        Valid(f'token = "{_bot(tail=23)}"\nother = "{_bot(seed=2, tail=25)}"\n'),  # wrong lengths
        # The made-up value of a tutorial: counting digits and the alphabet.
        Valid(f"SLACK_BOT_TOKEN=xoxb-{'1234567890'}-{'1234567890123'}-{string.ascii_lowercase[:24]}\n", path=".env"),
        Valid('client = WebClient(token=os.environ["SLACK_BOT_TOKEN"])\n'),
    ]
    INVALID = [
        Invalid(f"SLACK_BOT_TOKEN={_bot()}\nSLACK_SIGNING_SECRET=${{SIGNING_SECRET}}\n", 1, path=".env"),
        Invalid(f"slack:\n  channel: '#deploys'\n  user_token: {_user()}\n", 3, path="config.yaml"),
        Invalid(
            "{\n"
            f'  "access_token": "xoxe.xoxp-1-{base62(164, 3)}",\n'
            f'  "refresh_token": "xoxe-1-{base62(146, 4)}"\n'
            "}\n",
            2, 3, path="settings.json",
        ),
        Invalid(
            "#!/bin/sh\n"
            f'curl -H "Authorization: Bearer xoxa-2-{_number(9, 5)}-{_number(11, 6)}-{_number(13, 7)}-{base62(32, 5)}" \\\n'
            "  https://slack.com/api/auth.test\n"
            f"export SLACK_REFRESH=xoxr-1-{_number(12, 8)}-{base62(40, 8)}\n",
            2, 4, path="deploy.sh",
        ),
        Invalid(f"FROM python:3.12-slim\nENV SLACK_APP_TOKEN={_app()}\n", 2, path="Dockerfile"),
        Invalid(
            f'from slack_sdk import WebClient\n\nclient = WebClient(token="{_bot(seed=9)}")\n'
            f'LEGACY = "xoxs-{_number(10, 10)}-{_number(10, 11)}-{_number(10, 12)}-{hexdigits(64, 10)}"\n',
            3, 4, path="app.py",
        ),
        Invalid(f"Post as the bot:\n\n```\nxoxb-{_number(11, 13)}-{base62(24, 13)}\n```\n", 4, path="notebook.md"),
    ]
