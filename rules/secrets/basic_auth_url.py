from __future__ import annotations

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.common import trivial_password
from stagewarden.rules.secrets.database_url_password import USERINFO
from stagewarden.rules.secrets.fake import base62, chars

# Web, file transfer, mail, directory, proxy and messaging URLs; the database and broker
# schemes belong to SW369 (database-url-password).
_SCHEMES = ("https", "http", "ftps", "ftp", "sftp", "ssh", "smtps", "smtp", "imaps", "imap", "pop3s", "pop3",
            "ldaps", "ldap", "wss", "ws", "socks5h", "socks5", "socks4", "rtsp", "mqtts", "mqtt", "nats", "svn")


def _password(seed: int) -> str:
    return chars("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789-_.~", 20, seed)


class BasicAuthUrl(SecretRule):
    """
    ## What it does
    Finds credentials written into a URL, `https://user:password@host`: a private package
    index (`https://user:token@pypi.internal/simple`), a proxy
    (`http://user:password@proxy:3128`), a Git remote with a token, an FTP, SMTP, LDAP or
    MQTT server. The secret is the password. Database and message broker URLs are left to
    SW369 (database-url-password); `git@host:org/repo` and `ssh://git@host` carry no
    password and are not matched.

    Placeholders and templates are not reported: `user:password@`, `user:pass@`, `:token@`,
    `{password}`, `${TOKEN}`, `$PASS`, `<password>`, `****`.

    ## Why is this bad?
    A URL with credentials in it is copied everywhere a URL goes: logs, shell history, error
    messages, `pip` and `git` output, proxy headers. Whoever reads the repository can use the
    account, and the password cannot be changed without a commit.

    ## Example
    ```shell
    pip install --index-url https://deploy:...@pypi.internal.example/simple app
    ```

    ## Use instead
    ```shell
    pip install --index-url "https://deploy:${PYPI_TOKEN}@pypi.internal.example/simple" app
    ```
    Or use a credential helper (`keyring`, `.netrc` outside the repository, `git credential`).

    ## Options
    None.

    ## Fix safety
    No fix: change the password or revoke the token, then remove it from the history.

    ## References
    - [RFC 3986, section 3.2.1: User Information (deprecated "user:password")](https://www.rfc-editor.org/rfc/rfc3986#section-3.2.1)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW370"
    name = "basic-auth-url"
    summary = "Password in the user information of a URL"
    kind = "password in a URL"
    hint = "change the password or revoke the token, then pass it from the environment or a credential helper instead of the URL"
    severity = HIGH
    confidence = HIGH
    cwe = (522, 798)
    keywords = tuple(f"{scheme}://" for scheme in _SCHEMES)
    pattern = (rf"(?i)(?<![A-Za-z0-9.-])(?:(?:git|svn)\+)?(?:{'|'.join(_SCHEMES)})://" + USERINFO)

    def validate(self, secret, match, line):
        return not trivial_password(secret, match.group("user"))

    VALID = [
        Valid("curl https://user:password@api.example.com/v1/status\n", path="README.md"),
        Valid('url = f"https://{username}:{token}@github.com/{repo}.git"\n'),
        Valid("git clone https://x-access-token:${GITHUB_TOKEN}@github.com/org/repo\n", path="deploy.sh"),
        Valid("git clone git@github.com:org/repo.git\ngit clone ssh://git@github.com/org/repo.git\n", path="deploy.sh"),
        Valid("HTTP_PROXY=http://proxy.internal:3128\n", path=".env"),
        Valid("pip install --index-url https://__token__:$PYPI_TOKEN@pypi.internal/simple app\n", path="Makefile"),
        Valid("see https://<user>:<password>@host/path for the format\n", path="notes.md"),
        Valid(f"DATABASE_URL=postgres://app:{_password(9)}@db/app\n", path=".env"),  # SW369's
    ]
    INVALID = [
        Invalid("".join(f"url_{i}: {scheme}://svc:{_password(30 + i)}@host{i}.internal/\n" for i, scheme in enumerate(_SCHEMES)),
                *range(1, len(_SCHEMES) + 1), path="config.yaml"),
        Invalid(f'INDEX_URL = "https://deploy:{_password(1)}@pypi.internal/simple"\n', 1),
        Invalid(f"HTTPS_PROXY=http://svc-proxy:{_password(2)}@proxy.internal:3128\n", 1, path=".env"),
        Invalid(f"git remote add origin https://oauth2:{base62(20, 3)}@gitlab.internal/team/app.git\n", 1, path="deploy.sh"),
        Invalid(f"mail:\n  url: smtps://alerts:{_password(4)}@smtp.internal:465\n", 2, path="config.yaml"),
        Invalid(f"RUN pip install --extra-index-url https://ci:{_password(5)}@nexus.internal/simple app\n", 1, path="Dockerfile"),
        Invalid(f'{{"registry": "https://bot:{_password(6)}@npm.internal/"}}\n', 1, path="settings.json"),
        Invalid(f"requests\ngit+https://ci:{_password(7)}@git.internal/lib.git#egg=lib\n", 2, path="requirements.txt"),
    ]
