"""Regenerate stagewarden's bundled PyPI data (read by src/stagewarden/known_packages.py).

Writes three files to src/stagewarden/data/:

- import_map.json.gz: import name or dotted prefix -> the distributions that provide it,
  derived from the files each distribution ships (top_level.txt is wrong for about a third of
  wheels, so it is used only for an installed distribution without a RECORD).
- popular.json.gz: the most downloaded project names in rank order, and the snapshot date.
- pypi_names.bin: a Golomb-Rice coded set of the hashes of every PyPI project name.

Sources (the defaults point at this workplace's copies):

    WHEEL_OR_FOLDER ...    wheel files or folders of them (default, unless --wheel-urls is
                           given: /opt/pypi/files and /opt/pypi-more/files, a local mirror)
    --wheel-urls FILE      a file of wheel URLs, one a line (# starts a comment)
    --site-packages GLOB   site-packages folders whose *.dist-info to read (default every pyenv
                           Python's and ./.venv's; give the option alone to read none)
    --pypi-tsv FILE        every PyPI project: name, version, month, download rank, summary

A wheel is never extracted or downloaded whole: only its zip central directory (the file list)
is read, from the End Of Central Directory record in the last 64 KiB. The reader takes any
"read bytes at offset" function, so the same code runs over a local file or over HTTPS range
requests (as pip's lazy_wheel does): a maintainer can regenerate from the index's wheel URLs
with --wheel-urls at the cost of two or three small requests per wheel. A server that ignores
Range is refused, not downloaded from. The committed copy was built from a local mirror and the
installed environments, with no network:

    .venv/bin/python scripts/generate_package_data.py

Output is deterministic (sorted keys, gzip mtime 0), so an unchanged source gives unchanged files.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import re
import struct
import sys
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from glob import glob
from pathlib import Path
from typing import Callable

from stagewarden.known_packages import (
    NAMES_HEADER,
    NAMES_MAGIC,
    NAMES_VERSION,
    name_hash,
    normalize,
)

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "src" / "stagewarden" / "data"
DEFAULT_WHEELS = ("/opt/pypi/files", "/opt/pypi-more/files")
DEFAULT_SITE_PACKAGES = (
    "/root/.pyenv/versions/*/lib/python*/site-packages",
    str(ROOT / ".venv" / "lib" / "python*" / "site-packages"),
)
DEFAULT_PYPI_TSV = "/work/.library/env/packages/pypi.tsv"

# -- zip central directory -----------------------------------------------------------------
EOCD = struct.Struct("<4sHHHHIIH")  # end of central directory record
ZIP64_LOCATOR = struct.Struct("<4sIQI")
ZIP64_EOCD = struct.Struct("<4sQHHIIQQQQ")
CENTRAL_ENTRY = struct.Struct("<4sHHHHHHIIIHHHHHII")
TAIL = EOCD.size + 0xFFFF  # the record plus the longest comment it can carry
MAX_CENTRAL_DIRECTORY = 64 * 1024 * 1024  # the largest wheels' are a few MiB

ReadAt = Callable[[int, int], bytes]


class ZipError(Exception):
    """Not a readable zip archive (or not one this reader accepts)."""


def central_directory(read_at: ReadAt, size: int) -> list[str]:
    """The names of the files in a zip archive of `size` bytes, read through
    read_at(offset, length) from its central directory only."""
    if size < EOCD.size:
        raise ZipError(f"{size} bytes is too small for a zip file")
    tail_start = max(0, size - TAIL)
    tail = read_at(tail_start, size - tail_start)
    position = _find_eocd(tail)
    _, _, _, _, count, cd_size, cd_offset, _ = EOCD.unpack_from(tail, position)
    locator = position - ZIP64_LOCATOR.size
    if locator >= 0 and tail[locator : locator + 4] == b"PK\x06\x07":
        count, cd_size, cd_offset = _zip64_end(read_at, tail, tail_start, locator)
    if cd_size > MAX_CENTRAL_DIRECTORY or cd_offset + cd_size > size:
        raise ZipError(f"central directory of {cd_size} bytes at {cd_offset} does not fit")
    if cd_offset >= tail_start:
        directory = tail[cd_offset - tail_start : cd_offset - tail_start + cd_size]
    else:
        directory = read_at(cd_offset, cd_size)
    return _entry_names(directory, count)


def _find_eocd(tail: bytes) -> int:
    """The last End Of Central Directory signature whose comment runs exactly to the end."""
    position = tail.rfind(b"PK\x05\x06")
    while position >= 0:
        if position + EOCD.size + EOCD.unpack_from(tail, position)[-1] == len(tail):
            return position
        position = tail.rfind(b"PK\x05\x06", 0, position)
    raise ZipError("no end of central directory record: not a zip file")


def _zip64_end(read_at: ReadAt, tail: bytes, tail_start: int, locator: int) -> tuple[int, int, int]:
    """(entries, size, offset) of the central directory from the zip64 end record."""
    _, _, record_offset, _ = ZIP64_LOCATOR.unpack_from(tail, locator)
    if record_offset >= tail_start:
        record = tail[record_offset - tail_start : record_offset - tail_start + ZIP64_EOCD.size]
    else:
        record = read_at(record_offset, ZIP64_EOCD.size)
    if len(record) < ZIP64_EOCD.size or record[:4] != b"PK\x06\x06":
        raise ZipError("zip64 locator points at no zip64 end record")
    fields = ZIP64_EOCD.unpack(record)
    return fields[7], fields[8], fields[9]


def _entry_names(directory: bytes, count: int) -> list[str]:
    names = []
    position = 0
    for _ in range(count):
        if position + CENTRAL_ENTRY.size > len(directory) or directory[position : position + 4] != b"PK\x01\x02":
            raise ZipError(f"bad central directory entry at {position}")
        fields = CENTRAL_ENTRY.unpack_from(directory, position)
        flags, name_length, extra_length, comment_length = fields[3], fields[10], fields[11], fields[12]
        start = position + CENTRAL_ENTRY.size
        raw = directory[start : start + name_length]
        names.append(raw.decode("utf-8" if flags & 0x800 else "cp437"))
        position = start + name_length + extra_length + comment_length
    return names


class LocalFile:
    """read_at over a local file."""

    def __init__(self, path: str | os.PathLike):
        self.name = str(path)
        self._file = open(path, "rb")  # noqa: SIM115 - kept open across reads, closed by close()
        self.size = os.fstat(self._file.fileno()).st_size

    def read_at(self, offset: int, length: int) -> bytes:
        self._file.seek(offset)
        data = self._file.read(length)
        if len(data) != length:
            raise ZipError(f"{self.name}: short read at {offset}")
        return data

    def close(self) -> None:
        self._file.close()


class HttpRangeFile:
    """read_at over HTTP(S) Range requests. The size comes from a HEAD request; each read asks
    for exactly the bytes it needs and fails, without reading the body, on any answer but
    206 Partial Content for that very range. No body is read beyond what was asked for, so a
    server that ignores Range costs a few kilobytes, not the wheel."""

    def __init__(self, url: str, timeout: float = 30.0, max_read: int = MAX_CENTRAL_DIRECTORY):
        if urllib.parse.urlsplit(url).scheme.lower() not in {"http", "https"}:
            raise ValueError(f"not an http(s) URL: {url}")
        self.name = url
        self.timeout = timeout
        self.max_read = max_read
        request = urllib.request.Request(url, method="HEAD", headers={"Accept-Encoding": "identity"})  # stagewarden: ignore[SW142] -- http(s) checked above
        with urllib.request.urlopen(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
        if length is None or not length.isdigit():
            raise ZipError(f"{url}: no Content-Length, cannot locate the central directory")
        self.size = int(length)

    def read_at(self, offset: int, length: int) -> bytes:
        if length > self.max_read:
            raise ZipError(f"{self.name}: refusing to read {length} bytes (cap {self.max_read})")
        wanted = f"bytes {offset}-{offset + length - 1}/"
        headers = {"Range": f"bytes={offset}-{offset + length - 1}", "Accept-Encoding": "identity"}
        request = urllib.request.Request(self.name, headers=headers)  # stagewarden: ignore[SW142] -- http(s) checked in __init__
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            if response.status != 206:
                raise ZipError(
                    f"{self.name}: the server ignored the Range header (HTTP {response.status}); "
                    "refusing to download the whole file"
                )
            if not response.headers.get("Content-Range", "").startswith(wanted):
                raise ZipError(f"{self.name}: server sent another range than {wanted}")
            data = response.read(length + 1)
        if len(data) != length:
            raise ZipError(f"{self.name}: expected {length} bytes, got {len(data)}")
        return data

    def close(self) -> None:
        pass


def wheel_files(source: LocalFile | HttpRangeFile) -> list[str]:
    try:
        return central_directory(source.read_at, source.size)
    finally:
        source.close()


# -- import names from a file list ------------------------------------------------------------
SKIPPED_TOP_LEVEL = frozenset({"tests", "test", "testing", "docs", "examples", "benchmarks", "__pycache__"})
# An extension module: name.so, name.pyd, or with an ABI tag (name.cpython-311-x86_64-linux-gnu.so).
EXTENSION = re.compile(r"^([^.]+)(\.[^/]*)?\.(?:so|pyd)$")
DATA_LIBS = re.compile(r"^[^/]+\.data/(?:purelib|platlib)/")
MAX_DEPTH = 6


def module_paths(paths: Iterable[str]) -> set[tuple[str, ...]]:
    """Importable modules in a distribution's file list, as dotted parts (`__init__` last for a
    package): ("yaml", "__init__"), ("six",), ("cv2", "cv2")... Metadata, scripts, data, stubs
    and the test and documentation folders are left out."""
    modules = set()
    for path in paths:
        path = DATA_LIBS.sub("", path.replace("\\", "/"))
        parts = path.split("/")
        if parts[0].endswith((".dist-info", ".data")) or parts[0] in SKIPPED_TOP_LEVEL or parts[0] in {"", ".."}:
            continue
        leaf = _module_name(parts[-1])
        if leaf is None:
            continue
        dotted = (*parts[:-1], leaf)
        if all(part.isidentifier() for part in dotted) and not dotted[0].startswith("__"):
            modules.add(dotted)
    return modules


def _module_name(filename: str) -> str | None:
    """The module a file is, if any. An untagged libname.so is a shared library that a package
    loads (nvidia/cu13/lib/libcheckpoint.so), not an extension module."""
    if filename.endswith(".py"):
        return filename[:-3]
    match = EXTENSION.match(filename)
    if match is None or (match.group(2) is None and filename.startswith("lib")):
        return None
    return match.group(1)


def import_map(distributions: dict[str, set[tuple[str, ...]]]) -> tuple[dict[str, set[str]], set[str]]:
    """({import name or dotted prefix: distributions}, namespace prefixes). A top-level name
    maps to every distribution that ships something under it. Where a name is a namespace for
    a distribution, its children map to that distribution too, down to the first prefix that is
    not a namespace (`google` -> all five, `google.protobuf` -> protobuf); the loader does not
    answer a deeper unknown module (`google.cloud.storage` without that wheel) with a namespace."""
    mapping: dict[str, set[str]] = defaultdict(set)
    namespaces: set[str] = set()
    by_top: dict[str, dict[str, list[tuple[str, ...]]]] = defaultdict(lambda: defaultdict(list))
    for dist, modules in distributions.items():
        for module in modules:
            by_top[module[0]][dist].append(module[1:])
    for top, members in by_top.items():
        _assign((top,), members, mapping, namespaces)
    return mapping, namespaces


def _assign(prefix: tuple[str, ...], members: dict[str, list[tuple[str, ...]]], mapping, namespaces) -> None:
    """Map `prefix` to its members (distribution -> its modules under `prefix`, as the parts
    after it), then go one level down for each member for which `prefix` is a namespace."""
    key = ".".join(prefix)
    mapping[key].update(members)
    children = {dist: _children(modules) for dist, modules in members.items()}
    below: dict[str, dict[str, list[tuple[str, ...]]]] = defaultdict(lambda: defaultdict(list))
    for dist, modules in members.items():
        if len(prefix) < MAX_DEPTH and children[dist] and _is_namespace(dist, modules, children):
            for module in modules:
                if module and module[0] in children[dist]:
                    below[module[0]][dist].append(module[1:])
    if below:
        namespaces.add(key)
    for child, child_members in below.items():
        _assign((*prefix, child), child_members, mapping, namespaces)


def _children(modules: list[tuple[str, ...]]) -> set[str]:
    return {module[0] for module in modules if module and module[0] != "__init__"}


def _is_namespace(dist: str, modules: list[tuple[str, ...]], children: dict[str, set[str]]) -> bool:
    """A prefix is a namespace for `dist` when it ships no `__init__.py` there (PEP 420), or
    when another distribution ships a disjoint set of modules under the same package, as the
    members of a pkgutil-style namespace (zope, backports) do. Alternatives that ship the same
    package (opencv-python and opencv-python-headless) overlap, and stay one entry."""
    if ("__init__",) not in modules:
        return True
    return any(other != dist and kids and not (children[dist] & kids) for other, kids in children.items())


# -- sources -----------------------------------------------------------------------------------
Opener = Callable[[], "LocalFile | HttpRangeFile"]


def wheel_sources(paths: Iterable[str], urls_file: str | None) -> Iterator[tuple[str, Opener]]:
    """(wheel file name, opener) for each wheel path, folder of wheels, and URL in urls_file."""
    for path in paths:
        found = sorted(Path(path).glob("*.whl")) if Path(path).is_dir() else [Path(path)]
        for wheel in found:
            yield wheel.name, lambda wheel=wheel: LocalFile(wheel)
    if urls_file:
        for line in Path(urls_file).read_text(encoding="utf-8").splitlines():
            url = line.split("#", 1)[0].strip()
            if url:
                name = urllib.parse.unquote(urllib.parse.urlsplit(url).path.rsplit("/", 1)[-1])
                yield name, lambda url=url: HttpRangeFile(url)


def read_wheels(sources: Iterable[tuple[str, Opener]]) -> tuple[dict[str, set[tuple[str, ...]]], int]:
    """Modules per distribution (the wheel name's first part, normalized), and how many wheels
    were read. A wheel that cannot be read is reported and skipped."""
    distributions: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    read = 0
    for filename, opener in sources:
        try:
            files = wheel_files(opener())
        except (OSError, ZipError, ValueError) as error:
            print(f"skipped {filename}: {error}", file=sys.stderr)
            continue
        distributions[normalize(filename.split("-", 1)[0])] |= module_paths(files)
        read += 1
    return distributions, read


def read_installed(patterns: Iterable[str]) -> dict[str, set[tuple[str, ...]]]:
    """Modules per installed distribution, from RECORD, or from top_level.txt when a
    distribution has no RECORD."""
    distributions: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for pattern in patterns:
        for info in sorted(glob(os.path.join(pattern, "*.dist-info"))):
            dist = normalize(os.path.basename(info).split("-", 1)[0])
            record = Path(info, "RECORD")
            if record.is_file():
                with record.open(encoding="utf-8", newline="") as handle:
                    distributions[dist] |= module_paths(row[0] for row in csv.reader(handle) if row)
            elif Path(info, "top_level.txt").is_file():
                names = Path(info, "top_level.txt").read_text(encoding="utf-8").split()
                distributions[dist] |= {(name,) for name in names if name.isidentifier() and not name.startswith("__")}
    return distributions


def read_pypi(path: str) -> tuple[list[str], dict[int, str], str]:
    """(every normalized project name, rank -> name, snapshot). The snapshot is the latest
    release month in the file, else the file's modification date."""
    names, ranked, latest = set(), {}, ""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(rows)
        for row in rows:
            name = normalize(row[0])
            names.add(name)
            latest = max(latest, row[2] if len(row) > 2 and re.fullmatch(r"\d{4}-\d{2}", row[2]) else "")
            if len(row) > 3 and row[3].isdigit():
                ranked.setdefault(int(row[3]), name)
    snapshot = latest or datetime.fromtimestamp(os.stat(path).st_mtime, timezone.utc).strftime("%Y-%m-%d")
    return sorted(names), ranked, snapshot


# -- outputs ---------------------------------------------------------------------------------
def write_gzip_json(path: Path, data) -> None:
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    path.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))


def name_set(names: list[str], snapshot: str, rice_bits: int = 8, block: int = 512) -> bytes:
    """The Golomb-Rice coded set read by known_packages.may_exist: sorted distinct hashes in
    [0, len(names) << rice_bits), so a name not in the set is found with probability about
    2**-rice_bits. Each value is coded as its difference from the previous one: the quotient
    in unary (1s ending in a 0), then rice_bits remainder bits. Every `block` values the index
    keeps the value and the bit position after its code, so a lookup decodes one block."""
    modulus = len(names) << rice_bits
    values = sorted({name_hash(name, modulus) for name in names})
    codes, firsts, offsets, position, previous = [], [], [], 0, 0
    for index, value in enumerate(values):
        quotient, remainder = divmod(value - previous, 1 << rice_bits)
        code = "1" * quotient + "0" + format(remainder, f"0{rice_bits}b")
        codes.append(code)
        position += len(code)
        if index % block == 0:
            firsts.append(value)
            offsets.append(position)
        previous = value
    bits = "".join(codes)
    bits += "0" * (-len(bits) % 8)
    stream = int(bits, 2).to_bytes(len(bits) // 8, "big") if bits else b""
    header = NAMES_HEADER.pack(
        NAMES_MAGIC,
        NAMES_VERSION,
        rice_bits,
        block,
        len(values),
        modulus,
        len(firsts),
        len(stream),
        snapshot.encode("ascii"),
    )
    return header + struct.pack(f"<{len(firsts)}I", *firsts) + struct.pack(f"<{len(offsets)}I", *offsets) + stream


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wheels", nargs="*", metavar="WHEEL_OR_FOLDER")
    parser.add_argument("--wheel-urls", metavar="FILE")
    parser.add_argument("--site-packages", nargs="*", default=list(DEFAULT_SITE_PACKAGES), metavar="GLOB")
    parser.add_argument("--pypi-tsv", default=DEFAULT_PYPI_TSV, metavar="FILE")
    parser.add_argument("--output", default=str(OUTPUT), metavar="DIR")
    args = parser.parse_args(argv)

    local = args.wheels or ([] if args.wheel_urls else list(DEFAULT_WHEELS))
    distributions, wheels = read_wheels(wheel_sources(local, args.wheel_urls))
    for dist, modules in read_installed(args.site_packages).items():
        distributions[dist] |= modules
    mapping, namespaces = import_map(distributions)
    names, ranked, snapshot = read_pypi(args.pypi_tsv)

    output = Path(args.output)
    output.mkdir(parents=True, exist_ok=True)
    modules = {key: sorted(dists) for key, dists in sorted(mapping.items())}
    imports = {"snapshot": snapshot, "modules": modules, "namespaces": sorted(namespaces)}
    write_gzip_json(output / "import_map.json.gz", imports)
    popular = [ranked.get(position) for position in range(1, max(ranked, default=0) + 1)]
    write_gzip_json(output / "popular.json.gz", {"snapshot": snapshot, "names": popular})
    (output / "pypi_names.bin").write_bytes(name_set(names, snapshot))

    print(f"{wheels} wheels and {len(distributions)} distributions read")
    print(f"{len(mapping)} import names and prefixes, {len(namespaces)} of them namespaces")
    print(f"{len(ranked)} ranked names, {len(names)} project names, snapshot {snapshot}")
    for filename in ("import_map.json.gz", "popular.json.gz", "pypi_names.bin"):
        print(f"{output / filename}: {(output / filename).stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
