from __future__ import annotations

import re
import zlib

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.common import looks_random
from stagewarden.rules.secrets.fake import b64url

_CHECKSUM = re.compile(r"[0-9A-Fa-f]{8}")


def _token(seed: int = 1, body: int = 177, hex_tail: bool = True) -> str:
    """ATATT3, a base64url body, `=` and an 8-hex-digit checksum (the CRC32 of the body
    here; its real definition is not published and not checked)."""
    text = "xFfGF0" + b64url(body - 6, seed)
    tail = f"{zlib.crc32(text.encode()):08X}" if hex_tail else b64url(8, seed).replace("-", "G")
    return f"ATATT3{text}={tail}"


class AtlassianApiToken(SecretRule):
    """
    ## What it does
    Finds Atlassian Cloud API tokens, as made for Jira, Confluence and Bitbucket Cloud
    since 2022: `ATATT3`, then 180 to 190 base64url characters ending in an 8-hex-digit
    checksum. The checksum's shape is checked (its algorithm is not published). Older
    24-character tokens have no prefix and are not recognized.

    ## Why is this bad?
    An API token, with its owner's email address, logs in to the REST APIs as that person:
    it reads and edits every issue, page, space and repository they can reach, including
    private projects and attachments. It does not expire unless an expiry was chosen.

    ## Example
    ```python
    jira = JIRA(server, basic_auth=("me@example.com", "ATATT3..."))
    ```

    ## Use instead
    ```python
    jira = JIRA(server, basic_auth=(os.environ["JIRA_EMAIL"], os.environ["JIRA_API_TOKEN"]))
    ```

    ## Options
    None.

    ## Fix safety
    No fix: revoke the token on the Atlassian account's Security > API tokens page, then
    remove it from the history.

    ## References
    - [Atlassian: Manage API tokens for your Atlassian account](https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW346"
    name = "atlassian-api-token"
    summary = "Atlassian Cloud API token (Jira, Confluence, Bitbucket)"
    kind = "Atlassian API token"
    hint = "revoke the token in your Atlassian account's API tokens page, then load it from the environment or a secret manager"
    severity = HIGH
    confidence = HIGH
    keywords = ("atatt3",)
    pattern = r"(?<![A-Za-z0-9_-])(?P<secret>ATATT3[A-Za-z0-9_=-]{180,190})(?![A-Za-z0-9_=-])"

    def validate(self, secret, match, line):
        return bool(_CHECKSUM.fullmatch(secret[-8:])) and looks_random(secret[6:-8])

    VALID = [
        Valid('JIRA_API_TOKEN="ATATT3xFfGF0..."\n', path=".env"),
        Valid('placeholder = "ATATT3xFfGF0-EXAMPLE-NOT-A-REAL-TOKEN"\n'),
        Valid(f'token = "{_token(body=170)}"\n'),  # too short
        Valid(f'token = "{_token(seed=2, hex_tail=False)}"\n'),  # no checksum at the end
        Valid('jira = JIRA(server, basic_auth=(os.environ["JIRA_EMAIL"], os.environ["JIRA_API_TOKEN"]))\n'),
    ]
    INVALID = [
        Invalid(f"JIRA_API_TOKEN={_token()}\n", 1, path=".env"),
        Invalid(f"confluence:\n  url: https://acme.atlassian.net/wiki\n  token: {_token(2)}\n", 3, path="config.yaml"),
        Invalid(f'{{\n  "env": {{"ATLASSIAN_API_TOKEN": "{_token(3)}"}}\n}}\n', 2, path="settings.json"),
        Invalid(f'#!/bin/sh\ncurl -u "me@acme.io:{_token(4)}" https://acme.atlassian.net/rest/api/3/myself\n', 2, path="deploy.sh"),
        Invalid(f"FROM python:3.12\nENV JIRA_TOKEN={_token(5)}\n", 2, path="Dockerfile"),
        Invalid(f'from jira import JIRA\n\njira = JIRA("https://acme.atlassian.net", basic_auth=("me@acme.io", "{_token(6)}"))\n',
                3, path="app.py"),
        Invalid(f"Token for the bot account: {_token(7)}\n", 1, path="notebook.md"),
    ]
