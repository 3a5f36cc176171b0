from __future__ import annotations

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.common import trivial_password
from stagewarden.rules.secrets.fake import base62, chars

# The schemes SW369 owns; SW370 (basic-auth-url) reports the others.
DATABASE_SCHEMES = ("postgres", "postgresql", "mysql", "mariadb", "mssql", "sqlserver", "oracle", "mongodb",
                    "redis", "rediss", "amqp", "amqps", "kafka", "clickhouse", "snowflake")
# user, ":", the password, "@", the start of a host. Neither part holds whitespace, quotes,
# "/" or "@"; an empty user is allowed (redis://:pw@host).
USERINFO = (r"(?P<user>[^\s:/@'\"`<>\\]*):(?P<secret>[^\s/@'\"`<>\\]+)@(?=[A-Za-z0-9\[_-])")


def _password(seed: int) -> str:
    return chars("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!-_.", 18, seed)


# One URL per scheme and driver form, for the examples.
_EVERY_SCHEME = ("postgresql", "postgres+asyncpg", "postgresql+psycopg2", "mysql+pymysql", "mariadb", "mariadb+mariadbconnector",
                 "mssql", "mssql+pyodbc", "sqlserver", "oracle", "oracle+oracledb", "mongodb", "rediss", "amqps", "kafka",
                 "clickhouse", "clickhouse+native")


class DatabaseUrlPassword(SecretRule):
    """
    ## What it does
    Finds passwords written inline in database and message broker URLs:
    `scheme://user:password@host` for PostgreSQL (`postgres://`, `postgresql://`,
    `postgresql+psycopg://` and other SQLAlchemy driver suffixes), MySQL and MariaDB
    (`mysql+pymysql://`), SQL Server, Oracle, MongoDB (`mongodb+srv://`), Redis
    (`redis://:password@host`), RabbitMQ (`amqp://`, `amqps://`), Kafka, ClickHouse and
    Snowflake. The secret is the password. A URL to `localhost` is still reported: a real
    password committed for a local database is usually the one the other environments use
    too.

    Placeholders are not reported: `user:password@`, `user:pass@`, `${DB_PASSWORD}`,
    `{password}`, `<password>`, `****`, names like `db_password`, and well-known defaults
    (`postgres:postgres`, `root:root`, RabbitMQ's `guest:guest`).

    ## Why is this bad?
    A connection URL is a complete credential: host, user and password in one string. It is
    copied into logs, error messages and CI output, and whoever holds it can read and change
    the data directly, below every check the application does.

    ## Example
    ```python
    DATABASE_URL = "postgresql://app:...@db.internal:5432/app"
    ```

    ## Use instead
    ```python
    DATABASE_URL = os.environ["DATABASE_URL"]
    ```
    Or build the URL from parts, taking the password from the environment or a secret
    manager.

    ## Options
    None.

    ## Fix safety
    No fix: change the database user's password, then remove the old one from the history.

    ## References
    - [PostgreSQL: Connection URIs](https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING-URIS)
    - [SQLAlchemy: Database URLs](https://docs.sqlalchemy.org/en/20/core/engines.html#database-urls)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW369"
    name = "database-url-password"
    summary = "Password in a database or message broker URL"
    kind = "password in a database URL"
    hint = "change the database password, then read the URL (or its password) from the environment or a secret manager"
    severity = HIGH
    confidence = HIGH
    cwe = (259, 798)
    keywords = ("postgres://", "postgresql://", "postgres+", "postgresql+", "mysql://", "mysql+", "mariadb://",
                "mariadb+", "mssql://", "mssql+", "sqlserver://", "oracle://", "oracle+", "mongodb://", "mongodb+",
                "redis://", "rediss://", "amqp://", "amqps://", "kafka://", "clickhouse://", "clickhouse+",
                "snowflake://")
    pattern = (rf"(?i)(?<![A-Za-z0-9+.-])(?:{'|'.join(DATABASE_SCHEMES)})(?:\+[a-z0-9_]+)*://" + USERINFO)

    def validate(self, secret, match, line):
        return not trivial_password(secret, match.group("user"))

    VALID = [
        Valid('DATABASE_URL = "postgresql://user:password@localhost:5432/app"\n'),
        Valid("DATABASE_URL=postgres://postgres:postgres@localhost:5432/postgres\n", path=".env"),
        Valid("CELERY_BROKER_URL=amqp://guest:guest@localhost:5672//\n", path=".env"),
        Valid('url = f"mysql+pymysql://{user}:{password}@{host}/{db}"\n'),
        Valid("DATABASE_URL: postgres://app:${DB_PASSWORD}@db:5432/app\n", path="docker-compose.yml"),
        Valid("mongodb://<username>:<password>@cluster0.mongodb.net/test\n", path="README.md"),
        Valid("REDIS_URL=redis://:****@cache.internal:6379/0\n", path=".env"),
        Valid('url = "postgresql://db.internal:5432/app"\nurl = "redis://cache:6379/0"\n'),  # no password
        Valid("DATABASE_URL=postgres://app:db_password@db/app\n", path=".env.example"),
    ]
    INVALID = [
        Invalid(f'DATABASE_URL = "postgresql+psycopg://app:{_password(1)}@db.internal:5432/app"\n', 1),
        Invalid(f"DATABASE_URL=postgres://app:{_password(2)}@localhost:5432/app\n", 1, path=".env"),
        Invalid(f"services:\n  web:\n    environment:\n      REDIS_URL: redis://:{base62(24, 3)}@cache:6379/0\n",
                4, path="docker-compose.yml"),
        Invalid(f'{{"mongo": "mongodb+srv://svc:{_password(4)}@cluster0.abcde.mongodb.net/prod"}}\n', 1, path="settings.json"),
        Invalid(f"celery -A app worker -b amqp://app:{_password(5)}@rabbit:5672//\n", 1, path="deploy.sh"),
        Invalid(f"ENV DATABASE_URL=mysql://root:{_password(6)}@mysql:3306/app\n", 1, path="Dockerfile"),
        Invalid("".join(f"URL_{i}={scheme}://svc:{_password(20 + i)}@host{i}.internal/db\n" for i, scheme in enumerate(_EVERY_SCHEME)),
                *range(1, len(_EVERY_SCHEME) + 1), path=".env"),
        Invalid(f"```python\nengine = create_engine('snowflake://etl:{_password(7)}@acme-xy12345/analytics')\n```\n",
                2, path="notebook.md"),
    ]
