"""Applying fixes to files: only with `--fix` (safe fixes) or `--fix --unsafe-fixes`.

Edits are applied bottom-up on the decoded text; an edit that overlaps one already taken is
left for the next run. The file keeps its encoding and BOM, and is replaced atomically.
"""

from __future__ import annotations

import io
import tokenize
from collections import defaultdict
from pathlib import Path

from stagewarden.atomic import write_atomically
from stagewarden.findings import Finding, FixSafety


def applicable(finding: Finding, unsafe: bool) -> bool:
    return finding.fix is not None and (unsafe or finding.fix.safety is FixSafety.SAFE)


def apply_fixes(findings: list[Finding], root: Path, unsafe: bool) -> set[int]:
    """Apply what can be applied; return the ids of the findings that were fixed."""
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        if applicable(finding, unsafe):
            by_path[finding.path].append(finding)
    fixed: set[int] = set()
    for rel, group in by_path.items():
        fixed |= _fix_file(root / rel, group)
    return fixed


def _offset(starts: list[int], line: int, column: int) -> int:
    return starts[line - 1] + column - 1


def _fix_file(path: Path, findings: list[Finding]) -> set[int]:
    data = path.read_bytes()
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    text = data.decode(encoding)
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    taken: list[tuple[int, int, str]] = []
    fixed: set[int] = set()
    for finding in sorted(findings, key=lambda f: f.sort_key):
        spans = [(_offset(starts, e.line, e.column), _offset(starts, e.end_line, e.end_column), e.content) for e in finding.fix.edits]
        if any(a < end and start < b for a, b, _ in spans for start, end, _ in taken):
            continue
        taken.extend(spans)
        fixed.add(id(finding))
    for start, end, content in sorted(taken, reverse=True):
        text = text[:start] + content + text[end:]
    write_atomically(path, text.encode(encoding), mode=path.stat().st_mode & 0o7777)
    return fixed
