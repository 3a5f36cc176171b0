"""Baselines: no line numbers, deterministic, new findings still reported, stale entries found."""

from __future__ import annotations

import json

from helpers import write

INSECURE = "import requests\nrequests.get(url, verify=False, timeout=5)\n"


def test_baseline_roundtrip_and_stability(sw, tmp_path):
    write(tmp_path, "a.py", INSECURE)
    assert sw(tmp_path, "baseline", "a.py").code == 0
    path = tmp_path / ".stagewarden-baseline.json"
    first = path.read_text()
    data = json.loads(first)
    assert data["version"] == 1 and len(data["findings"]) == 1
    entry = data["findings"][0]
    assert set(entry) == {"rule", "path", "fingerprint", "count"} and entry["path"] == "a.py"
    assert "line" not in first and "2026" not in first, "no line numbers, no timestamps"

    result = sw(tmp_path, "check", "a.py", "--baseline", ".stagewarden-baseline.json")
    assert result.code == 0 and "1 in baseline" in result.out

    # Unrelated edits above the finding do not churn the baseline.
    write(tmp_path, "a.py", "# a new comment\nimport os\n\n" + INSECURE)
    assert sw(tmp_path, "check", "a.py", "--baseline", ".stagewarden-baseline.json").code == 0
    sw(tmp_path, "baseline", "a.py")
    assert path.read_text() == first, "regenerating gives byte-identical output"


def test_new_findings_are_reported_and_stale_entries_checked(sw, tmp_path):
    write(tmp_path, "pyproject.toml", "[tool.stagewarden]\nbaseline = 'sw-baseline.json'\n")
    write(tmp_path, "a.py", INSECURE)
    sw(tmp_path, "baseline", "a.py")
    assert (tmp_path / "sw-baseline.json").exists(), "the configured path is used"
    # The same finding again in the same file is new: counts are kept per fingerprint.
    write(tmp_path, "a.py", INSECURE + "requests.get(url, verify=False, timeout=5)\nrequests.post(url, verify=False)\n")
    result = sw(tmp_path, "check", "a.py")
    assert result.code == 1
    assert result.out.count("SW101") == 2, result.out
    # Fixing the original finding leaves a stale entry, which `baseline --check` reports.
    write(tmp_path, "a.py", "import requests\nrequests.get(url, verify=True)\n")
    stale = sw(tmp_path, "baseline", "a.py", "--check")
    assert stale.code == 1 and "no longer matches" in stale.out
    sw(tmp_path, "baseline", "a.py")
    assert sw(tmp_path, "baseline", "a.py", "--check").code == 0


def test_missing_or_corrupt_baseline_is_a_usage_error(sw, tmp_path):
    write(tmp_path, "a.py", INSECURE)
    assert sw(tmp_path, "check", "a.py", "--baseline", "nope.json").code == 2
    write(tmp_path, "bad.json", "{not json")
    result = sw(tmp_path, "check", "a.py", "--baseline", "bad.json")
    assert result.code == 2 and "not valid JSON" in result.err
