"""Third-party rule packs through the `stagewarden.rules` entry-point group."""

from __future__ import annotations

import os
import subprocess
import sys

from helpers import write

PACK = '''
from stagewarden.rule import HIGH, Invalid, PythonRule


class NoPrint(PythonRule):
    """
    ## What it does
    Reports print().
    """

    id = "SW190"
    name = "no-print"
    summary = "print call"
    hint = "use logging"
    severity = HIGH
    triggers = ("print",)

    def visit_Call(self, node, ctx):
        if ctx.qualname(node.func) == "builtins.print":
            self.report(ctx, node, "print() in committed code")


RULES = [NoPrint]
'''


def test_an_installed_rule_pack_runs_like_a_builtin(tmp_path):
    site = tmp_path / "site"
    write(site, "acme_rules.py", PACK)
    write(site, "acme_rules-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: acme-rules\nVersion: 1.0\n")
    write(site, "acme_rules-1.0.dist-info/entry_points.txt", "[stagewarden.rules]\nacme = acme_rules:RULES\n")
    project = tmp_path / "project"
    write(project, "a.py", "print('hi')\n")
    env = dict(os.environ, PYTHONPATH=str(site))
    completed = subprocess.run([sys.executable, "-m", "stagewarden", "check", "a.py", "--select", "SW190", "--no-cache"],
                               cwd=project, env=env, capture_output=True, text=True)
    assert completed.returncode == 1, completed.stderr
    assert "a.py:1:1: SW190 [high] print() in committed code -> use logging" in completed.stdout
    broken = tmp_path / "broken"
    write(broken, "bad-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: bad\nVersion: 1.0\n")
    write(broken, "bad-1.0.dist-info/entry_points.txt", "[stagewarden.rules]\nbad = no_such_module:RULES\n")
    env = dict(os.environ, PYTHONPATH=str(broken))
    failed = subprocess.run([sys.executable, "-m", "stagewarden", "check", "a.py"], cwd=project, env=env, capture_output=True, text=True)
    assert failed.returncode == 2 and "rule pack 'bad'" in failed.stderr and "Traceback" not in failed.stderr
