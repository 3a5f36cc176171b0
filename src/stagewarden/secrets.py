"""Secrets in any text file: one cheap pass rules lines out, detectors judge the rest.

Every detector (a `SecretRule`) names the literal keywords one of which occurs in any line it
can match. One regular expression of all keywords runs over the lowercased file; only the
lines it hits are matched against the detectors those keywords belong to. Candidates then
pass the common filters (placeholders, templates, documented example values, hashes in
lockfiles) and the detector's own validation (checksums, entropy).

Nothing here ever keeps or prints a whole secret: a finding carries `redact(secret)` (a short
prefix, the length) and the SHA-256 of the secret, which is also what its fingerprint (and so
the baseline) is built from, with no line number.
"""

from __future__ import annotations

import ast
import bisect
import hashlib
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from stagewarden.rule import SecretRule

# Values that stand for a secret rather than being one.
_PLACEHOLDER_WORDS = re.compile(
    r"(?i)example|changeme|change[-_ ]me|replace[-_ ]?me|your[-_ ]?(?:api|secret|token|key|password|pass)|"
    r"placeholder|dummy|redacted|xxxx|\*\*\*\*|<[^>\s]+>|\$\{[^}]*\}|\{\{[^}]*\}\}|%\([^)]*\)s|%s$|^\$[A-Za-z_]|"
    r"^fake|^sample|^test_?(?:key|token|secret|password)|insert[-_ ]?(?:your|here)|^none$|^null$|^nil$|^undefined$|"
    r"[-_]your[-_]|^your[-_]|\.\.\.$|…$"
)
_REPEATED = re.compile(r"^(.)\1+$")
_LOCKFILES = ("poetry.lock", "uv.lock", "pylock.toml", "Pipfile.lock", "package-lock.json", "yarn.lock",
              "pnpm-lock.yaml", "Cargo.lock", "go.sum", "composer.lock", "Gemfile.lock")
_NOTEBOOK = ".ipynb"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# An inline image or font (data:image/png;base64,...): any token shape inside it is chance.
_DATA_URI = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=]+")
_PRAGMA = re.compile(r"pragma:\s*allowlist[ -]secret", re.IGNORECASE)
_PRAGMA_NEXT = re.compile(r"pragma:\s*allowlist[ -]nextline[ -]secret", re.IGNORECASE)


@dataclass(frozen=True)
class SecretHit:
    """One candidate secret at one place (line and columns are 1-based)."""

    rule: SecretRule
    line: int
    column: int
    end_column: int
    secret: str
    where: str = ""  # "cell 3, line 2" inside a notebook


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def secret_sha1(secret: str) -> str:
    """detect-secrets' `hashed_secret`, to match entries of its baselines."""
    return hashlib.sha1(secret.encode("utf-8", "surrogatepass"), usedforsecurity=False).hexdigest()


def redact(secret: str) -> str:
    """A short prefix of the secret and its length, never more than a quarter of it."""
    shown = secret[: max(1, min(6, len(secret) // 4))]
    return f"{shown}… ({len(secret)} characters)"


def entropy(text: str) -> float:
    """Shannon entropy in bits per character."""
    if not text:
        return 0.0
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def is_placeholder(secret: str) -> bool:
    return bool(_PLACEHOLDER_WORDS.search(secret) or _REPEATED.match(secret))


class SecretScanner:
    """Runs the selected secret detectors over a file's text."""

    def __init__(self, rules: Sequence[SecretRule]):
        self.rules = list(rules)
        self._compiled = {rule.id: re.compile(rule.pattern, rule.flags) for rule in self.rules}
        self._by_keyword: dict[str, list[SecretRule]] = {}
        for rule in self.rules:
            for keyword in rule.keywords:
                self._by_keyword.setdefault(keyword.lower(), []).append(rule)
        alternatives = sorted(self._by_keyword, key=len, reverse=True)
        # A lookahead finds a keyword at every position, so keywords that overlap (`api_key`
        # in `x-api-key`) are all seen; a keyword inside a longer one found at the same
        # position (`token` in `access_token`) is added from `_contained`.
        self._keywords = re.compile("(?=(" + "|".join(re.escape(k) for k in alternatives) + "))") if alternatives else None
        self._contained = {k: {other for other in alternatives if other in k} for k in alternatives}

    # -- files -----------------------------------------------------------------------------
    def scan(self, text: str, rel: str, tree: Callable[[], ast.AST | None] | None = None) -> list[SecretHit]:
        """Hits in a whole file; a notebook's cells are scanned one by one. For a Python file,
        `tree()` gives its `ast` tree, asked for only when a generic detector has a candidate."""
        if self._keywords is None:
            return []
        if rel.endswith(_NOTEBOOK):
            return self._scan_notebook(text)
        lockfile = rel.rsplit("/", 1)[-1] in _LOCKFILES
        return self.scan_text(text, _Literals(tree) if tree is not None else None, lockfile=lockfile)

    def scan_text(self, text: str, literals: "_Literals | None" = None, lockfile: bool = False) -> list[SecretHit]:
        assert self._keywords is not None
        lowered = text.lower()
        if len(lowered) != len(text):  # a few characters change length when lowercased
            lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
        keywords_by_line: dict[int, set[str]] = {}
        for match in self._keywords.finditer(lowered):
            keywords_by_line.setdefault(bisect.bisect_right(starts, match.start()) - 1, set()).update(self._contained[match.group(1)])
        if not keywords_by_line:
            return []
        lines = _LINE_BREAK.split(text)  # the breaks `starts` counted (str.splitlines also splits on \f)
        hits: list[SecretHit] = []
        for index in sorted(keywords_by_line):
            if index >= len(lines):
                continue
            line = lines[index]
            if _PRAGMA.search(line) or (index and _PRAGMA_NEXT.search(lines[index - 1])):
                continue
            rules = {rule.id: rule for k in keywords_by_line[index] for rule in self._by_keyword[k]}
            found = self._scan_line(line, index + 1, rules.values(), literals, lockfile, lines[index + 1:index + 4])
            if found and "base64," in line:
                images = [m.span() for m in _DATA_URI.finditer(line)]
                found = [h for h in found if not any(a < h.column <= b for a, b in images)]
            hits.extend(found)
        return hits

    def _scan_line(self, line: str, number: int, rules: Iterable[SecretRule], literals: "_Literals | None",
                   lockfile: bool, following: list[str] = ()) -> list[SecretHit]:
        found: list[SecretHit] = []
        rules = sorted(rules, key=lambda r: r.id)
        # A value starting with a token format's prefix was the format detector's to judge:
        # a generic detector does not report what it rejected (a wrong checksum).
        prefixes = tuple(k for r in rules if not r.generic for k in r.keywords if k[-1:] in "_-.")
        for rule in rules:
            text = "\n".join([line, *following[: rule.lookahead]]) if rule.lookahead else line
            for match in self._compiled[rule.id].finditer(text):
                if match.start() > len(line):
                    break  # starts on a following line: that line's own scan finds it
                group = "secret" if "secret" in match.re.groupindex else 0
                secret = match.group(group)
                if not secret:
                    continue
                start, end = match.span(group)
                if end > len(line):  # the secret is on a following line: place the finding on the match
                    start, end = match.start(), len(line)
                if rule.common_filters and is_placeholder(secret):
                    continue
                if rule.generic and (lockfile or (literals is not None and not _bound_to_secret_name(rule, literals, number, secret))):
                    continue  # lockfiles are full of hashes; in Python only a bound literal counts
                if rule.generic and prefixes and secret.lower().startswith(prefixes):
                    continue
                if not rule.validate(secret, match, line):
                    continue
                found.append(SecretHit(rule, number, start + 1, end + 1, secret))
        return _without_overlaps(found)

    def _scan_notebook(self, text: str) -> list[SecretHit]:
        """Cell sources and text outputs, each scanned as its own text; a hit is placed on the
        notebook's line that holds it (found by its JSON-escaped form) and says which cell."""
        try:
            notebook = json.loads(text)
            cells = notebook.get("cells", []) if isinstance(notebook, dict) else []
        except ValueError:
            return self.scan_text(text)
        raw_lines = text.splitlines()
        hits: list[SecretHit] = []
        for number, cell in enumerate(cells, 1):
            if not isinstance(cell, dict):
                continue
            parts = [_joined(cell.get("source"))]
            for output in cell.get("outputs", []) if isinstance(cell.get("outputs"), list) else []:
                if isinstance(output, dict):
                    parts.append(_joined(output.get("text")))
                    data = output.get("data")
                    if isinstance(data, dict):
                        parts.append(_joined(data.get("text/plain")))
            for part in parts:
                for hit in self.scan_text(part) if part else ():
                    escaped = json.dumps(hit.secret)[1:-1]
                    line = next((i for i, raw in enumerate(raw_lines, 1) if escaped in raw), 1)
                    column = raw_lines[line - 1].find(escaped) + 1 if raw_lines else 1
                    hits.append(SecretHit(hit.rule, line, max(column, 1), max(column, 1) + len(escaped), hit.secret,
                                          f"cell {number}, line {hit.line}"))
        return hits


def _joined(value: object) -> str:
    if isinstance(value, list):
        return "".join(v for v in value if isinstance(v, str))
    return value if isinstance(value, str) else ""


def _without_overlaps(hits: list[SecretHit]) -> list[SecretHit]:
    """Where a specific detector and a generic one found the same secret, keep the specific."""
    kept: list[SecretHit] = []
    for hit in sorted(hits, key=lambda h: (h.rule.generic, h.column)):
        if any(h.column < hit.end_column and hit.column < h.end_column for h in kept):
            continue
        kept.append(hit)
    return sorted(kept, key=lambda h: h.column)


# -- Python: which string literals are assigned to what ---------------------------------------
def python_literals(tree: ast.AST) -> dict[int, list[tuple[str, str]]]:
    """Line -> (name, value) for every string literal a Python file binds to a name: an
    assignment (`password = "..."`, `self.token: str = "..."`), a keyword argument
    (`Client(api_key="...")`) or a dict entry (`{"password": "..."}`). A generic detector in a
    Python file accepts only these: `password = os.environ["PASSWORD"]`, `get_secret()`, an
    f-string or a type annotation bind no literal."""
    found: dict[int, list[tuple[str, str]]] = {}

    def add(name: str | None, value: ast.AST) -> None:
        if name and isinstance(value, ast.Constant) and isinstance(value.value, str):
            for line in range(value.lineno, (getattr(value, "end_lineno", None) or value.lineno) + 1):
                found.setdefault(line, []).append((name, value.value))

    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                add(_target_name(target), node.value)
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            add(_target_name(node.target), node.value)
        elif isinstance(node, ast.keyword):
            add(node.arg, node.value)
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    add(key.value, value)
        elif isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], (ast.Eq, ast.NotEq)):
            add(_target_name(node.left), node.comparators[0])  # `if password == "hunter2":`
    return found


def _target_name(target: ast.AST) -> str | None:
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute):
        return target.attr
    if isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant) and isinstance(target.slice.value, str):
        return target.slice.value  # os.environ["PASSWORD"] = "..." / config["token"] = "..."
    return None


class _Literals:
    """A Python file's bound string literals (python_literals), computed on first use."""

    def __init__(self, tree: Callable[[], ast.AST | None]):
        self._tree = tree
        self._found: dict[int, list[tuple[str, str]]] | None = None

    def on(self, line: int) -> list[tuple[str, str]]:
        if self._found is None:
            tree = self._tree()
            self._found = python_literals(tree) if tree is not None else {}
        return self._found.get(line, [])


def _bound_to_secret_name(rule: SecretRule, literals: _Literals, line: int, secret: str) -> bool:
    """Whether a literal on this line that holds the secret is bound to a name the generic
    detector is about (`password`, `api_key`)."""
    names = re.compile(rule.secret_names, re.IGNORECASE)
    return any(secret in value and names.search(name) for name, value in literals.on(line))


__all__ = ["SecretHit", "SecretScanner", "entropy", "is_placeholder", "python_literals", "redact", "secret_hash", "secret_sha1"]
