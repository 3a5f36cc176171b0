"""`stagewarden vet NAME [--version SPEC] --reason "..."`: check a dependency the way the
new-dependencies hook would, then record who vetted it, when, why and what was checked.

The checks are the SW402-SW409 rules run on the name as if a change added it. A name the
index says does not exist is not recorded (there is nothing to vouch for) unless `--force`;
other findings are printed and recorded with the entry, because the person vetting is the
one who decides.
"""

from __future__ import annotations

import getpass
import subprocess
from dataclasses import dataclass
from pathlib import Path

from stagewarden.config import Config
from stagewarden.index.model import normalize_name


class VetError(Exception):
    """A usage problem with `stagewarden vet` (exit code 2)."""


@dataclass
class VetOutcome:
    recorded: bool
    lines: list[str]  # what was checked, one line each, as printed and recorded
    blocking: str = ""  # why nothing was recorded
    name: str = ""  # as recorded (PEP 503)
    version: str = ""  # the specifier recorded, "" for every version


def who_am_i(root: Path) -> str:
    """`Name <email>` from git's configuration, else the login name."""
    def git_config(key: str) -> str:
        try:
            result = subprocess.run(["git", "config", key], cwd=root, capture_output=True, text=True, timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            return ""
        return result.stdout.strip() if result.returncode == 0 else ""

    name, email = git_config("user.name"), git_config("user.email")
    if name or email:
        return f"{name} <{email}>".strip() if email else name
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


def vet(config: Config, rules, name: str, version: str, reason: str, by: str, force: bool = False) -> VetOutcome:
    from stagewarden.depcheck import DependencyChecker
    from stagewarden.depdiff import DependencyChange, DependencyDiff
    from stagewarden.dependency_manifests import parse_manifest
    from stagewarden.vetting import append_entry, entry_text, valid_specifier

    if not reason.strip():
        raise VetError("--reason: say why this dependency is acceptable")
    if not valid_specifier(version):
        raise VetError(f"--version {version!r}: expected a PEP 440 specifier such as \">=2.31,<3\" or \"==1.4.2\"")
    spec = "" if version.strip() in ("", "*") else version.strip()
    manifest = parse_manifest("requirements.txt", f"{name}{spec}\n")
    if manifest.problems or len(manifest.requirements) != 1 or manifest.requirements[0].source:
        raise VetError(f"{name!r}: expected a package name such as requests")
    requirement = manifest.requirements[0]
    spec = spec or requirement.specifier  # `stagewarden vet "httpx>=0.27,<1"` names the range itself
    from stagewarden.rule import DependencyRule

    checker = DependencyChecker(config, [r for r in rules if isinstance(r, DependencyRule) and r.id != "SW401"], {})
    change = DependencyChange(requirement.name, "added", requirement, direct=True)
    diff = DependencyDiff("", changes=[change], texts={"requirements.txt": f"{name}{spec}\n"})
    (subject,) = checker.gather(diff) or [None]
    lines: list[str] = []
    blocking = ""
    for rule in checker.rules:
        if subject is None or "added" not in rule.statuses:
            continue
        report = rule.check(subject)
        if report is not None:
            lines.append(f"{rule.id} {rule.name}: {report.message}")
            if rule.id == "SW402" and subject.answer is not None and subject.answer.status == "not-found":
                blocking = report.message
        elif rule.id in subject.skipped:
            lines.append(f"{rule.id} {rule.name}: not checked ({subject.skipped[rule.id]})")
        else:
            lines.append(f"{rule.id} {rule.name}: passed" + _what(rule.id, subject))
    name = normalize_name(requirement.name)
    if blocking and not force:
        return VetOutcome(False, lines, blocking, name, spec)
    path = config.root / config.dependencies.vetted_file
    append_entry(path, entry_text(name, spec, reason.strip(), by, lines))
    return VetOutcome(True, lines, "", name, spec)


def _what(rule_id: str, subject) -> str:
    """What a passed check looked at, for the record."""
    version = subject.installed_version
    if rule_id == "SW406" and version:
        return f" (no known vulnerability in {version})"
    if rule_id == "SW405" and subject.policy.allowed_licenses and version:
        release = subject.release(version)
        if release is not None:
            from stagewarden.licenses import license_of

            declared = license_of(release.info)
            shown = declared.expression or " or ".join(declared.candidates) or "license unknown"
            return f" ({shown} in {version})"
    if rule_id == "SW404" and subject.first_upload:
        return f" (first upload {subject.first_upload.isoformat()}, {len(subject.known_releases)} releases)"
    if rule_id == "SW402" and subject.answer is not None and subject.answer.status == "found":
        return f" (exists on {subject.index_label})"
    return ""


__all__ = ["VetError", "VetOutcome", "vet", "who_am_i"]
