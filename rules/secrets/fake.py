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

from stagewarden.rules.secrets.common import BASE62, base36, crc32_base62, gitlab_checksum

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


def with_crc32_base62(prefix: str, body: str, valid: bool = True) -> str:
    """A GitHub- or npm-style token: prefix, random body, and its checksum (broken when not valid)."""
    checksum = crc32_base62(body)
    if not valid:
        checksum = checksum[:-1] + ("A" if checksum[-1] != "A" else "B")
    return f"{prefix}{body}{checksum}"


def github_classic(prefix: str = "ghp_", seed: int = 1, valid: bool = True) -> str:
    return with_crc32_base62(prefix, base62(30, seed), valid)


def gitlab_routable(random_bytes: bytes, routing: str, prefix: str = "glpat-", valid: bool = True) -> str:
    """A token in GitLab's routable format: base64url(random, routing, its length), the
    version, the payload's length in base36, then the CRC32 of all that in base36."""
    raw = random_bytes + routing.encode() + bytes([len(routing)])
    payload = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    body = f"{prefix}{payload}.01.{base36(len(payload), 2)}"
    checksum = gitlab_checksum(body)
    if not valid:
        checksum = checksum[:-1] + ("a" if checksum[-1] != "a" else "b")
    return body + checksum


def jwt(seed: int = 1) -> str:
    header = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').rstrip(b"=").decode()
    payload = base64.urlsafe_b64encode(f'{{"sub":"{seed}","name":"Example User","iat":1516239022}}'.encode()).rstrip(b"=").decode()
    return f"{header}.{payload}.{b64url(43, seed)}"


def pem_block(label: str = "RSA PRIVATE KEY", seed: int = 1, lines: int = 3) -> str:
    body = "\n".join(b64(64, seed + i) for i in range(lines))
    return f"-----BEGIN {label}-----\n{body}\n-----END {label}-----\n"
