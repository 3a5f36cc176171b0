"""One run from paths to findings: discover files, consult the cache, check the rest (in a
process pool for large standalone runs), then apply per-file ignores, confidence threshold
and baseline. Rendering and exit codes belong to cli.py."""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Sequence

from stagewarden import gitio
from stagewarden.baseline import Baseline
from stagewarden.cache import ResultCache, default_cache_dir
from stagewarden.config import Config
from stagewarden.engine import Engine, FileOutcome
from stagewarden.findings import Finding
from stagewarden.globs import matches, matches_any
from stagewarden.project import ProjectContext, load_project, project_from_requires
from stagewarden.rule import DependencyRule, ImportRule, Rule
from stagewarden.sources import PYTHON_SUFFIXES, SourceProblem, read_bytes

PARALLEL_THRESHOLD = 48  # below this many files to analyse, a process pool costs more than it saves


@dataclass
class RunOptions:
    paths: Sequence[str] = ()
    hook: bool = False
    base: str | None = None
    jobs: int | None = None
    baseline: Path | None = None
    use_baseline: bool = True


@dataclass
class RunResult:
    findings: list[Finding]
    files: int
    suppressed: int = 0
    baselined: int = 0
    ignored: int = 0
    unmatched_baseline: Counter = field(default_factory=Counter)
    root: Path = Path(".")


def config_hash(config: Config, rules: Sequence[Rule], project: ProjectContext | None = None) -> str:
    """What changes per-file results: the rules, their options and severities, the size limit,
    and the project's target Python versions (from requires-python)."""
    state = {
        "rules": sorted((r.id, sorted((k, repr(v)) for k, v in r.opts.items()), r.effective_severity.label) for r in rules),
        "max_file_size": config.max_file_size,
        "target_versions": list(project.target_versions) if project is not None else None,
    }
    return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()[:16]


def relative(path: str, root: Path) -> str:
    """The root-relative path with `/`: string work only (no `resolve()`, which costs a
    system call per path component on every file of a large run)."""
    absolute = os.path.abspath(path)
    base = str(root)
    if absolute.startswith(base + os.sep):
        rel = absolute[len(base) + 1 :]
    else:
        rel = os.path.relpath(absolute, base)
    return rel.replace(os.sep, "/")


def discover(options: RunOptions, config: Config, cwd: Path) -> tuple[list[str], list[str]]:
    """(files to check, paths that do not exist)."""
    missing: list[str] = []
    if options.paths:
        files: list[str] = []
        for given in options.paths:
            path = os.path.join(str(cwd), given)
            if not options.hook and os.path.isdir(path):
                files.extend(gitio.files_under(Path(path)))
            elif options.hook or os.path.exists(path):
                files.append(path)
            else:
                missing.append(given)
        return files, missing
    if options.hook:
        return [], []
    top = gitio.toplevel(cwd)
    if top is None:
        return gitio.files_under(config.root), []
    if options.base:
        return [p for p in gitio.changed_files(top, options.base) if os.path.isfile(p)], []
    return [p for p in gitio.tracked_files(top) if os.path.isfile(p)], []


class Runner:
    def __init__(self, config: Config, rules: Sequence[Rule], use_cache: bool = True):
        self.config = config
        self.rules = list(rules)
        if config.source is not None and config.source.name == "pyproject.toml":
            self.project = project_from_requires(config.requires_python)  # parsed with the config
        else:
            self.project = load_project(config.root)
        self.engine = Engine(self.rules, config.max_file_size, self.project)
        self.families = {r.family() for r in self.rules}
        self.cache = None
        if use_cache and config.cache:
            self.cache = ResultCache(config.cache_dir or default_cache_dir(), config_hash(config, self.rules, self.project))

    def wants(self, path: str) -> bool:
        """Only files some selected family reads per file: every file for the secrets family
        (binary ones are skipped once read), else Python sources. Manifests for the
        dependencies family are read by its own phase (see run())."""
        if "secrets" in self.families:
            return True
        if "dependencies" in self.families and self.families <= {"dependencies", "notices"}:
            return False
        name = os.path.basename(path)
        return name.endswith(PYTHON_SUFFIXES) or "." not in name

    def is_manifest(self, rel: str) -> bool:
        if "dependencies" not in self.families:
            return False
        from stagewarden.manifest_kinds import manifest_kind

        return manifest_kind(rel) is not None

    def run(self, options: RunOptions, cwd: Path) -> RunResult:
        root = self.config.root
        files, missing = discover(options, self.config, cwd)
        findings: list[Finding] = []
        suppressed = 0
        for given in missing:
            findings.extend(self.engine.problem(SourceProblem("SW004", "no such file or directory"), given))
        seen: set[str] = set()
        checked = 0
        work: list[tuple[str, bytes, str | None]] = []
        imports: dict[str, list] = {}  # path -> import facts, for the project phase
        manifests: list[str] = []  # for the dependencies phase
        for path in files:
            rel = relative(path, root)
            if self.is_manifest(rel) and rel not in manifests and not (
                    self.config.exclude and matches_any(rel, self.config.exclude)):
                manifests.append(rel)
            if not self.wants(path):
                continue
            if rel in seen or (self.config.exclude and matches_any(rel, self.config.exclude)):
                continue
            seen.add(rel)
            checked += 1
            data = read_bytes(path, self.config.max_file_size)
            if isinstance(data, SourceProblem):
                problems = self.engine.problem(data, rel)
                if data.rule_id == "SW003" and not rel.endswith(PYTHON_SUFFIXES):
                    # A large data file (a lockfile, a fixture) read only for secrets is worth a
                    # word, not a blocked commit.
                    problems = [replace(f, properties=(*f.properties, ("advisory", "true"))) for f in problems]
                findings.extend(problems)
                continue
            key = self.cache.key(rel, data) if self.cache is not None else None
            cached = self.cache.get(key) if key is not None else None
            if cached is not None:
                findings.extend(cached.findings)
                suppressed += cached.suppressed
                if cached.imports:
                    imports[rel] = cached.imports
                continue
            work.append((rel, data, key))
        for (rel, _, key), outcome in zip(work, self._check_all(work, options)):
            if self.cache is not None and key is not None:
                self.cache.put(key, outcome)
            findings.extend(outcome.findings)
            suppressed += outcome.suppressed
            if outcome.imports:
                imports[rel] = outcome.imports
        if imports:
            checker = self.import_checker()
            findings.extend(checker.check(imports))
            suppressed += checker.suppressed
        if manifests:
            dependencies = self.dependency_checker()
            findings.extend(dependencies.check(manifests, options.base))
            suppressed += dependencies.suppressed
            checked += len([m for m in manifests if m not in seen])
        return self._filter(findings, checked, suppressed, options)

    def dependency_checker(self):
        """The project phase of the dependency rules (depcheck.py)."""
        from stagewarden.depcheck import NOT_VERIFIED_NOTICE, UNREADABLE_NOTICE, DependencyChecker

        rules = [rule for rule in self.rules if isinstance(rule, DependencyRule)]
        notices = {rule.id: rule for rule in self.rules if rule.id in (NOT_VERIFIED_NOTICE, UNREADABLE_NOTICE)}
        return DependencyChecker(self.config, rules, notices)

    def import_checker(self):
        """The project phase of the import rules (importcheck.py)."""
        from stagewarden.importcheck import ImportChecker

        rules = [rule for rule in self.rules if isinstance(rule, ImportRule)]
        notices = {rule.id: rule for rule in self.rules if rule.id == "SW007"}
        return ImportChecker(self.config, self.project, rules, notices)

    def _check_all(self, work: list[tuple[str, bytes, str | None]], options: RunOptions) -> list[FileOutcome]:
        jobs = options.jobs if options.jobs is not None else (1 if options.hook else (os.cpu_count() or 1))
        if jobs <= 1 or len(work) < PARALLEL_THRESHOLD:
            return [self.engine.check_bytes(data, rel) for rel, data, _ in work]
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        global _WORKER_ENGINE
        _WORKER_ENGINE = self.engine
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        initializer = None if context.get_start_method() == "fork" else _init_worker
        initargs = () if initializer is None else (self.rules, self.config.max_file_size, self.project)
        # Largest files first, one at a time: the parse dominates and grows with size, so
        # this keeps both processes busy to the end.
        order = sorted(range(len(work)), key=lambda i: len(work[i][1]), reverse=True)
        results: list[FileOutcome | None] = [None] * len(work)
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=initializer, initargs=initargs) as pool:
            for index, outcome in zip(order, pool.map(_check_in_worker, [work[i][:2] for i in order], chunksize=4)):
                results[index] = outcome
        return results  # type: ignore[return-value]

    def _filter(self, findings: list[Finding], files: int, suppressed: int, options: RunOptions) -> RunResult:
        config = self.config
        kept: list[Finding] = []
        ignored = 0
        for finding in findings:
            if finding.confidence < config.min_confidence or self._ignored_for_file(finding):
                ignored += 1
                continue
            kept.append(finding)
        kept.sort(key=lambda f: f.sort_key)
        result = RunResult(kept, files, suppressed, 0, ignored, root=config.root)
        baseline_path = options.baseline or (config.root / config.baseline if config.baseline else None)
        if baseline_path is not None and options.use_baseline:
            baseline = Baseline.load(baseline_path if baseline_path.is_absolute() else config.root / baseline_path)
            new, known, unmatched = baseline.split(kept)
            result.findings, result.baselined, result.unmatched_baseline = new, len(known), unmatched
        return result

    def _ignored_for_file(self, finding: Finding) -> bool:
        for pattern, tokens in self.config.per_file_ignores:
            if matches(finding.path, pattern):
                rule = self.engine.enabled.get(finding.rule_id)
                for token in tokens:
                    if token == "ALL" or finding.rule_id.startswith(token.upper()):
                        return True
                    if rule is not None and token.lower() in (rule.family(), rule.name):
                        return True
        return False


_WORKER_ENGINE: Engine | None = None


def _init_worker(rules, max_file_size, project=None) -> None:
    global _WORKER_ENGINE
    _WORKER_ENGINE = Engine(rules, max_file_size, project)


def _check_in_worker(item: tuple[str, bytes]) -> FileOutcome:
    rel, data = item
    assert _WORKER_ENGINE is not None
    return _WORKER_ENGINE.check_bytes(data, rel)


__all__ = ["RunOptions", "RunResult", "Runner", "discover", "relative"]
