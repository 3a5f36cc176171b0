from __future__ import annotations

import libcst as cst

from stagewarden.rule import MEDIUM, Invalid, PythonRule

_MARSHAL_LOADS = frozenset(["marshal.load", "marshal.loads"])


class MarshalDeserialization(PythonRule):
    """
    ## What it does
    Finds data read with `marshal.load()` or `marshal.loads()`.

    ## Why is this bad?
    `marshal` is the format of Python's own `.pyc` files, not an interchange format. The
    Python documentation warns that it is not secure against erroneous or maliciously
    constructed data: a crafted input can crash the interpreter, and it can carry code
    objects that the program may later run. Its format also changes between Python versions.

    ## Example
    ```python
    import marshal

    settings = marshal.loads(payload)
    ```

    ## Use instead
    ```python
    import json

    settings = json.loads(payload)
    ```

    ## Options
    None.

    ## Fix safety
    No fix is offered: replacing the serialization format changes the data.

    ## References
    - [CWE-502: Deserialization of Untrusted Data](https://cwe.mitre.org/data/definitions/502.html)
    - [Python documentation: marshal](https://docs.python.org/3/library/marshal.html)
    """

    id = "SW107"
    name = "marshal-deserialization"
    summary = "Data deserialized with marshal"
    hint = "use a data format meant for exchange, such as JSON"
    severity = MEDIUM
    confidence = MEDIUM
    cwe = (502,)
    tags = ("deserialization",)
    bandit = ("B302",)
    ruff = ("S302",)
    triggers = ("marshal",)

    VALID = [
        "import marshal\nblob = marshal.dumps(code)\n",
        "import json\nimport marshal\ndata = json.loads(text)\n",
        "import marshal\ndef loads(blob):\n    return blob.decode()\nloads(b'x')\n",
        "import marshal\nschema = marshmallow_schema.loads(text)\n",
        "import marshal\nwith open(p, 'wb') as f:\n    marshal.dump(code, f)\n",
    ]
    INVALID = [
        Invalid("import marshal\ncode = marshal.loads(blob)\n", 2),
        Invalid("import marshal as m\nwith open(p, 'rb') as f:\n    code = m.load(f)\n", 3),
        Invalid("from marshal import loads as unmarshal\ncode = unmarshal(blob)\n", 2),
        Invalid("from marshal import *\ncode = loads(blob)\n", 2),
        Invalid("import marshal\ncode = marshal.loads(\n    blob,\n)\n", 2),
        Invalid("import marshal\nREAD = marshal.loads\ncode = READ(blob)\n", 3),
    ]

    def visit_Call(self, node: cst.Call, ctx) -> None:
        name = ctx.match_call(node, _MARSHAL_LOADS)
        if name is not None:
            self.report(ctx, node, f"marshal is not safe against malicious data ({name})")
