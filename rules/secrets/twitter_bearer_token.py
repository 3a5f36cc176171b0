from __future__ import annotations

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.fake import base62, chars


def _token(seed: int = 1) -> str:
    """An app-only bearer token's shape: a run of "A", an id, then URL-encoded base64."""
    encoded = chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 30, seed)
    return f"{'A' * 22}{base62(14, seed)}{'A' * 7}{encoded}%2B{base62(12, seed + 50)}%3D{base62(20, seed + 90)}"


class TwitterBearerToken(SecretRule):
    """
    ## What it does
    Finds X (Twitter) API app-only bearer tokens: a run of at least 21 `A` characters
    followed by 50 to 110 letters, digits and `%` escapes (the tokens are URL-encoded). The
    part after the run of `A` has to look random (mixed case and digits), so a long run of
    `A` in base64 data (zero bytes) is not reported.

    ## Why is this bad?
    A bearer token authenticates as the app, without a user: it reads public data within the
    app's quota and access level, and the quota and any costs are the app owner's. It does
    not expire; it stays valid until it is regenerated.

    ## Example
    ```python
    client = tweepy.Client(bearer_token="AAAAAAAAAAAAAAAAAAAAA...")
    ```

    ## Use instead
    ```python
    client = tweepy.Client(bearer_token=os.environ["X_BEARER_TOKEN"])
    ```

    ## Options
    None.

    ## Fix safety
    No fix: regenerate the bearer token in the X developer portal (or invalidate it through
    the `oauth2/invalidate_token` endpoint), then remove it from the history.

    ## References
    - [X API: OAuth 2.0 App-only (bearer token)](https://docs.x.com/resources/fundamentals/authentication/oauth-2-0/application-only)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW374"
    name = "twitter-bearer-token"
    summary = "X (Twitter) API app-only bearer token"
    kind = "X (Twitter) bearer token"
    hint = "regenerate the bearer token in the X developer portal, then load it from the environment or a secret manager"
    severity = HIGH
    confidence = HIGH
    keywords = ("a" * 21,)
    pattern = r"(?<![A-Za-z0-9%+/])(?P<secret>A{21,}[A-Za-z0-9%]{50,110})(?![A-Za-z0-9%+/=])"

    def validate(self, secret, match, line):
        rest = secret.lstrip("A")
        kinds = sum(any(test(c) for c in rest) for test in (str.isupper, str.islower, str.isdigit))
        return kinds == 3 and len(set(rest)) >= 16

    VALID = [
        Valid(f'blob = "{"A" * 60}{"B" * 40}"\n'),  # a run of A, then no randomness
        Valid(f'png = "iVBORw0KGgo{"A" * 30}{base62(40, 2)}+/{base62(60, 2)}"\n'),  # inside base64 data
        Valid(f'token = "{"A" * 22}{base62(20, 3)}"\n'),  # too short
        Valid('X_BEARER_TOKEN = os.environ["X_BEARER_TOKEN"]\n'),
        Valid(f"X_BEARER_TOKEN={'A' * 21}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n", path=".env"),
    ]
    INVALID = [
        Invalid(f'client = tweepy.Client(bearer_token="{_token(1)}")\n', 1),
        Invalid(f"TWITTER_BEARER_TOKEN={_token(2)}\n", 1, path=".env"),
        Invalid(f"twitter:\n  bearer_token: {_token(3)}\n", 2, path="config.yaml"),
        Invalid(f'curl -H "Authorization: Bearer {_token(4)}" https://api.x.com/2/tweets/20\n', 1, path="deploy.sh"),
    ]
