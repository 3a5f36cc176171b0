"""Dependency manifests read from text in memory, entry by entry.

A check on the dependencies a commit adds compares each staged manifest with its text at a
base commit, which comes from `git show`, not from the disk. stagewarden.manifests answers
"which names does this project declare"; this module keeps what such a check needs about
every entry: where it is written, its version pin, a direct URL and whether that URL names
fixed content, hashes and the indexes it may come from. Parsing never raises: anything it
cannot read becomes a problem in the returned Manifest.
"""

from __future__ import annotations

import configparser
import posixpath
import re
import shlex
import sys
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from urllib.parse import unquote

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on older interpreters only
    import tomli as tomllib

from packaging.markers import InvalidMarker, Marker
from packaging.requirements import InvalidRequirement
from packaging.requirements import Requirement as _Parsed
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import InvalidSdistFilename, InvalidWheelFilename, parse_sdist_filename, parse_wheel_filename
from packaging.version import InvalidVersion, Version

from stagewarden.index.model import normalize_name
from stagewarden.manifest_kinds import manifest_kind

MAX_TEXT_BYTES = 5 * 1024 * 1024

_FULL_COMMIT = re.compile(r"[0-9a-fA-F]{40}|[0-9a-fA-F]{64}")
_VALID_NAME = re.compile(r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?")
_EGG = re.compile(r"(?:^|&)egg=([^&\[]*)")
_VCS = ("git", "hg", "svn", "bzr")
_HASH_NAMES = ("md5", "sha1", "sha224", "sha256", "sha384", "sha512")
_SDIST_SUFFIXES = (".tar.gz", ".zip", ".tar.bz2", ".tbz", ".tgz", ".tar.xz", ".txz", ".tar.lz", ".tlz", ".tar")
_PIP_COMMENT = re.compile(r"(^|\s+)#.*$")
_PIP_SHORT = {"-r": "--requirement", "-c": "--constraint", "-e": "--editable", "-i": "--index-url",
              "-f": "--find-links"}
_PIP_VALUED = {"--requirement", "--constraint", "--editable", "--index-url", "--extra-index-url", "--find-links",
               "--trusted-host", "--hash", "--no-binary", "--only-binary", "--use-feature", "--global-option",
               "--install-option", "--config-settings"}
_MAX_INCLUDE_DEPTH = 50
_MAX_PROBLEMS = 100
_UV_SOURCES = ("registry", "git", "url", "editable", "virtual", "path", "directory")


@dataclass(frozen=True)
class Requirement:
    """One dependency entry as a check needs it (see the module docstring)."""

    name: str  # PEP 503 normalized; "" when only a build could tell (a VCS URL without #egg=, a folder)
    raw_name: str  # as written, so that a homoglyph check sees "jeIlyfish" with its capital I
    text: str  # the entry as written, on one line, for messages
    file: str
    line: int = 0  # 1-based, 0 when unknown
    group: str = ""  # "" main; extra, dependency group or Poetry group; "build-system"; "dev"; ...
    kind: str = "direct"  # "direct" | "constraint" | "locked"
    specifier: str = ""
    version: str | None = None  # the exact version when pinned (== without wildcard, ===, a lock entry)
    extras: tuple[str, ...] = ()
    marker: str = ""
    source: str = ""  # "" index, "vcs", "url", "path"
    url: str = ""
    source_pinned: bool = True  # vcs: full commit hash; url: a hash is given; True for index and path
    hashes: tuple[str, ...] = ()  # "sha256:..."
    editable: bool = False
    index: str = ""  # the index a lock entry or a source table pins it to, "" for the default


@dataclass(frozen=True)
class IndexOption:
    """A place packages may come from other than the default index."""

    file: str
    line: int
    # "--index-url", "--trusted-host", "tool.uv.index", "tool.uv.allow-insecure-host",
    # "tool.poetry.source", "pipfile.source", "pipfile.verify_ssl", ...
    option: str
    url: str
    primary: bool = False  # replaces the default index
    explicit: bool = False  # only used for packages pinned to it
    strategy: str = ""  # uv's index-strategy


@dataclass
class Manifest:
    path: str
    kind: str
    requirements: list[Requirement] = field(default_factory=list)
    indexes: list[IndexOption] = field(default_factory=list)
    includes: list[tuple[str, str]] = field(default_factory=list)  # ("-r" | "-c", repo-relative path)
    problems: list[str] = field(default_factory=list)


def parse_manifest(path: str, text: str | bytes, kind: str | None = None, constraints: bool = False) -> Manifest:
    """Everything `text` (the content of `path`) declares. Never raises: what cannot be read
    is reported in `problems`, and a manifest that is not valid at all comes back empty.
    `kind` overrides the format the name implies (a requirements file included with `-r`
    may be called anything); `constraints` reads a requirements file included with `-c`."""
    kind = kind or manifest_kind(path)
    manifest = Manifest(path, kind or "")
    if kind is None:
        manifest.problems.append("not a dependency manifest")
        return manifest
    checked = _checked_text(text, manifest.problems)
    if checked is None:
        return manifest
    try:
        _READERS[kind](_Context(path, _Text(checked), manifest, constraints=constraints))
    except Exception as error:  # noqa: BLE001 - the contract is that a bad manifest never stops a hook
        manifest.problems.append(f"internal error: {type(error).__name__}: {error}")
    return manifest


def _checked_text(text: object, problems: list[str]) -> str | None:
    """The text when it is something worth parsing: UTF-8, within the size cap, no NUL bytes."""
    if isinstance(text, (bytes, bytearray)):
        if len(text) > MAX_TEXT_BYTES:
            problems.append(f"file is larger than {MAX_TEXT_BYTES // (1024 * 1024)} MB")
            return None
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError:
            problems.append("file is not UTF-8")
            return None
    if not isinstance(text, str):
        problems.append(f"expected text, got {type(text).__name__}")
        return None
    try:
        size = len(text.encode("utf-8")) if len(text) <= MAX_TEXT_BYTES else len(text)
    except UnicodeEncodeError:  # lone surrogates: bytes decoded with surrogateescape
        problems.append("file is not UTF-8")
        return None
    if size > MAX_TEXT_BYTES:
        problems.append(f"file is larger than {MAX_TEXT_BYTES // (1024 * 1024)} MB")
        return None
    if "\x00" in text:
        problems.append("file contains NUL bytes")
        return None
    return text[1:] if text.startswith("\ufeff") else text


# -- locating entries ----------------------------------------------------------------------

class _Text:
    """The manifest text and a way to find where an entry is written: TOML and configparser
    give no line numbers, so entries are searched for as written, in order."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [match.end() for match in re.finditer("\n", text)]
        self.scan_budget = 20 * len(text) + (1 << 22)
        self.cursors: dict[tuple[str, ...], int] = {}
        self.headers: dict[tuple[str, ...], int] | None = None

    def line_at(self, offset: int) -> int:
        return bisect_right(self.starts, offset)

    def line_text(self, line: int) -> str:
        if not 0 < line <= len(self.starts):
            return ""
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        return self.text[self.starts[line - 1]:end].strip()

    def find(self, pattern: str, start: int = 0) -> tuple[int, int]:
        """(line, end offset) of the first match of a pattern at or after `start`, else of the
        first match anywhere (keeping `start`), else (0, start)."""
        compiled = re.compile(pattern, re.M)

        def probe(begin: int, end: int) -> tuple[int, int] | None:
            match = compiled.search(self.text, begin, end)
            return (match.start(), match.end()) if match else None

        return self._search(start, probe)

    def find_text(self, needles: tuple[str, ...], start: int = 0) -> tuple[int, int]:
        """Like find, for any of some literal texts (one may begin with its line's "\\n")."""
        def probe(begin: int, end: int) -> tuple[int, int] | None:
            hits = [(self.text.find(needle, begin, end + len(needle)), needle) for needle in needles]
            at, needle = min(((at, needle) for at, needle in hits if at >= 0), default=(-1, ""))
            return (at + len(needle) - len(needle.lstrip("\n")), at + len(needle)) if at >= 0 else None

        return self._search(start, probe)

    def _search(self, start: int, probe) -> tuple[int, int]:
        """Search after `start` in widening windows (entries are written close to each other),
        then before it. Beyond the first window the text scanned is counted against a budget
        of a few times the file's size: entries that are not written as searched for (an escape
        in a TOML string) must not make a large file take quadratic time."""
        size, covered = len(self.text), start
        for begin, end in ((start, start + 4096), (start, start + 65536), (start, start + 1048576), (start, size),
                           (0, start)):
            end = min(end, size)
            if begin == start and end <= covered and end < size:
                continue
            if end - begin > 4096 and self.scan_budget <= 0:
                break
            found = probe(begin, end)
            if end - begin > 4096:
                self.scan_budget -= (found[0] - begin) if found else end - begin
            if found:
                return self.line_at(found[0]), (found[1] if begin == start else start)
            covered = end if begin == start else covered
        return 0, start

    def find_string(self, value: str, start: int = 0) -> tuple[int, int]:
        """Where a TOML string with this value is written, as a basic or a literal string."""
        basic = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return self.find_text((f'"{basic}"', f"'{value}'"), start)

    def start_of(self, keys: tuple[str, ...]) -> int:
        """Where the TOML value at `keys` is written: after its nearest table header and then
        after each remaining key, as far as they are found."""
        if self.headers is None:  # [a.b] -> where its first header ends
            self.headers = {}
            for match in re.finditer(r"^[ \t]*\[([^\[\]\n]+)\][ \t]*(?:#.*)?$", self.text, re.M):
                key = tuple(part.strip().strip("\"'") for part in match.group(1).split("."))
                self.headers.setdefault(key, match.end())
        count = next((n for n in range(len(keys), 0, -1) if keys[:n] in self.headers), 0)
        offset = self.headers[keys[:count]] if count else 0
        for position in range(count, len(keys)):
            # Sibling keys (the extras of optional-dependencies) are searched from the last one found.
            parent = keys[:position]
            line, after = self.find(r"(?:^|[{,.])[ \t]*" + _toml_key(keys[position]) + r"[ \t]*[=.]",
                                    max(offset, self.cursors.get(parent, 0)))
            offset = after if line else offset
            self.cursors[parent] = offset
        return offset


def _toml_key(key: str) -> str:
    escaped = re.escape(key)
    return f"(?:{escaped}|\"{escaped}\"|'{escaped}')"


def _key_line(key: str) -> str:
    return r"^[ \t]*" + _toml_key(key) + r"[ \t]*="


@dataclass
class _Context:
    path: str
    text: _Text
    manifest: Manifest
    reported: set = field(default_factory=set)
    constraints: bool = False  # a requirements file read as constraints (included with -c)

    def problem(self, message: str, line: int = 0, where: str = "") -> None:
        """Each problem once (an included dependency group repeats its entries), and no
        more than a screenful from a file of garbage."""
        message = (f"line {line}: " if line else (f"{where}: " if where else "")) + message
        if message in self.reported or len(self.reported) > _MAX_PROBLEMS:
            return
        self.reported.add(message)
        self.manifest.problems.append(message if len(self.reported) <= _MAX_PROBLEMS else "too many problems")

    def add(self, requirement: Requirement | None) -> None:
        if requirement is not None:
            self.manifest.requirements.append(requirement)

    def index(self, line: int, option: str, url: str, **flags) -> None:
        self.manifest.indexes.append(IndexOption(self.path, line, option, url, **flags))


# -- shared helpers ------------------------------------------------------------------------

def _first_line(error: Exception) -> str:
    return (str(error).splitlines() or [type(error).__name__])[0]


def _shown(value: object, limit: int = 100) -> str:
    """A value in a problem message: its repr, shortened (a problem is one line of a report)."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."


def _pep508(ctx: _Context, text: str, line: int, group: str, kind: str = "direct", where: str = "",
            hashes: tuple[str, ...] = ()) -> Requirement | None:
    """A PEP 508 string as packaging reads it; None (and a problem) when it is invalid."""
    try:
        parsed = _Parsed(text)
    except InvalidRequirement as error:
        ctx.problem(f"invalid requirement {_shown(text.strip())} ({_first_line(error)})", line, where)
        return None
    source, pinned, hashes = _direct_reference(parsed.url or "", hashes)
    return Requirement(
        name=normalize_name(parsed.name), raw_name=parsed.name, text=" ".join(text.strip().splitlines()),
        file=ctx.path, line=line, group=group, kind=kind, specifier=str(parsed.specifier),
        version=_pinned_version(parsed.specifier), extras=tuple(sorted(parsed.extras)),
        marker=str(parsed.marker) if parsed.marker else "", source=source, url=parsed.url or "",
        source_pinned=pinned, hashes=hashes)


def _pinned_version(specifier: SpecifierSet) -> str | None:
    for spec in sorted(specifier, key=str):
        if spec.operator == "===" or (spec.operator == "==" and not spec.version.endswith(".*")):
            return spec.version
    return None


def _direct_reference(url: str, hashes: tuple[str, ...] = ()) -> tuple[str, bool, tuple[str, ...]]:
    """How a direct reference is fetched ("vcs", "url", "path"; "" for none), whether it names
    fixed content, and its hashes (given ones first, then those in the URL fragment)."""
    hashes = tuple(dict.fromkeys(hashes + _fragment_hashes(url)))
    if not url:
        return "", True, hashes
    scheme = url.split(":", 1)[0].lower()
    if scheme.split("+", 1)[0] in _VCS and ("+" in scheme or "://" in url):
        return "vcs", bool(_FULL_COMMIT.fullmatch(_vcs_ref(url))), hashes
    if scheme == "file" or "://" not in url:
        return "path", True, hashes
    return "url", bool(hashes), hashes


def _fragment_hashes(url: str) -> tuple[str, ...]:
    found = []
    for part in url.partition("#")[2].split("&"):
        algorithm, _, value = part.partition("=")
        if algorithm.lower() in _HASH_NAMES and value:
            found.append(f"{algorithm.lower()}:{value}")
    return tuple(found)


def _vcs_ref(url: str) -> str:
    """The revision in `git+https://host/repo@<ref>#...` (or scp-like `git+git@host:repo@<ref>`)."""
    url = url.split("#", 1)[0]
    if "://" in url:
        rest = url.split("://", 1)[1]
        rest = rest.split("/", 1)[1] if "/" in rest else ""
    else:
        rest = url.split(":", 1)[1] if ":" in url else ""
    return rest.rsplit("@", 1)[1] if "@" in rest else ""


def _hash_table(value: object) -> tuple[str, ...]:
    """PEP 751's `hashes = {sha256 = "..."}`."""
    if not isinstance(value, dict):
        return ()
    return tuple(f"{algorithm.lower()}:{digest}" for algorithm, digest in value.items() if isinstance(digest, str))


def _table(ctx: _Context, parent: dict, key: str, where: str) -> dict:
    """parent[key] when it is a table, {} when absent or (with a problem) of another type."""
    value = parent.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        ctx.problem(f"{where}{key} is not a table")
        return {}
    return value


def _load_toml(ctx: _Context) -> dict | None:
    try:
        return tomllib.loads(ctx.text.text)
    except (ValueError, RecursionError, OverflowError) as error:  # TOMLDecodeError is a ValueError
        ctx.problem(f"invalid TOML: {_first_line(error)}")
        return None


def _strings_of(ctx: _Context, value: object, where: str) -> list[str]:
    """The strings of a list, with a problem for anything else."""
    if value is None:
        return []
    if not isinstance(value, list):
        ctx.problem(f"{where} is not a list")
        return []
    for item in value:
        if not isinstance(item, str):
            ctx.problem(f"{where}: {_shown(item)} is not a string")
    return [item for item in value if isinstance(item, str)]


def _pep508_list(ctx: _Context, value: object, keys: tuple[str, ...], group: str, pdm: bool = False) -> None:
    """A TOML list of PEP 508 strings (project.dependencies and the like); PDM's dev
    dependencies may also be `-e <path or URL>`."""
    where = ".".join(keys)
    start = ctx.text.start_of(keys)
    for item in _strings_of(ctx, value, where):
        line, start = ctx.text.find_string(item, start)
        if pdm and item.lstrip().startswith("-e"):
            _pip_entry(ctx, item.strip()[2:].strip(), item.strip(), line, group, "direct", True, ())
        else:
            ctx.add(_pep508(ctx, item, line, group, where=where))


def _table_requirement(ctx: _Context, name: str, where: str, line: int, text: str, group: str, *,
                       specifier: str = "", extras: object, marker: object = "", url: str = "",
                       editable: object = False, index: str = "") -> None:
    """An entry of a `name = {...}` table (Poetry, Pipfile): checked as the PEP 508 string it
    stands for, then given its direct reference."""
    if not isinstance(extras, list) or not all(isinstance(extra, str) for extra in extras):
        ctx.problem(f"{where}.{name}: extras {_shown(extras)} is not a list of strings", line)
        extras = []
    if not isinstance(marker, str):
        ctx.problem(f"{where}.{name}: markers {_shown(marker)} is not a string", line)
        marker = ""
    written = name + (f"[{','.join(extras)}]" if extras else "") + specifier + (f"; {marker}" if marker else "")
    requirement = _pep508(ctx, written, line, group, where=f"{where}.{name}")
    if requirement is None:
        return
    source, pinned, hashes = _direct_reference(url)
    ctx.add(replace(requirement, text=text or written, source=source, url=url, source_pinned=pinned, hashes=hashes,
                    editable=editable is True, index=index))


def _git_url(git: str, ref: str) -> str:
    url = git if git.startswith("git+") else "git+" + git
    return f"{url}@{ref}" if ref else url


# -- requirements files ----------------------------------------------------------------------

def _requirements(ctx: _Context) -> None:
    """pip's requirements (and constraints) file format."""
    kind = "constraint" if ctx.constraints or "constraint" in posixpath.basename(ctx.path).lower() else "direct"
    for number, line in _pip_lines(ctx.text.text):
        arguments, options_text = _split_options(line)
        try:
            options = _pip_options(shlex.split(options_text))
        except ValueError as error:
            ctx.problem(f"cannot read options {_shown(options_text)} ({error})", number)
            continue
        hashes = _pip_hashes(ctx, number, options)
        for name, value in options:
            _pip_option(ctx, number, line, kind, name, value, hashes)
        if arguments:
            _pip_entry(ctx, arguments, line, number, "", kind, False, hashes)


def _pip_hashes(ctx: _Context, number: int, options: list[tuple[str, str]]) -> tuple[str, ...]:
    hashes = []
    for name, value in options:
        algorithm, colon, digest = value.partition(":")
        if name == "--hash" and colon and digest:
            hashes.append(f"{algorithm.lower()}:{digest}")
        elif name == "--hash":
            ctx.problem(f"invalid --hash {_shown(value)} (expected algorithm:digest)", number)
    return tuple(hashes)


def _pip_lines(text: str):
    """pip's preprocessing: backslash continuations joined first, then comments removed.
    Lines are split as pip splits them; numbers count newlines, as editors and git do."""
    pending: list[str] = []
    start = physical = 1
    for chunk in text.splitlines(True):
        number, physical = physical, physical + chunk.count("\n")
        line = chunk.splitlines()[0]
        comment = bool(_PIP_COMMENT.match(line))
        if line.endswith("\\") and not comment:
            if not pending:
                start = number
            pending.append(line.strip("\\"))
            continue
        if pending:
            pending.append(" " + line if comment else line)
            number, line, pending = start, "".join(pending), []
        line = _PIP_COMMENT.sub("", line).strip()
        if line:
            yield number, line
    if pending:
        line = _PIP_COMMENT.sub("", "".join(pending)).strip()
        if line:
            yield start, line


def _split_options(line: str) -> tuple[str, str]:
    """pip's break_args_options: the requirement, then everything from the first option on."""
    tokens = line.split(" ")
    for position, token in enumerate(tokens):
        if token.startswith("-"):
            return " ".join(tokens[:position]).strip(), " ".join(tokens[position:])
    return line, ""


def _pip_options(tokens: list[str]) -> list[tuple[str, str]]:
    """(long option name, value) pairs; short options and `--name=value` spelled out."""
    found: list[tuple[str, str]] = []
    position = 0
    while position < len(tokens):
        token = tokens[position]
        position += 1
        if token.startswith("--"):
            name, equals, value = token.partition("=")
        elif token[:2] in _PIP_SHORT:
            name, value = _PIP_SHORT[token[:2]], token[2:]
            equals = "=" if value else ""
        else:
            continue  # a stray argument, which pip ignores too
        if name in _PIP_VALUED and not equals:
            value = tokens[position] if position < len(tokens) else ""
            position += 1
        found.append((name, value))
    return found


def _pip_option(ctx: _Context, number: int, line: str, kind: str, name: str, value: str,
                hashes: tuple[str, ...]) -> None:
    if name in ("--requirement", "--constraint"):
        if not value:
            ctx.problem(f"{name} without a file", number)
        elif "://" in value:
            ctx.manifest.includes.append(("-r" if name == "--requirement" else "-c", value))
        else:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(ctx.path), value))
            ctx.manifest.includes.append(("-r" if name == "--requirement" else "-c", target))
    elif name == "--editable":
        if value:
            _pip_entry(ctx, value, line, number, "", kind, True, hashes)
        else:
            ctx.problem("--editable without a project", number)
    elif name in ("--index-url", "--extra-index-url", "--find-links"):
        ctx.index(number, name, value, primary=name == "--index-url")
    elif name == "--trusted-host" and value:
        ctx.index(number, name, value)  # a host whose TLS certificate pip will not check
    elif name == "--no-index":
        ctx.index(number, name, "", primary=True)


def _looks_like_path(text: str) -> bool:
    return "/" in text or "\\" in text or text.startswith((".", "~"))


def _is_local(spec: str, editable: bool) -> bool:
    """Whether pip reads a requirement that is not a URL as a local path: it looks like one or
    names an archive (an editable one always is), unless it is `name @ url` (PEP 508)."""
    location = spec.split(";", 1)[0].strip()
    if "@" in location and not _looks_like_path(location.split("@", 1)[0]):
        return False
    return editable or _looks_like_path(location) or location.lower().endswith((".whl",) + _SDIST_SUFFIXES)


def _pip_entry(ctx: _Context, spec: str, text: str, number: int, group: str, kind: str, editable: bool,
               hashes: tuple[str, ...]) -> None:
    """One requirement as pip reads it: a URL, a local path or archive, or a PEP 508 string."""
    is_url = bool(re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", spec)) or spec.lower().startswith("file:")
    if not is_url and not _is_local(spec, editable):
        requirement = _pep508(ctx, spec, number, group, kind, hashes=hashes)
        ctx.add(replace(requirement, text=text, editable=editable) if requirement else None)
        return
    location, _, marker = spec.partition("; " if is_url else ";")
    location, marker = location.strip(), marker.strip()
    if marker:
        try:
            marker = str(Marker(marker))
        except InvalidMarker as error:
            ctx.problem(f"invalid marker {_shown(marker)} ({_first_line(error)})", number)
            return
    extras: tuple[str, ...] = ()
    if not is_url:
        match = re.fullmatch(r"(.+)\[([^\]]+)\]", location)
        if match:
            location, extras = match.group(1), tuple(sorted(e.strip() for e in match.group(2).split(",")))
    raw_name, version = _name_of_location(location)
    if raw_name and not _VALID_NAME.fullmatch(raw_name):
        ctx.problem(f"invalid project name {_shown(raw_name)} in {_shown(location)}", number)
        return
    source, pinned, hashes = _direct_reference(location, hashes)
    ctx.add(Requirement(
        name=normalize_name(raw_name), raw_name=raw_name, text=text, file=ctx.path, line=number, group=group,
        kind=kind, version=version, extras=extras, marker=marker, source=source, url=location,
        source_pinned=pinned, hashes=hashes, editable=editable))


def _name_of_location(location: str) -> tuple[str, str | None]:
    """The project name (and version) a URL or path names: its #egg= fragment, else its wheel
    or sdist file name; ("", None) when only building it would tell."""
    fragment = location.partition("#")[2]
    egg = _EGG.search(fragment)
    if egg:
        return egg.group(1).strip(), None
    path = location.split("#", 1)[0]
    if "://" in path:  # the URL's path, without urlsplit, which raises on a malformed host
        path = path.split("://", 1)[1].partition("/")[2].split("?", 1)[0]
    filename = unquote(path).replace("\\", "/").rsplit("/", 1)[-1]
    lower = filename.lower()
    try:
        if lower.endswith(".whl"):
            _, version, _, _ = parse_wheel_filename(filename)
            return filename.split("-", 1)[0], str(version)
        for suffix in _SDIST_SUFFIXES:
            if lower.endswith(suffix):
                stem = filename[: -len(suffix)]
                _, version = parse_sdist_filename(stem + ".tar.gz")
                return stem.rpartition("-")[0], str(version)
    except (InvalidWheelFilename, InvalidSdistFilename, InvalidVersion):
        pass
    return "", None


# -- pyproject.toml ------------------------------------------------------------------------

def _pyproject(ctx: _Context) -> None:
    data = _load_toml(ctx)
    if data is None:
        return
    project = _table(ctx, data, "project", "")
    _pep508_list(ctx, project.get("dependencies"), ("project", "dependencies"), "")
    for extra, items in _table(ctx, project, "optional-dependencies", "project.").items():
        _pep508_list(ctx, items, ("project", "optional-dependencies", extra), extra)
    _dependency_groups(ctx, data.get("dependency-groups"))
    build = _table(ctx, data, "build-system", "")
    _pep508_list(ctx, build.get("requires"), ("build-system", "requires"), "build-system")
    tool = _table(ctx, data, "tool", "")
    _poetry(ctx, _table(ctx, tool, "poetry", "tool."))
    pdm = _table(ctx, tool, "pdm", "tool.")
    for group, items in _table(ctx, pdm, "dev-dependencies", "tool.pdm.").items():
        _pep508_list(ctx, items, ("tool", "pdm", "dev-dependencies", group), group, pdm=True)
    uv = _table(ctx, tool, "uv", "tool.")
    _pep508_list(ctx, uv.get("dev-dependencies"), ("tool", "uv", "dev-dependencies"), "dev")
    _uv_sources(ctx, _table(ctx, uv, "sources", "tool.uv."), _uv_indexes(ctx, uv))


def _dependency_groups(ctx: _Context, groups: object) -> None:
    """PEP 735 groups, with `{include-group = ...}` expanded within the file."""
    if groups is None:
        return
    if not isinstance(groups, dict):
        ctx.problem("dependency-groups is not a table")
        return
    located: dict[str, tuple[str, list]] = {}
    for name, items in groups.items():
        if not isinstance(items, list):
            ctx.problem(f"dependency-groups.{name} is not a list")
            continue
        start = ctx.text.start_of(("dependency-groups", name))
        entries: list[tuple[object, int]] = []
        for item in items:
            if isinstance(item, str):
                line, start = ctx.text.find_string(item, start)
                entries.append((item, line))
            elif isinstance(item, dict) and list(item) == ["include-group"] and isinstance(item["include-group"], str):
                entries.append((item["include-group"], -1))
            else:
                ctx.problem(f"dependency-groups.{name}: {_shown(item)} is neither a requirement nor an include-group")
        located[normalize_name(name)] = (name, entries)
    parsed: dict[tuple[str, int], Requirement | None] = {}  # an included group's entries are parsed once
    for key, (name, _) in located.items():
        for item, line in _expand_group(ctx, located, key, (), set()):
            if (item, line) not in parsed:
                parsed[item, line] = _pep508(ctx, item, line, "", where=f"dependency-groups.{name}")
            requirement = parsed[item, line]
            ctx.add(replace(requirement, group=name) if requirement else None)


def _expand_group(ctx: _Context, located: dict, key: str, stack: tuple[str, ...], seen: set):
    name, entries = located[key]
    for item, line in entries:
        if line != -1:
            yield item, line
            continue
        target = normalize_name(item)
        if target in stack + (key,):
            ctx.problem(f"dependency-groups: include cycle {' -> '.join(stack + (key, target))}")
        elif target not in located:
            ctx.problem(f"dependency-groups.{name}: includes unknown group {_shown(item)}")
        elif len(stack) >= _MAX_INCLUDE_DEPTH:
            ctx.problem(f"dependency-groups.{name}: includes nested too deeply")
        elif target not in seen:  # a group included twice adds nothing the second time
            seen.add(target)
            yield from _expand_group(ctx, located, target, stack + (key,), seen)


def _poetry(ctx: _Context, poetry: dict) -> None:
    sources = _poetry_sources(ctx, poetry.get("source"))
    sections = [(("tool", "poetry", "dependencies"), poetry.get("dependencies"), ""),
                (("tool", "poetry", "dev-dependencies"), poetry.get("dev-dependencies"), "dev")]
    for group, table in _table(ctx, poetry, "group", "tool.poetry.").items():
        if isinstance(table, dict):
            sections.append((("tool", "poetry", "group", group, "dependencies"), table.get("dependencies"), group))
        else:
            ctx.problem(f"tool.poetry.group.{group} is not a table")
    for keys, dependencies, group in sections:
        where = ".".join(keys)
        if dependencies is None:
            continue
        if not isinstance(dependencies, dict):
            ctx.problem(f"{where} is not a table")
            continue
        position = ctx.text.start_of(keys)
        for name, value in dependencies.items():
            line, position = ctx.text.find(_key_line(name), position)
            if name.lower() == "python":
                continue
            for constraint in value if isinstance(value, list) else [value]:
                _poetry_requirement(ctx, name, constraint, where, line, group, sources)


def _poetry_requirement(ctx: _Context, name: str, value: object, where: str, line: int, group: str,
                        sources: dict[str, str]) -> None:
    if isinstance(value, str):
        value = {"version": value}
    if not isinstance(value, dict):
        ctx.problem(f"{where}.{name}: {_shown(value)} is neither a version constraint nor a table", line)
        return
    version, python, marker = value.get("version", "*"), value.get("python", "*"), value.get("markers", "")
    if not isinstance(version, str) or not isinstance(python, str):
        ctx.problem(f"{where}.{name}: version {_shown(version)} or python {_shown(python)} is not a string", line)
        return
    try:
        specifier = _poetry_specifier(version)
        python_marker = _python_marker(python)
    except ValueError as error:
        ctx.problem(f"{where}.{name}: {error}", line)
        return
    if python_marker:
        marker = f"({marker}) and ({python_marker})" if isinstance(marker, str) and marker else python_marker
    url = _reference(ctx, value, where, name, line, ("git", "url", "path"))
    source = value.get("source")
    index = sources.get(source.lower(), source) if isinstance(source, str) else ""
    text = ctx.text.line_text(line) if line else f"{name} = {value!r}"
    _table_requirement(ctx, name, where, line, text, group, specifier=specifier, extras=value.get("extras", []),
                       marker=marker, url=url, editable=value.get("develop", value.get("editable", False)),
                       index=index)


def _reference(ctx: _Context, value: dict, where: str, name: str, line: int, keys: tuple[str, ...]) -> str:
    """The direct reference of a Poetry, Pipfile or uv table: git (with rev/tag/branch/ref),
    url/file, or path; "" when it has none."""
    for key in keys:
        target = value.get(key)
        if target is None:
            continue
        if not isinstance(target, str):
            ctx.problem(f"{where}.{name}: {key} {_shown(target)} is not a string", line)
            return ""
        if key != "git":
            return target
        refs = [value.get(ref) for ref in ("rev", "ref", "tag", "branch")]
        return _git_url(target, next((ref for ref in refs if isinstance(ref, str)), ""))
    return ""


def _poetry_specifier(constraint: str) -> str:
    """Poetry's constraint syntax as a PEP 440 specifier set: ^ and ~ become ranges, a bare
    version means ==. Raises ValueError for what PEP 440 cannot express."""
    constraint = constraint.strip()
    if "|" in constraint:
        raise ValueError(f"{_shown(constraint)} is a union of constraints, which PEP 440 cannot express")
    if constraint in ("", "*"):
        return ""
    pieces = []
    for piece in re.split(r"\s*,\s*|\s+(?=[<>=!~^])", constraint):
        operator, version = re.fullmatch(r"(\^|~=|~|===|==|!=|<=|>=|<|>|=)?(.*)", re.sub(r"\s+", "", piece)).groups()
        if operator in ("^", "~"):
            pieces.append(_poetry_range(operator, version))
        elif version != "*":
            pieces.append(("==" if operator in (None, "=") else operator) + version)
    result = ",".join(pieces)
    try:
        SpecifierSet(result)
    except InvalidSpecifier:
        raise ValueError(f"invalid version constraint {_shown(constraint)}") from None
    return result


def _poetry_range(operator: str, version: str) -> str:
    """^1.2.3 -> >=1.2.3,<2.0.0 (the first non-zero part bumped); ~1.2.3 -> >=1.2.3,<1.3.0."""
    try:
        release = Version(version).release
    except InvalidVersion:
        raise ValueError(f"invalid version {_shown(version)} after {operator}") from None
    if operator == "^":
        bump = next((position for position, part in enumerate(release) if part), len(release) - 1)
    else:
        bump = 0 if len(release) == 1 else 1
    upper = release[:bump] + (release[bump] + 1,) + (0,) * (len(release) - bump - 1)
    return f">={version},<{'.'.join(map(str, upper))}"


def _python_marker(constraint: str) -> str:
    """Poetry's `python = "^3.8"` as the environment marker it stands for."""
    clauses = []
    for spec in sorted(SpecifierSet(_poetry_specifier(constraint)), key=str):
        variable = "python_full_version" if spec.version.count(".") >= 2 else "python_version"
        clauses.append(f'{variable} {spec.operator} "{spec.version}"')
    return " and ".join(clauses)


def _poetry_sources(ctx: _Context, sources: object) -> dict[str, str]:
    """[[tool.poetry.source]] as index options; the name -> URL map that `source = ...` uses."""
    if sources is None:
        return {}
    if not isinstance(sources, list):
        ctx.problem("tool.poetry.source is not a list of tables")
        return {}
    named: dict[str, str] = {}
    start = ctx.text.start_of(("tool", "poetry", "source"))
    for source in sources:
        if not isinstance(source, dict) or not isinstance(source.get("url", ""), str):
            ctx.problem(f"tool.poetry.source: {_shown(source)} is not a table with a url")
            continue
        url, name = source.get("url", ""), source.get("name")
        priority = source.get("priority")
        if not isinstance(priority, str):  # before Poetry 1.5: default/secondary flags; since: primary
            priority = "default" if source.get("default") is True else (
                "supplemental" if source.get("secondary") is True else "primary")
        line, start = ctx.text.find_string(url, start) if url else (0, start)
        ctx.index(line, "tool.poetry.source", url, primary=priority in ("primary", "default"),
                  explicit=priority == "explicit")
        if isinstance(name, str):
            named[name.lower()] = url
    return named


def _uv_indexes(ctx: _Context, uv: dict) -> dict[str, str]:
    """uv's index settings as index options; the name -> URL map of [[tool.uv.index]]."""
    strategy = uv.get("index-strategy") if isinstance(uv.get("index-strategy"), str) else ""
    before = len(ctx.manifest.indexes)
    named: dict[str, str] = {}
    indexes = uv.get("index", [])
    if not isinstance(indexes, list):
        ctx.problem("tool.uv.index is not a list of tables")
        indexes = []
    start = ctx.text.start_of(("tool", "uv", "index"))
    for index in indexes:
        if not isinstance(index, dict) or not isinstance(index.get("url"), str):
            ctx.problem(f"tool.uv.index: {_shown(index)} is not a table with a url")
            continue
        line, start = ctx.text.find_string(index["url"], start)
        ctx.index(line, "tool.uv.index", index["url"], primary=index.get("default") is True,
                  explicit=index.get("explicit") is True, strategy=strategy)
        if isinstance(index.get("name"), str):
            named[index["name"]] = index["url"]
    single = uv.get("index-url")
    urls = ([single] if isinstance(single, str) else []) + _strings_of(ctx, uv.get("extra-index-url"), "tool.uv.extra-index-url")
    for position, url in enumerate(urls):
        primary = position == 0 and isinstance(single, str)
        line, _ = ctx.text.find_string(url)
        ctx.index(line, "tool.uv.index-url" if primary else "tool.uv.extra-index-url", url, primary=primary,
                  strategy=strategy)
    for url in _strings_of(ctx, uv.get("find-links"), "tool.uv.find-links"):
        ctx.index(ctx.text.find_string(url)[0], "tool.uv.find-links", url, strategy=strategy)
    for host in _strings_of(ctx, uv.get("allow-insecure-host"), "tool.uv.allow-insecure-host"):
        ctx.index(ctx.text.find_string(host)[0], "tool.uv.allow-insecure-host", host)
    if uv.get("no-index") is True:
        ctx.index(ctx.text.find(r"^[ \t]*no-index[ \t]*=")[0], "tool.uv.no-index", "", primary=True,
                  strategy=strategy)
    if strategy and len(ctx.manifest.indexes) == before:
        ctx.index(ctx.text.find(r"^[ \t]*index-strategy[ \t]*=")[0], "tool.uv.index-strategy", "",
                  strategy=strategy)
    return named


def _uv_sources(ctx: _Context, sources: dict, indexes: dict[str, str]) -> None:
    """tool.uv.sources: where the same-named requirements of this file come from."""
    for name, value in sources.items():
        where = f"tool.uv.sources.{name}"
        if isinstance(value, list):  # alternatives by marker: the first one
            value = value[0] if value else None
        if not isinstance(value, dict):
            ctx.problem(f"{where} is not a table")
            continue
        url = _reference(ctx, value, "tool.uv.sources", name, 0, ("git", "url", "path"))
        source, pinned, hashes = _direct_reference(url)
        if value.get("workspace") is True:
            source, pinned = "path", True
        index = value.get("index")
        index = indexes.get(index, index) if isinstance(index, str) else ""
        target = normalize_name(name)
        requirements = ctx.manifest.requirements
        for position, requirement in enumerate(requirements):
            if requirement.name == target:
                requirements[position] = replace(
                    requirement, source=source or requirement.source, url=url or requirement.url,
                    source_pinned=pinned if source else requirement.source_pinned,
                    hashes=hashes or requirement.hashes, editable=value.get("editable") is True or requirement.editable,
                    index=index or requirement.index)


# -- setup.cfg and Pipfile -----------------------------------------------------------------

def _setup_cfg(ctx: _Context) -> None:
    parser = configparser.RawConfigParser()
    parser.optionxform = str  # extras keep their case, as setuptools reads them
    try:
        parser.read_string(ctx.text.text)
    except configparser.Error as error:
        ctx.problem(f"invalid setup.cfg: {_first_line(error)}")
        return
    if parser.has_section("options"):
        for key, group in (("install_requires", ""), ("setup_requires", "setup_requires"),
                           ("tests_require", "tests_require")):
            for spelled in (key, key.replace("_", "-")):
                if parser.has_option("options", spelled):
                    _setup_cfg_list(ctx, parser.get("options", spelled), "options", spelled, group)
    if parser.has_section("options.extras_require"):
        for extra in parser.options("options.extras_require"):
            _setup_cfg_list(ctx, parser.get("options.extras_require", extra), "options.extras_require", extra, extra)


def _setup_cfg_list(ctx: _Context, value: str, section: str, key: str, group: str) -> None:
    """One requirement per line; markers after `;` belong to it. `file:` names requirements files."""
    if value.strip().startswith("file:"):
        folder = posixpath.dirname(ctx.path)
        for name in value.strip()[5:].split(","):
            if name.strip():
                ctx.manifest.includes.append(("-r", posixpath.normpath(posixpath.join(folder, name.strip()))))
        return
    match = re.search(r"^[ \t]*\[" + re.escape(section) + r"\]", ctx.text.text, re.M)
    start = match.end() if match else 0
    start = ctx.text.find(r"^[ \t]*" + re.escape(key) + r"[ \t]*[=:]", start)[1]
    for line_text in value.splitlines():
        line_text = line_text.strip()
        if not line_text or line_text.startswith("#"):
            continue
        line, start = ctx.text.find_text((line_text,), start)
        ctx.add(_pep508(ctx, line_text, line, group, where=f"[{section}] {key}"))


def _pipfile(ctx: _Context) -> None:
    data = _load_toml(ctx)
    if data is None:
        return
    named: dict[str, str] = {}
    sources = data.get("source", [])
    if not isinstance(sources, list):
        ctx.problem("source is not a list of tables")
        sources = []
    start = ctx.text.start_of(("source",))
    for source in sources:
        if not isinstance(source, dict) or not isinstance(source.get("url"), str):
            ctx.problem(f"source: {_shown(source)} is not a table with a url")
            continue
        line, start = ctx.text.find_string(source["url"], start)
        first = not any(o.option == "pipfile.source" for o in ctx.manifest.indexes)
        ctx.index(line, "pipfile.source", source["url"], primary=first)
        if source.get("verify_ssl") is False:
            ctx.index(line, "pipfile.verify_ssl", source["url"])  # TLS certificates not checked
        if isinstance(source.get("name"), str):
            named[source["name"]] = source["url"]
    for table, group in (("packages", ""), ("dev-packages", "dev")):
        packages = _table(ctx, data, table, "")
        position = ctx.text.start_of((table,))
        for name, value in packages.items():
            line, position = ctx.text.find(_key_line(name), position)
            _pipfile_requirement(ctx, name, value, table, line, group, named)


def _pipfile_requirement(ctx: _Context, name: str, value: object, where: str, line: int, group: str,
                         indexes: dict[str, str]) -> None:
    if isinstance(value, str):
        value = {"version": value}
    if not isinstance(value, dict):
        ctx.problem(f"{where}.{name}: {_shown(value)} is neither a version nor a table", line)
        return
    version = value.get("version", "*")
    if not isinstance(version, str):
        ctx.problem(f"{where}.{name}: version {_shown(version)} is not a string", line)
        return
    index = value.get("index")
    _table_requirement(
        ctx, name, where, line, ctx.text.line_text(line) if line else f"{name} = {value!r}", group,
        specifier="" if version.strip() in ("", "*") else version.strip(), extras=value.get("extras", []),
        marker=value.get("markers", ""), url=_reference(ctx, value, where, name, line, ("git", "file", "path")),
        editable=value.get("editable", False), index=indexes.get(index, index) if isinstance(index, str) else "")


# -- lock files ----------------------------------------------------------------------------

def _lock_entries(ctx: _Context, data: dict, key: str):
    """(entry, name, version, line) of each [[key]] table with a valid name, in order."""
    entries = data.get(key, [])
    if not isinstance(entries, list):
        ctx.problem(f"{key} is not a list of tables")
        return
    position = 0
    for entry in entries:
        name = entry.get("name") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not _VALID_NAME.fullmatch(name):
            ctx.problem(f"{key}: {_shown(entry)} has no valid name")
            continue
        line, position = ctx.text.find_text((f'\nname = "{name}"', f"\nname = '{name}'"), position)
        version = entry.get("version")
        if version is not None and not isinstance(version, str):
            ctx.problem(f"{key} {name}: version {_shown(version)} is not a string", line)
            version = None
        yield entry, name, version, line


def _locked(ctx: _Context, name: str, version: str | None, line: int, *, source: str = "", url: str = "",
            pinned: bool = True, hashes: tuple[str, ...] = (), editable: bool = False, index: str = "",
            marker: str = "") -> Requirement:
    text = f"{name}=={version}" if version else name
    return Requirement(
        name=normalize_name(name), raw_name=name, text=text + (f" ({url})" if url else ""), file=ctx.path,
        line=line, kind="locked", version=version, marker=marker, source=source, url=url,
        source_pinned=pinned, hashes=hashes, editable=editable, index=index)


def _uv_lock(ctx: _Context) -> None:
    for entry, name, version, line in _lock_entries(ctx, _load_toml(ctx) or {}, "package"):
        files = [entry.get("sdist")] + (entry.get("wheels") if isinstance(entry.get("wheels"), list) else [])
        hashes = tuple(f["hash"] for f in files if isinstance(f, dict) and isinstance(f.get("hash"), str))
        source = entry.get("source") if isinstance(entry.get("source"), dict) else {}
        kind = next((key for key in _UV_SOURCES if isinstance(source.get(key), str)), "")
        location = source.get(kind, "")
        if kind == "registry":
            ctx.add(_locked(ctx, name, version, line, hashes=hashes, index=location))
        elif kind == "git":
            commit = location.partition("#")[2]
            ctx.add(_locked(ctx, name, version, line, source="vcs", url=location,
                            pinned=bool(_FULL_COMMIT.fullmatch(commit)), hashes=hashes))
        elif kind == "url":
            ctx.add(_locked(ctx, name, version, line, source="url", url=location, pinned=bool(hashes), hashes=hashes))
        elif kind in ("editable", "virtual", "path", "directory"):
            ctx.add(_locked(ctx, name, version, line, source="path", url=location, hashes=hashes,
                            editable=kind == "editable"))
        else:
            ctx.add(_locked(ctx, name, version, line, hashes=hashes))


def _poetry_lock(ctx: _Context) -> None:
    data = _load_toml(ctx) or {}
    metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
    old_files = metadata.get("files") if isinstance(metadata.get("files"), dict) else {}  # lock format 1.x
    for entry, name, version, line in _lock_entries(ctx, data, "package"):
        files = entry.get("files", old_files.get(name, []))
        hashes = tuple(f["hash"] for f in files if isinstance(f, dict) and isinstance(f.get("hash"), str)) \
            if isinstance(files, list) else ()
        source = entry.get("source") if isinstance(entry.get("source"), dict) else {}
        kind, url = source.get("type", ""), source.get("url", "")
        if not isinstance(kind, str) or not isinstance(url, str):
            ctx.problem(f"package {name}: source {_shown(source)} is not readable", line)
            kind, url = "", ""
        if kind == "git":
            resolved = source.get("resolved_reference") or source.get("reference") or ""
            url = _git_url(url, resolved if isinstance(resolved, str) else "")
            _, pinned, _ = _direct_reference(url)
            ctx.add(_locked(ctx, name, version, line, source="vcs", url=url, pinned=pinned, hashes=hashes))
        elif kind == "url":
            ctx.add(_locked(ctx, name, version, line, source="url", url=url, pinned=bool(hashes), hashes=hashes))
        elif kind in ("file", "directory"):
            ctx.add(_locked(ctx, name, version, line, source="path", url=url, hashes=hashes,
                            editable=source.get("develop") is True or entry.get("develop") is True))
        else:  # PyPI, or a "legacy" (simple API) source
            ctx.add(_locked(ctx, name, version, line, hashes=hashes, index=url))


def _pylock(ctx: _Context) -> None:
    """PEP 751 lock files."""
    for entry, name, version, line in _lock_entries(ctx, _load_toml(ctx) or {}, "packages"):
        files = [entry.get("sdist")] + (entry.get("wheels") if isinstance(entry.get("wheels"), list) else [])
        hashes = tuple(h for f in files if isinstance(f, dict) for h in _hash_table(f.get("hashes")))
        marker = entry.get("marker") if isinstance(entry.get("marker"), str) else ""
        index = entry.get("index") if isinstance(entry.get("index"), str) else ""
        vcs, archive, directory = (entry.get(key) for key in ("vcs", "archive", "directory"))
        if isinstance(vcs, dict):
            commit = vcs.get("commit-id") if isinstance(vcs.get("commit-id"), str) else ""
            kind = vcs.get("type") if isinstance(vcs.get("type"), str) else "git"
            where = vcs.get("url") if isinstance(vcs.get("url"), str) else vcs.get("path")
            url = f"{kind}+{where}" + (f"@{commit}" if commit else "") if isinstance(where, str) else ""
            ctx.add(_locked(ctx, name, version, line, source="vcs", url=url, marker=marker,
                            pinned=bool(_FULL_COMMIT.fullmatch(commit)), hashes=hashes))
        elif isinstance(archive, dict):
            hashes = _hash_table(archive.get("hashes")) + hashes
            url = archive.get("url") if isinstance(archive.get("url"), str) else archive.get("path")
            url = url if isinstance(url, str) else ""
            remote = "://" in url and not url.startswith("file:")
            ctx.add(_locked(ctx, name, version, line, source="url" if remote else "path", url=url, marker=marker,
                            pinned=bool(hashes) or not remote, hashes=hashes))
        elif isinstance(directory, dict):
            path = directory.get("path") if isinstance(directory.get("path"), str) else ""
            ctx.add(_locked(ctx, name, version, line, source="path", url=path, marker=marker, hashes=hashes,
                            editable=directory.get("editable") is True))
        else:
            ctx.add(_locked(ctx, name, version, line, hashes=hashes, index=index, marker=marker))


def _pdm_lock(ctx: _Context) -> None:
    """PDM's lock file: [[package]] tables with name, version, files and, for direct
    sources, git/revision, url or path."""
    for entry, name, version, line in _lock_entries(ctx, _load_toml(ctx) or {}, "package"):
        files = entry.get("files") if isinstance(entry.get("files"), list) else []
        hashes = tuple(f["hash"] for f in files if isinstance(f, dict) and isinstance(f.get("hash"), str))
        git, url, path = (entry.get(key) if isinstance(entry.get(key), str) else "" for key in ("git", "url", "path"))
        if git:
            revision = entry.get("revision") if isinstance(entry.get("revision"), str) else ""
            ctx.add(_locked(ctx, name, version, line, source="vcs", url=_git_url(git, revision),
                            pinned=bool(_FULL_COMMIT.fullmatch(revision)), hashes=hashes))
        elif url:
            ctx.add(_locked(ctx, name, version, line, source="url", url=url, pinned=bool(hashes), hashes=hashes))
        elif path:
            ctx.add(_locked(ctx, name, version, line, source="path", url=path, hashes=hashes,
                            editable=entry.get("editable") is True))
        else:
            ctx.add(_locked(ctx, name, version, line, hashes=hashes))


def _pipfile_lock(ctx: _Context) -> None:
    """Pipfile.lock (JSON): the "default" and "develop" sections, each name -> version
    ("==1.2.3"), hashes, index (a source name from _meta.sources), or git/ref, file, path."""
    import json

    try:
        data = json.loads(ctx.text.text)
    except ValueError as error:
        ctx.problem(f"invalid JSON: {_first_line(error)}")
        return
    if not isinstance(data, dict):
        ctx.problem("the lock file is not a JSON object")
        return
    meta = data.get("_meta") if isinstance(data.get("_meta"), dict) else {}
    sources = meta.get("sources") if isinstance(meta.get("sources"), list) else []
    named = {source["name"]: source["url"] for source in sources
             if isinstance(source, dict) and isinstance(source.get("name"), str) and isinstance(source.get("url"), str)}
    for section in ("default", "develop"):
        packages = data.get(section) if isinstance(data.get(section), dict) else {}
        position = 0
        for name, entry in packages.items():
            if not isinstance(name, str) or not _VALID_NAME.fullmatch(name) or not isinstance(entry, dict):
                ctx.problem(f"{section}: {_shown(name)} is not a package entry")
                continue
            line, position = ctx.text.find_text((f'"{name}": {{',), position)
            pin = entry.get("version") if isinstance(entry.get("version"), str) else ""
            version = pin[2:] if pin.startswith("==") else None
            hashes = tuple(h for h in entry.get("hashes", []) if isinstance(h, str)) if isinstance(entry.get("hashes"), list) else ()
            marker = entry.get("markers") if isinstance(entry.get("markers"), str) else ""
            git, ref = entry.get("git"), entry.get("ref")
            if isinstance(git, str):
                ref = ref if isinstance(ref, str) else ""
                url = _git_url(git, ref)
                ctx.add(_locked(ctx, name, version, line, source="vcs", url=url, marker=marker,
                                pinned=bool(_FULL_COMMIT.fullmatch(ref)), hashes=hashes))
            elif isinstance(entry.get("file"), str) and "://" in entry["file"]:
                ctx.add(_locked(ctx, name, version, line, source="url", url=entry["file"], marker=marker,
                                pinned=bool(hashes), hashes=hashes))
            elif isinstance(entry.get("path"), str) or isinstance(entry.get("file"), str):
                ctx.add(_locked(ctx, name, version, line, source="path", url=entry.get("path") or entry.get("file"),
                                marker=marker, editable=entry.get("editable") is True))
            else:
                index = entry.get("index") if isinstance(entry.get("index"), str) else ""
                ctx.add(_locked(ctx, name, version, line, hashes=hashes, marker=marker, index=named.get(index, "")))


_READERS = {
    "pyproject": _pyproject,
    "requirements": _requirements,
    "setup.cfg": _setup_cfg,
    "pipfile": _pipfile,
    "uv.lock": _uv_lock,
    "poetry.lock": _poetry_lock,
    "pylock": _pylock,
    "pdm.lock": _pdm_lock,
    "pipfile.lock": _pipfile_lock,
}

__all__ = ["MAX_TEXT_BYTES", "IndexOption", "Manifest", "Requirement", "manifest_kind", "parse_manifest"]
