from __future__ import annotations

import re

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
# Cookies that carry a credential, by a word part of their name (`sessionid`, `remember_me`,
# `access_token`, `PHPSESSID`, `jwt`): a missing HttpOnly matters for those, not for `theme`.
_CREDENTIAL_WORDS = frozenset(
    ["session", "sessions", "sess", "sid", "sessid", "auth", "token", "tokens", "jwt", "remember", "login",
     "user", "uid", "access", "refresh"]
)
# Glued-together names (`sessionid`, `userid`, `rememberme`, `accesstoken`, `PHPSESSID`,
# `JSESSIONID`); not `author`, `accessibility` or `fluid`.
_CREDENTIAL_PREFIXES = ("session", "sess", "auth", "jwt", "remember", "login", "user")
_CREDENTIAL_SUFFIXES = ("session", "sessionid", "sessid", "sid", "auth", "token", "jwt", "login", "user")
_NOT_CREDENTIAL_PREFIXES = ("author",)
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_SEPARATOR = re.compile(r"[^A-Za-z0-9]+")


class CookieWithoutSecureFlags(PythonRule):
    """
    ## What it does
    Finds cookies set on a response without the `Secure` or `HttpOnly` flag:
    `response.set_cookie(...)` and `response.set_signed_cookie(...)` calls (Django, Flask and
    Werkzeug, Starlette and FastAPI, aiohttp, Pyramid, Bottle and Tornado share these
    keywords) with `secure` or `httponly` missing or `False`. One finding per call names what
    is missing: medium severity when `secure` is missing, low when only `httponly` is.
    `secure` is checked on every cookie; `httponly` only on cookies that carry a credential,
    judged by a word part of the name (session, sess, sid, auth, token, jwt, remember, login,
    user, uid, access, refresh: `sessionid`, `remember_me`, `access_token`, `PHPSESSID`), and
    on cookies whose name is chosen at run time. A `theme` or `prefs` cookie the page's
    scripts read may leave HttpOnly off.

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
        # HttpOnly off (or missing) on a Secure cookie that carries no credential: the page's
        # scripts may read a preference.
        "response.set_cookie('theme', theme, secure=True, httponly=False, samesite='Lax')\n",
        "resp.set_cookie('prefs', value, secure=True)\n",
        "response.set_cookie(key='django_language', value=code, secure=True)\n"
        "response.set_cookie('author_filter', name, secure=True)\nresponse.set_cookie('accessibility', mode, secure=True)\n",
        "class Handler(tornado.web.RequestHandler):\n    def get(self):\n        self.set_cookie(name='sidebar_collapsed', value='1', secure=True)\n",
    ]
    INVALID = [
        Invalid("from django.http import HttpResponse\nresponse = HttpResponse()\nresponse.set_cookie('sessionid', token)\n", 3),
        Invalid("resp.set_cookie('token', value, secure=False, httponly=True)\n", 1),
        # Only HttpOnly missing on a credential cookie: low severity.
        Invalid("resp.set_cookie('remember_token', value, secure=True)\n", 1),
        Invalid("resp.set_cookie('PHPSESSID', sid, secure=True)\nresp.set_cookie('userId', uid, secure=True, httponly=False)\n", 1, 2),
        Invalid("resp.set_cookie(key='jwt', value=token, secure=True)\nresp.set_cookie('refresh', token, secure=True)\n", 1, 2),
        # A name chosen at run time may be a credential's.
        Invalid("def store(resp, name, value):\n    resp.set_cookie(name, value, secure=True)\n", 2),
        # Secure missing is reported whatever the cookie holds.
        Invalid("response.set_cookie('theme', theme, httponly=False, samesite='Lax')\n", 1),
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
        if httponly is not None and not self._needs_httponly(node, ctx):
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
    def _needs_httponly(call: cst.Call, ctx) -> bool:
        """A cookie whose name is dynamic or names a credential; not one JavaScript must read."""
        key = ctx.argument(call, "key", 0) or ctx.keyword(call, "name")
        name = ctx.literal(key)
        if not isinstance(name, str):
            return True  # a name chosen at run time may be anything
        if any(part in name.lower() for part in _SCRIPT_READABLE):
            return False
        return credential_cookie(name)

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


def credential_cookie(name: str) -> bool:
    """The cookie name has a word part that carries a credential: `sessionid`, `remember_me`,
    `access_token`, `jwt`, `PHPSESSID`, `user`; not `theme`, `prefs` or `django_language`."""
    for chunk in _SEPARATOR.split(name):
        for word in _WORD.findall(chunk):
            word = word.lower()
            if word in _CREDENTIAL_WORDS or word.endswith(_CREDENTIAL_SUFFIXES):
                return True
            if word.startswith(_CREDENTIAL_PREFIXES) and not word.startswith(_NOT_CREDENTIAL_PREFIXES):
                return True
    return False
