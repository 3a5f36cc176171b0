from __future__ import annotations

from stagewarden.rule import HIGH, MEDIUM, Invalid, NoticeRule


class UnreadableFile(NoticeRule):
    """
    ## What it does
    Reports a Python file that could not be read or decoded: binary content (NUL bytes), bytes
    that are not valid in the file's declared encoding (PEP 263 coding line or BOM, else UTF-8),
    or an operating-system error while reading.

    ## Why is this bad?
    The file was not checked. A `.py` file that is not text is usually a mistake (a binary
    committed under the wrong name) and the interpreter would refuse it.

    ## Example
    A `.py` file saved as Latin-1 without a coding line, containing `name = "café"`.

    ## Use instead
    Save it as UTF-8, or declare its encoding on the first or second line:
    ```python
    # -*- coding: latin-1 -*-
    name = "café"
    ```

    ## Options
    None.

    ## Fix safety
    No fix is offered.

    ## References
    - [PEP 263: defining Python source code encodings](https://peps.python.org/pep-0263/)
    """

    id = "SW002"
    name = "unreadable-file"
    summary = "file could not be read or decoded, so it was not checked"
    hint = "save the file as UTF-8 text, or declare its encoding (PEP 263)"
    severity = MEDIUM
    confidence = HIGH
    tags = ("notice",)
    VALID = ["# -*- coding: utf-8 -*-\nname = 'café'\n", "\ufeffname = 'with a byte-order mark'\n"]
    INVALID = [Invalid("data = '\x00\x01'\n", 1)]
