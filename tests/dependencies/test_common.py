"""The dependency rules' shared helpers."""

from __future__ import annotations

import pytest

from stagewarden.rules.dependencies.common import host_of, shown_url


@pytest.mark.parametrize("value, host", [
    ("http://user:pw@Pypi.Corp:8080/simple/", "pypi.corp"),
    ("pypi.corp:8443", "pypi.corp"),
    ("pypi.corp", "pypi.corp"),
    ("http://[::1]:8080/simple", "[::1]"),
    ("https://127.0.0.1/simple", "127.0.0.1"),
])
def test_host_of(value, host):
    assert host_of(value) == host


def test_shown_url_hides_credentials():
    assert shown_url("https://ci:s3cr3t@pypi.corp/simple/") == "https://***@pypi.corp/simple/"  # stagewarden: ignore[SW370] -- test value
    assert shown_url("https://pypi.corp/simple/") == "https://pypi.corp/simple/"
