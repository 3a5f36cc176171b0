from __future__ import annotations

from stagewarden.rule import LOW, MEDIUM, NoticeRule


class ImportsNotVerified(NoticeRule):
    """
    ## What it does
    Says, once per run, which imported names could not be checked against the package index:
    the run was offline (`--offline`, or pre-commit.ci, which has no network) or the index
    did not answer in time, and the bundled data could not decide either (a private index,
    or the new-project check of SW203, which needs the index). The notice does not fail the
    run unless `on-index-error = "fail"`, which makes it a high-severity finding for teams
    that want to fail closed.

    ## Why is this bad?
    An import that could not be verified may be a hallucinated or freshly registered package;
    the check that would have said so did not run.

    ## Example
    ```python
    import acme_internal_tools  # private index unreachable
    ```

    ## Use instead
    ```python
    # run with network access to the configured index, or declare the package
    import acme_internal_tools
    ```

    ## Options
    None.

    ## Fix safety
    No fix is offered.

    ## References
    - [pre-commit.ci: no network access](https://pre-commit.ci/#restrictions)
    """

    id = "SW007"
    name = "imports-not-verified"
    summary = "Imported names could not be checked against the package index"
    hint = "run with access to the package index, or set on-index-error = \"fail\" to make this an error"
    severity = LOW
    confidence = MEDIUM
    tags = ("notice", "imports")
    EXAMPLES_EXEMPT = "raised by the import rules' project phase; tested in tests/imports/"
