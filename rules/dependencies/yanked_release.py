from __future__ import annotations

from stagewarden.rule import HIGH, DependencyRule, Invalid, Report, Valid

_YANKED = {"versions": ["1.0", "1.1", "1.2"], "yanked": {"1.1": "data loss on upgrade"}}


class YankedRelease(DependencyRule):
    """
    ## What it does
    Finds requirements and lock-file entries that pin a release the index has yanked
    (PEP 592), in dependencies a change adds or bumps. Ranges are not reported: installers
    skip yanked releases unless one is pinned exactly.

    ## Why is this bad?
    A release is yanked because it is broken or dangerous (data loss, a security hole, a
    packaging accident). An exact pin still installs it, so the project keeps the problem the
    maintainers withdrew the release over.

    ## Example
    ```text
    tool==1.1   # yanked: data loss on upgrade
    ```

    ## Use instead
    ```text
    tool==1.2
    ```

    ## Options
    None.

    ## Fix safety
    No fix: pick the release the maintainers recommend.

    ## References
    - [PEP 592: Adding "Yank" Support to the Simple API](https://peps.python.org/pep-0592/)
    """

    id = "SW407"
    name = "yanked-release"
    summary = "A dependency pins a yanked release"
    hint = "pin a release that is not yanked (usually the next one)"
    severity = HIGH
    confidence = HIGH
    tags = ("dependencies",)
    statuses = ("added", "changed")
    needs = frozenset({"index", "details"})

    def check(self, subject):
        version = subject.exact_version
        if not version or subject.from_url:
            return None
        project = subject.project
        if project is None or project.status not in ("found", "not-found"):
            subject.could_not(self.id, subject.why("details"))
            return None
        from packaging.version import InvalidVersion, Version

        try:
            wanted = Version(version)
            release = next((r for r in project.releases if Version(r.version) == wanted), None)
        except InvalidVersion:
            return None
        if release is None or not release.yanked:
            return None
        reason = f": {release.yanked_reason}" if release.yanked_reason else ""
        return Report(f"`{subject.name}` {version} is yanked on the index{reason}")

    VALID = [
        Valid("tool==1.2\n", path="requirements.txt", index={"tool": _YANKED}),
        Valid("tool>=1.0\n", path="requirements.txt", index={"tool": _YANKED}),
        # Already pinned at the base commit: not this change.
        Valid("tool==1.1\nother\n", path="requirements.txt", files={"requirements.txt": "tool==1.1\n"},
              index={"tool": _YANKED, "other": "found"}),
    ]
    INVALID = [
        Invalid("tool==1.1\n", 1, path="requirements.txt", index={"tool": _YANKED}),
        Invalid("tool==1.1\n", 1, path="requirements.txt", files={"requirements.txt": "tool==1.0\n"}, index={"tool": _YANKED}),
        Invalid('[[package]]\nname = "tool"\nversion = "1.1"\n', 2, path="poetry.lock", index={"tool": _YANKED}),
    ]
