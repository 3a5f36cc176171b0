from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import git

from stagewarden import cli

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch, tmp_path_factory):
    """No test reads the developer's cache, index or stagewarden settings."""
    for name in list(os.environ):
        if name.startswith("STAGEWARDEN_") or name in {"PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "VIRTUAL_ENV"}:
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("STAGEWARDEN_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    # A test that does not set its own index gets a closed port on 127.0.0.1, never PyPI.
    monkeypatch.setenv("STAGEWARDEN_INDEX_URL", "http://127.0.0.1:9/simple/")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Test")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "test@example.invalid")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Test")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "test@example.invalid")


class Result:
    def __init__(self, code: int, out: str, err: str):
        self.code, self.out, self.err = code, out, err

    def __repr__(self) -> str:
        return f"Result(code={self.code}, out={self.out!r}, err={self.err!r})"


@pytest.fixture
def sw(capsys, monkeypatch):
    """Run the stagewarden CLI in-process in a directory: sw(tmp_path, "check", ...)."""

    def run(cwd: Path, *argv: str, families=None, hook=False) -> Result:
        monkeypatch.chdir(cwd)
        code = cli.run(list(argv), families=families, hook=hook)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def repo(tmp_path):
    """A throwaway git repository with one commit, returned as its path."""
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "README.md").write_text("demo\n")
    git(tmp_path, "add", "README.md")
    git(tmp_path, "commit", "-q", "-m", "init")
    return tmp_path




@pytest.fixture
def index(monkeypatch):
    """A package index on 127.0.0.1 (tests/fixture_index.py), set as the run's index."""
    from fixture_index import FixtureIndex

    server = FixtureIndex()
    monkeypatch.setenv("STAGEWARDEN_INDEX_URL", server.url)
    yield server
    server.close()
