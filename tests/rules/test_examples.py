"""Every rule's VALID look-alikes must stay silent and its INVALID forms must fire exactly
on the expected lines, through the real engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from dataclasses import replace

from fixture_index import FixtureIndex
from helpers import git

from stagewarden.config import load_config
from stagewarden.engine import Engine
from stagewarden.index.model import DEFAULT_INDEX_URL
from stagewarden.registry import builtin_rules
from stagewarden.rule import DependencyRule, ImportRule, NoticeRule, PythonRule
from stagewarden.rules.notices.syntax_error import SyntaxErrorNotice
from stagewarden.run import RunOptions, Runner

RULES = builtin_rules()
# Import rules judge an example against a project; without files of its own, it is this one.
DEFAULT_PROJECT = {
    "pyproject.toml": '[project]\nname = "example"\nrequires-python = ">=3.9"\ndependencies = ["requests>=2", "PyYAML"]\n',
}


def _cases():
    for rule in RULES:
        valid, invalid = rule.examples()
        for index, example in enumerate(valid):
            yield pytest.param(rule, example, id=f"{rule.id}-valid-{index}")
        for index, example in enumerate(invalid):
            yield pytest.param(rule, example, id=f"{rule.id}-invalid-{index}")


@pytest.fixture(scope="module")
def index():
    server = FixtureIndex()
    yield server
    server.close()


def run_import_example(rule_class, example, options, index: FixtureIndex, root: Path):
    """Write the example's project, serve its index answers on 127.0.0.1, and run the real
    runner (per-file phase and project phase) over the example file."""
    for name, content in (example.files or DEFAULT_PROJECT).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(content)
    (root / example.path).parent.mkdir(parents=True, exist_ok=True)
    (root / example.path).write_text(example.code)
    index.answers = {name: spec for name, spec in example.index.items()}
    config = load_config(root).with_overrides(index_url=index.url, cache=False, offline=example.offline or None)
    rules = [rule_class(options), SyntaxErrorNotice()]
    result = Runner(config, rules).run(RunOptions(paths=[example.path], hook=True), root)
    lines = sorted(f.line for f in result.findings if f.rule_id == rule_class.id)
    syntax = [f for f in result.findings if f.rule_id == "SW001"]
    return lines, syntax


def run_dependency_example(rule_class, example, options, index: FixtureIndex, root: Path):
    """Commit the example's `files` as the base of a throwaway git repository, write its
    `code` as the new text of `path`, serve its index answers on 127.0.0.1 (also as the
    public index), and run the real runner on the manifest as the pre-commit hook would."""
    git(root, "init", "-q", "-b", "main")
    for name, content in example.files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(content)
    if example.files:
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "base")
    (root / example.path).parent.mkdir(parents=True, exist_ok=True)
    (root / example.path).write_text(example.code)
    git(root, "add", "-A")
    index.answers = {name: spec for name, spec in example.index.items()}
    # Offline, the index is PyPI as by default (nothing is asked): the bundled data stands in.
    index_url = DEFAULT_INDEX_URL if example.offline else index.url
    config = load_config(root).with_overrides(index_url=index_url, cache=False, offline=example.offline or None)
    config = replace(config, dependencies=replace(config.dependencies, public_index_url=index.url))
    rules = [rule_class(options)]
    result = Runner(config, rules).run(RunOptions(paths=[example.path], hook=True), root)
    lines = sorted(f.line for f in result.findings if f.rule_id == rule_class.id)
    return lines, []


def run_example(rule_class, example, index=None, root=None):
    """The lines the rule reports on the example, and any syntax-error notice."""
    options = {name.replace("_", "-"): value for name, value in example.options.items()}
    known = {option.name for option in rule_class.options}
    assert set(options) <= known, f"example sets unknown options {set(options) - known}"
    if issubclass(rule_class, ImportRule):
        return run_import_example(rule_class, example, options, index, root)
    if issubclass(rule_class, DependencyRule):
        return run_dependency_example(rule_class, example, options, index, root)
    rules = [rule_class(options)]
    if rule_class is not SyntaxErrorNotice:
        rules.append(SyntaxErrorNotice())
    if issubclass(rule_class, NoticeRule):
        # Notices come from the engine while it checks a file for the other rules.
        rules += [rule() for rule in RULES if issubclass(rule, PythonRule)]
    outcome = Engine(rules).check_bytes(example.code.encode("utf-8"), example.path)
    lines = sorted(f.line for f in outcome.findings if f.rule_id == rule_class.id)
    syntax = [f for f in outcome.findings if f.rule_id == "SW001" and rule_class is not SyntaxErrorNotice]
    return lines, syntax


@pytest.mark.parametrize("rule_class, example", list(_cases()))
def test_example(rule_class, example, index, tmp_path):
    lines, syntax = run_example(rule_class, example, index, tmp_path)
    assert not syntax, f"example does not parse: {syntax[0].message}"
    assert lines == sorted(example.lines), f"{rule_class.id} reported on lines {lines}, expected {sorted(example.lines)}\n{example.code}"


@pytest.mark.parametrize("rule_class", RULES, ids=[r.id for r in RULES])
def test_rule_has_examples(rule_class):
    valid, invalid = rule_class.examples()
    if rule_class.EXAMPLES_EXEMPT:
        return
    assert len(invalid) >= 1, "every rule needs INVALID examples that must fire"
    assert len(valid) >= 1, "every rule needs VALID look-alikes that must stay silent"
