from __future__ import annotations

import string

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.common import looks_random
from stagewarden.rules.secrets.fake import base62, chars


def _legacy(seed: int = 1, length: int = 43) -> str:
    return "secret_" + base62(length, seed)


def _current(seed: int = 1) -> str:
    return "ntn_" + chars(string.digits, 11, seed) + base62(35, seed)


def _mixed(text: str) -> bool:
    """Upper case, lower case and digits, as every generated token has: an identifier
    such as `secret_managerclientconfiguration...` has not."""
    return any(c.isupper() for c in text) and any(c.islower() for c in text) and any(c.isdigit() for c in text)


class NotionToken(SecretRule):
    """
    ## What it does
    Finds Notion integration tokens: the current form (`ntn_`, 11 digits and 35 letters and
    digits) and the older one (`secret_` and exactly 43 letters and digits, with upper
    case, lower case and digits mixed as a generated token has them). `secret_` is a common
    word in code, so a value of another length, or a name such as `secret_key_base`, is not
    reported.

    ## Why is this bad?
    An integration token reads and edits every page and database shared with the
    integration (often a whole workspace's wiki, with its plans, contracts and customer
    lists) for as long as the integration exists.

    ## Example
    ```python
    notion = Client(auth="ntn_...")
    ```

    ## Use instead
    ```python
    notion = Client(auth=os.environ["NOTION_TOKEN"])
    ```

    ## Options
    None.

    ## Fix safety
    No fix: refresh the integration's secret in Notion (Settings > Integrations, then the
    integration's Configuration), then remove the old one from the history.

    ## References
    - [Notion: Authorization](https://developers.notion.com/docs/authorization)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW348"
    name = "notion-token"
    summary = "Notion integration token"
    kind = "Notion integration token"
    hint = "refresh the integration's secret in Notion, then load it from the environment or a secret manager"
    severity = HIGH
    confidence = HIGH
    keywords = ("secret_", "ntn_")
    pattern = r"(?<![A-Za-z0-9_])(?P<secret>secret_[A-Za-z0-9]{43}|ntn_\d{11}[A-Za-z0-9]{35})(?![A-Za-z0-9_])"

    def validate(self, secret, match, line):
        body = secret.split("_", 1)[1]
        if secret.startswith("secret_"):
            return _mixed(body) and looks_random(body)
        return looks_random(body[11:])

    VALID = [
        Valid('SECRET_KEY_BASE = os.environ["SECRET_KEY_BASE"]\nsecret_name = "prod/db"\n'),
        Valid("secret_ManagerClientConfigurationProviderFactoryBean = None\n"),  # a name: no digits
        Valid(f'NOTION_TOKEN = "{_legacy(length=42)}"\n'),  # too short
        Valid("NOTION_TOKEN=secret_your_integration_token\n", path=".env"),
        Valid('notion = Client(auth=os.environ["NOTION_TOKEN"])\n'),
    ]
    INVALID = [
        Invalid(f"NOTION_TOKEN={_current()}\n", 1, path=".env"),
        Invalid(f"notion:\n  database: a1b2c3\n  token: {_legacy(2)}\n", 3, path="config.yaml"),
        Invalid(f'{{"mcpServers": {{"notion": {{"env": {{"NOTION_API_KEY": "{_current(3)}"}}}}}}}}\n', 1, path="settings.json"),
        Invalid(f"#!/bin/sh\ncurl https://api.notion.com/v1/users -H 'Authorization: Bearer {_legacy(4)}' \\\n"
                "  -H 'Notion-Version: 2022-06-28'\n",
                2, path="deploy.sh"),
        Invalid(f"FROM python:3.12\nENV NOTION_KEY={_current(5)}\n", 2, path="Dockerfile"),
        Invalid(f'from notion_client import Client\n\nnotion = Client(auth="{_current(6)}")\n', 3, path="app.py"),
        Invalid(f"Integration secret: `{_legacy(7)}`\n", 1, path="notebook.md"),
    ]
