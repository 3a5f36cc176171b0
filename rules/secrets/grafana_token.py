from __future__ import annotations

import base64
import binascii
import json
import zlib

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.common import looks_random
from stagewarden.rules.secrets.fake import b64, base62


def _checksum(text: str) -> str:
    """Grafana's service account token checksum: the CRC32 of `glsa_<secret>`, its four
    bytes little-endian, in hex."""
    return zlib.crc32(text.encode()).to_bytes(4, "little").hex()


def _service_account(seed: int = 1, valid: bool = True) -> str:
    key = "glsa_" + base62(32, seed)
    checksum = _checksum(key)
    if not valid:
        checksum = checksum[:-1] + ("0" if checksum[-1] != "0" else "1")
    return f"{key}_{checksum}"


def _cloud(seed: int = 1, region: str = "prod-us-east-0", padded: bool = True) -> str:
    """A Grafana Cloud access policy token: base64 of {"o": org, "n": name, "k": key, "m": {"r": region}}."""
    claims = {"o": str(700000 + seed), "n": f"stack-{seed}-metrics-write", "k": base62(24, seed), "m": {"r": region}}
    encoded = base64.b64encode(json.dumps(claims, separators=(",", ":")).encode()).decode()
    return "glc_" + (encoded if padded else encoded.rstrip("="))


def _claims(text: str) -> object:
    try:
        return json.loads(base64.b64decode(text + "=" * (-len(text) % 4)))
    except (ValueError, binascii.Error):
        return None


class GrafanaToken(SecretRule):
    """
    ## What it does
    Finds Grafana tokens: service account tokens (`glsa_`, 32 letters and digits, `_` and an
    8-hex-digit CRC32 checksum, which is verified) and Grafana Cloud access policy tokens
    (`glc_` and base64 of a JSON object holding the organization, name, key and region,
    which is decoded and checked). A value of the right shape with a wrong checksum or
    undecodable claims is not reported.

    ## Why is this bad?
    A service account token acts with its account's role on the Grafana HTTP API:
    dashboards, data sources (and the credentials stored in them), alerting, users. A Cloud
    access policy token reads or writes the stack's metrics, logs and traces, or manages
    the stack itself, depending on its scopes.

    ## Example
    ```yaml
    basic_auth:
      username: "123456"
      password: glc_eyJ...
    ```

    ## Use instead
    ```yaml
    basic_auth:
      username: "123456"
      password_file: /run/secrets/grafana_cloud_token
    ```

    ## Options
    None.

    ## Fix safety
    No fix: delete the token (Administration > Service accounts, or the Cloud portal's
    Access Policies), then remove it from the history.

    ## References
    - [Grafana: Service accounts](https://grafana.com/docs/grafana/latest/administration/service-accounts/)
    - [Grafana Cloud: Access policies](https://grafana.com/docs/grafana-cloud/security-and-account-management/authentication-and-permissions/access-policies/)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW350"
    name = "grafana-token"
    summary = "Grafana service account or Grafana Cloud access policy token"
    kind = "Grafana token"
    hint = "delete the token in Grafana (or the Grafana Cloud portal), then load a new one from the environment or a secret manager"
    severity = HIGH
    confidence = HIGH
    # A Cloud token's claims start with {" (base64 "eyJ").
    keywords = ("glc_eyj", "glsa_")
    pattern = (
        r"(?<![A-Za-z0-9_])(?P<secret>glc_eyJ[A-Za-z0-9+/]{29,400}={0,2}|glsa_[A-Za-z0-9]{32}_[0-9a-f]{8})"
        r"(?![A-Za-z0-9+/=_-])"
    )

    def validate(self, secret, match, line):
        if secret.startswith("glsa_"):
            return _checksum(secret[:37]) == secret[38:] and looks_random(secret[5:37])
        claims = _claims(secret[4:])
        return isinstance(claims, dict) and isinstance(claims.get("k"), str) and looks_random(claims["k"])

    VALID = [
        Valid(f'GRAFANA_TOKEN = "{_service_account(valid=False)}"\n'),  # the checksum does not match
        Valid(f'token = "glc_eyJ{b64(60, 2)}"\n'),  # the claims are not JSON
        Valid("static void GLC_CreateLightmapTextureArray(void);\n", path="gl_rmain.c"),
        Valid("GRAFANA_CLOUD_TOKEN=glc_your_token_here\nGRAFANA_SA_TOKEN=glsa_...\n", path=".env"),
        Valid("password: ${GRAFANA_CLOUD_TOKEN}\n", path="config.yaml"),
    ]
    INVALID = [
        Invalid(f"GRAFANA_SA_TOKEN={_service_account()}\n", 1, path=".env"),
        Invalid(f'remote_write:\n  - url: https://prometheus-prod-01.grafana.net/api/prom/push\n    basic_auth:\n'
                f'      username: "123456"\n      password: {_cloud(2)}\n', 5, path="config.yaml"),
        Invalid(f'{{"grafana": {{"url": "https://grafana.acme.io", "token": "{_service_account(3)}"}}}}\n', 1, path="settings.json"),
        Invalid(f"#!/bin/sh\ncurl -H 'Authorization: Bearer {_service_account(4)}' https://grafana.acme.io/api/dashboards/home\n",
                2, path="deploy.sh"),
        Invalid(f"FROM grafana/alloy:latest\nENV GCLOUD_RW_API_KEY={_cloud(5, padded=False)}\n", 2, path="Dockerfile"),
        Invalid(f'import requests\n\nAUTH = ("123456", "{_cloud(6, region="prod-eu-west-2")}")\n', 3, path="app.py"),
        Invalid(f"Loki push: `https://123456:{_cloud(7)}@logs-prod-012.grafana.net/loki/api/v1/push`\n", 1, path="notebook.md"),
    ]
