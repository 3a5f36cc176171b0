"""SARIF 2.1.0 for code-scanning services (GitHub, GitLab, Azure DevOps).

Relative artifact URIs with `uriBaseId: %SRCROOT%`, a rules table with help text and CWE tags,
`partialFingerprints` from our line-free fingerprints (so alerts survive unrelated edits), and
`fixes` for findings that carry one. Columns are Unicode code points (`columnKind`).
"""

from __future__ import annotations

import json
from urllib.parse import quote

from stagewarden import __version__

_LEVEL = {"high": "error", "medium": "warning", "low": "note"}
_SECURITY_SEVERITY = {"high": "8.0", "medium": "5.5", "low": "3.0"}
SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"


def _uri(rel: str) -> str:
    return quote(rel, safe="/")


def _rule_descriptor(rule) -> dict:
    sections = rule.doc_sections()
    # SARIF tags are a set: a rule tag equal to the family name ("imports") appears once.
    tags = list(dict.fromkeys(["security", rule.family(), *rule.tags, *(f"external/cwe/cwe-{c}" for c in rule.cwe)]))
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": sections.get("What it does", rule.summary)},
        "help": {"text": rule.doc(), "markdown": rule.doc()},
        "defaultConfiguration": {"level": _LEVEL[rule.effective_severity.label]},
        "properties": {
            "tags": tags,
            "precision": {3: "high", 2: "medium", 1: "low"}[int(rule.confidence)],
            "security-severity": _SECURITY_SEVERITY[rule.effective_severity.label],
        },
    }


def _region(line: int, column: int, end_line: int, end_column: int) -> dict:
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}


def _result(finding, index: int | None) -> dict:
    location = {"uri": _uri(finding.path), "uriBaseId": "%SRCROOT%"}
    hint = f" -> {finding.hint}" if finding.hint else ""
    result = {
        "ruleId": finding.rule_id,
        "level": "note" if ("advisory", "true") in finding.properties else _LEVEL[finding.severity.label],
        "message": {"text": f"{finding.message}{hint}"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": location,
                    "region": _region(finding.line, finding.column, finding.end_line, finding.end_column),
                }
            }
        ],
        "partialFingerprints": {"stagewarden/v1": finding.fingerprint},
        "properties": {"severity": finding.severity.label, "confidence": finding.confidence.label},
    }
    if index is not None:
        result["ruleIndex"] = index
    if finding.fix is not None:
        result["fixes"] = [
            {
                "description": {"text": f"{finding.fix.description} ({finding.fix.safety.value} fix)"},
                "artifactChanges": [
                    {
                        "artifactLocation": location,
                        "replacements": [
                            {
                                "deletedRegion": _region(e.line, e.column, e.end_line, e.end_column),
                                "insertedContent": {"text": e.content},
                            }
                            for e in finding.fix.edits
                        ],
                    }
                ],
            }
        ]
    return result


def render_sarif(result, rules) -> str:
    ordered = sorted(rules, key=lambda r: r.id)
    index = {rule.id: i for i, rule in enumerate(ordered)}
    root = result.root.resolve().as_uri().rstrip("/") + "/"
    document = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "stagewarden",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [_rule_descriptor(rule) for rule in ordered],
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": root}},
                "columnKind": "unicodeCodePoints",
                "results": [_result(f, index.get(f.rule_id)) for f in result.findings],
            }
        ],
    }
    return json.dumps(document, indent=2) + "\n"
