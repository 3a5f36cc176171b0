from __future__ import annotations

import base64
import binascii
import json

from stagewarden.rule import HIGH, MEDIUM, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.fake import b64url, jwt


def _part(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unsigned(seed: int = 1) -> str:
    """A token with `"alg": "none"`: header, payload and an empty signature."""
    header = _part(b'{"alg":"none","typ":"JWT"}')
    return f'{header}.{jwt(seed).split(".")[1]}.'


def _no_alg(seed: int) -> str:
    """A header without `alg`: not a JWS."""
    header = _part(b'{"kid":"k1","typ":"JWT"}')
    return f'{header}.{jwt(seed).split(".")[1]}.{b64url(43, seed)}'


def _short_signature(seed: int) -> str:
    header, payload, _ = jwt(seed).split(".")
    return f"{header}.{payload}.{b64url(8, seed)}"


def _decode_json(part: str):
    if len(part) % 4 == 1:
        return None
    try:
        return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    except (binascii.Error, ValueError, RecursionError):
        return None


class Jwt(SecretRule):
    """
    ## What it does
    Finds JSON Web Tokens: three base64url parts joined by dots, `header.payload.signature`,
    whose header decodes to a JSON object with an `alg` member and whose payload decodes to
    a JSON object. A token signed with `"alg": "none"` has an empty signature and is
    reported too; another token with an empty signature (a truncated one) is not.

    Its severity is medium: many tokens in code are expired test fixtures, but a token does
    not have to be live to leak what its payload holds (user ids, emails, internal claims),
    and a long-lived one (a service token, an API key issued as a JWT) grants everything its
    claims say until it expires or its signing key is rotated.

    ## Why is this bad?
    A JWT is a bearer credential: whoever holds it is whoever it names, for as long as it is
    valid, and most services cannot revoke one before it expires. An unsigned (`alg: none`)
    token in the code also suggests a verifier that accepts unsigned tokens.

    ## Example
    ```python
    headers = {"Authorization": "Bearer eyJhbGciOi..."}
    ```

    ## Use instead
    ```python
    headers = {"Authorization": f"Bearer {os.environ['SERVICE_TOKEN']}"}
    ```
    In tests, mint a token at run time with a throwaway key instead of committing one.

    ## Options
    None.

    ## Fix safety
    No fix: if the token may still be valid, rotate the key that signed it (or revoke the
    session), then remove it from the history.

    ## References
    - [RFC 7519: JSON Web Token (JWT)](https://www.rfc-editor.org/rfc/rfc7519)
    - [RFC 7515: JSON Web Signature (JWS), compact serialization](https://www.rfc-editor.org/rfc/rfc7515#section-7.1)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW366"
    name = "jwt"
    summary = "JSON Web Token"
    kind = "JSON Web Token"
    hint = "if the token may still be valid, revoke it or rotate its signing key, then load it from the environment or mint it at run time"
    severity = MEDIUM
    confidence = HIGH
    keywords = ("eyj",)
    # Header (a JSON object, so "eyJ"), payload, signature; not a part of a five-part JWE.
    pattern = (r"(?<![A-Za-z0-9_.+/-])(?P<secret>eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*)"
               r"(?![A-Za-z0-9_.+/=-])")

    def validate(self, secret, match, line):
        header, payload, signature = secret.split(".")
        claims = _decode_json(header)
        if not isinstance(claims, dict) or not isinstance(claims.get("alg"), str):
            return False
        if not isinstance(_decode_json(payload), dict):
            return False
        unsigned = claims["alg"].lower() == "none"
        if not signature:
            return unsigned
        return not unsigned and len(signature) >= 16 and len(signature) % 4 != 1

    VALID = [
        Valid(f'token = "{_short_signature(1)}"\n'),  # the signature cut short
        Valid(f'token = "{jwt(2).rsplit(".", 1)[0]}."\n'),  # HS256 with its signature stripped
        Valid(f'blob = "{_no_alg(3)}"\n'),  # no alg in the header
        Valid(f'data = "eyJ{b64url(40, 4)}.{b64url(20, 4)}.{b64url(43, 4)}"\n'),  # not JSON
        Valid('PREFIX = "eyJ"\nassert token.count(".") == 2\n'),
        Valid('token = os.environ["SERVICE_TOKEN"]\n'),
    ]
    INVALID = [
        Invalid(f'headers = {{"Authorization": "Bearer {jwt()}"}}\n', 1),
        Invalid(f"SERVICE_TOKEN={jwt(2)}\n", 1, path=".env"),
        Invalid(f"auth:\n  token: {jwt(3)}\n", 2, path="config.yaml"),
        Invalid(f'{{"id_token": "{jwt(4)}"}}\n', 1, path="settings.json"),
        Invalid(f'curl -H "Authorization: Bearer {_unsigned(5)}" https://api.internal/v1/me\n', 1, path="deploy.sh"),
        Invalid(f"Response:\n\n```json\n{{\"access_token\": \"{jwt(6)}\"}}\n```\n", 4, path="notebook.md"),
    ]
