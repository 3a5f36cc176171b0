"""Every rule's VALID look-alikes must stay silent and its INVALID forms must fire exactly
on the expected lines, through the real engine."""

from __future__ import annotations

import pytest

from stagewarden.engine import Engine
from stagewarden.registry import builtin_rules
from stagewarden.rule import NoticeRule, PythonRule
from stagewarden.rules.notices.syntax_error import SyntaxErrorNotice

RULES = builtin_rules()


def _cases():
    for rule in RULES:
        valid, invalid = rule.examples()
        for index, example in enumerate(valid):
            yield pytest.param(rule, example, id=f"{rule.id}-valid-{index}")
        for index, example in enumerate(invalid):
            yield pytest.param(rule, example, id=f"{rule.id}-invalid-{index}")


def run_example(rule_class, example):
    """The lines the rule reports on the example, and any syntax-error notice."""
    options = {name.replace("_", "-"): value for name, value in example.options.items()}
    known = {option.name for option in rule_class.options}
    assert set(options) <= known, f"example sets unknown options {set(options) - known}"
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
def test_example(rule_class, example):
    lines, syntax = run_example(rule_class, example)
    assert not syntax, f"example does not parse: {syntax[0].message}"
    assert lines == sorted(example.lines), f"{rule_class.id} reported on lines {lines}, expected {sorted(example.lines)}\n{example.code}"


@pytest.mark.parametrize("rule_class", RULES, ids=[r.id for r in RULES])
def test_rule_has_examples(rule_class):
    valid, invalid = rule_class.examples()
    if rule_class.EXAMPLES_EXEMPT:
        return
    assert len(invalid) >= 1, "every rule needs INVALID examples that must fire"
    assert len(valid) >= 1, "every rule needs VALID look-alikes that must stay silent"
