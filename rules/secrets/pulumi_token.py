from __future__ import annotations

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.fake import hexdigits
from stagewarden.secrets import entropy


class PulumiToken(SecretRule):
    """
    ## What it does
    Finds Pulumi Cloud access tokens (personal, team and organization tokens): `pul-`
    followed by 40 lowercase hexadecimal characters.

    ## Why is this bad?
    A Pulumi access token reads and updates the stacks it can reach: their state and
    configuration, including secrets Pulumi decrypts for it, and the deployments that run
    with the stacks' cloud credentials.

    ## Example
    ```sh
    PULUMI_ACCESS_TOKEN=pul-...
    ```

    ## Use instead
    ```yaml
    env:
      PULUMI_ACCESS_TOKEN: ${{ secrets.PULUMI_ACCESS_TOKEN }}
    ```
    Or exchange an OIDC token from the CI provider for a short-lived Pulumi token.

    ## Options
    None.

    ## Fix safety
    No fix: delete the token in Pulumi Cloud (Personal, Team or Organization access
    tokens), then remove it from the history.

    ## References
    - [Pulumi: Access tokens](https://www.pulumi.com/docs/pulumi-cloud/access-management/access-tokens/)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW319"
    name = "pulumi-token"
    summary = "Pulumi Cloud access token"
    kind = "Pulumi access token"
    hint = "delete the token in Pulumi Cloud, then load it from the CI secret store or use OIDC"
    severity = HIGH
    confidence = HIGH
    keywords = ("pul-",)
    pattern = r"(?<![A-Za-z0-9_])(?P<secret>pul-[0-9a-f]{40})(?![A-Za-z0-9_])"

    def validate(self, secret, match, line):
        return entropy(secret[4:]) >= 3.0

    VALID = [
        Valid('assert token.startswith("pul-")\n'),
        Valid(f'TOKEN = "pul-{hexdigits(39)}"\n'),  # too short
        Valid(f'TOKEN = "pul-{hexdigits(40).upper()}"\n'),  # not lowercase hexadecimal
        Valid("env:\n  PULUMI_ACCESS_TOKEN: ${{ secrets.PULUMI_ACCESS_TOKEN }}\n", path=".github/workflows/infra.yml"),
    ]
    INVALID = [
        Invalid(f"PULUMI_ACCESS_TOKEN=pul-{hexdigits(40)}\n", 1, path=".env"),
        Invalid(f"env:\n  PULUMI_ACCESS_TOKEN: pul-{hexdigits(40, 2)}\n", 2, path=".github/workflows/infra.yml"),
        Invalid(f"#!/bin/sh\npulumi login --non-interactive\nexport PULUMI_ACCESS_TOKEN=pul-{hexdigits(40, 3)}\n", 3,
                path="deploy.sh"),
        Invalid(f'os.environ["PULUMI_ACCESS_TOKEN"] = "pul-{hexdigits(40, 4)}"\n', 1, path="app.py"),
    ]
