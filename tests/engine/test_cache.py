"""The per-file cache: used when content, version and configuration match; atomic files."""

from __future__ import annotations

import json
import os
from pathlib import Path

from helpers import write

INSECURE = "import requests\nrequests.get(url, verify=False, timeout=5)\n"


def cache_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*.json")]


def test_results_come_from_the_cache_when_nothing_changed(sw, tmp_path):
    cache = Path(os.environ["STAGEWARDEN_CACHE_DIR"])
    write(tmp_path, "a.py", INSECURE)
    sw(tmp_path, "check", "a.py")
    entries = cache_files(cache)
    assert len(entries) == 1
    # Prove the second run reads the entry: alter the cached message and see it come back.
    data = json.loads(entries[0].read_text())
    data["findings"][0]["message"] = "served from the cache"
    entries[0].write_text(json.dumps(data))
    assert "served from the cache" in sw(tmp_path, "check", "a.py").out
    # --no-cache neither reads nor writes it.
    assert "served from the cache" not in sw(tmp_path, "check", "a.py", "--no-cache").out
    # Changed content, or a changed configuration, is a different key.
    write(tmp_path, "a.py", INSECURE + "\n")
    assert "served from the cache" not in sw(tmp_path, "check", "a.py").out
    write(tmp_path, "a.py", INSECURE)
    write(tmp_path, "pyproject.toml", "[tool.stagewarden.rules.SW101]\nseverity = 'low'\n")
    assert "served from the cache" not in sw(tmp_path, "check", "a.py").out


def test_corrupt_cache_entry_is_a_miss(sw, tmp_path):
    cache = Path(os.environ["STAGEWARDEN_CACHE_DIR"])
    write(tmp_path, "a.py", INSECURE)
    sw(tmp_path, "check", "a.py")
    for entry in cache_files(cache):
        entry.write_text("{truncated")
    result = sw(tmp_path, "check", "a.py")
    assert result.code == 1 and "SW101" in result.out


def test_no_temporary_files_are_left_behind(sw, tmp_path):
    cache = Path(os.environ["STAGEWARDEN_CACHE_DIR"])
    for index in range(5):
        write(tmp_path, f"m{index}.py", INSECURE + f"x = {index}\n")
    sw(tmp_path, "check", ".")
    assert not [p for p in cache.rglob(".*") if p.is_file()], "temporary files are renamed or removed"
    assert len(cache_files(cache)) == 5
