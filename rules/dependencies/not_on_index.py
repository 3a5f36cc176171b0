from __future__ import annotations

from stagewarden.rule import HIGH, MEDIUM, DependencyRule, Invalid, Report, Valid


class NotOnIndex(DependencyRule):
    """
    ## What it does
    Finds added dependencies whose project does not exist on the package index (the configured
    index and any extra ones), and pins of a version the project never released. Offline, a
    name missing from the bundled list of every PyPI project name is reported at medium
    confidence (it may have been registered since the list was made).

    ## Why is this bad?
    A name that resolves to nothing is a hallucinated or mistyped dependency. Today the
    install fails; tomorrow someone registers the name (slopsquatting) and the install
    succeeds with their code. A pinned version that was never released is usually an
    invented one.

    ## Example
    ```text
    requests-async-helpers==1.2.0
    ```

    ## Use instead
    ```text
    httpx==0.28.1
    ```

    ## Options
    The index is `index-url` / `extra-index-urls` of `[tool.stagewarden]`.

    ## Fix safety
    No fix: find the package that was meant.

    ## References
    - [Slopsquatting](https://socket.dev/blog/slopsquatting-how-ai-hallucinations-are-fueling-a-new-class-of-supply-chain-attacks)
    - [PEP 691: JSON-based Simple API](https://peps.python.org/pep-0691/)
    """

    id = "SW402"
    name = "dependency-not-on-index"
    summary = "A dependency names a project (or version) that does not exist on the package index"
    hint = "check the name: it may be a typo or an invented package; a name nobody owns can be registered by anyone"
    severity = HIGH
    confidence = HIGH
    cwe = (1357,)
    tags = ("dependencies", "supply-chain")
    statuses = ("added", "changed")
    needs = frozenset({"index", "details"})

    def check(self, subject):
        requirement = subject.requirement
        if subject.from_url:
            return None  # installed from its URL, not from the index
        answer = subject.answer
        if answer is not None and answer.status == "found":
            return self._version(subject)
        if subject.change.status != "added":
            return None
        shown = requirement.raw_name or subject.name
        if subject.missing:
            return Report(f"`{shown}` does not exist on {subject.index_label}{_suggestion(shown)}")
        if subject.on_pypi:
            from stagewarden import known_packages

            if not known_packages.may_exist(subject.name):
                return Report(f"`{shown}` is not in the bundled list of PyPI projects ({known_packages.snapshot()}): "
                              f"it does not exist, or was registered since{_suggestion(shown)}", confidence=MEDIUM)
        subject.could_not(self.id, subject.why("index"))
        return None

    def _version(self, subject):
        version = subject.exact_version
        project = subject.project
        if not version or project is None or project.status != "found" or not project.releases:
            return None
        from packaging.version import InvalidVersion, Version

        try:
            wanted = Version(version)
            released = {Version(r.version) for r in project.releases if r.files}
        except InvalidVersion:
            return None
        if wanted in released:
            return None
        newest = max(released, default=None)
        return Report(f"`{subject.name}` has no release {version} on {subject.index_label}"
                      + (f" (the newest is {newest})" if newest else ""),
                      hint="pin a version that exists; an invented version number fails to install or installs something else")

    VALID = [
        Valid("requests==2.0\n", path="requirements.txt", index={"requests": {"versions": ["1.0", "2.0"]}}),
        Valid("requests>=2\n", path="requirements.txt", index={"requests": {"versions": ["1.0", "2.0"]}}),
        # Installed from a URL: the index is not involved.
        Valid("internal-tool @ git+https://git.example.com/tools/internal-tool@3f6c1e2a9b8d7c6e5f4a3b2c1d0e9f8a7b6c5d4e\n",
              path="requirements.txt"),
        # Already declared at the base commit: not this change's doing.
        Valid("ghost-package\nrequests\n", path="requirements.txt", files={"requirements.txt": "ghost-package\n"},
              index={"requests": "found"}),
        # Offline, a name in the bundled list of PyPI projects is taken as existing.
        Valid("requests\n", path="requirements.txt", offline=True),
    ]
    INVALID = [
        Invalid("requests\nrequests-async-helpers==1.2.0\n", 2, path="requirements.txt", index={"requests": "found"}),
        Invalid('[project]\nname = "app"\ndependencies = ["fastjson-utils>=1"]\n', 3, path="pyproject.toml"),
        Invalid("requests==2.99.0\n", 1, path="requirements.txt", index={"requests": {"versions": ["2.31.0", "2.32.3"]}}),
        Invalid("zqxv-hallucinated-helpers\n", 1, path="requirements.txt", offline=True),
    ]


def _suggestion(name: str) -> str:
    """The popular project the name imitates (the typosquat engine SW403 already loaded),
    else the closest known name."""
    from stagewarden import known_packages, typosquat

    suspicion = typosquat.check(name, established=False)
    if suspicion is not None and suspicion.technique != "project-dependency":
        return f"; did you mean `{suspicion.target}`?"
    found = [dist for _, dist in known_packages.suggestions(name)]
    return f"; did you mean `{found[0]}`?" if found else ""
