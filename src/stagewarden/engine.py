"""The per-file phase: read, decode, rule out, parse once, walk once, position, suppress.

A file goes through the cheapest test first: a byte-level prefilter of the identifiers the
selected rules can match. Only files that pass are parsed with libcst, once, and walked once
for every rule that can fire on them. Positions are computed only for files with findings.
"""

from __future__ import annotations

import ast
import hashlib
import re
import sys
from dataclasses import dataclass, field, replace
from typing import Iterable, Sequence

from stagewarden.findings import Edit, Finding, Fix
from stagewarden.rule import ImportRule, NodeFix, PythonRule, Rule, SecretRule
from stagewarden.sources import PYTHON_SUFFIXES, SourceProblem, decode_python, is_python, looks_binary
from stagewarden.suppress import parse_suppressions

_NEWLINE = re.compile(r"\r\n?|\n")
_IDENTIFIER = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")
_COMMENT = re.compile(r"#[^\n]*")
_SPACE = re.compile(r"\s+")
_SYS_PATH_CHANGE = re.compile(rb"sys\.path\s*(?:\.\s*(?:insert|append|extend)\b|\+=|=[^=])|\baddsitedir\b")


def fingerprint(rule_id: str, path: str, code: str) -> str:
    """A finding's identity without line numbers: rule, path and whitespace-free code."""
    normal = _SPACE.sub("", _COMMENT.sub("", code))
    return hashlib.sha256(f"{rule_id}\0{path}\0{normal}".encode("utf-8", "surrogatepass")).hexdigest()[:24]


@dataclass
class FileOutcome:
    """What checking one file produced: findings after inline suppressions, and how many those hid."""

    findings: list[Finding] = field(default_factory=list)
    suppressed: int = 0
    # Import facts for the project phase (only when an import rule is selected).
    imports: list = field(default_factory=list)


class Engine:
    """Runs the selected rules over files. Construct once per run; `check_bytes` is pure."""

    def __init__(self, rules: Sequence[Rule], max_file_size: int = 2 * 1024 * 1024, project=None):
        self.rules = list(rules)
        self.max_file_size = max_file_size
        self.project = project  # a project.ProjectContext, or None: rules then assume the running Python
        self.enabled = {rule.id: rule for rule in self.rules}
        self.python_rules = [rule for rule in self.rules if isinstance(rule, PythonRule)]
        self.foreign_ids = _foreign_id_map(self.rules)
        self._handlers: dict[str, dict[type, object]] = {}  # filled on first parse: needs libcst
        self._untriggered = [rule for rule in self.python_rules if not rule.triggers]
        self._by_word: dict[bytes, list[PythonRule]] = {}
        for rule in self.python_rules:
            for word in rule.triggers:
                self._by_word.setdefault(word.encode(), []).append(rule)
        self._trigger_words = frozenset(self._by_word)
        self._requires = {rule.id: re.compile(rule.requires) for rule in self.python_rules if rule.requires}
        self.import_rule_ids = tuple(sorted(rule.id for rule in self.rules if isinstance(rule, ImportRule)))
        secret_rules = [rule for rule in self.rules if isinstance(rule, SecretRule)]
        self.secrets = None
        if secret_rules:
            from stagewarden.secrets import SecretScanner

            self.secrets = SecretScanner(secret_rules)

    # -- files -----------------------------------------------------------------------------
    def check_bytes(self, data: bytes, rel: str) -> FileOutcome:
        """Check one file's content. Never raises: a failure inside stagewarden becomes an SW006
        notice for this file, and the run goes on."""
        try:
            return self._check_bytes(data, rel)
        except Exception as error:  # noqa: BLE001 - one bad file must not stop a commit's checks
            problem = SourceProblem("SW006", f"internal error while checking this file, not checked: {type(error).__name__}: {error}")
            return FileOutcome(self.problem(problem, rel))

    def _check_bytes(self, data: bytes, rel: str) -> FileOutcome:
        if len(data) > self.max_file_size:
            return FileOutcome(self.problem(SourceProblem("SW003", f"file skipped: over the {self.max_file_size:,}-byte limit"), rel))
        if is_python(rel, data[:256]):
            return self._check_python(data, rel)
        outcome = FileOutcome()
        if self.secrets is not None and not looks_binary(data):
            text = data.decode("utf-8", errors="surrogateescape")
            self._check_secrets(data, rel, text, outcome, None)
        return outcome

    # -- secrets ---------------------------------------------------------------------------
    def _check_secrets(self, data: bytes, rel: str, text: str, outcome: FileOutcome, tree) -> None:
        """The secret detectors over any text file (secrets.py). In a Python file, a generic
        detector sees which literals are bound to which names (`tree` is called only then)."""
        from stagewarden.secrets import redact, secret_hash, secret_sha1
        from stagewarden.suppress import parse_text_suppressions

        hits = self.secrets.scan(text, rel, tree)
        if not hits:
            return
        if rel.endswith(PYTHON_SUFFIXES) or tree is not None:
            suppressions = parse_suppressions(text, data, self.foreign_ids)
        else:
            suppressions = parse_text_suppressions(text.splitlines())
        for hit in hits:
            rule = hit.rule
            if suppressions.silences(rule.id, hit.line, hit.line):
                outcome.suppressed += 1
                continue
            digest = secret_hash(hit.secret)
            where = f" ({hit.where})" if hit.where else ""
            outcome.findings.append(Finding(
                rule_id=rule.id, path=rel, line=hit.line, column=hit.column, end_line=hit.line,
                end_column=hit.end_column, message=f"{rule.kind} `{redact(hit.secret)}`{where}",
                hint=rule.hint, severity=rule.configured_severity or rule.severity_for(hit.secret) or rule.severity,
                confidence=rule.confidence, fingerprint=fingerprint(rule.id, rel, digest), span=(hit.line, hit.line),
                # SHA-1 too: the only form of a secret a detect-secrets baseline keeps.
                properties=(("secret_sha256", digest), ("secret_sha1", secret_sha1(hit.secret))),
            ))

    # -- python ----------------------------------------------------------------------------
    def _active_rules(self, data: bytes) -> list[PythonRule]:
        """The rules whose trigger words occur in the file as whole identifiers. Splitting the
        bytes into identifiers and intersecting sets is several times faster than searching
        for each word, or one large alternation regex."""
        active = list(self._untriggered)
        if self._trigger_words:
            seen: set[int] = set()
            for word in self._trigger_words.intersection(_IDENTIFIER.findall(data)):
                for rule in self._by_word[word]:
                    if id(rule) not in seen:
                        seen.add(id(rule))
                        required = self._requires.get(rule.id)
                        if required is None or required.search(data):
                            active.append(rule)
        return active

    def _check_python(self, data: bytes, rel: str) -> FileOutcome:
        text = decode_python(data)
        if isinstance(text, SourceProblem):
            return FileOutcome(self.problem(text, rel))
        outcome = self._check_tree(data, rel, text)
        trees: list = []  # Python's own tree, parsed at most once, only if some family needs it

        def tree() -> ast.Module | None:
            if not trees:
                trees.append(self._ast(text, rel, outcome))
            return trees[0]

        if self.import_rule_ids and b"import" in data:
            self._collect_imports(data, rel, text, tree(), outcome)
        if self.secrets is not None:
            self._check_secrets(data, rel, text, outcome, tree)
        return outcome

    def _ast(self, text: str, rel: str, outcome: FileOutcome) -> ast.Module | None:
        """Python's own tree of the file; a file it cannot parse gets its syntax-error notice
        here when no rule parsed it with libcst already."""
        try:
            return ast.parse(text, filename=rel)
        except SyntaxError as error:
            if not any(f.rule_id == "SW001" for f in outcome.findings):
                problem = SourceProblem("SW001", f"syntax error, file not checked: {error.msg}", error.lineno or 1)
                outcome.findings.extend(self.problem(problem, rel, error.offset or 1))
        except (ValueError, RecursionError, MemoryError):
            pass
        return None

    def _collect_imports(self, data: bytes, rel: str, text: str, tree: ast.Module | None, outcome: FileOutcome) -> None:
        """Record the file's import facts (see imports.py), with the import-rule suppressions
        of each statement."""
        from stagewarden.imports import collect_imports

        if tree is None:
            return
        facts = collect_imports(tree, _NEWLINE.split(text))
        if _SYS_PATH_CHANGE.search(data):
            # The file extends sys.path, so a name nothing resolves may be a module from there.
            facts = [replace(fact, guard=fact.guard or "sys-path") for fact in facts]
        if facts and (b"stagewarden:" in data or b"noqa" in data or b"nosec" in data):
            suppressions = parse_suppressions(text, data, self.foreign_ids)
            facts = [
                replace(fact, silenced=tuple(i for i in self.import_rule_ids if suppressions.silences(i, *fact.span)))
                for fact in facts
            ]
        outcome.imports = facts

    def _check_tree(self, data: bytes, rel: str, text: str) -> FileOutcome:
        active = self._active_rules(data)
        if not active:
            # Nothing to parse for; a bare suppression comment is still worth a word (tokenize only).
            outcome = FileOutcome()
            if b"stagewarden:" in data:
                self._report_bare(parse_suppressions(text, data, self.foreign_ids), rel, outcome)
            return outcome
        import libcst as cst  # imported only when some file needs a parse

        try:
            module = cst.parse_module(text)
        except cst.ParserSyntaxError as error:
            return FileOutcome(self._syntax_error(text, rel, error))
        except (RecursionError, MemoryError, ValueError) as error:
            return FileOutcome(self.problem(SourceProblem("SW001", f"file could not be parsed, not checked: {type(error).__name__}"), rel))
        findings = self._walk(module, active, rel, text)
        suppressions = parse_suppressions(text, data, self.foreign_ids) if (findings or b"stagewarden:" in data) else None
        outcome = FileOutcome()
        for finding in findings:
            if suppressions is not None and suppressions.silences(finding.rule_id, *finding.span):
                outcome.suppressed += 1
            else:
                outcome.findings.append(finding)
        if suppressions is not None:
            self._report_bare(suppressions, rel, outcome)
        return outcome

    def _report_bare(self, suppressions, rel: str, outcome: FileOutcome) -> None:
        if "SW005" in self.enabled:
            for line, column in suppressions.bare:
                message = "suppression names no rule, so it silences nothing"
                outcome.findings.append(self._notice("SW005", rel, line, column, message, f"bare@{line}"))

    def _walk(self, module, active: list[PythonRule], rel: str, text: str) -> list[Finding]:
        from stagewarden.context import FileContext
        from stagewarden.walk import collect_module_constants, walk

        handlers: dict[type, list] = {}
        for rule in sorted(active, key=lambda r: r.id):
            if rule.id not in self._handlers:
                self._handlers[rule.id] = _handlers_of(rule)
            for node_type, method in self._handlers[rule.id].items():
                handlers.setdefault(node_type, []).append(method)
        ctx = FileContext(rel, module, self.project)
        collect_module_constants(module, ctx)
        walk(module, handlers, ctx)
        failed: list[Finding] = []
        for rule_id, error in sorted(ctx.failures.items()):
            problem = SourceProblem("SW006", f"internal error in {rule_id}, which did not check this file: {error}")
            failed.extend(self.problem(problem, rel))
        if ctx.failures:
            ctx.raw = [raw for raw in ctx.raw if raw.rule.id not in ctx.failures]
        if not ctx.raw:
            return failed
        return failed + _positioned(module, ctx, rel, text)

    # -- notices ---------------------------------------------------------------------------
    def _syntax_error(self, text: str, rel: str, error) -> list[Finding]:
        """Report where CPython sees the error (its messages are the ones users know); if CPython
        accepts the file, it uses syntax newer than the parser knows, and the notice says so."""
        try:
            compile(text, rel, "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
        except SyntaxError as python_error:
            line = python_error.lineno or error.raw_line
            column = python_error.offset or error.raw_column + 1
            problem = SourceProblem("SW001", f"syntax error, file not checked: {python_error.msg}", line)
            return self.problem(problem, rel, column)
        except (ValueError, RecursionError, MemoryError):
            pass
        else:
            message = "file not checked: the parser does not support this syntax yet"
            return self.problem(SourceProblem("SW001", message, error.raw_line), rel, error.raw_column + 1)
        problem = SourceProblem("SW001", "syntax error, file not checked", error.raw_line)
        return self.problem(problem, rel, error.raw_column + 1)

    def problem(self, problem: SourceProblem, rel: str, column: int = 1) -> list[Finding]:
        if problem.rule_id not in self.enabled:
            return []
        return [self._notice(problem.rule_id, rel, problem.line, column, problem.message, problem.rule_id)]

    def _notice(self, rule_id: str, rel: str, line: int, column: int, message: str, code: str) -> Finding:
        rule = self.enabled[rule_id]
        return Finding(
            rule_id=rule_id, path=rel, line=line, column=column, end_line=line, end_column=column,
            message=message, hint=rule.hint, severity=rule.effective_severity, confidence=rule.confidence,
            fingerprint=fingerprint(rule_id, rel, code), span=(line, line),
        )


def _handlers_of(rule: PythonRule) -> dict[type, object]:
    import libcst as cst

    found = {}
    for attribute in dir(type(rule)):
        if attribute.startswith("visit_"):
            node_type = getattr(cst, attribute[len("visit_"):], None)
            if not isinstance(node_type, type):
                raise TypeError(f"{type(rule).__name__}.{attribute}: libcst has no node type {attribute[6:]!r}")
            found[node_type] = getattr(rule, attribute)
    return found


def _foreign_id_map(rules: Iterable[Rule]) -> dict[str, tuple[str, ...]]:
    mapping: dict[str, list[str]] = {}
    for rule in rules:
        for foreign in (*rule.bandit, *rule.ruff):
            mapping.setdefault(foreign.upper(), []).append(rule.id)
    return {key: tuple(value) for key, value in mapping.items()}


def _positioned(module, ctx, rel: str, text: str) -> list[Finding]:
    """Turn the walk's raw findings into positioned Findings (the only place positions are paid for)."""
    import libcst as cst

    needed = [node for raw in ctx.raw for node in _nodes_of(raw)]
    positions = _with_deep_recursion(lambda: _positions_near(module, text, ctx.raw))
    if any(node not in positions for node in needed):
        positions = _with_deep_recursion(lambda: _positions(module))
    findings = []
    for raw in ctx.raw:
        statement = raw.statement
        where = positions.get(raw.node) or positions[statement]  # a node the walk made has no place of its own
        if statement is not None:
            span = positions[statement]
            top = min([span.start.line] + [positions[d].start.line for d in getattr(statement, "decorators", ())])
            if not (top <= where.start.line <= span.end.line):
                # The value came from elsewhere (`OPTS = {"verify": False}` then `get(**OPTS)`):
                # report where it is used, so the finding and its suppression sit on that statement.
                where = span
        first, last = where.start.line, where.end.line
        if statement is not None:
            first = min(first, span.start.line)
            if isinstance(statement, cst.SimpleStatementLine):
                last = max(last, span.end.line)
            else:
                for decorator in getattr(statement, "decorators", ()):
                    first = min(first, positions[decorator].start.line)
                body = getattr(statement, "body", None)
                if isinstance(body, cst.IndentedBlock):
                    last = max(last, positions[body].start.line - 1)
                elif isinstance(body, cst.SimpleStatementSuite):
                    last = max(last, positions[body].start.line)
        rule = raw.rule
        fix = _fix(raw.fix, module, positions) if raw.fix is not None else None
        findings.append(
            Finding(
                rule_id=rule.id,
                path=rel,
                line=where.start.line,
                column=where.start.column + 1,
                end_line=where.end.line,
                end_column=where.end.column + 1,
                message=raw.message,
                hint=raw.hint if raw.hint is not None else rule.hint,
                severity=rule.configured_severity or raw.severity or rule.severity,
                confidence=raw.confidence or rule.confidence,
                fingerprint=fingerprint(rule.id, rel, module.code_for_node(raw.node)),
                span=(first, last),
                fix=fix,
            )
        )
    return findings


def _nodes_of(raw) -> list:
    nodes = [raw.node]
    if raw.statement is not None:
        nodes.append(raw.statement)
        nodes.extend(getattr(raw.statement, "decorators", ()))
        body = getattr(raw.statement, "body", None)
        if body is not None and not isinstance(body, (list, tuple)):
            nodes.append(body)
    if raw.fix is not None:
        nodes.extend(old for old, _ in raw.fix.replacements)
    return nodes


def _positions_near(module, text: str, raws) -> dict:
    """Positions for the nodes of the findings, generating as little code as possible.

    Generating the code of a whole file to learn positions costs about a quarter of the parse;
    a finding needs only its own statement. Python's own parser (several times faster than
    libcst's) tells on which line each module-level statement starts. A finding in a simple
    statement nested deeper (a line in a method of a large class) is placed by finding that
    statement's first line in the source, when it is unique within its module-level
    statement; otherwise the whole module-level statement is generated. Anything still
    missing (a fix on another statement) makes the caller fall back to the whole file.
    """
    import ast

    import libcst as cst

    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return {}
    lines = _NEWLINE.split(text)  # the parser's line breaks only (str.splitlines also splits on \f)
    line_starts = [0] + [match.end() for match in _NEWLINE.finditer(text)]
    starts: dict[int, tuple[int, int]] = {}
    body = iter(tree.body)
    previous = None
    for statement in module.body:
        count = len(statement.body) if isinstance(statement, cst.SimpleStatementLine) else 1
        first = next(body, None)
        for _ in range(count - 1):
            next(body, None)
        if first is None:
            return {}
        line = first.lineno
        decorators = getattr(first, "decorator_list", None)
        if decorators:
            line = min(line, decorators[0].lineno)
        if previous is not None:
            starts[id(previous)] = (starts[id(previous)][0], line - 1)
        starts[id(statement)] = (line, len(lines))
        previous = statement
    from libcst.metadata import PositionProvider

    provider = PositionProvider()
    done: set[int] = set()
    for raw in raws:
        if not raw.chain or id(raw.chain[0]) not in starts:
            continue
        top = raw.chain[0]
        low, high = starts[id(top)]
        for statement in reversed(raw.chain[1:]):  # innermost first: the least code to generate
            if id(statement) in done:
                break
            if isinstance(statement, cst.If):
                continue  # an `elif` is an If node that prints as `if` on its own: not locatable
            code_lines = _NEWLINE.split(_first_lines(module, statement))[len(statement.leading_lines):]
            found = _unique_line(code_lines, lines, low, high)
            if found is None:
                continue
            line, indent = found
            first = line - len(statement.leading_lines)
            if first >= 1 and _generate(module, statement, provider, first, [indent], text, line_starts[first - 1]):
                done.add(id(statement))
                break
        else:
            if id(top) not in done:
                if not _generate(module, top, provider, low - len(top.leading_lines), [], text, line_starts[low - len(top.leading_lines) - 1]):
                    return {}
                done.add(id(top))
    return provider._computed


def _first_lines(module, statement) -> str:
    """The code of a statement, enough of it to read its first line: a function or class is
    generated with an empty body, so locating a method does not cost generating the class."""
    import libcst as cst

    if isinstance(statement, (cst.FunctionDef, cst.ClassDef)) and isinstance(statement.body, cst.IndentedBlock):
        # Keep the block's header: a comment after the colon belongs to it.
        small = cst.IndentedBlock(header=statement.body.header, body=[cst.SimpleStatementLine(body=[cst.Pass()])])
        statement = statement.with_changes(body=small)
    return module.code_for_node(statement)


def _unique_line(code_lines: list[str], lines: list[str], low: int, high: int) -> tuple[int, str] | None:
    """(line number, indentation) of the only source line in low..high that starts the code."""
    if not code_lines or not code_lines[0].strip():
        return None
    wanted = code_lines[0].strip()
    hits = [number for number in range(low, min(high, len(lines)) + 1) if lines[number - 1].strip() == wanted]
    if len(hits) != 1:
        return None
    source = lines[hits[0] - 1]
    return hits[0], source[: len(source) - len(source.lstrip())]


def _generate(module, statement, provider, line: int, indent_tokens: list[str], text: str, offset: int) -> bool:
    """Generate one statement's code from `line`, recording positions into `provider`, and keep
    them only if the generated code is exactly the source text at that place: a statement placed
    on the wrong line can never give wrong positions."""
    from libcst.metadata import PositionProvider
    from libcst.metadata.position_provider import PositionProvidingCodegenState

    trial = PositionProvider()
    state = PositionProvidingCodegenState(
        default_indent=module.default_indent, default_newline=module.default_newline, provider=trial
    )
    state.line = line
    state.indent_tokens = list(indent_tokens)
    statement._codegen(state)
    generated = "".join(state.tokens)
    if text[offset : offset + len(generated)] != generated:
        return False
    provider._computed.update(trial._computed)
    return True


def _positions(module) -> dict:
    """Node -> CodeRange, as libcst's PositionProvider computes it, without the MetadataWrapper.

    The wrapper also runs a visitor over the whole tree to hand the metadata out, which
    rebuilds every node and costs as much as the code generation that computes positions;
    the provider's own generation pass is all that is needed here.
    """
    from libcst.metadata import PositionProvider

    provider = PositionProvider()
    provider._gen_impl(module)
    return provider._computed


def _with_deep_recursion(compute):
    """libcst's code generator recurses once per nesting level; deeply nested (usually generated)
    code needs more than Python's default limit."""
    limit = sys.getrecursionlimit()
    try:
        sys.setrecursionlimit(max(limit, 20_000))
        return compute()
    finally:
        sys.setrecursionlimit(limit)


def _fix(node_fix: NodeFix, module, positions) -> Fix:
    edits = []
    for old, new in node_fix.replacements:
        where = positions[old]
        content = new if isinstance(new, str) else module.code_for_node(new)
        edits.append(Edit(where.start.line, where.start.column + 1, where.end.line, where.end.column + 1, content))
    return Fix(node_fix.description, node_fix.safety, tuple(sorted(edits, key=lambda e: (e.line, e.column))))
