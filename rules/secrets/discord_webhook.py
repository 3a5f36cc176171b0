from __future__ import annotations

from stagewarden.rule import HIGH, MEDIUM, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.common import looks_random
from stagewarden.rules.secrets.fake import b64url

_DISCORD_EPOCH_MS = 1420070400000  # 2015-01-01, the zero of Discord's snowflake timestamps
_LATEST_MS = 2208988800000  # 2040-01-01


def _snowflake(seed: int) -> str:
    milliseconds = 250_000_000_000 + (seed * 7_919_000_003) % 40_000_000_000
    return str((milliseconds << 22) | (seed * 104_729 % (1 << 22)))


def _webhook(seed: int = 1, host: str = "discord.com", version: str = "", token: int = 68) -> str:
    return f"https://{host}/api/{version}webhooks/{_snowflake(seed)}/{b64url(token, seed)}"


class DiscordWebhook(SecretRule):
    """
    ## What it does
    Finds Discord webhook URLs: `https://discord.com/api/webhooks/<id>/<token>` (also
    `discordapp.com`, the `canary.` and `ptb.` hosts and versioned paths such as
    `/api/v10/webhooks/`), where the id is a 17 to 20 digit snowflake with a plausible
    timestamp and the token 60 to 80 random characters. A URL built from variables, or with
    a made-up token, is not reported.

    ## Why is this bad?
    The id and token are the whole credential: anyone with the URL can post messages
    (with any name, avatar and links) into the channel, and edit or delete the webhook
    itself. Scam bots scrape public repositories for these URLs.

    ## Example
    ```python
    WEBHOOK = "https://discord.com/api/webhooks/.../..."
    ```

    ## Use instead
    ```python
    WEBHOOK = os.environ["DISCORD_WEBHOOK_URL"]
    ```

    ## Options
    None.

    ## Fix safety
    No fix: delete the webhook (or regenerate its URL) in the channel's Integrations
    settings, then remove the old one from the history.

    ## References
    - [Discord: Webhook resource](https://discord.com/developers/docs/resources/webhook)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW333"
    name = "discord-webhook"
    summary = "Discord webhook URL"
    kind = "Discord webhook URL"
    hint = "delete or regenerate the webhook in Discord's channel settings, then load the URL from the environment or a secret manager"
    # A webhook posts into one channel and manages only itself.
    severity = MEDIUM
    confidence = HIGH
    keywords = ("discord.com/api/", "discordapp.com/api/")
    pattern = (
        r"(?<![A-Za-z0-9_.-])(?P<secret>https?://(?i:(?:canary\.|ptb\.)?discord(?:app)?\.com)/api/(?:v\d{1,2}/)?"
        r"webhooks/(?P<id>\d{17,20})/(?P<token>[A-Za-z0-9_-]{60,80}))(?![A-Za-z0-9_-])"
    )

    def validate(self, secret, match, line):
        snowflake = match.group("id")
        if snowflake.startswith("0") or not _DISCORD_EPOCH_MS <= (int(snowflake) >> 22) + _DISCORD_EPOCH_MS <= _LATEST_MS:
            return False
        return looks_random(match.group("token"))

    VALID = [
        Valid('WEBHOOK = f"https://discord.com/api/webhooks/{WEBHOOK_ID}/{WEBHOOK_TOKEN}"\n'),
        Valid("DISCORD_WEBHOOK_URL=https://discord.com/api/webhooks/123456789012345678/your-webhook-token\n", path=".env"),
        Valid(f'url = "{_webhook(token=59)}"\n'),  # token too short
        Valid(f'url = "https://discord.com/api/webhooks/{"0" * 18}/{b64url(68, 2)}"\n'),  # not a snowflake
        Valid('requests.post(os.environ["DISCORD_WEBHOOK_URL"], json={"content": "deployed"})\n'),
    ]
    INVALID = [
        Invalid(f"DISCORD_WEBHOOK_URL={_webhook()}\n", 1, path=".env"),
        Invalid(f"notify:\n  discord: {_webhook(seed=2, host='discordapp.com')}\n", 2, path="config.yaml"),
        Invalid(f'{{\n  "webhook": "{_webhook(seed=3, host="canary.discord.com", version="v10/")}"\n}}\n', 2, path="settings.json"),
        Invalid(f"#!/bin/sh\ncurl -H 'Content-Type: application/json' -d '{{\"content\": \"done\"}}' \\\n  {_webhook(seed=4)}\n",
                3, path="deploy.sh"),
        Invalid(f"FROM python:3.12\nENV DISCORD_HOOK={_webhook(seed=5, host='ptb.discord.com')}\n", 2, path="Dockerfile"),
        Invalid(f'import requests\n\nrequests.post("{_webhook(seed=6, version="v9/")}?wait=true", json={{"content": "hi"}})\n',
                3, path="app.py"),
        Invalid(f"Alerts go to {_webhook(seed=7)}/slack for now.\n", 1, path="notebook.md"),
    ]
