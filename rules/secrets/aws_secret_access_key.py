from __future__ import annotations

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.common import ANNOTATION
from stagewarden.rules.secrets.fake import b64
from stagewarden.secrets import entropy

# The name the value is bound to: aws_secret_access_key, secret_access_key, aws_secret_key
# (with `_`, `-` or nothing between the words, any case), optionally quoted or subscripted.
_NAME = (r"(?i:secret(?P<s1>[_-]?)access(?P=s1)key|aws(?P<s2>[_-]?)secret(?P=s2)key)[A-Za-z0-9_]{0,20}"
         r"[\"']?\]?")


class AwsSecretAccessKey(SecretRule):
    """
    ## What it does
    Finds an AWS secret access key: 40 characters of `A-Za-z0-9/+` assigned to a name
    containing `aws_secret_access_key`, `secret_access_key` or `aws_secret_key` (any case,
    with underscores, hyphens or nothing between the words, as in `SecretAccessKey`), with
    `=`, `:`, `=>` or a space, quoted or not: credentials files, `.env` files, YAML, JSON,
    `boto3.client(aws_secret_access_key=...)` and `aws configure set`. A bare 40-character
    string is not reported: it looks like too many other things. AWS's documented example
    key and low-entropy values are skipped.

    ## Why is this bad?
    The secret access key is what signs requests: with it and its key ID anyone acts as the
    IAM user, with all of its permissions, until the key is deleted. Keys pushed to public
    repositories are found and used by automated scanners within minutes.

    ## Example
    ```python
    s3 = boto3.client("s3", aws_access_key_id="AKIA...", aws_secret_access_key="...")
    ```

    ## Use instead
    ```python
    s3 = boto3.client("s3")  # the default chain: environment, SSO, an IAM role
    ```

    ## Options
    None.

    ## Fix safety
    No fix: deactivate and delete the access key in IAM, check CloudTrail for its use, then
    remove it from the history.

    ## References
    - [AWS: Manage access keys for IAM users](https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html)
    - [AWS CLI: Configuration and credential file settings](https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW306"
    name = "aws-secret-access-key"
    summary = "AWS secret access key assigned to a named variable or setting"
    kind = "AWS secret access key"
    hint = "deactivate the key in IAM and use a role or the SDK's default credential chain instead"
    severity = HIGH
    confidence = HIGH
    keywords = ("secret_access_key", "secret-access-key", "secretaccesskey", "aws_secret_key", "aws-secret-key",
                "awssecretkey")
    pattern = (_NAME + r"(?:" + ANNOTATION + r"|\s*(?:=|:=|:|=>)\s*|\s+)[\"'`]?"
               r"(?P<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])")

    def validate(self, secret, match, line):
        return entropy(secret) >= 4.0

    VALID = [
        Valid(f'aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCY{"EXAMPLE"}KEY"\n'),  # AWS's documented example
        Valid('s3 = boto3.client("s3", aws_secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"])\n'),
        Valid(f"AWS_SECRET_ACCESS_KEY={b64(39)}\n", path=".env"),  # too short
        Valid(f'checksum = "{b64(40, 2)}"\n'),  # no AWS name
        Valid("with:\n  aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}\n", path=".github/workflows/deploy.yml"),
        Valid(f"aws_secret_access_key = {'AB' * 20}\n", path="credentials"),  # too little entropy
    ]
    INVALID = [
        Invalid(f"[default]\naws_access_key_id = AKIA{'A' * 16}\naws_secret_access_key = {b64(40)}\n", 3,
                path=".aws/credentials"),
        Invalid(f"AWS_SECRET_ACCESS_KEY={b64(40, 3)}\n", 1, path=".env"),
        Invalid(f's3 = boto3.client("s3", aws_secret_access_key="{b64(40, 4)}")\n', 1, path="app.py"),
        Invalid(f'{{"AccessKey": {{"UserName": "ci", "SecretAccessKey": "{b64(40, 5)}"}}}}\n', 1, path="settings.json"),
        Invalid(f"storage:\n  s3:\n    aws_secret_key: '{b64(40, 6)}'\n", 3, path="config.yaml"),
        Invalid(f"#!/bin/sh\naws configure set aws_secret_access_key {b64(40, 7)}\n", 2, path="deploy.sh"),
        Invalid(f"FROM python:3.12\nENV AWS_SECRET_ACCESS_KEY={b64(40, 8)}\n", 2, path="Dockerfile"),
        Invalid(f"```yaml\nwith:\n  aws-secret-access-key: {b64(40, 9)}\n```\n", 3, path="notebook.md"),
        Invalid(f"aws.awsSecretKey={b64(40, 10)}\n", 1, path="application.properties"),
        Invalid(f'AWS_SECRET_ACCESS_KEY: str | None = "{b64(40, 12)}"\n', 1, path="settings.py"),
        Invalid(f"#!/bin/sh\n./upload-backups --bucket logs --aws-secret-key '{b64(40, 11)}'\n", 2, path="import.sh"),
    ]
