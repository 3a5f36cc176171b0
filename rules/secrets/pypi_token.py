from __future__ import annotations

import base64
import binascii

from stagewarden.rule import HIGH, MEDIUM, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.fake import b64url, hexdigits


def _packet(kind: int, data: bytes) -> bytes:
    return bytes([kind, len(data)]) + data  # lengths below 128: a one-byte varint


def _pypi(seed: int = 1, location: bytes = b"pypi.org") -> str:
    """A PyPI token: `pypi-` and a version 2 binary macaroon in unpadded base64url (location,
    identifier, one caveat, signature), the way Warehouse serializes it."""
    identifier = hexdigits(32, seed).encode()
    caveat = b'{"version":1,"permissions":"user"}'
    data = bytes([2]) + _packet(1, location) + _packet(2, identifier) + b"\0"
    data += _packet(2, caveat) + b"\0" + b"\0"
    data += _packet(6, bytes.fromhex(hexdigits(64, seed + 1000)))
    return "pypi-" + base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class PyPiToken(SecretRule):
    """
    ## What it does
    Finds PyPI API tokens: `pypi-` followed by a macaroon whose location is `pypi.org`
    (`AgEIcHlwaS5vcmc` in base64) or `test.pypi.org` (`AgENdGVzdC5weXBpLm9yZw`), and at
    least 50 more characters of `A-Za-z0-9_-`. The macaroon must decode as a version 2
    binary macaroon ending in its 32-byte signature, so a random string after the prefix is
    not reported.

    Tokens for TestPyPI grant access to the test index only, where nothing is installed by
    default; they are reported at medium severity.

    ## Why is this bad?
    A PyPI token scoped to the account, or to a project, lets anyone upload a release of
    the packages it covers: a supply-chain attack on everyone who installs them. PyPI
    revokes tokens found in public GitHub repositories, not elsewhere.

    ## Example
    ```ini
    [pypi]
    username = __token__
    password = pypi-...
    ```

    ## Use instead
    Publish from CI with trusted publishing (OIDC), which needs no stored token, or keep a
    project-scoped token in the CI system's secret store (`TWINE_PASSWORD`).

    ## Options
    None.

    ## Fix safety
    No fix: remove the token in PyPI's account settings (API tokens), then remove it from
    the history.

    ## References
    - [PyPI: API tokens](https://pypi.org/help/#apitoken)
    - [PyPI Docs: Trusted publishers](https://docs.pypi.org/trusted-publishers/)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW321"
    name = "pypi-token"
    summary = "PyPI or TestPyPI API token"
    kind = "PyPI API token"
    hint = "remove the token in PyPI's account settings, then use trusted publishing or the CI secret store"
    severity = HIGH
    confidence = HIGH
    keywords = ("pypi-ageichlwas5vcmc", "pypi-agendgvzdc5wexbplm9yzw")
    pattern = (r"(?<![A-Za-z0-9_])(?P<secret>pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,}={0,2})"
               r"(?![A-Za-z0-9_=-])")

    def severity_for(self, secret):
        return MEDIUM if secret.startswith("pypi-AgENdGVzdC5weXBpLm9yZw") else None

    def validate(self, secret, match, line):
        macaroon = secret[5:].rstrip("=")
        try:
            data = base64.urlsafe_b64decode(macaroon + "=" * (-len(macaroon) % 4))
        except (binascii.Error, ValueError):
            return False
        # version 2, the location field first, the 32-byte signature field last
        return data[:2] == b"\x02\x01" and data[-34:-32] == b"\x06\x20"

    VALID = [
        Valid(f"[pypi]\nusername = __token__\npassword = pypi-AgEIcHlwaS5vcmc{b64url(60)}\n", path=".pypirc"),  # not a macaroon
        Valid(f'TOKEN = "{_pypi()[:60]}"\n'),  # cut short
        Valid("[pypi]\nusername = __token__\npassword = ${PYPI_TOKEN}\n", path=".pypirc"),
        Valid('if token.startswith("pypi-AgEIcHlwaS5vcmc"):\n    index = "pypi"\n'),
    ]
    INVALID = [
        Invalid(f"[pypi]\nusername = __token__\npassword = {_pypi()}\n", 3, path=".pypirc"),
        Invalid(f"env:\n  TWINE_USERNAME: __token__\n  TWINE_PASSWORD: {_pypi(2)}\n", 3, path=".github/workflows/release.yml"),
        Invalid(f"#!/bin/sh\ntwine upload -u __token__ -p {_pypi(3)} dist/*\n", 2, path="deploy.sh"),
        Invalid(f"UV_PUBLISH_TOKEN={_pypi(4)}\n", 1, path=".env"),
        Invalid(f"[testpypi]\nusername = __token__\npassword = {_pypi(5, b'test.pypi.org')}\n", 3, path="config.ini"),
    ]
