from __future__ import annotations

import libcst as cst

from stagewarden.rule import HIGH, MEDIUM, Invalid, PythonRule, Valid

_CORS_MIDDLEWARE = frozenset(["starlette.middleware.cors.CORSMiddleware", "fastapi.middleware.cors.CORSMiddleware"])
_MIDDLEWARE_WRAPPER = frozenset(["starlette.middleware.Middleware", "fastapi.middleware.Middleware"])
_FLASK_CORS = frozenset(
    ["flask_cors.CORS", "flask_cors.extension.CORS", "flask_cors.cross_origin", "flask_cors.decorator.cross_origin"]
)
_DJANGO_ALLOW_ALL = ("CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL")
_DJANGO_CREDENTIALS = "CORS_ALLOW_CREDENTIALS"
# A regex that accepts every origin: `.*`, `^.*$`, `https?://.*`, `(.*)` ...
_ANY_SCHEME = ("", "https?://", "https://", "http://", "http(s)?://", "(http|https)://", "https?:\\/\\/", "https:\\/\\/")
_ANY_REST = (".*", ".+", "(.*)", "(.+)")
_MISSING = object()


class CorsWildcardWithCredentials(PythonRule):
    """
    ## What it does
    Finds CORS set up to let every origin make credentialed requests:
    - Starlette / FastAPI `CORSMiddleware` (through `app.add_middleware(CORSMiddleware, ...)`,
      `Middleware(CORSMiddleware, ...)` or `CORSMiddleware(app, ...)`) with
      `allow_credentials=True` and `allow_origins=["*"]` or an `allow_origin_regex` that matches
      any origin (`".*"`);
    - flask-cors `CORS(app, supports_credentials=True)` and
      `@cross_origin(supports_credentials=True)` whose `origins` is `"*"`, a catch-all regex, or
      not given (flask-cors then allows every origin; reported with medium confidence, since the
      app config may set `CORS_ORIGINS`);
    - django-cors-headers settings with `CORS_ALLOW_ALL_ORIGINS = True` (or the legacy
      `CORS_ORIGIN_ALLOW_ALL = True`) and `CORS_ALLOW_CREDENTIALS = True` at the top level of
      the same file.

    A wildcard without credentials, and credentials with an explicit list of origins, are fine.

    ## Why is this bad?
    Browsers refuse a literal `Access-Control-Allow-Origin: *` on credentialed requests, so
    these libraries echo back whatever `Origin` the request carries instead. Any web site a
    logged-in user visits can then call the API with the user's cookies and read the answers:
    account data, CSRF tokens, API keys.

    ## Example
    ```python
    from fastapi import FastAPI
    from fastapi.middleware.cors import CORSMiddleware

    app = FastAPI()
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)
    ```

    ## Use instead
    ```python
    from fastapi import FastAPI
    from fastapi.middleware.cors import CORSMiddleware

    app = FastAPI()
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["https://app.example.com"],
        allow_credentials=True,
    )
    ```

    ## Options
    None.

    ## Fix safety
    No fix is offered: only the project knows which origins it trusts.

    ## References
    - [CWE-942: Permissive Cross-domain Policy with Untrusted Domains](https://cwe.mitre.org/data/definitions/942.html)
    - [MDN: CORS requests with credentials](https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS#requests_with_credentials)
    - [Starlette: CORSMiddleware](https://www.starlette.io/middleware/#corsmiddleware)
    - [FastAPI: CORS](https://fastapi.tiangolo.com/tutorial/cors/)
    - [flask-cors: API docs](https://flask-cors.readthedocs.io/en/latest/api.html)
    - [django-cors-headers: settings](https://github.com/adamchainz/django-cors-headers#configuration)
    """

    id = "SW120"
    name = "cors-wildcard-with-credentials"
    summary = "CORS allows every origin with credentials"
    hint = "list the trusted origins explicitly (allow_origins=[...] / origins=[...] / CORS_ALLOWED_ORIGINS)"
    severity = HIGH
    confidence = HIGH
    cwe = (942,)
    tags = ("web", "cors")
    # Every finding needs credentials turned on, and each API spells that flag its own way.
    triggers = ("allow_credentials", "supports_credentials", "CORS_ALLOW_CREDENTIALS")

    VALID = [
        "from fastapi.middleware.cors import CORSMiddleware\napp.add_middleware(CORSMiddleware, allow_origins=['https://app.example.com'], allow_credentials=True)\n",
        "from fastapi.middleware.cors import CORSMiddleware\napp.add_middleware(CORSMiddleware, allow_origins=['*'])\n",
        "from starlette.middleware.cors import CORSMiddleware\napp.add_middleware(CORSMiddleware, allow_origins=['*'], allow_credentials=False)\n",
        "from starlette.middleware.cors import CORSMiddleware\napp.add_middleware(CORSMiddleware, allow_origin_regex=r'https://.*\\.example\\.com', allow_credentials=True)\n",
        # Another middleware, and our own CORSMiddleware class.
        "from starlette.middleware.gzip import GZipMiddleware\napp.add_middleware(GZipMiddleware, allow_origins=['*'], allow_credentials=True)\n",
        "class CORSMiddleware:\n    pass\napp.add_middleware(CORSMiddleware, allow_origins=['*'], allow_credentials=True)\n",
        # Dynamic origins: cannot judge.
        "from fastapi.middleware.cors import CORSMiddleware\napp.add_middleware(CORSMiddleware, allow_origins=settings.ORIGINS, allow_credentials=True)\n",
        "from flask_cors import CORS\nCORS(app, origins=['https://app.example.com'], supports_credentials=True)\n",
        "from flask_cors import CORS\nCORS(app)\n",
        "from flask_cors import CORS\nCORS(app, resources=RESOURCES, supports_credentials=True)\n",
        Valid("CORS_ALLOW_ALL_ORIGINS = True\n", path="settings.py"),
        Valid("CORS_ALLOWED_ORIGINS = ['https://app.example.com']\nCORS_ALLOW_CREDENTIALS = True\n", path="settings.py"),
        Valid("import os\nCORS_ALLOW_ALL_ORIGINS = os.environ.get('DEV') == '1'\nCORS_ALLOW_CREDENTIALS = True\n", path="settings.py"),
    ]
    INVALID = [
        Invalid("from fastapi.middleware.cors import CORSMiddleware\napp.add_middleware(CORSMiddleware, allow_origins=['*'], allow_credentials=True)\n", 2),
        Invalid("import fastapi.middleware.cors as cors\napp.add_middleware(cors.CORSMiddleware, allow_origins='*', allow_credentials=True)\n", 2),
        Invalid("from starlette.middleware.cors import CORSMiddleware as Cors\nORIGINS = ['*']\nCREDENTIALS = True\napp.add_middleware(Cors, allow_origins=ORIGINS, allow_credentials=CREDENTIALS)\n", 4),
        Invalid("from starlette.middleware.cors import *\napp.add_middleware(CORSMiddleware, **{'allow_origins': ['*'], 'allow_credentials': True})\n", 2),
        Invalid("from starlette.middleware.cors import CORSMiddleware\napp.add_middleware(\n    CORSMiddleware,\n    allow_origin_regex='.*',\n    allow_credentials=True,\n)\n", 2),
        Invalid("from starlette.middleware import Middleware\nfrom starlette.middleware.cors import CORSMiddleware\nmiddleware = [Middleware(CORSMiddleware, allow_origins=['*'], allow_credentials=True)]\n", 3),
        Invalid("from starlette.middleware.cors import CORSMiddleware\napp = CORSMiddleware(app, allow_origins=['*'], allow_credentials=True)\n", 2),
        Invalid("from flask_cors import CORS\nCORS(app, origins='*', supports_credentials=True)\n", 2),
        # origins left to flask-cors's default, "*": medium confidence.
        Invalid("import flask_cors\ncors = flask_cors.CORS(supports_credentials=True)\n", 2),
        Invalid("from flask_cors import cross_origin\n@cross_origin(supports_credentials=True)\ndef view():\n    pass\n", 2),
        Invalid("from flask_cors import CORS\nCORS(app, resources={r'/api/*': {'origins': '*'}}, supports_credentials=True)\n", 2),
        Invalid("from flask_cors import CORS\nCORS(app, resources=r'/api/*', supports_credentials=True)\n", 2),
        Invalid("CORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOW_CREDENTIALS = True\n", 1, path="settings.py"),
        Invalid("DEBUG = False\nCORS_ALLOW_CREDENTIALS = True\nCORS_ORIGIN_ALLOW_ALL = True\n", 3, path="settings.py"),
    ]

    def visit_Call(self, node: cst.Call, ctx) -> None:
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value == "add_middleware":
            middleware = ctx.argument(node, "middleware_class", 0)
            if middleware is not None and ctx.match(middleware, _CORS_MIDDLEWARE) is not None:
                self._check_starlette(node, ctx)
            return
        name = ctx.match(func, _CORS_MIDDLEWARE | _MIDDLEWARE_WRAPPER | _FLASK_CORS)
        if name is None:
            return
        if name in _CORS_MIDDLEWARE:
            self._check_starlette(node, ctx)
        elif name in _MIDDLEWARE_WRAPPER:
            middleware = ctx.argument(node, "cls", 0)
            if middleware is not None and ctx.match(middleware, _CORS_MIDDLEWARE) is not None:
                self._check_starlette(node, ctx)
        else:
            self._check_flask_cors(node, ctx)

    def visit_Module(self, node: cst.Module, ctx) -> None:
        allow_all = None
        credentials = False
        for statement in node.body:
            if not isinstance(statement, cst.SimpleStatementLine):
                continue
            for small in statement.body:
                if not isinstance(small, cst.Assign):
                    continue
                for target in small.targets:
                    if not isinstance(target.target, cst.Name):
                        continue
                    setting = target.target.value
                    if setting in _DJANGO_ALLOW_ALL:
                        allow_all = (small, setting) if ctx.literal(small.value) is True else None
                    elif setting == _DJANGO_CREDENTIALS:
                        credentials = ctx.literal(small.value) is True
        if allow_all is not None and credentials:
            assign, setting = allow_all
            self.report(ctx, assign, f"CORS allows every origin with credentials ({setting} = True with CORS_ALLOW_CREDENTIALS = True)",
                        hint="set CORS_ALLOWED_ORIGINS = [...] instead of allowing all origins")

    # -- helpers -----------------------------------------------------------------------------
    def _check_starlette(self, call: cst.Call, ctx) -> None:
        if ctx.literal(ctx.keyword(call, "allow_credentials")) is not True:
            return
        origins = ctx.keyword(call, "allow_origins")
        if origins is not None and _has_wildcard(ctx, origins):
            self.report(ctx, call, 'CORS allows every origin with credentials (allow_origins=["*"], allow_credentials=True)')
            return
        regex = ctx.keyword(call, "allow_origin_regex")
        if regex is not None and _is_any_origin_regex(ctx.literal(regex)):
            self.report(ctx, call, "CORS allows every origin with credentials (allow_origin_regex matches any origin, allow_credentials=True)")

    def _check_flask_cors(self, call: cst.Call, ctx) -> None:
        if ctx.literal(ctx.keyword(call, "supports_credentials")) is not True:
            return
        message = "CORS allows every origin with credentials (supports_credentials=True"
        origins = ctx.keyword(call, "origins")
        if origins is not None:
            if _has_wildcard(ctx, origins, regex=True):
                self.report(ctx, call, f'{message}, origins="*")')
            return
        resources = ctx.keyword(call, "resources")
        if resources is not None:
            confidence = _resources_allow_any(ctx, resources)
            if confidence is not None:
                self.report(ctx, call, f'{message}, a resource allows origins="*")', confidence=confidence)
            return
        if ctx.has_star_args(call):
            return
        self.report(ctx, call, f"{message}, origins not set: flask-cors defaults to every origin)", confidence=MEDIUM)


def _has_wildcard(ctx, expr: cst.BaseExpression, regex: bool = False) -> bool:
    """True when an origins value is "*" or a list/tuple/set holding "*" (or, for flask-cors, a catch-all regex)."""
    value = ctx.literal(expr)
    if isinstance(value, str):
        return value == "*" or (regex and _is_any_origin_regex(value))
    expr = ctx.value_of(expr)
    if isinstance(expr, (cst.List, cst.Tuple, cst.Set)):
        for element in expr.elements:
            item = ctx.literal(element.value)
            if item == "*" or (regex and _is_any_origin_regex(item)):
                return True
    return False


def _is_any_origin_regex(value) -> bool:
    if not isinstance(value, str):
        return False
    value = value.removeprefix("^")
    value = value.removesuffix("$")
    return any(value == scheme + rest for scheme in _ANY_SCHEME for rest in _ANY_REST)


def _resources_allow_any(ctx, expr: cst.BaseExpression):
    """flask-cors `resources=`: HIGH when a resource sets origins="*", MEDIUM when one leaves them
    to the default ("*"), None when every resource names its origins or we cannot tell."""
    value = ctx.literal(expr)
    if isinstance(value, str):
        return MEDIUM  # a bare pattern: the default origins apply
    expr = ctx.value_of(expr)
    if isinstance(expr, (cst.List, cst.Tuple)):
        return MEDIUM if all(isinstance(ctx.literal(e.value), str) for e in expr.elements) else None
    if not isinstance(expr, cst.Dict):
        return None
    found = None
    for element in expr.elements:
        if not isinstance(element, cst.DictElement):
            return None
        options = ctx.value_of(element.value)
        if not isinstance(options, cst.Dict):
            return None
        origins = _MISSING
        for option in options.elements:
            if not isinstance(option, cst.DictElement):
                origins = None  # `**other`: cannot tell
                break
            if ctx.literal(option.key) == "origins":
                origins = option.value
        if origins is None:
            continue
        if origins is _MISSING:
            found = found or MEDIUM
        elif _has_wildcard(ctx, origins, regex=True):
            return HIGH
    return found
