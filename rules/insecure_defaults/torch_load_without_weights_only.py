from __future__ import annotations

import libcst as cst

from stagewarden.findings import FixSafety
from stagewarden.rule import HIGH, MEDIUM, Invalid, NodeFix, PythonRule

_TORCH_LOAD = frozenset(["torch.load", "torch.serialization.load"])


class TorchLoadWithoutWeightsOnly(PythonRule):
    """
    ## What it does
    Finds `torch.load()` (and `torch.serialization.load()`) calls that may unpickle arbitrary
    objects: with `weights_only=False` (high severity), with a custom `pickle_module` and no
    `weights_only` (which turns the safe default off, high severity), or with no
    `weights_only` at all (medium severity: PyTorch 2.6 and later default to `True`, but
    older versions unpickle everything). Calls with `*args` / `**kwargs` that could supply
    the argument are left alone.

    ## Why is this bad?
    A PyTorch checkpoint is a zip of pickles. Without `weights_only=True`, loading it runs
    the full unpickler, so a checkpoint downloaded from a model hub, a shared drive or a
    user upload can execute any code while it loads. `weights_only=True` restricts loading
    to tensors, primitive types and the classes you allow with
    `torch.serialization.add_safe_globals()`.

    ## Example
    ```python
    import torch

    state = torch.load("checkpoint.pt", weights_only=False)
    ```

    ## Use instead
    ```python
    import torch

    state = torch.load("checkpoint.pt", weights_only=True)
    model.load_state_dict(state)
    # or: safetensors.torch.load_file("model.safetensors")
    ```

    ## Options
    None.

    ## Fix safety
    When `weights_only` is missing (and no `pickle_module` is passed) the fix adds
    `weights_only=True`, the default of PyTorch 2.6 and later. It is unsafe: a checkpoint
    that stores whole model objects or custom classes stops loading until those classes are
    allow-listed with `torch.serialization.add_safe_globals()` or the checkpoint is re-saved
    as a `state_dict`.

    ## References
    - [CWE-502: Deserialization of Untrusted Data](https://cwe.mitre.org/data/definitions/502.html)
    - [PyTorch: torch.load](https://docs.pytorch.org/docs/stable/generated/torch.load.html)
    - [PyTorch notes: weights_only serialization](https://docs.pytorch.org/docs/stable/notes/serialization.html#weights-only)
    - [safetensors](https://huggingface.co/docs/safetensors/index)
    """

    id = "SW108"
    name = "torch-load-without-weights-only"
    summary = "torch.load() that can unpickle arbitrary objects"
    hint = "pass weights_only=True (or load safetensors files)"
    severity = HIGH
    confidence = HIGH
    cwe = (502,)
    tags = ("deserialization", "ml")
    fix_safety = FixSafety.UNSAFE
    bandit = ("B614",)
    triggers = ("torch",)

    VALID = [
        "import torch\nstate = torch.load(path, weights_only=True)\n",
        "import torch\ntorch.save(model.state_dict(), path)\n",
        "from safetensors.torch import load_file\nimport torch\nstate = load_file('model.safetensors')\n",
        "import torch\nmodel.load_state_dict(state)\n",
        # Dynamic values and arguments we cannot see.
        "import torch\nstate = torch.load(path, weights_only=args.trusted is False)\n",
        "import torch\ndef restore(path, **kwargs):\n    return torch.load(path, **kwargs)\n",
        "import torch\nimport pickle\ncheckpoint = trainer.load(path)\n",
        # TorchScript archives are not pickles of arbitrary objects.
        "import torch\nmodule = torch.jit.load('model.pt')\n",
        "def load(path):\n    return open(path).read()\nload('torch.pt')\n",
    ]
    INVALID = [
        Invalid("import torch\nstate = torch.load(path, weights_only=False)\n", 2),
        Invalid("import torch as th\nstate = th.load(path, map_location='cpu')\n", 2),
        Invalid("from torch import load as tload\nstate = tload(path)\n", 2),
        Invalid("from torch import *\nstate = load(path, weights_only=False)\n", 2),
        Invalid("import torch\nTRUSTED_ONLY = False\nstate = torch.load(path, weights_only=TRUSTED_ONLY)\n", 3),
        Invalid("import torch\nstate = torch.load(path, **{'map_location': 'cpu', 'weights_only': False})\n", 2),
        Invalid("import torch\nstate = torch.serialization.load(\n    path,\n    map_location='cpu',\n    weights_only=False,\n)\n", 5),
        Invalid("import torch\nimport dill\nstate = torch.load(path, pickle_module=dill)\n", 3),
        Invalid("import torch\nclass Trainer:\n    def restore(self, path):\n        return torch.load(\n            path,\n        )\n", 4),
    ]

    def visit_Call(self, node: cst.Call, ctx) -> None:
        name = ctx.match_call(node, _TORCH_LOAD)
        if name is None:
            return
        value = ctx.keyword(node, "weights_only")
        if value is not None:
            if ctx.literal(value) is False:
                self.report(ctx, value, f"{name} unpickles arbitrary objects: a malicious checkpoint runs code (weights_only=False)")
            return
        if ctx.has_star_args(node):
            return
        if ctx.argument(node, "pickle_module", 2) is not None:
            self.report(ctx, node, f"{name} with a custom pickle_module unpickles arbitrary objects (pickle_module without weights_only)",
                        hint="pass weights_only=True, or drop pickle_module")
            return
        self.report(
            ctx, node,
            f"{name} without weights_only unpickles arbitrary objects on PyTorch < 2.6 (weights_only not set)",
            severity=MEDIUM, confidence=MEDIUM, fix=_add_weights_only(node, ctx.module),
        )


def _add_weights_only(node: cst.Call, module: cst.Module) -> NodeFix | None:
    """Append `weights_only=True` after the last argument's value."""
    if not node.args:
        return None
    last = node.args[-1].value
    return NodeFix(
        "pass weights_only=True", FixSafety.UNSAFE,
        ((last, module.code_for_node(last) + ", weights_only=True"),),
    )
