from __future__ import annotations

from stagewarden.rule import HIGH, LOW, NoticeRule


class FileTooLarge(NoticeRule):
    """
    ## What it does
    Reports a file skipped because it is larger than `max-file-size` (2 MiB by default).

    ## Why is this bad?
    The file was not checked. Very large files are usually generated or vendored; exclude them
    explicitly so the skip is a decision, or raise the limit.

    ## Example
    A 5 MB generated `schema_pb2.py` passed to the hook.

    ## Use instead
    ```toml
    [tool.stagewarden]
    exclude = ["*_pb2.py"]        # or: max-file-size = 8388608
    ```

    ## Options
    None (the limit is the top-level `max-file-size` setting).

    ## Fix safety
    No fix is offered.

    ## References
    - [stagewarden configuration](../configuration.md)
    """

    id = "SW003"
    name = "file-too-large"
    summary = "file larger than max-file-size was skipped"
    hint = "exclude the file, or raise max-file-size in [tool.stagewarden]"
    severity = LOW
    confidence = HIGH
    tags = ("notice",)
    EXAMPLES_EXEMPT = "depends on the configured size limit; covered by tests/engine/test_bad_input.py"
