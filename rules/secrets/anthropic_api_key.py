from __future__ import annotations

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.fake import b64url
from stagewarden.secrets import entropy


def _key(kind: str = "api03", seed: int = 1, end: str = "AA") -> str:
    return f"sk-ant-{kind}-{b64url(93, seed)}{end}"


class AnthropicApiKey(SecretRule):
    """
    ## What it does
    Finds Anthropic API keys (`sk-ant-api03-`) and Admin API keys (`sk-ant-admin01-`): the
    prefix, 93 characters of the base64url alphabet and a final `AA`, 108 characters in all
    for an API key.

    ## Why is this bad?
    An API key bills its workspace for every request made with it; an Admin API key also
    manages the organization's members, workspaces and other keys. Keys in public
    repositories are revoked by Anthropic when it is notified, but private repositories,
    mirrors and clones are not scanned.

    ## Example
    ```python
    client = anthropic.Anthropic(api_key="sk-ant-api03-...")
    ```

    ## Use instead
    ```python
    client = anthropic.Anthropic()  # reads ANTHROPIC_API_KEY from the environment
    ```

    ## Options
    None.

    ## Fix safety
    No fix: revoke the key in the Anthropic Console, then remove it from the history.

    ## References
    - [Anthropic API: Authentication](https://docs.anthropic.com/en/api/overview#authentication)
    - [Anthropic: Admin API](https://docs.anthropic.com/en/api/administration-api)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW361"
    name = "anthropic-api-key"
    summary = "Anthropic API key or Admin API key"
    kind = "Anthropic API key"
    hint = "revoke the key in the Anthropic Console, then load it from the environment (ANTHROPIC_API_KEY) or a secret manager"
    severity = HIGH
    confidence = HIGH
    keywords = ("sk-ant-api03-", "sk-ant-admin01-")
    pattern = r"(?<![A-Za-z0-9_-])(?P<secret>sk-ant-(?:api03|admin01)-[A-Za-z0-9_-]{93}AA)(?![A-Za-z0-9_-])"

    def validate(self, secret, match, line):
        return entropy(secret.split("-", 3)[3]) >= 4.0

    VALID = [
        Valid('PREFIX = "sk-ant-api03-"\n'),
        Valid(f'key = "{_key(end="AB")}"\n'),  # does not end in AA
        Valid(f'key = "{_key(seed=2)}x"\n'),  # one character too long
        Valid("ANTHROPIC_API_KEY=sk-ant-api03-your-key-here\n", path=".env"),
        Valid(f'key = "sk-ant-api03-{"x" * 93}AA"\n'),
        Valid('client = anthropic.Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])\n'),
    ]
    INVALID = [
        Invalid(f'client = anthropic.Anthropic(api_key="{_key()}")\n', 1),
        Invalid(f"ANTHROPIC_API_KEY={_key(seed=3)}\n", 1, path=".env"),
        Invalid(f"llm:\n  provider: anthropic\n  admin_key: {_key('admin01', seed=4)}\n", 3, path="config.yaml"),
        Invalid(f'{{"env": {{"ANTHROPIC_API_KEY": "{_key(seed=5)}"}}}}\n', 1, path="settings.json"),
        Invalid(f"curl https://api.anthropic.com/v1/messages -H 'x-api-key: {_key(seed=6)}'\n", 1, path="deploy.sh"),
    ]
