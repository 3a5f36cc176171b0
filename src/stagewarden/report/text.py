"""The human format: `path:line:col: SW101 [high] message -> hint`, then a one-line summary."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

_COLORS = {"high": "\033[31m", "medium": "\033[33m", "low": "\033[36m"}
_RESET = "\033[0m"


def display_path(rel: str, root: Path, cwd: Path) -> str:
    """Relative to the working directory when the file is under it (clickable in terminals)."""
    absolute = root / rel
    try:
        return absolute.relative_to(cwd).as_posix()
    except ValueError:
        return os.path.relpath(absolute, cwd) if os.path.isabs(str(absolute)) else rel


def render_text(result, rules, cwd: Path, color: bool = False) -> str:
    lines = []
    for finding in result.findings:
        severity = finding.severity.label
        tag = f"[{severity}]"
        if color:
            tag = f"{_COLORS[severity]}{tag}{_RESET}"
        hint = f" -> {finding.hint}" if finding.hint else ""
        fixable = " (fix available)" if finding.fix is not None else ""
        where = display_path(finding.path, result.root, cwd)
        lines.append(f"{where}:{finding.line}:{finding.column}: {finding.rule_id} {tag} {finding.message}{hint}{fixable}")
    lines.append(summary(result))
    return "\n".join(lines) + "\n"


def summary(result) -> str:
    extras = []
    if result.suppressed:
        extras.append(f"{result.suppressed} suppressed")
    if result.baselined:
        extras.append(f"{result.baselined} in baseline")
    tail = f" ({', '.join(extras)})" if extras else ""
    files = f"{result.files} file{'s' if result.files != 1 else ''}"
    if not result.findings:
        return f"stagewarden: no findings in {files}{tail}"
    by_severity = Counter(f.severity.label for f in result.findings)
    parts = ", ".join(f"{by_severity[s]} {s}" for s in ("high", "medium", "low") if by_severity[s])
    count = len(result.findings)
    return f"stagewarden: {count} finding{'s' if count != 1 else ''} ({parts}) in {files}{tail}"
