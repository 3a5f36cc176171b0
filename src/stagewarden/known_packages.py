"""Offline knowledge of PyPI: which distributions provide an import, how popular a project is,
and whether a project name existed at all when the data was made.

Three bundled files, written by scripts/generate_package_data.py and committed:

- data/import_map.json.gz: import name or dotted prefix -> distributions (PEP 503 names). A
  shared namespace (`google`, `sphinxcontrib`) is a key listing every distribution that puts
  something under it, and the distribution-specific prefixes below it (`google.protobuf`) are
  keys of their own, so the longest matching prefix is the most precise answer.
- data/popular.json.gz: the most downloaded project names, in rank order (null at a rank the
  source list skips, so every rank stays exact), and the snapshot date.
- data/pypi_names.bin: every PyPI project name as a Golomb-Rice coded set of hashes (BLAKE2b,
  reduced to 256 values per name). It has no false negatives: a name it does not hold was not
  a project at snapshot time; about one unknown name in 256 is reported as present. A sampled
  index over the sorted hashes means a lookup decodes one block of at most 512 entries (a
  fraction of a millisecond), never the whole file.

Nothing is read at import: each file is loaded on first use and kept (functools.cache).
"""

from __future__ import annotations

import bisect
import gzip
import hashlib
import json
import math
import re
import struct
import sys
from collections.abc import Iterator
from functools import cache, lru_cache
from importlib import resources
from typing import NamedTuple

_SEPARATORS = re.compile(r"[-_.]+")
# pypi_names.bin: magic, format version, Rice parameter, block size, hash count, hash modulus,
# number of index blocks, stream length in bytes, snapshot date (ASCII, NUL-padded).
NAMES_HEADER = struct.Struct("<4sHHIIQII16s")
NAMES_MAGIC = b"SWNS"
NAMES_VERSION = 1
# suggestions(): a candidate must be at least this similar (1 - edit distance / longer length)
# and at most this many edits away: more is a different name, not a typo or a near-name.
_MIN_SIMILARITY = 0.75
_MAX_EDITS = 4
_PYTHON_AFFIX = re.compile(r"^python_|_python$")


def normalize(name: str) -> str:
    """PEP 503 normalization: runs of -, _ and . become one -, lowercased."""
    return _SEPARATORS.sub("-", name).lower()


def name_hash(name: str, modulus: int) -> int:
    """The stable hash the name set is built from: BLAKE2b (8-byte digest) of the normalized
    name, reduced to [0, modulus). Python's hash() is salted per process, so never that."""
    digest = hashlib.blake2b(normalize(name).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % modulus


def _data(filename: str) -> bytes:
    return (resources.files("stagewarden") / "data" / filename).read_bytes()


def _gzip_json(filename: str):
    return json.loads(gzip.decompress(_data(filename)).decode("utf-8"))


# -- import map ---------------------------------------------------------------------------------
@cache
def _import_map() -> tuple[dict[str, list[str]], frozenset[str]]:
    data = _gzip_json("import_map.json.gz")
    return data["modules"], frozenset(data["namespaces"])


@lru_cache(maxsize=4096)
def providers(module: str) -> tuple[str, ...]:
    """Distributions that provide dotted module `module`, most downloaded first, matched by the
    longest dotted prefix in the map (`google.cloud.storage.blob` -> google-cloud-storage,
    `cv2.data` -> opencv-python, ...). Empty when no prefix is known, and when the longest one
    is a namespace below the module: `google` lists every distribution with a part of it,
    but `google.unknown` is none of theirs."""
    mapping, namespaces = _import_map()
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        prefix = ".".join(parts[:end])
        found = mapping.get(prefix)
        if found:
            if end < len(parts) and prefix in namespaces:
                return ()
            return tuple(sorted(found, key=_popularity))
    return ()


@cache
def _modules_by_distribution() -> dict[str, tuple[str, ...]]:
    mapping, _ = _import_map()
    found: dict[str, list[str]] = {}
    for module, dists in mapping.items():
        for dist in dists:
            found.setdefault(dist, []).append(module)
    return {dist: tuple(sorted(modules)) for dist, modules in found.items()}


def modules_of(dist: str) -> tuple[str, ...]:
    """The import names (or dotted prefixes) distribution `dist` is known to provide; empty
    when the map does not know the distribution."""
    return _modules_by_distribution().get(normalize(dist), ())


def _popularity(dist: str) -> tuple[int, str]:
    found = rank(dist)
    return (found if found is not None else sys.maxsize, dist)


# -- popularity -------------------------------------------------------------------------------
@cache
def _popular() -> tuple[dict[str, int], str]:
    data = _gzip_json("popular.json.gz")
    ranks = {name: position for position, name in enumerate(data["names"], start=1) if name}
    return ranks, data["snapshot"]


def rank(dist: str) -> int | None:
    """Download rank of a project (1 = most downloaded), None outside the ranked list."""
    return _popular()[0].get(normalize(dist))


@cache
def popular_names() -> tuple[str, ...]:
    """The ranked project names, most downloaded first."""
    return tuple(_popular()[0])


def snapshot() -> str:
    """When the PyPI data was taken (a month, "2026-11", or a day)."""
    return _popular()[1]


# -- every PyPI name ------------------------------------------------------------------------
class _NameSet(NamedTuple):
    rice_bits: int
    block: int
    count: int
    modulus: int
    firsts: tuple[int, ...]  # the value of each block's first entry
    offsets: tuple[int, ...]  # the bit position in `stream` just after each block's first entry
    stream: bytes


@cache
def _name_set() -> _NameSet:
    """Parse the header and the sampled index; the coded stream stays as it is."""
    raw = _data("pypi_names.bin")
    magic, version, rice_bits, block, count, modulus, blocks, length, _date = NAMES_HEADER.unpack_from(raw)
    if magic != NAMES_MAGIC or version != NAMES_VERSION:
        raise ValueError(f"pypi_names.bin: unknown format {magic!r} version {version}")
    index = struct.Struct(f"<{blocks}I")
    firsts = index.unpack_from(raw, NAMES_HEADER.size)
    offsets = index.unpack_from(raw, NAMES_HEADER.size + index.size)
    stream_start = NAMES_HEADER.size + 2 * index.size
    return _NameSet(rice_bits, block, count, modulus, firsts, offsets, raw[stream_start : stream_start + length])


def may_exist(dist: str) -> bool:
    """False proves `dist` was not a PyPI project at snapshot time; True means it probably was
    (about one name in 256 that never existed also answers True)."""
    names = _name_set()
    target = name_hash(dist, names.modulus)
    index = bisect.bisect_right(names.firsts, target) - 1
    if index < 0:
        return False
    if names.firsts[index] == target:
        return True
    start = names.offsets[index]
    end = names.offsets[index + 1] if index + 1 < len(names.offsets) else len(names.stream) * 8
    remaining = min(names.block, names.count - index * names.block) - 1
    return _block_holds(names, start, end, remaining, names.firsts[index], target)


def _block_holds(names: _NameSet, start: int, end: int, remaining: int, value: int, target: int) -> bool:
    """Decode one block's Rice codes (quotient in unary as 1s ending in a 0, then `rice_bits`
    remainder bits) as deltas from `value` until reaching `target` or passing it."""
    chunk = names.stream[start // 8 : (end + 7) // 8]
    bits = format(int.from_bytes(chunk, "big"), f"0{len(chunk) * 8}b")
    k = names.rice_bits
    position = start % 8
    for _ in range(remaining):
        stop = bits.index("0", position)
        value += ((stop - position) << k) | int(bits[stop + 1 : stop + 1 + k], 2)
        position = stop + 1 + k
        if value >= target:
            return value == target
    return False


# -- suggestions ----------------------------------------------------------------------------
def _compared(name: str) -> str:
    """The form names are compared in: lowercase, separators as "_"."""
    return _SEPARATORS.sub("_", name).lower()


def _characters(text: str) -> int:
    """The multiset of characters in `text` as a bit mask: one bit for each character's first,
    second, third and further occurrences. An edit adds or removes at most one bit on each side,
    so the bits one string has and the other lacks bound the edit distance from below. Code
    points share bits modulo 1024, which keeps masks small and only loosens the bound."""
    mask = 0
    seen: dict[str, int] = {}
    for char in text:
        occurrence = seen[char] = seen.get(char, -1) + 1
        mask |= 1 << ((ord(char) & 0x3FF) * 4 + min(occurrence, 3))
    return mask


@cache
def _candidates() -> dict[int, list[tuple[str, int, str, str]]]:
    """(compared form, character mask, import name, distribution) by length of the compared
    form: every top-level import name with its most popular provider, and every ranked project
    with its import name from the map (else its name with - as _), under its own name and,
    for `opencv-python` or `python-dateutil`, also without the `python` affix."""
    pairs: dict[tuple[str, str], str] = {}
    modules_of: dict[str, list[str]] = {}
    for key in _import_map()[0]:
        if "." not in key:
            dist = providers(key)[0]
            pairs[(_compared(key), dist)] = key
            modules_of.setdefault(dist, []).append(key)
    for dist in popular_names():
        module = _import_name(dist, modules_of.get(dist, ()))
        compared = _compared(dist)
        for form in (compared, _PYTHON_AFFIX.sub("", compared)):
            if form:
                pairs.setdefault((form, dist), module)
    by_length: dict[int, list[tuple[str, int, str, str]]] = {}
    for (form, dist), module in pairs.items():
        by_length.setdefault(len(form), []).append((form, _characters(form), module, dist))
    return by_length


def _import_name(dist: str, modules: list[str]) -> str:
    """The public import name most like the distribution's name (`bs4` for beautifulsoup4,
    `yaml` rather than `_yaml` for pyyaml)."""
    if not modules:
        return dist.replace("-", "_")
    wanted = _compared(dist)
    return min(modules, key=lambda module: (module.startswith("_"), edit_distance(_compared(module), wanted, 99), module))


def suggestions(name: str, limit: int = 3) -> list[tuple[str, str]]:
    """Real (import name, distribution) pairs close to an unknown import or project name:
    typos (`reqeusts` -> requests) and near-names (`requests_oauth` -> requests_oauthlib), most
    similar first, then most downloaded; each import name and distribution once. Empty when
    nothing is at least 75% similar (1 - edit distance / longer length) and within 4 edits."""
    scored = sorted(
        (-similarity, _popularity(dist), module, dist)
        for similarity, module, dist in _similar(_compared(name))
        if module != name
    )
    found: list[tuple[str, str]] = []
    for _, _, module, dist in scored:
        if all(module != seen_module and dist != seen_dist for seen_module, seen_dist in found):
            found.append((module, dist))
    return found[:limit]


def _similar(query: str) -> Iterator[tuple[float, str, str]]:
    """(similarity, import name, distribution) for candidates within the edit budget that
    _MIN_SIMILARITY and _MAX_EDITS allow. Lengths too far apart are never looked at, and a
    candidate lacking (or adding) more characters than the budget is skipped before any edit
    distance is computed: that keeps a call to a few milliseconds."""
    if not query:
        return
    mask = _characters(query)
    candidates = _candidates()
    shortest = max(math.ceil(len(query) * _MIN_SIMILARITY), len(query) - _MAX_EDITS)
    longest = min(int(len(query) / _MIN_SIMILARITY), len(query) + _MAX_EDITS)
    for length in range(shortest, longest + 1):
        longer = max(length, len(query))
        budget = min(_MAX_EDITS, int(longer * (1 - _MIN_SIMILARITY) + 1e-9))
        for form, chars, module, dist in candidates.get(length, ()):
            if bin(mask & ~chars).count("1") > budget or bin(chars & ~mask).count("1") > budget:
                continue
            distance = edit_distance(query, form, budget)
            if distance <= budget:
                yield 1 - distance / longer, module, dist


def edit_distance(a: str, b: str, budget: int) -> int:
    """Optimal string alignment distance (Levenshtein plus adjacent transpositions), or
    budget + 1 once it must exceed `budget`. Only cells within `budget` of the diagonal can
    stay within it, so only those are computed."""
    over = budget + 1
    if abs(len(a) - len(b)) > budget:
        return over
    previous2 = previous = [j if j <= budget else over for j in range(len(b) + 1)]
    for i in range(1, len(a) + 1):
        current = [i if i <= budget else over] + [over] * len(b)
        char, before = a[i - 1], a[i - 2] if i > 1 else ""
        for j in range(max(1, i - budget), min(len(b), i + budget) + 1):
            best = previous[j - 1] + (char != b[j - 1])
            if previous[j] < best:
                best = previous[j] + 1
            if current[j - 1] < best:
                best = current[j - 1] + 1
            if j > 1 and char == b[j - 2] and before == b[j - 1] and previous2[j - 2] < best:
                best = previous2[j - 2] + 1
            current[j] = best
        if min(current) > budget:
            return over
        previous2, previous = previous, current
    return min(previous[-1], over)


__all__ = ["edit_distance", "may_exist", "normalize", "popular_names", "providers", "rank", "snapshot", "suggestions"]
