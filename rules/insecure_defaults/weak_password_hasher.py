from __future__ import annotations

import libcst as cst

from stagewarden.rule import HIGH, Invalid, Option, PythonRule, Valid
from stagewarden.rules.insecure_defaults.settings_module import (
    INCLUDE_DEVELOPMENT,
    assigned_name,
    is_development_module,
    is_top_level,
    reports_settings,
)

_HASHERS = "django.contrib.auth.hashers"
_WEAK_DJANGO_HASHERS = frozenset(
    f"{_HASHERS}.{name}"
    for name in (
        "MD5PasswordHasher", "UnsaltedMD5PasswordHasher", "SHA1PasswordHasher",
        "UnsaltedSHA1PasswordHasher", "CryptPasswordHasher",
    )
)
_WEAK_DJANGO_ALGORITHMS = frozenset(["md5", "unsalted_md5", "sha1", "unsalted_sha1", "crypt"])
_MAKE_PASSWORD = frozenset([f"{_HASHERS}.make_password"])
_CRYPT_CONTEXTS = frozenset(["passlib.context.CryptContext", "passlib.context.LazyCryptContext"])
_WEAK_PASSLIB_SCHEMES = frozenset(
    [
        "md5_crypt", "des_crypt", "bsdi_crypt", "plaintext", "hex_md5", "hex_sha1", "ldap_md5", "ldap_sha1",
        "mysql323", "mysql41", "nthash", "lmhash", "apr_md5_crypt",
    ]
)
_WEAK_PASSLIB_HANDLERS = frozenset(f"passlib.hash.{scheme}" for scheme in _WEAK_PASSLIB_SCHEMES)
_CALLS = _MAKE_PASSWORD | _CRYPT_CONTEXTS


class WeakPasswordHasher(PythonRule):
    """
    ## What it does
    Finds passwords stored with a fast or broken hash:
    - Django `PASSWORD_HASHERS` (top level of a settings module) whose first entry, the one
      new passwords are hashed with, is `MD5PasswordHasher`, `UnsaltedMD5PasswordHasher`,
      `SHA1PasswordHasher`, `UnsaltedSHA1PasswordHasher` or `CryptPasswordHasher`. Weak
      hashers later in the list only verify old hashes and are fine;
    - `make_password(password, hasher="md5")` (also `"unsalted_md5"`, `"sha1"`,
      `"unsalted_sha1"`, `"crypt"`, or an instance of one of those hashers);
    - passlib `CryptContext(schemes=[...])` whose default scheme (the first, or `default=`)
      is `md5_crypt`, `des_crypt`, `bsdi_crypt`, `plaintext`, `hex_md5`, `hex_sha1`,
      `ldap_md5`, `ldap_sha1`, `mysql323`, `mysql41`, `nthash`, `lmhash` or `apr_md5_crypt`.

    Test and development settings (`settings/test.py`, `test_settings.py`, ...) and test code
    are skipped: test suites use MD5 on purpose, to make user fixtures fast.

    ## Why is this bad?
    Password hashes leak (a database dump, a backup, an SQL injection). MD5 and SHA-1 run
    billions of times a second on a GPU, unsalted hashes fall to precomputed tables, and DES
    crypt only uses the first 8 characters: most real passwords behind such hashes are
    recovered within hours. A slow, salted algorithm (Argon2, bcrypt, PBKDF2, scrypt) makes
    each guess expensive.

    ## Example
    ```python
    # myproject/settings.py
    PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    ```

    ## Use instead
    ```python
    # myproject/settings.py
    PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",  # or PBKDF2PasswordHasher
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",  # only to verify (and upgrade) old hashes
    ]
    ```

    ## Options
    - `include-development-settings` (bool, default `false`): also check development and test
      settings modules.

    ## Fix safety
    No fix is offered: moving a hasher changes which hashes new passwords get; keep the old
    one later in the list so existing users can still log in and be upgraded.

    ## References
    - [CWE-916: Use of Password Hash With Insufficient Computational Effort](https://cwe.mitre.org/data/definitions/916.html)
    - [CWE-328: Use of Weak Hash](https://cwe.mitre.org/data/definitions/328.html)
    - [Django: Password management, using Argon2 / bcrypt](https://docs.djangoproject.com/en/stable/topics/auth/passwords/)
    - [passlib: New application quickstart](https://passlib.readthedocs.io/en/stable/narr/quickstart.html)
    - [OWASP Password Storage Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html)
    """

    id = "SW143"
    name = "weak-password-hasher"
    summary = "Passwords hashed with a weak algorithm"
    hint = "hash passwords with Argon2, bcrypt, scrypt or PBKDF2"
    severity = HIGH
    confidence = HIGH
    cwe = (916, 328)
    tags = ("django", "passlib", "passwords", "crypto")
    options = (
        Option(INCLUDE_DEVELOPMENT, bool, False, "also check development and test settings modules"),
    )
    triggers = ("PASSWORD_HASHERS", "make_password", "passlib")

    VALID = [
        Valid(
            "PASSWORD_HASHERS = [\n    'django.contrib.auth.hashers.Argon2PasswordHasher',\n"
            "    'django.contrib.auth.hashers.MD5PasswordHasher',\n]\n",
            path="myproject/settings.py",
        ),
        Valid("PASSWORD_HASHERS = ['django.contrib.auth.hashers.MD5PasswordHasher']\n", path="myproject/settings/test.py"),
        Valid("PASSWORD_HASHERS = ('django.contrib.auth.hashers.MD5PasswordHasher',)\n", path="test_settings.py"),
        # Not a settings module.
        Valid("PASSWORD_HASHERS = ['django.contrib.auth.hashers.MD5PasswordHasher']\nprint(PASSWORD_HASHERS)\n", path="scripts/audit.py"),
        "from django.contrib.auth.hashers import make_password\nhashed = make_password(password)\n",
        "from django.contrib.auth.hashers import make_password\nhashed = make_password(password, hasher='argon2')\n",
        "from django.contrib.auth.hashers import make_password\nhashed = make_password(password, hasher=settings.HASHER)\n",
        Valid("from django.contrib.auth.hashers import make_password\nhashed = make_password('x', hasher='md5')\n", path="tests/factories.py"),
        # A local function with the same name.
        "def make_password(pw, hasher=None):\n    return pw\nmake_password('x', hasher='md5')\n",
        "from passlib.context import CryptContext\nctx = CryptContext(schemes=['bcrypt', 'md5_crypt'], deprecated='auto')\n",
        "from passlib.context import CryptContext\nctx = CryptContext(schemes=['md5_crypt', 'argon2'], default='argon2')\n",
        "from passlib.context import CryptContext\nctx = CryptContext(schemes=SCHEMES_FROM_CONFIG)\n",
    ]
    INVALID = [
        Invalid(
            "PASSWORD_HASHERS = [\n    'django.contrib.auth.hashers.MD5PasswordHasher',\n"
            "    'django.contrib.auth.hashers.PBKDF2PasswordHasher',\n]\n",
            2, path="myproject/settings.py",
        ),
        Invalid("from .base import *\nPASSWORD_HASHERS = ('django.contrib.auth.hashers.UnsaltedSHA1PasswordHasher',)\n", 2,
                path="config/settings/production.py"),
        Invalid("WEAK = 'django.contrib.auth.hashers.SHA1PasswordHasher'\nPASSWORD_HASHERS = [WEAK]\n", 2, path="myproject/settings.py"),
        Invalid("from django.contrib.auth.hashers import make_password\nhashed = make_password(password, hasher='md5')\n", 2),
        Invalid("from django.contrib.auth.hashers import make_password as mk\nhashed = mk(password, None, 'unsalted_sha1')\n", 2),
        Invalid("import django.contrib.auth.hashers as h\nHASHER = 'crypt'\nhashed = h.make_password(password, **{'hasher': HASHER})\n", 3),
        Invalid(
            "from django.contrib.auth.hashers import *\nhashed = make_password(\n    password,\n"
            "    hasher=UnsaltedMD5PasswordHasher(),\n)\n",
            4,
        ),
        Invalid("from passlib.context import CryptContext\npwd = CryptContext(schemes=['md5_crypt', 'bcrypt'])\n", 2),
        Invalid("import passlib.context\npwd = passlib.context.CryptContext(['des_crypt'])\n", 2),
        Invalid("from passlib.context import CryptContext\nfrom passlib.hash import ldap_md5\npwd = CryptContext(schemes=[ldap_md5])\n", 3),
        Invalid("from passlib.context import CryptContext\npwd = CryptContext(schemes=['bcrypt', 'plaintext'], default='plaintext')\n", 2),
        Invalid("PASSWORD_HASHERS = ['django.contrib.auth.hashers.MD5PasswordHasher']\n", 1, path="myproject/settings/test.py",
                include_development_settings=True),
        Invalid("from passlib.context import LazyCryptContext\npwd = LazyCryptContext(schemes=['md5_crypt'])\n", 2),
    ]

    def visit_Assign(self, node: cst.Assign, ctx) -> None:
        self._check_setting(node, ctx)

    def visit_AnnAssign(self, node: cst.AnnAssign, ctx) -> None:
        self._check_setting(node, ctx)

    def visit_Call(self, node: cst.Call, ctx) -> None:
        if not node.args:
            return
        found = ctx.match(node.func, _CALLS)
        if found is None:
            return
        if found in _MAKE_PASSWORD:
            self._check_make_password(node, ctx)
        else:
            self._check_crypt_context(node, ctx)

    def _check_setting(self, node, ctx) -> None:
        if assigned_name(node) != "PASSWORD_HASHERS" or not is_top_level(ctx) or not reports_settings(ctx, self):
            return
        value = ctx.value_of(node.value)
        if not isinstance(value, (cst.List, cst.Tuple)) or not value.elements:
            return
        first = value.elements[0]
        if not isinstance(first, cst.Element):
            return
        hasher = ctx.literal(first.value)
        if hasher in _WEAK_DJANGO_HASHERS:
            short = hasher.rsplit(".", 1)[1]
            self.report(ctx, first.value, f"new passwords hashed with a weak algorithm (PASSWORD_HASHERS starts with {short})",
                        hint="put Argon2PasswordHasher or PBKDF2PasswordHasher first; keep the old hasher later to upgrade old hashes")

    def _check_make_password(self, node: cst.Call, ctx) -> None:
        value = ctx.argument(node, "hasher", 2)
        if value is None or self._in_tests(ctx):
            return
        algorithm = ctx.literal(value)
        if algorithm in _WEAK_DJANGO_ALGORITHMS:
            self.report(ctx, value, f'password hashed with a weak algorithm (make_password(..., hasher="{algorithm}"))',
                        hint='drop the hasher argument to use the first of PASSWORD_HASHERS, or pass hasher="argon2" / "pbkdf2_sha256"')
            return
        made = ctx.value_of(value)
        if isinstance(made, cst.Call):
            weak = ctx.match(made.func, _WEAK_DJANGO_HASHERS)
            if weak is not None:
                self.report(ctx, value, f"password hashed with a weak algorithm ({weak.rsplit('.', 1)[1]})",
                            hint='drop the hasher argument to use the first of PASSWORD_HASHERS, or pass hasher="argon2" / "pbkdf2_sha256"')

    def _check_crypt_context(self, node: cst.Call, ctx) -> None:
        if self._in_tests(ctx):
            return
        default = ctx.keyword(node, "default")
        if default is not None:
            scheme = self._scheme(default, ctx)
            if scheme is not None and scheme in _WEAK_PASSLIB_SCHEMES:
                self._report_scheme(default, scheme, ctx)
            return
        schemes = ctx.argument(node, "schemes", 0)
        if schemes is None:
            return
        listed = ctx.value_of(schemes)
        if isinstance(listed, (cst.List, cst.Tuple)):
            if not listed.elements or not isinstance(listed.elements[0], cst.Element):
                return
            first = listed.elements[0].value
            scheme = self._scheme(first, ctx)
            if scheme in _WEAK_PASSLIB_SCHEMES:
                self._report_scheme(first, scheme, ctx)
            return
        names = ctx.literal(schemes)  # "md5_crypt, bcrypt"
        if isinstance(names, str):
            scheme = names.split(",", 1)[0].strip()
            if scheme in _WEAK_PASSLIB_SCHEMES:
                self._report_scheme(schemes, scheme, ctx)

    @staticmethod
    def _scheme(expr: cst.BaseExpression, ctx) -> str | None:
        name = ctx.literal(expr)
        if isinstance(name, str):
            return name
        handler = ctx.match(expr, _WEAK_PASSLIB_HANDLERS)
        return handler.rsplit(".", 1)[1] if handler is not None else None

    def _report_scheme(self, node, scheme: str, ctx) -> None:
        self.report(ctx, node, f"passwords hashed with a weak algorithm (passlib scheme {scheme})",
                    hint='make a strong scheme the default: CryptContext(schemes=["argon2", "bcrypt", ...], deprecated="auto")')

    def _in_tests(self, ctx) -> bool:
        return is_development_module(ctx) and not self.opts.get(INCLUDE_DEVELOPMENT)
