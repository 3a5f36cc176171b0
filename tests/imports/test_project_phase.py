"""The import rules end to end through the CLI: project files on disk, a package index on
127.0.0.1 serving fixture answers, and the real runner's project phase."""

from __future__ import annotations

import json

import pytest
from helpers import write

from stagewarden.hooks.hallucinated_imports import main as hook_main

PYPROJECT = '[project]\nname = "demo"\nrequires-python = ">=3.9"\ndependencies = ["requests", "PyYAML"]\n'


@pytest.fixture
def project(tmp_path):
    write(tmp_path, "pyproject.toml", PYPROJECT)
    return tmp_path


def findings(result) -> list[dict]:
    return json.loads(result.out)["findings"]


def test_invented_package_is_reported_with_suggestions(sw, project, index):
    write(project, "app.py", "import requests\nimport reqeusts\nimport fastjson_utils\n")
    result = sw(project, "check", "app.py", "--select", "imports", "--format", "json")
    assert result.code == 1
    reported = {(f["rule"], f["line"]) for f in findings(result)}
    assert reported == {("SW201", 2), ("SW201", 3)}
    typo = next(f for f in findings(result) if f["line"] == 2)
    assert "did you mean `requests`" in typo["message"]
    # Only names go to the index, and only for what nothing local resolves.
    assert "requests" not in index.asked and "reqeusts" in index.asked and "fastjson-utils" in index.asked
    assert all("/" not in name and "." not in name for name in index.asked)


def test_found_undeclared_and_suspicious(sw, project, index):
    index.answers = {"oldlib": "found", "freshlib": {"versions": ["0.0.1"], "upload-time": "today"}}
    write(project, "app.py", "import oldlib\nimport freshlib\n")
    result = sw(project, "check", "app.py", "--select", "imports", "--format", "json")
    reported = sorted((f["rule"], f["line"]) for f in findings(result))
    assert reported == [("SW202", 1), ("SW203", 2)], "SW203 replaces SW202 for the same import"
    fresh = next(f for f in findings(result) if f["rule"] == "SW203")
    assert "0 days ago" in fresh["message"] and "1 release" in fresh["message"]


def test_private_index_error_is_one_advisory_notice_unless_failing_closed(sw, project, index):
    index.answers = {"internal-tool": "error", "python-internal-tool": "error", "internal-tool-python": "error",
                     "pyinternal-tool": "error"}
    write(project, "app.py", "import internal_tool\nimport internal_tool.sub\n")
    warn = sw(project, "check", "app.py", "--select", "imports", "--format", "json")
    notices = [f for f in findings(warn) if f["rule"] == "SW007"]
    assert len(notices) == 1 and "internal_tool" in notices[0]["message"] and "HTTP 500" in notices[0]["message"]
    assert warn.code == 0, "an unverified name does not fail the run by default"
    write(project, "pyproject.toml", PYPROJECT + '[tool.stagewarden]\non-index-error = "fail"\n')
    failed = sw(project, "check", "app.py", "--select", "imports")
    assert failed.code == 1 and "SW007 [high]" in failed.out


def test_offline_uses_the_bundled_name_list(sw, project, index, monkeypatch):
    monkeypatch.delenv("STAGEWARDEN_INDEX_URL")  # PyPI, whose names the bundled list holds
    write(project, "app.py", "import fastjson_utils_qq\nimport yaml\nimport sklearn\n")
    result = sw(project, "check", "app.py", "--select", "imports", "--offline", "--format", "json")
    reported = sorted((f["rule"], f["line"]) for f in findings(result))
    assert reported == [("SW201", 1), ("SW202", 3)]
    assert "checked offline" in findings(result)[0]["message"]
    assert index.asked == [], "offline opens no connection"
    index_url = sw(project, "check", "app.py", "--select", "imports", "--offline", "--index-url", index.url, "--format", "json")
    assert [f["rule"] for f in findings(index_url)] == ["SW007", "SW202"], "a private index: PyPI's names prove nothing"


def test_project_environment_maps_imports_to_distributions(sw, project, index):
    site = project / ".venv" / "lib" / "python3.11" / "site-packages"
    write(project, ".venv/pyvenv.cfg", "home = /usr/bin\n")
    write(site, "acme_tools-1.0.dist-info/RECORD", "acmetools/__init__.py,,\nacme_tools-1.0.dist-info/RECORD,,\n")
    write(project, "app.py", "import acmetools\n")
    result = sw(project, "check", "app.py", "--select", "imports", "--format", "json")
    assert [(f["rule"], f["line"]) for f in findings(result)] == [("SW202", 1)]
    assert "`acme-tools`" in findings(result)[0]["message"]
    assert index.asked == []
    write(project, "pyproject.toml", PYPROJECT.replace('"PyYAML"', '"PyYAML", "acme-tools"'))
    assert sw(project, "check", "app.py", "--select", "imports").code == 0


def test_monorepo_packages_declare_their_own_dependencies(sw, tmp_path, index):
    write(tmp_path, "pyproject.toml", '[project]\nname = "root"\ndependencies = []\n[dependency-groups]\ndev = ["pytest"]\n')
    write(tmp_path, "packages/a/pyproject.toml", '[project]\nname = "a"\ndependencies = ["attrs"]\n')
    write(tmp_path, "packages/a/src/a/core.py", "import attrs\nimport pytest\nfrom a import helpers\n")
    write(tmp_path, "packages/a/src/a/helpers.py", "")
    write(tmp_path, "packages/b/pyproject.toml", '[project]\nname = "b"\ndependencies = []\n')
    write(tmp_path, "packages/b/b.py", "import attrs\n")
    result = sw(tmp_path, "check", "packages", "--select", "imports", "--format", "json")
    assert [(f["path"], f["rule"]) for f in findings(result)] == [("packages/b/b.py", "SW202")]


def test_suppression_baseline_and_cache(sw, project, index):
    write(project, "app.py", "import fastjson_utils  # stagewarden: ignore[SW201] -- generated at build time\nimport other_fake\n")
    first = sw(project, "check", "app.py", "--select", "imports", "--format", "json")
    assert [f["line"] for f in findings(first)] == [2]
    assert json.loads(first.out)["summary"]["suppressed"] == 1
    cached = sw(project, "check", "app.py", "--select", "imports", "--format", "json")
    assert findings(cached) == findings(first), "facts from the result cache give the same findings"
    assert sw(project, "baseline", "--select", "imports").code == 0
    write(project, "app.py", "\n\nimport fastjson_utils  # stagewarden: ignore[SW201] -- generated at build time\nimport other_fake\n")
    moved = sw(project, "check", "app.py", "--select", "imports", "--baseline", ".stagewarden-baseline.json")
    assert moved.code == 0, "moved lines stay baselined"


def test_syntax_error_in_a_file_only_import_rules_read(sw, project, index):
    write(project, "broken.py", "import os\ndef f(:\n")
    result = sw(project, "check", "broken.py", "--select", "imports", "--format", "json")
    assert [(f["rule"], f["line"]) for f in findings(result)] == [("SW001", 2)]


def test_hook_entry_point(project, index, monkeypatch, capsys):
    write(project, "app.py", "import fastjson_utils\n")
    monkeypatch.chdir(project)
    assert hook_main(["app.py"]) == 1
    assert "SW201" in capsys.readouterr().out
