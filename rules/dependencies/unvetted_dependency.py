from __future__ import annotations

from stagewarden.rule import HIGH, MEDIUM, DependencyRule, Invalid, Report, Valid
from stagewarden.vetting import covers

_PYPROJECT = '[project]\nname = "app"\ndependencies = [\n    "requests>=2.31",\n]\n'
_VETTED = ('[[dependency]]\nname = "httpx"\nversion = ">=0.27,<1"\nreason = "async HTTP client"\n'
           'vetted-by = "Sam <sam@example.com>"\ndate = 2026-11-01\nchecked = []\n')


class UnvettedDependency(DependencyRule):
    """
    ## What it does
    Finds dependencies a change adds to a manifest (pyproject.toml, requirements and
    constraints files, setup.cfg, Pipfile) that no entry of the vetting file covers, and
    packages the project's policy denies outright (`denied-packages`). An entry covers a
    requirement when its `version` specifier admits the pinned version, or every release the
    requirement's range admits. Dependencies that were already declared at the base commit,
    moved between files, or only bumped are not new. Packages that appear only in a lock file
    (transitive dependencies) need vetting only with `vet-lock-files = true`.

    ## Why is this bad?
    Every dependency is code that runs with the project's privileges, and assistants add them
    freely. A reviewed record of who vetted each dependency, why, and for which versions
    (in the spirit of cargo-vet) keeps that decision with a person, in the repository,
    visible in review.

    ## Example
    ```toml
    dependencies = ["requests>=2.31", "leftpad-utils"]  # added, nobody vetted it
    ```

    ## Use instead
    ```console
    $ stagewarden vet leftpad-utils --version ">=1.2,<2" --reason "string helpers; reviewed source and maintainers"
    ```

    ## Options
    Set in `[tool.stagewarden.dependencies]`: `vetted-file` (default `stagewarden-vetted.toml`),
    `denied-packages` (names or globs), `vet-lock-files` (default false).

    ## Fix safety
    No fix: vetting is a person's decision. `stagewarden vet` writes the record.

    ## References
    - [cargo-vet](https://mozilla.github.io/cargo-vet/)
    - [CWE-1357: Reliance on Insufficiently Trustworthy Component](https://cwe.mitre.org/data/definitions/1357.html)
    """

    id = "SW401"
    name = "unvetted-dependency"
    summary = "A dependency was added that no vetting record covers"
    hint = 'review it, then record the review: stagewarden vet NAME --reason "..."'
    severity = MEDIUM
    confidence = HIGH
    cwe = (1357,)
    tags = ("dependencies", "supply-chain")
    # The index's release list tells whether a range stays inside a vetted range.
    needs = frozenset({"details"})

    def check(self, subject):
        policy = subject.policy
        requirement = subject.requirement
        denied = policy.denied(subject.name)
        if denied:
            return Report(f"`{subject.name}` is denied by this project's policy (denied-packages: `{denied}`)",
                          hint="remove the dependency, or change denied-packages if the policy is wrong", severity=HIGH)
        if not subject.change.direct and not policy.vet_lock_files:
            return None
        vetted = subject.vetted
        hint = (f'review it, then record the review: stagewarden vet {requirement.raw_name or subject.name}'
                + (f' --version "{requirement.specifier}"' if requirement.specifier else "") + ' --reason "..."')
        if vetted is not None and vetted.problem:
            return Report(f"new dependency `{subject.name}` cannot be checked against {policy.vetted_file}: "
                          f"the file {vetted.problem}", hint=f"fix {policy.vetted_file}")
        records = vetted.for_name(subject.name) if vetted is not None else []
        known = [r.version for r in subject.known_releases]
        if any(covers(r, requirement.specifier, subject.exact_version, known) for r in records):
            return None
        wanted = subject.exact_version or requirement.specifier or "any version"
        if records:
            ranges = ", ".join(f"`{r.version}`" for r in records)
            return Report(f"new dependency `{subject.name}` ({wanted}) is vetted only for {ranges} in {policy.vetted_file}",
                          hint=hint)
        return Report(f"new dependency `{subject.name}` ({requirement.text}) has no vetting record in {policy.vetted_file}",
                      hint=hint)

    VALID = [
        Valid(_PYPROJECT, path="pyproject.toml", files={"pyproject.toml": _PYPROJECT}),
        # Moved from requirements.txt to pyproject.toml: not new.
        Valid(_PYPROJECT, path="pyproject.toml", files={"requirements.txt": "requests>=2.31\n"}),
        # A version bump is not a new dependency.
        Valid("requests==2.32.3\n", path="requirements.txt", files={"requirements.txt": "requests==2.31.0\n"}),
        Valid("requests>=2.31\nhttpx>=0.27,<1\n", path="requirements.txt",
              files={"requirements.txt": "requests>=2.31\n", "stagewarden-vetted.toml": _VETTED}),
        Valid("httpx==0.28.1\n", path="requirements.txt", files={"stagewarden-vetted.toml": _VETTED}),
        # A constraint pins a version; it adds nothing.
        Valid("urllib3<3\n", path="constraints.txt"),
        # A transitive package pinned by a lock file needs vetting only with vet-lock-files.
        Valid('version = 1\n\n[[package]]\nname = "idna"\nversion = "3.10"\nsource = { registry = "https://pypi.org/simple" }\n',
              path="uv.lock"),
        # A local path or workspace member is the project's own code.
        Valid("-e ./libs/shared\n", path="requirements.txt"),
    ]
    INVALID = [
        Invalid('[project]\nname = "app"\ndependencies = [\n    "requests>=2.31",\n    "leftpad-utils",\n]\n', 5,
                path="pyproject.toml", files={"pyproject.toml": _PYPROJECT}),
        Invalid("requests>=2.31\nflask\n", 2, path="requirements.txt", files={"requirements.txt": "requests>=2.31\n"}),
        # The record covers httpx <1 only.
        Invalid("httpx==1.0.0\n", 1, path="requirements.txt", files={"stagewarden-vetted.toml": _VETTED}),
        Invalid("[options]\ninstall_requires =\n    requests\n    rich\n", 3, 4, path="setup.cfg"),
        Invalid('[tool.poetry.dependencies]\npython = "^3.10"\npendulum = "^3.0"\n', 3, path="pyproject.toml"),
        Invalid('[tool.stagewarden.dependencies]\ndenied-packages = ["pycrypto"]\n\n[project]\nname = "app"\n'
                'dependencies = ["pycrypto"]\n', 6, path="pyproject.toml",
                files={"stagewarden-vetted.toml": '[[dependency]]\nname = "pycrypto"\nreason = "old"\n'}),
    ]
