from __future__ import annotations

"""Names several insecure-defaults rules share: the HTTP client APIs of the common libraries.

Instance methods are written with `()` after the constructor (see stagewarden.names), so
`requests.Session().get` is the `get` of any object made by `requests.Session()`.
"""

HTTP_VERBS = ("get", "post", "put", "patch", "delete", "head", "options", "request")

REQUESTS_SESSIONS = ("requests.Session()", "requests.session()", "requests.sessions.Session()")

REQUESTS_CALLS = frozenset(
    [f"requests.{verb}" for verb in HTTP_VERBS]
    + [f"requests.api.{verb}" for verb in HTTP_VERBS]
    + [f"{session}.{verb}" for session in REQUESTS_SESSIONS for verb in HTTP_VERBS]
)

HTTPX_CALLS = frozenset([f"httpx.{verb}" for verb in HTTP_VERBS] + ["httpx.stream"])
HTTPX_CLIENTS = frozenset(["httpx.Client", "httpx.AsyncClient"])
