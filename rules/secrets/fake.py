"""Fake secrets for the detectors' examples, built when the examples are loaded.

No credential, real or fake, is written out in this repository: a literal that looks like a
token would trip secret scanners (ours included) and teach nothing. Each helper builds a
value of the right shape from a seed, deterministically, with the format's checksum where it
has one; a different seed gives a different value.
"""

from __future__ import annotations

import base64
import random
import string
import zlib

BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
HEX = "0123456789abcdef"


def chars(alphabet: str, length: int, seed: int) -> str:
    generator = random.Random(f"{alphabet}:{length}:{seed}")
    return "".join(generator.choice(alphabet) for _ in range(length))


def base62(length: int, seed: int = 1) -> str:
    return chars(BASE62, length, seed)


def hexdigits(length: int, seed: int = 1) -> str:
    return chars(HEX, length, seed)


def upper_alnum(length: int, seed: int = 1) -> str:
    return chars(string.ascii_uppercase + string.digits, length, seed)


def b64(length: int, seed: int = 1, alphabet: str = string.ascii_letters + string.digits + "+/") -> str:
    return chars(alphabet, length, seed)


def b64url(length: int, seed: int = 1) -> str:
    return chars(string.ascii_letters + string.digits + "-_", length, seed)


def crc32_base62(body: str) -> str:
    """GitHub's token checksum: CRC32 of the random part, in base62, six characters."""
    value = zlib.crc32(body.encode())
    digits = ""
    while value:
        value, remainder = divmod(value, 62)
        digits = BASE62[remainder] + digits
    return digits.rjust(6, "0")


def github_classic(prefix: str = "ghp_", seed: int = 1, valid: bool = True) -> str:
    body = base62(30, seed)
    checksum = crc32_base62(body)
    if not valid:
        checksum = checksum[:-1] + ("A" if checksum[-1] != "A" else "B")
    return f"{prefix}{body}{checksum}"


def jwt(seed: int = 1) -> str:
    header = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').rstrip(b"=").decode()
    payload = base64.urlsafe_b64encode(f'{{"sub":"{seed}","name":"Example User","iat":1516239022}}'.encode()).rstrip(b"=").decode()
    return f"{header}.{payload}.{b64url(43, seed)}"


def pem_block(label: str = "RSA PRIVATE KEY", seed: int = 1, lines: int = 3) -> str:
    body = "\n".join(b64(64, seed + i) for i in range(lines))
    return f"-----BEGIN {label}-----\n{body}\n-----END {label}-----\n"
