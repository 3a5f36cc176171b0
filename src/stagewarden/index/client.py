"""A small, standard-library-only client for PEP 691 (JSON) simple indexes."""

from __future__ import annotations

import base64
import http.client
import json
import re
import socket
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Iterable

from stagewarden import __version__
from stagewarden.index.model import DEFAULT_INDEX_URL, ProjectAnswer, normalize_name

if TYPE_CHECKING:  # pragma: no cover
    from stagewarden.index.cache import IndexCache

ACCEPT = "application/vnd.pypi.simple.v1+json"

# PEP 508 project names: anything else (slashes, "..", spaces, query strings) is never sent.
_VALID_NAME = re.compile(r"^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$", re.IGNORECASE)
_CHUNK = 64 * 1024


def _redact(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, f"***@{host}", parts.path, parts.query, parts.fragment))


def _split_index_url(index_url: str) -> tuple[str, str | None]:
    """(the URL without credentials, ending in "/"; a Basic Authorization header or None)."""
    try:
        parts = urllib.parse.urlsplit(index_url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise ValueError(f"index URL is not a valid URL: {_redact(index_url)!r}") from None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        raise ValueError(f"index URL must be an http or https URL: {_redact(index_url)!r}")
    authorization = None
    if parts.username is not None or parts.password is not None:
        user = urllib.parse.unquote(parts.username or "")
        password = urllib.parse.unquote(parts.password or "")
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        authorization = f"Basic {token}"
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urllib.parse.urlunsplit((parts.scheme.lower(), host, path, "", "")), authorization


def _checked_name(name: str) -> str:
    if not isinstance(name, str) or not _VALID_NAME.match(name):
        raise ValueError(f"not a valid package name: {name!r}")
    return normalize_name(name)


def json_api_url(index_url: str, name: str) -> str | None:
    """Where the per-project JSON API lives beside a simple index:
    "https://pypi.org/simple/" -> "https://pypi.org/pypi/<name>/json".
    None when the index URL does not end in a "simple" path segment (no known JSON API)."""
    base, _ = _split_index_url(index_url)
    normalized = _checked_name(name)
    parts = urllib.parse.urlsplit(base)
    segments = parts.path.rstrip("/").split("/")
    if segments[-1].lower() != "simple":
        return None
    path = "/".join([*segments[:-1], "pypi", normalized, "json"])
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


class _SameOriginRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only within the configured index's scheme, host and port, so names
    (and credentials) never go anywhere else."""

    def __init__(self, origin: tuple[str, str]):
        self.origin = origin

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        target = urllib.parse.urlsplit(urllib.parse.urljoin(req.full_url, newurl))
        if (target.scheme.lower(), target.netloc.lower()) != self.origin:
            raise _Refused("redirect to another host")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class _Refused(Exception):
    """A response we refuse to use; the message is the answer's short error."""


def _describe(error: BaseException) -> str:
    if isinstance(error, urllib.error.HTTPError):
        return f"HTTP {error.code}"
    if isinstance(error, urllib.error.URLError):
        reason = error.reason
        if isinstance(reason, BaseException):
            return _describe(reason)
        return str(reason)[:80] or "connection failed"
    if isinstance(error, (socket.timeout, TimeoutError)):
        return "timeout"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, ConnectionResetError):
        return "connection reset"
    if isinstance(error, http.client.RemoteDisconnected):
        return "connection closed"
    if isinstance(error, http.client.IncompleteRead):
        return "incomplete response"
    if isinstance(error, ssl.SSLError):
        return "TLS error"
    if isinstance(error, socket.gaierror):
        return "host not found"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror[:80]
    return type(error).__name__


class IndexClient:
    """Ask a simple index about projects. One client is one run: every normalized name is
    asked at most once, and the time budget counts from the client's first request."""

    def __init__(
        self,
        index_url: str = DEFAULT_INDEX_URL,
        *,
        timeout: float = 5.0,
        max_bytes: int = 2_000_000,
        budget_seconds: float = 10.0,
        workers: int = 8,
        cache: IndexCache | None = None,
        offline: bool = False,
    ):
        self.index_url, self._authorization = _split_index_url(index_url)
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.budget_seconds = budget_seconds
        self.workers = max(1, int(workers))
        self.cache = cache
        self.offline = offline
        self._answers: dict[str, ProjectAnswer] = {}
        self._started: float | None = None
        self._lock = threading.Lock()
        parts = urllib.parse.urlsplit(self.index_url)
        self._opener = urllib.request.build_opener(_SameOriginRedirects((parts.scheme, parts.netloc.lower())))

    # -- public ----------------------------------------------------------------------------
    def lookup(self, names: Iterable[str]) -> dict[str, ProjectAnswer]:
        """Answers keyed by each name as given; `answer.name` is the normalized name."""
        given = list(dict.fromkeys(names))
        wanted: dict[str, str | None] = {}  # name as given -> normalized (None: invalid)
        for name in given:
            try:
                wanted[name] = _checked_name(name)
            except ValueError:
                wanted[name] = None
        todo = [n for n in dict.fromkeys(v for v in wanted.values() if v) if n not in self._answers]
        if self.offline:
            for name in todo:
                self._answers[name] = ProjectAnswer(name, "offline")
            todo = []
        if self.cache is not None and todo:
            remaining = []
            for name in todo:
                cached = self._cache_get(name)
                if cached is not None:
                    self._answers[name] = cached
                else:
                    remaining.append(name)
            todo = remaining
        if todo:
            with ThreadPoolExecutor(max_workers=min(self.workers, len(todo)),
                                    thread_name_prefix="stagewarden-index") as pool:
                for name, answer in zip(todo, pool.map(self._ask, todo)):
                    self._answers[name] = answer
                    if self.cache is not None:
                        self._cache_put(answer)
        return {
            name: self._answers[normalized] if normalized else
            ProjectAnswer(normalize_name(str(name)), "error", error="invalid name")
            for name, normalized in wanted.items()
        }

    # -- internals -------------------------------------------------------------------------
    def _cache_get(self, name: str) -> ProjectAnswer | None:
        try:
            return self.cache.get(self.index_url, name)
        except Exception:  # a broken cache costs a request, never the run
            return None

    def _cache_put(self, answer: ProjectAnswer) -> None:
        try:
            self.cache.put(self.index_url, answer)
        except Exception:
            pass

    def _remaining_budget(self) -> float:
        with self._lock:
            now = time.monotonic()
            if self._started is None:
                self._started = now
            return self.budget_seconds - (now - self._started)

    def _ask(self, name: str) -> ProjectAnswer:
        remaining = self._remaining_budget()
        if remaining <= 0:
            return ProjectAnswer(name, "skipped", error="time budget exhausted")
        try:
            return self._fetch(name, min(self.timeout, remaining))
        except Exception as error:  # never out of lookup()
            return ProjectAnswer(name, "error", error=_describe(error))

    def _fetch(self, name: str, timeout: float) -> ProjectAnswer:
        deadline = time.monotonic() + timeout
        request = urllib.request.Request(
            f"{self.index_url}{name}/",  # stagewarden: ignore[SW142] -- scheme checked in _split_index_url, redirects same-origin only
            headers={"Accept": ACCEPT, "User-Agent": f"stagewarden/{__version__}"},
        )
        if self._authorization:
            request.add_header("Authorization", self._authorization)
        try:
            response = self._opener.open(request, timeout=timeout)
        except urllib.error.HTTPError as error:
            error.close()
            if error.code in (404, 410):
                return ProjectAnswer(name, "not-found")
            return ProjectAnswer(name, "error", error=f"HTTP {error.code}")
        except _Refused as refused:
            return ProjectAnswer(name, "error", error=str(refused))
        except urllib.error.URLError as error:
            if isinstance(error.reason, _Refused):
                return ProjectAnswer(name, "error", error=str(error.reason))
            raise
        with response:
            if response.status != 200:
                return ProjectAnswer(name, "error", error=f"HTTP {response.status}")
            too_big = ProjectAnswer(name, "error", error=f"response over {self.max_bytes} bytes")
            length = response.headers.get("Content-Length", "")
            if length.strip().isdigit() and int(length) > self.max_bytes:
                return too_big
            body = bytearray()
            while len(body) <= self.max_bytes:
                chunk = response.read1(min(_CHUNK, self.max_bytes + 1 - len(body)))
                if not chunk:
                    break
                body += chunk
                if time.monotonic() > deadline:
                    return ProjectAnswer(name, "error", error="timeout")
            if len(body) > self.max_bytes:
                return too_big
            content_type = response.headers.get("Content-Type", "")
        try:
            data = json.loads(bytes(body))
        except ValueError:
            if "html" in content_type.lower():
                return ProjectAnswer(name, "error", error="HTML response (index without PEP 691 JSON)")
            return ProjectAnswer(name, "error", error="malformed JSON")
        if not isinstance(data, dict) or not isinstance(data.get("files"), list):
            return ProjectAnswer(name, "error", error="JSON without a files list")
        versions = data.get("versions")
        if isinstance(versions, list):
            versions = tuple(v for v in versions if isinstance(v, str))
        else:
            versions = ()
        uploads = [f.get("upload-time") for f in data["files"] if isinstance(f, dict)]
        first_upload = min((u for u in uploads if isinstance(u, str) and u[:4].isdigit()), default="")
        return ProjectAnswer(name, "found", versions=versions, files=len(data["files"]), first_upload=first_upload)
