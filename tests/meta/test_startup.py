"""A run with nothing to parse must not pay for importing libcst (lazy imports stay lazy)."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
from stagewarden.cli import run
code = run(sys.argv[1:])
print("LOADED" if "libcst._nodes" in sys.modules else "LAZY")
sys.exit(code)
"""


def test_rules_and_a_run_without_parsing_do_not_load_libcst(tmp_path):
    (tmp_path / "plain.py").write_text("x = 1\n")  # no rule's trigger word: never parsed
    completed = subprocess.run([sys.executable, "-c", PROBE, "check", "plain.py", "--no-cache"], cwd=tmp_path,
                               capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip().endswith("LAZY"), completed.stdout


def test_a_file_that_needs_a_parse_loads_it(tmp_path):
    (tmp_path / "a.py").write_text("import yaml\nyaml.load(data)\n")
    completed = subprocess.run([sys.executable, "-c", PROBE, "check", "a.py", "--no-cache"], cwd=tmp_path,
                               capture_output=True, text=True)
    assert completed.stdout.strip().endswith("LOADED")
