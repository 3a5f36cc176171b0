"""Helpers shared by the secret detectors that find a password next to a user name."""

from __future__ import annotations

import math
import re

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
