"""The real pre-commit framework against throwaway git repositories.

The hook repository is a snapshot of this project committed to a temporary git repository;
pre-commit builds the hook's virtualenv from it with pip. pip is pointed at a local folder of
wheels with no index (`make wheelhouse`, run by `make test`), so these tests use no network.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import git, write

PROJECT = Path(__file__).resolve().parents[2]
WHEELHOUSE = os.environ.get("STAGEWARDEN_WHEELHOUSE")

pytestmark = pytest.mark.skipif(
    not WHEELHOUSE or not Path(PROJECT, WHEELHOUSE).is_dir(),
    reason="needs the offline wheelhouse: run the suite with `make test`",
)


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory) -> tuple[Path, str]:
    """A git repository holding the project as it is on disk, and its commit."""
    target = tmp_path_factory.mktemp("hook-repo")
    names = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=PROJECT,
                            check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, names):
        source = PROJECT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    git(target, "init", "-q", "-b", "main")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "snapshot")
    return target, git(target, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="session")
def pre_commit_env(tmp_path_factory) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PRE_COMMIT_HOME=str(tmp_path_factory.mktemp("pre-commit-home")),
        PIP_NO_INDEX="1",
        PIP_FIND_LINKS=str(Path(PROJECT, WHEELHOUSE).resolve()),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        VIRTUALENV_NO_DOWNLOAD="1",
    )
    return env


def make_repo(path: Path, hook_repo: tuple[Path, str], hook_id: str, args: list[str] | None = None) -> Path:
    repo_path, rev = hook_repo
    git(path, "init", "-q", "-b", "main")
    hook_args = f"\n        args: {args!r}" if args else ""
    write(path, ".pre-commit-config.yaml", f"""repos:
  - repo: {repo_path}
    rev: {rev}
    hooks:
      - id: {hook_id}{hook_args}
""")
    git(path, "add", ".pre-commit-config.yaml")
    return path


def commit(repo: Path, env: dict[str, str], message: str = "change") -> subprocess.CompletedProcess:
    return subprocess.run(["git", "commit", "-m", message], cwd=repo, env=env, capture_output=True, text=True, timeout=600)


def install(repo: Path, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=env, check=True, capture_output=True, timeout=120)


def test_commit_is_blocked_then_passes_once_suppressed(tmp_path, hook_repo, pre_commit_env):
    repo = make_repo(tmp_path, hook_repo, "insecure-defaults")
    install(repo, pre_commit_env)
    write(repo, "app/client.py", "import requests as r\n\ndef fetch(url):\n    return r.get(url, verify=False, timeout=5)\n")
    git(repo, "add", "-A")
    blocked = commit(repo, pre_commit_env)
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, output
    assert "app/client.py:4:30: SW101 [high] TLS certificate verification disabled (verify=False)" in output
    assert git(repo, "rev-list", "--all").strip() == "", "nothing was committed"

    write(repo, "app/client.py", "import requests as r\n\ndef fetch(url):\n    return r.get(url, verify=False, timeout=5)  # stagewarden: ignore[SW101] -- lab CA\n")
    git(repo, "add", "-A")
    passed = commit(repo, pre_commit_env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert git(repo, "rev-list", "--count", "HEAD").strip() == "1"


def test_only_staged_content_is_checked(tmp_path, hook_repo, pre_commit_env):
    """pre-commit stashes unstaged changes: an insecure edit left unstaged does not block."""
    repo = make_repo(tmp_path, hook_repo, "insecure-defaults")
    install(repo, pre_commit_env)
    path = write(repo, "safe.py", "import yaml\n\ndef load(text):\n    return yaml.safe_load(text)\n")
    git(repo, "add", "-A")
    path.write_text("import yaml\n\ndef load(text):\n    return yaml.load(text)\n")
    result = commit(repo, pre_commit_env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "yaml.load" in path.read_text(), "the unstaged edit is restored untouched"


def test_all_checks_hook_with_arguments(tmp_path, hook_repo, pre_commit_env):
    repo = make_repo(tmp_path, hook_repo, "stagewarden", args=["--fail-on", "high"])
    write(repo, "notes.md", "requests.get(url, verify=False, timeout=5)\n")
    write(repo, "a.py", "x = 1  # stagewarden: ignore\n")  # a low-severity notice only
    git(repo, "add", "-A")
    ok = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=repo, env=pre_commit_env,
                        capture_output=True, text=True, timeout=600)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    write(repo, "b.py", "import requests\nrequests.get(url, verify=False, timeout=5)\n")
    git(repo, "add", "-A")
    failed = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=repo, env=pre_commit_env,
                            capture_output=True, text=True, timeout=600)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "b.py:2:" in failed.stdout and "notes.md" not in failed.stdout


def test_syntax_error_blocks_without_a_traceback(tmp_path, hook_repo, pre_commit_env):
    repo = make_repo(tmp_path, hook_repo, "insecure-defaults")
    write(repo, "broken.py", "import requests\nrequests.get(url, verify=True\n")
    git(repo, "add", "-A")
    result = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=repo, env=pre_commit_env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 1
    assert "broken.py:2:13: SW001" in result.stdout and "Traceback" not in result.stdout


def test_fix_hook_rewrites_and_stops_the_commit_for_review(tmp_path, hook_repo, pre_commit_env):
    repo = make_repo(tmp_path, hook_repo, "insecure-defaults-fix")
    install(repo, pre_commit_env)
    path = write(repo, "load.py", "import yaml\n\ndef read(stream):\n    return yaml.load(stream)\n")
    git(repo, "add", "-A")
    stopped = commit(repo, pre_commit_env)
    assert stopped.returncode != 0, "files changed by a hook stop the commit"
    assert "files were modified by this hook" in stopped.stdout + stopped.stderr
    assert path.read_text() == "import yaml\n\ndef read(stream):\n    return yaml.safe_load(stream)\n"
    git(repo, "add", "-A")
    assert commit(repo, pre_commit_env).returncode == 0


def test_hallucinated_imports_hook_online_and_offline(tmp_path, hook_repo, pre_commit_env):
    """The import rules through pre-commit: the index on 127.0.0.1, then no network at all
    (as on pre-commit.ci), where the bundled PyPI name list still proves the name unknown."""
    from fixture_index import FixtureIndex

    (tmp_path / "online").mkdir()
    (tmp_path / "offline").mkdir()
    repo = make_repo(tmp_path / "online", hook_repo, "hallucinated-imports")
    write(repo, "pyproject.toml", '[project]\nname = "demo"\ndependencies = ["requests"]\n')
    write(repo, "app/main.py", "import requests\nimport fastjson_utils\n")
    git(repo, "add", "-A")
    index = FixtureIndex()
    try:
        env = dict(pre_commit_env, STAGEWARDEN_INDEX_URL=index.url)
        result = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=repo, env=env,
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 1, result.stdout + result.stderr
        # The column is the imported name's own (Python 3.10+) or the statement's (3.9): the
        # hook's virtualenv uses whichever Python pre-commit finds.
        assert re.search(r"app/main\.py:2:(1|8): SW201 \[high\] no package provides `fastjson_utils`", result.stdout)
        assert "fastjson-utils" in index.asked and "requests" not in index.asked
    finally:
        index.close()

    offline = make_repo(tmp_path / "offline", hook_repo, "hallucinated-imports", args=["--offline"])
    write(offline, "pyproject.toml", '[project]\nname = "demo"\ndependencies = ["requests"]\n')
    write(offline, "app/main.py", "import requests\nimport fastjson_utils\n")
    git(offline, "add", "-A")
    env = {k: v for k, v in pre_commit_env.items() if k != "STAGEWARDEN_INDEX_URL"}
    result = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=offline, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "checked offline against the bundled name list" in result.stdout


def test_secrets_hook_blocks_a_token_without_printing_it(tmp_path, hook_repo, pre_commit_env):
    from stagewarden.rules.secrets.fake import github_classic

    token = github_classic(seed=99)
    repo = make_repo(tmp_path, hook_repo, "secrets")
    install(repo, pre_commit_env)
    write(repo, ".env", f"GITHUB_TOKEN={token}\n")
    write(repo, "docs/setup.md", "Set `GITHUB_TOKEN` to a token that starts with `ghp_`.\n")
    git(repo, "add", "-A")
    blocked = commit(repo, pre_commit_env)
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, output
    assert ".env:1:14: SW302 [high] GitHub token" in output
    assert token not in output and token[8:] not in output
    assert git(repo, "rev-list", "--all").strip() == "", "nothing was committed"


def test_new_dependencies_hook_blocks_until_vetted(tmp_path, hook_repo, pre_commit_env, sw, monkeypatch):
    """The dependency rules through a real `git commit`: the commit that adds a look-alike
    and an unvetted package is blocked; once the look-alike is gone and the other package is
    vetted with `stagewarden vet`, the commit passes. A commit that only touches other lines
    of the manifest is not asked about the existing dependencies."""
    from fixture_index import FixtureIndex

    index = FixtureIndex()
    index.answers = {"requests": "found", "reqeusts": {"versions": ["0.1"], "upload-time": "2 days ago"},
                     "httpx": {"versions": ["0.27.0", "0.28.1"], "license_expression": "BSD-3-Clause"}}
    try:
        repo = make_repo(tmp_path, hook_repo, "new-dependencies")
        write(repo, "requirements.txt", "requests==2.0\n")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "base", "--no-verify")
        install(repo, pre_commit_env)
        env = dict(pre_commit_env, STAGEWARDEN_INDEX_URL=index.url)
        write(repo, "requirements.txt", "requests==2.0\nreqeusts\nhttpx>=0.27\n")
        git(repo, "add", "-A")
        blocked = commit(repo, env)
        output = blocked.stdout + blocked.stderr
        assert blocked.returncode != 0, output
        assert "requirements.txt:2:1: SW403 [high] `reqeusts` looks like a typosquat of `requests`" in output
        assert "requirements.txt:3:1: SW401" in output and "Traceback" not in output
        assert "requests" not in [name for name in index.asked if name != "reqeusts"], "existing dependencies are not asked"

        monkeypatch.setenv("STAGEWARDEN_INDEX_URL", index.url)
        vetted = sw(repo, "vet", "httpx", "--version", ">=0.27", "--reason", "async HTTP client, reviewed")
        assert vetted.code == 0, vetted
        write(repo, "requirements.txt", "requests==2.0\nhttpx>=0.27\n")
        git(repo, "add", "-A")
        passed = commit(repo, env)
        assert passed.returncode == 0, passed.stdout + passed.stderr
        assert "[[dependency]]" in git(repo, "show", "HEAD:stagewarden-vetted.toml")
    finally:
        index.close()


def test_new_dependencies_hook_in_ci_compares_the_pushed_range(tmp_path, hook_repo, pre_commit_env):
    """`pre-commit run --from-ref A --to-ref B` (a CI job): pre-commit passes the range in
    PRE_COMMIT_FROM_REF/TO_REF, and only what the range adds is judged, even though the
    dependency was added two commits before B."""
    from fixture_index import FixtureIndex

    index = FixtureIndex()
    index.answers = {"requests": "found", "rich": {"versions": ["13.8.0", "13.9.4"]}}
    try:
        repo = make_repo(tmp_path, hook_repo, "new-dependencies")
        write(repo, "requirements.txt", "requests==2.0\n")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "base")
        start = git(repo, "rev-parse", "HEAD").strip()
        write(repo, "requirements.txt", "requests==2.0\nrich==13.9.4\n")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "add rich")
        write(repo, "README.md", "docs\n")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "docs")
        env = dict(pre_commit_env, STAGEWARDEN_INDEX_URL=index.url)
        ranged = subprocess.run([sys.executable, "-m", "pre_commit", "run", "new-dependencies", "--from-ref", start,
                                 "--to-ref", "HEAD"], cwd=repo, env=env, capture_output=True, text=True, timeout=600)
        assert ranged.returncode == 1, ranged.stdout + ranged.stderr
        assert "requirements.txt:2:1: SW401 [medium] new dependency `rich`" in ranged.stdout
        assert "requests" not in ranged.stdout.split("SW401", 1)[1].split("\n", 1)[0]
        settled = subprocess.run([sys.executable, "-m", "pre_commit", "run", "new-dependencies", "--all-files"],
                                 cwd=repo, env=env, capture_output=True, text=True, timeout=600)
        assert settled.returncode == 0, settled.stdout + settled.stderr
    finally:
        index.close()
