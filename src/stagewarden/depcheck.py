"""The project phase of the dependency rules: diff the manifests against the base commit,
ask the package index about what changed (once, concurrently, cached), then let each
selected SW4xx rule judge each added or changed dependency.

Look-ups follow the rules' `needs`: existence from the simple API (PEP 691), metadata from
the index's JSON API (licenses, upload times, yanks, advisories), the public index only for
names declared private. Only project names and versions leave the machine. What could not
be checked (offline, index down, no JSON API) is named in one SW008 notice instead of
passing silently.
"""

from __future__ import annotations

import datetime
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Sequence

from stagewarden import gitio
from stagewarden.config import Config
from stagewarden.depdiff import DependencyChange, DependencyDiff, base_ref, compute_diff
from stagewarden.dependency_policy import DependencyPolicy
from stagewarden.engine import fingerprint
from stagewarden.findings import Finding, Level
from stagewarden.index.model import DEFAULT_INDEX_URL, ProjectAnswer, ProjectDetails, Release
from stagewarden.rule import DependencyRule, Report
from stagewarden.suppress import parse_text_suppressions
from stagewarden.vetting import VettedFile, load_vetted

NOT_VERIFIED_NOTICE = "SW008"
# What each rule checks, for the notice that says which checks could not run.
CHECK_NAMES = {"SW401": "vetting", "SW402": "existence", "SW403": "typosquat", "SW404": "project age",
               "SW405": "license", "SW406": "vulnerabilities", "SW407": "yanks", "SW408": "dependency confusion",
               "SW409": "direct sources", "SW410": "package sources"}
UNREADABLE_NOTICE = "SW009"
SOURCE_LINK_KEYS = ("source", "repository", "code", "github", "gitlab", "source code", "bitbucket", "git")
SOURCE_HOSTS = ("github.com/", "gitlab.com/", "bitbucket.org/", "codeberg.org/", "sr.ht/", "git.", "sourceforge.net/")


def _version(text: str):
    from packaging.version import InvalidVersion, Version

    try:
        return Version(text)
    except InvalidVersion:
        return None


@dataclass
class DependencySubject:
    """One added or changed dependency with everything the rules may ask about it."""

    change: DependencyChange
    policy: DependencyPolicy
    index_url: str
    project_names: frozenset[str] = frozenset()
    vetted: VettedFile | None = None
    answer: ProjectAnswer | None = None  # the simple API on the configured index(es)
    project: ProjectDetails | None = None  # the JSON API's project document
    releases: dict[str, ProjectDetails] = field(default_factory=dict)  # release documents by version
    public: ProjectAnswer | None = None  # the public index, for names declared private
    today: datetime.date = field(default_factory=lambda: datetime.datetime.now(datetime.timezone.utc).date())
    unverified: dict[str, str] = field(default_factory=dict)  # look-up -> why it has no answer
    skipped: dict[str, str] = field(default_factory=dict)  # rule id -> why it could not judge

    def why(self, lookup: str) -> str:
        """Why a look-up ("index", "details", "public") has no answer."""
        return self.unverified.get(lookup, "no answer from the package index")

    def could_not(self, rule_id: str, reason: str) -> None:
        """A rule says it could not judge this dependency (named in the SW008 notice)."""
        self.skipped[rule_id] = reason

    @property
    def name(self) -> str:
        return self.change.name

    @property
    def requirement(self):
        return self.change.requirement

    @property
    def exact_version(self) -> str | None:
        return self.change.exact_version

    @property
    def from_url(self) -> bool:
        """Installed from a VCS or archive URL, not from the index: the index says nothing about it."""
        return self.requirement.source in ("vcs", "url")

    @property
    def missing(self) -> bool:
        """The index answered that no such project exists (SW402's finding)."""
        return self.answer is not None and self.answer.status == "not-found"

    @property
    def private(self) -> str | None:
        return self.policy.private(self.name)

    @property
    def index_label(self) -> str:
        """The configured index for messages: its host, never credentials."""
        import urllib.parse

        try:
            host = urllib.parse.urlsplit(self.index_url).hostname or self.index_url
        except ValueError:
            host = "the configured index"
        return "PyPI" if self.on_pypi else f"the package index ({host})"

    @property
    def on_pypi(self) -> bool:
        return self.index_url.rstrip("/") == DEFAULT_INDEX_URL.rstrip("/")

    # -- what the index knows --------------------------------------------------------------
    @cached_property
    def known_releases(self) -> list[Release]:
        """Installable releases (with files), oldest first by version."""
        if self.project is None or self.project.status != "found":
            return []
        usable = [r for r in self.project.releases if r.files and _version(r.version) is not None]
        return sorted(usable, key=lambda r: _version(r.version))

    @cached_property
    def admitted(self) -> list[str]:
        """Known, non-yanked releases the requirement's specifier admits (pre-releases only
        when the specifier names one), oldest first."""
        from packaging.specifiers import InvalidSpecifier, SpecifierSet

        try:
            specifier = SpecifierSet(self.requirement.specifier or "")
        except InvalidSpecifier:
            return []
        versions = [r.version for r in self.known_releases if not r.yanked]
        return [str(v) for v in specifier.filter([_version(v) for v in versions])]

    @property
    def installed_version(self) -> str | None:
        """The version this requirement installs: the exact one, else the newest admitted."""
        if self.exact_version:
            return self.exact_version
        return self.admitted[-1] if self.admitted else None

    @property
    def lowest_admitted(self) -> str | None:
        """The oldest admitted release, when the specifier sets a lower bound (without one,
        every ancient release is admitted and only the installed one is judged)."""
        if self.exact_version or not self.admitted:
            return None
        if not any(op in self.requirement.specifier for op in (">", "~=", "==")):
            return None
        return self.admitted[0]

    def release(self, version: str | None) -> ProjectDetails | None:
        """The metadata of one release: its own document, or the project document when that
        describes this version."""
        if not version:
            return None
        found = self.releases.get(version)
        if found is not None and found.status == "found":
            return found
        if self.project is not None and self.project.status == "found" and self.project.described == version:
            return self.project
        return None

    @property
    def first_upload(self) -> datetime.date | None:
        stamp = ""
        if self.project is not None and self.project.status == "found":
            stamp = self.project.first_upload
        if not stamp and self.answer is not None:
            stamp = self.answer.first_upload
        try:
            return datetime.date.fromisoformat(stamp[:10]) if stamp else None
        except ValueError:
            return None

    @property
    def age_days(self) -> int | None:
        first = self.first_upload
        return (self.today - first).days if first else None

    @property
    def established(self) -> bool | None:
        """Old enough on the index to be past the window squats live in; None: unknown."""
        age = self.age_days
        return None if age is None else age >= self.policy.min_project_age_days

    @property
    def source_link(self) -> str:
        """A link to the project's source repository from its metadata, or ""."""
        if self.project is None or self.project.status != "found":
            return ""
        for key, url in self.project.project_urls:
            if key.strip().lower() in SOURCE_LINK_KEYS or any(host in url.lower() for host in SOURCE_HOSTS):
                return url
        home = self.project.home_page.lower()
        return self.project.home_page if any(host in home for host in SOURCE_HOSTS) else ""


class DependencyChecker:
    def __init__(self, config: Config, rules: Sequence[DependencyRule], notices: dict, client_factory=None,
                 environ=os.environ):
        self.config = config
        self.policy = config.dependencies
        self.rules = list(rules)
        self.notices = notices
        self.client_factory = client_factory or self._default_client
        self.environ = environ
        self.suppressed = 0
        self.unverified: dict[str, tuple[set[str], set[str]]] = {}  # reason -> (dependencies, rule ids)
        self._lines: dict[str, list[str]] = {}
        self._silenced: dict[str, object] = {}

    def _default_client(self, index_url: str):
        from stagewarden.index import client_for

        return client_for(self.config, index_url)

    # -- the phase -----------------------------------------------------------------------
    def check(self, paths: Sequence[str], base: str | None) -> list[Finding]:
        """Findings for the manifests at `paths` (absolute or relative to the config root)."""
        root = self.config.root
        repository = gitio.toplevel(root)
        top = repository or root
        relative = sorted({os.path.relpath(os.path.join(str(root), p), str(top)).replace(os.sep, "/") for p in paths})
        ref = base_ref(base, top, self.environ) if repository else ""
        diff = compute_diff(top, relative, ref, self.environ.get("PRE_COMMIT_TO_REF", "") if not base else "")
        findings = self.unreadable(diff, top)
        subjects = self.gather(diff)
        for subject in subjects:
            findings.extend(self.judge(subject, diff, top))
        for option in diff.added_indexes:
            findings.extend(self.judge_index_option(option, diff, top))
        findings.extend(self.not_verified_notice(diff, top))
        return findings

    def _path(self, repo_path: str, top: Path) -> str:
        return os.path.relpath(os.path.join(str(top), repo_path), str(self.config.root)).replace(os.sep, "/")

    def _texts(self, diff: DependencyDiff, path: str) -> list[str]:
        """The manifest's lines, split once a run (a new lock file can add hundreds of entries)."""
        if path not in self._lines:
            self._lines[path] = (diff.texts.get(path) or "").splitlines()
        return self._lines[path]

    def _suppressions(self, diff: DependencyDiff, path: str):
        if path not in self._silenced:
            self._silenced[path] = parse_text_suppressions(self._texts(diff, path))
        return self._silenced[path]

    # -- look-ups ------------------------------------------------------------------------
    def gather(self, diff: DependencyDiff) -> list[DependencySubject]:
        primary = self.config.index_url or DEFAULT_INDEX_URL
        vetted = load_vetted(self.config.root / self.policy.vetted_file)
        subjects = []
        for change in diff.changes:
            subject = DependencySubject(change, self.policy, primary, diff.declared_names, vetted)
            if self._rules_for(subject):
                subjects.append(subject)
        needs = {need for subject in subjects for rule in self._rules_for(subject) for need in rule.needs}
        foreign = {s.name for s in subjects if s.requirement.index and not self._configured(s.requirement.index)}
        for subject in subjects:
            if subject.name in foreign:
                subject.unverified["index"] = "pinned to an index stagewarden is not configured to ask"
            elif subject.from_url:
                subject.unverified["index"] = "installed from a direct URL, not from the index"
        asked = [s for s in subjects if s.name not in foreign and not s.from_url]
        if not asked or not needs - {"public"}:
            self._public(subjects, needs)
            return subjects
        client = self.client_factory(primary)
        names = sorted({s.name for s in asked})
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="stagewarden-deps") as pool:
            simple = pool.submit(client.lookup, names) if needs & {"index", "details", "releases"} else None
            wanted_details = needs & {"details", "releases"}
            documents = pool.submit(client.details, [(n, "") for n in names]) if wanted_details else None
            answers = simple.result() if simple else {}
            projects = documents.result() if documents else {}
        missing = [n for n in names if answers.get(n) is not None and answers[n].status != "found"]
        for extra in self.config.extra_index_urls if missing else ():
            for name, answer in self.client_factory(extra).lookup(missing).items():
                if answer.status == "found":
                    answers[name] = answer  # the extra index has it (its metadata stays unknown)
        for subject in asked:
            subject.answer = answers.get(subject.name)
            subject.project = projects.get((subject.name, ""))
            if subject.project is not None and subject.project.status == "not-found" and (
                    subject.answer is not None and subject.answer.status == "found"):
                # The project exists (on this index or an extra one) but the JSON API beside
                # the configured index does not describe it: its metadata is unknown, not absent.
                subject.project = ProjectDetails(subject.name, "unsupported", error="the index's JSON API does not know it")
            self._note(subject)
        if "releases" in needs:
            wanted = []
            for subject in asked:
                if subject.project is None or subject.project.status != "found":
                    continue
                for version in (subject.installed_version, subject.lowest_admitted):
                    if version and version != subject.project.described:
                        wanted.append((subject.name, version))
            documents = client.details(wanted) if wanted else {}
            for subject in asked:
                for (name, version), document in documents.items():
                    if name == subject.name:
                        subject.releases[version] = document
        self._public(subjects, needs)
        return subjects

    def _configured(self, index: str) -> bool:
        """Whether a lock entry's index may be asked through the configured ones: it is one
        of them, or it is PyPI (public names; the configured index is PyPI or a mirror of it).
        A name locked to another private registry is never sent anywhere else."""
        known = [self.config.index_url or DEFAULT_INDEX_URL, *self.config.extra_index_urls, DEFAULT_INDEX_URL]
        return any(index.rstrip("/").lower() == url.rstrip("/").lower() for url in known)

    def _note(self, subject: DependencySubject) -> None:
        """Record why the index could not answer for this dependency."""
        for what, answer in (("index", subject.answer), ("details", subject.project)):
            if answer is None or answer.status in ("found", "not-found"):
                continue
            if answer.status == "offline":
                reason = "offline"
            elif answer.status == "unsupported":
                reason = answer.error or "the index has no JSON API"
            else:
                reason = answer.error or answer.status
            subject.unverified[what] = reason

    def _public(self, subjects: list[DependencySubject], needs: set[str]) -> None:
        private = [s for s in subjects if "public" in needs and s.private]
        if not private:
            return
        client = self.client_factory(self.policy.public_index_url)
        answers = client.lookup(sorted({s.name for s in private}))
        for subject in private:
            subject.public = answers.get(subject.name)
            if subject.public is not None and subject.public.status not in ("found", "not-found"):
                subject.unverified["public"] = "offline" if subject.public.status == "offline" else (
                    subject.public.error or subject.public.status)

    def _rules_for(self, subject: DependencySubject) -> list[DependencyRule]:
        return [rule for rule in self.rules if subject.change.status in rule.statuses]

    # -- judging -------------------------------------------------------------------------
    def judge(self, subject: DependencySubject, diff: DependencyDiff, top: Path) -> list[Finding]:
        requirement = subject.requirement
        lines = self._texts(diff, requirement.file)
        silenced = self._suppressions(diff, requirement.file)
        found = []
        for rule in self._rules_for(subject):
            report = rule.check(subject)
            if report is None:
                continue
            if silenced.silences(rule.id, requirement.line, requirement.line):
                self.suppressed += 1
                continue
            found.append(self._finding(rule, report, requirement.file, requirement.line, lines, top,
                                       f"{subject.name}\0{report.message if rule.id == 'SW406' else ''}",
                                       (("advisory", "true"),) if report.advisory else ()))
        for rule_id, reason in subject.skipped.items():
            names, rule_ids = self.unverified.setdefault(reason, (set(), set()))
            names.add(subject.name)
            rule_ids.add(rule_id)
        return found

    def judge_index_option(self, option, diff: DependencyDiff, top: Path) -> list[Finding]:
        lines = self._texts(diff, option.file)
        silenced = self._suppressions(diff, option.file)
        found = []
        for rule in self.rules:
            siblings = diff.manifests[option.file].indexes if option.file in diff.manifests else ()
            report = rule.check_index_option(option, self.policy, siblings)
            if report is None:
                continue
            if silenced.silences(rule.id, option.line, option.line):
                self.suppressed += 1
                continue
            found.append(self._finding(rule, report, option.file, option.line, lines, top, f"{option.option}\0{option.url}"))
        return found

    def _finding(self, rule, report: Report, file: str, line: int, lines: list[str], top: Path, identity: str,
                 properties: tuple = ()) -> Finding:
        line = line if 0 < line <= max(len(lines), 1) else 1
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        column = len(text) - len(text.lstrip()) + 1
        path = self._path(file, top)
        return Finding(
            rule_id=rule.id, path=path, line=line, column=column, end_line=line,
            end_column=max(len(text.rstrip()) + 1, column), message=report.message,
            hint=report.hint if report.hint is not None else rule.hint,
            severity=rule.configured_severity or report.severity or rule.severity,
            confidence=report.confidence or rule.confidence,
            fingerprint=fingerprint(rule.id, path, identity), span=(line, line), properties=properties,
        )

    # -- notices -------------------------------------------------------------------------
    def unreadable(self, diff: DependencyDiff, top: Path) -> list[Finding]:
        rule = self.notices.get(UNREADABLE_NOTICE)
        if rule is None:
            return []
        found = []
        for path, manifest in diff.manifests.items():
            for problem in manifest.problems:
                line = 1
                if problem.startswith("line "):
                    head = problem[5:].split(":", 1)[0]
                    line = int(head) if head.isdigit() else 1
                lines = self._texts(diff, path)
                found.append(self._finding(rule, Report(problem), path, line, lines, top, problem))
        return found

    def not_verified_notice(self, diff: DependencyDiff, top: Path) -> list[Finding]:
        rule = self.notices.get(NOT_VERIFIED_NOTICE)
        if rule is None or not self.unverified or not diff.changes:
            return []
        parts = []
        names: set[str] = set()
        for reason, (dependencies, rule_ids) in sorted(self.unverified.items()):
            names |= dependencies
            shown = ", ".join(sorted(dependencies)[:10]) + (f" and {len(dependencies) - 10} more" if len(dependencies) > 10 else "")
            checks = ", ".join(f"{r} {CHECK_NAMES.get(r, '')}".strip() for r in sorted(rule_ids))
            parts.append(f"{checks} not run for {shown} ({reason})")
        failing = self.config.on_index_error == "fail"
        first = diff.changes[0].requirement
        message = (f"{len(names)} dependenc{'ies' if len(names) != 1 else 'y'} could not be fully checked: "
                   + "; ".join(parts))
        finding = self._finding(rule, Report(message, severity=Level.HIGH if failing else None), first.file,
                                first.line, self._texts(diff, first.file), top, "\0".join(sorted(names)),
                                properties=() if failing else (("advisory", "true"),))
        return [finding]


__all__ = ["DependencyChecker", "DependencySubject"]
