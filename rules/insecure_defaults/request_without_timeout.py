from __future__ import annotations

import libcst as cst

from stagewarden.rule import HIGH, MEDIUM, Invalid, PythonRule
from stagewarden.rules.insecure_defaults.common import HTTP_VERBS, HTTPX_CALLS, HTTPX_CLIENTS, REQUESTS_CALLS, REQUESTS_SESSIONS

# `Session.request(method, url, params, data, headers, cookies, files, auth, timeout, ...)`
# is the one requests API that takes `timeout` by position.
_SESSION_REQUEST = frozenset(f"{session}.request" for session in REQUESTS_SESSIONS)
_SESSION_CALLS = frozenset(f"{session}.{verb}" for session in REQUESTS_SESSIONS for verb in HTTP_VERBS)
_HTTPX_CLIENT_CALLS = frozenset(
    f"{client}().{method}" for client in HTTPX_CLIENTS for method in (*HTTP_VERBS, "stream", "build_request")
)
_HTTPX_ALL = HTTPX_CALLS | HTTPX_CLIENTS | _HTTPX_CLIENT_CALLS
_HINT = "pass timeout=(connect, read) seconds, e.g. timeout=10"


class RequestWithoutTimeout(PythonRule):
    """
    ## What it does
    Finds HTTP requests that can wait forever: requests calls (`requests.get(...)`,
    `requests.request(...)`, and the same methods on a `requests.Session`) made without a
    `timeout` argument or with `timeout=None`, and httpx calls and clients (`httpx.get`,
    `httpx.Client`, `httpx.AsyncClient` and their request methods) given `timeout=None`.

    httpx applies a 5 second timeout by default, so only an explicit `timeout=None` is reported
    there. A call that passes `*args` or `**kwargs` may carry a timeout the rule cannot see, and
    is not reported. A missing timeout on a `requests.Session` method is reported with medium
    confidence: a mounted transport adapter can supply one.

    ## Why is this bad?
    requests has no default timeout: a server (or anything in between) that accepts the
    connection and then stops answering blocks the call, and the worker or thread that made it,
    indefinitely. A handful of slow responses is then enough to exhaust a web server's workers:
    a denial of service that needs no volume.

    ## Example
    ```python
    import requests

    response = requests.get(url)
    ```

    ## Use instead
    ```python
    import requests

    response = requests.get(url, timeout=(3.05, 27))  # (connect, read) in seconds
    ```

    ## Options
    None.

    ## Fix safety
    No fix is offered: a suitable timeout depends on the service being called.

    ## References
    - [CWE-400: Uncontrolled Resource Consumption](https://cwe.mitre.org/data/definitions/400.html)
    - [requests: Timeouts](https://requests.readthedocs.io/en/latest/user/advanced/#timeouts)
    - [httpx: Timeouts](https://www.python-httpx.org/advanced/timeouts/)
    """

    id = "SW104"
    name = "request-without-timeout"
    summary = "HTTP request without a timeout"
    hint = _HINT
    severity = MEDIUM
    confidence = HIGH
    cwe = (400,)
    tags = ("network", "availability")
    bandit = ("B113",)
    ruff = ("S113",)
    triggers = ("requests", "httpx")

    VALID = [
        "import requests\nrequests.get(url, timeout=10)\n",
        "import requests\nrequests.post(url, json=body, timeout=(3.05, 27))\n",
        # A timeout that may come from *args / **kwargs, or from a setting we cannot see.
        "import requests\ndef fetch(url, **kwargs):\n    return requests.get(url, **kwargs)\n",
        "import requests\nrequests.get(url, timeout=settings.HTTP_TIMEOUT)\n",
        # httpx has a default timeout.
        "import httpx\nhttpx.get(url)\nclient = httpx.Client()\n",
        "import httpx\nclient = httpx.AsyncClient(timeout=httpx.Timeout(10.0))\n",
        # The same method names on unrelated objects, and a local function named get.
        "import requests\nvalue = cache.get(key)\nconfig = {}.get('a')\n",
        "def get(url):\n    return url\nget('https://example.com')\n",
        "import requests\nsession = requests.Session()\nsession.request('GET', url, None, None, None, None, None, None, 5)\n",
        "import requests\nrequests.get(url, **{'timeout': 5})\n",
    ]
    INVALID = [
        Invalid("import requests\nrequests.get(url)\n", 2),
        Invalid("import requests as r\nr.post(url, json=body)\n", 2),
        Invalid("from requests import get as fetch\nfetch(url)\n", 2),
        Invalid("from requests import *\nresponse = get(url)\n", 2),
        Invalid("import requests\nTIMEOUT = None\nrequests.get(url, timeout=TIMEOUT)\n", 3),
        Invalid("import requests\nrequests.get(url, **{'timeout': None})\n", 2),
        Invalid("import requests\nsession = requests.Session()\nsession.get(url)\n", 3),
        Invalid("import requests\nwith requests.Session() as s:\n    s.put(url, data=b'x')\n", 3),
        Invalid("import requests\nclass Api:\n    def __init__(self):\n        self.http = requests.Session()\n    def ping(self):\n        return self.http.head(self.url)\n", 6),
        Invalid("import requests\nrequests.request(\n    'GET',\n    url,\n    headers=headers,\n)\n", 2),
        Invalid("import httpx\nhttpx.get(url, timeout=None)\nclient = httpx.Client(timeout=None)\n", 2, 3),
        Invalid("import httpx\nasync def f():\n    async with httpx.AsyncClient() as client:\n        await client.get(url, timeout=None)\n", 4),
        Invalid("from requests import Session\ns = Session()\ns.get(url)\n", 3),
        # A session made once for the class, used through self.
        Invalid("import requests\nclass Api:\n    session = requests.Session()\n    def ping(self, url):\n        return self.session.get(url)\n", 5),
    ]

    def visit_Call(self, node: cst.Call, ctx) -> None:
        func = node.func
        # Early out: every API here is called by a name or an attribute.
        if not isinstance(func, (cst.Attribute, cst.Name)):
            return
        name = ctx.match(func, REQUESTS_CALLS)
        if name is not None:
            value = ctx.argument(node, "timeout", 8 if name in _SESSION_REQUEST else None)
            if value is None:
                if not ctx.has_star_args(node):
                    confidence = MEDIUM if name in _SESSION_CALLS else None
                    self.report(ctx, node, f"HTTP request without a timeout ({name})", confidence=confidence)
            elif ctx.literal(value) is None:
                self.report(ctx, value, "timeout=None disables the timeout")
            return
        if ctx.match(func, _HTTPX_ALL) is not None:
            value = ctx.keyword(node, "timeout")
            if value is not None and ctx.literal(value) is None:
                self.report(ctx, value, "timeout=None disables the timeout")
