"""A package index on 127.0.0.1 that answers PEP 691 project pages and PyPI's JSON API
(`/pypi/<name>/json`, `/pypi/<name>/<version>/json`) from a dict, for the import and
dependency rules' tests. Nothing here reaches the network.

A page spec is "found" (an old project with three releases) or a dict with any of:
versions (oldest first), upload-time (for every file; "today" or "N days ago"), uploads
({version: time}), license, license_expression, classifiers, project_urls, home_page
(default: a GitHub repository), yanked ({version: reason}), vulnerabilities ({version:
[{id, fixed_in, aliases, summary}]}), json (False: the index has no JSON API)."""

from __future__ import annotations

import datetime
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

ACCEPT = "application/vnd.pypi.simple.v1+json"
OLD_UPLOAD = "2016-03-01T12:00:00Z"


def _when(value: str) -> str:
    now = datetime.datetime.now(datetime.timezone.utc)
    if value == "today":
        return now.strftime("%Y-%m-%dT%H:%M:%SZ")
    if value.endswith(" days ago"):
        return (now - datetime.timedelta(days=int(value.split()[0]))).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value


def _spec(spec: Any) -> dict:
    return {"versions": ["1.0", "1.1", "2.0"]} if spec == "found" else dict(spec)


def _files(name: str, spec: dict, version: str) -> list[dict]:
    upload = _when(spec.get("uploads", {}).get(version, spec.get("upload-time", OLD_UPLOAD)))
    yanked = spec.get("yanked", {})
    return [{"filename": f"{name}-{version}.tar.gz", "url": f"../../packages/{name}-{version}.tar.gz",
             "hashes": {"sha256": "0" * 64}, "upload-time": upload,
             "yanked": yanked[version] or True if version in yanked else False}]


def project_page(name: str, spec: Any) -> bytes:
    """The PEP 691 project page for `spec`."""
    spec = _spec(spec)
    versions = list(spec.get("versions", ["1.0"]))
    files = [f for version in versions for f in _files(name, spec, version)]
    return json.dumps({"meta": {"api-version": "1.1"}, "name": name, "versions": versions, "files": files}).encode()


def json_api_page(name: str, spec: Any, version: str = "") -> bytes | None:
    """PyPI's JSON API document for the project (version "") or one release; None: 404."""
    spec = _spec(spec)
    versions = list(spec.get("versions", ["1.0"]))
    if version and version not in versions:
        return None
    described = version or versions[-1]

    def legacy(f: dict) -> dict:
        return {"filename": f["filename"], "upload_time_iso_8601": f["upload-time"],
                "yanked": bool(f["yanked"]), "yanked_reason": f["yanked"] if isinstance(f["yanked"], str) else None}

    info = {
        "name": name, "version": described, "summary": f"The {name} project",
        "license": spec.get("license", ""), "license_expression": spec.get("license_expression"),
        "classifiers": spec.get("classifiers", []),
        "home_page": spec.get("home_page", ""),
        "project_urls": spec.get("project_urls", {"Source": f"https://github.com/example/{name}"}),
        "yanked": described in spec.get("yanked", {}), "yanked_reason": spec.get("yanked", {}).get(described),
    }
    vulnerabilities = [
        {"id": v["id"], "aliases": v.get("aliases", []), "summary": v.get("summary", "A vulnerability"),
         "details": "", "fixed_in": v.get("fixed_in", []), "link": f"https://osv.dev/vulnerability/{v['id']}",
         "source": "osv", "withdrawn": v.get("withdrawn")}
        for v in spec.get("vulnerabilities", {}).get(described, [])
    ]
    document = {"info": info, "urls": [legacy(f) for f in _files(name, spec, described)],
                "vulnerabilities": vulnerabilities, "last_serial": 1}
    if not version:
        document["releases"] = {v: [legacy(f) for f in _files(name, spec, v)] for v in versions}
    return json.dumps(document).encode()


class FixtureIndex(ThreadingHTTPServer):
    """`answers` maps a normalized project name to "found", "not-found", "error", "slow" or a
    page spec (see the module docstring); any other name is a 404. `asked` records the names
    asked of the simple API, `asked_json` the (name, version) pairs asked of the JSON API."""

    daemon_threads = True
    # socketserver's default backlog of 5 drops concurrent connections (the client asks with
    # 8 workers), and a dropped SYN is retried only after a second.
    request_queue_size = 128

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.answers: dict[str, Any] = {}
        self.asked: list[str] = []
        self.asked_json: list[tuple[str, str]] = []  # (name, version) asked of the JSON API
        self.delay = 0.0  # seconds added to every answer (a remote index's latency)
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
        if self.server.delay:
            threading.Event().wait(self.server.delay)
        parts = self.path.strip("/").split("/")
        if len(parts) in (3, 4) and parts[0] == "pypi" and parts[-1] == "json":
            return self._json_api(parts[1], parts[2] if len(parts) == 4 else "")
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

    def _json_api(self, name: str, version: str) -> None:
        with self.server.lock:
            self.server.asked_json.append((name, version))
            spec = self.server.answers.get(name, "not-found")
        if spec == "error":
            return self._send(500, b"internal error", "text/plain")
        if spec == "slow":
            threading.Event().wait(3)
            spec = "found"
        page = None
        if spec != "not-found" and (spec == "found" or spec.get("json", True)):
            page = json_api_page(name, spec, version)
        if page is None:
            return self._send(404, b"not found", "text/plain")
        self._send(200, page, "application/json")

    def _send(self, code: int, body: bytes, content_type: str = ACCEPT) -> None:
        try:
            self.send_response(code)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass
