"""The package-index client: asks a PEP 691 simple index whether projects exist.

Only normalized package names are sent, only to the configured index, with timeouts, a size
cap and a per-run time budget. Answers never raise: failures are `ProjectAnswer`s with status
"error", "offline" or "skipped" so callers can report findings as unverifiable.
"""

from stagewarden.index.cache import IndexCache
from stagewarden.index.client import (
    DEFAULT_INDEX_URL,
    IndexClient,
    ProjectAnswer,
    json_api_url,
    normalize_name,
)

__all__ = ["DEFAULT_INDEX_URL", "IndexCache", "IndexClient", "ProjectAnswer", "json_api_url", "normalize_name"]
