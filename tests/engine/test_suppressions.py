"""Inline suppressions: ids required, any line of the statement, bandit and ruff comments mapped."""

from __future__ import annotations

from stagewarden.engine import Engine
from stagewarden.registry import builtin_rules


def check(code: str) -> list[tuple[str, int]]:
    rules = [rule() for rule in builtin_rules() if rule.id in {"SW101", "SW005"}]
    outcome = Engine(rules).check_bytes(code.encode(), "a.py")
    return [(f.rule_id, f.line) for f in outcome.findings]


def test_suppression_on_the_line():
    assert check("import requests\nrequests.get(u, verify=False)  # stagewarden: ignore[SW101] -- internal CA\n") == []


def test_suppression_on_any_line_of_a_multi_line_statement():
    head = "import requests\nrequests.get(  # stagewarden: ignore[SW101]\n    url,\n    verify=False,\n)\n"
    tail = "import requests\nrequests.get(\n    url,\n    verify=False,\n)  # stagewarden: ignore[SW101]\n"
    assert check(head) == [] and check(tail) == []


def test_suppression_on_a_compound_statement_header():
    code = "import requests\nwith requests.get(\n    url, verify=False\n) as r:  # stagewarden: ignore[SW101]\n    pass\n"
    assert check(code) == []
    body_comment = "import requests\nwith requests.get(url, verify=False) as r:\n    pass  # stagewarden: ignore[SW101]\n"
    assert check(body_comment) == [("SW101", 2)], "a comment in the body does not cover the header"


def test_other_ids_and_prefixes():
    assert check("import requests\nrequests.get(u, verify=False)  # stagewarden: ignore[SW104]\n") == [("SW101", 2)]
    assert check("import requests\nrequests.get(u, verify=False)  # stagewarden: ignore[sw1]\n") == []


def test_suppression_does_not_leak_to_the_next_statement():
    code = "import requests\nx = 1  # stagewarden: ignore[SW101]\nrequests.get(u, verify=False, timeout=5)\n"
    assert check(code) == [("SW101", 3)]


def test_bare_suppression_is_reported_and_silences_nothing():
    assert check("import requests\nrequests.get(u, verify=False)  # stagewarden: ignore\n") == [("SW101", 2), ("SW005", 2)]


def test_bandit_and_ruff_comments_map_to_our_ids():
    assert check("import requests\nrequests.get(u, verify=False)  # nosec B501\n") == []
    assert check("import requests\nrequests.get(u, verify=False)  # nosec: B501, B602\n") == []
    assert check("import requests\nrequests.get(u, verify=False)  # noqa: S501\n") == []
    assert check("import requests\nrequests.get(u, verify=False)  # noqa: E501\n") == [("SW101", 2)]
    assert check("import requests\nrequests.get(u, verify=False)  # nosec\n") == [("SW101", 2)], "bare nosec names nothing"
    assert check("import requests\nrequests.get(u, verify=False)  # noqa\n") == [("SW101", 2)], "bare noqa names nothing"


def test_marker_inside_a_string_is_not_a_comment():
    assert check("import requests\nrequests.get('# stagewarden: ignore[SW101]', verify=False)\n") == [("SW101", 2)]
