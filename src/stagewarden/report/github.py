"""GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` annotation a finding."""

from __future__ import annotations

_LEVEL = {"high": "error", "medium": "warning", "low": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(result, rules) -> str:
    by_id = {rule.id: rule for rule in rules}
    lines = []
    for finding in result.findings:
        rule = by_id.get(finding.rule_id)
        title = f"{finding.rule_id} {rule.name}" if rule else finding.rule_id
        properties = ",".join(
            [
                f"file={_property(finding.path)}",
                f"line={finding.line}",
                f"col={finding.column}",
                f"endLine={finding.end_line}",
                f"endColumn={finding.end_column}",
                f"title={_property(title)}",
            ]
        )
        hint = f" -> {finding.hint}" if finding.hint else ""
        message = f"{finding.message}{hint} [{finding.severity.label} severity, {finding.confidence.label} confidence]"
        lines.append(f"::{_LEVEL[finding.severity.label]} {properties}::{_data(message)}")
    return "\n".join(lines) + ("\n" if lines else "")
