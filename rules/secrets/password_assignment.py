from __future__ import annotations

import re

from stagewarden.rule import HIGH, MEDIUM, Invalid, SecretRule, Valid
from stagewarden.detect_secrets_adapter import is_false_positive
from stagewarden.secrets import entropy

_WORDS = r"password|passwd|passphrase|pwd|secret|api[_-]?key|apikey|access[_-]?key|auth[_-]?token|access[_-]?token|private[_-]?key|client[_-]?secret|token"
# A value made of a word and separators, like "password_hash" or "bearer": a name, not a secret.
_NAMEISH = re.compile(r"^[a-z]+(?:[._-][a-z]+)*$|^[A-Z]+(?:_[A-Z]+)*$|^[A-Z][a-z]+(?:[._ -][A-Za-z]+)*$|"
                      r"^[A-Z][A-Za-z]*(?:-[A-Z][A-Za-z]*)+$")  # also "Passwort", and header names like "X-API-Key"
# A dotted reference to a value kept elsewhere (settings.API_KEY, process.env.TOKEN), or the
# name or path of one (a secret manager's "prod/db", "arn:aws:secretsmanager:...").
_REFERENCE = re.compile(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$|^[a-z0-9_.-]+(?:/[a-z0-9_.-]+)+$|^arn:")


class PasswordAssignment(SecretRule):
    """
    ## What it does
    Finds a password, secret, API key or token written as a literal value: `password =
    "hunter2"` in Python, `DB_PASSWORD=s3cr3t!` in a `.env` or shell file, `password:
    s3cr3t!` in YAML, `"api_key": "..."` in JSON, `ENV API_TOKEN=...` in a Dockerfile,
    `Client(api_key="...")` and `{"password": "..."}` in Python. In Python files only a string
    literal bound to such a name counts, so `password = os.environ["PASSWORD"]`,
    `password = get_secret()`, f-strings and annotations are not reported. Placeholders
    (`changeme`, `<your-token>`, `${VAR}`, `xxxx`), values that are names rather than
    secrets (`"password_hash"`, `"bearer"`), and values shorter than six characters are not
    reported either.

    ## Why is this bad?
    A credential in the code is in every clone, fork, backup and CI log of the repository,
    and it cannot be rotated without a commit. It also ends up in the same value on every
    environment, so a leak from a laptop is a leak from production.

    ## Example
    ```python
    DATABASES = {"default": {"USER": "app", "PASSWORD": "Tr0ub4dor&3"}}
    ```

    ## Use instead
    ```python
    DATABASES = {"default": {"USER": "app", "PASSWORD": os.environ["DB_PASSWORD"]}}
    ```

    ## Options
    None.

    ## Fix safety
    No fix: move the value to the environment or a secret manager, and rotate it.

    ## References
    - [OWASP: Secrets Management Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html)
    - [CWE-259: Use of Hard-coded Password](https://cwe.mitre.org/data/definitions/259.html)
    """

    id = "SW390"
    name = "password-assignment"
    summary = "Password, secret or token assigned as a literal value"
    kind = "hard-coded secret"
    hint = "read the value from the environment or a secret manager, and rotate it"
    severity = HIGH
    confidence = MEDIUM
    cwe = (259, 798)
    generic = True
    secret_names = rf"(?:{_WORDS})"
    keywords = ("password", "passwd", "passphrase", "pwd", "secret", "api_key", "api-key", "apikey", "access_key",
                "access-key", "auth_token", "access_token", "private_key", "client_secret", "token")
    # name, optional closing quote, an assignment operator, then a quoted or bare value.
    # name, an optional closing quote, an assignment operator, then a quoted or bare value.
    # The name may close a subscript (`os.environ["DB_PASSWORD"] = ...`) and carry a type
    # annotation before `=` (`ADMIN_PASSWORD: str = ...`); a bare value ends at a space,
    # a separator or a closing quote (`"Host=pg;Password=..."`).
    pattern = (rf"(?i)(?<![A-Za-z0-9])(?:[A-Za-z0-9]+[_-])*(?:{_WORDS})(?:[_-][A-Za-z0-9]+)*[\"']?\]?\s*"
               r"(?::\s*[A-Za-z_][\w.\[\], |]*?\s*(?==))?(?:=|:=|:|=>)\s*"
               r"(?P<quote>[\"'`])?(?P<secret>[^\"'`\s,;#{}()\[\]]{6,200})(?(quote)(?P=quote)|(?=[\s,;#}\])\"'`]|$))")

    def validate(self, secret, match, line):
        if _NAMEISH.match(secret) or secret.isdigit() or _REFERENCE.match(secret) or secret[0] in "!$%&@*<:._\\/":
            return False
        if "://" in secret and "@" not in secret:
            return False  # a URL with no credentials in it (token_uri = "https://...")
        return entropy(secret) >= 2.5 and not is_false_positive(secret, line)

    VALID = [
        Valid('password = os.environ["DB_PASSWORD"]\ntoken = get_token()\napi_key = settings.API_KEY\n'),
        Valid('password = f"{prefix}-{suffix}"\npassword: str\n'),
        Valid('PASSWORD = "changeme"\nSECRET_KEY = "<your-secret-key>"\nAPI_TOKEN = "${API_TOKEN}"\n'),
        Valid('field = "password_hash"\ntoken_type = "bearer"\nPASSWORD_FIELD = "password"\n'),
        Valid('print("password = hunter2 is a bad password")\nlog.info("token: %s", token)\n'),
        Valid("DB_PASSWORD=${DB_PASSWORD}\nAPI_KEY=\nSECRET=changeme\n", path=".env"),
        Valid("password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n", path="group_vars/all.yml"),
        Valid('{"password": "", "token": null}\n', path="config.json"),
        Valid("password = 12345\n"),  # too short and a number
        Valid('SESSION_TOKEN_UUID = "3f1c2a9e-8b7d-4c6e-9f0a-1b2c3d4e5f60"\nPASSWORD = "abcdefgh"\n'),  # a UUID; a sequence
        Valid("user_password_id = 8f3a9c2e71d4b6a0\n", path="ids.ini"),
        Valid('secret_name = "prod/db"\nTOKEN = "EAAA-your-access-token"\nAPI_KEY = "ATATT3xFfGF0..."\n'),
        Valid('{"token_uri": "https://oauth2.googleapis.com/token"}\n', path="service-account.json"),
        Valid('{"auth.password": "Password"}\npassword: Passwort\n', path="locale.yaml"),
        Valid('API_KEY_HEADER = "X-API-Key"\nACCESS_TOKEN_COOKIE = "__Host-session"\n'),
    ]
    INVALID = [
        Invalid('PASSWORD = "Tr0ub4dor&3xyz"\n', 1),
        Invalid('client = Client(api_key="9f8e7d6c5b4a3f2e1d0c")\n', 1),
        Invalid('DATABASES = {"default": {"USER": "app", "PASSWORD": "Tr0ub4dor&3xyz"}}\n', 1),
        Invalid("DB_PASSWORD=s3cr3t!value\nexport API_KEY=9f8e7d6c5b4a3f2e\n", 1, 2, path=".env"),
        Invalid("database:\n  password: s3cr3t!value\n", 2, path="config/settings.yaml"),
        Invalid('[database]\npassword = "s3cr3t!value"\n', 2, path="config.toml"),
        Invalid("ENV API_TOKEN=9f8e7d6c5b4a3f2e1d0c\n", 1, path="Dockerfile"),
        Invalid('{"client_secret": "9f8e7d6c5b4a3f2e1d0c"}\n', 1, path="credentials.json"),
        Invalid('import os\nos.environ["DB_PASSWORD"] = "Xk8pLq2vNw9rT4"\nADMIN_PASSWORD: str = "Xk8pLq2vNw9rT4a"\n', 2, 3),
        Invalid('{"db": "Host=pg;Password=J2BRJ0lcEIt3SVKB"}\n', 1, path="appsettings.json"),
    ]
