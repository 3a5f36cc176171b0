from __future__ import annotations

import libcst as cst

from stagewarden.rule import HIGH, Invalid, PythonRule

_NUMPY_LOAD = frozenset(["numpy.load", "numpy.lib.npyio.load", "numpy.lib._npyio_impl.load"])


class NumpyLoadAllowPickle(PythonRule):
    """
    ## What it does
    Finds `numpy.load(..., allow_pickle=True)`. The default (`allow_pickle=False`, since
    NumPy 1.16.3) is left alone, and so is a value the rule cannot work out.

    ## Why is this bad?
    `.npy` and `.npz` files can hold object arrays, which NumPy stores as pickles. With
    `allow_pickle=True`, loading such a file runs the unpickler, so a crafted file executes
    arbitrary code (CVE-2019-6446 is why the default was changed to `False`). Files from
    datasets, uploads or model hubs are exactly the ones that can be replaced.

    ## Example
    ```python
    import numpy as np

    features = np.load("features.npy", allow_pickle=True)
    ```

    ## Use instead
    ```python
    import numpy as np

    features = np.load("features.npy")  # numeric arrays need no pickle
    ```

    Store object data (dicts, strings of varying length) as JSON or in separate numeric
    arrays instead of object arrays.

    ## Options
    None.

    ## Fix safety
    No fix is offered: files that really hold object arrays would stop loading.

    ## References
    - [CWE-502: Deserialization of Untrusted Data](https://cwe.mitre.org/data/definitions/502.html)
    - [NumPy: numpy.load](https://numpy.org/doc/stable/reference/generated/numpy.load.html)
    """

    id = "SW109"
    name = "numpy-load-allow-pickle"
    summary = "numpy.load() allowed to unpickle object arrays"
    hint = "drop allow_pickle=True and store object data in a data-only format"
    severity = HIGH
    confidence = HIGH
    cwe = (502,)
    tags = ("deserialization", "ml")
    triggers = ("numpy",)

    VALID = [
        "import numpy as np\narr = np.load('a.npy')\n",
        "import numpy as np\narr = np.load('a.npy', allow_pickle=False)\n",
        "import numpy as np\narr = np.load(path, allow_pickle=settings.trusted)\n",
        "import numpy as np\nimport torch\nstate = torch.load(path, weights_only=True)\n",
        "import numpy as np\ndef load(path, allow_pickle=True):\n    return path\nload('a.npy', allow_pickle=True)\n",
        "import numpy as np\nnp.save('a.npy', arr, allow_pickle=True)\n",
        "import numpy as np\narr = np.load('a.npy', 'r', False)\n",
    ]
    INVALID = [
        Invalid("import numpy as np\narr = np.load('a.npy', allow_pickle=True)\n", 2),
        Invalid("import numpy\narr = numpy.load(path, None, True)\n", 2),
        Invalid("from numpy import load as npload\narr = npload(path, allow_pickle=1)\n", 2),
        Invalid("from numpy import *\narr = load(path, allow_pickle=True)\n", 2),
        Invalid("import numpy as np\nALLOW = True\narr = np.load(path, allow_pickle=ALLOW)\n", 3),
        Invalid("import numpy as np\narr = np.load(path, **{'allow_pickle': True})\n", 2),
        Invalid("import numpy as np\narr = np.load(\n    path,\n    allow_pickle=True,\n)\n", 4),
        Invalid("from numpy.lib import npyio\narr = npyio.load(path, allow_pickle=True)\n", 2),
    ]

    def visit_Call(self, node: cst.Call, ctx) -> None:
        name = ctx.match_call(node, _NUMPY_LOAD)
        if name is None:
            return
        value = ctx.argument(node, "allow_pickle", 2)
        if value is None:
            return
        flag = ctx.literal(value)
        if isinstance(flag, (bool, int)) and flag:
            self.report(ctx, value, f"{name} may unpickle object arrays: a crafted file runs code (allow_pickle=True)")
