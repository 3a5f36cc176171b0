"""The data every part of stagewarden passes around: severities, findings and fixes.

Everything here is a frozen dataclass or an ordered enum so that findings can be cached,
compared, sorted and serialised without surprises.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Level(enum.IntEnum):
    """An ordered low < medium < high scale, shared by severity and confidence."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Level":
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"expected one of low, medium, high, got {text!r}") from None


Severity = Level
Confidence = Level


class FixSafety(enum.Enum):
    """Whether a fix keeps behaviour (safe) or may change it and needs review (unsafe)."""

    SAFE = "safe"
    UNSAFE = "unsafe"


@dataclass(frozen=True)
class Edit:
    """Replace the text between two 1-based (line, column) positions; end is exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int
    content: str


@dataclass(frozen=True)
class Fix:
    """A change that removes the finding, as text edits on the original file."""

    description: str
    safety: FixSafety
    edits: tuple[Edit, ...]


@dataclass(frozen=True)
class Finding:
    """One problem at one place.

    `line`/`column` are 1-based. `span` holds the first and last line of the statement the
    finding belongs to: an inline suppression on any of those lines applies. `fingerprint`
    identifies the finding without line numbers (see baseline.py).
    """

    rule_id: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    message: str
    hint: str
    severity: Level
    confidence: Level
    fingerprint: str
    span: tuple[int, int] = (0, 0)
    fix: Fix | None = None
    properties: tuple[tuple[str, str], ...] = field(default=())

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.rule_id, self.message)


def finding_to_dict(finding: Finding) -> dict:
    """A plain-JSON form of a finding (the cache's storage form; reporters pick their own fields)."""
    data = {
        "rule": finding.rule_id,
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "message": finding.message,
        "hint": finding.hint,
        "severity": finding.severity.label,
        "confidence": finding.confidence.label,
        "fingerprint": finding.fingerprint,
        "span": list(finding.span),
        "fix": None,
        "properties": [list(p) for p in finding.properties],
    }
    if finding.fix is not None:
        data["fix"] = {
            "description": finding.fix.description,
            "safety": finding.fix.safety.value,
            "edits": [[e.line, e.column, e.end_line, e.end_column, e.content] for e in finding.fix.edits],
        }
    return data


def finding_from_dict(data: dict) -> Finding:
    fix = None
    if data.get("fix"):
        raw = data["fix"]
        fix = Fix(raw["description"], FixSafety(raw["safety"]), tuple(Edit(*edit) for edit in raw["edits"]))
    return Finding(
        rule_id=data["rule"],
        path=data["path"],
        line=data["line"],
        column=data["column"],
        end_line=data["end_line"],
        end_column=data["end_column"],
        message=data["message"],
        hint=data["hint"],
        severity=Level.parse(data["severity"]),
        confidence=Level.parse(data["confidence"]),
        fingerprint=data["fingerprint"],
        span=tuple(data["span"]),
        fix=fix,
        properties=tuple(tuple(p) for p in data.get("properties", ())),
    )
