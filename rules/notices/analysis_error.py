from __future__ import annotations

from stagewarden.rule import HIGH, MEDIUM, NoticeRule


class AnalysisError(NoticeRule):
    """
    ## What it does
    Reports a file that stagewarden failed on internally, so the file was not checked. The
    rest of the run goes on.

    ## Why is this bad?
    Nothing in the file was checked. It is a bug in stagewarden (or in a rule pack), never in
    your code: please report it with the message, and `--debug` output if you can share it.

    ## Example
    An unusual construct that a rule does not expect, for example in generated code.

    ## Use instead
    Report the problem; meanwhile exclude the file or ignore the rule pack that fails.

    ## Options
    None.

    ## Fix safety
    No fix is offered.

    ## References
    - [stagewarden issue tracker](../../README.md)
    """

    id = "SW006"
    name = "analysis-error"
    summary = "stagewarden failed on this file, so it was not checked"
    hint = "please report this; meanwhile exclude the file"
    severity = MEDIUM
    confidence = HIGH
    tags = ("notice",)
    EXAMPLES_EXEMPT = "only a defect produces it; covered by tests/engine/test_bad_input.py"
