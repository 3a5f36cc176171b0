"""SW403's question: is a dependency name a likely typosquat of a popular PyPI project, or of
another dependency of the same project?

`check(name)` answers with a `Suspicion` (the imitated name, the technique, a sentence for
the finding, a confidence) or None. It looks, in this order, for:

- homoglyph: the raw spelling uses look-alike characters (`jeIlyfish` with a capital I,
  `reqυests` with a Greek upsilon, `b0to3` with a zero, `rn` for `m`) that fold onto a
  popular name. This works on the raw name: normalization would lose the capital I.
- separator: the same letters with other separators, or the same words in another order
  (`py-yaml` for pyyaml, `nmap-python` for python-nmap). Case and `-`/`_`/`.` runs alone are
  not a difference at all (PEP 503: `PyYAML` and `python_dateutil` are the names themselves).
- digit: a version-like number added, removed or changed (`requests2`, `urllib` for urllib3,
  `boto4`, `s4transfer`).
- affix: `py`, `python`, `python3`, `py3`, `-py`, `-python`, `-lib`, `-dev`, `-api` added to,
  removed from or swapped on a popular name (`python3-dateutil`, `pythonkafka`,
  `python-openssl` for pyopenssl).
- edit-distance (a plural `s` added or dropped on a word: `importlibs-resource`),
  transposition, keyboard: Damerau-Levenshtein (optimal string alignment) against popular
  names of at least 5 characters, also in their forms without a version number
  (`beautifulsoup` for beautifulsoup4) or without a py/python affix (`opencv` for
  opencv-python): one edit for names under 8 characters, and for longer ones a second edit
  only when one of the two is a typing slip: a swap of neighbouring letters, a neighbouring
  QWERTY key, a doubled key or a double letter typed once. The technique reported is the
  slip found (transposition, then keyboard), else edit-distance. The same letters of a
  popular name in another order (`matlibplot`) count as a transposition.
- combosquat: a popular name (or its form without number or affix) joined to a number, a
  security- or quality-flavoured word (`urllib3-secure`, `httpx-faster`, `urllib3installer`,
  `urllibloader`) or another of the 100 most downloaded names (`requests-pandas`); a compound
  popular name with a number appended (`requests-toolbelt2`).
- project-dependency: one edit away from another dependency of the same project.

These are the strict rules: they apply to every name, and what they find has confidence
"high".

Whether the project is established. Real squats are new projects: registered days before
someone adds them, or so recent that the bundled snapshot of every PyPI project name
(known_packages.may_exist) does not hold them; squats that were found and removed from PyPI
are absent from it as well. `check(name, established=...)` takes what the caller knows (SW403
passes False when the index says the first upload is recent, True when it is old); None
decides from the snapshot: established when the name was a project then. An established
name keeps the strict rules alone. A name that is not established gets, when the strict
rules find nothing, looser ones, strongest first:

- medium confidence, the name still points at one project:
  - the closest imitations (look-alike characters, separators, affixes, one edit for names
    of 8 letters or more) of the ranked names beyond the top targets (`acqusition` for
    acquisition, `nmap-python` for python-nmap, `python-cord` for py-cord);
  - an affix game around a 3-letter core (`smb` for pysmb), or with the target's number
    dropped too (`python-sqlite` for pysqlite3);
  - words cut short (`keras-preprocess`, `kera-preprocess` for keras-preprocessing);
  - a second edit of any kind for forms of 8 letters or more, no typing slip needed
    (`beutifulsoop`), and repeated letters counted once (`requstsss`, `aiohtttps`);
  - two popular names joined or glued (`matplotlib-flask`, `opencv-keras`,
    `pandarequests`), and a family prefix with a suspicious word (`sqlalchemy-install`);
- low confidence, how most combosquats look but also how some genuine new plugins and
  integrations are named:
  - one of the 1,000 most downloaded names (or its form without number or affix, or its
    singular) joined to any other word, before or after (`print-requests`, `req-flask`,
    `matplotlib-req`, `request-supporter`);
  - one of the 100 most downloaded glued to a word of three letters or more, inside one word
    of the name (`easyrequests`, `httpxontop`, `stillrequestsa`);
  - an ecosystem family's plugin named after one of the 1,000 most downloaded
    (`pytest-pandas`, `django-pyyaml`, `pylint-redis`).

Never flagged: a name that is itself in the bundled ranked list (or in `popular`), whatever
it resembles (`botocore` beside `boto3`, `pyaml` beside `pyyaml`), established or not. Nor
is the usual ecosystem naming a combosquat by itself, established or not: a family prefix
(`django-`, `pytest-`, `sphinx-`, ...) with a word that is not a popular name, a popular name
with a family suffix (`-oauthlib`, `-toolbelt`, `-mock`, `-utils`, ...), type stubs
(`types-`, `-stubs`). A family prefix with a popular name or a suspicious word is flagged
only when the name is not established.

Standard library only; the indexes are built on first use and cached: the strict one in
about 50 ms for the default 5,000 targets, and what a name that is not established needs
besides (the ranked names beyond the targets, glued and repeated-letter spellings) in about
80 ms more, the first time such a name is checked. A name is then checked in well under a
millisecond on average, a few milliseconds at most.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import product

from stagewarden import known_packages

TECHNIQUES = (
    "edit-distance",
    "transposition",
    "keyboard",
    "separator",
    "affix",
    "digit",
    "homoglyph",
    "combosquat",
    "project-dependency",
)

# How many of the most downloaded projects are targets: squatters imitate popular names.
DEFAULT_TOP = 5000
# A popular name joined to another one is a combosquat only when that other one is this popular.
COMBINED_TOP = 100
# Edit distance is only measured against targets this long: short names collide by chance.
MIN_EDIT_LENGTH = 5
# From this length on, a second edit is allowed when one of the two is a swap or a key slip.
LONG_NAME = 8
# Shortest core an affix may leave (`py` + `yaml`); shorter ones (`jwt`, `smb`) are too common.
MIN_CORE = 4
# Shortest affix-less form (`opencv` of opencv-python) that typos are measured against.
MIN_CORE_EDIT = 6
# Shortest name whose letters in another order (`matlibplot`) count as a rearrangement.
MIN_ANAGRAM = 5

# For a name that is not established (see check()), looser rules:
# from this length of the popular form on, a second edit of any kind (no typing slip needed);
LOOSE_LONG = LONG_NAME
# a word cut short (`keras-preprocess`) keeps at least this many letters and this share of it;
TRUNCATED_MIN = 4
TRUNCATED_SHARE = 2 / 3
# a popular name glued to a word without separator (`easyrequests`) is at least this long,
# and at least EMBEDDED_MIN when glued to words on both sides (`stillrequestsa`);
GLUED_MIN = 5
EMBEDDED_MIN = 6
# the shortest core an affix may leave (`smb` of pysmb);
SHORT_CORE = 3
# a popular name joined or glued to an arbitrary word, or named by an ecosystem's plugin, is
# one of this many most downloaded: squatters imitate the most downloaded names, and further
# down more names are ordinary words (`arrow`, `rouge`, `path`);
COMBO_TOP = 1000

# What the confidence of a Suspicion can be, strongest first (see Suspicion).
CONFIDENCES = ("high", "medium", "low")

_SEPARATORS = re.compile(r"[-_.]+")
_REPEATS = re.compile(r"(.)\1+")

_PREFIXES = ("python3-", "python-", "py3-", "py-", "python3", "python", "py3", "py")
_SUFFIXES = (
    "-python3",
    "-python",
    "-py3",
    "-py",
    "python3",
    "python",
    "py3",
    "py",
    "-lib",
    "-dev",
    "-api",
)

# `<family>-<popular>` and `<popular>-<family>` are how the ecosystem names plugins, stubs and
# helpers: never a combosquat by themselves.
FAMILY_PREFIXES = frozenset(
    [
        "types",
        "django",
        "djangorestframework",
        "drf",
        "flask",
        "pytest",
        "sphinx",
        "sphinxcontrib",
        "mkdocs",
        "jupyter",
        "jupyterlab",
        "nbconvert",
        "ipython",
        "flake8",
        "pylint",
        "mypy",
        "pydantic",
        "fastapi",
        "starlette",
        "aio",
        "async",
        "opentelemetry",
        "apache",
        "airflow",
        "dagster",
        "prefect",
        "dbt",
        "azure",
        "google",
        "aws",
        "boto3",
        "mypy-boto3",
        "botocore",
        "llama",
        "langchain",
        "napari",
        "ansible",
        "pulumi",
        "cdktf",
        "tox",
        "nox",
        "pre",
        "poetry",
        "hatch",
        "hatchling",
        "setuptools",
        "sqlalchemy",
        "alembic",
        "celery",
        "pyramid",
        "plone",
        "wagtail",
        "odoo",
        "tryton",
        "streamlit",
        "gradio",
        "kedro",
        "openstack",
        "oslo",
        "keystone",
        "neutron",
    ]
)
FAMILY_SUFFIXES = frozenset(
    [
        "stubs",
        "types",
        "typing",
        "plugin",
        "plugins",
        "oauthlib",
        "toolbelt",
        "mock",
        "mocks",
        "cli",
        "sdk",
        "core",
        "async",
        "aio",
        "asyncio",
        "extensions",
        "extension",
        "ext",
        "extras",
        "contrib",
        "compat",
        "backport",
        "backports",
        "binary",
        "utils",
        "tools",
        "helpers",
        "testing",
        "test",
        "tests",
        "dev",
        "devel",
        "docs",
        "doc",
        "server",
        "client",
        "rest",
        "api",
        "lib",
    ]
)
# Type-stub distributions are named after exactly the project they describe: never a combosquat,
# established or not.
STUB_PREFIXES = frozenset(["types"])
STUB_SUFFIXES = frozenset(["stubs", "types", "typing"])
# What a combosquat adds to a popular name to look like an improved or safer version of it.
SUSPICIOUS_WORDS = frozenset(
    [
        "secure",
        "security",
        "safe",
        "ssl",
        "tls",
        "verified",
        "official",
        "trusted",
        "patched",
        "patch",
        "fixed",
        "fix",
        "update",
        "updated",
        "upgrade",
        "latest",
        "new",
        "pro",
        "plus",
        "lite",
        "fast",
        "faster",
        "boost",
        "turbo",
        "ultra",
        "advanced",
        "better",
        "enhanced",
        "modern",
        "install",
        "installer",
        "loader",
        "downloader",
        "setup",
        "free",
        "premium",
    ]
)

# Look-alike characters that fold onto ASCII letters. Non-ASCII ones always fold (a PyPI name
# is ASCII); digits and a capital I are tried both ways.
_CONFUSABLES = {
    # Greek
    "α": "a",
    "β": "b",
    "γ": "y",
    "δ": "d",
    "ε": "e",
    "η": "n",
    "ι": "i",
    "κ": "k",
    "ν": "v",
    "ο": "o",
    "ρ": "p",
    "τ": "t",
    "υ": "u",
    "χ": "x",
    "ω": "w",
    "μ": "u",
    "ς": "s",
    # Cyrillic
    "а": "a",
    "в": "b",
    "е": "e",
    "ё": "e",
    "з": "3",
    "і": "i",
    "ї": "i",
    "ј": "j",
    "к": "k",
    "м": "m",
    "н": "h",
    "о": "o",
    "п": "n",
    "р": "p",
    "с": "c",
    "т": "t",
    "у": "y",
    "х": "x",
    "ѕ": "s",
    "ԁ": "d",
    "ԛ": "q",
    "ԝ": "w",
    "ӏ": "l",
    "һ": "h",
    "ɡ": "g",
    # Latin look-alikes
    "ı": "i",
    "ł": "l",
    "ƚ": "l",
    "ɩ": "i",
    "ǀ": "l",
    "ß": "b",
}
_DIGIT_LOOKALIKES = {
    "0": "o",
    "1": "li",
    "3": "e",
    "4": "a",
    "5": "s",
    "7": "t",
    "8": "b",
    "9": "g",
}
_SEQUENCE_LOOKALIKES = (("rn", "m"), ("vv", "w"), ("cl", "d"))
_MAX_VARIANTS = 256

_KEYBOARD_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm")


def _keyboard_neighbours() -> dict[str, frozenset[str]]:
    """QWERTY neighbours: same row left and right, the two keys above, the two below."""
    where = {
        char: (row, col)
        for row, keys in enumerate(_KEYBOARD_ROWS)
        for col, char in enumerate(keys)
    }
    found: dict[str, frozenset[str]] = {}
    for char, (row, col) in where.items():
        cells = (
            (row, col - 1),
            (row, col + 1),
            (row - 1, col),
            (row - 1, col + 1),
            (row + 1, col - 1),
            (row + 1, col),
        )
        found[char] = frozenset(
            _KEYBOARD_ROWS[r][c]
            for r, c in cells
            if 0 <= r < len(_KEYBOARD_ROWS) and 0 <= c < len(_KEYBOARD_ROWS[r])
        )
    return found


KEYBOARD_NEIGHBOURS = _keyboard_neighbours()


@dataclass(frozen=True)
class Suspicion:
    """`target`: the popular (or project) name imitated, normalized; `technique`: one of
    TECHNIQUES; `detail`: one sentence for the finding; `confidence`: one of CONFIDENCES:

    - "high": a strict rule matched (the rules applied to every name, established or not): a
      close imitation of one of the top targets or of another dependency of the project.
    - "medium": the name is not established and a looser rule matched that still points at
      one project: a close imitation of a ranked name beyond the top targets, a second edit
      of any kind, repeated letters, words cut short, an affix around a 3-letter core, two
      popular names joined, an ecosystem prefix with a security- or quality-flavoured word.
    - "low": the name is not established and is a popular name joined or glued to some other
      word (`print-requests`, `easyrequests`), or an ecosystem family's plugin named after
      another popular project (`pytest-pandas`): how most combosquats look, but also how some
      genuine new plugins and integrations are named; a lead to read, not a verdict."""

    target: str
    technique: str
    detail: str
    confidence: str = "high"


def normalize(name: str) -> str:
    """PEP 503: runs of -, _ and . become one -, lowercased."""
    return known_packages.normalize(name)


def _compact(name: str) -> str:
    return _SEPARATORS.sub("", name).lower()


# -- indexes ----------------------------------------------------------------------------------
class _Index:
    """Everything check() looks up, built once per target list. `offset`: the rank of the
    first target (the index of the ranked names beyond the top targets starts at `top`)."""

    def __init__(self, targets: Sequence[str], offset: int = 0, closest: bool = False):
        """`closest`: only what the closest imitations need (see _techniques)."""
        seen: dict[str, int] = {}
        for name in targets:
            if name:
                seen.setdefault(normalize(name), offset + len(seen))
        self.rank = seen  # normalized target -> rank (0 = most popular)
        self.targets = tuple(seen)
        self.compact: dict[str, str] = {}
        self.word_sets: dict[tuple[str, ...], str] = {}
        self.cores: dict[str, str] = {}
        self.short_cores: dict[str, str] = {}
        self.base_cores: dict[str, str] = {}
        self.digit_bases: dict[str, str] = {}
        self.singular: dict[str, str] = {}
        self.anagrams: dict[tuple[str, str], str] = {}
        self.word_keys: dict[tuple[str, ...], list[str]] = {}
        # the forms a squatter starts from: the name, the name without its number
        # (beautifulsoup4 -> beautifulsoup) and without its py/python affix (opencv-python -> opencv)
        self.forms: dict[str, str] = {}
        self.by_length: dict[int, list[tuple[str, str, int]]] = {}
        self._collapsed: dict[int, list[tuple[str, str, int]]] | None = None
        self._glued: dict[str, str] | None = None
        for target in self.targets:
            compact = target.replace("-", "")
            self.compact.setdefault(compact, target)
            words = target.split("-")
            if len(words) > 1:
                self.word_sets.setdefault(tuple(sorted(words)), target)
            base = _digit_base(target) if target[-1].isdigit() else target
            if base != target:
                for core in _cores(base):
                    self.base_cores.setdefault(core, target)
            if not closest:
                self.word_keys.setdefault(_word_key(words), []).append(target)
                if len(base) >= 3:
                    self.digit_bases.setdefault(base, target)
                self.singular.setdefault(_singular(target), target)
                if len(compact) >= MIN_ANAGRAM:
                    self.anagrams.setdefault(
                        (compact[0], "".join(sorted(compact))), target
                    )
            self.forms.setdefault(target, target)
            if len(base) >= MIN_EDIT_LENGTH:
                self.forms.setdefault(base, target)
            for core in _cores(target, SHORT_CORE):
                if len(core) < MIN_CORE:
                    self.short_cores.setdefault(core, target)
                    continue
                self.cores.setdefault(core, target)
                if len(core) >= MIN_CORE_EDIT and core != compact:
                    self.forms.setdefault(core, target)
        # the closest imitations measure one edit on names of LONG_NAME letters or more
        shortest = LONG_NAME - 1 if closest else MIN_EDIT_LENGTH
        for form, target in self.forms.items():
            if len(form) >= shortest:
                self.by_length.setdefault(len(form), []).append(
                    (form, target, _characters(form))
                )

    def better(self, a: str, b: str | None) -> bool:
        return b is None or self.rank[a] < self.rank[b]

    def collapsed(self) -> dict[int, list[tuple[str, str, int]]]:
        """The edit forms with repeated letters counted once (`aiohttp` -> `aiohtp`), by length;
        built on first use (only names that are not established need them)."""
        if self._collapsed is None:
            found: dict[int, list[tuple[str, str, int]]] = {}
            for length in sorted(self.by_length):
                for entry in self.by_length[length]:
                    form, target, _ = entry
                    short = _collapse(form) if _REPEATS.search(form) else form
                    found.setdefault(len(short), []).append(
                        entry if short == form else (short, target, _characters(short))
                    )
            self._collapsed = found
        return self._collapsed

    def glued(self) -> dict[str, str]:
        """The spellings of a target glued to another word: the name without separators and
        its singular (`request`); built on first use."""
        if self._glued is None:
            found: dict[str, str] = {}
            for piece, target in list(self.compact.items()) + list(
                self.singular.items()
            ):
                if len(piece) >= GLUED_MIN and self.better(target, found.get(piece)):
                    found[piece] = target
            self._glued = found
        return self._glued


@lru_cache(maxsize=1)
def _ranked() -> frozenset[str]:
    """Every name in the bundled ranked list: never flagged."""
    return frozenset(known_packages.popular_names())


@lru_cache(maxsize=8)
def _index(targets: tuple[str, ...] | None, top: int) -> _Index:
    if targets is None:
        targets = known_packages.popular_names()[:top]
    return _Index(targets)


@lru_cache(maxsize=8)
def _tail(targets: tuple[str, ...] | None, top: int) -> _Index:
    """The ranked names beyond the top targets (none when the caller gives the targets): what
    a name that is not established is also compared with. Built on first use."""
    if targets is not None:
        return _Index(())
    return _Index(known_packages.popular_names()[top:], offset=top, closest=True)


def top_targets(top: int = DEFAULT_TOP) -> tuple[str, ...]:
    """The default targets: the `top` most downloaded project names, most downloaded first."""
    return _index(None, top).targets


def _cores(name: str, shortest: int = MIN_CORE) -> set[str]:
    """The compact forms of normalized `name` without one of the affixes at each end (or
    both), at least `shortest` long, plus the compact name itself."""
    compact = name.replace("-", "")
    if not name.startswith(_PREFIXES) and not name.endswith(_SUFFIXES):
        return {compact} if len(compact) >= shortest else set()
    found = {compact}
    starts = [name] + [name[len(p) :] for p in _PREFIXES if name.startswith(p)]
    for start in starts:
        found.add(start.replace("-", ""))
        if start.endswith(_SUFFIXES):
            for suffix in _SUFFIXES:
                if start.endswith(suffix):
                    found.add(start[: -len(suffix)].replace("-", ""))
    return {core for core in found if len(core) >= shortest}


def _word_key(words: Sequence[str]) -> tuple[str, ...]:
    """The first three letters of each word: what a name with words cut short keeps."""
    return tuple(word[:3] for word in words)


def _collapse(text: str) -> str:
    """`text` with each run of a repeated letter written once (`requstsss` -> `requsts`)."""
    return _REPEATS.sub(r"\1", text)


def _singular(name: str) -> str:
    """The compact name with a plural `s` dropped from each word of 4 letters or more
    (`importlibs-resource` and `importlib-resources` -> `importlibresource`)."""
    return "".join(
        word[:-1]
        if len(word) >= 4 and word.endswith("s") and not word.endswith("ss")
        else word
        for word in name.split("-")
    )


def _digit_base(name: str) -> str:
    """The name without a number at its end (`urllib3` -> `urllib`, `requests-2` -> `requests`)."""
    return re.sub(r"-?[0-9]+$", "", name)


def _characters(text: str) -> int:
    """Multiset of characters as a bit mask (each character's first, second, third and further
    occurrences): the bits one string has and the other lacks bound the edit distance below."""
    mask = 0
    for char in set(text):
        key = (char, text.count(char))
        bits = _RUN_BITS.get(key)
        if bits is None:
            bits = _RUN_BITS[key] = ((1 << min(key[1], 4)) - 1) << (
                (ord(char) & 0x3FF) * 4
            )
        mask |= bits
    return mask


_RUN_BITS: dict[tuple[str, int], int] = {}


# how many bits are set (int.bit_count from Python 3.10 on)
_popcount = getattr(int, "bit_count", None) or (lambda mask: bin(mask).count("1"))


# -- the check ----------------------------------------------------------------------------------
def check(
    name: str,
    *,
    popular: Sequence[str] | None = None,
    project: Iterable[str] = (),
    max_distance: int = 1,
    top: int = DEFAULT_TOP,
    established: bool | None = None,
) -> Suspicion | None:
    """Whether dependency `name` looks like a typosquat of a popular project or of another
    dependency of the project.

    `popular`: the target names, most popular first (default: the `top` most downloaded
    projects of the bundled list). `project`: the project's other dependencies.
    `max_distance`: edits allowed for names under 8 characters; longer names get one more
    when it is a typing slip; 0 turns edit distance (plurals, rearranged letters and words
    cut short too) off. `established`: whether the project has a history: True (say, its
    first upload is old) keeps to the strict rules; False (a recent first upload) adds the
    looser rules for new projects; None decides from the bundled snapshot of every PyPI
    name: established when the name was a project then (known_packages.may_exist). A name in
    `popular` or in the bundled ranked list is never flagged, whatever `established` says."""
    raw = name.strip()
    norm = normalize(raw)
    if not norm:
        return None
    targets = tuple(popular) if popular is not None else None
    index = _index(targets, top)
    if norm in index.rank or norm in _ranked():
        return None
    return _suspect(
        raw,
        norm,
        index,
        project,
        max_distance,
        established,
        lambda: _tail(targets, top),
    )


def _suspect(
    raw: str,
    norm: str,
    index: _Index,
    project: Iterable[str],
    max_distance: int,
    established: bool | None = True,
    tail: Callable[[], _Index] | None = None,
) -> Suspicion | None:
    """The techniques alone, without the never-flag rule for popular names (a target equal to
    the name itself is skipped by each of them): the strict ones, then, for a name that is not
    established, the looser ones (`tail`: the ranked names beyond the targets)."""
    found = _techniques(raw, norm, index, max_distance) or _project_dependency(
        norm, project
    )
    if found is not None:
        return found
    if established is None:
        established = known_packages.may_exist(norm)
    if established:
        return None
    return _suspect_new(
        raw, norm, index, tail() if tail is not None else _Index(()), max_distance
    )


def _techniques(
    raw: str, norm: str, index: _Index, max_distance: int, closest: bool = False
) -> Suspicion | None:
    """The strict rules, against the targets of `index`; `closest`: only the closest
    imitations (look-alike characters, separators, affixes, one edit for names of
    LONG_NAME letters or more)."""
    if closest:
        return (
            _homoglyph(raw, norm, index)
            or _separator(norm, index)
            or _affix(norm, index)
            or _short_core(norm, index)
            or (
                len(norm) >= LONG_NAME
                and _edit(norm, index, max_distance, second="none")
            )
            or None
        )
    return (
        _homoglyph(raw, norm, index)
        or _separator(norm, index)
        or _digit(norm, index)
        or _affix(norm, index)
        or (max_distance >= 1 and _plural(norm, index))
        or _edit(norm, index, max_distance)
        or (max_distance >= 1 and _rearranged(norm, index))
        or _combosquat(norm, index)
        or None
    )


def _suspect_new(
    raw: str, norm: str, index: _Index, tail: _Index, max_distance: int
) -> Suspicion | None:
    """The looser rules for a name that is not established, strongest first: the closest
    imitations of the ranked names beyond the targets (`tail`); looser spellings of a target
    (a second edit of any kind, repeated letters, words cut short, an affix around a 3-letter
    core); a popular name joined or glued to another word (_loose_combosquat)."""
    found = _techniques(raw, norm, tail, max_distance, closest=True)
    if found is not None:
        return replace(
            found,
            confidence="medium",
            detail=f"{found.detail} (`{found.target}` is ranked "
            f"{known_packages.rank(found.target) or tail.rank[found.target] + 1}, and this "
            "name is not an established project)",
        )
    return _loose_spelling(norm, index, max_distance) or _loose_combosquat(norm, index)


def _homoglyph(raw: str, norm: str, index: _Index) -> Suspicion | None:
    variants = _spellings(raw)
    if variants is None:
        return None
    best: str | None = None
    for variant in variants:
        folded = normalize(variant)
        if (
            folded != norm
            and folded in index.rank
            and len(folded) >= 3
            and index.better(folded, best)
        ):
            best = folded
    if best is None:
        return None
    return Suspicion(
        best, "homoglyph", f"`{raw}` reads as `{best}` with look-alike characters"
    )


def _spellings(raw: str) -> list[str] | None:
    """The readings of `raw` with its look-alike characters folded (None when it has none):
    non-ASCII look-alikes always fold; digits, a capital I and `rn`/`vv`/`cl` are tried both
    ways, at most _MAX_VARIANTS combinations."""
    text = unicodedata.normalize("NFKC", raw)
    options: list[tuple[str, ...]] = []
    suspicious = False
    for char in text:
        if char in _CONFUSABLES or char.lower() in _CONFUSABLES:
            options.append((_CONFUSABLES.get(char) or _CONFUSABLES[char.lower()],))
            suspicious = True
        elif not char.isascii():
            stripped = "".join(
                c
                for c in unicodedata.normalize("NFKD", char)
                if not unicodedata.combining(c)
            )
            options.append(
                (stripped.lower() if stripped.isascii() and stripped else char,)
            )
            suspicious = True
        elif char == "I":
            options.append(("i", "l"))
            suspicious = True
        elif char in _DIGIT_LOOKALIKES:
            options.append((char,) + tuple(_DIGIT_LOOKALIKES[char]))
            suspicious = True
        else:
            options.append((char.lower(),))
    lowered = text.lower()
    sequences = [(a, b) for a, b in _SEQUENCE_LOOKALIKES if a in lowered]
    if not suspicious and not sequences:
        return None
    count = 1
    for choice in options:
        count *= len(choice)
    if count > _MAX_VARIANTS:
        options = [choice[-1:] if len(choice) > 1 else choice for choice in options]
    variants = ["".join(parts) for parts in product(*options)]
    for before, after in sequences:
        variants += [
            variant.replace(before, after) for variant in variants if before in variant
        ]
    return variants


def _separator(norm: str, index: _Index) -> Suspicion | None:
    target = index.compact.get(_compact(norm))
    if target is not None and target != norm:
        return Suspicion(
            target, "separator", f"`{norm}` is `{target}` with other separators"
        )
    words = norm.split("-")
    if len(words) > 1:
        target = index.word_sets.get(tuple(sorted(words)))
        if target is not None and target != norm:
            return Suspicion(
                target,
                "separator",
                f"`{norm}` is `{target}` with its words in another order",
            )
    return None


def _digit(norm: str, index: _Index) -> Suspicion | None:
    base = _digit_base(norm)
    if len(base) < 3:
        return None
    target = index.digit_bases.get(base)
    if target is None or target == norm:
        return None
    compound = base != norm and "-" in base and target == base  # `requests-toolbelt2`
    if compound or (norm.endswith(tuple("0123456789")) and norm[len(base) :].startswith("-")):
        return Suspicion(
            target, "combosquat", f"`{norm}` is `{target}` with a number added"
        )
    if base == norm:
        return Suspicion(target, "digit", f"`{norm}` is `{target}` without its number")
    if target == base:
        return Suspicion(target, "digit", f"`{norm}` is `{target}` with a number added")
    return Suspicion(target, "digit", f"`{norm}` is `{target}` with another number")


def _affix(norm: str, index: _Index) -> Suspicion | None:
    best: str | None = None
    for core in _cores(norm):
        target = index.cores.get(core)
        if target is not None and target != norm and index.better(target, best):
            best = target
    return _affix_suspicion(norm, best, "high") if best is not None else None


def _affix_suspicion(norm: str, target: str, confidence: str) -> Suspicion:
    return Suspicion(
        target,
        "affix",
        f"`{norm}` is `{target}` with a `py`/`python`-style affix added, removed or swapped",
        confidence,
    )


def _plural(norm: str, index: _Index) -> Suspicion | None:
    target = index.singular.get(_singular(norm))
    if target is None or target == norm:
        return None
    return Suspicion(
        target,
        "edit-distance",
        f"`{norm}` is `{target}` with a plural `s` added or dropped",
    )


def _rearranged(norm: str, index: _Index) -> Suspicion | None:
    compact = _compact(norm)
    if len(compact) < MIN_ANAGRAM:
        return None
    target = index.anagrams.get((compact[0], "".join(sorted(compact))))
    if target is None or target == norm:
        return None
    return Suspicion(
        target,
        "transposition",
        f"`{norm}` has the letters of `{target}` in another order",
    )


def _edit(
    norm: str, index: _Index, max_distance: int, *, second: str = "slip"
) -> Suspicion | None:
    """Damerau-Levenshtein to the edit forms of the targets: `max_distance` edits, and one more
    for long forms: `second` "slip" (the strict rule) from LONG_NAME letters when one of the
    edits is a typing slip; "any" (a name that is not established) from LOOSE_LONG letters
    whatever the edits, and also once repeated letters count once; "none": no second edit."""
    if max_distance < 1:
        return None
    loose = second == "any"
    found = _nearest(norm, index.by_length, index, max_distance, second)
    repeated = ""
    if found is None and loose:
        short = _collapse(norm)
        if short != norm:
            found = _nearest(short, index.collapsed(), index, max_distance, second)
            repeated = " once repeated letters count once"
    if found is None:
        return None
    distance, target, form, technique, detail = found
    edits = "one edit" if distance == 1 else f"{distance} edits"
    of = f"`{target}`" if form == target else f"`{form}` (`{target}`)"
    return Suspicion(
        target,
        technique,
        f"`{norm}` is {edits} from {of}{repeated}: {detail}",
        "medium" if loose else "high",
    )


def _nearest(
    norm: str,
    by_length: dict[int, list[tuple[str, str, int]]],
    index: _Index,
    max_distance: int,
    second: str,
) -> tuple[int, str, str, str, str] | None:
    """The closest form within the budget (the most popular target among equals), as
    (distance, target, form, technique, detail)."""
    mask = _characters(norm)
    popcount = _popcount
    best: tuple[int, int, str, str] | None = None
    extra = 0 if second == "none" else 1
    long_from = LOOSE_LONG if second == "any" else LONG_NAME
    for length in range(
        max(MIN_EDIT_LENGTH, len(norm) - max_distance - extra),
        len(norm) + max_distance + extra + 1,
    ):
        budget = max_distance + (extra if length >= long_from else 0)
        if abs(length - len(norm)) > budget:
            continue
        twice = 2 * budget
        # each edit changes at most two bits: one the name lacks, one it has in excess
        near = [
            entry
            for entry in by_length.get(length, ())
            if popcount(mask ^ entry[2]) <= twice
        ]
        for form, target, chars in near:
            if (
                popcount(chars & ~mask) > budget
                or popcount(mask & ~chars) > budget
                or target == norm
                or form == norm
            ):
                continue
            distance = known_packages.edit_distance(norm, form, budget)
            if distance > budget:
                continue
            key = (distance, index.rank[target])
            if best is not None and key >= best[:2]:
                continue
            if (
                distance > max_distance
                and second == "slip"
                and not _classify(norm, form)[2]
            ):
                continue
            best = (distance, index.rank[target], target, form)
    if best is None:
        return None
    technique, detail, _ = _classify(norm, best[3])
    return best[0], best[2], best[3], technique, detail


def _operations(a: str, b: str) -> list[tuple[str, str, str, bool]]:
    """A cheapest alignment turning target `b` into name `a`, preferring among the cheapest the
    one with the most typing slips, as (kind, character(s) in `a`, in `b`, is a slip) per edit.
    Kinds: swap (two neighbouring letters), substitute, insert (a letter `a` has and `b` lacks),
    omit (a letter `b` has and `a` lacks). Slips: a swap, a neighbouring key, a stray key beside
    its neighbour, a doubled key, a doubled letter typed once."""
    rows, cols = len(a) + 1, len(b) + 1
    inf = (1 << 30, 0)
    d = [[inf] * cols for _ in range(rows)]
    for i in range(rows):
        for j in range(cols):
            if i == 0 and j == 0:
                d[i][j] = (0, 0)
                continue
            options = []
            if i > 0 and j > 0:
                if a[i - 1] == b[j - 1]:
                    options.append(d[i - 1][j - 1])
                else:
                    slip = a[i - 1] in KEYBOARD_NEIGHBOURS.get(b[j - 1], ())
                    options.append(_plus(d[i - 1][j - 1], slip))
            if i > 0:
                options.append(_plus(d[i - 1][j], _inserted_slip(a, i - 1)))
            if j > 0:
                options.append(_plus(d[i][j - 1], _omitted_slip(b, j - 1)))
            if (
                i > 1
                and j > 1
                and a[i - 1] == b[j - 2]
                and a[i - 2] == b[j - 1]
                and a[i - 1] != a[i - 2]
            ):
                options.append(_plus(d[i - 2][j - 2], True))
            d[i][j] = min(options)
    ops: list[tuple[str, str, str, bool]] = []
    i, j = len(a), len(b)
    while i > 0 or j > 0:
        here = d[i][j]
        if i > 0 and j > 0 and a[i - 1] == b[j - 1] and here == d[i - 1][j - 1]:
            i, j = i - 1, j - 1
        elif (
            i > 1
            and j > 1
            and a[i - 1] == b[j - 2]
            and a[i - 2] == b[j - 1]
            and a[i - 1] != a[i - 2]
            and here == _plus(d[i - 2][j - 2], True)
        ):
            ops.append(("swap", a[i - 2 : i], b[j - 2 : j], True))
            i, j = i - 2, j - 2
        elif (
            i > 0
            and j > 0
            and a[i - 1] != b[j - 1]
            and here
            == _plus(d[i - 1][j - 1], a[i - 1] in KEYBOARD_NEIGHBOURS.get(b[j - 1], ()))
        ):
            ops.append(
                (
                    "substitute",
                    a[i - 1],
                    b[j - 1],
                    a[i - 1] in KEYBOARD_NEIGHBOURS.get(b[j - 1], ()),
                )
            )
            i, j = i - 1, j - 1
        elif i > 0 and here == _plus(d[i - 1][j], _inserted_slip(a, i - 1)):
            doubled = any(a[k] == a[i - 1] for k in (i - 2, i) if 0 <= k < len(a))
            ops.append(
                (
                    "double" if doubled else "insert",
                    a[i - 1],
                    "",
                    _inserted_slip(a, i - 1),
                )
            )
            i -= 1
        else:
            ops.append(("omit", "", b[j - 1], _omitted_slip(b, j - 1)))
            j -= 1
    return ops[::-1]


def _plus(cost: tuple[int, int], slip: bool) -> tuple[int, int]:
    """One more edit; the second number counts the edits that are not slips."""
    return (cost[0] + 1, cost[1] + (0 if slip else 1))


def _inserted_slip(name: str, position: int) -> bool:
    """The extra letter at `position` doubles its neighbour or sits beside it on the keyboard."""
    char = name[position]
    around = [name[k] for k in (position - 1, position + 1) if 0 <= k < len(name)]
    return any(
        char == other or char in KEYBOARD_NEIGHBOURS.get(other, ()) for other in around
    )


def _omitted_slip(target: str, position: int) -> bool:
    """The missing letter at `position` of the target is one of a doubled pair."""
    char = target[position]
    return any(
        target[k] == char for k in (position - 1, position + 1) if 0 <= k < len(target)
    )


def _classify(name: str, target: str) -> tuple[str, str, bool]:
    """The technique, a short description of the edits from `target` to `name`, and whether
    any of them is a typing slip: a swap is a transposition, a neighbouring key (or a stray key
    beside its neighbour) a keyboard slip, a digit for a digit a digit change, anything else
    (doubled or dropped letters included) a plain edit."""
    notes: list[tuple[str, str]] = []
    slips = False
    for kind, mine, theirs, slip in _operations(name, target):
        slips = slips or slip
        if kind == "swap":
            notes.append(("transposition", f"`{theirs}` swapped to `{mine}`"))
        elif kind == "substitute":
            if mine.isdigit() and theirs.isdigit():
                notes.append(("digit", f"`{theirs}` changed to `{mine}`"))
            elif slip:
                notes.append(
                    ("keyboard", f"`{theirs}` typed as the neighbouring key `{mine}`")
                )
            else:
                notes.append(("edit-distance", f"`{theirs}` replaced by `{mine}`"))
        elif kind == "double":
            notes.append(("edit-distance", f"`{mine}` doubled"))
        elif kind == "insert":
            notes.append(
                (
                    "keyboard" if slip else "edit-distance",
                    f"`{mine}` added" + (" from a neighbouring key" if slip else ""),
                )
            )
        else:
            notes.append(
                (
                    "edit-distance",
                    f"`{theirs}` left out" + (" of a double letter" if slip else ""),
                )
            )
    kinds = [kind for kind, _ in notes]
    for preferred in ("transposition", "keyboard", "digit"):
        if preferred in kinds:
            technique = preferred
            break
    else:
        technique = "edit-distance"
    return technique, "; ".join(note for _, note in notes), slips


def _combosquat(norm: str, index: _Index) -> Suspicion | None:
    words = norm.split("-")
    if words[0] in FAMILY_PREFIXES or words[-1] in FAMILY_SUFFIXES:
        return None
    best: tuple[str, str, str] | None = (
        None  # target, the popular part as written, the added part
    )
    # popular name and added part separated by `-`
    for cut in range(1, len(words)):
        left, right = "-".join(words[:cut]), "-".join(words[cut:])
        for part, added in ((left, right), (right, left)):
            target = _popular_form(part, index)
            if (
                target is not None
                and _added_is_suspicious(added, index)
                and (best is None or index.better(target, best[0]))
            ):
                best = (target, part, added)
    # glued on: `urllib3installer`, `httpxfaster`
    compact = norm.replace("-", "")
    for cut in range(MIN_EDIT_LENGTH, len(compact) - 1):
        for part, added in (
            (compact[:cut], compact[cut:]),
            (compact[-cut:], compact[:-cut]),
        ):
            target = index.forms.get(part)
            if (
                target is not None
                and _stripped_word(added) in SUSPICIOUS_WORDS
                and (best is None or index.better(target, best[0]))
            ):
                best = (target, part, added)
    if best is None:
        return None
    target, part, added = best
    written = f"`{target}`" if part == target else f"`{target}` (as `{part}`)"
    return Suspicion(
        target, "combosquat", f"`{norm}` is {written} with `{added}` added"
    )


def _popular_form(part: str, index: _Index) -> str | None:
    """The target `part` stands for: a target itself (4 letters or more), or one without its
    number or py/python affix."""
    if len(part) < MIN_CORE:
        return None
    found = index.forms.get(part)
    if found is None:
        for core in _cores(part):
            target = index.rank.get(core) is not None and core
            if target and (found is None or index.better(target, found)):
                found = target
    return found


def _stripped_word(word: str) -> str:
    return word.rstrip("0123456789")


def _added_is_suspicious(added: str, index: _Index) -> bool:
    """A number, a security- or quality-flavoured word, or another very popular name."""
    if added.isdigit() or re.fullmatch(r"v[0-9]+", added):
        return True
    if any(_stripped_word(word) in SUSPICIOUS_WORDS for word in added.split("-")):
        return True
    other = _popular_form(added, index)
    return other is not None and index.rank[other] < COMBINED_TOP


# -- looser rules, for names that are not established -----------------------------------------------
def _loose_spelling(norm: str, index: _Index, max_distance: int) -> Suspicion | None:
    """A target spelt more loosely than the strict rules allow (medium confidence)."""
    return (
        _short_core(norm, index)
        or (max_distance >= 1 and _truncated(norm, index))
        or _edit(norm, index, max_distance, second="any")
    )


def _short_core(norm: str, index: _Index) -> Suspicion | None:
    """A target's affix game around a core of SHORT_CORE letters (`smb` for pysmb), or with
    the target's number dropped too (`python-sqlite` for pysqlite3)."""
    best: str | None = None
    compact = norm.replace("-", "")
    for core in _cores(norm, SHORT_CORE):
        target = (index.short_cores if len(core) < MIN_CORE else index.base_cores).get(
            core
        )
        if target is None or target == norm or not index.better(target, best):
            continue
        if core == compact and core == _digit_base(target).replace("-", ""):
            continue  # the number dropped and no affix at all: the digit rule's
        best = target
    return _affix_suspicion(norm, best, "medium") if best is not None else None


def _truncated(norm: str, index: _Index) -> Suspicion | None:
    """A target with one or more of its words cut short (`keras-preprocess`,
    `kera-preprocess` for keras-preprocessing): each cut word keeps at least TRUNCATED_MIN
    letters and TRUNCATED_SHARE of the word, and every other word is the same."""
    words = norm.split("-")
    best: str | None = None
    for target in index.word_keys.get(_word_key(words), ()):
        if target == norm or not index.better(target, best):
            continue
        cut = False
        for mine, theirs in zip(words, target.split("-")):
            if mine == theirs:
                continue
            if (
                len(mine) >= TRUNCATED_MIN
                and len(mine) >= TRUNCATED_SHARE * len(theirs)
                and theirs.startswith(mine)
            ):
                cut = True
                continue
            break
        else:
            if cut:
                best = target
    if best is None:
        return None
    return Suspicion(
        best, "edit-distance", f"`{norm}` is `{best}` with words cut short", "medium"
    )


def _loose_form(part: str, index: _Index) -> str | None:
    """The target `part` stands for, read loosely: as _popular_form, or its singular
    (`request`), or a 3-letter name among the COMBINED_TOP (`pip`)."""
    found = _popular_form(part, index)
    if found is None and len(part) >= MIN_CORE:
        found = index.singular.get(_singular(part))
    if found is None and len(part) == SHORT_CORE:
        rank = index.rank.get(part)
        found = part if rank is not None and rank < COMBINED_TOP else None
    return found


def _family(part: str) -> bool:
    """`part` starts with one of the FAMILY_PREFIXES (`pytest`, `apache-airflow`): the left
    side of a plugin's name."""
    words = part.split("-")
    return any(
        "-".join(words[:cut]) in FAMILY_PREFIXES for cut in range(1, len(words) + 1)
    )


def _loose_combosquat(norm: str, index: _Index) -> Suspicion | None:
    """A popular name (among the COMBO_TOP) joined to any other word (`print-requests`,
    `req-flask`, `matplotlib-req`) or glued to one (`easyrequests`, `httpxontop`,
    `stillrequestsa`): low confidence. Two popular names (`matplotlib-flask`,
    `pandarequests`), or a family prefix with a security- or quality-flavoured word
    (`sqlalchemy-install`): medium. The ecosystem's naming still counts: a family prefix
    with a word that is not a popular name (`pytest-foo`) and a popular name with a family
    suffix (`requests-mock`, `numpy-utils`) are how plugins and helpers are named; a family
    prefix with one of the COMBO_TOP (`pytest-pandas`, `django-pyyaml`) is flagged, low.
    Type stubs (`types-…`, `…-stubs`) never are."""
    words = norm.split("-")
    if words[0] in STUB_PREFIXES or words[-1] in STUB_SUFFIXES:
        return None
    # (confidence position, rank, -length of the popular part, target, the popular part as
    # written, the added part): the strongest, most popular, longest first
    found: list[tuple[int, int, int, str, str, str]] = []

    def consider(level: str, target: str, part: str, added: str) -> None:
        found.append(
            (
                CONFIDENCES.index(level),
                index.rank[target],
                -len(part),
                target,
                part,
                added,
            )
        )

    def very(target: str) -> bool:
        return index.rank[target] < COMBO_TOP

    # joined with `-`
    for cut in range(1, len(words)):
        left, right = "-".join(words[:cut]), "-".join(words[cut:])
        if right in FAMILY_SUFFIXES:
            continue  # `requests-mock`: a helper's name
        mine, theirs = _loose_form(left, index), _loose_form(right, index)
        if _family(left):
            # a plugin: suspicious with a popular name or a suspicious word
            if theirs is not None and very(theirs):
                consider("low", theirs, right, left)
            elif mine is not None and any(
                _stripped_word(word) in SUSPICIOUS_WORDS for word in words[cut:]
            ):
                consider("medium", mine, left, right)
        elif mine is not None and theirs is not None and mine != theirs:
            consider("medium", mine, left, right)
            consider("medium", theirs, right, left)
        elif mine is not None and very(mine):
            consider("low", mine, left, right)
        elif theirs is not None and very(theirs):
            consider("low", theirs, right, left)
    if not found:
        for level, target, piece, added in _glued(words, index):
            consider(level, target, piece, added)
    if not found:
        return None
    level, _, _, target, part, added = min(found)
    written = f"`{target}`" if part == target else f"`{target}` (as `{part}`)"
    return Suspicion(
        target,
        "combosquat",
        f"`{norm}` is {written} with `{added}` added, and is not an established project",
        CONFIDENCES[level],
    )


def _glued(words: list[str], index: _Index) -> list[tuple[str, str, str, str]]:
    """One of the COMBINED_TOP glued to a word inside one word of the name, as (confidence,
    target, the popular part as written, the rest): at the start or the end of the word
    (GLUED_MIN letters or more), or in its middle (EMBEDDED_MIN or more). The rest has three
    letters or more (a letter or two, or a number, is an edit or the digit rule's); a family
    prefix glued to a word (`djangocms`, `pytestify`) is a plugin's name. Medium when the rest
    is a popular name too (`pandarequests`), else low."""
    glued = index.glued()
    found: list[tuple[str, str, str, str]] = []
    for word in words:
        for start in range(len(word) - GLUED_MIN + 1):
            for end in range(start + GLUED_MIN, len(word) + 1):
                if start == 0 and end == len(word):
                    continue
                piece = word[start:end]
                target = glued.get(piece)
                if target is None or index.rank[target] >= COMBINED_TOP:
                    continue
                before, after = word[:start], word[end:]
                if before and after and len(piece) < EMBEDDED_MIN:
                    continue
                rest = before + after
                if sum(char.isalpha() for char in rest) < 3:
                    continue
                if (
                    not before and piece in FAMILY_PREFIXES
                ) or after in FAMILY_SUFFIXES:
                    continue
                other = None
                if not (before and after):
                    other = glued.get(rest) or _loose_form(rest, index)
                level = "medium" if other is not None and other != target else "low"
                found.append((level, target, piece, rest))
    return found


def _project_dependency(norm: str, project: Iterable[str]) -> Suspicion | None:
    for dependency in sorted({normalize(d) for d in project if d and d.strip()}):
        if dependency == norm or len(dependency) < MIN_CORE:
            continue
        if (
            _compact(dependency) == _compact(norm)
            or known_packages.edit_distance(norm, dependency, 1) <= 1
        ):
            return Suspicion(
                dependency,
                "project-dependency",
                f"`{norm}` is one edit from `{dependency}`, another dependency of this project",
            )
    return None


__all__ = [
    "CONFIDENCES",
    "DEFAULT_TOP",
    "KEYBOARD_NEIGHBOURS",
    "TECHNIQUES",
    "Suspicion",
    "check",
    "normalize",
    "top_targets",
]
