from __future__ import annotations

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.fake import b64, hexdigits


def _key_file(seed: int = 1) -> str:
    """A service-account key file as Google writes it (the key itself on its own line)."""
    key = "-----BEGIN PRIVATE KEY-----\\n" + "\\n".join(b64(64, seed + i) for i in range(3)) + "\\n-----END PRIVATE KEY-----\\n"
    return (
        "{\n"
        '  "type": "service_account",\n'
        '  "project_id": "demo-project",\n'
        f'  "private_key_id": "{hexdigits(40, seed)}",\n'
        f'  "private_key": "{key}",\n'
        '  "client_email": "ci@demo-project.iam.gserviceaccount.com"\n'
        "}\n"
    )


class GoogleServiceAccountKey(SecretRule):
    """
    ## What it does
    Finds Google Cloud service-account key files by their `"private_key_id"` entry: the
    name followed by the key's 40-character lowercase hexadecimal ID, in the JSON key file
    Google generates, or copied into TOML (Streamlit's `secrets.toml`), YAML or a Python
    dict. The private key on the next line is SW301's; this rule marks the file as a whole
    service-account credential even when the key is wrapped in a way SW301 cannot read.

    ## Why is this bad?
    A service-account key never expires by default and authenticates as the service
    account from anywhere, with every role it holds in the project: storage, databases,
    deployments. Google recommends avoiding downloaded keys altogether.

    ## Example
    ```json
    {"type": "service_account", "private_key_id": "...", "private_key": "-----BEGIN PRIVATE KEY-----\\n..."}
    ```

    ## Use instead
    Use workload identity (attached service accounts, Workload Identity Federation for
    GitHub Actions and other clouds) or `gcloud auth application-default login`; if a key
    file is unavoidable, keep it outside the repository and point
    `GOOGLE_APPLICATION_CREDENTIALS` at it.

    ## Options
    None.

    ## Fix safety
    No fix: delete the key in IAM (Service accounts > Keys), then remove the file from the
    history.

    ## References
    - [Google Cloud: Create and delete service account keys](https://cloud.google.com/iam/docs/keys-create-delete)
    - [Google Cloud: Best practices for managing service account keys](https://cloud.google.com/iam/docs/best-practices-for-managing-service-account-keys)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW308"
    name = "google-service-account-key"
    summary = "Google Cloud service-account key file"
    kind = "Google service-account key"
    hint = "delete the key in Google Cloud IAM and use workload identity, or keep the key file out of the repository"
    severity = HIGH
    confidence = HIGH
    keywords = ("private_key_id",)
    pattern = r"(?i:private_key_id)[\"']?\s*[:=]\s*[\"']?(?P<secret>[0-9a-f]{40})(?![0-9A-Za-z_])"

    VALID = [
        Valid('{"type": "service_account", "private_key_id": "", "private_key": ""}\n', path="key.template.json"),
        Valid(f'{{"private_key_id": "{hexdigits(39)}"}}\n', path="settings.json"),  # too short
        Valid('private_key_id = "${GCP_PRIVATE_KEY_ID}"\n', path="secrets.toml"),
        Valid('key_id = credentials["private_key_id"]\nassert info["private_key_id"] == key_id\n'),
        Valid(f'{{"private_key_id": "{hexdigits(40).upper()}"}}\n', path="settings.json"),  # not Google's lowercase hex
    ]
    INVALID = [
        Invalid(_key_file(), 4, path="service-account.json"),
        Invalid(f'[gcp_service_account]\ntype = "service_account"\nprivate_key_id = "{hexdigits(40, 2)}"\n', 3,
                path=".streamlit/secrets.toml"),
        Invalid(f'INFO = {{"type": "service_account", "private_key_id": "{hexdigits(40, 3)}"}}\n', 1, path="app.py"),
        Invalid(f"gcp:\n  type: service_account\n  private_key_id: {hexdigits(40, 4)}\n", 3, path="config.yaml"),
        Invalid(f"GCP_PRIVATE_KEY_ID={hexdigits(40, 5)}\n", 1, path=".env"),
    ]
