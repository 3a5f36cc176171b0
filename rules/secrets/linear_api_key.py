from __future__ import annotations

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.common import looks_random
from stagewarden.rules.secrets.fake import base62


def _key(seed: int = 1, length: int = 40) -> str:
    return "lin_api_" + base62(length, seed)


class LinearApiKey(SecretRule):
    """
    ## What it does
    Finds Linear personal API keys: `lin_api_` and 40 letters and digits.

    ## Why is this bad?
    A personal API key acts as its user on Linear's GraphQL API: it reads every issue,
    project, comment and attachment in the user's teams (roadmaps, security bugs, customer
    names) and creates, edits and deletes them.

    ## Example
    ```python
    headers = {"Authorization": "lin_api_..."}
    ```

    ## Use instead
    ```python
    headers = {"Authorization": os.environ["LINEAR_API_KEY"]}
    ```

    ## Options
    None.

    ## Fix safety
    No fix: revoke the key in Linear (Settings > Security & access > Personal API keys),
    then remove it from the history.

    ## References
    - [Linear: Personal API keys](https://linear.app/developers/graphql#personal-api-keys)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW347"
    name = "linear-api-key"
    summary = "Linear personal API key"
    kind = "Linear API key"
    hint = "revoke the key in Linear's API settings, then load it from the environment or a secret manager"
    severity = HIGH
    confidence = HIGH
    keywords = ("lin_api_",)
    pattern = r"(?<![A-Za-z0-9_])(?P<secret>lin_api_[A-Za-z0-9]{40})(?![A-Za-z0-9_])"

    def validate(self, secret, match, line):
        return looks_random(secret[8:])

    VALID = [
        Valid('if key.startswith("lin_api_"):\n    kind = "personal"\n'),
        Valid("LINEAR_API_KEY=lin_api_your_key_here\n", path=".env"),
        Valid(f'key = "{_key(length=39)}"\nlonger = "{_key(seed=2, length=41)}"\n'),
        Valid(f'key = "lin_api_{"a" * 40}"\n'),
        Valid('headers = {"Authorization": os.environ["LINEAR_API_KEY"]}\n'),
    ]
    INVALID = [
        Invalid(f"LINEAR_API_KEY={_key()}\n", 1, path=".env"),
        Invalid(f"linear:\n  team: ENG\n  api_key: {_key(2)}\n", 3, path="config.yaml"),
        Invalid(f'{{"mcpServers": {{"linear": {{"env": {{"LINEAR_API_KEY": "{_key(3)}"}}}}}}}}\n', 1, path="settings.json"),
        Invalid(f"#!/bin/sh\ncurl https://api.linear.app/graphql -H 'Authorization: {_key(4)}' -d @query.json\n", 2, path="deploy.sh"),
        Invalid(f"FROM node:20\nENV LINEAR_TOKEN={_key(5)}\n", 2, path="Dockerfile"),
        Invalid(f'import requests\n\nHEADERS = {{"Authorization": "{_key(6)}"}}\n', 3, path="app.py"),
        Invalid(f"My key is {_key(7)}, rotate it later.\n", 1, path="notebook.md"),
    ]
