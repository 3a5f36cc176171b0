"""Vetting records: who reviewed which dependency, when, why, and what was checked.

In the spirit of Mozilla's cargo-vet, a project keeps a reviewable file in the repository
(default `stagewarden-vetted.toml`); `stagewarden vet` appends entries and SW401 reports an
added dependency no entry covers. An entry's `version` is a PEP 440 specifier ("" covers
every version), so vetting `requests` for `>=2.31,<3` does not silently cover 3.0.

The file is appended to, never rewritten: comments and hand edits survive, and a review
shows exactly the new entry.
"""

from __future__ import annotations

import datetime
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on older interpreters only
    import tomli as tomllib

from stagewarden.index.model import normalize_name

HEADER = """\
# Dependencies vetted for this project, written by `stagewarden vet` (or by hand).
# Each [[dependency]] entry vouches for the versions its `version` specifier admits
# ("" means every version). Review changes to this file like code.
"""


@dataclass(frozen=True)
class VetRecord:
    name: str  # PEP 503 normalized
    version: str = ""  # a PEP 440 specifier, "" for any version
    reason: str = ""
    vetted_by: str = ""
    date: str = ""
    checked: tuple[str, ...] = ()
    line: int = 0


@dataclass
class VettedFile:
    path: Path
    records: list[VetRecord] = field(default_factory=list)
    problem: str = ""  # why the file could not be read ("" when fine or absent)

    def for_name(self, name: str) -> list[VetRecord]:
        normalized = normalize_name(name)
        return [r for r in self.records if r.name == normalized]


def load_vetted(path: Path, text: str | None = None) -> VettedFile:
    """The records of a vetted file (absent: none). A broken file yields no records and a
    `problem`, so an unreadable file can never vouch for anything."""
    vetted = VettedFile(path)
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return vetted
        except (OSError, UnicodeDecodeError) as error:
            vetted.problem = f"cannot be read: {getattr(error, 'strerror', None) or error}"
            return vetted
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        vetted.problem = f"invalid TOML: {error}"
        return vetted
    entries = data.get("dependency", [])
    if not isinstance(entries, list):
        vetted.problem = "`dependency` must be an array of tables ([[dependency]])"
        return vetted
    lines = _entry_lines(text)
    for number, entry in enumerate(entries):
        where = f"entry {number + 1}"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
            vetted.problem = f"{where}: needs a `name`"
            continue
        version = entry.get("version", "")
        if not isinstance(version, str) or not valid_specifier(version):
            vetted.problem = f"{where} ({entry['name']}): `version` must be a PEP 440 specifier such as \">=2.31,<3\""
            continue
        checked = entry.get("checked", [])
        vetted.records.append(VetRecord(
            name=normalize_name(entry["name"].strip()),
            version="" if version.strip() in ("", "*") else version.strip(),
            reason=str(entry.get("reason", "")),
            vetted_by=str(entry.get("vetted-by", "")),
            date=str(entry.get("date", "")),
            checked=tuple(str(c) for c in checked) if isinstance(checked, list) else (),
            line=lines[number] if number < len(lines) else 0,
        ))
    return vetted


def _entry_lines(text: str) -> list[int]:
    return [number for number, line in enumerate(text.splitlines(), 1) if line.strip() == "[[dependency]]"]


def valid_specifier(text: str) -> bool:
    if text.strip() in ("", "*"):
        return True
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    try:
        SpecifierSet(text)
    except InvalidSpecifier:
        return False
    return True


def covers(record: VetRecord, specifier: str, exact: str | None, known_versions: Iterable[str] = ()) -> bool:
    """Whether `record` vouches for a requirement with this specifier (or exact version).

    An exact version must be admitted by the record. A range is covered when every known
    release it admits is admitted by the record (or, without index data, when the two
    specifiers are the same)."""
    if not record.version:
        return True
    from packaging.specifiers import InvalidSpecifier, SpecifierSet
    from packaging.version import InvalidVersion, Version

    try:
        vetted = SpecifierSet(record.version)
        if exact is not None:
            return vetted.contains(Version(exact), prereleases=True)
        wanted = SpecifierSet(specifier)
    except (InvalidSpecifier, InvalidVersion):
        return False
    admitted = []
    for text in known_versions:
        try:
            version = Version(text)
        except InvalidVersion:
            continue
        if wanted.contains(version):
            admitted.append(version)
    if admitted:
        return all(vetted.contains(v, prereleases=True) for v in admitted)
    return str(wanted) == str(vetted)


def entry_text(name: str, version: str, reason: str, vetted_by: str, checked: Sequence[str],
               date: datetime.date | None = None) -> str:
    """One [[dependency]] entry as TOML (strings escaped as TOML basic strings)."""
    date = date or datetime.datetime.now(datetime.timezone.utc).date()

    def quoted(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)  # JSON's escapes are valid TOML basic strings

    items = ",\n".join(f"    {quoted(item)}" for item in checked)
    return (
        "\n[[dependency]]\n"
        f"name = {quoted(name)}\n"
        f"version = {quoted(version)}\n"
        f"reason = {quoted(reason)}\n"
        f"vetted-by = {quoted(vetted_by)}\n"
        f"date = {date.isoformat()}\n"
        f"checked = [\n{items}{',' if checked else ''}\n]\n"
    )


def append_entry(path: Path, entry: str) -> None:
    """Append one entry, creating the file with its header when needed, and check that the
    result still parses (a broken file is restored, never left behind)."""
    from stagewarden.atomic import write_atomically

    try:
        before = path.read_text(encoding="utf-8")
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        before, mode = HEADER, 0o644
    after = before if before.endswith("\n") or not before else before + "\n"
    after += entry
    tomllib.loads(after)  # raises before anything is written
    write_atomically(path, after, mode=mode)


__all__ = ["HEADER", "VetRecord", "VettedFile", "append_entry", "covers", "entry_text", "load_vetted", "valid_specifier"]
