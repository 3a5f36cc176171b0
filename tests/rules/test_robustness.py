"""Every rule survives hostile but legal code: self-referencing names, keyword dicts that
contain themselves, deep nesting. A rule that raises shows up as SW006 here."""

from __future__ import annotations

from stagewarden.engine import Engine
from stagewarden.registry import builtin_rules
from stagewarden.rule import PythonRule

RULES = [rule() for rule in builtin_rules()]
WORDS = sorted({word for rule in RULES if isinstance(rule, PythonRule) for word in rule.triggers})
KEYWORDS = ("verify", "shell", "mode", "timeout", "filter", "Loader", "autoescape", "debug", "host", "ssl",
            "allow_pickle", "weights_only", "trust_remote_code", "options", "algorithms", "iterations", "key_size",
            "secure", "httponly", "resolve_entities", "cert_reqs", "default_filters", "usedforsecurity")

SELF_REFERENCES = """
v = v.strip()
v = v + v
v = v % (v, v)
v = v.format(v)
v = f"{v}{v}"
v = v.encode().decode()
d = {**d, "k": d}
d = dict(**d)
o = o.attr
o.attr = o.attr
self.x = self.x
"""


def source() -> str:
    lines = ["import os, ssl, random, subprocess, hashlib, yaml, pickle, tarfile, requests", SELF_REFERENCES]
    keywords = ", ".join(f"{k}=v" for k in KEYWORDS)
    for word in WORDS:
        lines.append(f"{word}(v, v, v, v, **d)")
        lines.append(f"o.{word}(v, {keywords}, **d)")
        lines.append(f"x = {word}; y = x(v); y.{word}(o)")
        lines.append(f"{word} = {word}")
    lines.append("class K:\n    def m(self):\n        self.x = self.x\n        return self.x.run(self.x, shell=self.x)\n")
    return "\n".join(lines) + "\n"


def test_no_rule_raises_on_self_referencing_code():
    outcome = Engine(RULES).check_bytes(source().encode(), "hostile.py")
    failures = [f.message for f in outcome.findings if f.rule_id == "SW006"]
    assert failures == []


def test_no_rule_raises_on_deep_nesting():
    nested = "v = " + "f(" * 200 + "x" + ")" * 200 + "\n"
    code = "\n".join(f"{word}({nested.strip()[4:]})" for word in WORDS[:40]) + "\n"
    outcome = Engine(RULES).check_bytes(code.encode(), "deep.py")
    assert [f.message for f in outcome.findings if f.rule_id == "SW006"] == []
