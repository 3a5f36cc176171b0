"""A small, standard-library-only client for PEP 691 (JSON) simple indexes and the JSON API
beside them.

The HTTP and TLS modules (urllib.request, http.client, ssl: about 30 ms) are imported on the
first request, not with this module: a warm run answers everything from the cache."""

from __future__ import annotations

import base64
import json
import re
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from html import unescape
from typing import TYPE_CHECKING, Iterable

from stagewarden import __version__
from stagewarden.index.model import DEFAULT_INDEX_URL, ProjectAnswer, ProjectDetails, Release, Vulnerability, normalize_name

if TYPE_CHECKING:  # pragma: no cover
    from stagewarden.index.cache import IndexCache

ACCEPT = "application/vnd.pypi.simple.v1+json"
# PEP 691's content negotiation: JSON preferred, the PEP 503 HTML page of older indexes accepted.
ACCEPT_ANY = f"{ACCEPT}, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01"
_ANCHOR = re.compile(r"<a\s[^>]*>([^<]*)</a>", re.IGNORECASE)

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


_VALID_VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.+!_-]{0,63}$")


def _checked_version(version: str) -> str:
    """A version for a release URL: "" (the project document) or a plain version string."""
    if version == "":
        return ""
    if not isinstance(version, str) or not _VALID_VERSION.match(version):
        raise ValueError(f"not a valid version: {version!r}")
    return version


def _checked_keys(items: Iterable, check) -> dict:
    """Each distinct item as given -> its checked form, or None when `check` rejects it."""
    keys = {}
    for item in dict.fromkeys(items):
        try:
            keys[item] = check(item)
        except ValueError:
            keys[item] = None
    return keys


def _text(value: object, limit: int = 2000) -> str:
    return value[:limit] if isinstance(value, str) else ""


def _first_line(value: object) -> str:
    lines = _text(value, 300).strip().splitlines()
    return lines[0].strip() if lines else ""


def _vulnerabilities(value: object) -> tuple[Vulnerability, ...]:
    found = []
    for item in value if isinstance(value, list) else ():
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            continue
        found.append(Vulnerability(
            id=item["id"][:100],
            aliases=tuple(a[:100] for a in item.get("aliases") or () if isinstance(a, str))[:20],
            summary=_first_line(item.get("summary") or item.get("details")),
            fixed_in=tuple(v[:64] for v in item.get("fixed_in") or () if isinstance(v, str))[:50],
            link=_text(item.get("link"), 300),
            withdrawn=bool(item.get("withdrawn")),
        ))
    return tuple(found)


def _files_release(version: str, files: object) -> Release:
    files = [f for f in files if isinstance(f, dict)] if isinstance(files, list) else []
    times = [t for f in files for t in (f.get("upload_time_iso_8601") or f.get("upload_time"),)
             if isinstance(t, str) and t[:4].isdigit()]
    yanked = bool(files) and all(f.get("yanked") for f in files)
    reason = next((_text(f.get("yanked_reason"), 200) for f in files if f.get("yanked_reason")), "")
    return Release(version, min(times, default=""), yanked, reason, len(files))


def parse_details(name: str, version: str, data: object) -> ProjectDetails:
    """A JSON API document (PyPI's /pypi/<name>/json or /pypi/<name>/<version>/json) as
    ProjectDetails; wrong shapes are an "error" answer, never an exception."""
    if not isinstance(data, dict) or not isinstance(data.get("info"), dict):
        return ProjectDetails(name, "error", version, error="JSON without an info object")
    info = data["info"]
    releases = ()
    if isinstance(data.get("releases"), dict):
        releases = tuple(_files_release(v, files) for v, files in data["releases"].items() if isinstance(v, str))
    urls = info.get("project_urls") if isinstance(info.get("project_urls"), dict) else {}
    this = _files_release(version, data.get("urls"))
    return ProjectDetails(
        name, "found", version,
        described=_text(info.get("version"), 64),
        releases=releases,
        license_expression=_text(info.get("license_expression"), 500),
        license=_text(info.get("license"), 2000),
        classifiers=tuple(c for c in info.get("classifiers") or () if isinstance(c, str))[:200],
        project_urls=tuple((k[:100], v[:300]) for k, v in urls.items() if isinstance(k, str) and isinstance(v, str))[:50],
        home_page=_text(info.get("home_page"), 300),
        vulnerabilities=_vulnerabilities(data.get("vulnerabilities")),
        yanked=bool(info.get("yanked")) or this.yanked,
        yanked_reason=_text(info.get("yanked_reason"), 200) or this.yanked_reason,
    )


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


def _build_opener(origin: tuple[str, str]):
    """An opener that follows redirects only within the configured index's scheme, host and
    port, so names (and credentials) never go anywhere else."""
    import urllib.request

    class SameOriginRedirects(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, req, fp, code, msg, headers, newurl):
            target = urllib.parse.urlsplit(urllib.parse.urljoin(req.full_url, newurl))
            if (target.scheme.lower(), target.netloc.lower()) != origin:
                raise _Refused("redirect to another host")
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return urllib.request.build_opener(SameOriginRedirects())


class _Refused(Exception):
    """A response we refuse to use; the message is the answer's short error."""


def _describe(error: BaseException) -> str:
    import http.client
    import socket
    import ssl
    import urllib.error

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


def _html_answer(name: str, body: bytes) -> ProjectAnswer:
    """A PEP 503 HTML project page: the project exists; its files are the anchors (no upload
    times: those are only in the JSON form)."""
    files = [unescape(text).strip() for text in _ANCHOR.findall(body.decode("utf-8", "replace"))]
    files = [f for f in files if f]
    versions: list[str] = []
    for filename in files:
        version = _version_of(filename)
        if version and version not in versions:
            versions.append(version)
    return ProjectAnswer(name, "found", versions=tuple(versions), files=len(files))


def _version_of(filename: str) -> str:
    from packaging.utils import InvalidSdistFilename, InvalidWheelFilename, parse_sdist_filename, parse_wheel_filename

    try:
        if filename.endswith(".whl"):
            return str(parse_wheel_filename(filename)[1])
        return str(parse_sdist_filename(filename)[1])
    except (InvalidWheelFilename, InvalidSdistFilename, ValueError):
        return ""


class IndexClient:
    """Ask a simple index about projects (`lookup`) and, beside it, the JSON API about their
    releases (`details`). One client is one run: every normalized name (or name and version)
    is asked at most once, and the time budget counts from the client's first request."""

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
        self.max_json_bytes = max(max_bytes, 32_000_000)  # a project document lists every release
        self._answers: dict[str, ProjectAnswer] = {}
        self._details: dict[tuple[str, str], ProjectDetails] = {}
        self._started: float | None = None
        self._lock = threading.Lock()
        self._opener = None  # built on the first request

    # -- public ----------------------------------------------------------------------------
    def lookup(self, names: Iterable[str]) -> dict[str, ProjectAnswer]:
        """Answers keyed by each name as given; `answer.name` is the normalized name."""
        keys = _checked_keys(names, _checked_name)
        self._answer_all(keys, self._answers, self._ask, lambda name: ProjectAnswer(name, "offline"),
                         lambda name: self.cache.get(self.index_url, name),
                         lambda answer: self.cache.put(self.index_url, answer))
        return {
            name: self._answers[normalized] if normalized else
            ProjectAnswer(normalize_name(str(name)), "error", error="invalid name")
            for name, normalized in keys.items()
        }

    # -- internals -------------------------------------------------------------------------
    def _answer_all(self, keys: dict, store: dict, ask, offline, cache_get, cache_put) -> None:
        """Answer each valid key of `keys` (given -> checked key, None when invalid) into
        `store`, once a run: offline without asking, else from the cache where it has the
        answer, else by asking, concurrently, and caching what was asked. A broken cache
        costs a request, never the run."""
        todo = [key for key in dict.fromkeys(v for v in keys.values() if v) if key not in store]
        if self.offline:
            store.update((key, offline(key)) for key in todo)
            return
        if self.cache is not None and todo:
            remaining = []
            for key in todo:
                try:
                    cached = cache_get(key)
                except Exception:
                    cached = None
                if cached is not None:
                    store[key] = cached
                else:
                    remaining.append(key)
            todo = remaining
        if not todo:
            return
        with ThreadPoolExecutor(max_workers=min(self.workers, len(todo)), thread_name_prefix="stagewarden-index") as pool:
            for key, answer in zip(todo, pool.map(ask, todo)):
                store[key] = answer
                if self.cache is not None:
                    try:
                        cache_put(answer)
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

    def _download(self, url: str, accept: str, timeout: float, max_bytes: int) -> tuple[str, bytes | str, str]:
        """("ok", body, content type), ("not-found", "", "") or ("error", short reason, "")."""
        deadline = time.monotonic() + timeout
        import urllib.error
        import urllib.request

        with self._lock:
            if self._opener is None:
                parts = urllib.parse.urlsplit(self.index_url)
                self._opener = _build_opener((parts.scheme, parts.netloc.lower()))
        request = urllib.request.Request(
            url,  # stagewarden: ignore[SW142] -- scheme checked in _split_index_url, redirects same-origin only
            headers={"Accept": accept, "User-Agent": f"stagewarden/{__version__}"},
        )
        if self._authorization:
            request.add_header("Authorization", self._authorization)
        try:
            response = self._opener.open(request, timeout=timeout)
        except urllib.error.HTTPError as error:
            error.close()
            if error.code in (404, 410):
                return "not-found", "", ""
            return "error", f"HTTP {error.code}", ""
        except _Refused as refused:
            return "error", str(refused), ""
        except urllib.error.URLError as error:
            if isinstance(error.reason, _Refused):
                return "error", str(error.reason), ""
            raise
        with response:
            if response.status != 200:
                return "error", f"HTTP {response.status}", ""
            too_big = ("error", f"response over {max_bytes} bytes", "")
            length = response.headers.get("Content-Length", "")
            if length.strip().isdigit() and int(length) > max_bytes:
                return too_big
            body = bytearray()
            while len(body) <= max_bytes:
                chunk = response.read1(min(_CHUNK, max_bytes + 1 - len(body)))
                if not chunk:
                    break
                body += chunk
                if time.monotonic() > deadline:
                    return "error", "timeout", ""
            if len(body) > max_bytes:
                return too_big
            return "ok", bytes(body), response.headers.get("Content-Type", "")

    def _fetch(self, name: str, timeout: float) -> ProjectAnswer:
        outcome, body, content_type = self._download(f"{self.index_url}{name}/", ACCEPT_ANY, timeout, self.max_bytes)
        if outcome != "ok":
            return ProjectAnswer(name, outcome, error=str(body))
        try:
            data = json.loads(body)
        except ValueError:
            if "html" in content_type.lower():
                return _html_answer(name, bytes(body))
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

    # -- the JSON API: project and release metadata ----------------------------------------
    def details(self, wanted: Iterable[tuple[str, str]]) -> dict[tuple[str, str], ProjectDetails]:
        """Metadata from the index's JSON API for (name, version) pairs; version "" asks for
        the project document (all releases, the latest's metadata and advisories). Keyed by
        the pairs as given. Never raises; same budget, cache and offline rules as lookup()."""
        keys = _checked_keys(wanted, lambda pair: (_checked_name(pair[0]), _checked_version(pair[1])))
        self._answer_all(keys, self._details, self._ask_details, lambda key: ProjectDetails(key[0], "offline", key[1]),
                         lambda key: self.cache.get_details(self.index_url, *key),
                         lambda answer: self.cache.put_details(self.index_url, answer))
        return {
            pair: self._details[key] if key else ProjectDetails(normalize_name(str(pair[0])), "error", str(pair[1]),
                                                                 error="invalid name or version")
            for pair, key in keys.items()
        }

    def _ask_details(self, key: tuple[str, str]) -> ProjectDetails:
        name, version = key
        url = json_api_url(self.index_url, name)
        if url is None:
            return ProjectDetails(name, "unsupported", version, error="the index has no JSON API")
        if version:
            url = url[: -len("/json")] + "/" + urllib.parse.quote(version, safe="") + "/json"
        remaining = self._remaining_budget()
        if remaining <= 0:
            return ProjectDetails(name, "skipped", version, error="time budget exhausted")
        try:
            outcome, body, _ = self._download(url, "application/json", min(self.timeout, remaining), self.max_json_bytes)
        except Exception as error:
            return ProjectDetails(name, "error", version, error=_describe(error))
        if outcome != "ok":
            return ProjectDetails(name, outcome, version, error=str(body))
        try:
            data = json.loads(body)
        except ValueError:
            return ProjectDetails(name, "error", version, error="malformed JSON")
        return parse_details(name, version, data)


def client_for(config, index_url: str) -> IndexClient:
    """The client a run uses for `index_url`: answers cached in the run's cache directory
    (unless caching is off), and no request at all when the run is offline."""
    from stagewarden.cache import default_cache_dir
    from stagewarden.index.cache import IndexCache

    cache = IndexCache(config.cache_dir or default_cache_dir()) if config.cache else None
    return IndexClient(index_url, cache=cache, offline=config.offline)
