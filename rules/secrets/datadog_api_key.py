from __future__ import annotations

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.common import ANNOTATION, looks_random
from stagewarden.rules.secrets.fake import hexdigits

# The names Datadog's agents, libraries, API headers and docs use for the two keys.
_NAMES = ("dd_api_key", "dd-api-key", "datadog_api_key", "dd_app_key", "datadog_app_key", "dd_application_key",
          "dd-application-key")


class DatadogApiKey(SecretRule):
    """
    ## What it does
    Finds Datadog keys by the name they are given: an API key (32 lowercase hex digits)
    assigned to `DD_API_KEY`, `DATADOG_API_KEY` or sent as the `DD-API-KEY` header, and an
    application key (40 hex digits) assigned to `DD_APP_KEY`, `DATADOG_APP_KEY`,
    `DD_APPLICATION_KEY` or the `DD-APPLICATION-KEY` header, in any case and with any
    prefix (`MY_DD_API_KEY`). The forms covered are `NAME=value`, `NAME: value`,
    `"NAME": "value"`, `NAME => value` and Dockerfile's `ENV NAME value`. Datadog keys
    have no prefix of their own, so a key under another name is not found.

    ## Why is this bad?
    An API key submits metrics, logs and events into the organization (and so can flood
    or forge them); together with an application key it reads everything Datadog holds:
    dashboards, logs with whatever they contain, monitors, and the organization's
    configuration.

    ## Example
    ```shell
    docker run -e DD_API_KEY=... datadog/agent
    ```

    ## Use instead
    ```shell
    docker run -e DD_API_KEY="$DD_API_KEY" datadog/agent
    ```

    ## Options
    None.

    ## Fix safety
    No fix: revoke the key in Datadog (Organization Settings > API Keys or Application
    Keys), then remove it from the history.

    ## References
    - [Datadog: API and application keys](https://docs.datadoghq.com/account_management/api-app-keys/)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW342"
    name = "datadog-api-key"
    summary = "Datadog API or application key assigned to its usual name"
    kind = "Datadog key"
    hint = "revoke the key in Datadog's organization settings, then load it from the environment or a secret manager"
    severity = HIGH
    confidence = HIGH
    keywords = _NAMES
    # A name, an optional closing quote or bracket, an assignment (or the space of a
    # Dockerfile ENV), an optional opening quote, then the key.
    pattern = (
        r"(?<![A-Za-z0-9])(?P<name>(?i:dd_api_key|dd-api-key|datadog_api_key|dd_app_key|datadog_app_key|"
        r"dd_application_key|dd-application-key))[A-Za-z0-9_]*[\"'\]]{0,2}(?:" + ANNOTATION + r"|\s*(?::=|=>|=|:)\s*|\s+)[\"'`]?"
        r"(?P<secret>[0-9a-f]{32}(?:[0-9a-f]{8})?)(?![A-Za-z0-9_])"
    )

    def validate(self, secret, match, line):
        expected = 32 if "api" in match.group("name").lower() else 40
        return len(secret) == expected and looks_random(secret)

    VALID = [
        Valid("DD_API_KEY=${DD_API_KEY}\nDD_APP_KEY=<your-app-key>\n", path=".env"),
        Valid(f"DD_API_KEY={hexdigits(40, 2)}\nDD_APP_KEY={hexdigits(32, 3)}\n", path=".env"),  # each the other's length
        Valid(f"ADD_API_KEY={hexdigits(32, 4)}\n", path=".env"),  # another name that contains the word
        Valid(f'checksum = "{hexdigits(32, 5)}"  # not a Datadog key name\n'),
        Valid('api_key = os.environ["DD_API_KEY"]\n'),
    ]
    INVALID = [
        Invalid(f"DD_API_KEY={hexdigits(32)}\nDD_SITE=datadoghq.eu\nDD_APP_KEY={hexdigits(40, 11)}\n", 1, 3, path=".env"),
        Invalid(f"datadog:\n  datadog_api_key: '{hexdigits(32, 2)}'\n  datadog_app_key: \"{hexdigits(40, 12)}\"\n",
                2, 3, path="config.yaml"),
        Invalid(f'{{\n  "headers": {{"DD-API-KEY": "{hexdigits(32, 3)}", "DD-APPLICATION-KEY": "{hexdigits(40, 13)}"}}\n}}\n',
                2, 2, path="settings.json"),
        Invalid(f"#!/bin/sh\ndocker run -d -e DD_API_KEY={hexdigits(32, 4)} gcr.io/datadoghq/agent:7\n", 2, path="deploy.sh"),
        Invalid(f"FROM gcr.io/datadoghq/agent:7\nENV DD_API_KEY {hexdigits(32, 5)}\n", 2, path="Dockerfile"),
        Invalid(f'from typing import Final\n\nDD_API_KEY: Final[str] = "{hexdigits(32, 7)}"\n', 3, path="settings.py"),
        Invalid(f'import os\n\nos.environ["DD_APPLICATION_KEY"] = "{hexdigits(40, 6)}"\n', 3, path="app.py"),
        Invalid(f"Set `MY_DD_API_KEY => {hexdigits(32, 7)}` in the vault.\n", 1, path="notebook.md"),
    ]
