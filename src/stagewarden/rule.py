"""Rule base classes and their metadata.

A rule is one class in one file. Its metadata (id, name, severity, confidence, CWE, options)
lives on the class; its documentation is the class docstring, written in fixed sections that
`stagewarden explain` prints and docs/rules/ is generated from; its `VALID` and `INVALID`
examples are its tests.

Python rules subscribe to libcst node types by defining `visit_<NodeType>(self, node, ctx)`;
the engine walks each file once and calls every subscribed rule (see engine.py).
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Mapping, Sequence, Union

from stagewarden.findings import FixSafety, Level

if TYPE_CHECKING:  # pragma: no cover
    import libcst as cst

    from stagewarden.context import FileContext

FAMILIES = {
    "SW0": "notices",
    "SW1": "insecure-defaults",
    "SW2": "imports",
    "SW3": "secrets",
    "SW4": "dependencies",
}

DOC_SECTIONS = (
    "What it does",
    "Why is this bad?",
    "Example",
    "Use instead",
    "Options",
    "Fix safety",
    "References",
)

HIGH, MEDIUM, LOW = Level.HIGH, Level.MEDIUM, Level.LOW


@dataclass(frozen=True)
class Option:
    """A typed per-rule option, set in `[tool.stagewarden.rules.<ID>]`."""

    name: str
    kind: type
    default: Any
    doc: str

    def coerce(self, value: Any, where: str) -> Any:
        """Check a configured value against the option's type; raise ValueError naming `where`."""
        if self.kind is list:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ValueError(f"{where}: expected a list of strings")
            return tuple(value)
        if self.kind is bool:
            if not isinstance(value, bool):
                raise ValueError(f"{where}: expected true or false")
            return value
        if self.kind is int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"{where}: expected an integer")
            return value
        if not isinstance(value, self.kind):
            raise ValueError(f"{where}: expected a {self.kind.__name__}")
        return value


@dataclass(frozen=True)
class Example:
    """Code that must stay silent (in VALID) or must fire on exactly `lines` (in INVALID).

    Import rules judge code against a project: `files` are the project's other files
    (manifests, modules; a default project is used when empty) and `index` the package
    index's answers by project name ("found", "not-found", "error", or the JSON body of a
    simple-API project page)."""

    code: str
    lines: tuple[int, ...] = ()
    path: str = "example.py"
    options: Mapping[str, Any] = field(default_factory=dict)
    files: Mapping[str, str] = field(default_factory=dict)
    index: Mapping[str, Any] = field(default_factory=dict)
    offline: bool = False


def Invalid(code: str, *lines: int, path: str = "example.py", files: Mapping[str, str] | None = None,
            index: Mapping[str, Any] | None = None, offline: bool = False, **options: Any) -> Example:
    """An example that must produce one finding on each of `lines` (repeat a line for two)."""
    if not lines:
        raise ValueError("an INVALID example needs at least one expected line")
    return Example(code, tuple(lines), path, options, dict(files or {}), dict(index or {}), offline)


def Valid(code: str, *, path: str = "example.py", files: Mapping[str, str] | None = None,
          index: Mapping[str, Any] | None = None, offline: bool = False, **options: Any) -> Example:
    """A look-alike that must produce no finding."""
    return Example(code, (), path, options, dict(files or {}), dict(index or {}), offline)


ExampleLike = Union[str, Example]


class Rule:
    """Metadata shared by every rule. Subclass PythonRule (or a later kind), not this."""

    id: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]
    hint: ClassVar[str] = ""
    severity: ClassVar[Level] = MEDIUM
    confidence: ClassVar[Level] = HIGH
    cwe: ClassVar[tuple[int, ...]] = ()
    tags: ClassVar[tuple[str, ...]] = ()
    fix_safety: ClassVar[FixSafety | None] = None
    options: ClassVar[tuple[Option, ...]] = ()
    bandit: ClassVar[tuple[str, ...]] = ()
    ruff: ClassVar[tuple[str, ...]] = ()
    EXAMPLES_EXEMPT: ClassVar[str] = ""
    VALID: ClassVar[Sequence[ExampleLike]] = ()
    INVALID: ClassVar[Sequence[Example]] = ()

    def __init__(self, options: Mapping[str, Any] | None = None, severity: Level | None = None):
        values = {opt.name: opt.default for opt in self.options}
        for key, value in (options or {}).items():
            values[key] = value
        self.opts: dict[str, Any] = values
        # A severity set in the configuration wins over the level a rule picks per finding.
        self.configured_severity = severity
        self.effective_severity = severity or self.severity

    @classmethod
    def family(cls) -> str:
        return FAMILIES[cls.id[:3]]

    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def doc_sections(cls) -> dict[str, str]:
        """The docstring split on its `## Heading` lines."""
        sections: dict[str, str] = {}
        current = None
        for line in cls.doc().splitlines():
            match = re.match(r"^##\s+(.*\S)\s*$", line)
            if match:
                current = match.group(1)
                sections[current] = ""
            elif current is not None:
                sections[current] += line + "\n"
        return {k: v.strip() for k, v in sections.items()}

    @classmethod
    def examples(cls) -> tuple[list[Example], list[Example]]:
        valid = [e if isinstance(e, Example) else Example(e) for e in cls.VALID]
        return valid, list(cls.INVALID)


class PythonRule(Rule):
    """A rule over the libcst tree of a Python file.

    `triggers` lists words at least one of which occurs (as a whole identifier, in code or in
    a string) in every file where the rule can fire: files without any are never parsed for
    it. One necessarily present word per target is enough; pick the most selective (the member
    or keyword name rather than the module, see docs/writing-rules.md).
    """

    triggers: ClassVar[tuple[str, ...]] = ()
    # Optional second test on the raw bytes, for rules whose trigger word is common (`extra`,
    # `compile`): a regular expression every file the rule can fire on matches.
    requires: ClassVar[bytes | None] = None

    def report(
        self,
        ctx: "FileContext",
        node: "cst.CSTNode",
        message: str,
        *,
        hint: str | None = None,
        severity: Level | None = None,
        confidence: Level | None = None,
        fix: "NodeFix | None" = None,
    ) -> None:
        ctx.add(self, node, message, hint=hint, severity=severity, confidence=confidence, fix=fix)


@dataclass(frozen=True)
class NodeFix:
    """A fix expressed on the tree: replace each old node with new code (a node or text)."""

    description: str
    safety: FixSafety
    replacements: tuple[tuple["cst.CSTNode", Any], ...]


@dataclass(frozen=True)
class Report:
    """What an import rule says about one import: the message, and optionally a hint and
    levels other than the rule's defaults."""

    message: str
    hint: str | None = None
    severity: Level | None = None
    confidence: Level | None = None
    # An advisory finding is shown but never fails the run (a policy set to "warn").
    advisory: bool = False


class ImportRule(Rule):
    """A rule over the project's imports, judged in the project phase (importcheck.py) after
    every file's import facts are read and resolved against the standard library, the
    project's own modules, its declared dependencies, its environment and the package index.
    `check` sees one fact and its verdict and returns a Report, or None to stay silent. It
    does no I/O: the resolver did it once for all rules."""

    def check(self, fact: Any, verdict: Any) -> Report | None:
        raise NotImplementedError


class SecretRule(Rule):
    """A detector for one kind of secret, run over every line of every text file (secrets.py).

    `keywords` are lowercase literals, one of which occurs in every line the detector can
    match (a token's fixed prefix, `hooks.slack.com`, `password`): a line none of any
    detector's keywords occurs in is never matched against a pattern, which is what keeps the
    family fast. `pattern` is a regular expression whose group `secret` (else the whole
    match) is the secret. `validate` rejects a candidate: a failed checksum, too little
    entropy, a placeholder only this kind of secret uses. The common filters (placeholders,
    templates, documented example values) run before it unless `common_filters` is False.
    `kind` names the secret in messages ("GitHub personal access token").
    """

    keywords: ClassVar[tuple[str, ...]] = ()
    pattern: ClassVar[str] = ""
    flags: ClassVar[int] = 0
    kind: ClassVar[str] = ""
    common_filters: ClassVar[bool] = True
    # A generic detector (a password assignment, not a token format) is skipped in lockfiles,
    # and in Python files accepts only a string literal bound to a name `secret_names` matches.
    generic: ClassVar[bool] = False
    secret_names: ClassVar[str] = ""
    # Lines after the keyword's line the pattern may run into (a PEM key's body).
    lookahead: ClassVar[int] = 0
    tags: ClassVar[tuple[str, ...]] = ("secrets",)
    cwe: ClassVar[tuple[int, ...]] = (798,)

    def validate(self, secret: str, match: "re.Match[str]", line: str) -> bool:
        return True

    def severity_for(self, secret: str) -> Level | None:
        """A severity for this secret other than the rule's (a test-mode key), or None."""
        return None


class NoticeRule(Rule):
    """An SW0xx notice the engine itself raises: a file that could not be checked, or a
    suppression comment that does nothing. It has no visitor; its metadata documents it."""


class DependencyRule(Rule):
    """A rule over the dependencies a change adds or changes (depcheck.py), judged once per
    dependency after the diff against the base commit and the index look-ups are done.

    `check` sees one `DependencySubject` (the change, the policy, and what the index said)
    and returns a Report or None; it does no I/O. `statuses` are the changes it judges
    ("added", "changed"); `needs` the look-ups it wants: "index" (does the project exist),
    "details" (the JSON API's project document), "releases" (the documents of the versions
    the requirement installs or admits), "public" (the public index, for private names).
    Look-ups nobody needs are not made.

    Examples are manifests: `code` is the file's new text at `path`, `files` the repository
    at the base commit (a `files` entry at `path` is its old text) and `index` the index's
    answers (see tests/fixture_index.py).
    """

    statuses: ClassVar[tuple[str, ...]] = ("added",)
    needs: ClassVar[frozenset[str]] = frozenset()
    tags: ClassVar[tuple[str, ...]] = ("dependencies",)

    def check(self, subject: Any) -> Report | None:
        raise NotImplementedError

    def check_index_option(self, option: Any, policy: Any, siblings: Sequence[Any] = ()) -> Report | None:
        """A package-index setting the change adds (`--extra-index-url`, a uv index), with the
        other index settings of the same manifest: only SW408 judges these."""
        return None
