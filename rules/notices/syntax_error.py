from __future__ import annotations

from stagewarden.rule import HIGH, MEDIUM, Invalid, NoticeRule


class SyntaxErrorNotice(NoticeRule):
    """
    ## What it does
    Reports a Python file that does not parse, at the line of the error.

    ## Why is this bad?
    A file that does not parse cannot be checked: none of the other rules looked at it. The
    interpreter would reject it too, so the commit is almost certainly unfinished.

    ## Example
    ```python
    def handler(request:
        return request
    ```

    ## Use instead
    ```python
    def handler(request):
        return request
    ```

    ## Options
    None.

    ## Fix safety
    No fix is offered.

    ## References
    - [Python language reference: full grammar](https://docs.python.org/3/reference/grammar.html)
    """

    id = "SW001"
    name = "syntax-error"
    summary = "Python file does not parse, so it was not checked"
    hint = "fix the syntax error; nothing in this file was checked"
    severity = MEDIUM
    confidence = HIGH
    tags = ("notice",)
    # Syntax errors are reported for files some rule needed to parse (any rule's trigger occurs).
    VALID = ["import requests\ndef handler(request):\n    return request\n", "import requests\nmatch = 1\ncase = 2\n"]
    INVALID = [
        Invalid("import requests\ndef handler(request:\n    return requests.get(request, verify=True)\n", 2),
        Invalid("import requests\nverify = 1\nif verify\n    pass\n", 3),
    ]
