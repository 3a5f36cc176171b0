from __future__ import annotations

from stagewarden.rule import HIGH, LOW, MEDIUM, DependencyRule, Invalid, Report, Valid


class NewProject(DependencyRule):
    """
    ## What it does
    Finds added dependencies whose project on the package index is brand new (first upload
    within `min-project-age-days`), thin (fewer than `min-releases` releases), or gives no
    link to a source repository (with `require-source-link`). New and thin together, or new
    without a source link, is high severity; new alone is medium; thin alone is low; a
    missing source link alone, on a project that is neither new nor thin, is only advisory
    (plenty of mature projects link just a home page).

    ## Why is this bad?
    Malicious packages live for days: registered, installed by whoever falls for them, then
    removed. A dependency nobody has used for long, with a single release and nowhere to read
    its source, has had no scrutiny. Waiting a few weeks (or vetting it) is cheap insurance.

    ## Example
    ```text
    fastjson-utils==0.1.0   # first uploaded 3 days ago, one release
    ```

    ## Use instead
    ```text
    orjson==3.10.12
    ```

    ## Options
    Set in `[tool.stagewarden.dependencies]`: `min-project-age-days` (default 30),
    `min-releases` (default 2), `require-source-link` (default true).

    ## Fix safety
    No fix: review the project, then vet it (`stagewarden vet`) and suppress with a reason,
    or wait.

    ## References
    - [PEP 700: upload-time in the Simple API](https://peps.python.org/pep-0700/)
    - [OpenSSF Scorecard: maintained projects](https://github.com/ossf/scorecard/blob/main/docs/checks.md)
    """

    id = "SW404"
    name = "new-or-thin-project"
    summary = "A new dependency's project is brand new, has very few releases, or links no source"
    hint = "review who publishes it and read its source before depending on it"
    severity = MEDIUM
    confidence = HIGH
    cwe = (1357,)
    tags = ("dependencies", "supply-chain")
    needs = frozenset({"index", "details"})

    def check(self, subject):
        if subject.from_url or subject.missing:
            return None  # nothing on the index to judge; a missing project is SW402's
        policy = subject.policy
        answer, project = subject.answer, subject.project
        have_details = project is not None and project.status == "found"
        if not have_details and (answer is None or answer.status != "found"):
            subject.could_not(self.id, subject.why("details") if project is not None else subject.why("index"))
            return None
        age = subject.age_days
        releases = len(subject.known_releases) if have_details else len(answer.versions)
        new = age is not None and age < policy.min_project_age_days
        thin = 0 < releases < policy.min_releases
        no_source = have_details and policy.require_source_link and not subject.source_link
        reasons = []
        if new:
            reasons.append(f"first uploaded {age} day{'s' if age != 1 else ''} ago")
        if thin:
            reasons.append(f"{releases} release{'s' if releases != 1 else ''}")
        if no_source:
            reasons.append("no link to a source repository")
        if not reasons:
            return None
        severity = HIGH if new and (thin or no_source) else MEDIUM if new else LOW
        return Report(f"`{subject.name}` is a new or little-known project on the index ({', '.join(reasons)})",
                      severity=severity, advisory=not (new or thin))

    VALID = [
        Valid("requests\n", path="requirements.txt", index={"requests": "found"}),
        Valid("attrs\n", path="requirements.txt",
              index={"attrs": {"versions": ["21.1", "22.1", "23.1"], "upload-time": "400 days ago"}}),
        # Already a dependency: a new release of it is not a new project.
        Valid("fresh==2.0\n", path="requirements.txt", files={"requirements.txt": "fresh==1.0\n"},
              index={"fresh": {"versions": ["1.0", "2.0"], "upload-time": "today"}}),
        Valid("lonely\n", path="requirements.txt",
              files={"pyproject.toml": "[tool.stagewarden.dependencies]\nmin-releases = 1\n"},
              index={"lonely": {"versions": ["1.0"], "upload-time": "2017-06-01T00:00:00Z"}}),
    ]
    INVALID = [
        Invalid("fastjson-utils==0.1.0\n", 1, path="requirements.txt",
                index={"fastjson-utils": {"versions": ["0.1.0"], "upload-time": "3 days ago"}}),
        Invalid("lonely\n", 1, path="requirements.txt",
                index={"lonely": {"versions": ["1.0"], "upload-time": "2017-06-01T00:00:00Z"}}),
        # Reported, but only as advisory: a mature project that links no repository.
        Invalid("nosource\n", 1, path="requirements.txt",
                index={"nosource": {"versions": ["1.0", "1.1"], "project_urls": {}, "upload-time": "2019-01-01T00:00:00Z"}}),
        Invalid("newnosource\n", 1, path="requirements.txt",
                index={"newnosource": {"versions": ["1.0", "1.1"], "project_urls": {}, "upload-time": "5 days ago"}}),
        Invalid('[project]\nname = "app"\ndependencies = [\n  "brandnew>=1",\n]\n', 4, path="pyproject.toml",
                index={"brandnew": {"versions": ["1.0", "1.1", "1.2"], "upload-time": "10 days ago"}}),
    ]
