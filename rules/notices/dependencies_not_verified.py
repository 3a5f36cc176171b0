from __future__ import annotations

from stagewarden.rule import LOW, MEDIUM, NoticeRule


class DependenciesNotVerified(NoticeRule):
    """
    ## What it does
    Says, once per run, which dependency checks could not run and for which dependencies:
    the run was offline (`--offline`, pre-commit.ci), the index did not answer in time, the
    index has no JSON API (licenses, upload times, yanks and advisories come from it), or a
    dependency is pinned to an index stagewarden was not configured to ask. The checks that
    work from bundled data (typosquats, and for PyPI whether a name exists) still ran. The
    notice does not fail the run unless `on-index-error = "fail"`.

    ## Why is this bad?
    A dependency that was not checked for vulnerabilities or licenses may still have them;
    saying so plainly is better than a green run that checked nothing.

    ## Example
    ```text
    $ stagewarden check --offline requirements.txt
    requirements.txt:3:1: SW008 2 dependencies could not be fully checked: SW405 license, SW406 vulnerabilities not run for httpx, rich (offline)
    ```

    ## Use instead
    ```text
    # run the check where the index is reachable (a CI job with network access)
    ```

    ## Options
    None.

    ## Fix safety
    No fix is offered.

    ## References
    - [pre-commit.ci: no network access](https://pre-commit.ci/#restrictions)
    """

    id = "SW008"
    name = "dependencies-not-verified"
    summary = "Some dependency checks could not run"
    hint = "run with access to the package index, or set on-index-error = \"fail\" to make this an error"
    severity = LOW
    confidence = MEDIUM
    tags = ("notice", "dependencies")
    EXAMPLES_EXEMPT = "raised by the dependency rules' project phase; tested in tests/dependencies/"
