"""`stagewarden vet`: the record it writes, and SW401 honouring it."""

from __future__ import annotations

import os
import sys

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from helpers import git, write


@pytest.fixture
def index(index):
    """The loopback index (conftest.py) answering for the names these tests vet."""
    index.answers = {"httpx": {"versions": ["0.27.0", "0.28.1"], "upload-time": "2020-01-01T00:00:00Z"},
                     "reqeusts": {"versions": ["0.1"], "upload-time": "today"}}
    return index


def test_vet_records_who_when_why_and_what_was_checked(sw, repo, index):
    git(repo, "config", "user.name", "Dana Reviewer")
    git(repo, "config", "user.email", "dana@example.com")
    result = sw(repo, "vet", "httpx", "--version", ">=0.27,<1", "--reason", "async HTTP client; BSD; maintained")
    assert result.code == 0, result
    assert "recorded httpx (>=0.27,<1) as vetted by Dana Reviewer <dana@example.com> in stagewarden-vetted.toml" in result.out
    data = tomllib.loads((repo / "stagewarden-vetted.toml").read_text())
    (entry,) = data["dependency"]
    assert entry["name"] == "httpx" and entry["version"] == ">=0.27,<1"
    assert entry["reason"] == "async HTTP client; BSD; maintained" and entry["vetted-by"] == "Dana Reviewer <dana@example.com>"
    assert str(entry["date"])[:4].isdigit()
    assert any(line.startswith("SW402 dependency-not-on-index: passed (exists on") for line in entry["checked"])
    assert any(line.startswith("SW406 known-vulnerability: passed (no known vulnerability in 0.28.1)") for line in entry["checked"])
    assert oct(os.stat(repo / "stagewarden-vetted.toml").st_mode & 0o777) == oct(0o644)

    write(repo, "requirements.txt", "httpx>=0.27\n")
    check = sw(repo, "check", "--select", "SW401", "requirements.txt")
    assert check.code == 0, check.out
    write(repo, "requirements.txt", "httpx>=0.27\nrich\n")
    assert "requirements.txt:2:1: SW401" in sw(repo, "check", "--select", "SW401", "requirements.txt").out


def test_vet_appends_and_keeps_comments(sw, repo, index):
    write(repo, "stagewarden-vetted.toml", "# Reviewed by the platform team.\n\n[[dependency]]\nname = \"attrs\"\nreason = \"x\"\n")
    assert sw(repo, "vet", "httpx", "--reason", "fine", "--by", "ci-bot").code == 0
    text = (repo / "stagewarden-vetted.toml").read_text()
    assert text.startswith("# Reviewed by the platform team.\n") and text.count("[[dependency]]") == 2
    assert [e["name"] for e in tomllib.loads(text)["dependency"]] == ["attrs", "httpx"]


def test_vet_records_findings_but_refuses_a_name_that_does_not_exist(sw, repo, index):
    squat = sw(repo, "vet", "reqeusts", "--reason", "I really mean it", "--by", "x")
    assert squat.code == 0 and "SW403 likely-typosquat: `reqeusts` looks like a typosquat of `requests`" in squat.out
    missing = sw(repo, "vet", "no-such-package-here", "--reason", "x", "--by", "x")
    assert missing.code == 1 and "not vetted" in missing.err and "--force" in missing.err
    assert "no-such-package-here" not in (repo / "stagewarden-vetted.toml").read_text()
    forced = sw(repo, "vet", "no-such-package-here", "--reason", "private mirror only", "--by", "x", "--force")
    assert forced.code == 0 and "no-such-package-here" in (repo / "stagewarden-vetted.toml").read_text()


@pytest.mark.parametrize("argv, message", [
    (["vet", "httpx", "--reason", "  "], "--reason"),
    (["vet", "httpx", "--version", ">>1", "--reason", "x"], "PEP 440"),
    (["vet", "../etc", "--reason", "x"], "package name"),
])
def test_vet_usage_errors(sw, repo, index, argv, message):
    result = sw(repo, *argv)
    assert result.code == 2 and message in result.err
    assert not (repo / "stagewarden-vetted.toml").exists()


def test_vet_without_reason_is_a_usage_error(sw, repo):
    with pytest.raises(SystemExit) as stopped:
        sw(repo, "vet", "httpx")
    assert stopped.value.code == 2


def test_vet_offline_says_what_it_could_not_check(sw, repo):
    result = sw(repo, "vet", "httpx", "--reason", "x", "--by", "x", "--offline")
    assert result.code == 0
    assert "SW406 known-vulnerability: not checked (offline)" in result.out


def test_vetted_file_path_is_configurable(sw, repo, index):
    write(repo, "pyproject.toml", '[tool.stagewarden.dependencies]\nvetted-file = "security/vetted.toml"\n')
    assert sw(repo, "vet", "httpx", "--reason", "x", "--by", "x").code == 0
    assert (repo / "security" / "vetted.toml").is_file()


def test_a_range_written_with_the_name_is_recorded(sw, repo, index):
    assert sw(repo, "vet", "HTTPX>=0.27,<1", "--reason", "x", "--by", "x").code == 0
    (entry,) = tomllib.loads((repo / "stagewarden-vetted.toml").read_text())["dependency"]
    assert (entry["name"], entry["version"]) == ("httpx", "<1,>=0.27")
