"""Precision and recall on two realistic small projects, through the real command line.

tests/corpus/clean/ is written the way a careful team writes it, touching every library the
insecure-defaults rules know about, with the safe spellings and the look-alikes that must stay
silent: stagewarden must report nothing there.

tests/corpus/insecure/ is written the way a hurried code assistant writes it. Every line
that must be reported ends in a marker naming the rules it expects, one id per finding
(repeat an id for two findings of one rule on one line):

    response = requests.get(url, verify=False)  # expect: SW101, SW104

The findings, as (path, line, rule), must equal the markers exactly (a multiset).

Each corpus is its own project (it has a pyproject.toml with a [tool.stagewarden] table) and
is checked from its own root, the way a user runs stagewarden in their repository. That
matters: several rules judge a file by its path (Django settings modules, development and
test code), and every path under this repository's tests/ folder counts as test code.
"""

from __future__ import annotations

import ast
import io
import json
import re
import tokenize
from collections import Counter
from pathlib import Path

from stagewarden.registry import builtin_rules

PROJECT = Path(__file__).resolve().parents[2]
CORPUS = PROJECT / "tests" / "corpus"
CLEAN = CORPUS / "clean"
INSECURE = CORPUS / "insecure"

RULE_IDS = sorted(rule.id for rule in builtin_rules() if rule.family() == "insecure-defaults")

_MARKER_WORD = re.compile(r"#\s*expect\b", re.IGNORECASE)
_MARKER = re.compile(r"#\s*expect:\s*(SW\d{3}(?:\s*,\s*SW\d{3})*)\s*$")



def _python_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*.py") if "__pycache__" not in path.parts)


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def expected_findings(root: Path) -> Counter:
    """The `# expect:` markers of every Python file under `root`, read from real comments
    (tokenize, so a marker-like text inside a string is not one). A comment that mentions
    `expect` without being a well-formed marker is an error, so a typo cannot drop a case."""
    expected: Counter = Counter()
    malformed = []
    for path in _python_files(root):
        source = path.read_text(encoding="utf-8")
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type != tokenize.COMMENT or not _MARKER_WORD.search(token.string):
                continue
            match = _MARKER.search(token.string)
            if match is None:
                malformed.append(f"{_relative(path, root)}:{token.start[0]}: {token.string}")
                continue
            for rule_id in re.split(r"\s*,\s*", match.group(1)):
                expected[(_relative(path, root), token.start[0], rule_id)] += 1
    assert not malformed, "malformed expect markers (write `# expect: SW101, SW104`):\n" + "\n".join(malformed)
    return expected


def check(sw, cwd: Path, target: str, config: Path | None = None):
    """Run `stagewarden check` in-process and return (exit code, JSON report)."""
    argv = ["check", target, "--select", "insecure-defaults", "--format", "json", "--no-cache"]
    if config is not None:
        argv += ["--config", str(config)]
    result = sw(cwd, *argv)
    assert "internal error" not in result.err, result.err
    assert result.code in (0, 1), f"stagewarden exited {result.code}: {result.err}"
    return result.code, json.loads(result.out)


def check_corpus(sw, root: Path):
    """Check a corpus from its own root, with its own configuration."""
    return check(sw, root, ".", config=root / "pyproject.toml")


def _source_line(root: Path, path: str, line: int) -> str:
    try:
        return (root / path).read_text(encoding="utf-8").splitlines()[line - 1].strip()
    except (OSError, IndexError):
        return "?"


def _describe(findings: list[dict], root: Path) -> str:
    return "\n".join(
        f"  {f['path']}:{f['line']}:{f['column']}: {f['rule']} {f['message']}\n"
        f"      {_source_line(root, f['path'], f['line'])}"
        for f in findings
    )


def test_corpus_files_are_python_39():
    files = _python_files(CLEAN) + _python_files(INSECURE)
    assert len(_python_files(CLEAN)) >= 12 and len(_python_files(INSECURE)) >= 12
    for path in files:
        ast.parse(path.read_text(encoding="utf-8"), filename=str(path), feature_version=(3, 9))
        assert not path.name.startswith("test_"), f"{path}: pytest would take it for a test module"


def test_clean_corpus_has_no_findings(sw):
    code, report = check_corpus(sw, CLEAN)
    findings = report["findings"]
    assert report["summary"]["files"] == len(_python_files(CLEAN))
    assert not findings, (
        f"{len(findings)} finding(s) on code written the safe way (false positives, or a corpus mistake):\n"
        + _describe(findings, CLEAN)
    )
    assert code == 0


def test_clean_corpus_from_the_repository_root(sw):
    """The plain `stagewarden check tests/corpus/clean` from this repository."""
    code, report = check(sw, PROJECT, "tests/corpus/clean")
    assert not report["findings"], _describe(report["findings"], PROJECT)
    assert code == 0


def test_insecure_corpus_matches_expect_markers(sw):
    expected = expected_findings(INSECURE)
    code, report = check_corpus(sw, INSECURE)
    findings = report["findings"]
    found = Counter((f["path"], f["line"], f["rule"]) for f in findings)

    counts = Counter(f["rule"] for f in findings)
    print(f"\ninsecure corpus: {len(findings)} findings in {report['summary']['files']} files")
    for rule_id in RULE_IDS:
        print(f"  {rule_id}: {counts.get(rule_id, 0)}")

    missing = expected - found
    unexpected = found - expected
    lines = []
    if missing:
        lines.append("expected but not reported (false negatives, or a marker on the wrong line):")
        for (path, line, rule_id), count in sorted(missing.items()):
            times = f" x{count}" if count > 1 else ""
            lines.append(f"  {path}:{line}: {rule_id}{times}\n      {_source_line(INSECURE, path, line)}")
    if unexpected:
        lines.append("reported without an expect marker (false positives, or a marker missing):")
        for key in sorted(unexpected):
            extra = [f for f in findings if (f["path"], f["line"], f["rule"]) == key]
            lines.append(_describe(extra[: unexpected[key]], INSECURE))
    assert not lines, "\n".join(lines)
    assert code == 1


def test_insecure_corpus_covers_every_rule():
    covered = {rule_id for (_, _, rule_id) in expected_findings(INSECURE)}
    uncovered = [rule_id for rule_id in RULE_IDS if rule_id not in covered]
    assert not uncovered, f"no `# expect:` case in tests/corpus/insecure for {', '.join(uncovered)}"
