from __future__ import annotations

from stagewarden.rule import HIGH, LOW, MEDIUM, DependencyRule, Invalid, Report, Valid

_POLICY = '[tool.stagewarden.dependencies]\nallowed-licenses = ["MIT", "BSD-3-Clause", "Apache-2.0"]\n'
_WARN_UNKNOWN = _POLICY.replace("]\n", ']\nunknown-license = "fail"\n', 1)


class LicenseNotAllowed(DependencyRule):
    """
    ## What it does
    Checks the license of each added dependency (the version it installs) against
    `allowed-licenses`: the SPDX `license_expression` of the release (PEP 639), else its
    license field, else its license classifiers. `MIT OR GPL-3.0-only` is allowed when either
    side is; `A AND B` needs both. A license stagewarden cannot determine (no data, "BSD"
    without a variant, a pasted text it does not recognise) is its own outcome, governed by
    `unknown-license`. Off until `allowed-licenses` is set.

    ## Why is this bad?
    A copyleft or non-commercial license in a dependency can bind the whole product; finding
    out at release time is expensive. The check happens when the dependency is added, while
    it is still cheap to choose another.

    ## Example
    ```toml
    [tool.stagewarden.dependencies]
    allowed-licenses = ["MIT", "BSD-3-Clause", "Apache-2.0"]
    # and a change adds a GPL-3.0-only package
    ```

    ## Use instead
    ```text
    # a permissively licensed alternative, or vet the exception with your legal team
    ```

    ## Options
    Set in `[tool.stagewarden.dependencies]`: `allowed-licenses` (SPDX ids or OR-expressions;
    empty turns the rule off), `unknown-license` ("allow", "warn": an advisory finding that
    never fails the run, the default; "fail").

    ## Fix safety
    No fix.

    ## References
    - [PEP 639: license expressions](https://peps.python.org/pep-0639/)
    - [SPDX license list](https://spdx.org/licenses/)
    """

    id = "SW405"
    name = "license-not-allowed"
    summary = "A new dependency's license is not in the allowed licenses"
    hint = "choose a dependency with an allowed license, or vet the exception and suppress with a reason"
    severity = MEDIUM
    confidence = HIGH
    tags = ("dependencies", "license")
    needs = frozenset({"index", "details", "releases"})

    def check(self, subject):
        policy = subject.policy
        if not policy.allowed_licenses or subject.from_url or subject.missing:
            return None
        from stagewarden.licenses import evaluate, license_of

        version = subject.installed_version
        release = subject.release(version) or (subject.project if not version else None)
        if release is None or release.status != "found":
            if subject.project is not None and subject.project.status == "not-found":
                return None
            subject.could_not(self.id, subject.why("details"))
            return None
        declared = license_of(release.info)
        verdict = evaluate(declared, policy.allowed_licenses)
        what = f"`{subject.name}`" + (f" {version}" if version else "")
        if verdict.outcome == "not-allowed":
            return Report(f"{what} is licensed `{declared.expression}`: {verdict.detail}")
        if verdict.outcome == "unknown" and policy.unknown_license != "allow":
            fail = policy.unknown_license == "fail"
            return Report(f"{what}: license unknown: {verdict.detail}",
                          hint="read the project's license and vet it, or set unknown-license",
                          severity=MEDIUM if fail else LOW, confidence=MEDIUM, advisory=not fail)
        return None

    VALID = [
        Valid("mitpkg\n", path="requirements.txt", files={"pyproject.toml": _POLICY},
              index={"mitpkg": {"license_expression": "MIT"}}),
        Valid("dual\n", path="requirements.txt", files={"pyproject.toml": _POLICY},
              index={"dual": {"license_expression": "GPL-3.0-only OR Apache-2.0"}}),
        Valid("classic\n", path="requirements.txt", files={"pyproject.toml": _POLICY},
              index={"classic": {"classifiers": ["License :: OSI Approved :: Apache Software License"]}}),
        # No policy: the rule is off.
        Valid("gplpkg\n", path="requirements.txt", index={"gplpkg": {"license_expression": "GPL-3.0-only"}}),
        Valid("mystery\n", path="requirements.txt",
              files={"pyproject.toml": _POLICY.replace("]\n", ']\nunknown-license = "allow"\n', 1)},
              index={"mystery": {"license": "UNKNOWN"}}),
    ]
    INVALID = [
        Invalid("gplpkg\n", 1, path="requirements.txt", files={"pyproject.toml": _POLICY},
                index={"gplpkg": {"license_expression": "GPL-3.0-only"}}),
        Invalid("mixed==2.0\n", 1, path="requirements.txt", files={"pyproject.toml": _POLICY},
                index={"mixed": {"license_expression": "MIT AND AGPL-3.0-or-later", "versions": ["1.0", "2.0"]}}),
        Invalid("oldstyle\n", 1, path="requirements.txt", files={"pyproject.toml": _POLICY},
                index={"oldstyle": {"classifiers": ["License :: OSI Approved :: GNU General Public License v3 (GPLv3)"]}}),
        Invalid("mystery\n", 1, path="requirements.txt", files={"pyproject.toml": _WARN_UNKNOWN},
                index={"mystery": {"license": "UNKNOWN"}}),
    ]
