"""Benchmark the imports family (SW201-SW205) against deptry, on the same Django checkout.

Measured side by side in one run, because these machines are noisy:
  (a) a 5-file commit (five Django modules), as the `hallucinated-imports` hook gets them,
      offline (the bundled data decides) and against a package index on 127.0.0.1;
  (b) the whole `django/` package, cold and warm cache, offline;
  (c) deptry over the same project (it always reads every file; it has no cache and no index
      lookups, so it is the floor for "parse every import and compare with the manifests").
Prints a Markdown table of median wall times and ratios (docs/performance.md quotes it).

    python bench/imports.py [--repeat 5] [--django 5.2.8]

Needs deptry installed next to stagewarden (`make bench` installs it) and the Django sdist
that bench/run.py downloads into bench/.work/.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from run import BIN, COMMIT_FILES, count_findings, fetch_django, timed


class _NotFound(BaseHTTPRequestHandler):
    """An index that knows no project: every name stagewarden asks about gets a 404."""

    def do_GET(self):  # noqa: N802 - http.server's naming
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--django", default="5.2.8")
    args = parser.parse_args()
    root = fetch_django(args.django)
    cache = Path(tempfile.mkdtemp(prefix="sw-bench-cache-"))
    env = dict(os.environ, STAGEWARDEN_CACHE_DIR=str(cache), NO_COLOR="1")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _NotFound)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    index = f"http://127.0.0.1:{server.server_address[1]}/simple/"
    sw = [str(BIN / "stagewarden"), "check", "--select", "imports", "--exit-zero"]
    offline = sw + ["--offline"]
    online = sw + ["--index-url", index]
    deptry = [str(BIN / "deptry"), "."]

    def clear_cache() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    r = args.repeat
    commit = list(COMMIT_FILES)
    for warm_up in (offline + ["--no-cache", commit[0]], deptry):
        subprocess.run(warm_up, cwd=root, env=env, capture_output=True)
    rows = [
        ("5-file commit", "stagewarden offline, cold cache", timed(offline + ["--no-cache"] + commit, root, env, r)),
        ("5-file commit", "stagewarden, loopback index, cold caches", timed(online + commit, root, env, r, clear_cache)),
    ]
    timed(offline + commit, root, env, 1)
    rows.append(("5-file commit", "stagewarden offline, warm cache", timed(offline + commit, root, env, r)))
    rows.append(("whole project", "deptry .", timed(deptry, root, env, r)))
    rows.append(("django/", "stagewarden offline, cold cache", timed(offline + ["django"], root, env, r, clear_cache)))
    timed(offline + ["django"], root, env, 1)
    rows.append(("django/", "stagewarden offline, warm cache", timed(offline + ["django"], root, env, r)))
    server.shutdown()

    by_name = {(scope, name): seconds for scope, name, seconds in rows}
    files = sum(1 for _ in (root / "django").rglob("*.py"))
    print(f"Django {args.django}: `django/` has {files} Python files; median of {r} runs; {os.cpu_count()} CPUs.\n")
    print("| scope | tool | wall time (s) |")
    print("| --- | --- | ---: |")
    for scope, name, seconds in rows:
        print(f"| {scope} | {name} | {seconds:.3f} |")
    print()
    print(f"- django/ cold: stagewarden / deptry = {by_name[('django/', 'stagewarden offline, cold cache')] / by_name[('whole project', 'deptry .')]:.2f}")
    print(f"- django/ warm: stagewarden / deptry = {by_name[('django/', 'stagewarden offline, warm cache')] / by_name[('whole project', 'deptry .')]:.2f}")
    print()
    print(f"Findings on django/: {count_findings(offline + ['--no-cache', 'django'], root, env)}")
    shutil.rmtree(cache, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
