"""Bad input gets a clear notice and the run goes on: nothing crashes, nothing is rewritten."""

from __future__ import annotations

from helpers import write

INSECURE = "import requests\nrequests.get(url, verify=False, timeout=5)\n"


def test_syntax_error_is_a_finding_at_its_line(sw, tmp_path):
    write(tmp_path, "broken.py", "import requests\nrequests.get(url, verify=False\n\nx = 1\n")
    write(tmp_path, "ok.py", INSECURE)
    result = sw(tmp_path, "check", "broken.py", "ok.py")
    assert result.code == 1
    assert "broken.py:2:13: SW001 [medium] syntax error, file not checked: '(' was never closed" in result.out
    assert "ok.py:2:" in result.out, "the run goes on after a bad file"
    assert "Traceback" not in result.out + result.err


def test_binary_and_undecodable_python_files(sw, tmp_path):
    write(tmp_path, "blob.py", b"\x00\x01\x02requests verify")
    write(tmp_path, "latin.py", "name = 'caf\xe9'\nimport requests\n".encode("latin-1"))
    write(tmp_path, "declared.py", "# -*- coding: latin-1 -*-\nname = 'caf\xe9'\nimport requests\nrequests.get(u, verify=False, timeout=5)\n".encode("latin-1"))
    write(tmp_path, "bom.py", b"\xef\xbb\xbf" + INSECURE.encode())
    result = sw(tmp_path, "check", "blob.py", "latin.py", "declared.py", "bom.py")
    assert "blob.py:1:1: SW002 [medium] file skipped: it looks binary" in result.out
    assert "latin.py:1:1: SW002 [medium] file skipped: not valid utf-8, and no PEP 263 coding line" in result.out
    assert "declared.py:4:" in result.out and "bom.py:2:" in result.out


def test_oversized_file_is_skipped_with_a_notice(sw, tmp_path):
    write(tmp_path, "pyproject.toml", "[tool.stagewarden]\nmax-file-size = 64\n")
    write(tmp_path, "big.py", INSECURE + "#" * 100 + "\n")
    write(tmp_path, "small.py", INSECURE)
    result = sw(tmp_path, "check", "big.py", "small.py")
    assert "big.py:1:1: SW003 [low] file skipped:" in result.out
    assert "small.py:2:" in result.out


def test_missing_file_is_a_notice(sw, tmp_path):
    write(tmp_path, "ok.py", "x = 1\n")
    result = sw(tmp_path, "check", "ok.py", "gone.py")
    assert "gone.py:1:1: SW004 [low] no such file or directory" in result.out
    assert result.code == 1


def test_vanished_file_under_the_hook(sw, tmp_path):
    """pre-commit passes names; a file deleted meanwhile is a notice, not a crash."""
    result = sw(tmp_path, "check", "vanished.py", families=("insecure-defaults",), hook=True)
    assert "vanished.py:1:1: SW004" in result.out


def test_broken_toml_is_a_usage_error(sw, tmp_path):
    write(tmp_path, "pyproject.toml", "[tool.stagewarden\nselect = [\n")
    write(tmp_path, "a.py", INSECURE)
    result = sw(tmp_path, "check", "a.py")
    assert result.code == 2
    assert result.err.startswith("stagewarden: error: pyproject.toml: invalid TOML")
    assert result.err.count("\n") == 1


def test_deeply_nested_code_does_not_crash(sw, tmp_path):
    write(tmp_path, "deep.py", "import requests\nx = " + "[" * 400 + "]" * 400 + "\nrequests.get(u, verify=False, timeout=5)\n")
    result = sw(tmp_path, "check", "deep.py")
    assert result.code in (0, 1)
    assert "internal error" not in result.err


def test_non_python_files_are_ignored_by_python_rules(sw, tmp_path):
    write(tmp_path, "notes.txt", INSECURE)
    write(tmp_path, "image.png", b"\x89PNG\x00\x00")
    result = sw(tmp_path, "check", "notes.txt", "image.png")
    assert result.code == 0 and "no findings" in result.out


def test_python_script_without_extension_by_shebang(sw, tmp_path):
    write(tmp_path, "bin/tool", "#!/usr/bin/env python3\n" + INSECURE)
    assert "bin/tool:3:" in sw(tmp_path, "check", "bin/tool").out


def test_a_failing_rule_becomes_a_notice_and_the_run_goes_on(tmp_path):
    """A defect in one rule (here a rule pack's rule that raises) must not cost the other files."""
    from stagewarden.engine import Engine
    from stagewarden.rule import PythonRule
    from stagewarden.rules.notices.analysis_error import AnalysisError

    class Exploding(PythonRule):
        id, name, summary, triggers = "SW199", "exploding", "explodes", ("boom",)

        def visit_Call(self, node, ctx):
            raise RuntimeError("rule defect")

    from stagewarden.registry import builtin_rules

    verify = next(rule for rule in builtin_rules() if rule.id == "SW101")
    engine = Engine([Exploding(), AnalysisError(), verify()])
    outcome = engine.check_bytes(b"import requests\nboom()\nrequests.get(u, verify=False, timeout=1)\n", "a.py")
    assert [(f.rule_id, f.line) for f in outcome.findings] == [("SW006", 1), ("SW101", 3)], "the other rules still report"
    assert "internal error in SW199" in outcome.findings[0].message and "RuntimeError: rule defect" in outcome.findings[0].message
    assert engine.check_bytes(b"x = 1\n", "b.py").findings == []
