"""The secrets family through the CLI: no output channel carries a secret, suppressions in
every comment style, content-hashed baselines, notebooks, lockfiles and binary files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from helpers import write

from stagewarden.engine import Engine
from stagewarden.registry import builtin_rules
from stagewarden.rule import SecretRule
from stagewarden.rules.secrets.fake import github_classic
from stagewarden.secrets import SecretScanner, redact

SECRET_RULES = [rule for rule in builtin_rules() if issubclass(rule, SecretRule)]


def _examples():
    for rule in SECRET_RULES:
        for index, example in enumerate(rule.examples()[1]):
            yield pytest.param(rule, example, id=f"{rule.id}-{index}")


@pytest.mark.parametrize("rule, example", list(_examples()))
def test_no_output_channel_ever_holds_a_whole_secret(sw, tmp_path, rule, example):
    """Every INVALID example's secret, through every format, the result cache and a baseline."""
    hits = SecretScanner([rule()]).scan(example.code, example.path)
    secrets = {hit.secret for hit in hits}
    assert secrets, "the example has a secret"
    write(tmp_path, example.path, example.code)
    outputs = []
    for output_format in ("text", "json", "sarif", "github"):
        result = sw(tmp_path, "check", example.path, "--select", rule.id, "--format", output_format)
        assert result.code == 1
        outputs.append(result.out + result.err)
    assert sw(tmp_path, "baseline", example.path, "--select", rule.id).code == 0
    outputs.append((tmp_path / ".stagewarden-baseline.json").read_text())
    for folder, _, files in os.walk(os.environ["STAGEWARDEN_CACHE_DIR"]):  # the result cache
        outputs.extend(Path(folder, name).read_text(errors="replace") for name in files)
    for secret in secrets:
        for output in outputs:
            assert secret not in output
            assert json.dumps(secret)[1:-1] not in output


def test_redaction_shows_at_most_a_quarter():
    assert redact("hunter2!") == "hu… (8 characters)"
    token = github_classic()
    assert redact(token).startswith(token[:6]) and token[6:] not in redact(token)
    assert redact("abc") == "a… (3 characters)"


def test_suppressions_in_every_comment_style(sw, tmp_path):
    token = github_classic(seed=11)
    write(tmp_path, "a.js", f'const t = "{token}"; // stagewarden: ignore[SW302] -- revoked\n')
    write(tmp_path, "b.env", f"GITHUB_TOKEN={token}  # pragma: allowlist secret\n")
    write(tmp_path, "c.yaml", f"# pragma: allowlist nextline secret\ntoken: {token}\n")
    write(tmp_path, "d.html", f"<!-- stagewarden: ignore[SW302] --> <meta content='{token}'>\n")
    write(tmp_path, "e.py", f'TOKEN = "{token}"  # stagewarden: ignore[SW302] -- test fixture\n')
    result = sw(tmp_path, "check", "a.js", "b.env", "c.yaml", "d.html", "e.py", "--select", "secrets", "--format", "json")
    data = json.loads(result.out)
    assert data["findings"] == [] and result.code == 0
    assert data["summary"]["suppressed"] == 3  # the two pragmas skip the line before any finding


def test_baseline_is_content_hashed(sw, tmp_path):
    first, second = github_classic(seed=21), github_classic(seed=22)
    write(tmp_path, "deploy.sh", f"export GITHUB_TOKEN={first}\n")
    assert sw(tmp_path, "baseline", "deploy.sh", "--select", "secrets").code == 0
    write(tmp_path, "deploy.sh", f"#!/bin/sh\n\n# moved down\nexport GITHUB_TOKEN={first}\n")
    moved = sw(tmp_path, "check", "deploy.sh", "--select", "secrets", "--baseline", ".stagewarden-baseline.json")
    assert moved.code == 0, "moving the line does not churn the baseline"
    write(tmp_path, "deploy.sh", f"export GITHUB_TOKEN={second}\n")
    changed = sw(tmp_path, "check", "deploy.sh", "--select", "secrets", "--baseline", ".stagewarden-baseline.json")
    assert changed.code == 1, "a different secret in the same file and line is not hidden by the old entry"


def test_notebook_cells_and_outputs(sw, tmp_path):
    token = github_classic(seed=31)
    notebook = {"cells": [
        {"cell_type": "markdown", "source": ["# Setup\n"]},
        {"cell_type": "code", "source": ["import os\n", f"os.environ['GITHUB_TOKEN'] = '{token}'\n"], "outputs": []},
        {"cell_type": "code", "source": ["print(client)\n"], "outputs": [{"output_type": "stream", "text": [f"token={github_classic(seed=32)}\n"]}]},
    ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    write(tmp_path, "analysis.ipynb", json.dumps(notebook, indent=1))
    result = sw(tmp_path, "check", "analysis.ipynb", "--select", "secrets", "--format", "json")
    found = json.loads(result.out)["findings"]
    assert [f["rule"] for f in found] == ["SW302", "SW302"]
    assert "(cell 2, line 2)" in found[0]["message"] and "(cell 3, line 1)" in found[1]["message"]
    raw_lines = (tmp_path / "analysis.ipynb").read_text().splitlines()
    assert token in raw_lines[found[0]["line"] - 1]


def test_lockfiles_binary_and_undecodable_files(sw, tmp_path):
    write(tmp_path, "poetry.lock", 'password = "9f8e7d6c5b4a3f2e1d0c"\n')  # generic detectors skip lockfiles
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0" + github_classic(seed=41).encode())
    (tmp_path / "latin.txt").write_bytes(b"caf\xe9 GITHUB_TOKEN=" + github_classic(seed=42).encode() + b"\n")
    result = sw(tmp_path, "check", "poetry.lock", "logo.png", "latin.txt", "--select", "secrets", "--format", "json")
    found = json.loads(result.out)["findings"]
    assert [(f["path"], f["rule"]) for f in found] == [("latin.txt", "SW302")]


def test_files_without_any_keyword_never_reach_a_detector():
    scanner = SecretScanner([rule() for rule in SECRET_RULES])
    assert scanner.scan("x = 1\n" * 1000, "a.py") == []
    engine = Engine([rule() for rule in SECRET_RULES])
    assert engine.check_bytes(b"hello world\n", "README.md").findings == []


def test_detect_secrets_baseline_import(sw, tmp_path):
    """A team's existing .secrets.baseline keeps accepting the secrets it lists (matched by
    detect-secrets' SHA-1 of the secret), and only those."""
    import hashlib

    known, other = github_classic(seed=51), github_classic(seed=52)
    write(tmp_path, "settings.py", f'TOKEN = "{known}"\n')
    legacy = {"version": "1.5.0", "plugins_used": [], "filters_used": [], "results": {"settings.py": [
        {"type": "GitHub Token", "filename": "settings.py", "is_verified": False, "line_number": 1,
         "hashed_secret": hashlib.sha1(known.encode(), usedforsecurity=False).hexdigest()},
    ]}, "generated_at": "2024-01-01T00:00:00Z"}
    write(tmp_path, ".secrets.baseline", json.dumps(legacy))
    imported = sw(tmp_path, "baseline", "--from-detect-secrets", ".secrets.baseline")
    assert imported.code == 0 and "imported 1 detect-secrets entry" in imported.out
    baseline = (tmp_path / ".stagewarden-baseline.json").read_text()
    assert known not in baseline
    assert sw(tmp_path, "check", "settings.py", "--select", "secrets", "--baseline", ".stagewarden-baseline.json").code == 0
    write(tmp_path, "settings.py", f'TOKEN = "{known}"\nOTHER = "{other}"\n')
    result = sw(tmp_path, "check", "settings.py", "--select", "secrets", "--baseline", ".stagewarden-baseline.json")
    assert result.code == 1 and "settings.py:2:" in result.out and "settings.py:1:" not in result.out
    write(tmp_path, "broken.baseline", "{not json")
    assert sw(tmp_path, "baseline", "--from-detect-secrets", "broken.baseline").code == 2


def test_a_detector_can_lower_the_severity_of_a_test_token(sw, tmp_path):
    from stagewarden.rules.secrets.pypi_token import PyPiToken

    test_token = next(e for e in PyPiToken.INVALID if "testpypi" in e.code)
    write(tmp_path, "config.ini", test_token.code)
    result = sw(tmp_path, "check", "config.ini", "--select", "SW321")
    assert "SW321 [medium]" in result.out


def test_token_shapes_inside_inline_images_are_chance(sw, tmp_path):
    from stagewarden.rules.secrets.fake import b64, chars

    key_id = "AKIA" + chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16, 7)  # an AWS access key id's shape
    # "+" and "/" are base64 characters that end a token's word boundary.
    payload = b64(120, 7) + "+" + key_id + "/" + b64(60, 8)
    write(tmp_path, "page.html", f'<img src="data:image/png;base64,{payload}">\n')
    write(tmp_path, "style.css", f"src: url(data:font/woff2;base64,{payload});\n")
    result = sw(tmp_path, "check", "page.html", "style.css", "--select", "secrets")
    assert result.code == 0, result.out
    write(tmp_path, "plain.txt", f"key +{key_id}/ here\n")
    assert sw(tmp_path, "check", "plain.txt", "--select", "secrets").code == 1, "the same shape outside an image is reported"


def test_an_oversized_data_file_is_a_notice_that_does_not_fail(sw, tmp_path):
    write(tmp_path, "pyproject.toml", "[tool.stagewarden]\nmax-file-size = 1000\n")
    write(tmp_path, "package-lock.json", "{}" + " " * 2000 + "\n")
    write(tmp_path, "big.py", "x = 1\n" + "#" * 2000 + "\n")
    data = sw(tmp_path, "check", "package-lock.json", "--select", "secrets", "--format", "json")
    assert [f["rule"] for f in json.loads(data.out)["findings"]] == ["SW003"] and data.code == 0
    python = sw(tmp_path, "check", "big.py", "--select", "secrets")
    assert "SW003" in python.out and python.code == 1, "Python source too large to check still fails"


def test_a_generic_detector_does_not_report_what_a_format_detector_rejected(sw, tmp_path):
    write(tmp_path, ".env", f"GITHUB_TOKEN={github_classic(seed=61, valid=False)}\n")
    assert sw(tmp_path, "check", ".env", "--select", "secrets").code == 0
    write(tmp_path, ".env", f"GITHUB_TOKEN={github_classic(seed=61)}\n")
    result = sw(tmp_path, "check", ".env", "--select", "secrets")
    assert "SW302" in result.out and "SW390" not in result.out
