from __future__ import annotations

import libcst as cst

from stagewarden.rule import HIGH, LOW, MEDIUM, Invalid, Option, PythonRule, Valid
from stagewarden.rules.insecure_defaults.settings_module import (
    INCLUDE_DEVELOPMENT,
    assigned_name,
    is_top_level,
    reports_settings,
    unset_env_value,
)

_SETTING = "ALLOWED_HOSTS"
_LIST_METHODS = ("append", "extend", "insert")


class DjangoAllowedHostsWildcard(PythonRule):
    """
    ## What it does
    Finds a wildcard `"*"` in Django's `ALLOWED_HOSTS` at the top level of a settings module:
    `ALLOWED_HOSTS = ["*"]` (list or tuple), `ALLOWED_HOSTS += ["*"]`,
    `ALLOWED_HOSTS.append("*")`, and an environment lookup whose default is `"*"`
    (`env.list("ALLOWED_HOSTS", default=["*"])`, `os.getenv("ALLOWED_HOSTS", "*").split(",")`).

    Development and test settings modules (`settings/dev.py`, `settings_local.py`,
    `test_settings.py`, ...) and assignments inside `if` blocks are skipped.

    ## Why is this bad?
    `ALLOWED_HOSTS` is Django's defence against HTTP Host header attacks: with `"*"` Django
    accepts any `Host` header and uses it in `request.get_host()` and
    `build_absolute_uri()`. An attacker who sends a forged Host header can then poison
    password-reset links and other absolute URLs in emails, and poison caches keyed on
    the URL.

    ## Example
    ```python
    # myproject/settings.py
    ALLOWED_HOSTS = ["*"]
    ```

    ## Use instead
    ```python
    # myproject/settings.py
    ALLOWED_HOSTS = ["example.com", ".example.com"]  # ".example.com" matches subdomains
    ```

    ## Options
    - `include-development-settings` (bool, default `false`): also check development and test
      settings modules.

    ## Fix safety
    No fix is offered: only you know the host names the site is served under.

    ## References
    - [CWE-20: Improper Input Validation](https://cwe.mitre.org/data/definitions/20.html)
    - [CWE-644: Improper Neutralization of HTTP Headers for Scripting Syntax](https://cwe.mitre.org/data/definitions/644.html)
    - [Django settings: ALLOWED_HOSTS](https://docs.djangoproject.com/en/stable/ref/settings/#allowed-hosts)
    - [Django security: Host header validation](https://docs.djangoproject.com/en/stable/topics/security/#host-header-validation)
    """

    id = "SW116"
    name = "django-allowed-hosts-wildcard"
    summary = "Django ALLOWED_HOSTS accepts any host"
    hint = 'list the host names the site is served under instead of "*"'
    severity = MEDIUM
    confidence = HIGH
    cwe = (20, 644)
    tags = ("django", "web", "settings")
    options = (
        Option(INCLUDE_DEVELOPMENT, bool, False, "also check development and test settings modules"),
    )
    triggers = (_SETTING,)

    VALID = [
        Valid("ALLOWED_HOSTS = ['example.com', 'www.example.com']\n", path="myproject/settings.py"),
        Valid("ALLOWED_HOSTS = ['.example.com']\n", path="myproject/settings.py"),
        Valid("ALLOWED_HOSTS = ['*']\n", path="myproject/settings/dev.py"),
        Valid("ALLOWED_HOSTS = ['*']\n", path="myproject/settings_local.py"),
        # Not a settings module: a tool's own list.
        Valid("ALLOWED_HOSTS = ['*']\n\ndef allowed(host):\n    return host in ALLOWED_HOSTS\n", path="tools/proxy.py"),
        Valid("import environ\nenv = environ.Env()\nALLOWED_HOSTS = env.list('ALLOWED_HOSTS')\n", path="myproject/settings.py"),
        Valid("import os\nALLOWED_HOSTS = os.environ['ALLOWED_HOSTS'].split(',')\n", path="myproject/settings.py"),
        Valid("DEBUG = False\nif DEBUG:\n    ALLOWED_HOSTS = ['*']\n", path="myproject/settings.py"),
        Valid("ALLOWED_HOSTS = ['example.com']\nALLOWED_HOSTS.append('api.example.com')\n", path="myproject/settings.py"),
    ]
    INVALID = [
        Invalid("ALLOWED_HOSTS = ['*']\n", 1, path="myproject/settings.py"),
        Invalid("ALLOWED_HOSTS = [\n    'example.com',\n    '*',\n]\n", 3, path="myproject/settings.py"),
        Invalid("from .base import *\nALLOWED_HOSTS = ('*',)\n", 2, path="config/settings/production.py"),
        Invalid("from .base import *\nALLOWED_HOSTS += ['*']\n", 2, path="config/settings/production.py"),
        Invalid("ALLOWED_HOSTS = []\nALLOWED_HOSTS.append('*')\nALLOWED_HOSTS.extend(['a.example', '*'])\n", 2, 3, path="myproject/settings.py"),
        Invalid("WILDCARD = '*'\nALLOWED_HOSTS = [WILDCARD]\n", 2, path="myproject/settings.py"),
        Invalid("SECRET_KEY = 'x'\nINSTALLED_APPS = []\nALLOWED_HOSTS: list = ['*']\n", 3, path="myproject/conf.py"),
        # The default applies when the variable is unset: low severity.
        Invalid("import environ\nenv = environ.Env()\nALLOWED_HOSTS = env.list('ALLOWED_HOSTS', default=['*'])\n", 3, path="myproject/settings.py"),
        Invalid("import os\nALLOWED_HOSTS = os.environ.get('ALLOWED_HOSTS', '*').split(',')\n", 2, path="myproject/settings.py"),
        Invalid("ALLOWED_HOSTS = ['*']\n", 1, path="myproject/settings/local.py", include_development_settings=True),
    ]

    def visit_Assign(self, node: cst.Assign, ctx) -> None:
        self._check_assign(node, ctx)

    def visit_AnnAssign(self, node: cst.AnnAssign, ctx) -> None:
        self._check_assign(node, ctx)

    def visit_AugAssign(self, node: cst.AugAssign, ctx) -> None:
        if (
            isinstance(node.target, cst.Name)
            and node.target.value == _SETTING
            and isinstance(node.operator, cst.AddAssign)
            and self._applies(ctx)
        ):
            self._check_hosts(ctx.value_of(node.value), ctx)

    def visit_Call(self, node: cst.Call, ctx) -> None:
        func = node.func
        if not (
            isinstance(func, cst.Attribute)
            and func.attr.value in _LIST_METHODS
            and isinstance(func.value, cst.Name)
            and func.value.value == _SETTING
            and self._applies(ctx)
        ):
            return
        method = func.attr.value
        argument = ctx.positional(node, 1 if method == "insert" else 0)
        if argument is None:
            return
        if method == "extend":
            self._check_hosts(ctx.value_of(argument), ctx)
        elif ctx.literal(argument) == "*":
            self.report(ctx, argument, f'Django accepts any Host header (ALLOWED_HOSTS.{method}("*"))')

    def _applies(self, ctx) -> bool:
        return is_top_level(ctx) and reports_settings(ctx, self)

    def _check_assign(self, node, ctx) -> None:
        if assigned_name(node) != _SETTING or not self._applies(ctx):
            return
        value = ctx.value_of(node.value)
        if isinstance(value, (cst.List, cst.Tuple)):
            self._check_hosts(value, ctx)
            return
        if ctx.literal(value) == "*":
            self.report(ctx, node.value, 'Django accepts any Host header (ALLOWED_HOSTS = "*")')
            return
        unset, default = unset_env_value(ctx, node.value)
        if default is None:
            return
        hosts = tuple(unset.split(",")) if isinstance(unset, str) else unset
        if isinstance(hosts, tuple) and any(isinstance(h, str) and h.strip() == "*" for h in hosts):
            self.report(
                ctx, node.value,
                f'ALLOWED_HOSTS defaults to "*" when the environment variable is unset (default={ctx.module.code_for_node(default)})',
                hint="drop the default so a missing variable fails loudly, or default to your real host names",
                severity=LOW,
            )

    def _check_hosts(self, value: cst.BaseExpression, ctx) -> None:
        if not isinstance(value, (cst.List, cst.Tuple)):
            return
        for element in value.elements:
            if isinstance(element, cst.Element) and ctx.literal(element.value) == "*":
                self.report(ctx, element.value, 'Django accepts any Host header (ALLOWED_HOSTS contains "*")')

