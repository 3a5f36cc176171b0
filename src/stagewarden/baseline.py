"""Baselines: accept the findings a project already has, report only new ones.

An entry is (rule, path, fingerprint) with a count, where the fingerprint hashes the rule,
the path and the whitespace-free code of the finding (secrets: a hash of the secret), never
a line number: edits elsewhere in the file do not churn it, two branches adding unrelated
code do not conflict over it, and a new finding that happens to land on an old line is not
hidden by it. The file is sorted, deterministic JSON without timestamps.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from stagewarden.findings import Finding

FORMAT_VERSION = 1


class BaselineError(Exception):
    pass


Key = tuple[str, str, str]
# The rule of entries imported from a detect-secrets baseline: they name no rule of ours.
IMPORTED_SECRET = "detect-secrets"


@dataclass
class Baseline:
    counts: Counter

    @classmethod
    def from_findings(cls, findings: Iterable[Finding]) -> "Baseline":
        return cls(Counter((f.rule_id, f.path, f.fingerprint) for f in findings))

    @classmethod
    def load(cls, path: Path) -> "Baseline":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BaselineError(f"baseline file {path} does not exist (create it with `stagewarden baseline`)") from None
        except (OSError, ValueError) as error:
            raise BaselineError(f"baseline file {path} is not valid JSON: {error}") from None
        if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION or not isinstance(data.get("findings"), list):
            raise BaselineError(f"baseline file {path} is not a stagewarden baseline (version {FORMAT_VERSION})")
        counts: Counter = Counter()
        for entry in data["findings"]:
            try:
                counts[(entry["rule"], entry["path"], entry["fingerprint"])] += int(entry.get("count", 1))
            except (KeyError, TypeError, ValueError):
                raise BaselineError(f"baseline file {path} has a malformed entry: {entry!r}") from None
        return cls(counts)

    def dumps(self) -> str:
        entries = [
            {"rule": rule, "path": path, "fingerprint": fingerprint, "count": count}
            for (rule, path, fingerprint), count in sorted(self.counts.items(), key=lambda item: (item[0][1], item[0][0], item[0][2]))
            if count > 0
        ]
        return json.dumps({"version": FORMAT_VERSION, "tool": "stagewarden", "findings": entries}, indent=2, sort_keys=True) + "\n"

    def write(self, path: Path) -> None:
        path.write_text(self.dumps(), encoding="utf-8")

    def split(self, findings: list[Finding]) -> tuple[list[Finding], list[Finding], Counter]:
        """(new findings, baselined findings, entries left unmatched). An entry imported from
        detect-secrets accepts its secret in its file however often it occurs."""
        remaining = Counter(self.counts)
        imported = {key for key in self.counts if key[0] == IMPORTED_SECRET}
        used: set[Key] = set()
        new, known = [], []
        for finding in sorted(findings, key=lambda f: f.sort_key):
            key = (finding.rule_id, finding.path, finding.fingerprint)
            sha1 = dict(finding.properties).get("secret_sha1")
            legacy = (IMPORTED_SECRET, finding.path, f"sha1:{sha1}") if sha1 else None
            if remaining[key] > 0:
                remaining[key] -= 1
                known.append(finding)
            elif legacy in imported:
                used.add(legacy)
                known.append(finding)
            else:
                new.append(finding)
        for key in used:
            remaining[key] = 0
        return new, known, +remaining

    @classmethod
    def from_detect_secrets(cls, path: Path) -> "Baseline":
        """A detect-secrets `.secrets.baseline`: each result becomes an entry that accepts that
        secret (by detect-secrets' SHA-1 of it, the only form it stores) in that file."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BaselineError(f"{path} does not exist") from None
        except (OSError, ValueError) as error:
            raise BaselineError(f"{path} is not valid JSON: {error}") from None
        results = data.get("results") if isinstance(data, dict) else None
        if not isinstance(results, dict):
            raise BaselineError(f"{path} is not a detect-secrets baseline (no \"results\" table)")
        counts: Counter = Counter()
        for filename, entries in results.items():
            for entry in entries if isinstance(entries, list) else ():
                hashed = entry.get("hashed_secret") if isinstance(entry, dict) else None
                if isinstance(hashed, str) and len(hashed) == 40 and not entry.get("is_secret") is True:
                    counts[(IMPORTED_SECRET, str(entry.get("filename", filename)).replace("\\", "/"), f"sha1:{hashed.lower()}")] = 1
        return cls(counts)
