from __future__ import annotations

import base64
import binascii
import re

from stagewarden.rule import HIGH, MEDIUM, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.common import trivial_password
from stagewarden.rules.secrets.fake import base62
from stagewarden.secrets import entropy

# A value that is a name or a word, not a credential: MY_API_TOKEN, access-token.
_NAMEISH = re.compile(r"^[a-z]+(?:[._-][a-z]+)*$|^[A-Z]+(?:_[A-Z]+)*$")


def _basic(user: str, password: str) -> str:
    return base64.b64encode(f"{user}:{password}".encode()).decode()


class GenericApiKeyHeader(SecretRule):
    """
    ## What it does
    Finds credentials written literally in an HTTP header: `Authorization: Bearer <token>`,
    `Authorization: Token <token>`, `Authorization: Basic <base64 of user:password>` and
    `X-API-Key: <key>`, in curl commands (`-H "Authorization: Bearer ..."`), `.http` and
    `.rest` files, API docs and code (`headers={"Authorization": "Bearer ..."}`). The value
    has to be at least 20 characters of the token alphabet with some randomness; a Basic
    value has to decode to `user:password`. Variables and templates (`$TOKEN`,
    `{{token}}`, `${TOKEN}`, an f-string) and placeholders are not reported. In Python files
    only a string bound to an `Authorization` or API key name (a dict key, a keyword
    argument, an assignment) counts. A token of a known format is reported by its own
    detector instead.

    Its confidence is medium: the header says the value is a credential, but not whose or
    whether it is live; sample requests in documentation often carry made-up values.

    ## Why is this bad?
    Whatever the service, a bearer token or API key is the whole credential: anyone who
    reads it can make the same requests as the code that sends it.

    ## Example
    ```shell
    curl -H "Authorization: Bearer ..." https://api.internal.example/v1/reports
    ```

    ## Use instead
    ```shell
    curl -H "Authorization: Bearer $API_TOKEN" https://api.internal.example/v1/reports
    ```

    ## Options
    None.

    ## Fix safety
    No fix: revoke or rotate the credential at the service that issued it, then remove it
    from the history.

    ## References
    - [RFC 6750: Bearer Token Usage](https://www.rfc-editor.org/rfc/rfc6750#section-2.1)
    - [RFC 7617: The "Basic" HTTP Authentication Scheme](https://www.rfc-editor.org/rfc/rfc7617)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW377"
    name = "generic-api-key-header"
    summary = "Credential in an Authorization or X-API-Key header"
    kind = "credential in an HTTP header"
    hint = "revoke or rotate the credential, then build the header from the environment or a secret manager"
    severity = HIGH
    confidence = MEDIUM
    generic = True
    secret_names = r"authorization|api[-_]?key"
    # "api-key" rather than "x-api-key": SW390 shares it, and the scanner's one keyword pass
    # would otherwise let the longer "x-api-key" hide SW390's "api-key" on those lines.
    keywords = ("authorization", "api-key")
    # The header name, what separates it from its value in a curl argument, an HTTP file, a
    # dict or a call (`: `, `": "`, `", "`), then the scheme (for Authorization) and the value.
    pattern = (r"(?i)(?<![A-Za-z0-9_-])(?:authorization[\"']?\]?\s*[:=,]\s*[\"']?\s*(?P<scheme>bearer|token|basic)\s+"
               r"|x-api-key[\"']?\]?\s*[:=,]\s*[\"']?\s*)"
               r"(?P<secret>[A-Za-z0-9._~+/-]{20,}=*)(?=[\s\"'`,;)}\]\\]|$)")

    def validate(self, secret, match, line):
        scheme = (match.group("scheme") or "").lower()
        if scheme == "basic":
            try:
                decoded = base64.b64decode(secret, validate=True).decode("utf-8")
            except (binascii.Error, ValueError):
                return False
            user, colon, password = decoded.partition(":")
            return bool(colon and password and decoded.isprintable()) and not trivial_password(password, user)
        if _NAMEISH.match(secret):
            return False
        return entropy(secret) >= 3.5 and sum(c.isdigit() for c in secret) >= 2

    VALID = [
        Valid('curl -H "Authorization: Bearer $API_TOKEN" https://api.internal/v1/me\n', path="deploy.sh"),
        Valid("GET https://api.internal/v1/me\nAuthorization: Bearer {{token}}\n", path="requests.http"),
        Valid('headers = {"Authorization": f"Bearer {token}"}\n'),
        Valid('headers = {"Authorization": "Bearer " + os.environ["API_TOKEN"]}\n'),
        Valid('curl -H "Authorization: Bearer YOUR_ACCESS_TOKEN_GOES_HERE" https://api.internal/\n', path="README.md"),
        Valid(f'curl -H "Authorization: Basic {_basic("user", "password")}" https://api.internal/\n', path="README.md"),
        Valid('log.debug("header %s", "Authorization: Bearer " + token)\n'),
        Valid('x = "X-API-Key: ${API_KEY}"\n', path="deploy.sh"),
        Valid(f'curl -H "Authorization: Bearer {"ab" * 15}" https://api.internal/\n', path="README.md"),  # no randomness
        Valid(f'print("Authorization: Bearer {base62(32, 10)}")\n'),  # in Python, bound to no name
    ]
    INVALID = [
        Invalid(f'curl -H "Authorization: Bearer {base62(40, 1)}" https://api.internal/v1/me\n', 1, path="deploy.sh"),
        Invalid(f'headers = {{"Authorization": "Bearer {base62(40, 2)}"}}\n', 1),
        Invalid(f'resp = requests.get(url, headers={{"X-API-Key": "{base62(32, 3)}"}})\n', 1),
        Invalid(f"GET https://api.internal/v1/me\nAuthorization: Basic {_basic('svc-reports', base62(16, 4))}\n", 2,
                path="requests.http"),
        Invalid(f"api:\n  headers:\n    X-API-Key: {base62(32, 5)}\n", 3, path="config.yaml"),
        Invalid(f'fetch(url, {{ headers: {{ Authorization: "Token {base62(40, 6)}" }} }})\n', 1, path="client.js"),
        Invalid(f'session.headers["Authorization"] = "Bearer {base62(40, 7)}"\n', 1),
    ]
