"""The project phase of the import rules: resolve every file's import facts, once, then let
each selected import rule judge them.

A top-level module resolves, in order, to the standard library, the project's own modules,
a declared dependency, or a third-party distribution the project does not declare. What
is still unresolved is asked of the package index (batched, bounded, cached), with the
names the import suggests ("foo" -> foo, python-foo, foo-python, pyfoo). Distributions come
from the project's environment, the `package-map` setting and the bundled import-name map.
Offline, or when the index cannot answer, the bundled list of PyPI names decides whether a
name existed at all; what cannot be decided is named in one SW007 notice.
"""

from __future__ import annotations

import datetime
import difflib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Sequence

from stagewarden import stdlib
from stagewarden.config import Config
from stagewarden.engine import fingerprint
from stagewarden.findings import Finding, Level
from stagewarden.imports import ImportFact
from stagewarden.index.model import DEFAULT_INDEX_URL, ProjectAnswer, normalize_name
from stagewarden.manifests import Declared
from stagewarden.modulenames import ModuleNameCache
from stagewarden.namecheck import NameChecker
from stagewarden.project import ProjectContext
from stagewarden.projectimports import ProjectImports
from stagewarden.rule import ImportRule

UNVERIFIED_NOTICE = "SW007"


@dataclass(frozen=True)
class Verdict:
    """What an import resolved to.

    status: "stdlib", "first-party", "declared", "undeclared" (a real distribution the
    project does not declare), "unknown" (nothing provides it and no such project exists),
    "unverified" (the index could not say) or "skipped" (private or relative names).
    `distributions` are the distributions known to provide it, best first; `evidence` says
    how it was decided (environment, package-map, bundled, index, snapshot); `answer` is the
    index's answer for the project found; `declares` whether the project's dependency
    declarations were found and read completely (else "undeclared" is not a finding).
    """

    status: str
    module: str
    distributions: tuple[str, ...] = ()
    evidence: str = ""
    answer: ProjectAnswer | None = None
    suggestions: tuple[tuple[str, str], ...] = ()
    declares: bool = False
    manifest: str = ""
    # For SW204: (name, what is known of it) for each imported name the module lacks.
    missing: tuple[tuple[str, str], ...] = ()
    # The project's target Python versions (for SW205).
    targets: tuple[str, ...] = ()
    today: datetime.date = field(default_factory=lambda: datetime.datetime.now(datetime.timezone.utc).date())


def bundled():
    """The bundled package data (known_packages), or None if this build has none."""
    try:
        from stagewarden import known_packages
    except ImportError:  # pragma: no cover - the data ships with every build
        return None
    return known_packages


def candidate_distributions(module: str) -> list[str]:
    """Project names an import suggests: the name itself and pip's usual affixes, and for a
    dotted import the dotted prefixes joined with dashes (google.cloud.storage ->
    google-cloud-storage)."""
    parts = module.split(".")
    top = parts[0]
    names = ["-".join(parts[:end]) for end in range(min(len(parts), 4), 1, -1)]  # longest first
    names += [top, f"python-{top}", f"{top}-python"]
    if not top.lower().startswith("py"):
        names.append(f"py{top}")
    return list(dict.fromkeys(normalize_name(n) for n in names))


class ImportChecker:
    """Resolves a run's import facts and collects the import rules' findings."""

    def __init__(self, config: Config, project: ProjectContext, rules: Sequence[ImportRule], notices: dict,
                 client_factory=None, environ: dict | None = None):
        self.config = config
        self.rules = list(rules)
        self.notices = notices  # rule id -> NoticeRule instance (SW007 when selected)
        self.knowledge = ProjectImports(config, project, environ)
        module_cache = None
        if config.cache:
            from stagewarden.cache import default_cache_dir

            module_cache = ModuleNameCache(config.cache_dir or default_cache_dir(), config.root)
        self.names = NameChecker(self.knowledge, module_cache)
        self.client_factory = client_factory or self._default_client
        self.unverified: dict[str, tuple[str, ImportFact]] = {}  # module -> where first imported
        self.unverified_reason = ""
        self.suppressed = 0
        self._undeclared_seen: set[tuple[str, tuple[str, ...]]] = set()

    # -- the phase -----------------------------------------------------------------------
    def check(self, facts_by_path: dict[str, list[ImportFact]]) -> list[Finding]:
        pending: dict[tuple[str, str], list[tuple[str, ImportFact]]] = {}
        verdicts: dict[tuple[str, int], Verdict] = {}
        check_names = any(rule.id == "SW204" for rule in self.rules)
        for rel, facts in sorted(facts_by_path.items()):
            for fact in facts:
                if fact.kind == "attribute" and not check_names:
                    continue
                verdict = self.resolve_locally(fact, rel)
                if verdict is None and fact.kind == "attribute":
                    continue  # a module only the index knows: its names cannot be read
                if verdict is None:
                    unit = str(self.knowledge.unit_of(rel))
                    pending.setdefault((unit, self._judged_module(fact)), []).append((rel, fact))
                else:
                    verdicts[(rel, id(fact))] = verdict
        if pending:
            verdicts.update(self.resolve_remotely(pending))
        findings: list[Finding] = []
        for rel, facts in sorted(facts_by_path.items()):
            for fact in facts:
                verdict = verdicts.get((rel, id(fact)))
                if verdict is None:
                    continue
                if check_names and fact.names and fact.guard not in {"try", "platform"}:
                    verdict = replace(verdict, missing=self.names.missing(fact, verdict, rel))
                findings.extend(self.judge(fact, verdict, rel))
        findings.extend(self.unverified_notice())
        if self.names.cache is not None:
            self.names.cache.save()
        return findings

    def judge(self, fact: ImportFact, verdict: Verdict, rel: str) -> list[Finding]:
        found = []
        # A module attribute use is only about the name; the import itself is judged once.
        rules = [rule for rule in self.rules if fact.kind != "attribute" or rule.id == "SW204"]
        reports = {rule.id: rule.check(fact, verdict) for rule in rules}
        if reports.get("SW203") is not None:
            reports.pop("SW202", None)  # the suspicious-package finding already says it is undeclared
        if reports.get("SW202") is not None:
            key = (rel, verdict.distributions[:1])
            if key in self._undeclared_seen:
                reports.pop("SW202")  # one finding per file and missing distribution is enough
            self._undeclared_seen.add(key)
        for rule in rules:
            report = reports.get(rule.id)
            if report is None:
                continue
            if rule.id in fact.silenced:
                self.suppressed += 1
                continue
            found.append(Finding(
                rule_id=rule.id, path=rel, line=fact.line, column=fact.column, end_line=fact.end_line,
                end_column=fact.end_column, message=report.message,
                hint=report.hint if report.hint is not None else rule.hint,
                severity=rule.configured_severity or report.severity or rule.severity,
                confidence=report.confidence or rule.confidence,
                fingerprint=fingerprint(rule.id, rel, f"{fact.code}\0{verdict.module}"), span=fact.span,
            ))
        return found

    # -- local resolution ----------------------------------------------------------------
    @staticmethod
    def _judged_module(fact: ImportFact) -> str:
        """The name a distribution must provide: the top-level package, or for a namespace
        import the dotted module (google.cloud.storage)."""
        return fact.module if "." in fact.module else fact.top

    def resolve_locally(self, fact: ImportFact, rel: str) -> Verdict | None:
        """A verdict without the network, or None when only the index can tell."""
        knowledge = self.knowledge
        top = fact.top
        if fact.level or not top:
            return Verdict("skipped", fact.module)
        if top in stdlib.all_modules() or top in {"__main__", "__builtin__"}:
            return Verdict("stdlib", top, targets=knowledge.project.target_versions)
        if knowledge.is_first_party(top, rel):
            return Verdict("first-party", top)
        unit = knowledge.unit_of(rel)
        declared = knowledge.declared(unit)
        declares = declared.found and declared.complete
        manifest = declared.sources[0] if declared.sources else ""
        providers, evidence = self.providers(fact.module)
        heuristic = candidate_distributions(fact.module)
        names = declared.names
        if any(d in names for d in providers) or any(d in names for d in heuristic) or _affix_match(top, names):
            return Verdict("declared", top, providers, evidence, declares=declares, manifest=manifest)
        if top.startswith("_"):
            return Verdict("skipped", top)
        if providers:
            return Verdict("undeclared", self._provided_prefix(fact.module), providers, evidence,
                           declares=declares, manifest=manifest)
        return None

    def _provided_prefix(self, module: str) -> str:
        """The shortest dotted prefix of `module` that the same distributions provide:
        `selenium` for selenium.webdriver.common.by, `google.api` for google.api.http_pb2
        (`google` alone is a namespace many distributions share)."""
        wanted = self.providers(module)[0]
        parts = module.split(".")
        for end in range(1, len(parts) + 1):
            prefix = ".".join(parts[:end])
            if self.providers(prefix)[0] == wanted:
                return prefix
        return module

    def providers(self, module: str) -> tuple[tuple[str, ...], str]:
        """Distributions known to provide `module`, and where that knowledge came from."""
        parts = module.split(".")
        for end in range(len(parts), 0, -1):
            mapped = self.config.package_map.get(".".join(parts[:end]))
            if mapped:
                return tuple(normalize_name(d) for d in mapped), "package-map"
        environment = self.knowledge.environment
        if environment is not None:
            found = environment.provider_of(module)
            if found:
                return found, "environment"
        data = bundled()
        if data is not None:
            found = tuple(data.providers(module))
            if found:
                return found, "bundled"
        return (), ""

    # -- the index -----------------------------------------------------------------------
    def _default_client(self, index_url: str):
        from stagewarden.index import client_for

        return client_for(self.config, index_url)

    def resolve_remotely(self, pending: dict[tuple[str, str], list[tuple[str, ImportFact]]]) -> dict:
        candidates = {key: candidate_distributions(key[1]) for key in pending}
        wanted = sorted({name for names in candidates.values() for name in names})
        primary = self.config.index_url or DEFAULT_INDEX_URL
        answers = self._ask([primary, *self.config.extra_index_urls], wanted)
        on_pypi = primary.rstrip("/") == DEFAULT_INDEX_URL.rstrip("/")
        data = bundled()
        verdicts: dict[tuple[str, int], Verdict] = {}
        for key, occurrences in pending.items():
            unit, module = key
            rel, first = occurrences[0]
            declared = self.knowledge.declared(Path(unit))
            declares = declared.found and declared.complete
            manifest = declared.sources[0] if declared.sources else ""
            names = candidates[key]
            found = [answers[n] for n in names if answers[n].status == "found"]
            unanswered = [n for n in names if answers[n].status not in {"found", "not-found"}]
            if found:
                verdict = Verdict("undeclared", module, tuple(a.name for a in found), "index", found[0],
                                  declares=declares, manifest=manifest)
            elif not unanswered:
                verdict = Verdict("unknown", module, self._unmapped(declared), "index",
                                  suggestions=self._suggest(module, rel))
            elif on_pypi and data is not None and not any(data.may_exist(n) for n in unanswered):
                verdict = Verdict("unknown", module, self._unmapped(declared), "snapshot",
                                  suggestions=self._suggest(module, rel))
            elif on_pypi and data is not None:
                existing = tuple(n for n in unanswered if data.may_exist(n))
                verdict = Verdict("undeclared", module, existing, "snapshot", declares=declares, manifest=manifest)
                if any(rule.id == "SW203" for rule in self.rules):
                    self.unverified.setdefault(module, (rel, first))
            else:
                verdict = Verdict("unverified", module)
                self.unverified.setdefault(module, (rel, first))
            if unanswered and not self.unverified_reason:
                self.unverified_reason = _reason([answers[n] for n in unanswered])
            for rel_path, fact in occurrences:
                verdicts[(rel_path, id(fact))] = verdict
        return verdicts

    def _ask(self, index_urls: list[str], names: list[str]) -> dict[str, ProjectAnswer]:
        """Answers from the first index that has each name; an index that cannot be asked
        (a bad URL) answers "error" for every name."""
        answers: dict[str, ProjectAnswer] = {}
        todo = list(names)
        if self.config.offline:  # no client, no HTTP stack to import
            return {name: ProjectAnswer(name, "offline") for name in names}
        for index_url in index_urls:
            if not todo:
                break
            try:
                client = self.client_factory(index_url)
                got = client.lookup(todo)
            except ValueError as error:
                got = {n: ProjectAnswer(n, "error", error=str(error)) for n in todo}
            for name in todo:
                previous = answers.get(name)
                answer = got[name]
                if previous is None or answer.status == "found" or previous.status == "not-found" and answer.status != "not-found":
                    answers[name] = answer if previous is None or answer.status == "found" else previous
            todo = [n for n in todo if answers[n].status != "found"]
        return answers

    def _unmapped(self, declared: Declared) -> tuple[str, ...]:
        """Declared distributions whose import names nothing here knows (not installed in the
        project's environment, not in the bundled map, not named like a module): an unknown
        import may be one of theirs (pywin32 provides win32api)."""
        data = bundled()
        environment = self.knowledge.environment
        installed = {d for dists in environment.providers.values() for d in dists} if environment else set()
        mapped = {normalize_name(d) for dists in self.config.package_map.values() for d in dists}
        return tuple(
            dist for dist in sorted(declared.names)
            if dist not in installed and dist not in mapped and not (data is not None and data.modules_of(dist))
        )

    def _suggest(self, module: str, rel: str) -> tuple[tuple[str, str], ...]:
        top = module.split(".")[0]
        suggestions: list[tuple[str, str]] = []
        own = difflib.get_close_matches(top, sorted(self.knowledge.first_party_names(rel)), n=1, cutoff=0.8)
        suggestions += [(name, "") for name in own]
        data = bundled()
        if data is not None:
            suggestions += [tuple(pair) for pair in data.suggestions(top)]
        return tuple(dict.fromkeys(suggestions))[:3]

    # -- the notice ----------------------------------------------------------------------
    def unverified_notice(self) -> list[Finding]:
        rule = self.notices.get(UNVERIFIED_NOTICE)
        if rule is None or not self.unverified:
            return []
        names = sorted(self.unverified)
        path, fact = min(self.unverified.values(), key=lambda where: (where[0], where[1].line, where[1].column))
        failing = self.config.on_index_error == "fail"
        shown = ", ".join(names[:20]) + (f" and {len(names) - 20} more" if len(names) > 20 else "")
        message = (f"{len(names)} imported name{'s' if len(names) != 1 else ''} could not be checked against the "
                   f"package index ({self.unverified_reason or 'no answer'}): {shown}")
        return [Finding(
            rule_id=rule.id, path=path, line=fact.line, column=fact.column, end_line=fact.end_line,
            end_column=fact.end_column, message=message, hint=rule.hint,
            severity=Level.HIGH if failing else rule.effective_severity, confidence=rule.confidence,
            fingerprint=fingerprint(rule.id, "", "\0".join(names)), span=fact.span,
            properties=() if failing else (("advisory", "true"),),
        )]


def _affix_match(top: str, declared: Iterable[str]) -> bool:
    """A declared distribution whose name is the import with a common affix or separators
    changed (python-dateutil -> dateutil, pyyaml -> yaml), or starts or ends with the import's
    name as whole dash-separated parts (django-environ -> environ, umap-learn -> umap,
    snowflake-connector-python -> snowflake). A loose match only makes an import count as
    declared, so at worst it hides an SW202."""
    wanted = normalize_name(top).replace("-", "")
    for name in declared:
        parts = name.split("-")
        if any("".join(parts[start:]) == wanted or "".join(parts[:start]) == wanted for start in range(1, len(parts))):
            return True
        bare = name.replace("-", "")
        for prefix in ("python", "py"):
            if bare.startswith(prefix) and bare[len(prefix):] == wanted:
                return True
        for suffix in ("python", "py", "3"):
            if bare.endswith(suffix) and bare[: -len(suffix)] == wanted:
                return True
        if bare == wanted:
            return True
    return False


def _reason(answers: list[ProjectAnswer]) -> str:
    statuses = {a.status for a in answers}
    if statuses == {"offline"}:
        return "offline"
    errors = sorted({a.error for a in answers if a.error})
    return "; ".join(errors[:2]) or "no answer"


__all__ = ["ImportChecker", "Verdict", "candidate_distributions"]
