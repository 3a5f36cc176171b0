from __future__ import annotations

import base64
import binascii

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.fake import b64url

_DISCORD_EPOCH_MS = 1420070400000  # 2015-01-01, the zero of Discord's snowflake timestamps
_LATEST_MS = 2208988800000  # 2040-01-01: a later id is not one Discord has issued
# The token in Discord's reference documentation: its user id and timestamp segment.
_DOCUMENTED = (198622483471925248, "Cl2FMQ")


def _encode(snowflake: int) -> str:
    return base64.urlsafe_b64encode(str(snowflake).encode()).rstrip(b"=").decode()


def _snowflake(seed: int, year_ms: int = 250_000_000_000) -> int:
    """A user id as Discord makes them: milliseconds since 2015 shifted left 22 bits, plus
    worker, process and sequence bits."""
    milliseconds = year_ms + (seed * 7_919_000_003) % 40_000_000_000
    return (milliseconds << 22) | (seed * 104_729 % (1 << 22))


def _token(seed: int = 1, hmac: int = 38, snowflake: int | None = None, stamp: str | None = None) -> str:
    head = _encode(snowflake if snowflake is not None else _snowflake(seed))
    return f"{head}.{stamp or b64url(6, seed)}.{b64url(hmac, seed)}"


def _user_id(head: str) -> int | None:
    """The numeric user id the first segment encodes, or None when it is not one."""
    try:
        raw = base64.urlsafe_b64decode(head + "=" * (-len(head) % 4))
    except (ValueError, binascii.Error):
        return None
    if not (17 <= len(raw) <= 20 and raw.isdigit() and not raw.startswith(b"0")):
        return None
    if base64.urlsafe_b64encode(raw).rstrip(b"=").decode() != head:
        return None  # not the canonical encoding of those digits
    return int(raw)


class DiscordBotToken(SecretRule):
    """
    ## What it does
    Finds Discord bot tokens: the bot's user id in base64 (it starts with `M`, `N` or
    `O`), a dot, a six-character timestamp, a dot and a 27 to 38 character HMAC. The first
    segment must decode to a 17 to 20 digit snowflake whose timestamp falls between 2015
    and 2040, so a random string of the same shape is not reported, nor is the token shown
    in Discord's documentation.

    Discord tokens have no fixed prefix, so the detector looks only at lines that also say
    `discord`, `token` or `bot`, or call `.run(` or `.login(` (as `client.run(...)` in
    discord.py and `client.login(...)` in discord.js do). A bare token on a line with none
    of those words is missed.

    ## Why is this bad?
    A bot token logs in as the bot: it reads every message and member list the bot can
    see, posts, bans and deletes with the bot's permissions, in every server that added
    it. Leaked tokens are harvested from public repositories within minutes.

    ## Example
    ```python
    client.run("MTk4...")
    ```

    ## Use instead
    ```python
    client.run(os.environ["DISCORD_TOKEN"])
    ```

    ## Options
    None.

    ## Fix safety
    No fix: reset the token in the Discord Developer Portal (Bot > Reset Token), then
    remove it from the history.

    ## References
    - [Discord: Authentication](https://discord.com/developers/docs/reference#authentication)
    - [Discord: Snowflakes](https://discord.com/developers/docs/reference#snowflakes)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW332"
    name = "discord-bot-token"
    summary = "Discord bot token"
    kind = "Discord bot token"
    hint = "reset the token in the Discord Developer Portal, then load it from the environment or a secret manager"
    severity = HIGH
    confidence = HIGH
    # Context words, not a prefix: see the docstring. The structure check in validate is
    # what makes a finding precise; these only choose the lines worth matching.
    keywords = ("discord", "token", "bot", ".run(", ".login(")
    pattern = (
        r"(?<![A-Za-z0-9_.-])(?P<secret>[MNO][A-Za-z0-9_-]{22,26}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38})"
        r"(?![A-Za-z0-9_.-])"
    )

    def validate(self, secret, match, line):
        head, stamp, _ = secret.split(".")
        user_id = _user_id(head)
        if user_id is None or (user_id, stamp) == _DOCUMENTED:
            return False
        return _DISCORD_EPOCH_MS <= (user_id >> 22) + _DISCORD_EPOCH_MS <= _LATEST_MS

    VALID = [
        # The example in Discord's documentation.
        Valid(f'headers = {{"Authorization": "Bot {_token(snowflake=_DOCUMENTED[0], stamp=_DOCUMENTED[1], hmac=27)}"}}\n'),
        # The right shape, but the first segment is not a user id.
        Valid(f'DISCORD_TOKEN = "M{b64url(23, 2)}.{b64url(6, 2)}.{b64url(27, 2)}"\n'),
        # A user id from the year 2100: not a snowflake Discord has issued.
        Valid(f"DISCORD_TOKEN={_token(seed=3, snowflake=_snowflake(3, year_ms=2_700_000_000_000))}\n", path=".env"),
        Valid(f'client.run("{_token(seed=4, hmac=26)}")\n'),  # HMAC too short
        Valid('client.run(os.environ["DISCORD_TOKEN"])\nbot_token = "your-bot-token-here"\n'),
    ]
    INVALID = [
        Invalid(f"DISCORD_TOKEN={_token()}\nDISCORD_GUILD=guild-main\n", 1, path=".env"),
        # An older bot: an 18-digit id, whose base64 starts with N, and a 27-character HMAC.
        Invalid(f"discord:\n  prefix: '!'\n  bot_token: {_token(seed=2, hmac=27, snowflake=_snowflake(2, year_ms=150_000_000_000))}\n",
                3, path="config.yaml"),
        Invalid(f'{{\n  "discord": {{\n    "token": "{_token(seed=5)}"\n  }}\n}}\n', 3, path="settings.json"),
        Invalid(f'#!/bin/sh\ncurl -H "Authorization: Bot {_token(seed=6)}" https://discord.com/api/v10/users/@me\n',
                2, path="deploy.sh"),
        Invalid(f"FROM node:20\nENV DISCORD_BOT_TOKEN={_token(seed=7, hmac=27)}\n", 2, path="Dockerfile"),
        Invalid(f'import discord\n\nclient = discord.Client(intents=discord.Intents.default())\nclient.run("{_token(seed=8)}")\n',
                4, path="app.py"),
        Invalid(f"const client = new Client({{ intents: [] }});\nclient.login('{_token(seed=9)}');\n", 2, path="bot.js"),
        Invalid(f"Start it with the bot's token:\n\n    python bot.py {_token(seed=10)}\n", 3, path="notebook.md"),
    ]
