"""Helpers shared by the secret detectors: password heuristics, randomness, and the
checksums token formats carry (GitHub/npm CRC32 in base62, GitLab's routable CRC32 in base36)."""

from __future__ import annotations

import math
import re
import string
import zlib

from stagewarden.secrets import entropy

# Passwords that stand for one in documentation, or are a server's well-known default.
_TRIVIAL = frozenset({
    "password", "passwd", "pass", "pwd", "secret", "changeme", "postgres", "mysql", "root", "admin",
    "test", "example", "user", "username", "token", "apikey", "api_key", "api-key", "hunter2", "s3cret",
})
# A value that names a password rather than being one: db_password, mypass, REDIS_PASSWORD, api_token.
_NAME = re.compile(r"^[a-z_-]*(?:pass|pwd|secret|token|key)[a-z_-]*$")
# Templates: {password}, {{ pw }}, #{pw}, ${PW}, $PW, $(cat pw), <password>, %s, %(pw)s, %PW%.
# ("%s" is never a percent-encoded byte: "s" is not a hex digit.)
# A Python type annotation between a name and its value (`API_KEY: str = "..."`,
# `TOKEN: Final[str] = "..."`), for detectors that read the name before the value.
ANNOTATION = r"\s*:\s*[A-Za-z_][\w.]*(?:\[[^\]\n=]{0,40}\])?(?:\s*\|\s*None)?\s*=\s*"
_TEMPLATE = re.compile(r"[{}<>]|^\$|\$[({]|%s|%\([^)]*\)[sd]|^%[A-Za-z_]\w*%$")


def trivial_password(password: str, user: str = "") -> bool:
    """Whether a password found next to a user name is a placeholder, a template, a well-known
    default (`guest:guest` for RabbitMQ), or too short to be anything but an example.
    Shared by the detectors of credentials in URLs, command lines and config files."""
    lowered = password.lower()
    if lowered in _TRIVIAL or _NAME.match(lowered) or _TEMPLATE.search(password):
        return True
    if lowered == "guest" and user.lower() == "guest":
        return True
    if not any(c.isalnum() for c in password):  # ****, ..., ___
        return True
    if len(password) < 4:  # u:p@, :pw@
        return True
    return password.isdigit() and len(password) <= 5  # a port number, 1234


def looks_random(text: str) -> bool:
    """Enough entropy for its length, and not a run like `abcdef` or `123456`: the random part
    of a token, not a made-up or sequential stand-in."""
    if entropy(text) < min(3.0, 0.75 * math.log2(len(text))):
        return False
    steps = sum(1 for a, b in zip(text, text[1:]) if ord(b) - ord(a) in (0, 1))
    return steps * 2 < len(text)


BECH32_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _polymod(values: list[int]) -> int:
    generator = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    checksum = 1
    for value in values:
        top = checksum >> 25
        checksum = (checksum & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            if (top >> i) & 1:
                checksum ^= generator[i]
    return checksum


def _expanded(hrp: str) -> list[int]:
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def bech32_valid(text: str) -> bool:
    """Whether a whole bech32 string (BIP 173: human-readable part, "1", data) has a valid checksum."""
    hrp, _, data = text.lower().rpartition("1")
    if not hrp or any(c not in BECH32_CHARSET for c in data):
        return False
    return _polymod(_expanded(hrp) + [BECH32_CHARSET.index(c) for c in data]) == 1


def bech32_encode(hrp: str, data8: bytes, valid: bool = True) -> str:
    """`data8` in bech32 under `hrp`, with its checksum (a wrong one when not `valid`): the
    builder of fake age keys for examples and the evaluation corpus."""
    bits = int.from_bytes(data8, "big") << (-len(data8) * 8 % 5)
    groups = (len(data8) * 8 + 4) // 5
    data = [(bits >> (5 * (groups - 1 - i))) & 31 for i in range(groups)]
    checksum = _polymod(_expanded(hrp) + data + [0] * 6) ^ 1
    data += [(checksum >> (5 * (5 - i))) & 31 for i in range(6)]
    if not valid:
        data[-1] ^= 1
    return hrp + "1" + "".join(BECH32_CHARSET[d] for d in data)


BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
_BASE36 = string.digits + string.ascii_lowercase


def _digits(value: int, alphabet: str, width: int) -> str:
    digits = ""
    while value:
        value, remainder = divmod(value, len(alphabet))
        digits = alphabet[remainder] + digits
    return digits.rjust(width, "0")


def crc32_base62(body: str) -> str:
    """GitHub's (and npm's) token checksum: CRC32 of the random part, in base62, six characters."""
    return _digits(zlib.crc32(body.encode()), BASE62, 6)


def base36(value: int, width: int) -> str:
    return _digits(value, _BASE36, width)


def gitlab_checksum(text: str) -> str:
    """GitLab's routable-token checksum: CRC32 of everything before it, seven base36 digits."""
    return base36(zlib.crc32(text.encode()), 7)
