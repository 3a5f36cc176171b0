from __future__ import annotations

import libcst as cst

from stagewarden.rule import HIGH, MEDIUM, Invalid, Option, PythonRule, Valid
from stagewarden.rules.insecure_defaults.settings_module import (
    INCLUDE_DEVELOPMENT,
    assigned_name,
    flask_config_items,
    is_config_module,
    is_development_module,
    is_top_level,
)

_SECURE = "may be sent over plain HTTP"
_HTTPONLY = "readable by JavaScript"
# setting -> (which cookie, what goes wrong, how to fix)
_SETTINGS = {
    "SESSION_COOKIE_SECURE": ("session cookie", _SECURE, "set SESSION_COOKIE_SECURE = True (and serve the site over HTTPS)"),
    "CSRF_COOKIE_SECURE": ("CSRF cookie", _SECURE, "set CSRF_COOKIE_SECURE = True (and serve the site over HTTPS)"),
    "SESSION_COOKIE_HTTPONLY": ("session cookie", _HTTPONLY, "set SESSION_COOKIE_HTTPONLY = True (the default)"),
    "REMEMBER_COOKIE_SECURE": ("remember-me cookie", _SECURE, "set REMEMBER_COOKIE_SECURE = True (and serve the site over HTTPS)"),
    "REMEMBER_COOKIE_HTTPONLY": ("remember-me cookie", _HTTPONLY, "set REMEMBER_COOKIE_HTTPONLY = True (the default)"),
}


class InsecureCookieSettings(PythonRule):
    """
    ## What it does
    Finds session and CSRF cookie settings explicitly turned off:
    - in Django settings (and configuration) modules, top-level `SESSION_COOKIE_SECURE = False`,
      `CSRF_COOKIE_SECURE = False` and `SESSION_COOKIE_HTTPONLY = False`;
    - in Flask configuration anywhere, `app.config["SESSION_COOKIE_SECURE"] = False`,
      `SESSION_COOKIE_HTTPONLY`, Flask-Login's `REMEMBER_COOKIE_SECURE` and
      `REMEMBER_COOKIE_HTTPONLY`, also through `app.config.update(...)`.

    Only an explicit `False` is reported: a missing setting is not. Development and test
    modules (`settings/dev.py`, `settings_local.py`, `conftest.py`, anything under `tests/`)
    are skipped, since local servers often run without HTTPS.

    ## Why is this bad?
    Without the Secure flag the browser also sends the cookie over plain HTTP, where anyone
    on the network path can read it and take over the session. Without HttpOnly, any script
    injected into a page (an XSS) can read the session cookie and send it away.

    ## Example
    ```python
    # myproject/settings.py
    SESSION_COOKIE_SECURE = False

    # Flask
    app.config["SESSION_COOKIE_HTTPONLY"] = False
    ```

    ## Use instead
    ```python
    # myproject/settings.py
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

    # Flask
    app.config.update(SESSION_COOKIE_SECURE=True, SESSION_COOKIE_HTTPONLY=True)
    ```

    ## Options
    - `include-development-settings` (bool, default `false`): also check development and test
      settings modules.

    ## Fix safety
    No fix is offered: a Secure cookie is not sent over plain HTTP, so a site still served
    over HTTP would lose its sessions.

    ## References
    - [CWE-614: Sensitive Cookie in HTTPS Session Without 'Secure' Attribute](https://cwe.mitre.org/data/definitions/614.html)
    - [CWE-1004: Sensitive Cookie Without 'HttpOnly' Flag](https://cwe.mitre.org/data/definitions/1004.html)
    - [Django settings: SESSION_COOKIE_SECURE](https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-secure)
    - [Django settings: CSRF_COOKIE_SECURE](https://docs.djangoproject.com/en/stable/ref/settings/#csrf-cookie-secure)
    - [Flask: Security Considerations, Set-Cookie options](https://flask.palletsprojects.com/en/stable/web-security/#set-cookie-options)
    - [Flask-Login: Cookie Settings](https://flask-login.readthedocs.io/en/latest/#cookie-settings)
    """

    id = "SW117"
    name = "insecure-cookie-settings"
    summary = "Session or CSRF cookie without Secure or HttpOnly"
    hint = "set the cookie's Secure and HttpOnly settings to True"
    severity = MEDIUM
    confidence = HIGH
    cwe = (614, 1004)
    tags = ("django", "flask", "web", "cookies", "settings")
    options = (
        Option(INCLUDE_DEVELOPMENT, bool, False, "also check development and test settings modules"),
    )
    triggers = tuple(_SETTINGS)

    VALID = [
        Valid("SESSION_COOKIE_SECURE = True\nCSRF_COOKIE_SECURE = True\n", path="myproject/settings.py"),
        Valid("SESSION_COOKIE_SECURE = False\nCSRF_COOKIE_SECURE = False\n", path="myproject/settings/dev.py"),
        # Django's default, needed when JavaScript reads the CSRF token.
        Valid("CSRF_COOKIE_HTTPONLY = False\n", path="myproject/settings.py"),
        Valid("DEBUG = False\nSESSION_COOKIE_SECURE = not DEBUG\n", path="myproject/settings.py"),
        # Not a settings module.
        Valid("SESSION_COOKIE_SECURE = False\nprint(SESSION_COOKIE_SECURE)\n", path="scripts/report.py"),
        Valid(
            "import pytest\n@pytest.fixture\ndef app():\n    app = create_app()\n"
            "    app.config['SESSION_COOKIE_SECURE'] = False\n    return app\n",
            path="tests/conftest.py",
        ),
        Valid("import os\nfrom flask import Flask\napp = Flask(__name__)\napp.config['SESSION_COOKIE_SECURE'] = os.environ.get('HTTPS') == '1'\n"),
        Valid("from flask import Flask\napp = Flask(__name__)\napp.config.update(SESSION_COOKIE_SECURE=True, SESSION_COOKIE_HTTPONLY=True)\n"),
        # A dict that is not a config.
        Valid("defaults = {}\ndefaults['SESSION_COOKIE_SECURE'] = False\n"),
    ]
    INVALID = [
        Invalid(
            "SESSION_COOKIE_SECURE = False\nCSRF_COOKIE_SECURE = False\nSESSION_COOKIE_HTTPONLY = False\n",
            1, 2, 3, path="myproject/settings.py",
        ),
        Invalid("from .base import *\nINSECURE = False\nSESSION_COOKIE_SECURE = INSECURE\n", 3, path="config/settings/production.py"),
        Invalid("from flask import Flask\napp = Flask(__name__)\napp.config['SESSION_COOKIE_SECURE'] = False\n", 3),
        Invalid(
            "import flask as f\napp = f.Flask(__name__)\napp.config.update(\n    SESSION_COOKIE_HTTPONLY=False,\n"
            "    REMEMBER_COOKIE_SECURE=False,\n)\n",
            4, 5,
        ),
        Invalid("from flask import Flask\napp = Flask(__name__)\napp.config.update(**{'REMEMBER_COOKIE_HTTPONLY': False})\n", 3),
        Invalid("from flask import Flask\napp = Flask(__name__)\napp.config.from_mapping({'SESSION_COOKIE_SECURE': False})\n", 3),
        # The app comes from a parameter: the setting name is what identifies Flask config.
        Invalid("def configure(app):\n    app.config['SESSION_COOKIE_SECURE'] = False\n", 2, path="myapp/factory.py"),
        Invalid("from flask import current_app\nOFF = False\ncurrent_app.config['REMEMBER_COOKIE_SECURE'] = OFF\n", 3),
        Invalid("SESSION_COOKIE_SECURE = False\n", 1, path="myapp/config.py"),
        Invalid("SESSION_COOKIE_SECURE = False\n", 1, path="myproject/settings/local.py", include_development_settings=True),
    ]

    def visit_Assign(self, node: cst.Assign, ctx) -> None:
        name = assigned_name(node)
        if name is not None:
            if name in _SETTINGS:
                self._check_module_setting(name, node, ctx)
            return
        self._check_config(node, ctx)

    def visit_AnnAssign(self, node: cst.AnnAssign, ctx) -> None:
        name = assigned_name(node)
        if name in _SETTINGS:
            self._check_module_setting(name, node, ctx)

    def visit_Call(self, node: cst.Call, ctx) -> None:
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in ("update", "from_mapping"):
            self._check_config(node, ctx)

    def _check_module_setting(self, name: str, node, ctx) -> None:
        if ctx.literal(node.value) is not False or not is_top_level(ctx) or not is_config_module(ctx):
            return
        if self._skipped(ctx):
            return
        self._report(ctx, node.value, name, f"{name} = False")

    def _check_config(self, node: cst.CSTNode, ctx) -> None:
        for _, key, value in flask_config_items(ctx, node):
            if key in _SETTINGS and ctx.literal(value) is False and not self._skipped(ctx):
                spelling = f'app.config["{key}"] = False' if isinstance(node, cst.Assign) else f"{key}=False"
                self._report(ctx, value, key, spelling)

    def _skipped(self, ctx) -> bool:
        return is_development_module(ctx) and not self.opts.get(INCLUDE_DEVELOPMENT)

    def _report(self, ctx, node, key: str, spelling: str) -> None:
        cookie, problem, hint = _SETTINGS[key]
        self.report(ctx, node, f"{cookie} {problem} ({spelling})", hint=hint)

