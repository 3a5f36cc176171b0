from __future__ import annotations

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.fake import b64, b64url
from stagewarden.secrets import entropy


def _fo1(seed: int = 1, length: int = 43) -> str:
    return "fo1_" + b64url(length, seed)


def _macaroon(seed: int = 1, length: int = 180, prefix: str = "fm2_") -> str:
    """A macaroon token as `fly tokens create` prints it: one or more base64 macaroons."""
    return f"{prefix}lJPE{b64(length, seed)}=,{prefix}lJPE{b64(64, seed + 100)}"


class FlyioToken(SecretRule):
    """
    ## What it does
    Finds Fly.io tokens: the older access tokens (`fo1_` followed by 43 characters of
    `A-Za-z0-9_-`) and macaroon tokens (`fm2_`, or the older `fm1a_` and `fm1r_`, followed
    by at least 100 base64 characters, often several joined by commas and preceded by
    `FlyV1 `), as `fly tokens create` and `fly auth token` print them.

    ## Why is this bad?
    A Fly.io token deploys and destroys apps, reads their secrets through a deployed
    machine, and starts machines billed to the organization: an org or personal token
    covers every app in it.

    ## Example
    ```sh
    FLY_API_TOKEN="FlyV1 fm2_..."
    ```

    ## Use instead
    ```yaml
    env:
      FLY_API_TOKEN: ${{ secrets.FLY_API_TOKEN }}
    ```
    Create a deploy token scoped to one app (`fly tokens create deploy`) with an expiry.

    ## Options
    None.

    ## Fix safety
    No fix: revoke the token (`fly tokens revoke`, or log out for an auth token), then
    remove it from the history.

    ## References
    - [Fly.io: Access tokens](https://fly.io/docs/security/tokens/)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW323"
    name = "flyio-token"
    summary = "Fly.io access or macaroon token"
    kind = "Fly.io token"
    hint = "revoke the token (fly tokens revoke), then load a scoped deploy token from the CI secret store"
    severity = HIGH
    confidence = HIGH
    keywords = ("fo1_", "fm2_", "fm1a_", "fm1r_")
    pattern = (
        r"(?<![A-Za-z0-9_])(?P<secret>"
        r"fo1_[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])"
        r"|(?:fm2|fm1[ar])_[A-Za-z0-9+/]{100,}={0,3}(?:,(?:fm2|fm1[ar])_[A-Za-z0-9+/]{20,}={0,3})*(?![A-Za-z0-9+/=])"
        r")"
    )

    def validate(self, secret, match, line):
        return entropy(secret) >= 3.5

    VALID = [
        Valid('if token.startswith(("fo1_", "FlyV1 fm2_")):\n    provider = "fly"\n'),
        Valid(f'TOKEN = "{_fo1(length=42)}"\n'),  # too short
        Valid(f'TOKEN = "FlyV1 fm2_{b64(60)}"\n'),  # too short for a macaroon
        Valid("env:\n  FLY_API_TOKEN: ${{ secrets.FLY_API_TOKEN }}\n", path=".github/workflows/fly.yml"),
        Valid(f'TOKEN = "fo1_{"x" * 43}"\n'),  # a placeholder
    ]
    INVALID = [
        Invalid(f"env:\n  FLY_API_TOKEN: FlyV1 {_macaroon()}\n", 2, path=".github/workflows/fly.yml"),
        Invalid(f"FLY_API_TOKEN={_fo1(2)}\n", 1, path=".env"),
        Invalid(f'#!/bin/sh\nflyctl deploy --access-token "FlyV1 {_macaroon(3, 120)}"\n', 2, path="deploy.sh"),
        Invalid(f'headers = {{"Authorization": "FlyV1 {_macaroon(4, 150, "fm1a_")}"}}\n', 1, path="app.py"),
        Invalid(f"fly:\n  refresh: {_macaroon(5, 100, 'fm1r_')}\n", 2, path="config.yaml"),
    ]
