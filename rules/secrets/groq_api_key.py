from __future__ import annotations

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.fake import base62
from stagewarden.secrets import entropy


class GroqApiKey(SecretRule):
    """
    ## What it does
    Finds GroqCloud API keys: `gsk_` followed by 52 letters and digits. A value of the right
    shape with too little randomness is not reported.

    ## Why is this bad?
    Groq keys are not scoped: every key can call every endpoint of its project, billed to its
    organization and counted against its rate limits. A key in a repository is usable by
    anyone with a clone until it is deleted.

    ## Example
    ```python
    client = Groq(api_key="gsk_...")
    ```

    ## Use instead
    ```python
    client = Groq()  # reads GROQ_API_KEY from the environment
    ```

    ## Options
    None.

    ## Fix safety
    No fix: delete the key in the GroqCloud console, then remove it from the history.

    ## References
    - [GroqCloud: Quickstart (API keys)](https://console.groq.com/docs/quickstart)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW364"
    name = "groq-api-key"
    summary = "GroqCloud API key"
    kind = "Groq API key"
    hint = "delete the key at console.groq.com/keys, then load it from the environment (GROQ_API_KEY) or a secret manager"
    severity = HIGH
    confidence = HIGH
    keywords = ("gsk_",)
    pattern = r"(?<![A-Za-z0-9_])(?P<secret>gsk_[A-Za-z0-9]{52})(?![A-Za-z0-9_])"

    def validate(self, secret, match, line):
        body = secret[4:]
        return entropy(body) >= 3.5 and any(c.isdigit() for c in body) and any(c.isalpha() for c in body)

    VALID = [
        Valid("GROQ_API_KEY=gsk_your_key_here\n", path=".env"),
        Valid(f'key = "gsk_{base62(51, 2)}"\n'),  # one character short
        Valid(f'key = "gsk_{base62(53, 3)}"\n'),  # one character too long
        Valid("GROQ_API_KEY=gsk_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n", path=".env"),
        Valid('client = Groq(api_key=os.environ.get("GROQ_API_KEY"))\n'),
    ]
    INVALID = [
        Invalid(f'client = Groq(api_key="gsk_{base62(52, 1)}")\n', 1),
        Invalid(f"GROQ_API_KEY=gsk_{base62(52, 4)}\n", 1, path=".env"),
        Invalid(f'{{"providers": {{"groq": {{"apiKey": "gsk_{base62(52, 5)}"}}}}}}\n', 1, path="settings.json"),
        Invalid(f"export GROQ_API_KEY=gsk_{base62(52, 6)}\n", 1, path="deploy.sh"),
    ]
