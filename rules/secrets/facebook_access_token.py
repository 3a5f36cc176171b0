from __future__ import annotations

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.fake import base62
from stagewarden.secrets import entropy


def _token(seed: int = 1, app: str = "B", length: int = 180) -> str:
    return f"EAA{app}{base62(length, seed)}"


class FacebookAccessToken(SecretRule):
    """
    ## What it does
    Finds Facebook (Meta Graph API) access tokens: `EAA`, an upper-case letter and at least
    96 more letters and digits, on a line that also says what it is: `facebook`, `fb_` or
    `access_token` (a variable name, a Graph API URL, a configuration key). The token has no
    checksum and its shape alone is too loose to report everywhere; the context word keeps
    long base64-looking strings elsewhere from matching.

    ## Why is this bad?
    A user or page access token acts as that user or page: it reads private data, posts,
    and (for page and system user tokens, which can be long-lived or never expire) manages
    ads and business assets. Tokens in repositories are collected and abused for spam and ad
    fraud.

    ## Example
    ```python
    FB_PAGE_TOKEN = "EAAB..."
    ```

    ## Use instead
    ```python
    FB_PAGE_TOKEN = os.environ["FB_PAGE_TOKEN"]
    ```

    ## Options
    None.

    ## Fix safety
    No fix: invalidate the token (change the user's password, or remove the app from the
    page or system user and generate a new one), then remove it from the history.

    ## References
    - [Meta for Developers: Access tokens](https://developers.facebook.com/docs/facebook-login/guides/access-tokens/)
    - [Meta for Developers: Long-lived access tokens](https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived/)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW373"
    name = "facebook-access-token"
    summary = "Facebook (Meta Graph API) access token"
    kind = "Facebook access token"
    hint = "invalidate the token and generate a new one in Meta's developer tools, then load it from the environment or a secret manager"
    severity = HIGH
    confidence = HIGH
    keywords = ("facebook", "fb_", "access_token")
    # A context word anywhere on the line, then the token (one per line).
    pattern = (r"^(?=.*(?i:facebook|fb_|access_token)).*?(?<![A-Za-z0-9_])(?P<secret>EAA[A-Z][A-Za-z0-9]{96,600})"
               r"(?![A-Za-z0-9_])")

    def validate(self, secret, match, line):
        body = secret[4:]
        kinds = sum(any(test(c) for c in body) for test in (str.isupper, str.islower, str.isdigit))
        return kinds == 3 and entropy(body) >= 4.5

    VALID = [
        Valid(f'TOKEN = "{_token(1)}"\n'),  # no context word on the line
        Valid('FB_ACCESS_TOKEN = "EAAB..."\n'),
        Valid(f'FB_ACCESS_TOKEN = "{_token(2, length=40)}"\n'),  # too short
        Valid(f'fb_blob = "EAAB{"A1b2" * 40}"\n'),  # too little randomness
        Valid('access_token = os.environ["FB_ACCESS_TOKEN"]\n'),
    ]
    INVALID = [
        Invalid(f'FB_PAGE_TOKEN = "{_token(3)}"\n', 1),
        Invalid(f"FACEBOOK_ACCESS_TOKEN={_token(4, 'G')}\n", 1, path=".env"),
        Invalid(f"curl 'https://graph.facebook.com/v19.0/me?access_token={_token(5)}'\n", 1, path="deploy.sh"),
        Invalid(f"facebook:\n  page_token: {_token(6, length=220)}\n  app_id: 123\n  access_token: {_token(7)}\n", 4,
                path="config.yaml"),
        Invalid(f'{{"fb_token": "{_token(8, "J")}"}}\n', 1, path="settings.json"),
    ]
