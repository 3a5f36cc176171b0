"""Small helpers the dependency rules share: reading a package source's host, and showing a
URL in a message without the credentials it may carry."""

from __future__ import annotations


def host_of(value: str) -> str:
    """The lowercase host of a URL or of a bare `host[:port]` (IPv6 hosts keep their brackets)."""
    netloc = value.strip().split("://", 1)[-1].split("/", 1)[0].rsplit("@", 1)[-1].lower()
    if netloc.startswith("["):
        return netloc.split("]", 1)[0] + "]"
    return netloc.split(":", 1)[0] if netloc.count(":") <= 1 else netloc


def shown_url(url: str) -> str:
    """The URL without credentials, for messages."""
    scheme, separator, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    if separator and "@" in host:
        return f"{scheme}://***@{host.rsplit('@', 1)[1]}{slash}{path}"
    return url
