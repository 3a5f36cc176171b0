from __future__ import annotations

import base64
import binascii
import json

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.common import looks_random
from stagewarden.rules.secrets.fake import b64, hexdigits


def _org_token(seed: int = 1, org: str = "acme", region: str = "us", padded: bool = True) -> str:
    """An organization token as Sentry makes them: base64 of its claims, then the secret."""
    claims = {"iat": 1717000000 + seed * 86400 + 0.25, "url": "https://sentry.io",
              "region_url": f"https://{region}.sentry.io", "org": f"{org}{seed}"}
    payload = base64.b64encode(json.dumps(claims, separators=(",", ":")).encode()).decode()
    return f"sntrys_{payload if padded else payload.rstrip('=')}_{b64(43, seed)}"


def _user_token(seed: int = 1, length: int = 64) -> str:
    return "sntryu_" + hexdigits(length, seed)


def _claims(text: str) -> object:
    try:
        return json.loads(base64.b64decode(text + "=" * (-len(text) % 4)))
    except (ValueError, binascii.Error):
        return None


class SentryAuthToken(SecretRule):
    """
    ## What it does
    Finds Sentry auth tokens: organization tokens (`sntrys_`, base64 of a JSON object with
    the token's issue time, Sentry URL and organization, `_`, then a 43-character secret),
    whose JSON part is decoded and checked, and user tokens (`sntryu_` and 64 hex digits).
    A DSN (`https://<key>@o123.ingest.sentry.io/456`) is not a secret: it only submits
    events and ships in every client app, so it is never reported.

    ## Why is this bad?
    An organization token uploads releases and source maps, which is enough to replace the
    code shown in stack traces; a user token can carry any of its user's scopes, up to
    reading every event (with the personal data errors capture) and managing projects and
    members.

    ## Example
    ```js
    sentryVitePlugin({ org: "acme", project: "web", authToken: "sntrys_..." })
    ```

    ## Use instead
    ```js
    sentryVitePlugin({ org: "acme", project: "web", authToken: process.env.SENTRY_AUTH_TOKEN })
    ```

    ## Options
    None.

    ## Fix safety
    No fix: revoke the token in Sentry (Settings > Auth Tokens, or the organization's
    Developer Settings), then remove it from the history.

    ## References
    - [Sentry: Auth tokens](https://docs.sentry.io/account/auth-tokens/)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW345"
    name = "sentry-auth-token"
    summary = "Sentry organization or user auth token"
    kind = "Sentry auth token"
    hint = "revoke the token in Sentry's auth token settings, then load it from the environment or a secret manager"
    severity = HIGH
    confidence = HIGH
    # Every organization token's claims start with {" (base64 "eyJ").
    keywords = ("sntrys_eyj", "sntryu_")
    pattern = (
        r"(?<![A-Za-z0-9_])(?P<secret>sntrys_(?P<claims>eyJ[A-Za-z0-9+/]{20,400}={0,2})_[A-Za-z0-9+/]{43}"
        r"|sntryu_[0-9a-f]{64})(?![A-Za-z0-9+/=_-])"
    )

    def validate(self, secret, match, line):
        if secret.startswith("sntryu_"):
            return looks_random(secret[7:])
        claims = _claims(match.group("claims"))
        return isinstance(claims, dict) and "iat" in claims and looks_random(secret[-43:])

    VALID = [
        Valid('SENTRY_DSN = "https://0123456789abcdef0123456789abcdef@o12345.ingest.sentry.io/67890"\n'),
        Valid("SENTRY_AUTH_TOKEN=sntrys_your_token_here\n", path=".env"),
        Valid(f'token = "sntrys_eyJ{b64(60, 2)}_{b64(43, 2)}"\n'),  # the claims are not JSON
        Valid(f'token = "{_user_token(length=63)}"\n'),  # too short
        Valid('authToken: process.env.SENTRY_AUTH_TOKEN,\n', path="vite.config.js"),
    ]
    INVALID = [
        Invalid(f"SENTRY_AUTH_TOKEN={_org_token()}\n", 1, path=".env"),
        Invalid(f"sentry:\n  org: acme\n  auth_token: {_user_token(2)}\n", 3, path="config.yaml"),
        Invalid(f'{{\n  "plugins": [["@sentry/react-native/expo", {{"authToken": "{_org_token(3, region="de")}"}}]]\n}}\n',
                2, path="settings.json"),
        Invalid(f"#!/bin/sh\nsentry-cli --auth-token {_org_token(4, padded=False)} releases new \"$VERSION\"\n", 2, path="deploy.sh"),
        Invalid(f"FROM node:20\nENV SENTRY_AUTH_TOKEN={_user_token(5)}\n", 2, path="Dockerfile"),
        Invalid(f'import requests\n\nHEADERS = {{"Authorization": "Bearer {_user_token(6)}"}}\n', 3, path="app.py"),
        Invalid(f"CI needs `{_org_token(7, org='web-team')}` to upload source maps.\n", 1, path="notebook.md"),
    ]
