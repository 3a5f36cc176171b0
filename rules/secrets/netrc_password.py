from __future__ import annotations

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.common import trivial_password
from stagewarden.rules.secrets.fake import base62, chars


def _password(seed: int) -> str:
    return chars("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789-_.!", 20, seed)


class NetrcPassword(SecretRule):
    """
    ## What it does
    Finds passwords in `.netrc` entries: `machine <host> login <user> password <secret>`,
    on one line or spread over the lines that follow `machine` (the usual layout of a
    `.netrc` or `_netrc` file, also written by scripts with `echo`/`cat <<EOF` and kept in
    CI configuration). The entry has to start with `machine` (or `default`) and name a `login`
    before the `password`, so prose with these words is not reported. Placeholders and
    variables (`$TOKEN`, `${TOKEN}`) are not reported either.

    ## Why is this bad?
    curl, git, pip, ftp and many other tools send a `.netrc` password automatically to the
    matching host: a committed one is a working login for the package index, Git server or
    API it names, for anyone with a clone.

    ## Example
    ```text
    machine pypi.internal.example
      login deploy
      password ...
    ```

    ## Use instead
    Write the file at run time from a secret (`printf 'machine %s login %s password %s\\n'
    "$HOST" "$USER" "$TOKEN" > ~/.netrc`), keep it outside the repository, and add `.netrc` to
    `.gitignore`.

    ## Options
    None.

    ## Fix safety
    No fix: change the password or revoke the token, then remove it from the history.

    ## References
    - [GNU Inetutils: The .netrc file](https://www.gnu.org/software/inetutils/manual/html_node/The-_002enetrc-file.html)
    - [curl: .netrc](https://everything.curl.dev/usingcurl/netrc.html)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW372"
    name = "netrc-password"
    summary = "Password in a .netrc entry"
    kind = "password in a .netrc entry"
    hint = "change the password or revoke the token, then write the .netrc at run time from a secret and keep it out of the repository"
    severity = HIGH
    confidence = HIGH
    cwe = (259, 798)
    keywords = ("machine", "default")
    # `machine <host>` (or `default`), `login <user>`, `password <secret>`, maybe with `account`
    # or `port` between, over the next lines too (lookahead). Nothing else may come between,
    # so a match never runs into the next entry, and prose ("the machine learning password
    # reset") has no `login <user>` in the middle.
    pattern = (r"(?<![A-Za-z0-9_.-])(?:machine\s+[^\s'\"]+|default)(?:\s+(?:account|port)\s+[^\s'\"]+)*"
               r"\s+login\s+(?P<user>[^\s'\"]+)(?:\s+(?:account|port)\s+[^\s'\"]+)*"
               r"\s+password\s+(?P<quote>[\"']?)(?P<secret>[^\s'\"`\\]+)(?P=quote)")
    lookahead = 3

    def validate(self, secret, match, line):
        return not trivial_password(secret, match.group("user"))

    VALID = [
        Valid("machine github.com\n  login octocat\n  password $GITHUB_TOKEN\n", path=".netrc"),
        Valid("machine api.internal login deploy password <password>\n", path=".netrc"),
        Valid("machine example.org login user password password\n", path="docs/netrc.md"),
        Valid("# The password of the machine account is rotated monthly.\n", path="notes.md"),
        Valid("Reset the machine learning password reset flow; default password policy applies.\n", path="notes.md"),
        Valid('echo "machine $HOST login $USER password ${TOKEN}" > ~/.netrc\n', path="deploy.sh"),
        Valid("machine a.internal\n  login deploy\nmachine b.internal\n  password\n", path=".netrc"),
    ]
    INVALID = [
        Invalid(f"machine pypi.internal\n  login deploy\n  password {_password(1)}\n", 1, path=".netrc"),
        Invalid(f"machine api.heroku.com login ops@corp.test password {base62(32, 2)}\n", 1, path="_netrc"),
        Invalid(f'echo "machine git.internal login ci password {_password(3)}" > ~/.netrc\n', 1, path="deploy.sh"),
        Invalid(f"script:\n  - echo 'machine nexus.internal login ci password {_password(4)}' >> ~/.netrc\n", 2, path=".gitlab-ci.yml"),
        Invalid(f"RUN printf 'default login ci password {_password(5)}\\n' > /root/.netrc\n", 1, path="Dockerfile"),
        Invalid(f"machine a.internal login one password {_password(6)}\nmachine b.internal\n  login two\n  password {_password(7)}\n",
                1, 2, path=".netrc"),
    ]
