from __future__ import annotations

import libcst as cst

from stagewarden.rule import LOW, MEDIUM, Invalid, PythonRule

_MODULES = ("urllib.request", "six.moves.urllib.request")
_OPENERS = ("build_opener()", "URLopener()", "FancyURLopener()", "OpenerDirector()")
# Qualified name -> (keyword, position) of the URL argument.
_URL_ARGUMENT = {
    **{f"{module}.{func}": ("url", 0) for module in _MODULES for func in ("urlopen", "urlretrieve", "Request")},
    **{f"{module}.{func}": ("url", 0) for module in ("urllib", "urllib2") for func in ("urlopen", "urlretrieve", "Request")},
    **{f"{module}.{opener}.open": ("fullurl", 0) for module in (*_MODULES, "urllib2") for opener in _OPENERS},
    **{f"{module}.{opener}.retrieve": ("url", 0) for module in _MODULES for opener in ("URLopener()", "FancyURLopener()")},
}
# A Request object is judged where it is made.
_REQUEST_OBJECTS = frozenset(f"{module}.Request()" for module in (*_MODULES, "urllib2"))
_HTTP = ("http://", "https://")
_MAX_DEPTH = 8


class UrlopenDynamicUrl(PythonRule):
    """
    ## What it does
    Finds `urllib.request.urlopen`, `urlretrieve` and `Request` (also py2's `urllib`/`urllib2`,
    `six.moves.urllib.request`, and an opener's `.open()`) given a URL that is neither a
    constant nor visibly an `http://` / `https://` URL. A URL that starts with the scheme in the
    code (`f"https://{host}/api"`, `"https://" + host`, `"https://{}".format(host)`, or a
    constant holding one of these) is fine.

    ## Why is this bad?
    urllib opens more than web pages: `file:///etc/passwd`, `ftp://` and `data:` URLs work
    too. When any part of the URL's start comes from a user, a configuration file or another
    service, an attacker can make the program read local files or reach internal services
    (path traversal, server-side request forgery).

    ## Example
    ```python
    import urllib.request

    def fetch(url):
        with urllib.request.urlopen(url) as response:
            return response.read()
    ```

    ## Use instead
    ```python
    import urllib.parse
    import urllib.request

    def fetch(url):
        if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            raise ValueError(f"refusing to open {url!r}")
        with urllib.request.urlopen(url, timeout=10) as response:  # stagewarden: ignore[SW142] -- scheme checked
            return response.read()
    ```

    ## Options
    None.

    ## Fix safety
    No fix is offered: the check belongs wherever the URL enters the program.

    ## References
    - [CWE-22: Improper Limitation of a Pathname to a Restricted Directory](https://cwe.mitre.org/data/definitions/22.html)
    - [CWE-939: Improper Authorization in Handler for Custom URL Scheme](https://cwe.mitre.org/data/definitions/939.html)
    - [Python docs: urllib.request.urlopen](https://docs.python.org/3/library/urllib.request.html#urllib.request.urlopen)
    - [bandit: B310 urllib_urlopen](https://bandit.readthedocs.io/en/latest/blacklists/blacklist_calls.html#b310-urllib-urlopen)
    """

    id = "SW142"
    name = "urlopen-dynamic-url"
    summary = "urllib opens a URL whose scheme is not fixed"
    hint = "check the URL's scheme is http or https before opening it, or use requests/httpx (which only speak HTTP)"
    severity = LOW
    confidence = MEDIUM
    cwe = (22, 939)
    tags = ("network", "ssrf")
    bandit = ("B310",)
    ruff = ("S310",)
    triggers = ("urlopen", "urlretrieve", "Request", "build_opener", "URLopener", "FancyURLopener", "OpenerDirector")

    VALID = [
        "import urllib.request\nurllib.request.urlopen('https://example.com/feed.xml')\n",
        "import urllib.request\nurllib.request.urlopen(f'https://{host}/api/v1/items?page={page}')\n",
        "import urllib.request\nurllib.request.urlopen('https://' + host + '/status', timeout=5)\n",
        "import urllib.request\nreq = urllib.request.Request('https://api.example.com/{}'.format(item), headers=h)\n",
        "from urllib.request import urlopen\nBASE = 'https://api.example.com'\nurlopen(BASE + path)\n",
        "import urllib.request\nurllib.request.urlopen('http' 's://' f'{host}/x')\nurllib.request.urlopen('https://%s/x' % host)\n",
        # A Request object is judged where it is built.
        "import urllib.request\nreq = urllib.request.Request(f'https://{host}/x')\nurllib.request.urlopen(req)\n",
        # Same names elsewhere: requests, a local function, a file open.
        "import requests\nrequests.Request('GET', url)\n",
        "def urlopen(url):\n    return url\nurlopen(user_url)\n",
        "import urllib.request\nwith open(path) as fh:\n    data = fh.read()\n",
        "import urllib.parse\nparts = urllib.parse.urlsplit(url)\n",
    ]
    INVALID = [
        Invalid("import urllib.request\ndef fetch(url):\n    return urllib.request.urlopen(url).read()\n", 3),
        Invalid("import urllib.request as ur\nur.urlretrieve(source, '/tmp/out')\n", 2),
        Invalid("from urllib.request import urlopen as get\nget(config['feed_url'])\n", 2),
        Invalid("from urllib.request import *\nreq = Request(url, headers={'User-Agent': 'x'})\n", 2),
        Invalid("import urllib2\nurllib2.urlopen(url)\n", 2),
        Invalid("from six.moves.urllib.request import urlopen\nurlopen(f'{scheme}://{host}/')\n", 2),
        Invalid("import urllib.request\nopener = urllib.request.build_opener()\nopener.open(target)\n", 3),
        Invalid("import urllib.request\nwith urllib.request.urlopen(\n    base_url + '/index.json',\n    timeout=10,\n) as response:\n    pass\n", 3),
        Invalid("import urllib.request\nurllib.request.urlopen(**{'url': url})\n", 2),
        # The scheme itself is dynamic.
        Invalid("import urllib.request\nurllib.request.urlopen('%s://%s/' % (scheme, host))\nurllib.request.urlopen('{}://x'.format(s))\n", 2, 3),
        Invalid("import urllib.request\nopener = urllib.request.FancyURLopener()\nopener.retrieve(url, 'copy.html')\n", 3),
    ]

    def visit_Call(self, node: cst.Call, ctx) -> None:
        name = ctx.match_call(node, _URL_ARGUMENT)
        if name is None:
            return
        keyword, index = _URL_ARGUMENT[name]
        url = ctx.argument(node, keyword, index)
        if url is None or ctx.is_constant_string(url) or _starts_with_http(ctx, url):
            return
        if ctx.match(url, _REQUEST_OBJECTS) is not None:
            return
        self.report(ctx, url, "URL opened with urlopen is not a constant: file:// and custom schemes are accepted")


def _starts_with_http(ctx, expr: cst.BaseExpression) -> bool:
    """True when the code shows the URL begins with http:// or https://."""
    return _known_prefix(ctx, expr, 0).lower().startswith(_HTTP)


def _known_prefix(ctx, expr: cst.BaseExpression, depth: int) -> str:
    """The constant text the string `expr` is known to start with ("" when nothing is known)."""
    if depth > _MAX_DEPTH:
        return ""
    value = ctx.literal(expr)
    if isinstance(value, str):
        return value
    expr = ctx.value_of(expr)
    if isinstance(expr, cst.FormattedString):
        prefix = ""
        for part in expr.parts:
            if not isinstance(part, cst.FormattedStringText):
                break
            prefix += part.value
        return prefix
    if isinstance(expr, (cst.ConcatenatedString, cst.BinaryOperation)):
        if isinstance(expr, cst.BinaryOperation) and not isinstance(expr.operator, (cst.Add, cst.Modulo)):
            return ""
        left = _known_prefix(ctx, expr.left, depth + 1)
        if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Modulo):
            return left.split("%", 1)[0]  # "https://%s" % host
        if isinstance(ctx.literal(expr.left), str):  # the whole left part is known: continue into the right
            return left + _known_prefix(ctx, expr.right, depth + 1)
        return left
    if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and expr.func.attr.value == "format":
        return _known_prefix(ctx, expr.func.value, depth + 1).split("{", 1)[0]  # "https://{}".format(host)
    return ""
