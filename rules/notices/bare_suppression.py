from __future__ import annotations

from stagewarden.rule import HIGH, LOW, Invalid, NoticeRule


class BareSuppression(NoticeRule):
    """
    ## What it does
    Reports a `# stagewarden: ignore` comment that names no rule id.

    ## Why is this bad?
    A blanket suppression hides every present and future finding on the statement, including
    ones nobody reviewed. stagewarden requires the ids, so a bare comment silences nothing and
    this notice says so.

    ## Example
    ```python
    requests.get(url, verify=False)  # stagewarden: ignore
    ```

    ## Use instead
    ```python
    requests.get(url, verify=False)  # stagewarden: ignore[SW101] -- internal CA, see ops#12
    ```

    ## Options
    None.

    ## Fix safety
    No fix is offered.

    ## References
    - [Suppressing findings](../suppressions.md)
    """

    id = "SW005"
    name = "bare-suppression"
    summary = "suppression comment names no rule id"
    hint = "name the rule ids: # stagewarden: ignore[SW101] -- reason"
    severity = LOW
    confidence = HIGH
    tags = ("notice",)
    VALID = [
        "x = 1  # stagewarden: ignore[SW101] -- reason\n",
        "# stagewarden ignores nothing here: this comment is prose\nx = 1\n",
    ]
    INVALID = [
        Invalid("x = 1  # stagewarden: ignore\n", 1),
        Invalid("x = 1\ny = 2  # stagewarden: ignore[]\n", 2),
    ]
