"""Benchmark the secrets family (SW3xx) against detect-secrets' pre-commit hook, on the same files.

Measured side by side in one run, because these machines are noisy:
  (a) a 5-file commit (run.py's five Django modules), as pre-commit would pass them;
  (b) every text file of the Django sdist's `django/`, `tests/` and `docs/` (a file is text when
      its first 8 KB hold no NUL byte and it decodes as UTF-8; Django's .mo catalogues, images,
      archives and GIS fixtures are left out), passed explicitly on one command line to each tool:
      - stagewarden, cold (`--no-cache`, `--jobs 2`) and warm (a result cache filled by one
        earlier run, `--jobs 2`);
      - `detect-secrets-hook --baseline <an empty baseline>` in one process (the hook scans its
        files one after the other), and in two processes on two halves of the list, as
        pre-commit runs a hook that is not `require_serial` on a 2-CPU machine.
Prints a Markdown table of median wall times and the ratios (docs/secrets-evaluation.md quotes it).

    python bench/secrets_speed.py [--repeat 3] [--django 5.2.8]

Needs detect-secrets installed next to stagewarden and the Django sdist that bench/run.py
downloads into bench/.work/. The whole-corpus runs of detect-secrets take minutes each.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from run import BIN, COMMIT_FILES, fetch_django, timed

FOLDERS = ("django", "tests", "docs")
PRE_COMMIT_SEED = 1542676187  # pre-commit's FIXED_RANDOM_SEED for shuffling a hook's files
# Two hook processes on two halves of the file list, waited for together.
PARALLEL = """
import subprocess, sys
hook, baseline, *lists = sys.argv[1:]
procs = [subprocess.Popen([hook, "--baseline", baseline, *open(name).read().split("\\n")], stdout=subprocess.DEVNULL)
         for name in lists]
sys.exit(max(p.wait() for p in procs))
"""


def text_files(root: Path) -> list[str]:
    files = []
    for folder in FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            if not path.is_file() or path.is_symlink():
                continue
            data = path.read_bytes()
            if b"\0" in data[:8192]:
                continue
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                continue
            files.append(path.relative_to(root).as_posix())
    return files


def empty_baseline(target: Path, env: dict[str, str]) -> str:
    """A baseline with detect-secrets' default plugins and filters and no results."""
    empty = Path(tempfile.mkdtemp(prefix="ds-empty-"))
    try:
        completed = subprocess.run([str(BIN / "detect-secrets"), "scan"], cwd=empty, env=env, capture_output=True, text=True, check=True)
    finally:
        shutil.rmtree(empty, ignore_errors=True)
    baseline = json.loads(completed.stdout)
    assert baseline["results"] == {}, baseline["results"]
    target.write_text(completed.stdout)
    return completed.stdout


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--django", default="5.2.8")
    args = parser.parse_args()
    root = fetch_django(args.django)
    files = text_files(root)
    size = sum((root / f).stat().st_size for f in files)
    lines = sum((root / f).read_bytes().count(b"\n") for f in files)
    work = Path(tempfile.mkdtemp(prefix="sw-secrets-bench-"))
    cache = work / "cache"
    env = dict(os.environ, STAGEWARDEN_CACHE_DIR=str(cache), NO_COLOR="1")
    # Installed tools run from compiled bytecode (pip writes it); so must the checkout under test.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    baseline = work / ".secrets.baseline"
    baseline_text = empty_baseline(baseline, env)
    # pre-commit shuffles a hook's files with a fixed seed, then splits them into one chunk per CPU.
    shuffled = list(files)
    random.Random(PRE_COMMIT_SEED).shuffle(shuffled)
    halves = [work / "first-half.txt", work / "second-half.txt"]
    middle = len(shuffled) // 2
    halves[0].write_text("\n".join(shuffled[:middle]))
    halves[1].write_text("\n".join(shuffled[middle:]))

    sw = [str(BIN / "stagewarden"), "check", "--select", "secrets", "--exit-zero"]
    hook = [str(BIN / "detect-secrets-hook"), "--baseline", str(baseline)]
    hook_parallel = [sys.executable, "-c", PARALLEL, str(BIN / "detect-secrets-hook"), str(baseline), *map(str, halves)]

    def fresh_baseline() -> None:  # the hook may rewrite its baseline; every run starts from the empty one
        baseline.write_text(baseline_text)

    def clear_cache() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    r = args.repeat
    commit = list(COMMIT_FILES)
    for warm_up in (sw + ["--no-cache", commit[0]], hook + [commit[0]]):
        subprocess.run(warm_up, cwd=root, env=env, capture_output=True, check=False)
    rows: list[tuple[str, str, float]] = []
    rows.append(("5-file commit", "detect-secrets-hook", timed(hook + commit, root, env, r, fresh_baseline)))
    rows.append(("5-file commit", "stagewarden, cold (--no-cache)", timed(sw + ["--no-cache"] + commit, root, env, r)))
    clear_cache()
    timed(sw + commit, root, env, 1)
    rows.append(("5-file commit", "stagewarden, warm cache", timed(sw + commit, root, env, r)))

    scope = "django/ tests/ docs/"
    rows.append((scope, "stagewarden --jobs 2, cold (--no-cache)", timed(sw + ["--no-cache", "--jobs", "2"] + files, root, env, r)))
    clear_cache()
    timed(sw + ["--jobs", "2"] + files, root, env, 1)
    rows.append((scope, "stagewarden --jobs 2, warm cache", timed(sw + ["--jobs", "2"] + files, root, env, r)))
    rows.append((scope, "detect-secrets-hook, 2 processes (pre-commit's split)", timed(hook_parallel, root, env, r, fresh_baseline)))
    rows.append((scope, "detect-secrets-hook, 1 process", timed(hook + files, root, env, r, fresh_baseline)))

    by_name = {(s, name): seconds for s, name, seconds in rows}
    print(f"Django {args.django} sdist, `django/`, `tests/` and `docs/`: {len(files)} text files, {lines:,} lines, "
          f"{size / 1e6:.1f} MB; median of {r} runs; {os.cpu_count()} CPUs.\n")
    print("| scope | tool | wall time (s) |")
    print("| --- | --- | ---: |")
    for s, name, seconds in rows:
        print(f"| {s} | {name} | {seconds:.3f} |")
    cold = by_name[(scope, "stagewarden --jobs 2, cold (--no-cache)")]
    warm = by_name[(scope, "stagewarden --jobs 2, warm cache")]
    one = by_name[(scope, "detect-secrets-hook, 1 process")]
    two = by_name[(scope, "detect-secrets-hook, 2 processes (pre-commit's split)")]
    print()
    print(f"- large corpus, cold: detect-secrets-hook / stagewarden = {one / cold:.1f}x (1 process), {two / cold:.1f}x (2 processes)")
    print(f"- large corpus, warm: detect-secrets-hook / stagewarden = {one / warm:.1f}x (1 process), {two / warm:.1f}x (2 processes)")
    print(f"- 5-file commit: stagewarden {by_name[('5-file commit', 'stagewarden, cold (--no-cache)')]:.3f} s cold, "
          f"{by_name[('5-file commit', 'stagewarden, warm cache')]:.3f} s warm; detect-secrets-hook {by_name[('5-file commit', 'detect-secrets-hook')]:.3f} s")

    # What each tool reported on the large corpus (counts only, never a value).
    fresh_baseline()
    sw_out = subprocess.run(sw + ["--no-cache", "--jobs", "2", "--format", "json"] + files, cwd=root, env=env, capture_output=True, text=True, check=False)
    ds_out = subprocess.run(hook + ["--json"] + files, cwd=root, env=env, capture_output=True, text=True, check=False)
    sw_findings = json.loads(sw_out.stdout)["summary"]["findings"]
    ds_results = json.loads(ds_out.stdout).get("results", {}) if ds_out.stdout.strip() else {}
    ds_findings = sum(len(items) for items in ds_results.values())
    print()
    print(f"Findings on the large corpus: stagewarden {sw_findings} in {len(files)} files; detect-secrets-hook {ds_findings} "
          f"in {len(ds_results)} files.")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
