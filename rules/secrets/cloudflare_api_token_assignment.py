from __future__ import annotations

import re

from stagewarden.rule import HIGH, MEDIUM, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.common import ANNOTATION
from stagewarden.rules.secrets.fake import b64url, hexdigits
from stagewarden.secrets import entropy

# A value made of one case of letters and separators is a name, not a token.
_NAMEISH = re.compile(r"[a-z_-]+|[A-Z_-]+")


class CloudflareApiTokenAssignment(SecretRule):
    """
    ## What it does
    Finds Cloudflare API tokens: Cloudflare's tokens carry no prefix, so a 40-character
    value of `A-Za-z0-9_-` is reported only when it is assigned (`=`, `:`, `=>`, quoted or
    not) to a name containing `cloudflare` and `token` or `key`, in either order:
    `CLOUDFLARE_API_TOKEN=...`, `cloudflare_api_token: ...`, `"cloudflareApiToken": ...`.
    Names without `cloudflare` (`CF_API_TOKEN`), values on another line than the name, and
    the 37-character global API key are not recognized. Values that are one-case words
    or have little entropy are skipped.

    ## Why is this bad?
    A Cloudflare API token does whatever its permissions allow across the zones and
    accounts it covers: DNS edits that redirect a domain's traffic, firewall and cache
    rules, Workers deployments, R2 buckets.

    ## Example
    ```sh
    CLOUDFLARE_API_TOKEN=...
    ```

    ## Use instead
    ```yaml
    env:
      CLOUDFLARE_API_TOKEN: ${{ secrets.CLOUDFLARE_API_TOKEN }}
    ```

    ## Options
    None.

    ## Fix safety
    No fix: roll or delete the token in the Cloudflare dashboard (My Profile > API Tokens),
    then remove it from the history.

    ## References
    - [Cloudflare: Create an API token](https://developers.cloudflare.com/fundamentals/api/get-started/create-token/)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW324"
    name = "cloudflare-api-token-assignment"
    summary = "Cloudflare API token assigned to a Cloudflare-named variable"
    kind = "Cloudflare API token"
    hint = "roll the token in the Cloudflare dashboard, then load it from the environment or a secret manager"
    severity = HIGH
    confidence = MEDIUM
    keywords = ("cloudflare",)
    pattern = (
        r"(?i:cloudflare[A-Za-z0-9_.-]{0,30}?(?:token|key)|(?:token|key)[A-Za-z0-9_.-]{0,30}?cloudflare)"
        r"[A-Za-z0-9_]{0,20}[\"']?\]?(?:" + ANNOTATION + r"|\s*(?:=|:=|:|=>)\s*)[\"'`]?"
        r"(?P<secret>[A-Za-z0-9_-]{40})(?![A-Za-z0-9_-])"
    )

    def validate(self, secret, match, line):
        return not _NAMEISH.fullmatch(secret) and entropy(secret) >= 3.5

    VALID = [
        Valid("CLOUDFLARE_API_TOKEN=${CLOUDFLARE_API_TOKEN}\n", path=".env"),
        Valid(f"CLOUDFLARE_ZONE_ID={hexdigits(32)}\nCLOUDFLARE_API_KEY={hexdigits(37, 2)}\n", path=".env"),
        Valid(f'DEPLOY_TOKEN = "{b64url(40, 3)}"\n'),  # not a Cloudflare name
        Valid(f'CLOUDFLARE_API_TOKEN = "{b64url(41, 4)}"\n'),  # too long
        Valid('cloudflare_api_token = "cloudflare_api_token_from_the_vault_abcd"\n'),  # a name
        Valid("env:\n  CLOUDFLARE_API_TOKEN: ${{ secrets.CLOUDFLARE_API_TOKEN }}\n", path=".github/workflows/deploy.yml"),
    ]
    INVALID = [
        Invalid(f"CLOUDFLARE_API_TOKEN={b64url(40)}\n", 1, path=".env"),
        Invalid(f'cloudflare_api_token = "{b64url(40, 2)}"\n', 1, path="terraform.tfvars"),
        Invalid(f"dns:\n  provider: cloudflare\n  cloudflare_token: {b64url(40, 3)}\n", 3, path="config.yaml"),
        Invalid(f'{{"cloudflareApiToken": "{b64url(40, 4)}"}}\n', 1, path="settings.json"),
        Invalid(f'CLOUDFLARE_API_TOKEN = "{b64url(40, 5)}"\n', 1, path="app.py"),
        Invalid(f'CLOUDFLARE_API_TOKEN: str = "{b64url(40, 7)}"\n', 1, path="settings.py"),
        Invalid(f"FROM node:20\nENV CLOUDFLARE_API_TOKEN={b64url(40, 6)}\n", 2, path="Dockerfile"),
    ]
