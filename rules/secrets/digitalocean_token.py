from __future__ import annotations

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.fake import hexdigits
from stagewarden.secrets import entropy


class DigitalOceanToken(SecretRule):
    """
    ## What it does
    Finds DigitalOcean tokens: personal access tokens (`dop_v1_`), OAuth access tokens
    (`doo_v1_`) and OAuth refresh tokens (`dor_v1_`), each followed by 64 lowercase
    hexadecimal characters.

    ## Why is this bad?
    A DigitalOcean token with write scope can create, resize and destroy droplets,
    databases, Kubernetes clusters and DNS records, and read Spaces keys: a leaked token is
    a cryptomining bill or a deleted infrastructure. DigitalOcean revokes tokens it finds
    in public GitHub repositories, not in private ones or elsewhere.

    ## Example
    ```hcl
    provider "digitalocean" {
      token = "dop_v1_..."
    }
    ```

    ## Use instead
    ```hcl
    provider "digitalocean" {}  # reads DIGITALOCEAN_TOKEN from the environment
    ```

    ## Options
    None.

    ## Fix safety
    No fix: delete the token in the control panel (API > Tokens), then remove it from the
    history.

    ## References
    - [DigitalOcean: How to create a personal access token](https://docs.digitalocean.com/reference/api/create-personal-access-token/)
    - [DigitalOcean: OAuth API (access and refresh tokens)](https://docs.digitalocean.com/reference/api/oauth/)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW313"
    name = "digitalocean-token"
    summary = "DigitalOcean personal access or OAuth token"
    kind = "DigitalOcean token"
    hint = "delete the token in the DigitalOcean control panel, then load it from the environment or a secret manager"
    severity = HIGH
    confidence = HIGH
    keywords = ("dop_v1_", "doo_v1_", "dor_v1_")
    pattern = r"(?<![A-Za-z0-9_])(?P<secret>do[opr]_v1_[0-9a-f]{64})(?![A-Za-z0-9_])"

    def validate(self, secret, match, line):
        return entropy(secret[7:]) >= 3.0

    VALID = [
        Valid('if token.startswith(("dop_v1_", "doo_v1_")):\n    kind = "digitalocean"\n'),
        Valid(f'TOKEN = "dop_v1_{hexdigits(63)}"\n'),  # too short
        Valid(f'TOKEN = "dop_v1_{hexdigits(64).upper()}"\n'),  # not lowercase hexadecimal
        Valid(f'TOKEN = "dop_v1_{"0" * 64}"\n'),  # no entropy
        Valid('provider "digitalocean" {\n  token = var.do_token\n}\n', path="main.tf"),
    ]
    INVALID = [
        Invalid(f"DIGITALOCEAN_TOKEN=dop_v1_{hexdigits(64)}\n", 1, path=".env"),
        Invalid(f'provider "digitalocean" {{\n  token = "dop_v1_{hexdigits(64, 2)}"\n}}\n', 2, path="main.tf"),
        Invalid(f"#!/bin/sh\ndoctl auth init --access-token dop_v1_{hexdigits(64, 3)}\n", 2, path="deploy.sh"),
        Invalid(f"oauth:\n  access_token: doo_v1_{hexdigits(64, 4)}\n  refresh_token: dor_v1_{hexdigits(64, 5)}\n", 2, 3,
                path="config.yaml"),
        Invalid(f'client = pydo.Client(token="dop_v1_{hexdigits(64, 6)}")\n', 1, path="app.py"),
    ]
