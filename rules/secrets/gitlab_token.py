from __future__ import annotations

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.common import base36, gitlab_checksum
from stagewarden.rules.secrets.fake import b64url, gitlab_routable, hexdigits
from stagewarden.secrets import entropy


def _routable(prefix: str = "glpat-", seed: int = 1, valid: bool = True) -> str:
    routing = f"o:{base36(seed + 10, 1)}\nu:{base36(seed * 37 + 100, 2)}"
    return gitlab_routable(bytes.fromhex(hexdigits(32, seed)), routing, prefix, valid)


def _legacy(prefix: str = "glpat-", seed: int = 1, length: int = 20) -> str:
    return prefix + b64url(length, seed)


class GitLabToken(SecretRule):
    """
    ## What it does
    Finds GitLab tokens by their prefixes: personal, project and group access tokens
    (`glpat-`, in the 20-character form and the newer routable form, whose CRC32 is
    verified), deploy tokens (`gldt-`), runner authentication tokens (`glrt-`, `glrtr-`),
    pipeline trigger tokens (`glptt-`), OAuth application secrets (`gloas-`), SCIM tokens
    (`glsoat-`), feed tokens (`glft-`) and runner registration tokens (`GR1348941`).
    Custom instance prefixes configured by an administrator are not recognized.

    ## Why is this bad?
    An access token acts as its user or bot on the API, the registry and Git over HTTPS;
    a runner or registration token lets anyone attach a machine that receives CI jobs and
    their secrets; a trigger token starts pipelines. Whoever reads the commit can use them
    until they expire or are revoked.

    ## Example
    ```yaml
    variables:
      GITLAB_TOKEN: glpat-...
    ```

    ## Use instead
    ```yaml
    # Settings > CI/CD > Variables: GITLAB_TOKEN, masked and protected
    script:
      - curl --header "PRIVATE-TOKEN: $GITLAB_TOKEN" "$CI_API_V4_URL/projects"
    ```

    ## Options
    None.

    ## Fix safety
    No fix: revoke or rotate the token in GitLab, then remove it from the history.

    ## References
    - [GitLab: Token overview and prefixes](https://docs.gitlab.com/security/tokens/)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW304"
    name = "gitlab-token"
    summary = "GitLab access, deploy, runner, trigger, OAuth, SCIM or feed token"
    kind = "GitLab token"
    hint = "revoke or rotate the token in GitLab, then load it from a masked CI/CD variable or a secret manager"
    severity = HIGH
    confidence = HIGH
    keywords = ("glpat-", "gldt-", "glrt-", "glrtr-", "glptt-", "gloas-", "glsoat-", "glft-", "gr1348941")
    pattern = (
        r"(?<![A-Za-z0-9_])(?P<secret>"
        r"(?:glpat-|glrtr?-(?:t\d_)?)[A-Za-z0-9_-]{27,300}(?:\.01)?\.[0-9a-z]{9}"  # routable, with a CRC32
        r"|(?:glpat|gldt|glrtr?|glsoat|glft)-[A-Za-z0-9_-]{20}"
        r"|glptt-[0-9a-f]{40}"
        r"|gloas-[A-Za-z0-9_-]{64}"
        r"|GR1348941[A-Za-z0-9_-]{20}"
        r")(?![A-Za-z0-9_-])"
    )

    def validate(self, secret, match, line):
        if "." in secret:  # routable: the last seven characters are the CRC32 of the rest
            return gitlab_checksum(secret[:-7]) == secret[-7:]
        body = secret[9:] if secret.startswith("GR1348941") else secret.split("-", 1)[1]
        return entropy(body) >= 3.0

    VALID = [
        Valid(f"GITLAB_TOKEN={_routable(valid=False)}\n", path=".env"),  # the CRC32 does not match
        Valid('PREFIXES = ("glpat-", "gldt-", "glrt-", "GR1348941")\n'),
        Valid(f'token = "{_legacy(length=19)}"\n'),  # too short
        Valid("GITLAB_TOKEN=glpat-xxxxxxxxxxxxxxxxxxxx\n", path=".env"),  # a placeholder
        Valid('script:\n  - curl --header "PRIVATE-TOKEN: $GITLAB_TOKEN" "$CI_API_V4_URL/projects"\n', path=".gitlab-ci.yml"),
    ]
    INVALID = [
        Invalid(f"GITLAB_TOKEN={_legacy()}\n", 1, path=".env"),
        Invalid(f"gitlab:\n  url: https://gitlab.example.com\n  token: {_routable(seed=2)}\n", 3, path="config.yaml"),
        Invalid(f'[[runners]]\n  name = "build"\n  token = "{_routable("glrt-", seed=3)}"\n', 3, path="config.toml"),
        Invalid(f'[[runners]]\n  token = "{_legacy("glrtr-", seed=13)}"\n', 2, path="runner/config.toml"),
        Invalid(f'#!/bin/sh\ngitlab-runner register --url https://gitlab.com --registration-token "GR1348941{b64url(20, 4)}"\n',
                2, path="deploy.sh"),
        Invalid(f"trigger:\n  script:\n    - curl -X POST -F token={'glptt-' + hexdigits(40, 5)} -F ref=main "
                f"https://gitlab.com/api/v4/projects/1/trigger/pipeline\n", 3, path=".gitlab-ci.yml"),
        Invalid(f"FROM alpine\nRUN git clone https://deploy:{_legacy('gldt-', seed=6)}@gitlab.com/group/app.git\n", 2,
                path="Dockerfile"),
        Invalid(f'{{"oauth": {{"app_id": "1", "secret": "{_legacy("gloas-", seed=7, length=64)}"}}}}\n', 1, path="settings.json"),
        Invalid(f'SCIM_TOKEN = "{_legacy("glsoat-", seed=8)}"\nFEED = "https://gitlab.com/dashboard/issues.atom?'
                f'feed_token={_legacy("glft-", seed=9)}"\n', 1, 2, path="app.py"),
    ]
