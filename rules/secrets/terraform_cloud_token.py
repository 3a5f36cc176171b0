from __future__ import annotations

import string

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.fake import base62, chars
from stagewarden.secrets import entropy

_TAIL = string.ascii_letters + string.digits + "_-"


def _tfc_token(seed: int = 1, head: int = 14, tail: int = 67) -> str:
    return f"{base62(head, seed)}.atlasv1.{chars(_TAIL, tail, seed)}"


class TerraformCloudToken(SecretRule):
    """
    ## What it does
    Finds HCP Terraform (Terraform Cloud) and Terraform Enterprise API tokens: 14
    letters and digits, `.atlasv1.`, then 60 to 70 characters of `A-Za-z0-9_=-`. User,
    team and organization tokens share this format.

    ## Why is this bad?
    A user or team token can read and change every workspace it has access to: state
    files (which hold every output and often database passwords and keys), variables
    marked sensitive once they are in state, and runs that apply infrastructure changes
    with the workspace's cloud credentials.

    ## Example
    ```hcl
    credentials "app.terraform.io" {
      token = "....atlasv1...."
    }
    ```

    ## Use instead
    Run `terraform login` (it stores the token in `~/.terraform.d/credentials.tfrc.json`,
    outside the repository), or set `TF_TOKEN_app_terraform_io` from the CI system's
    secret store; prefer short-lived team tokens or dynamic credentials.

    ## Options
    None.

    ## Fix safety
    No fix: delete the token in HCP Terraform (User or Team settings > Tokens), then remove
    it from the history.

    ## References
    - [HCP Terraform: API tokens](https://developer.hashicorp.com/terraform/cloud-docs/users-teams-organizations/api-tokens)
    - [Terraform CLI: credentials blocks and environment variables](https://developer.hashicorp.com/terraform/cli/config/config-file#credentials)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW317"
    name = "terraform-cloud-token"
    summary = "HCP Terraform (Terraform Cloud) API token"
    kind = "Terraform Cloud API token"
    hint = "delete the token in HCP Terraform, then use terraform login or a TF_TOKEN_* variable from the CI secret store"
    severity = HIGH
    confidence = HIGH
    keywords = (".atlasv1.",)
    pattern = r"(?<![A-Za-z0-9_])(?P<secret>[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70})(?![A-Za-z0-9_=-])"

    def validate(self, secret, match, line):
        return entropy(secret[23:]) >= 3.5

    VALID = [
        Valid('if ".atlasv1." in token:\n    kind = "terraform"\n'),
        Valid(f'TOKEN = "{_tfc_token(head=13)}"\n'),  # 13 characters before .atlasv1.
        Valid(f'TOKEN = "{_tfc_token(tail=59)}"\n'),  # too short after it
        Valid(f'TOKEN = "{base62(14)}.atlasv1.{"x" * 67}"\n'),  # a placeholder
        Valid('credentials "app.terraform.io" {\n  token = var.tfc_token\n}\n', path="terraform.rc"),
    ]
    INVALID = [
        Invalid(f'credentials "app.terraform.io" {{\n  token = "{_tfc_token()}"\n}}\n', 2, path=".terraformrc"),
        Invalid(f'{{"credentials": {{"app.terraform.io": {{"token": "{_tfc_token(2)}"}}}}}}\n', 1,
                path="credentials.tfrc.json"),
        Invalid(f"TF_TOKEN_app_terraform_io={_tfc_token(3, tail=60)}\n", 1, path=".env"),
        Invalid(f'#!/bin/sh\ncurl -H "Authorization: Bearer {_tfc_token(4, tail=70)}" https://app.terraform.io/api/v2/account/details\n',
                2, path="deploy.sh"),
        Invalid(f'TFE_TOKEN = "{_tfc_token(5)}"\n', 1, path="app.py"),
    ]
