from __future__ import annotations

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.fake import base62
from stagewarden.secrets import entropy


class PerplexityApiKey(SecretRule):
    """
    ## What it does
    Finds Perplexity API keys: `pplx-` followed by 48 letters and digits. A value of the
    right shape with too little randomness is not reported.

    ## Why is this bad?
    A key calls the Perplexity API (Sonar search and chat models) billed to its account's
    credits. A key in a repository is usable by anyone with a clone until it is revoked.

    ## Example
    ```python
    client = OpenAI(api_key="pplx-...", base_url="https://api.perplexity.ai")
    ```

    ## Use instead
    ```python
    client = OpenAI(api_key=os.environ["PERPLEXITY_API_KEY"], base_url="https://api.perplexity.ai")
    ```

    ## Options
    None.

    ## Fix safety
    No fix: revoke the key in the API Keys tab of the Perplexity API portal, then remove it
    from the history.

    ## References
    - [Perplexity: Getting started (API keys)](https://docs.perplexity.ai/guides/getting-started)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW365"
    name = "perplexity-api-key"
    summary = "Perplexity API key"
    kind = "Perplexity API key"
    hint = "revoke the key in the Perplexity API portal, then load it from the environment (PERPLEXITY_API_KEY) or a secret manager"
    severity = HIGH
    confidence = HIGH
    keywords = ("pplx-",)
    pattern = r"(?<![A-Za-z0-9_-])(?P<secret>pplx-[A-Za-z0-9]{48})(?![A-Za-z0-9_-])"

    def validate(self, secret, match, line):
        body = secret[5:]
        return entropy(body) >= 3.5 and any(c.isdigit() for c in body) and any(c.isalpha() for c in body)

    VALID = [
        Valid('if key.startswith("pplx-"):\n    pass\n'),
        Valid("PERPLEXITY_API_KEY=pplx-your-api-key\n", path=".env"),
        Valid(f'key = "pplx-{base62(47, 2)}"\n'),  # one character short
        Valid(f'key = "pplx-{base62(48, 3)}-v2"\n'),  # part of a longer name
        Valid("PERPLEXITY_API_KEY=pplx-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n", path=".env"),
    ]
    INVALID = [
        Invalid(f'client = OpenAI(api_key="pplx-{base62(48, 1)}", base_url="https://api.perplexity.ai")\n', 1),
        Invalid(f"PERPLEXITY_API_KEY=pplx-{base62(48, 4)}\n", 1, path=".env"),
        Invalid(f"search:\n  perplexity_key: pplx-{base62(48, 5)}\n", 2, path="config.yaml"),
        Invalid(f"ENV PERPLEXITY_API_KEY=pplx-{base62(48, 6)}\n", 1, path="Dockerfile"),
    ]
