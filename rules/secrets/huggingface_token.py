from __future__ import annotations

import string

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.fake import base62, chars


def _token(prefix: str = "hf_", seed: int = 1) -> str:
    return prefix + chars(string.ascii_letters, 34, seed)


class HuggingFaceToken(SecretRule):
    """
    ## What it does
    Finds Hugging Face user access tokens (`hf_` and 34 letters and digits) and the older
    organization API tokens (`api_org_` and 34 letters and digits). A value in one letter
    case only (`hf_` followed by a 34-letter lowercase word) is a name, not a token, and is
    not reported.

    ## Why is this bad?
    A token acts as its user on the Hub: a read token opens every private and gated model,
    dataset and Space the user can see; a write token can push to them, replacing model
    weights that others download and load.

    ## Example
    ```python
    login(token="hf_...")
    ```

    ## Use instead
    ```python
    login()  # reads HF_TOKEN from the environment, or the cached `huggingface-cli login`
    ```

    ## Options
    None.

    ## Fix safety
    No fix: invalidate the token in the Hub's access token settings, then remove it from the
    history.

    ## References
    - [Hugging Face Hub: User access tokens](https://huggingface.co/docs/hub/security-tokens)
    - [Hugging Face Hub: Secrets scanning](https://huggingface.co/docs/hub/security-secrets)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW362"
    name = "huggingface-token"
    summary = "Hugging Face user access token or organization API token"
    kind = "Hugging Face token"
    hint = "invalidate the token in the Hugging Face access token settings, then load it from the environment (HF_TOKEN) or a secret manager"
    severity = HIGH
    confidence = HIGH
    keywords = ("hf_", "api_org_")
    pattern = r"(?<![A-Za-z0-9_])(?P<secret>(?:hf_|api_org_)[A-Za-z0-9]{34})(?![A-Za-z0-9_])"

    def validate(self, secret, match, line):
        body = secret[3:] if secret.startswith("hf_") else secret[8:]
        return any(c.isupper() for c in body) and any(c.islower() for c in body)

    VALID = [
        Valid('if token.startswith("hf_"):\n    pass\n'),
        Valid("HF_TOKEN=hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n", path=".env"),
        Valid(f'token = "hf_{base62(33, 2)}"\n'),  # one character short
        Valid(f'token = "{_token(seed=3)}_v2"\n'),  # part of a longer identifier
        Valid("def 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():\n    pass\n"),  # a name in one case
        Valid('token = os.environ["HF_TOKEN"]\n'),
    ]
    INVALID = [
        Invalid(f'login(token="{_token()}")\n', 1),
        Invalid(f"HF_TOKEN={_token(seed=4)}\n", 1, path=".env"),
        Invalid(f"hub:\n  token: {_token('api_org_', seed=5)}\n", 2, path="config.yaml"),
        Invalid(f"RUN huggingface-cli login --token {_token(seed=6)}\n", 1, path="Dockerfile"),
        Invalid(f"```python\nfrom huggingface_hub import login\nlogin('hf_{base62(34, 7)}')\n```\n", 3, path="notebook.md"),
    ]
