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


@dataclass(frozen=True)
class Vulnerability:
    """One advisory as PyPI's JSON API gives it (an OSV record, shortened)."""

    id: str
    aliases: tuple[str, ...] = ()
    summary: str = ""
    fixed_in: tuple[str, ...] = ()
    link: str = ""
    withdrawn: bool = False


@dataclass(frozen=True)
class Release:
    """One version of a project: when its first file was uploaded and whether every file of
    it is yanked (PEP 592). A version with no files cannot be installed."""

    version: str
    upload_time: str = ""
    yanked: bool = False
    yanked_reason: str = ""
    files: int = 0


@dataclass(frozen=True)
class ProjectDetails:
    """What the index's JSON API says about a project (`version` = "") or one release of it.

    status: "found", "not-found", "error", "offline", "skipped", or "unsupported" when the
    index has no JSON API (a plain simple index). Metadata fields describe `described`: the
    latest release for a project document, the asked release otherwise."""

    name: str
    status: str
    version: str = ""
    error: str = ""
    described: str = ""
    releases: tuple[Release, ...] = ()
    license_expression: str = ""
    license: str = ""
    classifiers: tuple[str, ...] = ()
    project_urls: tuple[tuple[str, str], ...] = ()
    home_page: str = ""
    vulnerabilities: tuple[Vulnerability, ...] = ()
    yanked: bool = False
    yanked_reason: str = ""

    @property
    def info(self) -> dict:
        """The license-bearing fields in the JSON API's own shape (for licenses.license_of)."""
        return {"license_expression": self.license_expression, "license": self.license,
                "classifiers": list(self.classifiers)}

    @property
    def first_upload(self) -> str:
        times = [r.upload_time for r in self.releases if r.upload_time]
        return min(times, default="")


__all__ = ["DEFAULT_INDEX_URL", "STATUSES", "ProjectAnswer", "ProjectDetails", "Release", "Vulnerability",
           "normalize_name"]
