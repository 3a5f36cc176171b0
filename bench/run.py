"""Benchmark stagewarden's insecure-defaults family against bandit and ruff's S rules.

Measured side by side in one run, on the same files, because these machines are noisy:
  (a) a 5-file commit (five Django modules), as pre-commit would pass them;
  (b) the whole `django/` package of a pinned Django sdist, cold cache and warm cache,
      with 1 and 2 processes.
Prints a Markdown table of median wall times and ratios (docs/performance.md quotes it).

    python bench/run.py [--repeat 3] [--django 5.2.8]

Needs bandit and ruff installed next to stagewarden (`make bench` installs them) and the
package index for the one-time download of the Django sdist into bench/.work/.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
BIN = Path(sys.executable).parent
COMMIT_FILES = (
    "django/core/mail/backends/smtp.py",
    "django/contrib/auth/hashers.py",
    "django/utils/crypto.py",
    "django/core/management/templates.py",
    "django/core/serializers/pyyaml.py",
)


def fetch_django(version: str) -> Path:
    target = WORK / f"Django-{version}"
    if (target / "django").is_dir():
        return target
    WORK.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                    "--dest", str(WORK), f"Django=={version}"], check=True)
    archive = next(p for p in WORK.iterdir() if p.name.lower().startswith("django-") and p.name.endswith(".tar.gz"))
    with tarfile.open(archive) as tar:
        tar.extractall(WORK, filter="data")
    extracted = next(p for p in WORK.iterdir() if p.is_dir() and p.name.lower() == f"django-{version}")
    if extracted != target:
        extracted.rename(target)
    return target


def timed(argv: list[str], cwd: Path, env: dict[str, str], repeat: int, prepare=None) -> float:
    samples = []
    for _ in range(repeat):
        if prepare is not None:
            prepare()
        start = time.perf_counter()
        completed = subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        samples.append(time.perf_counter() - start)
        if completed.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(argv)} failed ({completed.returncode}): {completed.stderr.decode()[-500:]}")
    return statistics.median(samples)


def count_findings(argv: list[str], cwd: Path, env: dict[str, str]) -> str:
    completed = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True)
    return (completed.stdout.strip().splitlines() or [""])[-1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--django", default="5.2.8")
    args = parser.parse_args()
    root = fetch_django(args.django)
    corpus = root / "django"
    files = sum(1 for _ in corpus.rglob("*.py"))
    lines = sum(p.read_bytes().count(b"\n") for p in corpus.rglob("*.py"))
    cache = Path(tempfile.mkdtemp(prefix="sw-bench-cache-"))
    env = dict(os.environ, STAGEWARDEN_CACHE_DIR=str(cache), NO_COLOR="1")
    # Installed tools run from compiled bytecode (pip writes it); so must the checkout under test.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    sw = [str(BIN / "stagewarden"), "check", "--select", "insecure-defaults", "--exit-zero"]
    bandit = [str(BIN / "bandit"), "-q", "-f", "txt"]
    ruff = [str(BIN / "ruff"), "check", "--select", "S", "--exit-zero", "--quiet", "--isolated"]
    ruff_cache = Path(tempfile.mkdtemp(prefix="ruff-bench-cache-"))

    def clear_caches() -> None:
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(ruff_cache, ignore_errors=True)

    r = args.repeat
    for warm_up in (sw + ["--no-cache", COMMIT_FILES[0]], bandit + [COMMIT_FILES[0]], ruff + ["--no-cache", COMMIT_FILES[0]]):
        subprocess.run(warm_up, cwd=root, env=env, capture_output=True)
    rows: list[tuple[str, str, float]] = []
    commit = list(COMMIT_FILES)
    rows.append(("5-file commit", "bandit", timed(bandit + commit, root, env, r)))
    rows.append(("5-file commit", "ruff --select S (no cache)", timed(ruff + ["--no-cache"] + commit, root, env, r)))
    rows.append(("5-file commit", "stagewarden, cold cache", timed(sw + ["--no-cache"] + commit, root, env, r)))
    timed(sw + commit, root, env, 1)
    rows.append(("5-file commit", "stagewarden, warm cache", timed(sw + commit, root, env, r)))

    whole = ["django"]
    rows.append(("django/", "bandit -r", timed(bandit + ["-r"] + whole, root, env, r)))
    rows.append(("django/", "ruff --select S, cold cache", timed(ruff + ["--cache-dir", str(ruff_cache)] + whole, root, env, r, clear_caches)))
    rows.append(("django/", "ruff --select S, warm cache", timed(ruff + ["--cache-dir", str(ruff_cache)] + whole, root, env, r)))
    for jobs in (1, 2):
        rows.append(("django/", f"stagewarden --jobs {jobs}, cold cache", timed(sw + ["--jobs", str(jobs)] + whole, root, env, r, clear_caches)))
    timed(sw + whole, root, env, 1)
    rows.append(("django/", "stagewarden, warm cache", timed(sw + whole, root, env, r)))

    by_name = {(scope, name): seconds for scope, name, seconds in rows}
    print(f"Django {args.django} `django/`: {files} Python files, {lines:,} lines; median of {r} runs; {os.cpu_count()} CPUs.\n")
    print("| scope | tool | wall time (s) |")
    print("| --- | --- | ---: |")
    for scope, name, seconds in rows:
        print(f"| {scope} | {name} | {seconds:.3f} |")
    cold = min(by_name[("django/", "stagewarden --jobs 1, cold cache")], by_name[("django/", "stagewarden --jobs 2, cold cache")])
    print()
    print(f"- full corpus, cold: stagewarden / bandit = {cold / by_name[('django/', 'bandit -r')]:.2f}")
    print(f"- full corpus, warm: stagewarden / ruff warm = {by_name[('django/', 'stagewarden, warm cache')] / by_name[('django/', 'ruff --select S, warm cache')]:.2f}")
    print(f"- 5-file commit, cold: stagewarden = {by_name[('5-file commit', 'stagewarden, cold cache')]:.3f} s"
          f" (bandit {by_name[('5-file commit', 'bandit')]:.3f} s, ruff {by_name[('5-file commit', 'ruff --select S (no cache)')]:.3f} s)")
    print()
    print("Findings on django/ (last line of each tool's output):")
    print(f"- stagewarden: {count_findings(sw + ['--no-cache'] + whole, root, env)}")
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(ruff_cache, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
