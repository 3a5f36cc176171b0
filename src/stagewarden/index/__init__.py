"""The package-index client: asks a PEP 691 simple index whether projects exist.

Only normalized package names are sent, only to the configured index, with timeouts, a size
cap and a per-run time budget. Answers never raise: failures are `ProjectAnswer`s with status
"error", "offline" or "skipped" so callers can report findings as unverifiable.

The client and its cache are imported on first use (PEP 562): most runs only compare names,
and the HTTP and TLS modules cost tens of milliseconds to import.
"""

from __future__ import annotations

from importlib import import_module

from stagewarden.index.model import DEFAULT_INDEX_URL, ProjectAnswer, normalize_name

_LAZY = {
    "IndexCache": "stagewarden.index.cache",
    "IndexClient": "stagewarden.index.client",
    "client_for": "stagewarden.index.client",
    "json_api_url": "stagewarden.index.client",
}


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["DEFAULT_INDEX_URL", "IndexCache", "IndexClient", "ProjectAnswer", "client_for", "json_api_url",
           "normalize_name"]
