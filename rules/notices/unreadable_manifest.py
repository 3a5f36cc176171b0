from __future__ import annotations

from stagewarden.rule import HIGH, MEDIUM, NoticeRule


class UnreadableManifest(NoticeRule):
    """
    ## What it does
    Reports a dependency manifest (pyproject.toml, a requirements or constraints file,
    setup.cfg, Pipfile, a lock file) that cannot be read, or an entry in one that is not a
    valid requirement: broken TOML, text that is not UTF-8, `requests>>2`. The rest of the
    file is still checked.

    ## Why is this bad?
    The dependency checks cannot see what an unreadable entry adds, and installers will fail
    on it (or, worse, some read it differently).

    ## Example
    ```text
    requests>>2.0
    ```

    ## Use instead
    ```text
    requests>=2.0
    ```

    ## Options
    None.

    ## Fix safety
    No fix is offered.

    ## References
    - [PEP 508: Dependency specification](https://peps.python.org/pep-0508/)
    - [pip: requirements file format](https://pip.pypa.io/en/stable/reference/requirements-file-format/)
    """

    id = "SW009"
    name = "unreadable-manifest"
    summary = "A dependency manifest or one of its entries cannot be read"
    hint = "fix the file so that installers and stagewarden read it the same way"
    severity = MEDIUM
    confidence = HIGH
    tags = ("notice", "dependencies")
    EXAMPLES_EXEMPT = "raised by the dependency rules' project phase; tested in tests/dependencies/"
