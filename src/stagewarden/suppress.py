"""Inline suppressions, read with one tokenize pass over the comments of a file.

`# stagewarden: ignore[SW101, SW102] -- reason` silences those rules for the statement the
comment sits on (any of its lines). A bare `# stagewarden: ignore` silences nothing and is
reported as SW005, so every suppression says what it silences. Teams migrating from bandit or
ruff keep their `# nosec B501` and `# noqa: S501` comments: the ids are mapped to ours through
the rules' own `bandit` and `ruff` metadata (the table in docs/migrating.md).
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass, field

_MARKERS = re.compile(rb"stagewarden:|nosec|noqa|pragma", re.IGNORECASE)
_OURS = re.compile(r"#\s*stagewarden:\s*ignore(?:\[(?P<ids>[^\]]*)\])?", re.IGNORECASE)
_NOSEC = re.compile(r"#\s*nosec\b(?P<ids>(?:[\s:,]+[A-Za-z]\d+\w*)*)", re.IGNORECASE)
_NOQA = re.compile(r"#\s*noqa(?::(?P<ids>[\s\w,]+))?", re.IGNORECASE)
_ID = re.compile(r"[A-Za-z]+\d+")


@dataclass
class Suppressions:
    """Rule ids (or prefixes) silenced per line, and the lines of bare `stagewarden: ignore`."""

    by_line: dict[int, set[str]] = field(default_factory=dict)
    bare: list[tuple[int, int]] = field(default_factory=list)

    def silences(self, rule_id: str, first: int, last: int) -> bool:
        for line in range(first, last + 1):
            for token in self.by_line.get(line, ()):
                if rule_id.startswith(token):
                    return True
        return False


def parse_suppressions(text: str, raw: bytes, foreign: dict[str, tuple[str, ...]]) -> Suppressions:
    """Collect suppressions from the comments of Python source `text`.

    `foreign` maps bandit/ruff ids (B501, S501) to our rule ids. Files without any marker
    bytes skip tokenizing altogether.
    """
    found = Suppressions()
    if not _MARKERS.search(raw):
        return found
    try:
        tokens = [t for t in tokenize.generate_tokens(io.StringIO(text).readline) if t.type == tokenize.COMMENT]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return found
    for token in tokens:
        line, column = token.start
        _read_comment(token.string, line, column, found, foreign)
    return found


def parse_line_comments(lines: list[str], foreign: dict[str, tuple[str, ...]], prefix: str = "#") -> Suppressions:
    """The same for non-Python text files: any line's trailing comment counts."""
    found = Suppressions()
    for number, line in enumerate(lines, 1):
        index = line.find(prefix)
        if index >= 0 and ("stagewarden" in line or "nosec" in line or "noqa" in line):
            _read_comment(line[index:], number, index, found, foreign)
    return found


_ANY_COMMENT = re.compile(r"stagewarden:\s*ignore(?:\[(?P<ids>[^\]]*)\])?", re.IGNORECASE)


def parse_text_suppressions(lines: list[str]) -> Suppressions:
    """`stagewarden: ignore[SW301]` in any other text file, in whatever comment syntax it has
    (`#`, `//`, `<!-- -->`, `;`): the marker itself is enough, on the finding's line."""
    found = Suppressions()
    for number, line in enumerate(lines, 1):
        if "stagewarden" not in line:
            continue
        for match in _ANY_COMMENT.finditer(line):
            ids = [i.strip().upper() for i in (match.group("ids") or "").split(",") if i.strip()]
            if ids:
                found.by_line.setdefault(number, set()).update(ids)
            else:
                found.bare.append((number, match.start() + 1))
    return found


def _read_comment(comment: str, line: int, column: int, found: Suppressions, foreign: dict[str, tuple[str, ...]]) -> None:
    ours = _OURS.search(comment)
    if ours:
        ids = [i.strip().upper() for i in (ours.group("ids") or "").split(",") if i.strip()]
        if ids:
            found.by_line.setdefault(line, set()).update(ids)
        else:
            found.bare.append((line, column + ours.start() + 1))
    for pattern in (_NOSEC, _NOQA):
        match = pattern.search(comment)
        if match and match.group("ids"):
            for foreign_id in _ID.findall(match.group("ids")):
                mapped = foreign.get(foreign_id.upper())
                if mapped:
                    found.by_line.setdefault(line, set()).update(mapped)
