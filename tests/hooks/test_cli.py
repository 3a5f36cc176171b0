"""The CLI contract: commands, options, formats and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

from helpers import git, write

from stagewarden import __version__

INSECURE = "import requests as r\nr.get(url, verify=False, timeout=5)\n"


def test_clean_file_exits_zero(sw, tmp_path):
    write(tmp_path, "app.py", "import requests\nrequests.get(url, verify=True, timeout=5)\n")
    result = sw(tmp_path, "check", "app.py")
    assert result.code == 0, result
    assert "no findings in 1 file" in result.out


def test_finding_exits_one_with_the_documented_line(sw, tmp_path):
    write(tmp_path, "app/http.py", "import requests\n\n\n\n\n\n\n\n\n\n\ndef f(url):\n    return requests.get(url, verify=False, timeout=5)\n")
    result = sw(tmp_path, "check", "app/http.py", "--select", "SW101")
    assert result.code == 1
    assert result.out.splitlines()[0] == (
        "app/http.py:13:37: SW101 [high] TLS certificate verification disabled (verify=False)"
        " -> pass verify=True or a CA bundle path (fix available)"
    )


def test_no_path_checks_the_files_git_tracks(sw, repo):
    write(repo, "tracked.py", INSECURE)
    write(repo, "untracked.py", INSECURE)
    git(repo, "add", "tracked.py")
    result = sw(repo, "check", "--select", "SW101")
    assert "tracked.py:2" in result.out and "untracked.py" not in result.out


def test_directories_are_walked_honouring_gitignore(sw, repo):
    write(repo, ".gitignore", "generated/\n")
    write(repo, "pkg/a.py", INSECURE)
    write(repo, "pkg/generated/b.py", INSECURE)
    write(repo, "pkg/.venv/lib/c.py", INSECURE)
    write(repo, "pkg/.gitignore", ".venv/\n")
    result = sw(repo, "check", "pkg", "--select", "SW101")
    assert "pkg/a.py:2" in result.out
    assert "generated" not in result.out and ".venv" not in result.out


def test_fail_on_and_min_confidence(sw, tmp_path):
    # SW101 is high severity; with an unknown receiver it is medium confidence.
    write(tmp_path, "a.py", "def f(client, url):\n    return client.get(url, verify=False)\n")
    assert sw(tmp_path, "check", "a.py", "--select", "SW101").code == 1
    assert sw(tmp_path, "check", "a.py", "--select", "SW101", "--min-confidence", "high").code == 0
    write(tmp_path, "b.py", "x = 1  # stagewarden: ignore\n")  # SW005 is low severity
    assert sw(tmp_path, "check", "b.py", "--fail-on", "medium").code == 0
    assert sw(tmp_path, "check", "b.py", "--fail-on", "low").code == 1


def test_select_and_ignore_by_family_id_and_prefix(sw, tmp_path):
    write(tmp_path, "a.py", INSECURE + "y = 1  # stagewarden: ignore\n")
    assert "a.py:2:19: SW101" in sw(tmp_path, "check", "a.py", "--select", "insecure-defaults").out
    assert "a.py:2:19: SW101" in sw(tmp_path, "check", "a.py", "--select", "SW1").out
    assert "a.py:2:19: SW101" not in sw(tmp_path, "check", "a.py", "--ignore", "SW101").out
    assert "a.py:2:19: SW101" not in sw(tmp_path, "check", "a.py", "--ignore", "insecure-defaults").out
    assert "a.py:3:8: SW005" in sw(tmp_path, "check", "a.py", "--select", "SW101").out, "notices stay on"
    assert "SW005" not in sw(tmp_path, "check", "a.py", "--ignore", "SW0").out


def test_usage_errors_exit_two_with_one_line(sw, tmp_path):
    write(tmp_path, "a.py", INSECURE)
    for argv in (["check", "a.py", "--select", "SW999"], ["check", "a.py", "--ignore", "nonsense"], ["explain", "SW999"]):
        result = sw(tmp_path, *argv)
        assert result.code == 2, argv
        assert result.err.count("\n") == 1 and result.err.startswith("stagewarden: error:")
        assert "Traceback" not in result.err


def test_argparse_errors_exit_two(tmp_path):
    completed = subprocess.run([sys.executable, "-m", "stagewarden", "check", "--format", "xml"], cwd=tmp_path, capture_output=True, text=True)
    assert completed.returncode == 2
    assert "invalid choice" in completed.stderr


def test_json_format_is_stable(sw, tmp_path):
    write(tmp_path, "a.py", INSECURE)
    document = json.loads(sw(tmp_path, "check", "a.py", "--format", "json", "--select", "SW101").out)
    assert document["version"] == 1
    assert document["tool"] == {"name": "stagewarden", "version": __version__}
    assert document["summary"]["findings"] == 1 and document["summary"]["by_severity"]["high"] == 1
    finding = document["findings"][0]
    assert set(finding) == {"rule", "name", "family", "severity", "confidence", "path", "line", "column", "end_line",
                            "end_column", "message", "hint", "cwe", "fingerprint", "advisory", "fix"}
    assert finding["rule"] == "SW101" and finding["cwe"] == ["CWE-295"] and finding["line"] == 2
    assert finding["fix"]["safety"] == "unsafe" and finding["fix"]["edits"][0]["content"] == "True"


def test_github_format_annotations(sw, tmp_path):
    write(tmp_path, "a.py", INSECURE)
    out = sw(tmp_path, "check", "a.py", "--format", "github", "--select", "SW101").out
    assert out.startswith("::error file=a.py,line=2,col=19,endLine=2,endColumn=24,title=SW101 tls-verification-disabled::")
    assert "verify=False" in out


def test_output_file(sw, tmp_path):
    write(tmp_path, "a.py", INSECURE)
    result = sw(tmp_path, "check", "a.py", "--format", "json", "--output", "reports/out.json")
    assert result.code == 1 and result.out == ""
    assert json.loads((tmp_path / "reports/out.json").read_text())["summary"]["findings"] >= 1


def test_rules_explain_and_version(sw, tmp_path):
    listing = sw(tmp_path, "rules").out
    assert "SW101  tls-verification-disabled" in listing
    rows = json.loads(sw(tmp_path, "rules", "--format", "json").out)
    assert {"id", "name", "family", "severity", "cwe", "bandit", "ruff"} <= set(rows[0])
    explained = sw(tmp_path, "explain", "SW101").out
    assert "## Why is this bad?" in explained and "CWE-295" in explained
    assert sw(tmp_path, "explain", "tls-verification-disabled").code == 0
    completed = subprocess.run([sys.executable, "-m", "stagewarden", "--version"], capture_output=True, text=True)
    assert completed.stdout.strip() == f"stagewarden {__version__}"


def test_fix_rewrites_only_when_asked(sw, tmp_path):
    path = write(tmp_path, "a.py", INSECURE)
    sw(tmp_path, "check", "a.py")
    assert path.read_text() == INSECURE, "check without --fix never writes"
    assert sw(tmp_path, "check", "a.py", "--fix", "--select", "SW101").code == 1, "an unsafe fix needs --unsafe-fixes"
    assert path.read_text() == INSECURE
    result = sw(tmp_path, "check", "a.py", "--fix", "--unsafe-fixes", "--select", "SW101")
    assert result.code == 0, result
    assert path.read_text() == "import requests as r\nr.get(url, verify=True, timeout=5)\n"


def test_base_limits_the_run_to_changed_files(sw, repo):
    write(repo, "old.py", INSECURE)
    git(repo, "add", "old.py")
    git(repo, "commit", "-q", "-m", "old")
    write(repo, "new.py", INSECURE)
    git(repo, "add", "new.py")
    result = sw(repo, "check", "--base", "HEAD", "--select", "SW101")
    assert "new.py:2" in result.out and "old.py" not in result.out
    bad = sw(repo, "check", "--base", "no-such-ref")
    assert bad.code == 2 and "no-such-ref" in bad.err


def test_hook_entry_points_run_as_console_scripts(tmp_path):
    write(tmp_path, "a.py", INSECURE)
    bindir = __import__("pathlib").Path(sys.executable).parent
    for script in ("stagewarden-insecure-defaults", "stagewarden-hook"):
        completed = subprocess.run([str(bindir / script), "a.py"], cwd=tmp_path, capture_output=True, text=True)
        assert completed.returncode == 1, completed.stderr
        assert "a.py:2:19: SW101" in completed.stdout
    empty = subprocess.run([str(bindir / "stagewarden-insecure-defaults")], cwd=tmp_path, capture_output=True, text=True)
    assert empty.returncode == 0, "a hook given no files has nothing to check"


def test_all_checks_hook_runs_a_large_change_in_a_pool(tmp_path, monkeypatch, capsys):
    """The `stagewarden` hook is require_serial, so a large change arrives in one process and
    is checked with a process pool: same findings as one process."""
    from stagewarden.hooks import all_checks

    for number in range(60):
        (tmp_path / f"m{number}.py").write_text("import requests\nrequests.get(url, verify=False, timeout=5)\n"
                                                if number % 20 == 0 else f"x = {number}\n")
    monkeypatch.chdir(tmp_path)
    names = sorted(p.name for p in tmp_path.glob("*.py"))
    pooled = all_checks.main(["--no-cache", "--select", "SW101", *names])
    pooled_out = capsys.readouterr().out
    single = all_checks.main(["--no-cache", "--jobs", "1", "--select", "SW101", *names])
    assert pooled == single == 1
    assert pooled_out == capsys.readouterr().out and pooled_out.count("SW101") == 3
