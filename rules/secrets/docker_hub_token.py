from __future__ import annotations

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.fake import b64url
from stagewarden.secrets import entropy


def _docker_pat(seed: int = 1, length: int = 27) -> str:
    return "dckr_pat_" + b64url(length, seed)


class DockerHubToken(SecretRule):
    """
    ## What it does
    Finds Docker Hub personal access tokens: `dckr_pat_` followed by 27 characters of
    `A-Za-z0-9_-`.

    ## Why is this bad?
    A personal access token logs in to Docker Hub as its user: with read-write scope it
    pushes images to every repository the user can write, so whoever holds it can replace
    the images others deploy; with read scope it pulls private images and whatever they
    contain.

    ## Example
    ```sh
    echo "dckr_pat_..." | docker login -u ci --password-stdin
    ```

    ## Use instead
    ```yaml
    - uses: docker/login-action@v3
      with:
        username: ${{ vars.DOCKERHUB_USERNAME }}
        password: ${{ secrets.DOCKERHUB_TOKEN }}
    ```

    ## Options
    None.

    ## Fix safety
    No fix: delete the token in Docker Hub (Account settings > Personal access tokens),
    then remove it from the history.

    ## References
    - [Docker Docs: Personal access tokens](https://docs.docker.com/security/for-developers/access-tokens/)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW322"
    name = "docker-hub-token"
    summary = "Docker Hub personal access token"
    kind = "Docker Hub personal access token"
    hint = "delete the token in Docker Hub, then load it from the CI secret store"
    severity = HIGH
    confidence = HIGH
    keywords = ("dckr_pat_",)
    pattern = r"(?<![A-Za-z0-9_])(?P<secret>dckr_pat_[A-Za-z0-9_-]{27})(?![A-Za-z0-9_-])"

    def validate(self, secret, match, line):
        return entropy(secret[9:]) >= 3.0

    VALID = [
        Valid('assert token.startswith("dckr_pat_")\n'),
        Valid(f'TOKEN = "{_docker_pat(length=26)}"\n'),  # too short
        Valid(f'TOKEN = "{_docker_pat(length=28)}"\n'),  # too long
        Valid('TOKEN = "dckr_pat_your-token-goes-here-123456"\n'),  # a placeholder
        Valid("with:\n  password: ${{ secrets.DOCKERHUB_TOKEN }}\n", path=".github/workflows/image.yml"),
    ]
    INVALID = [
        Invalid(f"#!/bin/sh\necho {_docker_pat()} | docker login -u ci --password-stdin\n", 2, path="deploy.sh"),
        Invalid(f"DOCKERHUB_TOKEN={_docker_pat(2)}\n", 1, path=".env"),
        Invalid(f"with:\n  username: ci\n  password: {_docker_pat(3)}\n", 3, path=".github/workflows/image.yml"),
        Invalid(f'client.login(username="ci", password="{_docker_pat(4)}")\n', 1, path="app.py"),
    ]
