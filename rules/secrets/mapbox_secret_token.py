from __future__ import annotations

import base64
import binascii
import json

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.common import looks_random
from stagewarden.rules.secrets.fake import b64url, base62


def _token(prefix: str = "sk", seed: int = 1, user: str = "mapper", signature: int = 22) -> str:
    """A token as Mapbox prints them: base64url of {"u": user, "a": token id}, then a signature."""
    payload = json.dumps({"u": f"{user}{seed}", "a": base62(25, seed).lower()}, separators=(",", ":"))
    encoded = base64.urlsafe_b64encode(payload.encode()).rstrip(b"=").decode()
    return f"{prefix}.{encoded}.{b64url(signature, seed)}"


def _payload(text: str) -> object:
    try:
        return json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (ValueError, binascii.Error):
        return None


class MapboxSecretToken(SecretRule):
    """
    ## What it does
    Finds Mapbox secret access tokens: `sk.`, a base64url JSON payload naming the account
    (`{"u": ...}`, so the token starts `sk.eyJ`), a dot and a 22-character signature. The
    payload is decoded and must be that JSON object. Public tokens (`pk.`) are meant to be
    shipped in web and mobile apps and are never reported.

    ## Why is this bad?
    Secret tokens carry the scopes public tokens cannot have: uploading and deleting
    tilesets and datasets, editing styles, creating and listing other tokens, and reading
    the account's usage. Every request made with a leaked token is billed to you.

    ## Example
    ```python
    MAPBOX_TOKEN = "sk.eyJ..."
    ```

    ## Use instead
    ```python
    MAPBOX_TOKEN = os.environ["MAPBOX_SECRET_TOKEN"]
    ```

    ## Options
    None.

    ## Fix safety
    No fix: delete or rotate the token on the Mapbox account's Tokens page, then remove it
    from the history.

    ## References
    - [Mapbox: Access tokens](https://docs.mapbox.com/accounts/guides/tokens/)
    - [Mapbox: Token scopes](https://docs.mapbox.com/accounts/guides/tokens/#scopes)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW343"
    name = "mapbox-secret-token"
    summary = "Mapbox secret access token"
    kind = "Mapbox secret token"
    hint = "rotate the token on Mapbox's Tokens page, then load it from the environment or a secret manager"
    severity = HIGH
    confidence = HIGH
    keywords = ("sk.eyj",)
    pattern = r"(?<![A-Za-z0-9_.-])(?P<secret>sk\.eyJ[A-Za-z0-9_-]{20,400}\.[A-Za-z0-9_-]{22})(?![A-Za-z0-9_.-])"

    def validate(self, secret, match, line):
        _, payload, signature = secret.split(".")
        claims = _payload(payload)
        return isinstance(claims, dict) and isinstance(claims.get("u"), str) and looks_random(signature)

    VALID = [
        Valid(f'MAPBOX_PUBLIC_TOKEN = "{_token("pk")}"\n'),  # public tokens are meant to ship
        Valid("MAPBOX_SECRET_TOKEN=sk.eyJ...\n", path=".env"),
        Valid(f'token = "sk.eyJ{b64url(60, 2)}.{b64url(22, 2)}"\n'),  # the payload is not JSON
        Valid(f'token = "{_token(seed=3, signature=21)}"\n'),  # the signature is too short
        Valid('MAPBOX_TOKEN = os.environ["MAPBOX_SECRET_TOKEN"]\n'),
    ]
    INVALID = [
        Invalid(f"MAPBOX_SECRET_TOKEN={_token()}\n", 1, path=".env"),
        Invalid(f"maps:\n  provider: mapbox\n  upload_token: {_token(seed=2)}\n", 3, path="config.yaml"),
        Invalid(f'{{"mapbox": {{"accessToken": "{_token(seed=3, user="geo.team")}"}}}}\n', 1, path="settings.json"),
        Invalid(f'#!/bin/sh\nmapbox --access-token {_token(seed=4)} upload mapper.tiles data.mbtiles\n', 2, path="deploy.sh"),
        Invalid(f"FROM node:20\nENV MAPBOX_DOWNLOADS_TOKEN={_token(seed=5)}\n", 2, path="Dockerfile"),
        Invalid(f'from mapbox import Uploader\n\nuploader = Uploader(access_token="{_token(seed=6)}")\n', 3, path="app.py"),
        Invalid(f"Tiles: `https://api.mapbox.com/v4/x.json?access_token={_token(seed=7)}`\n", 1, path="notebook.md"),
    ]
