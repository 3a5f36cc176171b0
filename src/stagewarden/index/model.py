"""Project names as package indexes compare them (PEP 503), the default index, and the
answer type: kept apart from the client so that code which only compares names or reads
answers does not import the HTTP and TLS stack."""

from __future__ import annotations

import re
from dataclasses import dataclass

DEFAULT_INDEX_URL = "https://pypi.org/simple/"
STATUSES = ("found", "not-found", "error", "offline", "skipped")

_SEPARATORS = re.compile(r"[-_.]+")


def normalize_name(name: str) -> str:
    """PEP 503 normalization: runs of -, _ and . become one -, lowercased."""
    return _SEPARATORS.sub("-", name).lower()


@dataclass(frozen=True)
class ProjectAnswer:
    name: str  # normalized
    status: str  # one of STATUSES
    versions: tuple[str, ...] = ()
    files: int = 0
    error: str = ""
    # The earliest file upload (PEP 700 "upload-time", ISO 8601), "" when the index omits it.
    first_upload: str = ""


__all__ = ["DEFAULT_INDEX_URL", "STATUSES", "ProjectAnswer", "normalize_name"]
