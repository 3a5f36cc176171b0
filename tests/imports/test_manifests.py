"""Declared dependencies read statically from every kind of manifest."""

from __future__ import annotations

from helpers import write

from stagewarden.manifests import read_declared, requirement_name


def names(tmp_path) -> set[str]:
    return set(read_declared(tmp_path, tmp_path).names)


def test_requirement_names():
    assert requirement_name("Requests[socks]>=2.0; python_version < '4'") == "requests"
    assert requirement_name("zope.interface==6") == "zope-interface"
    assert requirement_name("name @ https://example.invalid/x.whl") == "name"
    assert requirement_name("git+https://example.invalid/repo.git#egg=My_Pkg") == "my-pkg"
    assert requirement_name("https://example.invalid/x.whl") is None
    assert requirement_name("./local/path") is None


def test_pyproject_tables(tmp_path):
    write(tmp_path, "pyproject.toml", """
[build-system]
requires = ["setuptools>=77", "wheel"]
[project]
name = "demo"
dependencies = ["requests>=2", "PyYAML"]
[project.optional-dependencies]
cli = ["rich"]
[dependency-groups]
test = ["pytest>=8", {include-group = "lint"}]
lint = ["ruff"]
[tool.poetry.dependencies]
python = "^3.9"
httpx = "^0.27"
[tool.poetry.group.docs.dependencies]
mkdocs = "*"
[tool.poetry.dev-dependencies]
black = "*"
[tool.pdm.dev-dependencies]
dev = ["mypy"]
[tool.uv]
dev-dependencies = ["coverage"]
""")
    assert names(tmp_path) == {"setuptools", "wheel", "requests", "pyyaml", "rich", "pytest", "ruff", "httpx",
                               "mkdocs", "black", "mypy", "coverage"}
    declared = read_declared(tmp_path, tmp_path)
    assert declared.complete and declared.sources == ["pyproject.toml"]


def test_requirements_files_with_includes_hashes_and_options(tmp_path):
    write(tmp_path, "requirements.txt", "-r requirements/base.txt\n-c constraints.txt\n--index-url https://example.invalid/simple\n"
          "flask==3.0 \\\n    --hash=sha256:abc  # pinned\n-e git+https://example.invalid/r.git#egg=editable_pkg\n")
    write(tmp_path, "requirements/base.txt", "numpy>=1.26; python_version >= '3.9'\n# comment\n\n-r ../requirements.txt\n")
    write(tmp_path, "constraints.txt", "urllib3<3\n")
    write(tmp_path, "dev-requirements.txt", "pytest\n")
    assert names(tmp_path) == {"flask", "editable-pkg", "numpy", "pytest"}


def test_setup_cfg_setup_py_pipfile_and_tox(tmp_path):
    write(tmp_path, "setup.cfg", "[options]\ninstall_requires =\n    click>=8\n    attrs\n[options.extras_require]\nyaml = PyYAML\n")
    write(tmp_path, "setup.py", "from setuptools import setup\nREQS = ['six']\nsetup(install_requires=REQS, extras_require={'x': ['toml']})\n")
    write(tmp_path, "Pipfile", '[packages]\nrequests = "*"\n[dev-packages]\npytest = "*"\n')
    write(tmp_path, "tox.ini", "[testenv]\ndeps =\n    hypothesis\n    -rrequirements-test.txt\n")
    write(tmp_path, "requirements-test.txt", "freezegun\n")
    assert names(tmp_path) >= {"click", "attrs", "pyyaml", "six", "toml", "requests", "pytest", "hypothesis", "freezegun"}


def test_computed_declarations_are_incomplete(tmp_path):
    write(tmp_path, "setup.py", "from setuptools import setup\nsetup(install_requires=read_requirements())\n")
    assert not read_declared(tmp_path, tmp_path).complete


def test_dynamic_dependencies_read_from_their_files(tmp_path):
    write(tmp_path, "pyproject.toml", '[project]\nname = "d"\ndynamic = ["dependencies"]\n'
          '[tool.setuptools.dynamic]\ndependencies = {file = ["deps/main.txt"]}\n')
    write(tmp_path, "deps/main.txt", "attrs\n")
    declared = read_declared(tmp_path, tmp_path)
    assert declared.complete and declared.names == {"attrs"}
    write(tmp_path, "pyproject.toml", '[project]\nname = "d"\ndynamic = ["dependencies"]\n')
    assert not read_declared(tmp_path, tmp_path).complete


def test_broken_and_missing_files_lose_nothing(tmp_path):
    write(tmp_path, "pyproject.toml", "[project\nname = ")
    write(tmp_path, "requirements.txt", "-r missing.txt\nrequests\n")
    declared = read_declared(tmp_path, tmp_path)
    assert declared.names == {"requests"}
    assert not declared.complete and any("pyproject.toml" in p for p in declared.problems)
    assert any("missing.txt" in p for p in declared.problems)


def test_no_manifest_declares_nothing(tmp_path):
    write(tmp_path, "pyproject.toml", "[tool.black]\nline-length = 100\n")
    assert not read_declared(tmp_path, tmp_path).found
