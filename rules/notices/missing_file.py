from __future__ import annotations

from stagewarden.rule import HIGH, LOW, NoticeRule


class MissingFile(NoticeRule):
    """
    ## What it does
    Reports a path that was asked for but does not exist (deleted or moved while checking),
    or that is a directory where a file was expected.

    ## Why is this bad?
    Nothing was checked at that path. A typo in a path given to `stagewarden check` would
    otherwise pass silently.

    ## Example
    `stagewarden check app/htpp.py` where the file is `app/http.py`.

    ## Use instead
    `stagewarden check app/http.py`

    ## Options
    None.

    ## Fix safety
    No fix is offered.

    ## References
    - [stagewarden CLI](../cli.md)
    """

    id = "SW004"
    name = "missing-file"
    summary = "path does not exist, so it was not checked"
    hint = "check the path"
    severity = LOW
    confidence = HIGH
    tags = ("notice",)
    EXAMPLES_EXEMPT = "needs a path that does not exist; covered by tests/engine/test_bad_input.py"
