"""A package index on 127.0.0.1 that answers PEP 691 project pages from a dict, for the
import and dependency rules' tests. Nothing here reaches the network."""

from __future__ import annotations

import datetime
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

ACCEPT = "application/vnd.pypi.simple.v1+json"
OLD_UPLOAD = "2016-03-01T12:00:00Z"


def project_page(name: str, spec: Any) -> bytes:
    """The JSON page for `spec`: "found" (an old project with three releases), or a dict
    with `versions` and `upload-time` ("today" for the current date)."""
    if spec == "found":
        spec = {"versions": ["1.0", "1.1", "2.0"], "upload-time": OLD_UPLOAD}
    upload = spec.get("upload-time", OLD_UPLOAD)
    if upload == "today":
        upload = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    versions = list(spec.get("versions", ["1.0"]))
    files = [
        {"filename": f"{name}-{version}.tar.gz", "url": f"../../packages/{name}-{version}.tar.gz",
         "hashes": {"sha256": "0" * 64}, "upload-time": upload, "yanked": False}
        for version in versions
    ]
    return json.dumps({"meta": {"api-version": "1.1"}, "name": name, "versions": versions, "files": files}).encode()


class FixtureIndex(ThreadingHTTPServer):
    """`answers` maps a normalized project name to "found", "not-found", "error", "slow" or a
    page spec (see project_page); any other name is a 404. `asked` records the names asked."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.answers: dict[str, Any] = {}
        self.asked: list[str] = []
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/simple/"

    def close(self) -> None:
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: FixtureIndex

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 - http.server's naming
        parts = self.path.strip("/").split("/")
        name = parts[1] if len(parts) == 2 and parts[0] == "simple" else ""
        with self.server.lock:
            self.server.asked.append(name)
            spec = self.server.answers.get(name, "not-found")
        if spec == "not-found" or not name:
            self._send(404, b"not found", "text/plain")
        elif spec == "error":
            self._send(500, b"internal error", "text/plain")
        elif spec == "slow":
            threading.Event().wait(3)
            self._send(200, project_page(name, "found"))
        else:
            self._send(200, project_page(name, spec))

    def _send(self, code: int, body: bytes, content_type: str = ACCEPT) -> None:
        try:
            self.send_response(code)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass
