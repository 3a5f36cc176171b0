from __future__ import annotations

import libcst as cst

from stagewarden.rule import HIGH, MEDIUM, Invalid, Option, PythonRule, Valid
from stagewarden.rules.insecure_defaults.settings_module import (
    INCLUDE_DEVELOPMENT,
    assigned_name,
    is_top_level,
    is_true_setting,
    reports_settings,
    unset_env_value,
)


class DjangoDebugTrue(PythonRule):
    """
    ## What it does
    Finds `DEBUG = True` at the top level of a Django settings module, and `DEBUG` read from
    the environment with a default that turns it on when the variable is unset:
    `env.bool("DEBUG", default=True)` (django-environ), `config("DEBUG", default=True,
    cast=bool)` (python-decouple), `os.getenv("DEBUG", "1") == "1"`.

    A settings module is `settings.py`, any `*settings*.py`, a module of a `settings/`
    package, or a module that assigns two of the core Django settings (`INSTALLED_APPS`,
    `SECRET_KEY`, `DATABASES`, ...). Development and test settings (`settings/dev.py`,
    `settings/local.py`, `settings_test.py`, `test_settings.py`, anything under `tests/`) are
    skipped: `DEBUG = True` is their purpose. Assignments inside an `if` block are skipped
    too, since they usually depend on the environment.

    ## Why is this bad?
    With `DEBUG = True` Django answers every error with a page showing the stack trace, local
    variables, the settings (most secrets masked, not all), the SQL queries and the URL
    patterns. It also keeps every SQL query in memory. A default that enables it means any
    deployment that forgets one environment variable runs in debug mode.

    ## Example
    ```python
    # myproject/settings.py
    DEBUG = True

    DEBUG = env.bool("DJANGO_DEBUG", default=True)
    ```

    ## Use instead
    ```python
    # myproject/settings.py
    DEBUG = env.bool("DJANGO_DEBUG", default=False)
    ```

    ## Options
    - `include-development-settings` (bool, default `false`): also check development and test
      settings modules.

    ## Fix safety
    No fix is offered: turning `DEBUG` off changes how static files are served and how errors
    look locally, so the switch belongs in your environment-specific settings.

    ## References
    - [CWE-489: Active Debug Code](https://cwe.mitre.org/data/definitions/489.html)
    - [CWE-215: Insertion of Sensitive Information Into Debugging Code](https://cwe.mitre.org/data/definitions/215.html)
    - [Django settings: DEBUG](https://docs.djangoproject.com/en/stable/ref/settings/#debug)
    - [Django deployment checklist](https://docs.djangoproject.com/en/stable/howto/deployment/checklist/)
    """

    id = "SW114"
    name = "django-debug-true"
    summary = "Django DEBUG enabled in settings"
    hint = "set DEBUG = False in production settings, or read it from the environment with a False default"
    severity = HIGH
    confidence = HIGH
    cwe = (489, 215)
    tags = ("django", "web", "debug", "settings")
    options = (
        Option(INCLUDE_DEVELOPMENT, bool, False, "also check development and test settings modules"),
    )
    triggers = ("DEBUG",)

    VALID = [
        Valid("DEBUG = False\n", path="myproject/settings.py"),
        Valid("import os\nDEBUG = os.environ.get('DJANGO_DEBUG') == '1'\n", path="myproject/settings.py"),
        Valid("import os\nDEBUG = os.getenv('DJANGO_DEBUG', 'False').lower() == 'true'\n", path="myproject/settings.py"),
        Valid("from .base import *\nDEBUG = True\n", path="myproject/settings/dev.py"),
        Valid("DEBUG = True\n", path="myproject/settings_local.py"),
        Valid("DEBUG = True\n", path="test_settings.py"),
        Valid("DEBUG = True\nSECRET_KEY = 'x'\nINSTALLED_APPS = []\n", path="tests/settings.py"),
        # Not a settings module: a script's own flag.
        Valid("DEBUG = True\n\ndef main():\n    print(DEBUG)\n", path="scripts/build_assets.py"),
        Valid("import environ\nenv = environ.Env()\nDEBUG = env.bool('DEBUG', default=False)\n", path="myproject/settings.py"),
        Valid("import environ\nenv = environ.Env()\nDEBUG = env('DEBUG')\n", path="myproject/settings.py"),
        Valid("from decouple import config\nDEBUG = config('DEBUG', default='False', cast=bool)\n", path="myproject/settings.py"),
        Valid("import os\nif os.environ.get('ENV') == 'dev':\n    DEBUG = True\n", path="myproject/settings.py"),
        Valid("def configure():\n    DEBUG = True\n    return DEBUG\n", path="myproject/settings.py"),
    ]
    INVALID = [
        Invalid("DEBUG = True\n", 1, path="myproject/settings.py"),
        Invalid("from .base import *\n\nDEBUG = True\n", 3, path="config/settings/production.py"),
        Invalid("ON = True\nDEBUG: bool = ON\n", 2, path="myproject/settings.py"),
        Invalid("SECRET_KEY = 'x'\nINSTALLED_APPS = ['django.contrib.admin']\nDEBUG = True\n", 3, path="myproject/conf.py"),
        Invalid("import environ\nenv = environ.Env()\nDEBUG = env.bool('DJANGO_DEBUG', default=True)\n", 3, path="myproject/settings.py"),
        Invalid("import environ as e\nenv = e.Env()\nDEBUG = env(\n    'DJANGO_DEBUG',\n    default=True,\n)\n", 3, path="myproject/settings.py"),
        Invalid("import environ\nenv = environ.Env(DJANGO_DEBUG=(bool, True))\nDEBUG = env('DJANGO_DEBUG')\n", 3, path="myproject/settings.py"),
        Invalid("from decouple import config\nDEBUG = config('DEBUG', default='True', cast=bool)\n", 2, path="myproject/settings.py"),
        Invalid("from decouple import config as cfg\nDEBUG = cfg('DEBUG', **{'default': True, 'cast': bool})\n", 2, path="myproject/settings.py"),
        Invalid("import os\nDEBUG = os.getenv('DJANGO_DEBUG', '1') == '1'\n", 2, path="myproject/settings.py"),
        Invalid("import os\nDEBUG = os.environ.get('DJANGO_DEBUG', 'True').lower() in ('true', '1')\n", 2, path="myproject/settings.py"),
        Invalid("DEBUG = True\n", 1, path="myproject/settings/dev.py", include_development_settings=True),
    ]

    def visit_Assign(self, node: cst.Assign, ctx) -> None:
        self._check(node, ctx)

    def visit_AnnAssign(self, node: cst.AnnAssign, ctx) -> None:
        self._check(node, ctx)

    def _check(self, node, ctx) -> None:
        if assigned_name(node) != "DEBUG" or not is_top_level(ctx) or not reports_settings(ctx, self):
            return
        value = ctx.literal(node.value)
        if value is True or (type(value) is int and value != 0):
            self.report(ctx, node.value, "Django debug mode enabled in settings (DEBUG = True)")
            return
        unset, default = unset_env_value(ctx, node.value)
        if default is not None and is_true_setting(unset):
            self.report(
                ctx, node.value,
                f"Django DEBUG defaults to True when the environment variable is unset (default={ctx.module.code_for_node(default)})",
                hint="make the default False, so only an explicit environment variable turns debug mode on",
                severity=MEDIUM,
            )
