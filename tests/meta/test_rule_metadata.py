"""Rule metadata is complete and consistent: ids, names, docs sections, triggers, mappings."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

import stagewarden.rules as rules_package
from stagewarden.findings import FixSafety, Level
from stagewarden.registry import builtin_rules
from stagewarden.rule import DOC_SECTIONS, FAMILIES, PythonRule, Rule

RULES = builtin_rules()
HELPER_MODULES = {"common", "settings_module", "fake"}


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_metadata(rule: type[Rule]) -> None:
    assert re.fullmatch(r"SW[0-4]\d\d", rule.id)
    assert rule.id[:3] in FAMILIES
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name), rule.name
    assert rule.summary and not rule.summary.endswith(".")
    assert rule.hint, "the hint tells users how to fix it"
    assert isinstance(rule.severity, Level) and isinstance(rule.confidence, Level)
    assert all(isinstance(c, int) for c in rule.cwe)
    assert rule.fix_safety is None or isinstance(rule.fix_safety, FixSafety)
    assert all(re.fullmatch(r"B\d{3}", b) for b in rule.bandit), rule.bandit
    assert all(re.fullmatch(r"S\d{3}", s) for s in rule.ruff), rule.ruff
    if issubclass(rule, PythonRule):
        assert rule.triggers, "a Python rule names the identifiers that let it fire"
        assert all(re.fullmatch(r"\w+", t) for t in rule.triggers), rule.triggers


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_docstring_sections(rule: type[Rule]) -> None:
    found = list(rule.doc_sections())
    assert found == list(DOC_SECTIONS), f"{rule.id} docstring sections {found}"
    assert all(rule.doc_sections()[s] for s in DOC_SECTIONS), "no empty section"
    for option in rule.options:
        assert f"`{option.name}`" in rule.doc_sections()["Options"], f"option {option.name} undocumented"


def test_ids_and_names_unique() -> None:
    assert len({r.id for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)


def test_every_rule_module_is_registered() -> None:
    """One rule per file, and every rule file is in the explicit list."""
    registered = {r.__module__ for r in RULES}
    for family in pkgutil.iter_modules(rules_package.__path__):
        package = importlib.import_module(f"stagewarden.rules.{family.name}")
        for module_info in pkgutil.iter_modules(package.__path__):
            if module_info.name in HELPER_MODULES:
                continue
            name = f"{package.__name__}.{module_info.name}"
            module = importlib.import_module(name)
            classes = [v for v in vars(module).values() if isinstance(v, type) and issubclass(v, Rule) and v.__module__ == name]
            assert len(classes) == 1, f"{name} must define exactly one rule, found {classes}"
            assert name in registered, f"{name} is not in the family's RULES list"


@pytest.mark.parametrize("rule", [r for r in RULES if issubclass(r, PythonRule)], ids=lambda r: r.id)
def test_visitors_name_real_node_types(rule: type[Rule]) -> None:
    from stagewarden.engine import _handlers_of

    assert _handlers_of(rule()), f"{rule.id} subscribes to no node type"
