from __future__ import annotations

import libcst as cst

from stagewarden.rule import MEDIUM, Invalid, Option, PythonRule, Valid
from stagewarden.rules.insecure_defaults.settings_module import (
    INCLUDE_DEVELOPMENT,
    assigned_name,
    flask_config_items,
    instance_of,
    is_config_module,
    is_development_module,
    is_top_level,
    reports_settings,
)

_CSRF_EXEMPT = frozenset(["django.views.decorators.csrf.csrf_exempt"])
_METHOD_DECORATOR = "django.utils.decorators.method_decorator"
_DJANGO_CALLS = _CSRF_EXEMPT | {_METHOD_DECORATOR}
_CSRF_PROTECT = ("flask_wtf.csrf.CSRFProtect", "flask_wtf.CSRFProtect", "flask_wtf.csrf.CsrfProtect", "flask_wtf.CsrfProtect")
_WTF_SETTING = "WTF_CSRF_ENABLED"
_MIDDLEWARE_SETTINGS = ("MIDDLEWARE", "MIDDLEWARE_CLASSES")
_COMMON_MIDDLEWARE = "django.middleware.common.CommonMiddleware"


class CsrfProtectionDisabled(PythonRule):
    """
    ## What it does
    Finds CSRF protection turned off:
    - Django views marked `@csrf_exempt` (also `csrf_exempt(view)` in URL patterns and
      `@method_decorator(csrf_exempt, name="dispatch")` on class-based views);
    - a Django `MIDDLEWARE` list (top level of a settings module) that is a real middleware
      list (it has `CommonMiddleware`) but lacks `CsrfViewMiddleware` (medium confidence);
    - Flask-WTF turned off with `WTF_CSRF_ENABLED = False` (top level of a settings or
      config module, `app.config["WTF_CSRF_ENABLED"] = False`, `app.config.update(...)`) and
      views exempted with `@csrf.exempt` where `csrf` is a `CSRFProtect()`.

    Test and development modules (`tests/`, `conftest.py`, `settings/dev.py`,
    `config/testing.py`, ...) are skipped for the settings, where turning CSRF off is usual.

    ## Why is this bad?
    Without CSRF protection, any site the user visits while logged in can make the browser
    send a state-changing request (a POST changing the email, a transfer, a delete) with the
    user's cookies, and the server cannot tell it from a real one. Exempt views are often
    webhooks or APIs: those need another check instead (a signature, a token header, no
    cookie authentication).

    ## Example
    ```python
    from django.views.decorators.csrf import csrf_exempt

    @csrf_exempt
    def update_profile(request):
        ...
    ```

    ## Use instead
    ```python
    from django.views.decorators.http import require_POST

    @require_POST  # and send the CSRF token with the form or in the X-CSRFToken header
    def update_profile(request):
        ...
    ```

    ## Options
    - `include-development-settings` (bool, default `false`): also check development and test
      settings and configuration modules.

    ## Fix safety
    No fix is offered: clients of an exempt view must first be changed to send the token.

    ## References
    - [CWE-352: Cross-Site Request Forgery (CSRF)](https://cwe.mitre.org/data/definitions/352.html)
    - [Django: Cross Site Request Forgery protection](https://docs.djangoproject.com/en/stable/ref/csrf/)
    - [Django: csrf_exempt](https://docs.djangoproject.com/en/stable/ref/csrf/#django.views.decorators.csrf.csrf_exempt)
    - [Flask-WTF: CSRF Protection](https://flask-wtf.readthedocs.io/en/latest/csrf/)
    - [OWASP CSRF Prevention Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html)
    """

    id = "SW118"
    name = "csrf-protection-disabled"
    summary = "CSRF protection disabled"
    hint = "keep CSRF protection on; for webhooks and APIs authenticate requests another way (a signature, a token header)"
    severity = MEDIUM
    confidence = MEDIUM
    cwe = (352,)
    tags = ("django", "flask", "web", "csrf")
    options = (
        Option(INCLUDE_DEVELOPMENT, bool, False, "also check development and test settings and configuration modules"),
    )
    # A middleware list is reported only when it holds "django.middleware.common.CommonMiddleware".
    triggers = ("csrf_exempt", "flask_wtf", "WTF_CSRF_ENABLED", "CommonMiddleware")

    VALID = [
        "from django.views.decorators.csrf import csrf_protect, ensure_csrf_cookie, requires_csrf_token\n"
        "@csrf_protect\ndef a(request): ...\n@ensure_csrf_cookie\ndef b(request): ...\n@requires_csrf_token\ndef c(request): ...\n",
        # A local decorator with the same name.
        "def csrf_exempt(view):\n    return view\n@csrf_exempt\ndef hook(request): ...\n",
        "from flask import Flask\napp = Flask(__name__)\napp.config['WTF_CSRF_ENABLED'] = True\n",
        Valid("WTF_CSRF_ENABLED = True\n", path="app/config.py"),
        Valid("WTF_CSRF_ENABLED = False\n", path="app/config/testing.py"),
        Valid("import pytest\n@pytest.fixture\ndef app(app):\n    app.config['WTF_CSRF_ENABLED'] = False\n    return app\n", path="tests/conftest.py"),
        Valid("from flask import Flask\napp = Flask(__name__)\napp.config.update(TESTING=True, WTF_CSRF_ENABLED=False)\n", path="tests/test_forms.py"),
        # Not a config module: a script's own variable.
        Valid("WTF_CSRF_ENABLED = False\n", path="scripts/report.py"),
        # Another `.exempt` (Flask-Limiter).
        "from flask_limiter import Limiter\nlimiter = Limiter(app)\n@limiter.exempt\ndef health(): ...\n",
        Valid(
            "MIDDLEWARE = [\n    'django.middleware.security.SecurityMiddleware',\n    'django.middleware.common.CommonMiddleware',\n"
            "    'django.middleware.csrf.CsrfViewMiddleware',\n]\n",
            path="myproject/settings.py",
        ),
        # Not a full middleware list.
        Valid("MIDDLEWARE = ['debug_toolbar.middleware.DebugToolbarMiddleware']\n", path="myproject/settings.py"),
        # Added later in the same module.
        Valid(
            "MIDDLEWARE = ['django.middleware.common.CommonMiddleware']\n"
            "MIDDLEWARE.insert(0, 'django.middleware.csrf.CsrfViewMiddleware')\n",
            path="myproject/settings.py",
        ),
        Valid("MIDDLEWARE = ['django.middleware.common.CommonMiddleware']\n", path="myproject/settings/test.py"),
    ]
    INVALID = [
        Invalid("from django.views.decorators.csrf import csrf_exempt\n\n@csrf_exempt\ndef webhook(request):\n    return HttpResponse()\n", 3),
        Invalid("from django.views.decorators.csrf import csrf_exempt as no_csrf\n@no_csrf\ndef webhook(request): ...\n", 2),
        Invalid("import django.views.decorators.csrf as csrf\nurlpatterns = [\n    path('hook/', csrf.csrf_exempt(views.hook)),\n]\n", 3),
        Invalid("from django.views.decorators.csrf import *\nview = csrf_exempt(HookView.as_view())\n", 2),
        Invalid(
            "from django.utils.decorators import method_decorator\nfrom django.views.decorators.csrf import csrf_exempt\n\n"
            "@method_decorator(csrf_exempt, name='dispatch')\nclass HookView(View):\n    pass\n",
            4,
        ),
        Invalid(
            "from flask_wtf.csrf import CSRFProtect\ncsrf = CSRFProtect(app)\n\n@csrf.exempt\n"
            "@app.route('/hook', methods=['POST'])\ndef hook():\n    return ''\n",
            4,
        ),
        Invalid("from flask_wtf import CSRFProtect\ncsrf = CSRFProtect()\ncsrf.exempt(api_blueprint)\n", 3),
        Invalid("from flask import Flask\napp = Flask(__name__)\napp.config['WTF_CSRF_ENABLED'] = False\n", 3, path="app/__init__.py"),
        Invalid("OFF = False\ndef create_app(app):\n    app.config.update(\n        SECRET_KEY=key,\n        WTF_CSRF_ENABLED=OFF,\n    )\n", 5),
        Invalid("WTF_CSRF_ENABLED = False\n", 1, path="app/config.py"),
        Invalid(
            "MIDDLEWARE = [\n    'django.middleware.security.SecurityMiddleware',\n    'django.middleware.common.CommonMiddleware',\n"
            "    'django.contrib.auth.middleware.AuthenticationMiddleware',\n]\n",
            1, path="myproject/settings.py",
        ),
        Invalid("WTF_CSRF_ENABLED = False\n", 1, path="app/config/testing.py", include_development_settings=True),
        Invalid("from flask_wtf.csrf import CsrfProtect\ncsrf = CsrfProtect(app)\ncsrf.exempt(api_blueprint)\n", 3),
        Invalid("MIDDLEWARE_CLASSES = (\n    'django.middleware.common.CommonMiddleware',\n)\n", 1, path="myproject/settings.py"),
    ]

    # -- Django and Flask-WTF exemptions ---------------------------------------------------
    def visit_Decorator(self, node: cst.Decorator, ctx) -> None:
        expr = node.decorator
        if isinstance(expr, cst.Call):
            return  # `@method_decorator(csrf_exempt)`, `@csrf_exempt()`: seen by visit_Call
        if ctx.match(expr, _CSRF_EXEMPT) is not None:
            self.report(ctx, node, "CSRF protection disabled for this view (@csrf_exempt)")
        elif (
            isinstance(expr, cst.Attribute)
            and expr.attr.value == "exempt"
            and instance_of(ctx, expr.value, _CSRF_PROTECT) is not None
        ):
            self.report(ctx, node, "CSRF protection disabled for this view (@csrf.exempt)")

    def visit_Call(self, node: cst.Call, ctx) -> None:
        func = node.func
        if isinstance(func, cst.Attribute):
            attr = func.attr.value
            if attr in ("update", "from_mapping"):
                self._check_config(node, ctx)
                return
            if attr == "exempt":
                if instance_of(ctx, func.value, _CSRF_PROTECT) is not None:
                    self.report(ctx, node, "CSRF protection disabled (csrf.exempt(...))")
                return
            if attr not in ("csrf_exempt", "method_decorator"):
                return
        elif not isinstance(func, cst.Name):
            return
        found = ctx.match(func, _DJANGO_CALLS)
        if found is None:
            return
        if found in _CSRF_EXEMPT:
            self.report(ctx, node, "CSRF protection disabled for this view (csrf_exempt(...))")
        else:
            decorators = ctx.positional(node, 0)
            decorators = ctx.value_of(decorators) if decorators is not None else None
            candidates = [e.value for e in decorators.elements] if isinstance(decorators, (cst.List, cst.Tuple)) else [decorators]
            for candidate in candidates:
                if candidate is not None and ctx.match(candidate, _CSRF_EXEMPT) is not None:
                    self.report(ctx, candidate, "CSRF protection disabled for this view (method_decorator(csrf_exempt))")

    # -- settings ----------------------------------------------------------------------------
    def visit_Assign(self, node: cst.Assign, ctx) -> None:
        name = assigned_name(node)
        if name is None:
            self._check_config(node, ctx)
        elif name == _WTF_SETTING:
            self._check_wtf_setting(node, ctx)
        elif name in _MIDDLEWARE_SETTINGS:
            self._check_middleware(node, ctx)

    def visit_AnnAssign(self, node: cst.AnnAssign, ctx) -> None:
        name = assigned_name(node)
        if name == _WTF_SETTING:
            self._check_wtf_setting(node, ctx)
        elif name in _MIDDLEWARE_SETTINGS:
            self._check_middleware(node, ctx)

    def _skipped(self, ctx) -> bool:
        return is_development_module(ctx) and not self.opts.get(INCLUDE_DEVELOPMENT)

    def _check_config(self, node: cst.CSTNode, ctx) -> None:
        for _, key, value in flask_config_items(ctx, node):
            if key == _WTF_SETTING and ctx.literal(value) is False and not self._skipped(ctx):
                spelling = f'app.config["{key}"] = False' if isinstance(node, cst.Assign) else f"{key}=False"
                self.report(ctx, value, f"Flask-WTF CSRF protection disabled for the whole app ({spelling})")

    def _check_wtf_setting(self, node, ctx) -> None:
        if ctx.literal(node.value) is False and is_top_level(ctx) and is_config_module(ctx) and not self._skipped(ctx):
            self.report(ctx, node.value, f"Flask-WTF CSRF protection disabled for the whole app ({_WTF_SETTING} = False)")

    def _check_middleware(self, node, ctx) -> None:
        if not is_top_level(ctx) or not reports_settings(ctx, self):
            return
        value = ctx.value_of(node.value)
        if not isinstance(value, (cst.List, cst.Tuple)):
            return
        entries = []
        for element in value.elements:
            entry = ctx.literal(element.value) if isinstance(element, cst.Element) else None
            if not isinstance(entry, str):
                return  # a starred or computed entry could be the CSRF middleware
            entries.append(entry)
        if _COMMON_MIDDLEWARE not in entries or any("csrf" in e.lower() for e in entries):
            return
        if self._csrf_added_elsewhere(ctx):
            return
        self.report(ctx, node, "CSRF middleware missing from MIDDLEWARE (no CsrfViewMiddleware)",
                    hint='add "django.middleware.csrf.CsrfViewMiddleware" to MIDDLEWARE, after SessionMiddleware')

    @staticmethod
    def _csrf_added_elsewhere(ctx) -> bool:
        """Some string in the module names a CSRF middleware (`MIDDLEWARE.insert(...)`, `+=`)."""
        for string in ctx.find_all(cst.SimpleString):
            value = ctx.literal(string)
            if isinstance(value, str) and "csrf" in value.lower():
                return True
        return False
