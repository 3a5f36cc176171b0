from __future__ import annotations

import string

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.common import looks_random
from stagewarden.rules.secrets.fake import b64url, chars


def _token(seed: int = 1, digits: int = 10, secret: int = 33) -> str:
    bot_id = chars("123456789", 1, seed) + chars(string.digits, digits - 1, seed)
    return f"{bot_id}:AA{b64url(secret, seed)}"


class TelegramBotToken(SecretRule):
    """
    ## What it does
    Finds Telegram bot tokens as BotFather issues them: the bot's numeric id (8 to 10
    digits), a colon, and a 35-character secret that starts with `AA`, alone or in a Bot
    API URL (`https://api.telegram.org/bot<token>/sendMessage`). A secret made of one
    repeated character or a run like `abcdef` is not reported.

    ## Why is this bad?
    The token is the bot: whoever has it reads every message sent to the bot (and, in
    groups where it is an admin, every message), answers as it, and can change its webhook
    to receive its updates instead of you.

    ## Example
    ```python
    bot = Bot(token="123456789:AA...")
    ```

    ## Use instead
    ```python
    bot = Bot(token=os.environ["TELEGRAM_BOT_TOKEN"])
    ```

    ## Options
    None.

    ## Fix safety
    No fix: revoke the token with BotFather (`/revoke`), then remove it from the history.

    ## References
    - [Telegram Bot API: Authorizing your bot](https://core.telegram.org/bots/api#authorizing-your-bot)
    - [Telegram: BotFather](https://core.telegram.org/bots/features#botfather)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW334"
    name = "telegram-bot-token"
    summary = "Telegram bot token"
    kind = "Telegram bot token"
    hint = "revoke the token with BotFather (/revoke), then load it from the environment or a secret manager"
    severity = HIGH
    confidence = HIGH
    # Every bot token's secret starts with "AA", right after the colon.
    keywords = (":aa",)
    # In a Bot API URL the token follows "bot" directly: /bot123456789:AA.../getMe
    pattern = (
        r"(?<![A-Za-z0-9_:-])(?:[Bb]ot)?(?P<secret>[1-9]\d{7,9}:AA[A-Za-z0-9_-]{33})(?![A-Za-z0-9_-])"
    )

    def validate(self, secret, match, line):
        return looks_random(secret.split(":", 1)[1][2:])

    VALID = [
        Valid('TOKEN = os.environ["TELEGRAM_BOT_TOKEN"]\nURL = f"https://api.telegram.org/bot{TOKEN}/getMe"\n'),
        Valid("TELEGRAM_BOT_TOKEN=123456789:AA-your-token-here\n", path=".env"),
        Valid(f'token = "{_token(secret=32)}"\n'),  # the secret is one character short
        Valid(f'token = "{_token(seed=2, digits=7)}"\n'),  # a seven-digit id
        Valid(f'token = "{_token(seed=3).split(":")[0]}:AA{"A" * 33}"\n'),  # a made-up secret
    ]
    INVALID = [
        Invalid(f"TELEGRAM_BOT_TOKEN={_token()}\n", 1, path=".env"),
        Invalid(f"telegram:\n  chat_id: -100123\n  token: '{_token(seed=2, digits=9)}'\n", 3, path="config.yaml"),
        Invalid(f'{{"bot": {{"token": "{_token(seed=3, digits=8)}"}}}}\n', 1, path="settings.json"),
        Invalid(f'#!/bin/sh\ncurl -s "https://api.telegram.org/bot{_token(seed=4)}/sendMessage" -d chat_id=42 -d text=done\n',
                2, path="deploy.sh"),
        Invalid(f"FROM python:3.12\nENV BOT_TOKEN={_token(seed=5)}\n", 2, path="Dockerfile"),
        Invalid(f'from telegram import Bot\n\nbot = Bot(token="{_token(seed=6)}")\n', 3, path="app.py"),
        Invalid(f"Our bot: `{_token(seed=7)}` (do not share)\n", 1, path="notebook.md"),
    ]
