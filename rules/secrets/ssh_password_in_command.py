from __future__ import annotations

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.common import trivial_password
from stagewarden.rules.secrets.fake import chars


def _password(seed: int) -> str:
    return chars("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789-_.!@", 16, seed)


class SshPasswordInCommand(SecretRule):
    """
    ## What it does
    Finds passwords given on a command line: `sshpass -p <password>` (and `-p<password>`),
    and `--password=<password>`, the long option of `mysql`, `mysqldump`, `docker login`,
    `psql` wrappers, `rsync`, `svn` and many other tools, in scripts, Dockerfiles, CI files,
    Makefiles and documentation. Variables (`$PASS`, `${PASS}`, `$(cat file)`, `%PASS%`),
    templates and placeholders (`--password=PASSWORD`, `<password>`) are not reported.

    ## Why is this bad?
    The password is in the repository, and each time the command runs it is also in the
    shell history, in CI logs and in the process list (`ps`), where every local user can read
    it while the command runs.

    ## Example
    ```shell
    sshpass -p '...' ssh deploy@host.internal
    mysql --user=app --password=... app < dump.sql
    ```

    ## Use instead
    ```shell
    SSHPASS="$DEPLOY_PASSWORD" sshpass -e ssh deploy@host.internal   # or better, an SSH key
    MYSQL_PWD="$DB_PASSWORD" mysql --user=app app < dump.sql          # or an option file
    ```

    ## Options
    None.

    ## Fix safety
    No fix: change the password, then remove it from the history.

    ## References
    - [sshpass(1)](https://linux.die.net/man/1/sshpass)
    - [MySQL: End-user guidelines for password security](https://dev.mysql.com/doc/refman/8.0/en/password-security-user.html)
    - [CWE-214: Invocation of Process Using Visible Sensitive Information](https://cwe.mitre.org/data/definitions/214.html)
    """

    id = "SW375"
    name = "ssh-password-in-command"
    summary = "Password on a command line (sshpass -p, --password=)"
    kind = "password on a command line"
    hint = "change the password, then pass it through the environment, an option file or a key instead of the command line"
    severity = HIGH
    confidence = HIGH
    cwe = (214, 798)
    keywords = ("sshpass", "--password=")
    # sshpass, its other options, then -p and the password (attached or not); or --password=.
    # sshpass's own options come before -p: -f/-d/-P take a value, -e/-v/-h/-V do not (so
    # `sshpass -e ssh -p 2222` is ssh's port, not a password).
    pattern = (r"(?:(?<![A-Za-z0-9_-])sshpass(?:\s+-[fdP]\s*[^\s-]\S*|\s+-[ehvV])*\s+-p\s*"
               r"|(?<![A-Za-z0-9_-])--password=)"
               r"(?P<quote>[\"']?)(?P<secret>[^\s'\"`;|&)\\]+)(?P=quote)")

    def validate(self, secret, match, line):
        return not secret.startswith(("$", "%", "-")) and not trivial_password(secret)

    VALID = [
        Valid('SSHPASS="$DEPLOY_PASSWORD" sshpass -e ssh deploy@host.internal\n', path="deploy.sh"),
        Valid("sshpass -p \"$SSH_PASS\" ssh deploy@host\nsshpass -f ~/.ssh/pass ssh deploy@host\n", path="deploy.sh"),
        Valid("mysql --user=app --password=$(cat /run/secrets/db) app\n", path="deploy.sh"),
        Valid("Usage: mysqldump --user=USER --password=PASSWORD db\n", path="README.md"),
        Valid("docker login --username ci --password=${REGISTRY_TOKEN} registry.internal\n", path=".gitlab-ci.yml"),
        Valid("sshpass -e ssh -p 2222 deploy@host\n", path="deploy.sh"),
        Valid('parser.add_argument("--password=", help="the password")\n'),
        Valid("mysql -u root --password=<password> app\n", path="notes.md"),
    ]
    INVALID = [
        Invalid(f"sshpass -p '{_password(1)}' ssh -o StrictHostKeyChecking=no deploy@10.0.0.5\n", 1, path="deploy.sh"),
        Invalid(f"RUN mysqldump --user=app --password={_password(2)} app > /tmp/app.sql\n", 1, path="Dockerfile"),
        Invalid(f"deploy:\n  script:\n    - sshpass -p{_password(3)} scp build.tgz ops@host:/srv\n", 3, path=".gitlab-ci.yml"),
        Invalid(f'subprocess.run(["mysql", "--user=app", "--password={_password(4)}", "app"])\n', 1),
        Invalid(f"backup:\n\tsshpass -v -p \"{_password(5)}\" rsync -a data/ backup@nas:/vol\n", 2, path="Makefile"),
        Invalid(f"```bash\nmysql -h db.internal --password='{_password(6)}' app\n```\n", 2, path="notebook.md"),
    ]
