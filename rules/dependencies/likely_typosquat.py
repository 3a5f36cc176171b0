from __future__ import annotations

from stagewarden.rule import HIGH, LOW, MEDIUM, DependencyRule, Invalid, Report, Valid

_CONFIDENCE = {"high": HIGH, "medium": MEDIUM, "low": LOW}


class LikelyTyposquat(DependencyRule):
    """
    ## What it does
    Finds added dependencies whose name imitates a popular PyPI project or another dependency
    of the same project: a typo (edit distance, swapped letters, a neighbouring key),
    separator and case games (`py-yaml`), `py`/`python`/digit affixes (`python3-dateutil`,
    `requests2`), look-alike characters (`jeIlyfish` with a capital I), and combosquats (a
    popular name plus a word: `requests-toolbelt2`, `urllib3-secure`). Names that are popular
    themselves and the ecosystem's plugin families (`requests-oauthlib`, `ruamel.yaml`,
    `botocore`, `types-requests`, `django-environ`) are never flagged, nor is a project with a
    track record on the index (first upload over a year ago and at least five releases over
    at least six months: squats are removed long before that) unless its name uses look-alike
    characters. SW401 still asks for it to be vetted. A project that has been
    on the index longer than `min-project-age-days` is judged by the strict rules only; a new
    or unknown one also by looser ones (any popular name plus a word), at lower confidence.
    Works offline from the bundled list of the most downloaded projects. A look-alike that
    does not exist yet is reported too (SW402 says it does not exist): anyone can register it.

    ## Why is this bad?
    Attackers register misspellings and look-alikes of popular packages and wait for a typo;
    assistants produce the same near-misses. The install succeeds, and the code that runs is
    theirs.

    ## Example
    ```text
    python3-dateutil==2.9.0
    ```

    ## Use instead
    ```text
    python-dateutil==2.9.0
    ```

    ## Options
    Set in `[tool.stagewarden.dependencies]`: `max-typo-distance` (default 1: the edits
    allowed for short names; longer names also allow a second edit when it is a typing slip),
    `min-project-age-days` (default 30).

    ## Fix safety
    No fix: check which package was meant.

    ## References
    - [Typosquatting in package repositories (Vaidya et al.)](https://arxiv.org/abs/2003.03471)
    - [PyPI malware reports: the typosquatting campaigns](https://blog.pypi.org/tags/security/)
    - [CWE-1357: Reliance on Insufficiently Trustworthy Component](https://cwe.mitre.org/data/definitions/1357.html)
    """

    id = "SW403"
    name = "likely-typosquat"
    summary = "A new dependency's name imitates a popular package or another dependency"
    hint = "check the spelling against the project you meant; remove the look-alike if it was not intended"
    severity = HIGH
    confidence = HIGH
    cwe = (1357,)
    tags = ("dependencies", "supply-chain")
    needs = frozenset({"index", "details"})

    def check(self, subject):
        if subject.private:
            return None  # an internal name may resemble anything; SW408 guards it
        from stagewarden import typosquat

        raw = subject.requirement.raw_name or subject.name
        others = sorted(subject.project_names - {subject.name})
        suspicion = typosquat.check(raw, project=others, max_distance=subject.policy.max_typo_distance,
                                    established=subject.established)
        if suspicion is None:
            return None
        if suspicion.technique != "homoglyph" and _track_record(subject):
            return None  # years of releases: a real project with a similar name, not a squat
        confidence = _CONFIDENCE.get(getattr(suspicion, "confidence", "high"), HIGH)
        return Report(f"`{raw}` looks like a typosquat of `{suspicion.target}` ({suspicion.technique}): {suspicion.detail}",
                      hint=f"did you mean `{suspicion.target}`? If `{raw}` is intended, vet it and suppress this finding "
                           "with a reason", confidence=confidence)

    VALID = [
        # A long-lived project one letter away from a popular one: a real project, not a squat.
        Valid("colorame\n", path="requirements.txt", index={"colorame": {"versions": ["0.1", "0.2", "0.3", "0.4", "0.5"], "uploads": {
            "0.1": "2019-01-01T00:00:00Z", "0.5": "2021-06-01T00:00:00Z"}, "upload-time": "2020-01-01T00:00:00Z"}}),
        Valid("PyYAML\npython_dateutil\n", path="requirements.txt"),
        Valid("types-requests\ndjango-environ\n", path="requirements.txt"),
        Valid("requests\n", path="requirements.txt", index={"requests": "found"}),
        # Declared at the base commit already: not this change's doing.
        Valid("reqeusts\nrich\n", path="requirements.txt", files={"requirements.txt": "reqeusts\n"},
              index={"rich": "found"}),
    ]
    INVALID = [
        Invalid("python3-dateutil==2.9.0\n", 1, path="requirements.txt", index={"python3-dateutil": "found"}),
        Invalid("reqeusts\n", 1, path="requirements.txt", index={"reqeusts": {"versions": ["1.0"], "upload-time": "today"}}),
        # Old, but a single release: no track record.
        Invalid("colorame\n", 1, path="requirements.txt", index={"colorame": {"versions": ["0.1"], "upload-time": "2016-01-01T00:00:00Z"}}),
        # Not registered yet: SW402 says so, and anyone can still register it.
        Invalid("reqeusts\n", 1, path="requirements.txt", index={}),
        Invalid("jeIlyfish\n", 1, path="requirements.txt", index={"jeilyfish": {"versions": ["0.1"], "upload-time": "today"}}),
        Invalid('[project]\nname = "app"\ndependencies = ["requests-toolbelt2"]\n', 3, path="pyproject.toml",
                index={"requests-toolbelt2": {"versions": ["0.1"], "upload-time": "3 days ago"}}),
        # Look-alike characters are flagged whatever the project's history.
        Invalid("jeIlyfish\n", 1, path="requirements.txt", index={"jeilyfish": {"versions": ["1", "2", "3", "4", "5"], "uploads": {
            "1": "2015-01-01T00:00:00Z"}, "upload-time": "2019-01-01T00:00:00Z"}}),
        # Offline: the bundled list decides.
        Invalid("urllib3-secure\n", 1, path="requirements.txt", offline=True),
        # One letter from another dependency of the same project.
        Invalid("acme-billing-core\nacme-billing-cor\n", 2, path="requirements.txt",
                files={"requirements.txt": "acme-billing-core\n"},
                index={"acme-billing-core": "found", "acme-billing-cor": {"versions": ["9.0"], "upload-time": "today"}}),
    ]


def _track_record(subject) -> bool:
    """At least a year on the index and five releases spread over six months or more."""
    import datetime

    age = subject.age_days
    releases = [r for r in subject.known_releases if r.upload_time]
    if age is None or age < 365 or len(releases) < 5:
        return False
    times = sorted(r.upload_time[:10] for r in releases)
    try:
        span = datetime.date.fromisoformat(times[-1]) - datetime.date.fromisoformat(times[0])
    except ValueError:
        return False
    return span.days >= 180
