from __future__ import annotations

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.fake import base62


def _fine_grained(seed: int = 1, head: int = 22, tail: int = 59) -> str:
    return f"github_pat_{base62(head, seed)}_{base62(tail, seed)}"


class GitHubFineGrainedToken(SecretRule):
    """
    ## What it does
    Finds GitHub fine-grained personal access tokens: `github_pat_`, 22 letters and digits,
    an underscore, then 59 letters and digits. GitHub publishes no checksum for this format,
    so the exact shape is what is checked; a longer or shorter run is not reported.

    ## Why is this bad?
    A fine-grained token acts as its owner on every repository and permission it was
    granted, often including write access to code, workflows and packages. Anyone who can
    read the commit, a fork or a clone can use it until it expires or is revoked; GitHub's
    own scanning revokes tokens in public repositories only.

    ## Example
    ```python
    client = Github(auth=Auth.Token("github_pat_..."))
    ```

    ## Use instead
    ```python
    client = Github(auth=Auth.Token(os.environ["GITHUB_TOKEN"]))
    ```

    ## Options
    None.

    ## Fix safety
    No fix: revoke the token on GitHub, then remove it from the history.

    ## References
    - [GitHub: Managing your personal access tokens](https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/managing-your-personal-access-tokens)
    - [GitHub: Introducing fine-grained personal access tokens](https://github.blog/security/application-security/introducing-fine-grained-personal-access-tokens-for-github/)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW303"
    name = "github-fine-grained-token"
    summary = "GitHub fine-grained personal access token"
    kind = "GitHub fine-grained personal access token"
    hint = "revoke the token in GitHub's developer settings, then load it from the environment or a secret manager"
    severity = HIGH
    confidence = HIGH
    keywords = ("github_pat_",)
    pattern = r"(?<![A-Za-z0-9_])(?P<secret>github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})(?![A-Za-z0-9_])"

    VALID = [
        Valid('if token.startswith("github_pat_"):\n    kind = "fine-grained"\n'),
        Valid(f'TOKEN = "{_fine_grained(tail=58)}"\n'),  # one character short
        Valid(f"GH_TOKEN={_fine_grained(head=21)}\n", path=".env"),  # first part too short
        Valid(f'TOKEN = "github_pat_{"X" * 22}_{"X" * 59}"\n'),  # a placeholder
        Valid('token = os.environ["GITHUB_PAT"]\n'),
    ]
    INVALID = [
        Invalid(f"GH_TOKEN={_fine_grained()}\n", 1, path=".env"),
        Invalid(f"github:\n  token: {_fine_grained(seed=2)}\n", 2, path="config.yaml"),
        Invalid(f'client = Github(auth=Auth.Token("{_fine_grained(seed=3)}"))\n', 1, path="app.py"),
        Invalid(f'#!/bin/sh\ncurl -H "Authorization: Bearer {_fine_grained(seed=4)}" https://api.github.com/user\n', 2,
                path="deploy.sh"),
        Invalid(f'{{"github": {{"token": "{_fine_grained(seed=5)}"}}}}\n', 1, path="settings.json"),
    ]
