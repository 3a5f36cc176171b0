"""Dependency manifests parsed from text in memory: every format, every entry kind, and
input that must never raise."""

from __future__ import annotations

import json
import random
import sys

import pytest
from packaging.specifiers import SpecifierSet

from stagewarden.dependency_manifests import MAX_TEXT_BYTES, Manifest, manifest_kind, parse_manifest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

COMMIT = "0123456789abcdef0123456789abcdef01234567"
COMMIT64 = "0123456789abcdef" * 4


def only(manifest: Manifest):
    assert len(manifest.requirements) == 1, (manifest.requirements, manifest.problems)
    return manifest.requirements[0]


def named(manifest: Manifest, name: str, group: str | None = None):
    found = [r for r in manifest.requirements if r.name == name and (group is None or r.group == group)]
    assert len(found) == 1, (name, manifest.requirements, manifest.problems)
    return found[0]


def fields(requirement, expected: dict) -> dict:
    return {key: getattr(requirement, key) for key in expected}


# -- kinds ---------------------------------------------------------------------------------

@pytest.mark.parametrize("path, kind", [
    ("pyproject.toml", "pyproject"),
    ("sub/pkg/pyproject.toml", "pyproject"),
    ("requirements.txt", "requirements"),
    ("dev-requirements.in", "requirements"),
    ("requirements-test.txt", "requirements"),
    ("requirements/base.txt", "requirements"),
    ("requirements/ci/py312.in", "requirements"),
    ("constraints.txt", "requirements"),
    ("ci/pip-constraints.txt", "requirements"),
    ("setup.cfg", "setup.cfg"),
    ("Pipfile", "pipfile"),
    ("uv.lock", "uv.lock"),
    ("poetry.lock", "poetry.lock"),
    ("pylock.toml", "pylock"),
    ("pylock.dev.toml", "pylock"),
    ("Pipfile.lock", "pipfile.lock"), ("pdm.lock", "pdm.lock"),
    ("pylock.a.b.toml", None),
    ("docs/readme.txt", None),
    ("requirements.pip", None),
    ("setup.py", None),
    ("pyproject.toml.orig", None),
])
def test_manifest_kind(path, kind):
    assert manifest_kind(path) == kind


def test_unknown_path_is_a_problem_not_an_exception():
    manifest = parse_manifest("README.md", "requests\n")
    assert manifest.requirements == [] and manifest.problems == ["not a dependency manifest"]


# -- pyproject.toml: PEP 621, PEP 735, build-system ------------------------------------------

PYPROJECT = """\
[build-system]
requires = ["setuptools>=77", "setuptools-scm[toml]>=8"]

[project]
name = "demo"
dependencies = [
    "requests>=2.31",
    "click",
    'tomli>=1.1; python_version < "3.11"',
]

[project.optional-dependencies]
cli = ["rich>=13"]
docs = [
  "click",
]

[dependency-groups]
lint = ["ruff>=0.5"]
test = ["pytest>=8", {include-group = "lint"}]
"""


@pytest.mark.parametrize("name, group, expected", [
    ("requests", "", {"line": 7, "specifier": ">=2.31", "kind": "direct", "text": "requests>=2.31"}),
    ("click", "", {"line": 8, "specifier": ""}),
    ("tomli", "", {"line": 9, "marker": 'python_version < "3.11"'}),
    ("rich", "cli", {"line": 13}),
    ("click", "docs", {"line": 15}),  # the same text as line 8, found after its own header
    ("setuptools", "build-system", {"line": 2, "specifier": ">=77"}),
    ("setuptools-scm", "build-system", {"extras": ("toml",), "raw_name": "setuptools-scm"}),
    ("ruff", "lint", {"line": 19}),
    ("pytest", "test", {"line": 20}),
    ("ruff", "test", {"line": 19}),  # included from lint, where it is written
])
def test_pyproject_standard_tables(name, group, expected):
    manifest = parse_manifest("pyproject.toml", PYPROJECT)
    assert fields(named(manifest, name, group), expected) == expected
    assert manifest.problems == []


@pytest.mark.parametrize("groups, problem", [
    ('a = [{include-group = "b"}]\nb = ["x", {include-group = "a"}]', "include cycle"),
    ('a = ["x", {include-group = "a"}]', "include cycle a -> a"),
    ('a = ["x", {include-group = "missing"}]', "includes unknown group 'missing'"),
    ('a = ["x", {include-group = 3}]', "neither a requirement nor an include-group"),
])
def test_dependency_group_include_problems(groups, problem):
    manifest = parse_manifest("pyproject.toml", "[dependency-groups]\n" + groups + "\n")
    assert any(problem in text for text in manifest.problems), manifest.problems
    assert "x" in {r.name for r in manifest.requirements}


def test_dependency_group_names_compare_normalized():
    manifest = parse_manifest("pyproject.toml", '[dependency-groups]\nTest_Tools = ["x"]\nci = [{include-group = "test-tools"}]\n')
    assert named(manifest, "x", "ci").line == 2 and manifest.problems == []


def test_invalid_pep508_string_is_a_problem_with_its_line():
    manifest = parse_manifest("pyproject.toml", '[project]\nname = "d"\ndependencies = [\n  "ok",\n  "foo>>1",\n]\n')
    assert [r.name for r in manifest.requirements] == ["ok"]
    assert len(manifest.problems) == 1 and manifest.problems[0].startswith("line 5: invalid requirement 'foo>>1' (")


def test_homoglyph_spelling_is_kept_in_raw_name():
    requirement = only(parse_manifest("pyproject.toml", '[project]\ndependencies = ["jeIlyfish==0.7"]\n'))
    assert (requirement.name, requirement.raw_name, requirement.version) == ("jeilyfish", "jeIlyfish", "0.7")


# -- pyproject.toml: Poetry ----------------------------------------------------------------

@pytest.mark.parametrize("constraint, specifier, version", [
    ("^1.2.3", ">=1.2.3,<2.0.0", None),
    ("^0.2.3", ">=0.2.3,<0.3.0", None),
    ("^0.0.3", ">=0.0.3,<0.0.4", None),
    ("^1.2", ">=1.2,<2.0", None),
    ("^0", ">=0,<1", None),
    ("~1.2.3", ">=1.2.3,<1.3.0", None),
    ("~1.2", ">=1.2,<1.3", None),
    ("~1", ">=1,<2", None),
    ("~=1.4", "~=1.4", None),
    ("1.2.3", "==1.2.3", "1.2.3"),
    ("==1.2.3", "==1.2.3", "1.2.3"),
    ("1.2.*", "==1.2.*", None),
    ("*", "", None),
    (">=1,<2", ">=1,<2", None),
    (">= 1.2, < 1.5", ">=1.2,<1.5", None),
    (">=1.2 <1.5", ">=1.2,<1.5", None),
    ("!=1.5", "!=1.5", None),
])
def test_poetry_constraints_become_pep440(constraint, specifier, version):
    requirement = only(parse_manifest("pyproject.toml", f'[tool.poetry.dependencies]\npython = "^3.9"\nhttpx = "{constraint}"\n'))
    assert SpecifierSet(requirement.specifier) == SpecifierSet(specifier)
    assert requirement.version == version and requirement.line == 3 and requirement.text == f'httpx = "{constraint}"'


@pytest.mark.parametrize("value", ['"^1 || ^2"', '"^x.y"', '">=1,,"', "2.0", '{version = 2}'])
def test_poetry_constraint_that_cannot_be_read_is_a_problem(value):
    manifest = parse_manifest("pyproject.toml", f"[tool.poetry.dependencies]\nhttpx = {value}\n")
    assert manifest.requirements == [] and len(manifest.problems) == 1
    assert "tool.poetry.dependencies.httpx" in manifest.problems[0] and manifest.problems[0].startswith("line 2: ")


POETRY = f"""\
[tool.poetry]
name = "demo"

[tool.poetry.dependencies]
python = "^3.9"
pinned-git = {{git = "https://github.com/org/pinned.git", rev = "{COMMIT}"}}
tagged-git = {{git = "git@github.com:org/tagged.git", tag = "v1.0"}}
branch-git = {{git = "https://github.com/org/branch.git", branch = "main"}}
local = {{path = "../local", develop = true}}
archive = {{url = "https://example.com/archive-1.0.tar.gz"}}
socks = {{version = "^2.0", extras = ["socks", "http2"]}}
linux-only = {{version = "^1.0", markers = "sys_platform == 'linux'"}}
py38 = {{version = "^1.0", python = "^3.8"}}
private = {{version = "^1.0", source = "corp"}}
maybe = {{version = "^1.0", optional = true}}
split = [
    {{version = "<=1.9", python = ">=3.6,<3.8"}},
    {{version = "^2.0", python = ">=3.8"}},
]

[tool.poetry.dev-dependencies]
black = "^24"

[tool.poetry.group.docs.dependencies]
mkdocs = "*"

[[tool.poetry.source]]
name = "corp"
url = "https://pypi.corp.example/simple"
priority = "explicit"
"""


@pytest.mark.parametrize("name, expected", [
    ("pinned-git", {"source": "vcs", "source_pinned": True, "url": f"git+https://github.com/org/pinned.git@{COMMIT}"}),
    ("tagged-git", {"source": "vcs", "source_pinned": False, "url": "git+git@github.com:org/tagged.git@v1.0"}),
    ("branch-git", {"source": "vcs", "source_pinned": False}),
    ("local", {"source": "path", "url": "../local", "editable": True, "source_pinned": True}),
    ("archive", {"source": "url", "url": "https://example.com/archive-1.0.tar.gz", "source_pinned": False}),
    ("socks", {"extras": ("http2", "socks"), "source": ""}),
    ("linux-only", {"marker": 'sys_platform == "linux"'}),
    ("private", {"index": "https://pypi.corp.example/simple"}),
    ("maybe", {"group": "", "line": 15}),
    ("black", {"group": "dev"}),
    ("mkdocs", {"group": "docs", "specifier": ""}),
])
def test_poetry_tables(name, expected):
    manifest = parse_manifest("pyproject.toml", POETRY)
    assert fields(named(manifest, name), expected) == expected
    assert "python" not in {r.name for r in manifest.requirements}


def test_poetry_python_constraint_becomes_a_marker():
    marker = named(parse_manifest("pyproject.toml", POETRY), "py38").marker
    assert 'python_version >= "3.8"' in marker and 'python_version < "4.0"' in marker


def test_poetry_list_of_constraints_gives_one_requirement_each():
    split = [r for r in parse_manifest("pyproject.toml", POETRY).requirements if r.name == "split"]
    assert [SpecifierSet(r.specifier) for r in split] == [SpecifierSet("<=1.9"), SpecifierSet(">=2.0,<3.0")]
    assert {r.line for r in split} == {16}


@pytest.mark.parametrize("settings, primary, explicit", [
    ('priority = "primary"', True, False),
    ('priority = "explicit"', False, True),
    ('priority = "supplemental"', False, False),
    ("default = true", True, False),
    ("secondary = true", False, False),
    ("", True, False),  # Poetry's default priority is primary
])
def test_poetry_sources(settings, primary, explicit):
    manifest = parse_manifest("pyproject.toml", f'[[tool.poetry.source]]\nname = "corp"\nurl = "https://corp.example/simple"\n{settings}\n')
    (index,) = manifest.indexes
    assert (index.option, index.url, index.line, index.primary, index.explicit) == (
        "tool.poetry.source", "https://corp.example/simple", 3, primary, explicit)


# -- pyproject.toml: uv and PDM --------------------------------------------------------------

UV = f"""\
[project]
name = "demo"
dependencies = ["lib-a", "lib-b", "lib-c", "Lib_D", "torch", "member", "plain"]

[tool.uv]
dev-dependencies = ["pytest>=8"]
index-strategy = "unsafe-best-match"

[tool.uv.sources]
lib-a = {{ git = "https://github.com/org/a", rev = "{COMMIT}" }}
lib-b = {{ git = "https://github.com/org/b", tag = "v1" }}
lib-c = {{ url = "https://example.com/lib_c-1.0.tar.gz" }}
lib-d = {{ path = "../lib-d", editable = true }}
torch = [
  {{ index = "pytorch-cu121", marker = "sys_platform == 'linux'" }},
  {{ index = "pytorch-cpu", marker = "sys_platform != 'linux'" }},
]
member = {{ workspace = true }}

[[tool.uv.index]]
name = "pytorch-cu121"
url = "https://download.pytorch.org/whl/cu121"
explicit = true

[[tool.uv.index]]
name = "corp"
url = "https://pypi.corp.example/simple"
default = true
"""


@pytest.mark.parametrize("name, expected", [
    ("lib-a", {"source": "vcs", "source_pinned": True, "url": f"git+https://github.com/org/a@{COMMIT}"}),
    ("lib-b", {"source": "vcs", "source_pinned": False, "url": "git+https://github.com/org/b@v1"}),
    ("lib-c", {"source": "url", "source_pinned": False}),
    ("lib-d", {"source": "path", "url": "../lib-d", "editable": True, "raw_name": "Lib_D"}),
    ("torch", {"source": "", "index": "https://download.pytorch.org/whl/cu121"}),
    ("member", {"source": "path", "url": "", "source_pinned": True}),
    ("plain", {"source": "", "url": "", "index": ""}),
    ("pytest", {"group": "dev", "line": 6}),
])
def test_uv_sources_apply_to_requirements_of_the_file(name, expected):
    manifest = parse_manifest("pyproject.toml", UV)
    assert fields(named(manifest, name), expected) == expected
    assert manifest.problems == []


def test_uv_indexes():
    manifest = parse_manifest("pyproject.toml", UV + '[tool.uv.pip]\n')
    assert [(i.option, i.url, i.line, i.primary, i.explicit, i.strategy) for i in manifest.indexes] == [
        ("tool.uv.index", "https://download.pytorch.org/whl/cu121", 22, False, True, "unsafe-best-match"),
        ("tool.uv.index", "https://pypi.corp.example/simple", 27, True, False, "unsafe-best-match"),
    ]


@pytest.mark.parametrize("settings, expected", [
    ('index-url = "https://mirror.example/simple"', [("tool.uv.index-url", "https://mirror.example/simple", True)]),
    ('extra-index-url = ["https://a.example/simple", "https://b.example/simple"]',
     [("tool.uv.extra-index-url", "https://a.example/simple", False),
      ("tool.uv.extra-index-url", "https://b.example/simple", False)]),
    ('find-links = ["https://example.com/wheels/"]', [("tool.uv.find-links", "https://example.com/wheels/", False)]),
    ("no-index = true", [("tool.uv.no-index", "", True)]),
    ('index-strategy = "unsafe-first-match"', [("tool.uv.index-strategy", "", False)]),
])
def test_uv_index_settings(settings, expected):
    manifest = parse_manifest("pyproject.toml", f"[tool.uv]\n{settings}\n")
    assert [(i.option, i.url, i.primary) for i in manifest.indexes] == expected
    assert all(i.line == 2 for i in manifest.indexes)


def test_uv_index_strategy_is_carried_by_every_uv_index():
    manifest = parse_manifest("pyproject.toml", '[tool.uv]\nindex-strategy = "unsafe-best-match"\n'
                                                'extra-index-url = ["https://a.example/simple"]\n')
    assert [(i.option, i.strategy) for i in manifest.indexes] == [("tool.uv.extra-index-url", "unsafe-best-match")]


def test_pdm_dev_dependencies():
    manifest = parse_manifest("pyproject.toml", '[tool.pdm.dev-dependencies]\ntest = ["pytest>=8", '
                                                '"-e file:///${PROJECT_ROOT}/plugins/foo#egg=foo-plugin"]\nlint = ["ruff"]\n')
    assert [(r.name, r.group, r.editable, r.source) for r in manifest.requirements] == [
        ("pytest", "test", False, ""), ("foo-plugin", "test", True, "path"), ("ruff", "lint", False, "")]


# -- requirements files ----------------------------------------------------------------------

@pytest.mark.parametrize("line, expected", [
    ("requests==2.31.0", {"name": "requests", "version": "2.31.0", "specifier": "==2.31.0", "source": ""}),
    ("requests==2.*", {"version": None}),
    ("attrs===21.1", {"version": "21.1"}),
    ("Django>=4,<5", {"specifier": "<5,>=4", "version": None}),
    ('importlib-metadata>=4; python_version < "3.10"', {"marker": 'python_version < "3.10"'}),
    ("jeIlyfish==1.0", {"name": "jeilyfish", "raw_name": "jeIlyfish"}),
    ("zope.interface", {"name": "zope-interface", "raw_name": "zope.interface"}),
    ("flask==3.0 --hash=sha256:aaa --hash sha256:bbb", {"hashes": ("sha256:aaa", "sha256:bbb"), "source_pinned": True}),
    ("pkg @ https://example.com/pkg-1.0.tar.gz#sha256=abc",
     {"source": "url", "source_pinned": True, "hashes": ("sha256:abc",), "url": "https://example.com/pkg-1.0.tar.gz#sha256=abc"}),
    ("pkg @ https://example.com/pkg-1.0.tar.gz", {"source": "url", "source_pinned": False, "hashes": ()}),
    ("pkg @ https://example.com/pkg-1.0.tar.gz --hash=sha256:abc", {"source": "url", "source_pinned": True}),
    (f"git+https://github.com/org/repo@{COMMIT}#egg=repo_pkg",
     {"name": "repo-pkg", "raw_name": "repo_pkg", "source": "vcs", "source_pinned": True}),
    ("git+https://github.com/org/repo@v1.2#egg=repo_pkg", {"source": "vcs", "source_pinned": False}),
    ("git+ssh://git@github.com/org/repo.git#egg=repo", {"source": "vcs", "source_pinned": False}),
    (f"repo @ git+https://github.com/org/repo@{COMMIT64}", {"source": "vcs", "source_pinned": True}),
    ("git+https://github.com/org/repo@main", {"name": "", "source": "vcs", "url": "git+https://github.com/org/repo@main"}),
    ("-e git+https://github.com/org/repo@main#egg=devpkg", {"name": "devpkg", "editable": True, "source": "vcs"}),
    ("--editable=./sub", {"name": "", "editable": True, "source": "path", "url": "./sub"}),
    ("-e .", {"editable": True, "source": "path", "url": "."}),
    (".", {"editable": False, "source": "path", "url": "."}),
    ("./pkg", {"source": "path", "url": "./pkg", "source_pinned": True}),
    ("../x", {"source": "path", "url": "../x"}),
    ("./pkg[extra1, extra2]", {"source": "path", "url": "./pkg", "extras": ("extra1", "extra2")}),
    ("file:///opt/wheels/demo-1.0-py3-none-any.whl", {"name": "demo", "version": "1.0", "source": "path"}),
    ("https://example.com/foo_bar-1.0-py3-none-any.whl",
     {"name": "foo-bar", "raw_name": "foo_bar", "version": "1.0", "source": "url", "source_pinned": False}),
    ("https://example.com/foo-bar-2.1.tar.gz", {"name": "foo-bar", "version": "2.1", "source": "url"}),
    ("./dist/pkg-0.1.zip", {"name": "pkg", "version": "0.1", "source": "path"}),
    ("https://example.com/foo-1.0-py3-none-any.whl; python_version >= '3.9'",
     {"name": "foo", "marker": 'python_version >= "3.9"', "url": "https://example.com/foo-1.0-py3-none-any.whl"}),
])
def test_requirement_lines(line, expected):
    requirement = only(parse_manifest("requirements.txt", "# header\n" + line + "\n"))
    assert fields(requirement, expected) == expected
    assert (requirement.line, requirement.text, requirement.kind, requirement.file) == (2, line, "direct", "requirements.txt")


@pytest.mark.parametrize("line, include", [
    ("-r base.txt", ("-r", "requirements/base.txt")),
    ("-rbase.txt", ("-r", "requirements/base.txt")),
    ("--requirement ../common.txt", ("-r", "common.txt")),
    ("--requirement=./sub/x.in", ("-r", "requirements/sub/x.in")),
    ("-c ../constraints.txt", ("-c", "constraints.txt")),
    ("--constraint=pins.txt", ("-c", "requirements/pins.txt")),
    ("-r ${BASE}/base.txt", ("-r", "requirements/${BASE}/base.txt")),
    ("-r https://example.com/reqs.txt", ("-r", "https://example.com/reqs.txt")),
])
def test_includes_resolve_against_the_including_folder(line, include):
    manifest = parse_manifest("requirements/dev.txt", line + "\n")
    assert manifest.includes == [include] and manifest.requirements == [] and manifest.problems == []


@pytest.mark.parametrize("line, expected", [
    ("-i https://mirror.example/simple", ("--index-url", "https://mirror.example/simple", True)),
    ("--index-url=https://${TOKEN}@pypi.corp/simple", ("--index-url", "https://${TOKEN}@pypi.corp/simple", True)),
    ("--extra-index-url https://extra.example/simple", ("--extra-index-url", "https://extra.example/simple", False)),
    ("-f https://example.com/wheels/", ("--find-links", "https://example.com/wheels/", False)),
    ("--find-links ./wheels", ("--find-links", "./wheels", False)),
    ("--no-index", ("--no-index", "", True)),
    ("--trusted-host pypi.corp", ("--trusted-host", "pypi.corp", False)),
])
def test_index_options(line, expected):
    manifest = parse_manifest("requirements.txt", "requests\n" + line + "\n")
    assert [(i.option, i.url, i.primary) for i in manifest.indexes] == [expected]
    assert manifest.indexes[0].line == 2 and len(manifest.requirements) == 1


@pytest.mark.parametrize("line", ["--pre", "--prefer-binary", "--only-binary :all:",
                                  "--require-hashes", "--use-feature=truststore"])
def test_other_options_are_ignored(line):
    manifest = parse_manifest("requirements.txt", line + "\nrequests\n")
    assert [r.name for r in manifest.requirements] == ["requests"]
    assert manifest.indexes == [] and manifest.includes == [] and manifest.problems == []


def test_comments_blank_lines_and_continuations():
    text = ("# a comment\n\nflask==3.0 \\\n    --hash=sha256:aaa \\\n    --hash=sha256:bbb  # pinned\n"
            "name @ https://example.com/x-1.0.tar.gz#sha256=abc  # not part of the URL\n"
            "   # indented comment \\\nafter-comment\n")
    manifest = parse_manifest("requirements.txt", text)
    assert [(r.name, r.line) for r in manifest.requirements] == [("flask", 3), ("name", 6), ("after-comment", 8)]
    assert manifest.requirements[0].hashes == ("sha256:aaa", "sha256:bbb")
    assert manifest.requirements[1].hashes == ("sha256:abc",)


def test_lines_split_as_pip_splits_them():
    """A form feed ends a line for pip: what follows a comment on the same editor line is a requirement."""
    manifest = parse_manifest("requirements.txt", "harmless  # note\x0cevil-pkg==1\nother\n")
    assert [(r.name, r.line) for r in manifest.requirements] == [("harmless", 1), ("evil-pkg", 1), ("other", 2)]


@pytest.mark.parametrize("path, kind", [("constraints.txt", "constraint"), ("requirements/pip-constraints.txt", "constraint"),
                                        ("requirements.txt", "direct")])
def test_constraints_files(path, kind):
    assert only(parse_manifest(path, "urllib3<3\n")).kind == kind


@pytest.mark.parametrize("text, problem", [
    ("ok\nfoo>>1\n", "line 2: invalid requirement 'foo>>1' ("),
    ("${PKG}\n", "line 1: invalid requirement '${PKG}' ("),
    ('ok\nfoo --hash="sha256:abc\n', "line 2: cannot read options"),
    ("foo --hash=abc\n", "line 1: invalid --hash 'abc'"),
    ("-r\n", "line 1: --requirement without a file"),
    ("https://example.com/x.whl; python_version >>> '3'\n", "line 1: invalid marker"),
])
def test_requirement_problems(text, problem):
    manifest = parse_manifest("requirements.txt", text)
    assert any(p.startswith(problem) for p in manifest.problems), manifest.problems


# -- setup.cfg -------------------------------------------------------------------------------

SETUP_CFG = """\
[metadata]
name = demo

[options]
install_requires =
    requests>=2
    importlib-metadata; python_version<"3.8"
setup_requires = setuptools_scm
tests_require =
    pytest

[options.extras_require]
yaml = PyYAML>=6
Dev =
    black
    # a comment
    requests[socks]
"""


@pytest.mark.parametrize("name, group, expected", [
    ("requests", "", {"line": 6, "specifier": ">=2"}),
    ("importlib-metadata", "", {"line": 7, "marker": 'python_version < "3.8"', "text": 'importlib-metadata; python_version<"3.8"'}),
    ("setuptools-scm", "setup_requires", {"line": 8}),
    ("pytest", "tests_require", {"line": 10}),
    ("pyyaml", "yaml", {"line": 13}),
    ("black", "Dev", {"line": 15}),
    ("requests", "Dev", {"line": 17, "extras": ("socks",)}),
])
def test_setup_cfg(name, group, expected):
    manifest = parse_manifest("setup.cfg", SETUP_CFG)
    assert fields(named(manifest, name, group), expected) == expected
    assert len(manifest.requirements) == 7 and manifest.problems == []


def test_setup_cfg_file_directive_is_an_include():
    manifest = parse_manifest("pkg/setup.cfg", "[options]\ninstall_requires = file: requirements.in, extra.txt\n")
    assert manifest.includes == [("-r", "pkg/requirements.in"), ("-r", "pkg/extra.txt")]


@pytest.mark.parametrize("text", ["install_requires = x\n", "[options]\ninstall_requires = a\ninstall_requires = b\n"])
def test_setup_cfg_that_configparser_rejects(text):
    manifest = parse_manifest("setup.cfg", text)
    assert manifest.requirements == [] and manifest.problems[0].startswith("invalid setup.cfg: ")


# -- Pipfile ---------------------------------------------------------------------------------

PIPFILE = f"""\
[[source]]
url = "https://pypi.org/simple"
verify_ssl = true
name = "pypi"

[[source]]
url = "https://pypi.corp.example/simple"
verify_ssl = true
name = "corp"

[packages]
requests = "*"
django = "==4.2.1"
internal = {{version = "*", index = "corp"}}
records = {{git = "https://github.com/kennethreitz/records.git", ref = "v0.5.0", editable = true}}
pinned = {{git = "https://github.com/org/pinned.git", ref = "{COMMIT}"}}
localpkg = {{path = "./localpkg", editable = true}}
pywinusb = {{version = "*", markers = "sys_platform == 'win32'"}}
httpx = {{version = ">=0.27", extras = ["http2"]}}

[dev-packages]
pytest = ">=8"
"""


@pytest.mark.parametrize("name, expected", [
    ("requests", {"specifier": "", "group": "", "line": 12, "text": 'requests = "*"'}),
    ("django", {"version": "4.2.1"}),
    ("internal", {"index": "https://pypi.corp.example/simple"}),
    ("records", {"source": "vcs", "source_pinned": False, "editable": True,
                 "url": "git+https://github.com/kennethreitz/records.git@v0.5.0"}),
    ("pinned", {"source": "vcs", "source_pinned": True}),
    ("localpkg", {"source": "path", "url": "./localpkg", "editable": True}),
    ("pywinusb", {"marker": 'sys_platform == "win32"'}),
    ("httpx", {"extras": ("http2",), "specifier": ">=0.27"}),
    ("pytest", {"group": "dev", "line": 22}),
])
def test_pipfile_packages(name, expected):
    manifest = parse_manifest("Pipfile", PIPFILE)
    assert fields(named(manifest, name), expected) == expected
    assert manifest.problems == []


def test_pipfile_sources_first_is_primary():
    manifest = parse_manifest("Pipfile", PIPFILE)
    assert [(i.option, i.url, i.line, i.primary) for i in manifest.indexes] == [
        ("pipfile.source", "https://pypi.org/simple", 2, True),
        ("pipfile.source", "https://pypi.corp.example/simple", 7, False)]


# -- lock files ------------------------------------------------------------------------------

UV_LOCK = f"""\
version = 1
requires-python = ">=3.12"

[[package]]
name = "certifi"
version = "2024.8.30"
source = {{ registry = "https://pypi.org/simple" }}
sdist = {{ url = "https://files.pythonhosted.org/packages/b0/ee/9b19140fe824b367c04c5e1b369942dd754c4c5462d5674002f75c4dedc1/certifi-2024.8.30.tar.gz", hash = "sha256:bec941d2aa8195e248a60b31ff9f0558284cf01a52591ceda73ea9afffd69fd9", size = 168507 }}
wheels = [
    {{ url = "https://files.pythonhosted.org/packages/12/90/3c9ff0512038035f59d279fddeb79f5f1eccd8859f06d6163c58798b9487/certifi-2024.8.30-py3-none-any.whl", hash = "sha256:922820b53db7a7257ffbda3f597266d435245903d80737e34f8a45ff3e3230d8", size = 167321 }},
]

[[package]]
name = "demo"
version = "0.1.0"
source = {{ editable = "." }}
dependencies = [
    {{ name = "requests" }},
]

[package.metadata]
requires-dist = [{{ name = "requests", specifier = ">=2.32" }}]

[[package]]
name = "private-lib"
version = "1.0.0"
source = {{ git = "https://github.com/example/private-lib?rev=main#{COMMIT}" }}

[[package]]
name = "requests"
version = "2.32.3"
source = {{ registry = "https://pypi.org/simple" }}
dependencies = [
    {{ name = "certifi" }},
    {{ name = "charset-normalizer" }},
    {{ name = "idna" }},
    {{ name = "urllib3" }},
]
sdist = {{ url = "https://files.pythonhosted.org/packages/63/70/2bf7780ad2d390a8d301ad0b550f1581eadbd9a20f896afe06353c2a2913/requests-2.32.3.tar.gz", hash = "sha256:55365417734eb18255590a9ff9eb97e9e1da868d4ccd6402399eaf68af20a760", size = 131218 }}
wheels = [
    {{ url = "https://files.pythonhosted.org/packages/f9/9b/335f9764261e915ed497fcdeb11df5dfd6f7bf257d4a6a2a686d80da4d54/requests-2.32.3-py3-none-any.whl", hash = "sha256:70761cfe03c773ceb22aa2f671b4757976145175cdfca038c02654d061d6dcc6", size = 64928 }},
]

[[package]]
name = "tarball"
version = "0.2"
source = {{ url = "https://example.com/tarball-0.2.tar.gz" }}
sdist = {{ hash = "sha256:1111111111111111111111111111111111111111111111111111111111111111" }}

[[package]]
name = "unhashed"
version = "0.3"
source = {{ url = "https://example.com/unhashed-0.3.tar.gz" }}
"""


@pytest.mark.parametrize("name, expected", [
    ("requests", {"version": "2.32.3", "line": 30, "index": "https://pypi.org/simple", "source": "", "kind": "locked",
                  "group": "", "source_pinned": True,
                  "hashes": ("sha256:55365417734eb18255590a9ff9eb97e9e1da868d4ccd6402399eaf68af20a760",
                             "sha256:70761cfe03c773ceb22aa2f671b4757976145175cdfca038c02654d061d6dcc6")}),
    ("certifi", {"line": 5, "index": "https://pypi.org/simple"}),
    ("demo", {"source": "path", "url": ".", "editable": True, "line": 14}),
    ("private-lib", {"source": "vcs", "source_pinned": True, "index": "",
                     "url": f"https://github.com/example/private-lib?rev=main#{COMMIT}"}),
    ("tarball", {"source": "url", "source_pinned": True}),
    ("unhashed", {"source": "url", "source_pinned": False, "hashes": ()}),
])
def test_uv_lock(name, expected):
    manifest = parse_manifest("uv.lock", UV_LOCK)
    assert fields(named(manifest, name), expected) == expected
    assert len(manifest.requirements) == 6 and manifest.problems == []


def test_uv_lock_git_source_on_a_branch_is_not_pinned():
    text = '[[package]]\nname = "x"\nversion = "1"\nsource = { git = "https://github.com/o/x?branch=main" }\n'
    assert only(parse_manifest("uv.lock", text)).source_pinned is False


POETRY_LOCK = f"""\
# This file is automatically @generated by Poetry 1.8.3 and should not be changed by hand.

[[package]]
name = "certifi"
version = "2024.8.30"
description = "Python package for providing Mozilla's CA Bundle."
optional = false
python-versions = ">=3.6"
files = [
    {{file = "certifi-2024.8.30-py3-none-any.whl", hash = "sha256:922820b53db7a7257ffbda3f597266d435245903d80737e34f8a45ff3e3230d8"}},
    {{file = "certifi-2024.8.30.tar.gz", hash = "sha256:bec941d2aa8195e248a60b31ff9f0558284cf01a52591ceda73ea9afffd69fd9"}},
]

[[package]]
name = "internal-tools"
version = "0.3.1"
description = ""
optional = false
python-versions = ">=3.8"
files = [
    {{file = "internal_tools-0.3.1-py3-none-any.whl", hash = "sha256:2222222222222222222222222222222222222222222222222222222222222222"}},
]

[package.source]
type = "legacy"
url = "https://pypi.corp.example/simple"
reference = "corp"

[[package]]
name = "patched-lib"
version = "2.0.0"
description = ""
optional = false
python-versions = "*"
files = []
develop = false

[package.source]
type = "git"
url = "https://github.com/example/patched-lib.git"
reference = "main"
resolved_reference = "{COMMIT}"

[[package]]
name = "sibling"
version = "0.1.0"
description = ""
optional = false
python-versions = "^3.9"
files = []
develop = true

[package.source]
type = "directory"
url = "../sibling"

[[package]]
name = "zipped"
version = "1.0"
description = ""
optional = false
python-versions = "*"
files = []

[package.source]
type = "url"
url = "https://example.com/zipped-1.0.zip"

[metadata]
lock-version = "2.0"
python-versions = "^3.9"
content-hash = "9f2c0a1b"
"""


@pytest.mark.parametrize("name, expected", [
    ("certifi", {"version": "2024.8.30", "line": 4, "kind": "locked", "index": "", "source": "",
                 "hashes": ("sha256:922820b53db7a7257ffbda3f597266d435245903d80737e34f8a45ff3e3230d8",
                            "sha256:bec941d2aa8195e248a60b31ff9f0558284cf01a52591ceda73ea9afffd69fd9")}),
    ("internal-tools", {"index": "https://pypi.corp.example/simple", "source": "", "line": 15}),
    ("patched-lib", {"source": "vcs", "source_pinned": True, "url": f"git+https://github.com/example/patched-lib.git@{COMMIT}"}),
    ("sibling", {"source": "path", "url": "../sibling", "editable": True}),
    ("zipped", {"source": "url", "source_pinned": False}),
])
def test_poetry_lock(name, expected):
    manifest = parse_manifest("poetry.lock", POETRY_LOCK)
    assert fields(named(manifest, name), expected) == expected
    assert manifest.problems == []


def test_poetry_lock_format_1_hashes_from_metadata_files():
    text = ('[[package]]\nname = "six"\nversion = "1.16.0"\n\n[metadata]\nlock-version = "1.1"\n\n'
            '[metadata.files]\nsix = [\n    {file = "six-1.16.0.tar.gz", hash = "sha256:abc"},\n]\n')
    assert only(parse_manifest("poetry.lock", text)).hashes == ("sha256:abc",)


PYLOCK = f"""\
lock-version = '1.0'
environments = ["sys_platform == 'win32'", "sys_platform == 'linux'"]
requires-python = '== 3.12'
created-by = 'mousebender'

[[packages]]
name = 'attrs'
version = '25.1.0'
requires-python = '>= 3.8'
index = 'https://pypi.org/simple'

  [[packages.wheels]]
  name = 'attrs-25.1.0-py3-none-any.whl'
  upload-time = 2025-01-25T11:30:10.164985+00:00
  url = 'https://files.pythonhosted.org/packages/fc/30/d4986a882011f9df997a55e6becd864812ccfcd821d64aac8570ee39f719/attrs-25.1.0-py3-none-any.whl'
  size = 63152
  hashes = {{sha256 = 'c75a69e28a550a7e93789579c22aa26b0f5b83b75dc4e08fe092980051e1090a'}}

  [[packages.attestation-identities]]
  environment = 'release-pypi'
  kind = 'GitHub'
  repository = 'python-attrs/attrs'
  workflow = 'pypi-package.yml'

[[packages]]
name = 'cattrs'
version = '24.1.2'
requires-python = '>= 3.8'
dependencies = [
    {{name = 'attrs'}},
]
index = 'https://pypi.org/simple'

  [[packages.wheels]]
  name = 'cattrs-24.1.2-py3-none-any.whl'
  upload-time = 2024-09-22T14:58:34.812643+00:00
  url = 'https://files.pythonhosted.org/packages/c8/d5/867e75361fc45f6de75fe277dd085627a9db5ebb511a87f27dc1396b5351/cattrs-24.1.2-py3-none-any.whl'
  size = 66446
  hashes = {{sha256 = '67c7495b760168d931a10233f979b28dc04daf853b30752246f4f8471c6d68d0'}}

[[packages]]
name = 'numpy'
version = '2.2.3'
marker = "sys_platform == 'win32'"
requires-python = '>= 3.10'
index = 'https://pypi.org/simple'

  [[packages.sdist]]

[[packages]]
name = 'from-git'
vcs = {{type = 'git', url = 'https://github.com/org/from-git', requested-revision = 'main', commit-id = '{COMMIT}'}}

[[packages]]
name = 'from-archive'
version = '1.0'
archive = {{url = 'https://example.com/from_archive-1.0.tar.gz', hashes = {{sha256 = 'abcd'}}}}

[[packages]]
name = 'from-dir'
directory = {{path = './packages/from-dir', editable = true}}
"""


@pytest.mark.parametrize("name, expected", [
    ("attrs", {"version": "25.1.0", "line": 7, "kind": "locked", "index": "https://pypi.org/simple",
               "hashes": ("sha256:c75a69e28a550a7e93789579c22aa26b0f5b83b75dc4e08fe092980051e1090a",)}),
    ("cattrs", {"line": 26, "hashes": ("sha256:67c7495b760168d931a10233f979b28dc04daf853b30752246f4f8471c6d68d0",)}),
    ("numpy", {"marker": "sys_platform == 'win32'", "hashes": ()}),
    ("from-git", {"source": "vcs", "source_pinned": True, "version": None,
                  "url": f"git+https://github.com/org/from-git@{COMMIT}"}),
    ("from-archive", {"source": "url", "source_pinned": True, "hashes": ("sha256:abcd",)}),
    ("from-dir", {"source": "path", "url": "./packages/from-dir", "editable": True}),
])
def test_pylock(name, expected):
    manifest = parse_manifest("pylock.toml", PYLOCK.replace("  [[packages.sdist]]\n", ""))
    assert fields(named(manifest, name), expected) == expected
    assert manifest.problems == []


def test_pylock_vcs_without_full_commit_is_not_pinned():
    text = "[[packages]]\nname = 'x'\nvcs = {type = 'git', url = 'https://github.com/o/x', commit-id = 'abc123'}\n"
    assert only(parse_manifest("pylock.dev.toml", text)).source_pinned is False


# -- bad input -------------------------------------------------------------------------------

@pytest.mark.parametrize("path, text, problem", [
    ("pyproject.toml", "[project\nname = 1\n", "invalid TOML: "),
    ("uv.lock", "[[package]]\nname = \n", "invalid TOML: "),
    ("poetry.lock", 'name = "a"\nname = "b"\n', "invalid TOML: "),
    ("pylock.toml", "[[packages]\n", "invalid TOML: "),
    ("Pipfile", "[packages\n", "invalid TOML: "),
    ("pyproject.toml", "a = " + "[" * 5000, "invalid TOML: "),
    ("requirements.txt", "requests\x00evil\n", "file contains NUL bytes"),
    ("pyproject.toml", b"[project]\ndependencies = ['\xff']\n", "file is not UTF-8"),
    ("requirements.txt", "requests\udcff\n", "file is not UTF-8"),
    ("requirements.txt", "#" * (MAX_TEXT_BYTES + 1), "file is larger than 5 MB"),
    ("requirements.txt", "\u00e9" * (MAX_TEXT_BYTES // 2 + 1), "file is larger than 5 MB"),
    ("requirements.txt", 42, "expected text, got int"),
])
def test_unreadable_text_gives_one_problem_and_an_empty_manifest(path, text, problem):
    manifest = parse_manifest(path, text)
    assert manifest.problems and manifest.problems[0].startswith(problem), manifest.problems
    assert len(manifest.problems) == 1 and manifest.requirements == [] and manifest.indexes == []


def test_bytes_and_a_byte_order_mark_are_accepted():
    manifest = parse_manifest("requirements.txt", "\ufeffrequests\n".encode())
    assert [(r.name, r.line) for r in manifest.requirements] == [("requests", 1)] and manifest.problems == []


@pytest.mark.parametrize("path, text, problem", [
    ("pyproject.toml", "project = 3\n", "project is not a table"),
    ("pyproject.toml", '[project]\ndependencies = "requests"\n', "project.dependencies is not a list"),
    ("pyproject.toml", '[project]\ndependencies = [1, "ok"]\n', "project.dependencies: 1 is not a string"),
    ("pyproject.toml", '[project]\noptional-dependencies = ["x"]\n', "project.optional-dependencies is not a table"),
    ("pyproject.toml", '[project.optional-dependencies]\nx = "y"\n', "project.optional-dependencies.x is not a list"),
    ("pyproject.toml", "dependency-groups = 1\n", "dependency-groups is not a table"),
    ("pyproject.toml", "[dependency-groups]\na = 1\n", "dependency-groups.a is not a list"),
    ("pyproject.toml", "[build-system]\nrequires = {}\n", "build-system.requires is not a list"),
    ("pyproject.toml", "[tool.poetry]\ndependencies = []\n", "tool.poetry.dependencies is not a table"),
    ("pyproject.toml", "[tool.poetry.dependencies]\nrequests = {version = 2}\n", "version 2"),
    ("pyproject.toml", '[tool.poetry.dependencies]\nx = {version = "1", extras = "socks"}\n', "extras 'socks'"),
    ("pyproject.toml", '[tool.poetry.dependencies]\nx = {git = 3}\n', "git 3 is not a string"),
    ("pyproject.toml", '[tool.poetry]\nsource = "x"\n', "tool.poetry.source is not a list"),
    ("pyproject.toml", "[tool.poetry]\ngroup = 1\n", "tool.poetry.group is not a table"),
    ("pyproject.toml", "[tool.poetry.group]\ndev = 1\n", "tool.poetry.group.dev is not a table"),
    ("pyproject.toml", "[tool.uv]\nsources = 3\n", "tool.uv.sources is not a table"),
    ("pyproject.toml", '[project]\ndependencies = ["x"]\n[tool.uv.sources]\nx = 1\n', "tool.uv.sources.x is not a table"),
    ("pyproject.toml", "[tool.uv]\nindex = {url = 1}\n", "tool.uv.index is not a list"),
    ("pyproject.toml", "[[tool.uv.index]]\nurl = 1\n", "is not a table with a url"),
    ("pyproject.toml", '[tool.uv]\nextra-index-url = "https://x"\n', "tool.uv.extra-index-url is not a list"),
    ("uv.lock", 'package = "x"\n', "package is not a list of tables"),
    ("uv.lock", "[[package]]\nname = 1\n", "has no valid name"),
    ("uv.lock", '[[package]]\nname = "a"\nversion = 1\n', "version 1 is not a string"),
    ("poetry.lock", '[[package]]\nname = "a"\n[package.source]\ntype = 1\n', "is not readable"),
    ("pylock.toml", "packages = [1]\n", "has no valid name"),
    ("Pipfile", 'source = "x"\n', "source is not a list"),
    ("Pipfile", "[packages]\nx = 1\n", "neither a version nor a table"),
    ("Pipfile", "packages = []\n", "packages is not a table"),
])
def test_wrong_types_are_problems(path, text, problem):
    manifest = parse_manifest(path, text)
    assert any(problem in p for p in manifest.problems), manifest.problems
    assert not any(p.startswith("internal error") for p in manifest.problems)


@pytest.mark.parametrize("path, text", [
    ("uv.lock", '[[package]]\nname = "a"\nsource = {git = 1}\nwheels = [1, {hash = 2}]\nsdist = "x"\n'),
    ("poetry.lock", '[[package]]\nname = "a"\nfiles = "x"\n'),
    ("pylock.toml", "[[packages]]\nname = 'a'\nvcs = {commit-id = 5}\n"),
    ("pylock.toml", "[[packages]]\nname = 'a'\narchive = {hashes = 3, url = 4}\nwheels = 'x'\n"),
    ("Pipfile", '[packages]\nx = {version = "*", index = 3, editable = "yes"}\n'),
])
def test_wrong_types_in_lock_details_are_skipped(path, text):
    manifest = parse_manifest(path, text)
    assert [r.name for r in manifest.requirements] == ["a" if path != "Pipfile" else "x"]
    assert not any(p.startswith("internal error") for p in manifest.problems)


def test_problems_are_capped():
    manifest = parse_manifest("requirements.txt", "".join(f"bad>>{n}\n" for n in range(1000)))
    assert 100 <= len(manifest.problems) <= 102 and manifest.problems[-1] == "too many problems"


PIPFILE_LOCK = """{
    "_meta": {"hash": {"sha256": "x"}, "pipfile-spec": 6,
              "sources": [{"name": "pypi", "url": "https://pypi.org/simple", "verify_ssl": true},
                          {"name": "internal", "url": "https://pypi.internal.example.com/simple", "verify_ssl": true}]},
    "default": {
        "requests": {"hashes": ["sha256:aaaa"], "index": "pypi", "markers": "python_version >= '3.8'", "version": "==2.32.3"},
        "acme-billing": {"index": "internal", "version": "==3.2.0"},
        "tool": {"git": "https://github.com/org/tool.git", "ref": "3f6c1e2a9b8d7c6e5f4a3b2c1d0e9f8a7b6c5d4e"}
    },
    "develop": {
        "pytest": {"hashes": ["sha256:bbbb"], "version": "==8.3.3"},
        "app": {"editable": true, "path": "."}
    }
}
"""

PDM_LOCK = """# This file is @generated by PDM.
[metadata]
groups = ["default"]
lock_version = "4.5.0"

[[package]]
name = "requests"
version = "2.32.3"
requires_python = ">=3.8"
files = [
    {file = "requests-2.32.3-py3-none-any.whl", hash = "sha256:aaaa"},
]

[[package]]
name = "tool"
version = "0.1.0"
git = "https://github.com/org/tool.git"
ref = "main"
revision = "3f6c1e2a9b8d7c6e5f4a3b2c1d0e9f8a7b6c5d4e"
"""


# -- robustness ----------------------------------------------------------------------------

SAMPLES = {
    "pyproject.toml": PYPROJECT + POETRY.replace('[tool.poetry]\nname = "demo"\n', "") + UV.replace('[project]\nname = "demo"\n', "[x]\n")
    + '[tool.pdm.dev-dependencies]\ntest = ["pytest", "-e ./x"]\n',
    "requirements/dev.txt": "-r base.txt\n-c c.txt\n-i https://x/simple\nflask==3 \\\n --hash=sha256:a\n-e git+https://h/r@main#egg=x\n"
                            "https://h/foo-1.0-py3-none-any.whl\n./pkg[a]\nx @ https://h/x.tar.gz#sha256=1\n",
    "setup.cfg": SETUP_CFG,
    "Pipfile": PIPFILE,
    "uv.lock": UV_LOCK,
    "poetry.lock": POETRY_LOCK,
    "pylock.toml": PYLOCK,
    "pdm.lock": PDM_LOCK,
    "Pipfile.lock": PIPFILE_LOCK,
}
JUNK = ["[", "]", "[[", "=", '"', "'", "{", "}", ",", "\n", "#", "\\", "@", ";", " ", "-e", "-r", "--hash=", "git+",
        "://", "^", "~", "*", "\t", "\r", "\x0c", "é", "\u202e", "include-group", "name", "version", "1.0", "true"]


def _mutations(text: str, rng: random.Random):
    step = max(1, len(text) // 25)
    for end in range(0, len(text), step):
        yield text[:end]
    for _ in range(60):
        chars = list(text)
        for _ in range(rng.randint(1, 8)):
            position = rng.randrange(len(chars) + 1)
            if rng.random() < 0.5 and chars:
                del chars[min(position, len(chars) - 1)]
            else:
                chars.insert(position, rng.choice(JUNK))
        yield "".join(chars)
    for _ in range(20):
        yield "".join(rng.choice(JUNK) for _ in range(rng.randint(0, 200)))
    yield bytes(rng.randrange(256) for _ in range(300))


def _toml(value) -> str:
    """A tiny TOML writer (inline form only) for the type-confusion test."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(key)} = {_toml(item)}" for key, item in value.items()) + "}"
    return json.dumps(str(value))


def _confuse(value, rng: random.Random):
    """The same document with some values replaced by values of other types."""
    if rng.random() < 0.08:
        return rng.choice([1, 2.5, True, "x", "^1.2", [], {}, ["x"], [1], {"a": 1}, {"git": 3}, [{"version": 1}]])
    if isinstance(value, dict):
        return {key: _confuse(item, rng) for key, item in value.items()}
    if isinstance(value, list):
        return [_confuse(item, rng) for item in value]
    return value


@pytest.mark.parametrize("path", sorted(SAMPLES))
def test_garbage_never_raises(path):
    rng = random.Random(path)
    for text in _mutations(SAMPLES[path], rng):
        manifest = parse_manifest(path, text)
        assert isinstance(manifest, Manifest)
        assert not any(p.startswith("internal error") for p in manifest.problems), (text, manifest.problems)


@pytest.mark.parametrize("path", sorted(p for p in SAMPLES if p not in ("setup.cfg", "requirements/dev.txt", "Pipfile.lock")))
def test_wrong_types_never_raise(path):
    rng = random.Random(path)
    data = tomllib.loads(SAMPLES[path].replace("upload-time = 2025-01-25T11:30:10.164985+00:00\n", "")
                        .replace("upload-time = 2024-09-22T14:58:34.812643+00:00\n", ""))
    for _ in range(150):
        confused = {key: _confuse(value, rng) for key, value in data.items()}
        text = "".join(f"{json.dumps(key)} = {_toml(value)}\n" for key, value in confused.items())
        manifest = parse_manifest(path, text)
        assert "invalid TOML" not in " ".join(manifest.problems), text
        assert not any(p.startswith("internal error") for p in manifest.problems), (text, manifest.problems)


def test_samples_parse_cleanly():
    """The robustness tests start from valid manifests, so their mutations reach every reader."""
    for path, text in SAMPLES.items():
        manifest = parse_manifest(path, text)
        assert manifest.requirements and manifest.problems == [], (path, manifest.problems)


def test_settings_that_turn_certificate_checks_off():
    pipfile = parse_manifest("Pipfile", '[[source]]\nurl = "https://a.example/simple"\nverify_ssl = false\nname = "a"\n')
    assert [(i.option, i.url, i.primary) for i in pipfile.indexes] == [
        ("pipfile.source", "https://a.example/simple", True), ("pipfile.verify_ssl", "https://a.example/simple", False)]
    uv = parse_manifest("pyproject.toml", '[tool.uv]\nallow-insecure-host = ["pypi.corp:8443"]\n')
    assert [(i.option, i.url, i.line) for i in uv.indexes] == [("tool.uv.allow-insecure-host", "pypi.corp:8443", 2)]


def test_pipfile_lock():
    manifest = parse_manifest("Pipfile.lock", PIPFILE_LOCK)
    assert manifest.kind == "pipfile.lock" and manifest.problems == []
    found = {r.name: r for r in manifest.requirements}
    assert set(found) == {"requests", "acme-billing", "tool", "pytest", "app"}
    assert (found["requests"].version, found["requests"].kind, found["requests"].line) == ("2.32.3", "locked", 6)
    assert found["requests"].hashes == ("sha256:aaaa",) and found["requests"].index == "https://pypi.org/simple"
    assert found["acme-billing"].index == "https://pypi.internal.example.com/simple"
    assert found["tool"].source == "vcs" and found["tool"].source_pinned
    assert found["app"].source == "path"


def test_pdm_lock():
    manifest = parse_manifest("pdm.lock", PDM_LOCK)
    assert manifest.kind == "pdm.lock" and manifest.problems == []
    requests, tool = manifest.requirements
    assert (requests.name, requests.version, requests.line, requests.hashes) == ("requests", "2.32.3", 7, ("sha256:aaaa",))
    assert tool.source == "vcs" and tool.source_pinned and tool.url.endswith("@3f6c1e2a9b8d7c6e5f4a3b2c1d0e9f8a7b6c5d4e")


@pytest.mark.parametrize("text", ["", "{", "[]", '{"default": []}', '{"default": {"x": 1, "../y": {}}}',
                                  '{"default": {"x": {"version": 3, "hashes": "no", "git": 5}}}'])
def test_pipfile_lock_garbage_never_raises(text):
    manifest = parse_manifest("Pipfile.lock", text)
    assert all(not p.startswith("internal error") for p in manifest.problems)
