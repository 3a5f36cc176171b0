from __future__ import annotations

import libcst as cst

from stagewarden.names import UNKNOWN
from stagewarden.rule import LOW, MEDIUM, Invalid, PythonRule, Valid
from stagewarden.rules.insecure_defaults.settings_module import imports_module, is_test_module

_METHODS = ("set_cookie", "set_signed_cookie")
# Client-side cookie jars and test clients have a `set_cookie` too: not a response header.
_CLIENT_ROOTS = ("http", "requests", "httpx", "mechanize", "selenium", "playwright", "webtest")
_CLIENT_PARTS = ("test_client", "testing", ".test.", "cookiejar", "CookieJar", "Client()")
_JAR_NAMES = ("cookies", "cookie_jar", "cookiejar", "jar")
# Cookies JavaScript must read (the double-submit CSRF token): HttpOnly would break them.
_SCRIPT_READABLE = ("csrf", "xsrf")


class CookieWithoutSecureFlags(PythonRule):
    """
    ## What it does
    Finds cookies set on a response without the `Secure` or `HttpOnly` flag:
    `response.set_cookie(...)` and `response.set_signed_cookie(...)` calls (Django, Flask and
    Werkzeug, Starlette and FastAPI, aiohttp, Pyramid, Bottle and Tornado share these
    keywords) with `secure` or `httponly` missing or `False`. One finding per call names what
    is missing: medium severity when `secure` is missing, low when only `httponly` is.

    Stays silent when `*args`/`**kwargs` could pass the flags, for a call with a single
    argument (a cookie jar's `set_cookie(cookie)`), when a flag is computed
    (`secure=request.is_secure()`), for cookie jars of HTTP clients and test clients, for
    CSRF-token cookies that JavaScript must read (HttpOnly only), for `self.set_cookie(...)`
    in a file that defines its own `set_cookie` wrapper, in test code, and in files that use
    Falcon (whose `set_cookie` is secure and HttpOnly by default).

    ## Why is this bad?
    A cookie without `Secure` is also sent over plain HTTP, where anyone on the network path
    can read it. A cookie without `HttpOnly` can be read by any script running in the page,
    so a single XSS is enough to steal it. Session and authentication cookies need both.

    ## Example
    ```python
    response.set_cookie("session_token", token)
    ```

    ## Use instead
    ```python
    response.set_cookie("session_token", token, secure=True, httponly=True, samesite="Lax")
    ```

    ## Options
    None.

    ## Fix safety
    No fix is offered: a Secure cookie is not sent over plain HTTP, and an HttpOnly cookie
    cannot be read by the page's own JavaScript, so both can break a working site.

    ## References
    - [CWE-614: Sensitive Cookie in HTTPS Session Without 'Secure' Attribute](https://cwe.mitre.org/data/definitions/614.html)
    - [CWE-1004: Sensitive Cookie Without 'HttpOnly' Flag](https://cwe.mitre.org/data/definitions/1004.html)
    - [Django: HttpResponse.set_cookie](https://docs.djangoproject.com/en/stable/ref/request-response/#django.http.HttpResponse.set_cookie)
    - [Flask: Security Considerations, Set-Cookie options](https://flask.palletsprojects.com/en/stable/web-security/#set-cookie-options)
    - [Starlette: Responses, set_cookie](https://www.starlette.io/responses/#set-cookie)
    - [MDN: Restrict access to cookies](https://developer.mozilla.org/en-US/docs/Web/HTTP/Cookies#restrict_access_to_cookies)
    """

    id = "SW119"
    name = "cookie-without-secure-flags"
    summary = "Cookie set without Secure or HttpOnly"
    hint = "pass secure=True and httponly=True (and samesite='Lax') when setting the cookie"
    severity = MEDIUM
    confidence = MEDIUM
    cwe = (614, 1004)
    tags = ("web", "cookies")
    triggers = _METHODS

    VALID = [
        "response.set_cookie('session', token, secure=True, httponly=True, samesite='Lax')\n",
        "response.delete_cookie('session')\n",
        # A local function with the same name.
        "def set_cookie(response, name, value):\n    response.headers['Set-Cookie'] = f'{name}={value}; Secure; HttpOnly'\n"
        "set_cookie(response, 'a', 'b')\n",
        "from django.conf import settings\nresponse.set_cookie('session', token, secure=settings.SESSION_COOKIE_SECURE, httponly=True)\n",
        "def remember(response, token, **cookie_options):\n    response.set_cookie('remember', token, **cookie_options)\n",
        # Client-side cookie jars.
        "import requests\ns = requests.Session()\ns.cookies.set_cookie(cookie)\n",
        "import http.cookiejar\njar = http.cookiejar.CookieJar()\njar.set_cookie(cookie)\n",
        Valid("def test_login(client):\n    client.set_cookie('session', 'abc')\n", path="tests/test_views.py"),
        # JavaScript reads the CSRF token cookie: HttpOnly is deliberately off.
        "response.set_cookie('XSRF-TOKEN', token, secure=True)\n",
        # The handler's own set_cookie adds the flags.
        "class BaseHandler(RequestHandler):\n    def set_cookie(self, name, value, **kwargs):\n"
        "        kwargs.setdefault('secure', True)\n        kwargs.setdefault('httponly', True)\n"
        "        super().set_cookie(name, value, **kwargs)\n    def get(self):\n        self.set_cookie('user', name)\n",
        # Falcon's set_cookie defaults to secure=True and http_only=True.
        "import falcon\nresp.set_cookie('session', token)\n",
    ]
    INVALID = [
        Invalid("from django.http import HttpResponse\nresponse = HttpResponse()\nresponse.set_cookie('sessionid', token)\n", 3),
        Invalid("resp.set_cookie('token', value, secure=False, httponly=True)\n", 1),
        # Only HttpOnly missing: low severity.
        Invalid("resp.set_cookie('prefs', value, secure=True)\n", 1),
        Invalid(
            "def login(request, response):\n    response.set_signed_cookie(\n        'uid',\n        uid,\n"
            "        secure=True,\n        httponly=False,\n    )\n",
            2,
        ),
        Invalid("resp.set_cookie('token', value, **{'secure': False, 'httponly': True})\n", 1),
        Invalid("SECURE = False\nresp.set_cookie('token', value, secure=SECURE, httponly=True)\n", 2),
        Invalid("from flask import make_response\nresp = make_response(body)\nresp.set_cookie('session', sid, httponly=True)\n", 3),
        Invalid(
            "from fastapi import Response\nasync def login(response: Response):\n"
            "    response.set_cookie(key='access_token', value=token, httponly=True)\n",
            3,
        ),
        Invalid("class Handler(tornado.web.RequestHandler):\n    def get(self):\n        self.set_cookie('user', name)\n", 3),
    ]

    def visit_Call(self, node: cst.Call, ctx) -> None:
        func = node.func
        if not isinstance(func, cst.Attribute) or func.attr.value not in _METHODS:
            return
        if len(node.args) < 2 or ctx.has_star_args(node) or self._not_a_response(func, ctx):
            return
        secure = self._flag(node, "secure", ctx)
        httponly = self._flag(node, "httponly", ctx)
        if httponly is not None and self._script_readable(node, ctx):
            httponly = None
        problems = [p for p in (secure, httponly) if p is not None]
        if not problems:
            return
        missing = " and ".join(label for label, flag in (("Secure", secure), ("HttpOnly", httponly)) if flag is not None)
        flags = "flags" if len(problems) > 1 else "flag"
        self.report(
            ctx, node, f"cookie set without the {missing} {flags} ({', '.join(problems)})",
            severity=MEDIUM if secure is not None else LOW,
        )

    @staticmethod
    def _flag(call: cst.Call, keyword: str, ctx) -> str | None:
        """What is wrong with a flag ("secure missing", "secure=False"), or None if it is set or dynamic."""
        value = ctx.keyword(call, keyword)
        if value is None:
            return f"{keyword} missing"
        literal = ctx.literal(value)
        if literal is UNKNOWN or literal:
            return None
        return f"{keyword}={literal!r}"

    @staticmethod
    def _script_readable(call: cst.Call, ctx) -> bool:
        key = ctx.literal(ctx.argument(call, "key", 0))
        return isinstance(key, str) and any(part in key.lower() for part in _SCRIPT_READABLE)

    @staticmethod
    def _not_a_response(func: cst.Attribute, ctx) -> bool:
        receiver = func.value
        if isinstance(receiver, cst.Attribute) and receiver.attr.value in _JAR_NAMES:
            return True
        if isinstance(receiver, cst.Name) and receiver.value in _JAR_NAMES:
            return True
        name = ctx.qualname(func)
        if name is not None and (
            name.split(".", 1)[0] in _CLIENT_ROOTS or any(part in name for part in _CLIENT_PARTS)
        ):
            return True
        if isinstance(receiver, cst.Name) and receiver.value in ("self", "cls") and _defines_set_cookie(ctx):
            return True  # the class's own wrapper, which may add the flags
        return is_test_module(ctx) or imports_module(ctx, "falcon")


def _defines_set_cookie(ctx) -> bool:
    """The file defines its own `set_cookie` / `set_signed_cookie` (a method overriding the
    framework's, usually to add defaults)."""
    found = getattr(ctx, "_defines_set_cookie", None)
    if found is None:
        found = any(f.name.value in _METHODS[:2] for f in ctx.find_all(cst.FunctionDef))
        ctx._defines_set_cookie = found
    return found
