"""The index client against a real HTTP server on 127.0.0.1 serving PEP 691 fixtures.

Every socket in this module may connect only to 127.0.0.1: `_loopback_only` refuses (and
records) any other connection or name lookup, so the suite never reaches the network.
"""

from __future__ import annotations

import base64
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from stagewarden.index import IndexCache, IndexClient, ProjectAnswer, json_api_url, normalize_name
from stagewarden.index.client import ACCEPT

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SLOW_SECONDS = 1.0
HUGE = json.dumps({"meta": {"api-version": "1.1"}, "files": [{"filename": "x" * 100}] * 100}).encode()


class Index(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.requests: list[dict] = []
        self.in_flight = 0
        self.max_in_flight = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/simple/"

    def paths(self) -> list[str]:
        with self.lock:
            return [r["path"] for r in self.requests]


class Handler(BaseHTTPRequestHandler):
    server: Index

    def log_message(self, *args):  # keep pytest output quiet
        pass

    def do_GET(self):  # noqa: N802 - http.server's naming
        with self.server.lock:
            self.server.requests.append(
                {"path": self.path, "method": self.command, "headers": dict(self.headers.items())}
            )
        try:
            self.route()
        except OSError:
            pass  # the client gave up (timeouts): nothing to do

    def send(self, code: int, body: bytes = b"", content_type: str = ACCEPT, length: bool = True):
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def route(self):
        path = self.path
        fixture = {
            "/simple/requests/": "requests.json",
            "/moved-here/requests/": "requests.json",
            "/simple/requests-oauthlib/": "requests-oauthlib.json",
            "/simple/no-files/": "no-files.json",
            "/simple/garbled/": "malformed.json",
        }.get(path)
        if fixture:
            self.send(200, (FIXTURES / fixture).read_bytes())
        elif path == "/simple/missing/":
            self.send(404, b"not found", "text/plain")
        elif path == "/simple/gone/":
            self.send(410, b"gone", "text/plain")
        elif path == "/simple/broken/":
            self.send(500, b"boom", "text/plain")
        elif path.startswith("/simple/slow"):
            time.sleep(SLOW_SECONDS)
            self.send(200, (FIXTURES / "requests.json").read_bytes())
        elif path == "/simple/huge/":
            self.send(200, HUGE)
        elif path == "/simple/huge-unannounced/":  # no Content-Length: the cap must stop the read
            self.send(200, HUGE, length=False)
        elif path == "/simple/html/":
            self.send(200, b"<html><body><a href='x.whl'>x.whl</a></body></html>", "text/html")
        elif path == "/simple/moved/":
            self.send_response(302)
            self.send_header("Location", "/moved-here/requests/")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/simple/elsewhere/":
            self.send_response(302)
            self.send_header("Location", "http://pypi.example/simple/requests/")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path.startswith("/simple/batch-"):
            # Counted only while the client is certainly waiting for this response.
            with self.server.lock:
                self.server.in_flight += 1
                self.server.max_in_flight = max(self.server.max_in_flight, self.server.in_flight)
            time.sleep(0.05)
            with self.server.lock:
                self.server.in_flight -= 1
            name = path.split("/")[2]
            self.send(200, json.dumps({"meta": {"api-version": "1.0"}, "name": name, "files": []}).encode())
        else:
            self.send(404, b"", "text/plain")


@pytest.fixture(scope="module")
def _server():
    server = Index()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def index(_server):
    with _server.lock:
        _server.requests.clear()
        _server.max_in_flight = 0
    return _server


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch):
    """Refuse every connection and name lookup that is not 127.0.0.1, and fail the test if
    one was attempted."""
    for variable in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(variable, raising=False)
    attempts: list[object] = []
    real_connect, real_connect_ex, real_getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo

    def loopback(address) -> bool:
        return isinstance(address, tuple) and address[0] == "127.0.0.1"

    def connect(self, address):
        if not loopback(address):
            attempts.append(address)
            raise ConnectionRefusedError(f"test guard: no connection to {address!r}")
        return real_connect(self, address)

    def connect_ex(self, address):
        if not loopback(address):
            attempts.append(address)
            raise ConnectionRefusedError(f"test guard: no connection to {address!r}")
        return real_connect_ex(self, address)

    def getaddrinfo(host, *args, **kwargs):
        if host != "127.0.0.1":
            attempts.append(host)
            raise socket.gaierror(socket.EAI_NONAME, f"test guard: no lookup of {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield attempts
    assert attempts == [], f"a test tried to reach beyond 127.0.0.1: {attempts}"


def client(index: Index, **options) -> IndexClient:
    options.setdefault("timeout", 0.3)
    return IndexClient(index.url, **options)


# -- answers -------------------------------------------------------------------------------

def test_found_answer_and_what_the_server_received(index):
    answers = client(index).lookup(["requests"])
    assert answers == {"requests": ProjectAnswer("requests", "found", ("2.31.0", "2.32.0", "2.32.3"), 3)}
    [request] = index.requests
    assert request["method"] == "GET"
    assert request["path"] == "/simple/requests/"  # the name and nothing else: no query, no body
    headers = {k.lower(): v for k, v in request["headers"].items()}
    assert headers["accept"].split(",")[0] == "application/vnd.pypi.simple.v1+json"  # JSON first (PEP 691)
    assert "content-length" not in headers and "content-type" not in headers
    assert "authorization" not in headers and "cookie" not in headers


def test_versions_are_empty_without_the_pep_700_key(index):
    answer = client(index).lookup(["requests-oauthlib"])["requests-oauthlib"]
    assert (answer.status, answer.versions, answer.files) == ("found", (), 1)


@pytest.mark.parametrize(
    ("name", "status", "error"),
    [
        ("missing", "not-found", ""),
        ("gone", "not-found", ""),
        ("broken", "error", "HTTP 500"),
        ("garbled", "error", "malformed JSON"),
        ("no-files", "error", "JSON without a files list"),
        ("slow", "error", "timeout"),
        ("elsewhere", "error", "redirect to another host"),
    ],
)
def test_failures_are_answers_not_exceptions(index, name, status, error):
    started = time.monotonic()
    answer = client(index).lookup([name])[name]
    assert (answer.name, answer.status, answer.error) == (name, status, error)
    assert time.monotonic() - started < SLOW_SECONDS
    assert index.paths() == [f"/simple/{name}/"]


@pytest.mark.parametrize("name", ["huge", "huge-unannounced"])
def test_oversized_bodies_are_cut_off(index, name):
    assert len(HUGE) > 5000
    answer = client(index, max_bytes=1000).lookup([name])[name]
    assert (answer.status, answer.error) == ("error", "response over 1000 bytes")
    assert client(index, max_bytes=len(HUGE)).lookup([name])[name].status == "found"


def test_redirect_on_the_same_server_is_followed(index):
    answer = client(index).lookup(["moved"])["moved"]
    assert (answer.name, answer.status, answer.files) == ("moved", "found", 3)
    assert index.paths() == ["/simple/moved/", "/moved-here/requests/"]


def test_closed_port_is_an_error(index):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    answer = IndexClient(f"http://127.0.0.1:{port}/simple/", timeout=0.3).lookup(["requests"])["requests"]
    assert (answer.status, answer.error) == ("error", "connection refused")


def test_invalid_names_are_never_sent(index):
    answers = client(index).lookup(["../admin", "a b", "x?y=1", ""])
    assert {a.status for a in answers.values()} == {"error"}
    assert {a.error for a in answers.values()} == {"invalid name"}
    assert index.requests == []


def test_credentials_in_the_index_url_become_basic_auth(index):
    url = index.url.replace("http://", "http://alice:s%3Acret@")
    assert IndexClient(url, timeout=0.3).lookup(["requests"])["requests"].status == "found"
    [request] = index.requests
    expected = "Basic " + base64.b64encode(b"alice:s:cret").decode()
    assert request["headers"]["Authorization"] == expected
    assert request["path"] == "/simple/requests/"


# -- names, batching, budget, offline ------------------------------------------------------

def test_names_are_normalized_and_asked_once_per_run(index):
    index_client = client(index)
    names = ["Requests_OAuthlib", "requests-oauthlib", "requests.oauthlib", "REQUESTS__OAUTHLIB"]
    answers = index_client.lookup(names)
    assert list(answers) == names
    assert {a.name for a in answers.values()} == {"requests-oauthlib"}
    assert {a.status for a in answers.values()} == {"found"}
    assert index_client.lookup(["requests_oauthlib"])["requests_oauthlib"].status == "found"
    assert index.paths() == ["/simple/requests-oauthlib/"]
    assert normalize_name("Foo.._-Bar") == "foo-bar"


def test_many_names_are_answered_concurrently(index):
    names = [f"batch-{i}" for i in range(40)]
    started = time.monotonic()
    answers = client(index, workers=8).lookup(names)
    elapsed = time.monotonic() - started
    assert sorted(answers) == sorted(names)
    assert {a.status for a in answers.values()} == {"found"}
    assert sorted(index.paths()) == sorted(f"/simple/{n}/" for n in names)
    assert 1 < index.max_in_flight <= 8
    assert elapsed < 40 * 0.05  # faster than one at a time


def test_the_time_budget_skips_later_names(index):
    names = ["slow-1", "slow-2", "slow-3"]
    started = time.monotonic()
    answers = client(index, workers=1, budget_seconds=0.2).lookup(names)
    assert time.monotonic() - started < SLOW_SECONDS
    assert (answers["slow-1"].status, answers["slow-1"].error) == ("error", "timeout")
    assert [answers[n].status for n in names[1:]] == ["skipped", "skipped"]
    assert index.paths() == ["/simple/slow-1/"]


def test_offline_opens_no_socket(index, monkeypatch, tmp_path):
    def no_socket(*args, **kwargs):
        raise AssertionError("offline client opened a socket")

    monkeypatch.setattr(socket, "create_connection", no_socket)
    cache = IndexCache(tmp_path)
    answers = client(index, offline=True, cache=cache).lookup(["requests", "missing"])
    assert {n: a.status for n, a in answers.items()} == {"requests": "offline", "missing": "offline"}
    assert index.requests == []
    assert list(tmp_path.rglob("*.json")) == []


# -- the cache -----------------------------------------------------------------------------

class Clock:
    def __init__(self):
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


def test_found_answers_are_cached_for_24_hours(index, tmp_path):
    clock = Clock()
    first = client(index, cache=IndexCache(tmp_path, clock=clock)).lookup(["requests"])["requests"]
    assert index.paths() == ["/simple/requests/"]
    clock.now += 23 * 3600
    second = client(index, cache=IndexCache(tmp_path, clock=clock)).lookup(["Requests"])["Requests"]
    assert second == first and second.versions == ("2.31.0", "2.32.0", "2.32.3")
    assert index.paths() == ["/simple/requests/"]  # no second request
    clock.now += 2 * 3600
    client(index, cache=IndexCache(tmp_path, clock=clock)).lookup(["requests"])
    assert index.paths() == ["/simple/requests/"] * 2
    assert [p.name for p in tmp_path.rglob(".*") if p.is_file()] == []


def test_not_found_is_cached_for_ten_minutes_only(index, tmp_path):
    clock = Clock()
    assert client(index, cache=IndexCache(tmp_path, clock=clock)).lookup(["missing"])["missing"].status == "not-found"
    clock.now += 9 * 60
    assert client(index, cache=IndexCache(tmp_path, clock=clock)).lookup(["missing"])["missing"].status == "not-found"
    assert index.paths() == ["/simple/missing/"]
    clock.now += 2 * 60
    assert client(index, cache=IndexCache(tmp_path, clock=clock)).lookup(["missing"])["missing"].status == "not-found"
    assert index.paths() == ["/simple/missing/"] * 2


def test_errors_and_skips_are_never_cached(index, tmp_path):
    cache = IndexCache(tmp_path, clock=Clock())
    for _ in range(2):
        assert client(index, cache=cache).lookup(["broken"])["broken"].status == "error"
    assert index.paths() == ["/simple/broken/"] * 2
    answers = client(index, cache=cache, workers=1, budget_seconds=0.0).lookup(["requests"])
    assert answers["requests"].status == "skipped"
    assert list(tmp_path.rglob("*.json")) == []


def test_cache_is_keyed_by_index_url(index, tmp_path):
    cache = IndexCache(tmp_path)
    cache.put(index.url, ProjectAnswer("requests", "found", ("1.0",), 1))
    assert cache.get(index.url, "Requests") == ProjectAnswer("requests", "found", ("1.0",), 1)
    assert cache.get("http://127.0.0.1:1/other/", "requests") is None
    path = next(tmp_path.rglob("*.json"))
    assert "127.0.0.1" not in path.read_text()  # the URL (and any credentials) is only hashed
    path.write_text("{not json")
    assert cache.get(index.url, "requests") is None


# -- URLs ----------------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["ftp://127.0.0.1/simple/", "file:///etc/passwd", "127.0.0.1/simple", "http:///simple"])
def test_only_http_and_https_index_urls(url):
    with pytest.raises(ValueError, match="index URL") as raised:
        IndexClient(url)
    assert url in str(raised.value)


def test_a_rejected_url_does_not_echo_credentials():
    with pytest.raises(ValueError) as raised:
        IndexClient("ftp://alice:secret@127.0.0.1/simple/")
    assert "secret" not in str(raised.value)


@pytest.mark.parametrize(
    ("index_url", "expected"),
    [
        ("https://pypi.org/simple/", "https://pypi.org/pypi/requests-oauthlib/json"),
        ("https://pypi.org/simple", "https://pypi.org/pypi/requests-oauthlib/json"),
        ("https://test.pypi.org/simple/", "https://test.pypi.org/pypi/requests-oauthlib/json"),
        ("http://127.0.0.1:8080/repo/simple/", "http://127.0.0.1:8080/repo/pypi/requests-oauthlib/json"),
        ("http://127.0.0.1:8080/root/+mirror/", None),
    ],
)
def test_json_api_url(index_url, expected):
    assert json_api_url(index_url, "Requests_OAuthlib") == expected


def test_json_api_url_rejects_bad_input():
    with pytest.raises(ValueError):
        json_api_url("ftp://127.0.0.1/simple/", "requests")
    with pytest.raises(ValueError):
        json_api_url("https://pypi.org/simple/", "../admin")


def test_the_loopback_guard_refuses_other_hosts(_loopback_only):
    answer = IndexClient("https://pypi.example/simple/", timeout=0.3).lookup(["requests"])["requests"]
    assert (answer.status, answer.error) == ("error", "host not found")
    assert _loopback_only == ["pypi.example"]
    _loopback_only.clear()  # the attempt was this test's point


def test_pep_503_html_pages_answer_existence(index):
    """An index that serves only the HTML simple API (older devpi, some proxies) still says
    whether a project exists; versions come from the file names."""
    answer = client(index).lookup(["html"])["html"]
    assert (answer.status, answer.files) == ("found", 1)
    requests = [r for r in index.requests if r["path"] == "/simple/html/"]
    assert "text/html" in requests[0]["headers"]["Accept"] and requests[0]["headers"]["Accept"].startswith(ACCEPT)
