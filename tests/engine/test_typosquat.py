"""SW403's typosquat check (stagewarden.typosquat): each technique on a typosquat and on its
legitimate look-alikes, the never-flag rules, a project's own dependencies, and the labelled
evaluation set (bench/data/typosquats_labelled.tsv). Offline: the bundled popular list only."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from stagewarden import typosquat
from stagewarden.typosquat import Suspicion, check

ROOT = Path(__file__).resolve().parents[2]
LABELLED = ROOT / "bench" / "data" / "typosquats_labelled.tsv"


def flagged(name: str, **kwargs) -> tuple[str, str] | None:
    found = check(name, **kwargs)
    return (found.target, found.technique) if found else None


def test_suspicion_is_a_frozen_dataclass_with_a_known_technique():
    found = check("reqeusts")
    assert isinstance(found, Suspicion)
    assert found.technique in typosquat.TECHNIQUES
    assert "requests" in found.detail
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.target = "x"  # type: ignore[misc]


# -- homoglyphs: the raw spelling matters ---------------------------------------------------------
@pytest.mark.parametrize(
    "name, target",
    [
        ("jeIlyfish", "jellyfish"),  # capital I for l
        ("reqυests", "requests"),  # Greek upsilon
        ("rеquests", "requests"),  # Cyrillic ie
        ("b0to3", "boto3"),  # zero for o
        ("ur1lib3", "urllib3"),  # one for l
        ("rnatplotlib", "matplotlib"),  # rn for m
        ("fIask", "flask"),
    ],
)
def test_homoglyphs(name, target):
    assert flagged(name) == (target, "homoglyph")


def test_homoglyph_negatives():
    assert check("jellyfish") is None
    assert check("JellyFish") is None  # case alone is the same name
    lower = check("jeilyfish")  # no look-alike character: at most an ordinary typo
    assert lower is None or lower.technique != "homoglyph"
    assert check("IPython") is None  # a capital I in a popular name itself


# -- separators and case ---------------------------------------------------------------------------
def test_separator_games():
    assert flagged("py-yaml") == ("pyyaml", "separator")
    assert flagged("setup-tools") == ("setuptools", "separator")
    assert flagged("nmap-python", popular=["python-nmap"]) == (
        "python-nmap",
        "separator",
    )  # word order


@pytest.mark.parametrize(
    "name",
    ["PyYAML", "pyyaml", "python_dateutil", "Python.DateUtil", "typing_extensions"],
)
def test_case_and_separator_runs_are_the_name_itself(name):
    assert check(name) is None


# -- affixes ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name, target",
    [
        ("python3-dateutil", "python-dateutil"),
        ("pythonkafka", "kafka-python"),
        ("python-openssl", "pyopenssl"),
        ("python-mongo", "pymongo"),
        ("requests-py", "requests"),
        ("pyrequests", "requests"),
    ],
)
def test_affixes(name, target):
    assert flagged(name) == (target, "affix")


def test_affix_negatives():
    assert check("python-dateutil") is None
    assert check("pyopenssl") is None
    # a core shorter than four letters is not compared: `py` + `jwt` is not pyjwt's affix game
    assert flagged("jwt-py", popular=["pyjwt"]) is None


# -- digits ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name, target",
    [
        ("requests2", "requests"),
        ("boto4", "boto3"),
        ("urllib", "urllib3"),
        ("numpy1", "numpy"),
        ("s4transfer", "s3transfer"),
    ],
)
def test_digits(name, target):
    assert flagged(name) == (target, "digit")


def test_digit_negatives():
    assert check("boto3") is None
    assert check("boto") is None  # both popular: neither is flagged
    assert check("urllib3") is None


# -- edit distance, transpositions, keyboard slips -------------------------------------------------
@pytest.mark.parametrize(
    "name, target, technique",
    [
        ("reqeusts", "requests", "transposition"),
        ("flsak", "flask", "transposition"),
        ("requezts", "requests", "keyboard"),
        ("numoy", "numpy", "keyboard"),
        ("colurama", "colorama", "edit-distance"),
        ("requestss", "requests", "edit-distance"),
        (
            "matlibplot",
            "matplotlib",
            "transposition",
        ),  # the same letters in another order
        ("importlibs-resource", "importlib-resources", "edit-distance"),  # plural games
        (
            "beautifulsoop",
            "beautifulsoup4",
            "edit-distance",
        ),  # a typo of the name without its number
    ],
)
def test_edits(name, target, technique):
    assert flagged(name) == (target, technique)


def test_second_edit_only_for_long_names_and_only_with_a_slip():
    popular = ["matplotlib", "pandas"]
    # 10 letters, two neighbouring-key slips (a -> s, i -> k): flagged
    assert flagged("mstplotlkb", popular=popular) == ("matplotlib", "keyboard")
    # 10 letters, two edits that are no slips: not flagged
    assert flagged("mxtplotlzb", popular=popular) is None
    # 6 letters: one edit only, even with two slips
    assert flagged("pamdss", popular=popular) is None
    # max_distance=0 turns edit distance off
    assert flagged("pandsa", popular=popular, max_distance=0) is None
    assert flagged("pandsa", popular=popular) == ("pandas", "transposition")


def test_short_targets_are_not_edit_measured():
    assert flagged("sux", popular=["six"]) is None
    assert flagged("pipp", popular=["pip"]) is None


# -- combosquats and the ecosystem families ------------------------------------------------------------
@pytest.mark.parametrize(
    "name, target",
    [
        ("requests-toolbelt2", "requests-toolbelt"),
        ("urllib3-secure", "urllib3"),
        ("urllib3installer", "urllib3"),
        ("httpx-faster", "httpx"),
        ("requests-pandas", "requests"),
        ("requests-2", "requests"),
    ],
)
def test_combosquats(name, target):
    assert flagged(name) == (target, "combosquat")


@pytest.mark.parametrize(
    "name",
    [
        "requests-oauthlib",
        "requests-toolbelt",
        "types-requests",
        "botocore-stubs",
        "django-environ",
        "ruamel.yaml",
        "flask-requests",  # <family>-<popular>: the ecosystem's plugin naming
        "pytest-secure",  # <family>-<word>
        "numpy-quaternion",  # <popular>-<ordinary word>: not a combosquat by itself
    ],
)
def test_family_names_are_not_combosquats(name):
    found = check(name)
    assert found is None or found.technique != "combosquat"


# -- never flagged ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name",
    [
        "botocore",
        "boto3",
        "requests-oauthlib",
        "ruamel.yaml",
        "pyyaml",
        "pyaml",
        "django-environ",
        "requests",
    ],
)
def test_popular_names_are_never_flagged(name):
    assert check(name) is None


def test_a_name_in_the_given_popular_list_is_never_flagged():
    assert check("requestz", popular=["requests", "requestz"]) is None
    assert flagged("requestz", popular=["requests"]) == ("requests", "keyboard")


def test_empty_and_blank_names():
    assert check("") is None
    assert check("   ") is None


# -- the project's own dependencies ----------------------------------------------------------------------
def test_project_dependency_typo():
    project = ["acme-billing-core", "acme-auth", "requests"]
    assert flagged("acme-billing-cor", project=project) == (
        "acme-billing-core",
        "project-dependency",
    )
    assert flagged("acme-auht", project=project) == ("acme-auth", "project-dependency")
    assert check("acme-billing-core", project=project) is None  # the dependency itself
    assert check("acme-invoices", project=project) is None  # far from every dependency


def test_project_dependency_skips_very_short_names():
    assert check("abd", project=["abc"]) is None


def test_popular_target_wins_over_project_dependency():
    found = check("reqeusts", project=["requests"])
    assert (found.target, found.technique) == ("requests", "transposition")


# -- the labelled evaluation set -------------------------------------------------------------------------
def _rows() -> list[tuple[str, str, str, str]]:
    rows = []
    for line in LABELLED.read_text(encoding="utf-8").splitlines():
        if line.startswith(("#", "label\t")) or not line.strip():
            continue
        label, name, target, source = line.split("\t")
        rows.append((label, name, target, source))
    return rows


def test_labelled_set_shape():
    rows = _rows()
    squats = [r for r in rows if r[0] == "squat"]
    legit = [r for r in rows if r[0] == "legit"]
    assert len(squats) >= 150 and all(r[3] for r in squats)
    assert len(legit) >= 300
    assert {r[0] for r in rows} <= {"squat", "squat-synthetic", "legit"}
    assert len({typosquat.normalize(r[1]) for r in squats + legit}) == len(
        squats
    ) + len(legit)


def test_no_legit_name_of_the_labelled_set_is_flagged():
    assert [
        name
        for label, name, _, _ in _rows()
        if label == "legit" and check(name) is not None
    ] == []


def test_synthetic_homoglyphs_are_all_flagged():
    rows = [
        (name, target)
        for label, name, target, _ in _rows()
        if label == "squat-synthetic"
    ]
    assert rows
    for name, target in rows:
        assert flagged(name) == (target, "homoglyph"), name


def test_recall_on_reported_squats_does_not_regress():
    squats = [name for label, name, _, _ in _rows() if label == "squat"]
    recall = sum(check(name) is not None for name in squats) / len(squats)
    assert recall >= 0.70  # measured 0.717 (docs/typosquat-evaluation.md)
