"""Benchmark the new-dependencies hook (SW401-SW409): a commit that adds 10 dependencies.

A throwaway git repository whose requirements.txt declares five packages at HEAD; the staged
version adds ten more (one of them a look-alike, one with a published advisory). The hook
runs as pre-commit runs it (`python -m stagewarden.hooks.new_dependencies requirements.txt`,
a new process each time) against a package index on 127.0.0.1 serving the simple API and the
JSON API from fixtures, measured side by side in one run:
  (a) cold: an empty cache, every name asked of the index;
  (b) warm: the answers cached by the previous run (the usual case on a developer machine);
  (c) offline: no index at all (pre-commit.ci), the bundled data only;
  (d) the same cold run with 50 ms of added latency per request, a stand-in for a remote
      index (the look-ups run concurrently);
  (e) the floor: a Python process that only imports `packaging.requirements`.
Prints a Markdown table of median wall times (docs/performance.md quotes it).

    python bench/dependencies.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from fixture_index import FixtureIndex  # noqa: E402
from run import count_findings, timed  # noqa: E402 - bench/run.py, beside this script

EXISTING = ["requests==2.32.3", "urllib3==2.2.3", "idna==3.10", "certifi==2024.8.30", "charset-normalizer==3.4.0"]
ADDED = ["httpx>=0.27", "rich==13.9.4", "attrs>=23.1", "pydantic==2.10.3", "click>=8.1,<9", "tenacity",
         "structlog==24.4.0", "orjson>=3.10", "python-dateutil==2.9.0", "reqeusts"]


def _spec(versions: list[str], **extra) -> dict:
    return {"versions": versions, "upload-time": "2019-03-01T10:00:00Z", "license_expression": "MIT", **extra}


ANSWERS = {
    "requests": _spec(["2.31.0", "2.32.3"]), "urllib3": _spec(["2.2.2", "2.2.3"]), "idna": _spec(["3.9", "3.10"]),
    "certifi": _spec(["2024.7.4", "2024.8.30"]), "charset-normalizer": _spec(["3.3.2", "3.4.0"]),
    "httpx": _spec(["0.27.0", "0.27.2", "0.28.1"]), "rich": _spec(["13.8.0", "13.9.4"]),
    "attrs": _spec(["23.1.0", "23.2.0", "24.2.0"]), "pydantic": _spec(["2.9.2", "2.10.3"]),
    "click": _spec(["8.1.6", "8.1.7"]), "tenacity": _spec(["8.5.0", "9.0.0"]),
    "structlog": _spec(["24.2.0", "24.4.0"]), "orjson": _spec(["3.10.0", "3.10.12"], vulnerabilities={
        "3.10.0": [{"id": "GHSA-0000-0000-0000", "fixed_in": ["3.10.1"]}]}),
    "python-dateutil": _spec(["2.8.2", "2.9.0"]), "reqeusts": {"versions": ["0.1"], "upload-time": "today"},
}


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def make_repo(root: Path) -> None:
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "bench")
    git(root, "config", "user.email", "bench@example.invalid")
    (root / "requirements.txt").write_text("\n".join(EXISTING) + "\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    (root / "requirements.txt").write_text("\n".join(EXISTING + ADDED) + "\n")
    git(root, "add", "-A")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="stagewarden-bench-deps-"))
    index = FixtureIndex()
    index.answers = ANSWERS
    try:
        repo = work / "repo"
        repo.mkdir()
        make_repo(repo)
        cache = work / "cache"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("STAGEWARDEN_", "PIP_"))}
        env.update(STAGEWARDEN_INDEX_URL=index.url, STAGEWARDEN_PUBLIC_INDEX_URL=index.url,
                   STAGEWARDEN_CACHE_DIR=str(cache))
        hook = [sys.executable, "-m", "stagewarden.hooks.new_dependencies", "requirements.txt"]

        def clear() -> None:
            shutil.rmtree(cache, ignore_errors=True)

        rows = []
        cold = timed(hook, repo, env, args.repeat, clear)
        rows.append(("cold cache, index on 127.0.0.1", cold, count_findings(hook, repo, env)))
        asked = len(index.asked) + len(index.asked_json)
        index.asked.clear()
        index.asked_json.clear()
        warm = timed(hook, repo, env, args.repeat)
        warm_requests = len(index.asked) + len(index.asked_json)
        rows.append(("warm cache", warm, count_findings(hook, repo, env)))
        offline = timed([*hook, "--offline"], repo, env, args.repeat, clear)
        rows.append(("offline (bundled data only)", offline, count_findings([*hook, "--offline"], repo, env)))
        index.delay = 0.05
        remote = timed(hook, repo, env, max(3, args.repeat // 2), clear)
        index.delay = 0.0
        rows.append(("cold cache, 50 ms per request", remote, ""))
        floor = timed([sys.executable, "-c", "import packaging.requirements"], repo, env, args.repeat)
        rows.append(("floor: python -c 'import packaging.requirements'", floor, ""))
        print(f"10 dependencies added to a requirements.txt of 5; median of {args.repeat} runs; "
              f"{asked // args.repeat} index requests per cold run, {warm_requests} in all warm runs\n")
        print("| run | median wall time | x floor | last line of output |")
        print("| --- | ---: | ---: | --- |")
        for label, seconds, last in rows:
            print(f"| {label} | {seconds:.3f} s | {seconds / floor:.1f}x | {last} |")
    finally:
        index.close()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
