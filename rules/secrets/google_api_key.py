from __future__ import annotations

from stagewarden.rule import HIGH, MEDIUM, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.fake import b64url


def _api_key(seed: int = 1, length: int = 35) -> str:
    return "AIza" + b64url(length, seed)


class GoogleApiKey(SecretRule):
    """
    ## What it does
    Finds Google API keys: `AIza` followed by 35 characters of `A-Za-z0-9_-`. They are used
    by Google Cloud, Maps, Firebase, YouTube and the Gemini API.

    Severity is MEDIUM: many of these keys are meant to ship in client code (a Firebase web
    configuration, a Maps JavaScript key restricted to a site), and they are harmless when
    restricted. An unrestricted key, or one for a billed API such as Gemini, is a real
    credential: raise the severity in the configuration if your keys are of that kind.

    ## Why is this bad?
    An unrestricted key lets anyone call every API enabled in the project on the project's
    bill and quota: generative AI, geocoding and translation calls add up quickly, and some
    APIs expose the project's data.

    ## Example
    ```python
    genai.configure(api_key="AIza...")
    ```

    ## Use instead
    ```python
    genai.configure(api_key=os.environ["GOOGLE_API_KEY"])
    ```
    Restrict every key to the APIs and the applications (sites, app IDs, IP addresses)
    that use it.

    ## Options
    None.

    ## Fix safety
    No fix: delete or regenerate the key in the Google Cloud console's Credentials page,
    then remove it from the history.

    ## References
    - [Google Cloud: Manage API keys](https://cloud.google.com/docs/authentication/api-keys)
    - [Google Cloud: Best practices for managing API keys](https://cloud.google.com/docs/authentication/api-keys-best-practices)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW307"
    name = "google-api-key"
    summary = "Google API key"
    kind = "Google API key"
    hint = "restrict or regenerate the key in the Google Cloud console, then load it from the environment"
    severity = MEDIUM
    confidence = HIGH
    keywords = ("aiza",)
    pattern = r"(?<![A-Za-z0-9_-])(?P<secret>AIza[A-Za-z0-9_-]{35})(?![A-Za-z0-9_-])"

    VALID = [
        Valid('if key.startswith("AIza"):\n    provider = "google"\n'),
        Valid(f'API_KEY = "{_api_key(length=34)}"\n'),  # too short
        Valid(f'url = "https://example.com/{_api_key(length=36)}"\n', path="notes.md"),  # too long
        Valid(f'GOOGLE_API_KEY = "AIza{"X" * 35}"\n'),  # a placeholder
        Valid('genai.configure(api_key=os.environ["GOOGLE_API_KEY"])\n'),
    ]
    INVALID = [
        Invalid(f"GOOGLE_API_KEY={_api_key()}\n", 1, path=".env"),
        Invalid(f'genai.configure(api_key="{_api_key(2)}")\n', 1, path="app.py"),
        Invalid(f'const firebaseConfig = {{\n  apiKey: "{_api_key(3)}",\n  projectId: "demo",\n}};\n', 2,
                path="src/firebase.js"),
        Invalid(f"maps:\n  key: {_api_key(4)}\n", 2, path="config.yaml"),
        Invalid(f"```bash\ncurl 'https://maps.googleapis.com/maps/api/geocode/json?address=x&key={_api_key(5)}'\n```\n", 2,
                path="notebook.md"),
    ]
