"""Built-in rules, one class per file, grouped by family (the explicit list the registry reads).

Each family's package is imported only when a run needs it: a hook for one family does not
pay for importing (and building the examples of) the other families' rules.
"""

from __future__ import annotations

from importlib import import_module

# Family name -> the package holding its rules, in the order rules are listed.
FAMILY_PACKAGES = {
    "notices": "stagewarden.rules.notices",
    "insecure-defaults": "stagewarden.rules.insecure_defaults",
    "imports": "stagewarden.rules.imports",
    "secrets": "stagewarden.rules.secrets",
    "dependencies": "stagewarden.rules.dependencies",
}


def rules_of(families=None) -> tuple:
    """The rule classes of the given families (all families when None)."""
    wanted = FAMILY_PACKAGES if families is None else [f for f in FAMILY_PACKAGES if f in families]
    return tuple(rule for family in wanted for rule in import_module(FAMILY_PACKAGES[family]).RULES)


def __getattr__(name: str):
    if name == "BUILTIN_RULES":
        return rules_of()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
