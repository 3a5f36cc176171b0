from __future__ import annotations

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.fake import hexdigits
from stagewarden.secrets import entropy


class DatabricksToken(SecretRule):
    """
    ## What it does
    Finds Databricks personal access tokens: `dapi` followed by 32 lowercase hexadecimal
    characters, with the optional `-2`-style suffix some workspaces add.

    ## Why is this bad?
    A personal access token acts as its user on the workspace's REST API: it reads and
    writes notebooks, runs jobs on clusters billed to the account, and reads every table
    and secret scope the user can. Tokens are often created without an expiry.

    ## Example
    ```ini
    [DEFAULT]
    host = https://dbc-1234.cloud.databricks.com
    token = dapi...
    ```

    ## Use instead
    ```python
    w = WorkspaceClient()  # unified auth: environment, OAuth, the CLI's profile
    ```
    Prefer OAuth (user-to-machine or a service principal's machine-to-machine OAuth) to
    personal access tokens.

    ## Options
    None.

    ## Fix safety
    No fix: revoke the token (User settings > Developer > Access tokens, or the token
    management API), then remove it from the history.

    ## References
    - [Databricks: Authenticate with personal access tokens](https://docs.databricks.com/en/dev-tools/auth/pat.html)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW315"
    name = "databricks-token"
    summary = "Databricks personal access token"
    kind = "Databricks personal access token"
    hint = "revoke the token in the Databricks workspace, then use OAuth or load it from the environment"
    severity = HIGH
    confidence = HIGH
    keywords = ("dapi",)
    pattern = r"(?<![A-Za-z0-9_])(?P<secret>dapi[0-9a-f]{32}(?:-\d)?)(?![A-Za-z0-9_-])"

    def validate(self, secret, match, line):
        return entropy(secret[4:36]) >= 3.0

    VALID = [
        Valid('headers = {"X-RapidAPI-Key": key}\nif token.startswith("dapi"):\n    pass\n'),
        Valid(f'TOKEN = "dapi{hexdigits(31)}"\n'),  # too short
        Valid(f'TOKEN = "dapi{hexdigits(32).upper()}"\n'),  # not lowercase hexadecimal
        Valid(f'TOKEN = "dapi{"0" * 32}"\n'),  # no entropy
        Valid('w = WorkspaceClient(host=HOST, token=os.environ["DATABRICKS_TOKEN"])\n'),
    ]
    INVALID = [
        Invalid(f"[DEFAULT]\nhost = https://dbc-1234.cloud.databricks.com\ntoken = dapi{hexdigits(32)}\n", 3,
                path=".databrickscfg"),
        Invalid(f"DATABRICKS_TOKEN=dapi{hexdigits(32, 2)}-2\n", 1, path=".env"),
        Invalid(f'w = WorkspaceClient(host=HOST, token="dapi{hexdigits(32, 3)}")\n', 1, path="app.py"),
        Invalid(f"targets:\n  prod:\n    token: dapi{hexdigits(32, 4)}\n", 3, path="databricks.yaml"),
        Invalid(f"```python\nspark.conf.set('token', 'dapi{hexdigits(32, 5)}')\n```\n", 2, path="notebook.md"),
    ]
