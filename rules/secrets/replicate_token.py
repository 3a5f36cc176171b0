from __future__ import annotations

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.fake import base62
from stagewarden.secrets import entropy


class ReplicateToken(SecretRule):
    """
    ## What it does
    Finds Replicate API tokens: `r8_` followed by 37 letters and digits, 40 characters in
    all. A value of the right shape with too little randomness (`r8_` and a repeated word)
    is not reported.

    ## Why is this bad?
    A token runs predictions, trainings and deployments billed to its account, and reads the
    account's private models and their outputs. A token in a repository is usable by anyone
    with a clone until it is disabled.

    ## Example
    ```python
    client = replicate.Client(api_token="r8_...")
    ```

    ## Use instead
    ```python
    client = replicate.Client()  # reads REPLICATE_API_TOKEN from the environment
    ```

    ## Options
    None.

    ## Fix safety
    No fix: disable the token on Replicate's API tokens page, then remove it from the history.

    ## References
    - [Replicate: API tokens](https://replicate.com/docs/topics/security/api-tokens)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW363"
    name = "replicate-token"
    summary = "Replicate API token"
    kind = "Replicate API token"
    hint = "disable the token on replicate.com/account/api-tokens, then load it from the environment (REPLICATE_API_TOKEN) or a secret manager"
    severity = HIGH
    confidence = HIGH
    keywords = ("r8_",)
    pattern = r"(?<![A-Za-z0-9_])(?P<secret>r8_[A-Za-z0-9]{37})(?![A-Za-z0-9_])"

    def validate(self, secret, match, line):
        body = secret[3:]
        return entropy(body) >= 3.5 and any(c.isdigit() for c in body) and any(c.isalpha() for c in body)

    VALID = [
        Valid('if token.startswith("r8_"):\n    pass\n'),
        Valid(f'token = "r8_{base62(36, 2)}"\n'),  # one character short
        Valid(f'token = "r8_{base62(38, 3)}"\n'),  # one character too long
        Valid("REPLICATE_API_TOKEN=r8_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n", path=".env"),
        Valid('client = replicate.Client(api_token=os.environ["REPLICATE_API_TOKEN"])\n'),
    ]
    INVALID = [
        Invalid(f'client = replicate.Client(api_token="r8_{base62(37, 1)}")\n', 1),
        Invalid(f"REPLICATE_API_TOKEN=r8_{base62(37, 4)}\n", 1, path=".env"),
        Invalid(f"replicate:\n  token: r8_{base62(37, 5)}\n", 2, path="config.yaml"),
        Invalid(f'curl -H "Authorization: Bearer r8_{base62(37, 6)}" https://api.replicate.com/v1/models\n', 1, path="deploy.sh"),
    ]
