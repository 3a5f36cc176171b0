from __future__ import annotations

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.fake import b64url


def _client_secret(seed: int = 1, length: int = 28) -> str:
    return "GOCSPX-" + b64url(length, seed)


class GoogleOAuthClientSecret(SecretRule):
    """
    ## What it does
    Finds Google OAuth 2.0 client secrets in their current format: `GOCSPX-` followed by 28
    characters of `A-Za-z0-9_-`, as in the `client_secret.json` file the Google Cloud
    console offers for download.

    ## Why is this bad?
    With a web application's client ID and secret, anyone can impersonate the application
    to Google: exchange stolen authorization codes, refresh tokens the application holds,
    and phish users with its name and consent screen.

    ## Example
    ```json
    {"web": {"client_id": "....apps.googleusercontent.com", "client_secret": "GOCSPX-..."}}
    ```

    ## Use instead
    ```python
    flow = Flow.from_client_config(
        {"web": {"client_id": os.environ["GOOGLE_CLIENT_ID"], "client_secret": os.environ["GOOGLE_CLIENT_SECRET"], ...}},
        scopes=SCOPES,
    )
    ```

    ## Options
    None.

    ## Fix safety
    No fix: add a new secret to the OAuth client in the Google Cloud console, deploy it,
    disable and delete the old one, then remove it from the history.

    ## References
    - [Google: Using OAuth 2.0 for Web Server Applications](https://developers.google.com/identity/protocols/oauth2/web-server)
    - [Google: Using OAuth 2.0 to Access Google APIs](https://developers.google.com/identity/protocols/oauth2)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW309"
    name = "google-oauth-client-secret"
    summary = "Google OAuth client secret"
    kind = "Google OAuth client secret"
    hint = "rotate the client secret in the Google Cloud console, then load it from the environment or a secret manager"
    severity = HIGH
    confidence = HIGH
    keywords = ("gocspx-",)
    pattern = r"(?<![A-Za-z0-9_-])(?P<secret>GOCSPX-[A-Za-z0-9_-]{28})(?![A-Za-z0-9_-])"

    VALID = [
        Valid('assert secret.startswith("GOCSPX-")\n'),
        Valid(f'CLIENT_SECRET = "{_client_secret(length=27)}"\n'),  # too short
        Valid(f'GOOGLE_CLIENT_SECRET = "GOCSPX-{"x" * 28}"\n'),  # a placeholder
        Valid("GOOGLE_CLIENT_SECRET=${GOOGLE_CLIENT_SECRET}\n", path=".env"),
    ]
    INVALID = [
        Invalid(f'{{"web": {{"client_id": "1-abc.apps.googleusercontent.com", "client_secret": "{_client_secret()}"}}}}\n', 1,
                path="client_secret.json"),
        Invalid(f"GOOGLE_CLIENT_SECRET={_client_secret(2)}\n", 1, path=".env"),
        Invalid(f'oauth.register("google", client_id=CLIENT_ID, client_secret="{_client_secret(3)}")\n', 1, path="app.py"),
        Invalid(f"auth:\n  google:\n    client_secret: {_client_secret(4)}\n", 3, path="config.yaml"),
    ]
