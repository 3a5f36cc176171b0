from __future__ import annotations

from stagewarden.rule import HIGH, MEDIUM, DependencyRule, Invalid, Report, Valid

_COMMIT = "3f6c1e2a9b8d7c6e5f4a3b2c1d0e9f8a7b6c5d4e"


class UnpinnedDirectSource(DependencyRule):
    """
    ## What it does
    Finds dependencies a change adds or changes that install from a VCS repository without a
    full commit hash (`git+https://...@main`, a tag, no ref at all; Poetry's and uv's `branch`
    and `tag`), or from an archive URL without a checksum (`#sha256=...` or `--hash`).
    Plain `http://` and `git://` sources are reported whatever they pin.

    ## Why is this bad?
    A branch or tag can be moved and a URL can serve other bytes tomorrow: the same commit of
    the project installs different code, and nothing records which. A commit hash or a
    checksum makes the install reproducible and tamper-evident.

    ## Example
    ```text
    mylib @ git+https://github.com/org/mylib@main
    ```

    ## Use instead
    ```text
    mylib @ git+https://github.com/org/mylib@3f6c1e2a9b8d7c6e5f4a3b2c1d0e9f8a7b6c5d4e
    ```

    ## Options
    None.

    ## Fix safety
    No fix: pin the commit you reviewed.

    ## References
    - [pip: VCS support](https://pip.pypa.io/en/stable/topics/vcs-support/)
    - [pip: secure installs with hashes](https://pip.pypa.io/en/stable/topics/secure-installs/)
    - [CWE-494: Download of Code Without Integrity Check](https://cwe.mitre.org/data/definitions/494.html)
    """

    id = "SW409"
    name = "unpinned-direct-source"
    summary = "A dependency installs from a VCS or URL source without a commit hash or checksum"
    hint = "pin a full commit hash for a VCS source, or add the archive's sha256 hash"
    severity = MEDIUM
    confidence = HIGH
    cwe = (494,)
    tags = ("dependencies", "supply-chain")
    statuses = ("added", "changed")

    def check(self, subject):
        requirement = subject.requirement
        if requirement.source not in ("vcs", "url"):
            return None
        url = requirement.url
        scheme = url.split("://", 1)[0].lower() if "://" in url else ""
        insecure = scheme in ("http", "git", "git+http", "hg+http", "svn+http", "bzr+http", "git+git", "svn", "svn+svn")
        if insecure:
            return Report(f"`{subject.name}` is fetched over an unencrypted `{scheme}://` URL, which anyone on the path "
                          "can change", hint="use https", severity=HIGH)
        if requirement.source_pinned:
            return None
        if requirement.source == "vcs":
            return Report(f"`{subject.name}` installs from a VCS repository at a branch, tag or default ref that can move",
                          hint="pin a full commit hash (`@<40-character sha>`)")
        return Report(f"`{subject.name}` installs from an archive URL with no checksum",
                      hint="add the archive's hash (`#sha256=...` or `--hash=sha256:...`)")

    VALID = [
        Valid(f"mylib @ git+https://github.com/org/mylib@{_COMMIT}\n", path="requirements.txt"),
        Valid("pkg @ https://files.example.com/pkg-1.0-py3-none-any.whl#sha256=" + "a" * 64 + "\n", path="requirements.txt"),
        Valid("requests==2.32.3\n", path="requirements.txt", index={"requests": "found"}),
        Valid("-e ./vendor/lib\n", path="requirements.txt"),
        # Unchanged since the base commit.
        Valid("mylib @ git+https://github.com/org/mylib@main\nrequests\n", path="requirements.txt",
              files={"requirements.txt": "mylib @ git+https://github.com/org/mylib@main\n"}, index={"requests": "found"}),
    ]
    INVALID = [
        Invalid("mylib @ git+https://github.com/org/mylib@main\n", 1, path="requirements.txt"),
        Invalid("-e git+https://github.com/org/mylib.git@v1.2#egg=mylib\n", 1, path="requirements.txt"),
        Invalid("pkg @ https://files.example.com/pkg-1.0.tar.gz\n", 1, path="requirements.txt"),
        Invalid(f"mylib @ git+http://git.example.com/mylib@{_COMMIT}\n", 1, path="requirements.txt"),
        Invalid('[project]\nname = "app"\ndependencies = ["mylib"]\n\n[tool.uv.sources]\n'
                'mylib = { git = "https://github.com/org/mylib", branch = "main" }\n', 3, path="pyproject.toml"),
        Invalid('[tool.poetry.dependencies]\npython = "^3.10"\nmylib = { git = "https://github.com/org/mylib.git", tag = "v1" }\n',
                3, path="pyproject.toml"),
    ]
