from __future__ import annotations

import string

from stagewarden.rule import HIGH, MEDIUM, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.fake import chars
from stagewarden.secrets import entropy

_BASE32 = string.ascii_uppercase + "234567"


def _key_id(prefix: str = "AKIA", seed: int = 1, length: int = 16) -> str:
    return prefix + chars(_BASE32, length, seed)


class AwsAccessKeyId(SecretRule):
    """
    ## What it does
    Finds AWS access key IDs: `AKIA` (an IAM user's long-term key), `ASIA` (temporary STS
    credentials), `ABIA` (STS service bearer tokens) and `ACCA` (context-specific
    credentials), followed by 16 characters of the base32 alphabet (`A`-`Z`, `2`-`7`). AWS's
    documented example key ID is not reported (the common filters skip values containing
    `EXAMPLE`), nor are strings of one repeated character.

    Severity is MEDIUM: a key ID alone authenticates nothing, AWS signs every request with
    the secret access key. But a key ID in a commit names the account and the user, and the
    secret is rarely far away: SW306 reports it at HIGH when it is assigned nearby.

    ## Why is this bad?
    Key IDs are committed together with their secret access key, in a credentials file, an
    `.env` file or a `boto3.client(...)` call. With both, anyone holding the repository acts
    as that IAM user; automated scanners find keys pushed to public repositories within
    minutes.

    ## Example
    ```ini
    [default]
    aws_access_key_id = AKIA...
    ```

    ## Use instead
    Use an IAM role (instance profile, ECS task role, IRSA, GitHub's OIDC provider) or
    `aws configure sso`, and let the SDK's default credential chain find the credentials.

    ## Options
    None.

    ## Fix safety
    No fix: deactivate and delete the access key in IAM, check CloudTrail for its use, then
    remove it from the history.

    ## References
    - [AWS: Manage access keys for IAM users](https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html)
    - [AWS: IAM identifiers (unique ID prefixes)](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW305"
    name = "aws-access-key-id"
    summary = "AWS access key ID"
    kind = "AWS access key ID"
    hint = "deactivate the key in IAM and use a role or the SDK's default credential chain instead"
    severity = MEDIUM
    confidence = HIGH
    keywords = ("akia", "asia", "abia", "acca")
    pattern = r"(?<![A-Za-z0-9_])(?P<secret>(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})(?![A-Za-z0-9_])"

    def validate(self, secret, match, line):
        return entropy(secret[4:]) >= 2.5

    VALID = [
        Valid(f'aws_access_key_id = "AKIA{"IOSFODNN7"}{"EXAMPLE"}"\n'),  # AWS's documented example
        Valid(f'KEY_ID = "{_key_id(length=15)}0"\n'),  # 0 is not in the base32 alphabet
        Valid(f"AWS_ACCESS_KEY_ID={_key_id(length=15)}\n", path=".env"),  # too short
        Valid(f'key = "{_key_id(length=17)}"\n'),  # too long
        Valid(f'key = "AKIA{"A" * 16}"\nregion = "Asia Pacific (Tokyo)"\n'),
        Valid('key_id = os.environ["AWS_ACCESS_KEY_ID"]\n'),
    ]
    INVALID = [
        Invalid(f"[default]\naws_access_key_id = {_key_id()}\n", 2, path=".aws/credentials"),
        Invalid(f"AWS_ACCESS_KEY_ID={_key_id(seed=2)}\n", 1, path=".env"),
        Invalid(f's3 = boto3.client("s3", aws_access_key_id="{_key_id("ASIA", seed=3)}")\n', 1, path="app.py"),
        Invalid(f"aws:\n  access_key_id: {_key_id('ABIA', seed=4)}\n", 2, path="config.yaml"),
        Invalid(f"FROM python:3.12\nENV AWS_ACCESS_KEY_ID={_key_id('ACCA', seed=5)}\n", 2, path="Dockerfile"),
    ]
