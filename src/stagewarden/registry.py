"""The explicit list of built-in rules, plus rule packs from the `stagewarden.rules` entry-point
group, and the selection logic (`--select` / `--ignore` by family, id, prefix or name)."""

from __future__ import annotations

import os
import sys
from typing import Iterable, Sequence

from stagewarden.config import Config, ConfigError
from stagewarden.findings import Level
from stagewarden.rule import FAMILIES, Rule

ENTRY_POINT_GROUP = "stagewarden.rules"


def builtin_rules(families: Sequence[str] | None = None) -> list[type[Rule]]:
    """The built-in rules, or only those of `families` (the others are not even imported)."""
    from stagewarden.rules import rules_of

    return list(rules_of(families))


def _any_rule_pack_installed() -> bool:
    """A quick look through the installed distributions' entry_points.txt files: importing
    importlib.metadata and building every distribution's entry points costs tens of
    milliseconds on each hook run, and nearly every environment has no rule pack at all."""
    marker = f"[{ENTRY_POINT_GROUP}]"
    for directory in sys.path:
        try:
            names = os.listdir(directory or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith((".dist-info", ".egg-info")):
                try:
                    with open(os.path.join(directory or ".", name, "entry_points.txt"), encoding="utf-8", errors="replace") as handle:
                        if marker in handle.read():
                            return True
                except OSError:
                    continue
    return False


def plugin_rules() -> list[type[Rule]]:
    """Rule classes that installed packages register under the `stagewarden.rules` group."""
    if not _any_rule_pack_installed():
        return []
    from importlib.metadata import entry_points

    found: list[type[Rule]] = []
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        try:
            loaded = entry.load()
        except Exception as error:  # a broken plugin must say so, not crash the run
            raise ConfigError(f"rule pack {entry.name!r} ({entry.value}) failed to load: {error}") from None
        for rule in loaded if isinstance(loaded, (list, tuple)) else [loaded]:
            if not (isinstance(rule, type) and issubclass(rule, Rule)):
                raise ConfigError(f"rule pack {entry.name!r}: {rule!r} is not a stagewarden rule class")
            found.append(rule)
    return found


def all_rules(families: Sequence[str] | None = None) -> list[type[Rule]]:
    """Built-in and plugin rules; with `families`, the built-in ones of those families only
    (plugin rules are always loaded: their family is known only once they are)."""
    rules = builtin_rules(families) + plugin_rules()
    seen: dict[str, type[Rule]] = {}
    for rule in rules:
        if rule.id in seen and seen[rule.id] is not rule:
            raise ConfigError(f"rule id {rule.id} is defined twice ({seen[rule.id].__module__}, {rule.__module__})")
        seen[rule.id] = rule
    return sorted(seen.values(), key=lambda r: r.id)


def _matches(rule: type[Rule], token: str) -> bool:
    if token == "ALL":
        return True
    if token.lower() in FAMILIES.values():
        return rule.family() == token.lower()
    return rule.id.startswith(token.upper()) or rule.name == token.lower()


def _check_tokens(tokens: Iterable[str], rules: Sequence[type[Rule]], option: str) -> None:
    for token in tokens:
        if not any(_matches(rule, token) for rule in rules) and token.lower() not in FAMILIES.values():
            raise ConfigError(f"{option}: unknown rule, prefix or family {token!r} (see `stagewarden rules`)")


def find_rule(key: str, rules: Sequence[type[Rule]]) -> type[Rule] | None:
    for rule in rules:
        if rule.id == key.upper() or rule.name == key.lower():
            return rule
    return None


def select_rules(config: Config, families: Sequence[str] | None = None) -> list[Rule]:
    """Instantiate the rules a run uses, with their configured options.

    `families` is the ceiling a hook sets (the `insecure-defaults` hook runs only that family);
    SW0xx notices always run unless ignored, because they say a file could not be checked.
    """
    rules = all_rules(None if families is None else ("notices", *families))
    tokens = (*config.select, *config.ignore, *config.rule_settings)
    if families is not None and not all(token == "ALL" or token.lower() in FAMILIES.values()
                                        or any(_matches(rule, token) for rule in rules) for token in tokens):
        rules = all_rules()  # a setting names a rule of another family: validate against all of them
    _check_tokens(config.select, rules, "select")
    _check_tokens(config.ignore, rules, "ignore")
    settings = _rule_settings(config, rules)
    chosen: list[Rule] = []
    for rule in rules:
        notice = rule.family() == "notices"
        if families is not None and not notice and rule.family() not in families:
            continue
        if not notice and not any(_matches(rule, token) for token in config.select):
            continue
        if any(_matches(rule, token) for token in config.ignore):
            continue
        options, severity = settings.get(rule.id, ({}, None))
        chosen.append(rule(options, severity))
    return chosen


def _rule_settings(config: Config, rules: Sequence[type[Rule]]) -> dict[str, tuple[dict, Level | None]]:
    result: dict[str, tuple[dict, Level | None]] = {}
    for key, table in config.rule_settings.items():
        where = f"tool.stagewarden.rules.{key}"
        rule = find_rule(key, rules)
        if rule is None:
            raise ConfigError(f"{where}: unknown rule")
        known = {option.name: option for option in rule.options}
        options: dict = {}
        severity = None
        for name, value in table.items():
            if name == "severity":
                try:
                    severity = Level.parse(value) if isinstance(value, str) else None
                except ValueError:
                    severity = None
                if severity is None:
                    raise ConfigError(f"{where}.severity: expected one of low, medium, high")
            elif name in known:
                try:
                    options[name] = known[name].coerce(value, f"{where}.{name}")
                except ValueError as error:
                    raise ConfigError(str(error)) from None
            else:
                choices = ", ".join(["severity", *known]) or "severity"
                raise ConfigError(f"{where}.{name}: unknown option (known: {choices})")
        result[rule.id] = (options, severity)
    return result
