from __future__ import annotations

import libcst as cst

from stagewarden.findings import FixSafety
from stagewarden.rule import HIGH, MEDIUM, Invalid, NodeFix, PythonRule
from stagewarden.rules.insecure_defaults.common import HTTP_VERBS, HTTPX_CALLS, HTTPX_CLIENTS, REQUESTS_CALLS, REQUESTS_SESSIONS

_VERIFY_CALLS = REQUESTS_CALLS | HTTPX_CALLS | HTTPX_CLIENTS | frozenset(
    [
        "boto3.client", "boto3.resource",
        "boto3.Session().client", "boto3.Session().resource",
        "boto3.session.Session().client", "boto3.session.Session().resource",
        "botocore.session.get_session().create_client", "botocore.session.Session().create_client",
    ]
)
_AIOHTTP_CALLS = frozenset(
    ["aiohttp.TCPConnector", "aiohttp.connector.TCPConnector", "aiohttp.request"]
    + [f"aiohttp.ClientSession().{verb}" for verb in (*HTTP_VERBS, "ws_connect")]
)
_URLLIB3_POOLS = frozenset(
    [
        "urllib3.PoolManager", "urllib3.poolmanager.PoolManager", "urllib3.ProxyManager",
        "urllib3.HTTPSConnectionPool", "urllib3.connectionpool.HTTPSConnectionPool",
        "urllib3.connection_from_url", "urllib3.proxy_from_url",
    ]
)
_CERT_NONE = frozenset(["ssl.CERT_NONE", "ssl.VerifyMode.CERT_NONE"])
_SESSION_VERIFY = frozenset(f"{session}.verify" for session in REQUESTS_SESSIONS)
_PARTIAL = frozenset(["functools.partial"])


class TlsVerificationDisabled(PythonRule):
    """
    ## What it does
    Finds HTTP clients told not to verify the server's TLS certificate: `verify=False` in
    requests, httpx and boto3/botocore, `session.verify = False` on a requests session,
    `ssl=False` / `verify_ssl=False` in aiohttp, and `cert_reqs="CERT_NONE"` in urllib3 pools.
    A `functools.partial(requests.get, verify=False)` is checked like the call it prepares.

    ## Why is this bad?
    Without certificate verification anyone on the network path can impersonate the server
    and read or change the traffic, credentials included (a machine-in-the-middle). It is
    usually added to get past a self-signed or internal certificate and then forgotten.

    ## Example
    ```python
    import requests

    response = requests.get(url, verify=False)
    ```

    ## Use instead
    ```python
    import requests

    response = requests.get(url, verify="/etc/ssl/certs/internal-ca.pem")  # or verify=True
    ```

    ## Options
    None.

    ## Fix safety
    The fix turns `verify=False` (or `ssl=False`) into `True`. It is unsafe: a client that
    talks to a server with a self-signed certificate will fail until it is given the CA bundle.

    ## References
    - [CWE-295: Improper Certificate Validation](https://cwe.mitre.org/data/definitions/295.html)
    - [requests: SSL certificate verification](https://requests.readthedocs.io/en/latest/user/advanced/#ssl-cert-verification)
    - [httpx: SSL](https://www.python-httpx.org/advanced/ssl/)
    """

    id = "SW101"
    name = "tls-verification-disabled"
    summary = "TLS certificate verification disabled"
    hint = "pass verify=True or a CA bundle path"
    severity = HIGH
    confidence = HIGH
    cwe = (295,)
    tags = ("tls", "network")
    fix_safety = FixSafety.UNSAFE
    bandit = ("B501",)
    ruff = ("S501",)
    triggers = ("verify", "aiohttp", "cert_reqs")

    VALID = [
        "import requests\nrequests.get(url, verify=True)\n",
        "import requests\nrequests.get(url, verify='/etc/ca.pem')\n",
        "import requests\nrequests.get(url)\n",
        "import requests\nrequests.get(url, verify=os.environ.get('CA_BUNDLE', True))\n",
        # Not an HTTP client: a verify=False keyword on an unrelated API.
        "import hashlib\nsig.check(data, verify=False)\n",
        "def verify(x): return x\nverify(False)\n",
        "import aiohttp\nconnector = aiohttp.TCPConnector(ssl=ssl_context)\n",
        "import urllib3\nhttp = urllib3.PoolManager(cert_reqs='CERT_REQUIRED')\n",
        "import requests\nsession = requests.Session()\nsession.verify = '/etc/ca.pem'\n",
        # `verify` shadowed by a local function parameter, not the module constant.
        "import requests\nVERIFY = False\ndef get(url, VERIFY=True):\n    return requests.get(url, verify=VERIFY)\n",
        "import boto3\ns3 = boto3.client('s3', verify='/etc/ca.pem')\n",
        "config.verify = False\n",
        # functools.partial of something that is not an HTTP client, or with verification on.
        "import functools\ncheck = functools.partial(signature.check, verify=False)\n",
        "import functools, requests\nfetch = functools.partial(requests.get, verify=CA_BUNDLE, timeout=10)\n",
        "import functools\nfetch = functools.partial(*parts, verify=False)\n",
    ]
    INVALID = [
        Invalid("import requests\nrequests.get(url, verify=False)\n", 2),
        Invalid("from requests import get as g\ng(url, verify=False)\n", 2),
        Invalid("import requests as r\nr.post(\n    url,\n    verify=False,\n)\n", 4),
        Invalid("import requests\ns = requests.Session()\ns.get(url, verify=False)\n", 3),
        Invalid("import requests\nsession = requests.Session()\nsession.verify = False\n", 3),
        Invalid("import requests\nclass C:\n    def __init__(self):\n        self.http = requests.Session()\n        self.http.verify = False\n", 5),
        Invalid("import requests\nVERIFY = False\nrequests.get(url, verify=VERIFY)\n", 3),
        Invalid("import requests\nrequests.get(url, **{'verify': False, 'timeout': 5})\n", 2),
        Invalid("from requests import *\nget(url, verify=False)\n", 2),
        Invalid("import httpx\nclient = httpx.Client(verify=False)\nhttpx.get(url, verify=False)\n", 2, 3),
        Invalid("import boto3\ns3 = boto3.client('s3', verify=False)\n", 2),
        Invalid("import boto3\ns3 = boto3.Session().client('s3', verify=False)\n", 2),
        Invalid("import aiohttp\nconn = aiohttp.TCPConnector(ssl=False)\nconn2 = aiohttp.TCPConnector(verify_ssl=False)\n", 2, 3),
        Invalid("import aiohttp\nasync def f():\n    async with aiohttp.ClientSession() as s:\n        await s.get(url, ssl=False)\n", 4),
        Invalid("import ssl, urllib3\nhttp = urllib3.PoolManager(cert_reqs=ssl.CERT_NONE)\npool = urllib3.PoolManager(cert_reqs='CERT_NONE')\n", 2, 3),
        # Receiver unknown (a parameter), but `verify=False` on an HTTP verb: reported, medium confidence.
        Invalid("def fetch(client, url):\n    return client.get(url, verify=False)\n", 2),
        # aiohttp names through a star import: the module name is still in the file.
        Invalid("from aiohttp import *\nconn = TCPConnector(ssl=False)\n", 2),
        # functools.partial: the keywords are checked against the wrapped function.
        Invalid("import functools, requests\nfetch = functools.partial(requests.get, verify=False, timeout=10)\n", 2),
        Invalid("from functools import partial\nimport httpx\nmake_client = partial(httpx.Client, verify=False)\n", 3),
        Invalid("from functools import partial\nimport requests\ns = requests.Session()\npost = partial(s.post, **{'verify': False})\n", 4),
    ]

    def visit_Call(self, node: cst.Call, ctx) -> None:
        func = node.func
        if ctx.match(func, _PARTIAL) is not None:
            # functools.partial(requests.get, verify=False): its keywords go to the wrapped call.
            func = ctx.positional(node, 0)
            if func is None:
                return
        name = ctx.match(func, _VERIFY_CALLS)
        if name is not None:
            self._check_flag(node, ctx, "verify", False)
            return
        if ctx.match(func, _AIOHTTP_CALLS) is not None:
            self._check_flag(node, ctx, "ssl", False) or self._check_flag(node, ctx, "verify_ssl", False)
            return
        if ctx.match(func, _URLLIB3_POOLS) is not None:
            value = ctx.keyword(node, "cert_reqs")
            if value is not None and (ctx.literal(value) in ("CERT_NONE", "NONE") or ctx.match(value, _CERT_NONE)):
                self.report(ctx, value, 'TLS certificate verification disabled (cert_reqs="CERT_NONE")',
                            hint='use cert_reqs="CERT_REQUIRED" with a CA bundle (ca_certs=...)')
            return
        # A `verify=False` on an HTTP verb of an object we cannot trace (a parameter, an attribute).
        if (
            isinstance(func, cst.Attribute)
            and func.attr.value in HTTP_VERBS
            and ctx.qualname(func) is None
        ):
            self._check_flag(node, ctx, "verify", False, confidence=MEDIUM)

    def visit_Assign(self, node: cst.Assign, ctx) -> None:
        for target in node.targets:
            if ctx.match(target.target, _SESSION_VERIFY) and ctx.literal(node.value) is False:
                self.report(ctx, node, "TLS certificate verification disabled (session.verify = False)",
                            hint="remove the assignment, or set session.verify to a CA bundle path")

    def _check_flag(self, call: cst.Call, ctx, keyword: str, bad: bool, confidence=None) -> bool:
        value = ctx.keyword(call, keyword)
        if value is None or ctx.literal(value) is not bad:
            return False
        fix = None
        if isinstance(value, cst.Name) and value.value == "False":
            fix = NodeFix(f"set {keyword}=True", FixSafety.UNSAFE, ((value, cst.Name("True")),))
        self.report(ctx, value, f"TLS certificate verification disabled ({keyword}=False)", fix=fix, confidence=confidence)
        return True
