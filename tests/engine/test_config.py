"""[tool.stagewarden]: keys, errors naming the dotted key, precedence, per-file ignores, excludes."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import write

from stagewarden.config import KNOWN_KEYS, ConfigError, load_config
from stagewarden.findings import Level

INSECURE = "import requests\nrequests.get(url, verify=False, timeout=5)\n"


def config_of(tmp_path: Path, body: str, environ=None):
    write(tmp_path, "pyproject.toml", "[tool.stagewarden]\n" + body)
    return load_config(tmp_path, environ=environ or {})


@pytest.mark.parametrize(
    "body, message",
    [
        ("selct = ['SW1']\n", "tool.stagewarden.selct: unknown key"),
        ("fail-on = 'severe'\n", "tool.stagewarden.fail-on: expected one of low, medium, high"),
        ("select = 5\n", "tool.stagewarden.select: expected a list of strings"),
        ("max-file-size = -1\n", "tool.stagewarden.max-file-size: expected a positive integer"),
        ("[tool.stagewarden.per-file-ignores]\n'tests/*' = 3\n", "tool.stagewarden.per-file-ignores.tests/*: expected a list"),
        ("on-index-error = 'explode'\n", "tool.stagewarden.on-index-error: expected one of warn, fail"),
    ],
)
def test_bad_config_names_the_dotted_key(tmp_path, body, message):
    with pytest.raises(ConfigError) as error:
        config_of(tmp_path, body)
    assert str(error.value).startswith(message)


def test_unknown_rule_option_names_the_dotted_key(sw, tmp_path):
    write(tmp_path, "pyproject.toml", "[tool.stagewarden.rules.SW101]\ntimout = 3\n")
    write(tmp_path, "a.py", INSECURE)
    result = sw(tmp_path, "check", "a.py")
    assert result.code == 2
    assert "tool.stagewarden.rules.SW101.timout: unknown option" in result.err


def test_severity_override_per_rule(sw, tmp_path):
    write(tmp_path, "pyproject.toml", "[tool.stagewarden.rules.SW101]\nseverity = 'low'\n")
    write(tmp_path, "a.py", INSECURE)
    result = sw(tmp_path, "check", "a.py", "--fail-on", "medium")
    assert "SW101 [low]" in result.out and result.code == 0


def test_configured_severity_wins_over_a_rules_own_choice(sw, tmp_path):
    """SW101 reports an unknown receiver with its own confidence; SW125 picks its severity per finding."""
    write(tmp_path, "pyproject.toml", "[tool.stagewarden.rules.SW125]\nseverity = 'low'\n")
    write(tmp_path, "k.py", "from cryptography.hazmat.primitives.asymmetric import rsa\nrsa.generate_private_key(65537, 512)\n")
    assert "SW125 [low]" in sw(tmp_path, "check", "k.py").out


def test_every_documented_key_is_read(tmp_path):
    """Each key in KNOWN_KEYS changes the loaded Config (no documented option is dead)."""
    samples = {
        "select": "['SW1']", "ignore": "['SW104']", "fail-on": "'high'", "min-confidence": "'medium'",
        "exclude": "['vendor/']", "baseline": "'b.json'", "max-file-size": "10", "cache": "false",
        "offline": "true", "index-url": "'https://mirror.example/simple/'", "on-index-error": "'fail'",
        "extra-index-urls": "['https://extra.example/simple/']",
        "imports": "{ source-roots = ['lib'], first-party = ['mine'], python = '.venv', package-map = { mct = 'mycompany-tools' } }",
        "dependencies": "{ min-releases = 3 }",
    }
    default = load_config(tmp_path, environ={})
    for key in KNOWN_KEYS:
        if key in ("per-file-ignores", "rules"):
            continue
        loaded = config_of(tmp_path, f"{key} = {samples[key]}\n")
        assert loaded != default.__class__(root=loaded.root, source=loaded.source), key
    imports = config_of(tmp_path, f"imports = {samples['imports']}\n")
    assert (imports.source_roots, imports.first_party, imports.python) == (("lib",), ("mine",), ".venv")
    assert imports.package_map == {"mct": ("mycompany-tools",)}


def test_dependencies_table_every_key(tmp_path):
    from stagewarden.dependency_policy import KEYS
    from stagewarden.findings import Level

    table = ("{ vetted-file = 'sec/vetted.toml', allowed-licenses = ['MIT', 'Apache-2.0 OR BSD-3-Clause'], "
             "unknown-license = 'fail', denied-packages = ['pycrypto'], private-packages = ['acme-*'], "
             "public-index-url = 'https://pypi.example/simple/', min-project-age-days = 7, min-releases = 3, "
             "require-source-link = false, max-typo-distance = 2, vet-lock-files = true, fail-on = 'high' }")
    policy = config_of(tmp_path, f"dependencies = {table}\n").dependencies
    assert policy.vetted_file == "sec/vetted.toml" and policy.allowed_licenses == ("MIT", "Apache-2.0 OR BSD-3-Clause")
    assert (policy.unknown_license, policy.denied_packages, policy.private_packages) == ("fail", ("pycrypto",), ("acme-*",))
    assert (policy.public_index_url, policy.min_project_age_days, policy.min_releases) == ("https://pypi.example/simple/", 7, 3)
    assert (policy.require_source_link, policy.max_typo_distance, policy.vet_lock_files) == (False, 2, True)
    assert policy.fail_on == Level.HIGH and len(KEYS) == 12
    assert policy.private("ACME_Billing") == "acme-*" and policy.private("acmebilling") is None
    assert policy.denied("PyCrypto") == "pycrypto"
    assert config_of(tmp_path, "dependencies = { min-project-age-days = 0 }\n").dependencies.min_project_age_days == 0


@pytest.mark.parametrize("table, message", [
    ("{ allowed-licenses = ['Apache'] }", r"dependencies\.allowed-licenses: .*Apache-2\.0"),
    ("{ allowed-licenses = [1] }", r"dependencies\.allowed-licenses: expected a list"),
    ("{ min-project-age-days = 'soon' }", r"dependencies\.min-project-age-days: expected a number >= 0"),
    ("{ unknown-license = 'maybe' }", r"dependencies\.unknown-license: expected one of allow, warn, fail"),
    ("{ max-typo-distance = 9 }", r"dependencies\.max-typo-distance: expected 0 to 3"),
    ("{ min-releases = -1 }", r"dependencies\.min-releases: expected a number >= 0"),
    ("{ vetted = 'x' }", r"dependencies\.vetted: unknown key"),
    ("'x'", r"dependencies: expected a table"),
])
def test_dependencies_table_errors_name_the_key(tmp_path, table, message):
    with pytest.raises(ConfigError, match=message):
        config_of(tmp_path, f"dependencies = {table}\n")


def test_public_index_url_from_the_environment(tmp_path):
    write = tmp_path / "pyproject.toml"
    write.write_text("[tool.stagewarden]\n")
    loaded = load_config(tmp_path, environ={"STAGEWARDEN_PUBLIC_INDEX_URL": "http://127.0.0.1:1/simple/"})
    assert loaded.dependencies.public_index_url == "http://127.0.0.1:1/simple/"


def test_imports_table_errors_name_the_key(tmp_path):
    with pytest.raises(ConfigError, match=r"tool\.stagewarden\.imports\.sources: unknown key"):
        config_of(tmp_path, "imports = { sources = ['lib'] }\n")
    with pytest.raises(ConfigError, match=r"tool\.stagewarden\.imports\.package-map\.x: expected a list"):
        config_of(tmp_path, "imports = { package-map = { x = 3 } }\n")


def test_precedence_cli_over_environment_over_pyproject(sw, tmp_path, monkeypatch):
    project = tmp_path / "project"
    config = config_of(project, "fail-on = 'low'\nindex-url = 'https://a.example/simple/'\n",
                       environ={"STAGEWARDEN_FAIL_ON": "high", "PIP_INDEX_URL": "https://pip.example/simple/"})
    assert config.fail_on is Level.HIGH, "environment beats pyproject"
    assert config.index_url == "https://a.example/simple/", "pip's index is only a fallback"
    bare = tmp_path / "bare"
    bare.mkdir()
    assert load_config(bare, environ={"PIP_INDEX_URL": "https://pip.example/simple/"}).index_url == "https://pip.example/simple/"
    write(project, "a.py", "x = 1  # stagewarden: ignore\n")  # one low-severity finding
    monkeypatch.setenv("STAGEWARDEN_FAIL_ON", "high")
    assert sw(project, "check", "a.py").code == 0, "environment: fail only on high"
    assert sw(project, "check", "a.py", "--fail-on", "low").code == 1, "the command line beats the environment"


def test_per_file_ignores_and_exclude(sw, tmp_path):
    write(tmp_path, "pyproject.toml", "[tool.stagewarden]\nexclude = ['vendor/']\n[tool.stagewarden.per-file-ignores]\n'tests/**' = ['SW101']\n'scripts/*.py' = ['insecure-defaults']\n")
    for rel in ("app.py", "tests/unit/test_a.py", "scripts/run.py", "vendor/lib.py"):
        write(tmp_path, rel, INSECURE)
    result = sw(tmp_path, "check", ".", "--select", "SW101")
    assert "app.py:2" in result.out
    assert "tests/" not in result.out and "scripts/" not in result.out and "vendor/" not in result.out


def test_explicit_config_file(sw, tmp_path):
    write(tmp_path, "ci/stagewarden.toml", "ignore = ['SW101']\n")
    write(tmp_path, "a.py", INSECURE)
    assert sw(tmp_path, "check", "a.py", "--config", "ci/stagewarden.toml").code == 0
    missing = sw(tmp_path, "check", "a.py", "--config", "ci/none.toml")
    assert missing.code == 2 and "no such file" in missing.err


def test_nearest_pyproject_with_a_stagewarden_table_wins(sw, tmp_path):
    write(tmp_path, "pyproject.toml", "[tool.stagewarden]\nignore = ['SW101']\n")
    write(tmp_path, "pkg/pyproject.toml", "[project]\nname = 'pkg'\ndependencies = ['requests']\n")
    write(tmp_path, "pkg/a.py", INSECURE)
    assert sw(tmp_path / "pkg", "check", "a.py").code == 0
