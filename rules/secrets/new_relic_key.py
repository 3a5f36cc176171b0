from __future__ import annotations

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.common import looks_random
from stagewarden.rules.secrets.fake import b64url, hexdigits, upper_alnum


def _user_key(seed: int = 1, length: int = 27) -> str:
    return "NRAK-" + upper_alnum(length, seed)


def _insert_key(seed: int = 1) -> str:
    return "NRII-" + b64url(32, seed)


class NewRelicKey(SecretRule):
    """
    ## What it does
    Finds New Relic user API keys (`NRAK-` and 27 uppercase letters and digits) and Insights
    insert keys (`NRII-` and 32 characters). Browser keys (`NRJS-` and 19 hex digits) are
    not reported: New Relic's browser agent puts them in every page it instruments, so they
    are public by design.

    ## Why is this bad?
    A user key acts as its user on NerdGraph and the REST API: it queries every event, log
    and trace the user can see (with whatever personal data they hold), and changes
    alerts, dashboards and accounts. An insert key writes arbitrary events into the
    account, which can poison dashboards and alerts.

    ## Example
    ```shell
    export NEW_RELIC_API_KEY=NRAK-...
    ```

    ## Use instead
    ```shell
    export NEW_RELIC_API_KEY="$(vault kv get -field=key secret/newrelic)"
    ```

    ## Options
    None.

    ## Fix safety
    No fix: delete the key in New Relic (API keys UI), then remove it from the history.

    ## References
    - [New Relic: API keys](https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW344"
    name = "new-relic-key"
    summary = "New Relic user API key or insert key"
    kind = "New Relic key"
    hint = "delete the key in New Relic's API keys page, then load a new one from the environment or a secret manager"
    severity = HIGH
    confidence = HIGH
    keywords = ("nrak-", "nrii-")
    pattern = r"(?<![A-Za-z0-9_-])(?P<secret>NRAK-[A-Z0-9]{27}|NRII-[A-Za-z0-9_-]{32})(?![A-Za-z0-9_-])"

    def validate(self, secret, match, line):
        return looks_random(secret[5:])

    VALID = [
        # A browser key is in every instrumented page's source.
        Valid(f'<script>;NREUM.loader_config={{licenseKey:"NRJS-{hexdigits(19, 2)}",applicationID:"1"}}</script>\n',
              path="index.html"),
        Valid("NEW_RELIC_API_KEY=NRAK-your-user-key\n", path=".env"),
        Valid(f'key = "{_user_key(length=26)}"\nlower = "{_user_key(seed=3).lower()}"\n'),  # too short, lowercase
        Valid(f'key = "NRAK-{"A" * 27}"\n'),
        Valid('client = NerdGraph(api_key=os.environ["NEW_RELIC_API_KEY"])\n'),
    ]
    INVALID = [
        Invalid(f"NEW_RELIC_API_KEY={_user_key()}\n", 1, path=".env"),
        Invalid(f"newrelic:\n  account_id: 1234567\n  insert_key: {_insert_key(2)}\n", 3, path="config.yaml"),
        Invalid(f'{{"newrelic": {{"userKey": "{_user_key(3)}"}}}}\n', 1, path="settings.json"),
        Invalid(f"#!/bin/sh\ncurl https://api.newrelic.com/graphql -H 'API-Key: {_user_key(4)}' -d @query.json\n",
                2, path="deploy.sh"),
        Invalid(f"FROM python:3.12\nENV NEW_RELIC_INSERT_KEY={_insert_key(5)}\n", 2, path="Dockerfile"),
        Invalid(f'import requests\n\nHEADERS = {{"API-Key": "{_user_key(6)}"}}\n', 3, path="app.py"),
        Invalid(f"Query with `{_user_key(7)}` in the explorer.\n", 1, path="notebook.md"),
    ]
