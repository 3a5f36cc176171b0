from __future__ import annotations

import datetime

from stagewarden.rule import HIGH, MEDIUM, ImportRule, Invalid, Option, Report, Valid


class SuspiciousPackage(ImportRule):
    """
    ## What it does
    Finds imports of packages the project does not declare whose project on the package index
    is brand new (first upload within `max-age-days`) or has fewer than `min-releases`
    releases. Packages the bundled data knows as popular, and anything the project declares
    or has installed, are not checked.

    ## Why is this bad?
    This is the signature of a registered hallucination: someone noticed that code assistants
    keep inventing a name, published a project under it, and waits for the import to be
    installed. A legitimate new dependency is declared and vetted on purpose; an undeclared
    import of a days-old, one-release project is the attack.

    ## Example
    ```python
    import fastjson_utils  # first uploaded last week, one release
    ```

    ## Use instead
    ```python
    import json
    ```

    ## Options
    - `max-age-days` (integer, default 90): a project first uploaded fewer days ago is new.
    - `min-releases` (integer, default 2): a project with fewer releases is thin.

    ## Fix safety
    No fix: check what the package is before using it.

    ## References
    - [Slopsquatting: package hallucinations as a supply-chain attack](https://socket.dev/blog/slopsquatting-how-ai-hallucinations-are-fueling-a-new-class-of-supply-chain-attacks)
    - [PEP 700: Additional fields for the Simple API for Package Indexes](https://peps.python.org/pep-0700/)
    - [CWE-1357: Reliance on Insufficiently Trustworthy Component](https://cwe.mitre.org/data/definitions/1357.html)
    """

    id = "SW203"
    name = "suspicious-package"
    summary = "Import of an undeclared package whose index project is brand new or thin"
    hint = "check who published the package and why; declare and vet it, or use a well-known package"
    severity = HIGH
    confidence = MEDIUM
    cwe = (1357,)
    tags = ("imports", "supply-chain")
    options = (
        Option("max-age-days", int, 90, "a project first uploaded fewer days ago than this is new"),
        Option("min-releases", int, 2, "a project with fewer releases than this is thin"),
    )

    def check(self, fact, verdict):
        answer = verdict.answer
        if verdict.status != "undeclared" or verdict.evidence != "index" or answer is None:
            return None
        reasons = []
        age = _age_days(answer.first_upload, verdict.today)
        if age is not None and age < self.opts["max-age-days"]:
            reasons.append(f"first uploaded {age} day{'s' if age != 1 else ''} ago")
        releases = len(answer.versions)
        if answer.versions and releases < self.opts["min-releases"]:
            reasons.append(f"{releases} release{'s' if releases != 1 else ''}")
        if not reasons:
            return None
        message = (f"`{verdict.module}` is not declared by the project, and its index project `{answer.name}` is new or "
                   f"thin ({', '.join(reasons)}): the signature of a registered hallucinated name")
        return Report(message, confidence=HIGH if len(reasons) == 2 else MEDIUM)

    VALID = [
        Valid("import requests\n"),
        Valid("import oldpkg\n", index={"oldpkg": {"versions": ["1.0", "1.1", "2.0"], "upload-time": "2019-05-01T10:00:00Z"}}),
        Valid("import newpkg\n", files={"requirements.txt": "newpkg==0.1\n"},
              index={"newpkg": {"versions": ["0.1"], "upload-time": "today"}}),
        Valid("try:\n    import oldthin\nexcept ImportError:\n    oldthin = None\n",
              index={"oldthin": {"versions": ["1.0", "1.1"], "upload-time": "2015-01-01T00:00:00Z"}}),
    ]
    INVALID = [
        Invalid("import newpkg\n", 1, index={"newpkg": {"versions": ["0.1"], "upload-time": "today"}}),
        Invalid("from newpkg import x\n", 1, index={"newpkg": {"versions": ["0.1", "0.2", "0.3"], "upload-time": "today"}}),
        Invalid("import thinpkg\n", 1, index={"thinpkg": {"versions": ["1.0"], "upload-time": "2018-01-01T00:00:00Z"}}),
    ]


def _age_days(first_upload: str, today: datetime.date) -> int | None:
    try:
        uploaded = datetime.date.fromisoformat(first_upload[:10])
    except ValueError:
        return None
    return max(0, (today - uploaded).days)
