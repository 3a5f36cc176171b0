from __future__ import annotations

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.fake import b64url, base62
from stagewarden.secrets import entropy

# Every OpenAI key carries "T3BlbkFJ" (the base64 of "OpenAI") in the middle of its random part.
_MARKER = "T3BlbkFJ"


def _project_key(prefix: str = "proj", seed: int = 1, half: int = 74) -> str:
    return f"sk-{prefix}-{b64url(half, seed)}{_MARKER}{b64url(half, seed + 100)}"


def _legacy_key(seed: int = 1) -> str:
    return f"sk-{base62(20, seed)}{_MARKER}{base62(20, seed + 100)}"


class OpenAIApiKey(SecretRule):
    """
    ## What it does
    Finds OpenAI API keys: project keys (`sk-proj-`), service account keys (`sk-svcacct-`),
    admin keys (`sk-admin-`) and legacy user keys (`sk-` and 48 letters and digits). OpenAI
    keys carry `T3BlbkFJ`, the base64 of "OpenAI", in the middle of their random part: a
    legacy-shaped `sk-` string without it is not reported, and a prefixed key without it is
    reported only when its random part looks random (long, mixed, high entropy).

    ## Why is this bad?
    An API key is billed to its organization and reaches every project, file, fine-tune and
    assistant it is scoped to. Keys leaked in repositories are found by scrapers within
    minutes and used to run up usage; admin keys also manage users and other keys.

    ## Example
    ```python
    client = OpenAI(api_key="sk-proj-...")
    ```

    ## Use instead
    ```python
    client = OpenAI()  # reads OPENAI_API_KEY from the environment
    ```

    ## Options
    None.

    ## Fix safety
    No fix: revoke the key on the API keys page of the OpenAI platform, then remove it from
    the history.

    ## References
    - [OpenAI API reference: Authentication](https://platform.openai.com/docs/api-reference/authentication)
    - [OpenAI: Best practices for API key safety](https://help.openai.com/en/articles/5112595-best-practices-for-api-key-safety)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW360"
    name = "openai-api-key"
    summary = "OpenAI API key (project, service account, admin or legacy user key)"
    kind = "OpenAI API key"
    hint = "revoke the key on the OpenAI platform's API keys page, then load it from the environment (OPENAI_API_KEY) or a secret manager"
    severity = HIGH
    confidence = HIGH
    # "t3blbkfj" is in every key; the prefixes catch the rare prefixed key without it. No bare "sk-".
    keywords = ("t3blbkfj", "sk-proj-", "sk-svcacct-", "sk-admin-")
    pattern = (r"(?<![A-Za-z0-9_-])(?P<secret>sk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,250}"
               rf"|[A-Za-z0-9]{{20}}{_MARKER}[A-Za-z0-9]{{20}}))(?![A-Za-z0-9_-])")

    def validate(self, secret, match, line):
        if not secret.startswith(("sk-proj-", "sk-svcacct-", "sk-admin-")):
            return True  # the legacy shape has the marker at a fixed place
        body = secret.split("-", 2)[2]
        at = body.find(_MARKER)
        if at != -1:
            return at >= 20 and len(body) - at - len(_MARKER) >= 20
        # No marker: only a long, random-looking body (never a slug like sk-proj-my-test-key).
        kinds = sum(any(test(c) for c in body) for test in (str.isupper, str.islower, str.isdigit))
        return len(body) >= 64 and kinds == 3 and entropy(body) >= 4.5

    VALID = [
        Valid('PREFIXES = ("sk-proj-", "sk-svcacct-", "sk-admin-")\n'),
        Valid('OPENAI_API_KEY = "sk-proj-your-api-key-here-and-keep-it-out-of-git"\n'),
        Valid("OPENAI_API_KEY=sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n", path=".env"),
        Valid(f'key = "sk-{base62(48, 7)}"\n'),  # legacy length without the marker
        Valid(f'key = "{_legacy_key(2)}x"\n'),  # one character too long
        Valid(f'name = "sk-proj-{"a" * 20}-{"b" * 30}"\n'),  # a slug, not a key
        Valid('client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n'),
    ]
    INVALID = [
        Invalid(f'client = OpenAI(api_key="{_project_key()}")\n', 1),
        Invalid(f"OPENAI_API_KEY={_project_key('svcacct', seed=2)}\n", 1, path=".env"),
        Invalid(f"openai:\n  admin_key: {_project_key('admin', seed=3, half=58)}\n", 2, path="config.yaml"),
        Invalid(f'{{"openai_api_key": "{_legacy_key(4)}"}}\n', 1, path="settings.json"),
        Invalid(f'curl https://api.openai.com/v1/models -H "Authorization: Bearer {_project_key(seed=5)}"\n', 1, path="deploy.sh"),
        Invalid(f"ENV OPENAI_API_KEY={_legacy_key(6)}\n", 1, path="Dockerfile"),
        Invalid(f"```python\nopenai.api_key = '{_project_key(seed=7)}'\n```\n", 2, path="notebook.md"),
    ]
