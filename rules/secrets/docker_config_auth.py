from __future__ import annotations

import base64
import binascii
import json

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.common import trivial_password
from stagewarden.rules.secrets.fake import base62

_CONFIG = "eyJhdXRocyI6"  # base64 of `{"auths":`, the start of a whole .dockerconfigjson


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _auth(seed: int = 1, user: str = "ci-bot") -> str:
    return _b64(f"{user}:{base62(24, seed)}")


def _google_auth(seed: int) -> str:
    """Google registries take `_json_key:` and a whole service account key as the password."""
    key = json.dumps({"type": "service_account", "private_key_id": base62(40, seed)}, indent=2)
    return _b64(f"_json_key:{key}")


def _dockerconfigjson(seed: int) -> str:
    return _b64(json.dumps({"auths": {"registry.internal": {"auth": _auth(seed)}}}))


def _decode(value: str) -> str | None:
    try:
        return base64.b64decode(value + "=" * (-len(value) % 4), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return None


def _has_password(auth: str) -> bool:
    """Whether a base64 `auth` value decodes to `user:password` with a real password."""
    decoded = _decode(auth)
    if decoded is None or ":" not in decoded:
        return False
    user, _, password = decoded.partition(":")
    if user in ("_json_key", "_json_key_base64"):  # a service account key, over several lines
        return len(password) > 20
    return decoded.isprintable() and bool(user) and bool(password) and not trivial_password(password, user)


class DockerConfigAuth(SecretRule):
    """
    ## What it does
    Finds registry credentials in Docker configuration: an `"auth": "<base64>"` entry of a
    `~/.docker/config.json`, a `.dockerconfigjson` or a `.dockercfg` (in a Kubernetes
    `stringData`, a Helm values file, a CI variable file), and a whole `.dockerconfigjson`
    value written base64-encoded, as in a Kubernetes Secret's `data`. The `auth` value is
    decoded and reported only when it is `user:password` with a non-empty password that is
    not a placeholder.

    ## Why is this bad?
    `auth` is only base64, not encryption: it is the registry user's password (or access
    token) in clear. With it anyone can pull the organization's private images, which often
    contain more secrets, and usually push over them.

    ## Example
    ```json
    {"auths": {"registry.example.com": {"auth": "Y2ktYm90Oi..."}}}
    ```

    ## Use instead
    Log in at deploy time (`docker login --password-stdin` fed from a secret), use a
    credential helper (`"credsStore"`, `"credHelpers"`), or create the Kubernetes secret
    from the CI's secret store (`kubectl create secret docker-registry`) instead of
    committing its manifest.

    ## Options
    None.

    ## Fix safety
    No fix: change the registry password or revoke the access token, then remove it from the
    history.

    ## References
    - [Docker: docker login, credential stores](https://docs.docker.com/reference/cli/docker/login/)
    - [Kubernetes: Pull an image from a private registry](https://kubernetes.io/docs/tasks/configure-pod-container/pull-image-private-registry/)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW371"
    name = "docker-config-auth"
    summary = "Registry credentials in a Docker config (auth entry or .dockerconfigjson)"
    kind = "Docker registry credentials"
    hint = "change the registry password or revoke the token, then use a credential helper or create the secret from a secret store at deploy time"
    severity = HIGH
    confidence = HIGH
    # `"auth"` (maybe JSON-escaped as `\"auth\"`), and base64 of `{"auths":`, a whole config.
    keywords = ('"auth\\"', '"auth"', "eyjhdxrocyi6")
    pattern = (r'(?:\\?"auth\\?"\s*:\s*\\?"|(?<![A-Za-z0-9+/])(?=eyJhdXRocyI6))'
               r"(?P<secret>[A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])")

    def validate(self, secret, match, line):
        if not secret.startswith(_CONFIG):
            return _has_password(secret)
        try:  # a whole .dockerconfigjson, base64-encoded
            auths = json.loads(_decode(secret) or "").get("auths")
        except (ValueError, AttributeError, RecursionError):
            return False
        for entry in auths.values() if isinstance(auths, dict) else ():
            if not isinstance(entry, dict):
                continue
            if isinstance(entry.get("auth"), str) and _has_password(entry["auth"]):
                return True
            password = entry.get("password")
            if isinstance(password, str) and password and not trivial_password(password, str(entry.get("username", ""))):
                return True
        return False

    VALID = [
        Valid('{"auths": {"registry.internal": {"auth": ""}}}\n', path=".docker/config.json"),
        Valid('{"auths": {"ghcr.io": {}}, "credsStore": "desktop"}\n', path=".docker/config.json"),
        Valid(f'{{"auths": {{"registry.internal": {{"auth": "{_b64("ci-bot:")}"}}}}}}\n', path="config.json"),  # no password
        Valid(f'{{"auths": {{"registry.internal": {{"auth": "{_b64("user:password")}"}}}}}}\n', path="config.json"),
        Valid('{"auth": "token", "type": "oauth"}\n', path="settings.json"),  # not base64 of user:password
        Valid(f"data:\n  .dockerconfigjson: {_b64(json.dumps({'auths': {'r.internal': {'auth': _b64('u:changeme')}}}))}\n",
              path="k8s/pull-secret.yaml"),
    ]
    INVALID = [
        Invalid(f'{{\n  "auths": {{\n    "registry.internal": {{\n      "auth": "{_auth(1)}"\n    }}\n  }}\n}}\n', 4,
                path=".docker/config.json"),
        Invalid(f"stringData:\n  .dockerconfigjson: '{{\"auths\":{{\"ghcr.io\":{{\"auth\":\"{_auth(2, 'bot')}\"}}}}}}'\n", 2,
                path="k8s/pull-secret.yaml"),
        Invalid(f"apiVersion: v1\nkind: Secret\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: {_dockerconfigjson(3)}\n",
                5, path="k8s/registry.yaml"),
        Invalid(f'echo \'{{"auths":{{"registry.internal":{{"auth":"{_auth(4)}"}}}}}}\' > ~/.docker/config.json\n', 1, path="deploy.sh"),
        Invalid(f'{{"auths": {{"europe-docker.pkg.dev": {{"auth": "{_google_auth(9)}"}}}}}}\n', 1, path="ci/docker-config.json"),
        Invalid(f'DOCKER_CONFIG_JSON = "{{\\"auths\\": {{\\"r.internal\\": {{\\"auth\\": \\"{_auth(5)}\\"}}}}}}"\n', 1),
    ]
