"""The project's target Python versions: read from requires-python, passed to rules, and part
of the cache key; SW205 through the command line."""

from __future__ import annotations

import sys

import pytest

from helpers import write

from stagewarden.project import ProjectContext, load_project
from stagewarden.stdlib import is_stdlib, versions_with

RUNNING = (f"{sys.version_info[0]}.{sys.version_info[1]}",)


@pytest.mark.parametrize(
    "spec, expected",
    [
        (">=3.9", ("3.9", "3.10", "3.11", "3.12", "3.13", "3.14")),
        (">=3.9.2", ("3.9", "3.10", "3.11", "3.12", "3.13", "3.14")),
        (">=3.8,<3.11", ("3.8", "3.9", "3.10")),
        ("~=3.10", ("3.10", "3.11", "3.12", "3.13", "3.14")),
        ("==3.12.*", ("3.12",)),
        (">3.11", ("3.11", "3.12", "3.13", "3.14")),  # 3.11.1 and later satisfy it
        ("<3.10", ("3.8", "3.9")),
    ],
)
def test_requires_python_gives_the_target_versions(tmp_path, spec, expected):
    write(tmp_path, "pyproject.toml", f'[project]\nname = "x"\nrequires-python = "{spec}"\n')
    assert load_project(tmp_path) == ProjectContext(expected)


@pytest.mark.parametrize(
    "text",
    [
        None,  # no pyproject.toml
        "[tool.other]\nx = 1\n",  # no [project]
        '[project]\nname = "x"\n',  # no requires-python
        '[project]\nrequires-python = "not a spec"\n',
        "[project]\nrequires-python = 39\n",
        '[project]\nrequires-python = ">=4"\n',  # satisfied by no known version
        "[project\nbroken toml",
    ],
)
def test_without_a_usable_requires_python_the_running_python_is_the_target(tmp_path, text):
    if text is not None:
        write(tmp_path, "pyproject.toml", text)
    assert load_project(tmp_path) == ProjectContext(RUNNING)


def test_stdlib_data():
    assert is_stdlib("tomllib", "3.11") and not is_stdlib("tomllib", "3.10")
    assert is_stdlib("distutils", "3.11") and not is_stdlib("distutils", "3.12")
    assert versions_with("json") == {"3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14"}
    assert versions_with("telnetlib") == {"3.8", "3.9", "3.10", "3.11", "3.12"}
    assert versions_with("requests") == set()
    assert is_stdlib("__future__", "3.8") and not is_stdlib("_sre", "3.12")


GUARDED = "try:\n    import tomllib\nexcept ImportError:\n    import tomli as tomllib\n"


def test_check_reports_tomllib_for_a_project_on_39(sw, tmp_path):
    write(tmp_path, "pyproject.toml", '[project]\nname = "x"\nrequires-python = ">=3.9"\n')
    write(tmp_path, "a.py", "import tomllib\n")
    write(tmp_path, "b.py", GUARDED)
    result = sw(tmp_path, "check", "a.py", "b.py", "--select", "imports")
    assert result.code == 1, result
    assert "a.py:1:8: SW205" in result.out
    assert "tomllib is not in the standard library before Python 3.11 (the project supports 3.9)" in result.out
    assert "b.py" not in result.out


def test_changing_requires_python_changes_the_cached_result(sw, tmp_path):
    write(tmp_path, "a.py", "import tomllib\n")
    write(tmp_path, "pyproject.toml", '[project]\nname = "x"\nrequires-python = ">=3.9"\n')
    assert "SW205" in sw(tmp_path, "check", "a.py", "--select", "imports").out
    write(tmp_path, "pyproject.toml", '[project]\nname = "x"\nrequires-python = ">=3.11"\n')
    result = sw(tmp_path, "check", "a.py", "--select", "imports")
    assert result.code == 0 and "SW205" not in result.out, result
    write(tmp_path, "pyproject.toml", '[project]\nname = "x"\nrequires-python = ">=3.10"\n')
    assert "SW205" in sw(tmp_path, "check", "a.py", "--select", "imports").out


def test_the_option_overrides_the_project(sw, tmp_path):
    write(tmp_path, "pyproject.toml",
          '[project]\nname = "x"\nrequires-python = ">=3.11"\n\n'
          '[tool.stagewarden.rules.SW205]\ntarget-versions = ["3.9", "3.12"]\n')
    write(tmp_path, "a.py", "import tomllib\n")
    assert "SW205" in sw(tmp_path, "check", "a.py", "--select", "imports").out
