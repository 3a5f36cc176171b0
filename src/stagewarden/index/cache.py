"""Index answers on disk, keyed by (index URL, normalized name).

"found" answers (and JSON API metadata, advisories included) live 24 hours; "not-found" only 10 minutes, because a missing name can be
registered at any time (a squatter waits for exactly that), so it is never cached as safe for
long. "error", "offline" and "skipped" are never cached. Writes are a temporary file renamed
into place, as in stagewarden.cache, because hook processes run in parallel. An entry that
cannot be read is a miss, never an error. The index URL itself is not stored, only hashed.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Callable

from stagewarden.atomic import write_atomically
import dataclasses

from stagewarden.index.model import ProjectAnswer, ProjectDetails, Release, Vulnerability, normalize_name

SCHEMA = 1
LIFETIMES = {"found": 24 * 60 * 60.0, "not-found": 10 * 60.0}


class IndexCache:
    def __init__(self, directory: Path, *, clock: Callable[[], float] = time.time):
        self.directory = Path(directory) / f"index-v{SCHEMA}"
        self.clock = clock

    def key(self, index_url: str, name: str) -> str:
        digest = hashlib.sha256(f"{SCHEMA}\0{index_url}\0{normalize_name(name)}".encode())
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key[2:]}.json"

    def get(self, index_url: str, name: str) -> ProjectAnswer | None:
        normalized = normalize_name(name)
        try:
            with open(self._path(self.key(index_url, normalized)), encoding="utf-8") as handle:
                raw = json.load(handle)
            status = raw["status"]
            age = self.clock() - float(raw["stored"])
            if status not in LIFETIMES or raw["name"] != normalized or not 0 <= age < LIFETIMES[status]:
                return None
            versions = raw.get("versions", [])
            if not isinstance(versions, list) or not all(isinstance(v, str) for v in versions):
                return None
            first_upload = raw.get("first_upload", "")
            return ProjectAnswer(normalized, status, versions=tuple(versions), files=int(raw.get("files", 0)),
                                 first_upload=first_upload if isinstance(first_upload, str) else "")
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, index_url: str, answer: ProjectAnswer) -> None:
        if answer.status not in LIFETIMES:
            return
        path = self._path(self.key(index_url, answer.name))
        payload = json.dumps(
            {"name": answer.name, "status": answer.status, "versions": list(answer.versions),
             "files": answer.files, "first_upload": answer.first_upload, "stored": self.clock()},
            separators=(",", ":"),
        )
        try:
            write_atomically(path, payload)
        except OSError:
            pass  # a read-only or full disk costs requests, not correctness

    # -- JSON API metadata ---------------------------------------------------------------
    def _details_path(self, index_url: str, name: str, version: str) -> Path:
        return self._path(self.key(index_url, f"{normalize_name(name)}\0{version}"))

    def get_details(self, index_url: str, name: str, version: str) -> ProjectDetails | None:
        normalized = normalize_name(name)
        try:
            with open(self._details_path(index_url, normalized, version), encoding="utf-8") as handle:
                raw = json.load(handle)
            age = self.clock() - float(raw.pop("stored"))
            if raw["status"] not in LIFETIMES or not 0 <= age < LIFETIMES[raw["status"]]:
                return None
            if raw["name"] != normalized or raw["version"] != version:
                return None
            raw["releases"] = tuple(Release(**r) for r in raw["releases"])
            raw["vulnerabilities"] = tuple(
                Vulnerability(**{**v, "aliases": tuple(v["aliases"]), "fixed_in": tuple(v["fixed_in"])})
                for v in raw["vulnerabilities"]
            )
            raw["classifiers"] = tuple(raw["classifiers"])
            raw["project_urls"] = tuple(tuple(pair) for pair in raw["project_urls"])
            return ProjectDetails(**raw)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put_details(self, index_url: str, details: ProjectDetails) -> None:
        if details.status not in LIFETIMES:
            return
        payload = json.dumps({**dataclasses.asdict(details), "stored": self.clock()}, separators=(",", ":"))
        try:
            write_atomically(self._details_path(index_url, details.name, details.version), payload)
        except OSError:
            pass
