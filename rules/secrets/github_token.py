from __future__ import annotations

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.common import crc32_base62
from stagewarden.rules.secrets.fake import github_classic


class GitHubToken(SecretRule):
    """
    ## What it does
    Finds GitHub tokens in the current format: personal access tokens (`ghp_`), OAuth
    access tokens (`gho_`), user-to-server (`ghu_`), server-to-server (`ghs_`) and refresh
    tokens (`ghr_`). Their last six characters are a CRC32 checksum of the rest, which is
    verified, so a random string with the right prefix is not reported.

    ## Why is this bad?
    A token in a commit is usable by anyone who can read the repository or any of its
    forks and clones, with every scope it was granted: pushing code, reading private
    repositories, publishing packages. GitHub revokes tokens it finds in public repositories,
    but not in private ones, mirrors or other hosts.

    ## Example
    ```python
    client = Github("ghp_...")  # a token pasted while testing
    ```

    ## Use instead
    ```python
    client = Github(os.environ["GITHUB_TOKEN"])
    ```

    ## Options
    None.

    ## Fix safety
    No fix: revoke the token, then remove it from the history.

    ## References
    - [GitHub: Behind GitHub's new authentication token formats](https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW302"
    name = "github-token"
    summary = "GitHub token (personal access, OAuth, app or refresh token)"
    kind = "GitHub token"
    hint = "revoke the token on GitHub, then load it from the environment or a secret manager"
    severity = HIGH
    confidence = HIGH
    keywords = ("ghp_", "gho_", "ghu_", "ghs_", "ghr_")
    pattern = r"(?<![A-Za-z0-9_])(?P<secret>gh[pousr]_[A-Za-z0-9]{36})(?![A-Za-z0-9_])"

    def validate(self, secret, match, line):
        body = secret[4:]
        return crc32_base62(body[:30]) == body[30:]

    VALID = [
        Valid(f'TOKEN = "{github_classic(valid=False)}"\n'),  # the checksum does not match
        Valid('PREFIX = "ghp_"\nassert token.startswith(("ghp_", "gho_"))\n'),
        Valid(f'url = "https://example.com/{github_classic()}x"\n', path="notes.md"),  # longer: not a token
        Valid(f'token = "{github_classic()}"  # stagewarden: ignore[SW302] -- revoked test token\n'),
        Valid(f'token = "{github_classic(seed=5)}"  # pragma: allowlist secret\n'),
    ]
    INVALID = [
        Invalid(f'client = Github("{github_classic()}")\n', 1),
        Invalid(f"GITHUB_TOKEN={github_classic('ghs_', seed=2)}\n", 1, path=".env"),
        Invalid(f"env:\n  GH_TOKEN: {github_classic('gho_', seed=3)}\n", 2, path=".github/workflows/ci.yml"),
        Invalid(f'{{"token": "{github_classic("ghu_", seed=4)}"}}\n', 1, path="config.json"),
        Invalid(f"git clone https://x-access-token:{github_classic('ghr_', seed=6)}@github.com/o/r\n", 1, path="deploy.sh"),
    ]
