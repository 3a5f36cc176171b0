"""The standard-library name tables SW204 asks, read from the shipped data file: no interpreter
other than the one running the tests, no typeshed and no generator are needed."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from importlib import resources

import pytest

from stagewarden.stdlib_symbols import (
    VERSIONS,
    has_module,
    has_name,
    versions_with_name,
)

DATA = resources.files("stagewarden") / "data" / "stdlib_symbols.json.gz"
ALL = set(VERSIONS)


def answers(module: str, name: str) -> dict[str, bool | None]:
    return {version: has_name(module, name, version) for version in VERSIONS}


def test_versions_are_the_stdlib_modules_ones():
    from stagewarden import stdlib

    assert VERSIONS == stdlib.VERSIONS == ("3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14")


@pytest.mark.parametrize(
    "module, name",
    [
        ("os", "walk"),
        ("os", "startfile"),  # Windows only: from typeshed
        ("signal", "CTRL_C_EVENT"),  # Windows only
        ("time", "tzset"),  # not on Windows
        ("os.path", "join"),
        ("xml.etree.ElementTree", "parse"),
        ("importlib", "metadata"),  # a submodule is a name of its package
        ("collections", "abc"),
    ],
)
def test_names_that_exist_on_every_version(module, name):
    assert set(versions_with_name(module, name)) == ALL


def test_a_name_no_version_has_is_false_everywhere():
    assert set(answers("os", "walkdir").values()) == {False}


@pytest.mark.parametrize(
    "module, name, first",
    [
        ("typing", "override", "3.12"),
        ("datetime", "UTC", "3.11"),
        ("asyncio", "timeout", "3.11"),
    ],
)
def test_names_added_in_a_version(module, name, first):
    index = VERSIONS.index(first)
    assert answers(module, name) == {v: VERSIONS.index(v) >= index for v in VERSIONS}
    assert versions_with_name(module, name) == VERSIONS[index:]


def test_a_name_removed_in_3_10():
    assert answers("collections", "Mapping") == {v: v in {"3.8", "3.9"} for v in VERSIONS}


@pytest.mark.parametrize(
    "module, name, first",
    [
        ("functools", "cache", "3.9"),
        ("math", "lcm", "3.9"),
        ("typing", "Annotated", "3.9"),
        ("typing", "TypeAlias", "3.10"),
        ("typing", "ParamSpec", "3.10"),
        ("typing", "TypeGuard", "3.10"),
        ("itertools", "pairwise", "3.10"),
        ("dataclasses", "KW_ONLY", "3.10"),
        ("builtins", "anext", "3.10"),
    ],
)
def test_names_added_in_3_9_and_3_10(module, name, first):
    """typeshed's stubs no longer model 3.8 and 3.9 and claim these there; the runtimes date them."""
    index = VERSIONS.index(first)
    assert answers(module, name) == {v: VERSIONS.index(v) >= index for v in VERSIONS}


@pytest.mark.parametrize(
    "module, name",
    [
        ("os", "startfile"),
        ("signal", "CTRL_C_EVENT"),
        ("subprocess", "STARTUPINFO"),
        ("ctypes", "WinDLL"),
        ("select", "kqueue"),  # macOS and BSD
    ],
)
def test_other_platforms_names_stay_on_versions_typeshed_no_longer_models(module, name):
    """No Linux runtime has them, so nothing dates them: dropping them would be a false finding."""
    assert has_name(module, name, "3.8") is True
    assert has_name(module, name, "3.9") is True


def test_modules_added_in_3_9_are_not_on_3_8():
    assert has_module("zoneinfo", "3.8") in (None, False)
    assert has_module("graphlib", "3.8") in (None, False)
    assert has_module("zoneinfo", "3.9") is True
    assert has_module("graphlib", "3.9") is True
    assert has_module("msvcrt", "3.8") is True  # Windows only: from typeshed
    assert has_module("winreg", "3.9") is True


def test_modules():
    assert has_module("importlib.metadata", "3.8") is True
    assert has_module("os.path", "3.12") is True
    assert has_module("tomllib", "3.11") is True
    assert has_module("tomllib", "3.10") in (None, False)
    assert has_module("asyncio.timeouts", "3.10") is False  # asyncio was listed: it is not there
    assert has_module("asyncio.timeouts", "3.11") is True
    assert has_module("os.walk", "3.12") is False


@pytest.mark.parametrize(
    "module, name, version",
    [
        ("os", "_exit", "3.12"),  # underscore names are never judged
        ("os", "__file__", "3.12"),
        ("no_such_module", "anything", "3.12"),
        ("os", "walkdir", "2.7"),
        ("os", "walkdir", "3.15"),
        ("os", "O_NO_SUCH_FLAG", "3.12"),  # build-dependent constants
        ("asyncio.timeouts", "timeout", "3.10"),  # the module itself is missing: not this question
        ("os", "path.join", "3.12"),
    ],
)
def test_unknown_is_none(module, name, version):
    assert has_name(module, name, version) is None


def test_unknown_versions_and_modules():
    assert has_module("os", "2.7") is None
    assert has_module("no_such_module", "3.12") is None
    assert versions_with_name("no_such_module", "x") == ()


def test_a_dynamic_module_answers_none_for_what_it_does_not_list():
    """concurrent.futures has a module __getattr__ (its executors load lazily): a name it does
    not list may still be served, while one it lists is known."""
    dynamic = json.loads(gzip.decompress(DATA.read_bytes()))["dynamic"]
    assert "concurrent.futures" in dynamic
    assert has_name("concurrent.futures", "NoSuchExecutor", "3.12") is None
    assert has_name("concurrent.futures", "ThreadPoolExecutor", "3.12") is True


def test_the_data_file_has_the_documented_structure_and_is_canonical():
    raw = DATA.read_bytes()
    data = json.loads(gzip.decompress(raw))
    assert set(data) == {"format", "versions", "modules", "dynamic", "names"}
    assert data["format"] == 1 and tuple(data["versions"]) == VERSIONS

    def versions(key: str, star: set[str]) -> set[str]:
        found = star if key == "*" else set(key.split(","))
        assert found and found <= star and key == ("*" if found == star else ",".join(v for v in VERSIONS if v in found))
        return found

    lifetimes = {module: versions(key, ALL) for module, key in data["modules"].items()}
    assert all(not part.startswith("_") for module in lifetimes for part in module.split("."))
    for module, key in data["dynamic"].items():
        versions(key, lifetimes[module])
    for module, groups in data["names"].items():
        seen = [name for key, names in groups.items() if versions(key, lifetimes[module]) for name in names]
        assert all(names == sorted(names) for names in groups.values())
        assert len(seen) == len(set(seen)) and not any(name.startswith("_") for name in seen)
    # the bytes the generator writes: sorted compact JSON, gzip level 9 with mtime 0
    text = json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
    assert gzip.compress(text, compresslevel=9, mtime=0) == raw


def test_lookups_need_only_the_shipped_file(tmp_path):
    """No pyenv, typeshed or generator at test or run time: a bare environment answers, and
    the lookup imports nothing that could spawn or parse anything."""
    code = (
        "import sys\n"
        "from stagewarden.stdlib_symbols import has_name\n"
        "assert has_name('typing', 'override', '3.12') is True\n"
        "assert not {'subprocess', 'ast', 'pkgutil'} & set(sys.modules), sorted(sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env={"PATH": ""}, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
