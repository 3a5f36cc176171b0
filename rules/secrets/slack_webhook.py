from __future__ import annotations

import string

from stagewarden.rule import HIGH, MEDIUM, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.common import looks_random
from stagewarden.rules.secrets.fake import base62, chars, hexdigits, upper_alnum


def _services(seed: int = 1, token: int = 24) -> str:
    return f"https://hooks.slack.com/services/T{upper_alnum(10, seed)}/B{upper_alnum(10, seed + 1)}/{base62(token, seed)}"


def _workflows(seed: int = 1) -> str:
    workflow = chars("123456789", 1, seed) + chars(string.digits, 17, seed)
    return f"https://hooks.slack.com/workflows/T{upper_alnum(10, seed)}/A{upper_alnum(10, seed + 1)}/{workflow}/{base62(24, seed)}"


def _triggers(seed: int = 1) -> str:
    trigger = chars("123456789", 1, seed) + chars(string.digits, 12, seed)
    return f"https://hooks.slack.com/triggers/T{upper_alnum(10, seed)}/{trigger}/{hexdigits(32, seed)}"


class SlackWebhook(SecretRule):
    """
    ## What it does
    Finds Slack webhook URLs: incoming webhooks
    (`https://hooks.slack.com/services/T.../B.../` and 24 random characters) and Workflow
    Builder webhooks (`hooks.slack.com/workflows/T.../A.../<id>/...` and
    `hooks.slack.com/triggers/T.../<id>/...`), with or without the scheme. Slack's
    documented placeholder (`T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX`) and other
    made-up values are not reported.

    ## Why is this bad?
    The URL is the credential: whoever has it can post any message, with any links, into
    the channel it belongs to, as your app. Slack revokes webhooks it finds in public
    repositories; a private repository, a fork or a mirror gets no such help.

    ## Example
    ```python
    SLACK_WEBHOOK = "https://hooks.slack.com/services/T.../B.../..."
    ```

    ## Use instead
    ```python
    SLACK_WEBHOOK = os.environ["SLACK_WEBHOOK_URL"]
    ```

    ## Options
    None.

    ## Fix safety
    No fix: regenerate the webhook URL (or remove the webhook) in the Slack app's settings,
    then remove the old one from the history.

    ## References
    - [Slack: Sending messages using incoming webhooks](https://api.slack.com/messaging/webhooks)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW331"
    name = "slack-webhook"
    summary = "Slack incoming or Workflow Builder webhook URL"
    kind = "Slack webhook URL"
    hint = "regenerate the webhook in the Slack app's settings, then load the URL from the environment or a secret manager"
    # A webhook posts into one channel: it reads nothing and grants no other access.
    severity = MEDIUM
    confidence = HIGH
    keywords = ("hooks.slack.com",)
    pattern = (
        r"(?P<secret>(?:https?://)?(?<![A-Za-z0-9.-])hooks\.slack\.com/(?:"
        r"services/T[A-Z0-9]{8,12}/B[A-Z0-9]{8,12}/[A-Za-z0-9]{24}"
        r"|workflows/T[A-Z0-9]{8,12}/A[A-Z0-9]{8,12}/\d{15,20}/[A-Za-z0-9]{24}"
        r"|triggers/T[A-Z0-9]{8,12}/\d{10,16}/[0-9a-f]{32}"
        r"))(?![A-Za-z0-9_-])"
    )

    def validate(self, secret, match, line):
        return looks_random(secret.rsplit("/", 1)[1])

    VALID = [
        # Slack's own documentation placeholder.
        Valid(f'WEBHOOK = "https://hooks.slack.com/services/T{"0" * 8}/B{"0" * 8}/{"X" * 24}"\n'),
        Valid("SLACK_WEBHOOK_URL=https://hooks.slack.com/services/T.../B.../...\n", path=".env"),
        Valid(f'url = "{_services(token=23)}"\n'),  # too short
        Valid(f'url = "{_services(seed=2).replace("hooks.slack.com", "hooks.slack.com.evil.example")}"\n'),
        Valid(f"url: https://hooks.slack.com/services/T{upper_alnum(10, 3)}/B{upper_alnum(10, 4)}/"
              f"{string.ascii_letters[:24]}\n", path="config.yaml"),  # a made-up run
        Valid('requests.post(os.environ["SLACK_WEBHOOK_URL"], json={"text": "deployed"})\n'),
    ]
    INVALID = [
        Invalid(f"SLACK_WEBHOOK_URL={_services()}\n", 1, path=".env"),
        Invalid(f"alerts:\n  slack:\n    webhook: {_services(seed=3)}\n", 3, path="config.yaml"),
        Invalid(f'{{\n  "notify": "{_workflows(seed=4)}"\n}}\n', 2, path="settings.json"),
        Invalid(f"#!/bin/sh\ncurl -X POST -d '{{\"text\": \"done\"}}' {_triggers(seed=5)}\n", 2, path="deploy.sh"),
        Invalid(f"FROM alpine:3.20\nENV SLACK_HOOK={_services(seed=6).removeprefix('https://')}\n", 2, path="Dockerfile"),
        Invalid(f'import requests\n\nrequests.post("{_services(seed=7)}", json={{"text": "hi"}})\n', 3, path="app.py"),
        Invalid(f"Send the alert to {_workflows(seed=8)} when it fails.\n", 1, path="notebook.md"),
    ]
