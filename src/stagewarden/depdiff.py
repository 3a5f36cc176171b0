"""What a change does to the project's dependencies: the staged (or checked-out) manifests
compared with the same repository at a base commit.

The base is HEAD for a local commit, `--base REF` when given, else pre-commit's
`PRE_COMMIT_FROM_REF` in CI. A dependency is **added** when no manifest of the repository
declared it at the base, so an entry moved between files (requirements.txt to pyproject.toml)
or reordered is not new. It is **changed** when it was declared but its version, specifier
or source differ (a version bump, a new pin in a constraints or lock file): such entries are
checked for vulnerabilities and yanks but need no vetting. A package that appears only in a
lock file (a transitive dependency) is added too, marked `direct=False`.

Without git, or before the first commit, there is no base and every dependency is added.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from stagewarden import gitio
from stagewarden.dependency_manifests import IndexOption, Manifest, Requirement, manifest_kind, parse_manifest

LOCK_KINDS = frozenset({"uv.lock", "poetry.lock", "pylock", "pdm.lock", "pipfile.lock"})


@dataclass(frozen=True)
class DependencyChange:
    name: str
    status: str  # "added" | "changed"
    requirement: Requirement  # where to report: the direct entry when there is one
    direct: bool  # declared in a manifest, not only pinned by a lock file
    locked_version: str | None = None  # the version a lock file of this change pins
    previous: Requirement | None = None  # the base entry a "changed" dependency had

    @property
    def exact_version(self) -> str | None:
        """The one version this change installs, when known: a lock file's, else `==X`."""
        return self.locked_version or self.requirement.version


@dataclass
class DependencyDiff:
    base: str  # the ref compared with; "" when there is none (every dependency is added)
    changes: list[DependencyChange] = field(default_factory=list)
    added_indexes: list[IndexOption] = field(default_factory=list)
    manifests: dict[str, Manifest] = field(default_factory=dict)  # the current ones, by path
    texts: dict[str, str] = field(default_factory=dict)  # their current text, for positions and suppressions
    declared_names: frozenset[str] = frozenset()  # every name the repository declares (now or at the base)


def base_ref(given: str | None, root: Path, environ=os.environ) -> str:
    """The commit to compare with: --base, else PRE_COMMIT_FROM_REF, else HEAD; "" when the
    repository has no such commit (the first commit) or there is no repository."""
    for ref in (given, environ.get("PRE_COMMIT_FROM_REF"), "HEAD"):
        if ref:
            if gitio.commit_exists(root, ref):
                return ref
            if ref == given:
                raise gitio.GitError(f"--base {ref}: not a commit git knows here")
    return ""


def _decode(data: bytes) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _current_texts(root: Path, paths: list[str], to_ref: str) -> dict[str, str | None]:
    """The text of each manifest as this change leaves it (None: unreadable)."""
    texts: dict[str, str | None] = {}
    at_ref = gitio.read_at(root, to_ref, paths) if to_ref else {}
    for path in paths:
        data = at_ref.get(path)
        if data is None:
            try:
                with open(root / path, "rb") as handle:
                    data = handle.read(5 * 1024 * 1024 + 1)
            except OSError:
                continue  # deleted: it declares nothing any more
        texts[path] = _decode(data)
    return texts


def _ident(requirement: Requirement) -> str:
    """The name, or for a URL dependency whose name only a build could tell, its URL."""
    return requirement.name or requirement.url


def _key(requirement: Requirement) -> tuple:
    return (requirement.specifier, requirement.version, requirement.url)


def _follow_includes(manifests: dict[str, Manifest], texts: dict[str, str], read) -> None:
    """Add the requirements files `manifests` include with -r/-c (transitively, within the
    repository), whatever they are called: `-r common.txt` declares dependencies too, and
    `-c pins.txt` pins versions."""
    pending = [include for manifest in manifests.values() for include in manifest.includes]
    for _ in range(10):
        wanted: dict[str, str] = {}
        for flag, target in pending:
            if "://" in target or target.startswith(("/", "../")) or target in manifests:
                continue
            wanted.setdefault(target, flag)
        if not wanted:
            return
        pending = []
        for path, text in read(list(wanted)).items():
            if text is None:
                continue
            manifest = parse_manifest(path, text, kind="requirements", constraints=wanted[path] == "-c")
            manifests[path] = manifest
            texts[path] = text
            pending.extend(manifest.includes)


def compute_diff(root: Path, paths: list[str], base: str, to_ref: str = "") -> DependencyDiff:
    """The dependency changes the manifests at `paths` (repository-relative) make since `base`."""
    diff = DependencyDiff(base)
    paths = [p for p in dict.fromkeys(paths) if manifest_kind(p)]
    for path, text in _current_texts(root, paths, to_ref).items():
        manifest = parse_manifest(path, text) if text is not None else Manifest(path, manifest_kind(path) or "", [], [], [], ["file is not UTF-8 text"])
        diff.manifests[path] = manifest
        diff.texts[path] = text or ""
    _follow_includes(diff.manifests, diff.texts, lambda wanted: _current_texts(root, wanted, to_ref))
    base_manifests: dict[str, Manifest] = {}
    if base:
        def read_base(wanted: list[str]) -> dict[str, str | None]:
            return {path: _decode(data) for path, data in gitio.read_at(root, base, wanted).items()}

        at_base = [p for p in gitio.files_at(root, base) if manifest_kind(p)]
        for path, text in read_base(at_base).items():
            if text is not None:
                base_manifests[path] = parse_manifest(path, text)
        _follow_includes(base_manifests, {}, read_base)
    base_direct: dict[str, list[Requirement]] = {}
    base_locked: dict[str, list[Requirement]] = {}
    for manifest in base_manifests.values():
        target = base_locked if manifest.kind in LOCK_KINDS else base_direct
        for requirement in manifest.requirements:
            target.setdefault(_ident(requirement), []).append(requirement)

    declared: set[str] = set()
    per_name: dict[str, list[tuple[str, Requirement, Requirement | None]]] = {}
    for path, manifest in diff.manifests.items():
        locked = manifest.kind in LOCK_KINDS
        for requirement in manifest.requirements:
            if requirement.source == "path":
                continue  # the project itself, a workspace member, a local folder
            if not _ident(requirement):
                continue
            if not locked and requirement.kind == "direct" and requirement.name:
                declared.add(requirement.name)
            status, previous = _judge(requirement, locked, base_direct, base_locked)
            if status:
                per_name.setdefault(_ident(requirement), []).append((status, requirement, previous))
        known = {(o.option, o.url) for o in base_manifests.get(path, Manifest(path, "", [], [], [], [])).indexes}
        diff.added_indexes.extend(o for o in manifest.indexes if (o.option, o.url) not in known)
    # Every name the repository declares, in the files of this change or any other at the base
    # (a look-alike of a dependency declared in another manifest is still a look-alike).
    declared.update(name for name, entries in base_direct.items() if any(e.kind == "direct" and e.name for e in entries))
    diff.declared_names = frozenset(declared)
    for name, entries in per_name.items():
        diff.changes.append(_merge(name, entries))
    diff.changes.sort(key=lambda c: (c.requirement.file, c.requirement.line, c.name))
    return diff


def _judge(requirement: Requirement, locked: bool, base_direct: dict, base_locked: dict) -> tuple[str, Requirement | None]:
    """("added" | "changed" | "", the base entry it changed from)."""
    name = _ident(requirement)
    if locked:
        before = base_locked.get(name, [])
        if any(b.version == requirement.version and b.url == requirement.url for b in before):
            return "", None
        if before or name in base_direct:
            return "changed", (before or base_direct[name])[0]
        return "added", None
    before = base_direct.get(name, [])
    if requirement.kind == "direct" and not any(b.kind == "direct" for b in before):
        return "added", None  # a name that was at most constrained before is a new dependency
    if not before:
        return "changed", None  # a constraint pins a version; it installs nothing, so it is never new
    if any(_key(b) == _key(requirement) for b in before):
        return "", None
    same_file = [b for b in before if b.file == requirement.file]
    return "changed", (same_file or before)[0]


def _merge(name: str, entries: list[tuple[str, Requirement, Requirement | None]]) -> DependencyChange:
    """One change per name: report at the direct entry when there is one, and carry the
    version a lock file pins with it."""
    direct = [(s, r, p) for s, r, p in entries if r.kind != "locked"]
    locked = [r for s, r, p in entries if r.kind == "locked"]
    status = "added" if any(s == "added" for s, _, _ in entries) else "changed"
    if direct:
        chosen = next((e for e in direct if e[0] == "added"), direct[0])
    else:
        chosen = next(e for e in entries if e[1].kind == "locked")
    locked_version = locked[0].version if locked else None
    return DependencyChange(name, status, chosen[1], any(r.kind == "direct" for _, r, _ in direct),
                            locked_version, chosen[2])


__all__ = ["DependencyChange", "DependencyDiff", "LOCK_KINDS", "base_ref", "compute_diff"]
