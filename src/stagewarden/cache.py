"""Per-file results, keyed by content hash + tool version + configuration hash + path.

pre-commit runs several hook processes at once over the same files, so every write goes to a
temporary file in the cache directory and is renamed into place (atomic on POSIX and Windows).
A cache entry that cannot be read is a miss, never an error.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

from stagewarden import __version__
from stagewarden.atomic import write_atomically
from stagewarden.engine import FileOutcome
from stagewarden.findings import finding_from_dict, finding_to_dict
from stagewarden.imports import ImportFact

SCHEMA = 2


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        if sys.platform == "win32":
            base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        elif sys.platform == "darwin":
            base = str(Path.home() / "Library" / "Caches")
        else:
            base = str(Path.home() / ".cache")
    return Path(base) / "stagewarden"


class ResultCache:
    def __init__(self, directory: Path, config_hash: str):
        self.directory = directory / f"v{SCHEMA}"
        self.salt = f"{__version__}\0{config_hash}\0".encode()

    def key(self, rel: str, data: bytes) -> str:
        digest = hashlib.sha256(self.salt)
        digest.update(rel.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key[2:]}.json"

    def get(self, key: str) -> FileOutcome | None:
        try:
            with open(self._path(key), encoding="utf-8") as handle:
                raw = json.load(handle)
            imports = [ImportFact.from_list(item) for item in raw.get("imports", ())]
            return FileOutcome([finding_from_dict(f) for f in raw["findings"]], raw["suppressed"], imports)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, outcome: FileOutcome) -> None:
        path = self._path(key)
        payload = json.dumps(
            {"findings": [finding_to_dict(f) for f in outcome.findings], "suppressed": outcome.suppressed,
             "imports": [fact.to_list() for fact in outcome.imports]},
            separators=(",", ":"),
        )
        try:
            write_atomically(path, payload)
        except OSError:
            pass  # a read-only or full disk costs speed, not correctness
