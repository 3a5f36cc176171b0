"""The JSON format (documented in docs/output-formats.md; `version` changes only on breaking changes)."""

from __future__ import annotations

import json

from stagewarden import __version__

JSON_VERSION = 1


def finding_json(finding, rule) -> dict:
    data = {
        "rule": finding.rule_id,
        "name": rule.name if rule else None,
        "family": rule.family() if rule else None,
        "severity": finding.severity.label,
        "confidence": finding.confidence.label,
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "message": finding.message,
        "hint": finding.hint,
        "cwe": [f"CWE-{c}" for c in (rule.cwe if rule else ())],
        "fingerprint": finding.fingerprint,
        # A notice that never fails the run (an unverified import offline, a data file too
        # large to scan), whatever --fail-on says.
        "advisory": ("advisory", "true") in finding.properties,
        "fix": None,
    }
    if finding.fix is not None:
        data["fix"] = {
            "description": finding.fix.description,
            "safety": finding.fix.safety.value,
            "edits": [
                {"line": e.line, "column": e.column, "end_line": e.end_line, "end_column": e.end_column, "content": e.content}
                for e in finding.fix.edits
            ],
        }
    return data


def render_json(result, rules) -> str:
    by_id = {rule.id: rule for rule in rules}
    findings = [finding_json(f, by_id.get(f.rule_id)) for f in result.findings]
    counts = {level: sum(1 for f in result.findings if f.severity.label == level) for level in ("high", "medium", "low")}
    document = {
        "version": JSON_VERSION,
        "tool": {"name": "stagewarden", "version": __version__},
        "summary": {
            "files": result.files,
            "findings": len(findings),
            "by_severity": counts,
            "suppressed": result.suppressed,
            "baselined": result.baselined,
        },
        "findings": findings,
    }
    return json.dumps(document, indent=2, sort_keys=False) + "\n"
