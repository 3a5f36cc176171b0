from __future__ import annotations

import re

import libcst as cst

from stagewarden.rule import HIGH, MEDIUM, Invalid, PythonRule

_COMMIT_HASH = re.compile(r"[0-9a-f]{40}")


class TrustRemoteCode(PythonRule):
    """
    ## What it does
    Finds calls that pass `trust_remote_code=True`: Hugging Face `from_pretrained()`,
    `pipeline()`, `datasets.load_dataset()`, `SentenceTransformer()`, vLLM and the other
    libraries that share the flag. The value is followed through module constants and
    `**{...}` keyword dicts. When a `revision=` (or `code_revision=`) pins a full 40-character
    commit hash, the finding is lowered to medium severity: the code is then fixed and can
    be reviewed.

    ## Why is this bad?
    `trust_remote_code=True` downloads Python files from the model or dataset repository
    and imports them, with the full rights of your process. Whoever can push to that
    repository (its owner, anyone who steals their token, a typo-squatted name) decides
    what runs on your machine, and without a pinned revision the code can change after you
    reviewed it.

    ## Example
    ```python
    from transformers import AutoModel

    model = AutoModel.from_pretrained("some-org/some-model", trust_remote_code=True)
    ```

    ## Use instead
    ```python
    from transformers import AutoModel

    # Prefer a model whose architecture ships with transformers (no flag needed). If custom
    # code is unavoidable, review it and pin the exact commit you reviewed:
    model = AutoModel.from_pretrained(
        "some-org/some-model",
        trust_remote_code=True,
        revision="0123456789abcdef0123456789abcdef01234567",
    )
    ```

    ## Options
    None.

    ## Fix safety
    No fix is offered: models with custom architectures do not load without their code.

    ## References
    - [CWE-94: Improper Control of Generation of Code](https://cwe.mitre.org/data/definitions/94.html)
    - [CWE-829: Inclusion of Functionality from Untrusted Control Sphere](https://cwe.mitre.org/data/definitions/829.html)
    - [Transformers: custom models and trust_remote_code](https://huggingface.co/docs/transformers/en/custom_models)
    - [Transformers: from_pretrained parameters](https://huggingface.co/docs/transformers/en/main_classes/model#transformers.PreTrainedModel.from_pretrained)
    """

    id = "SW139"
    name = "trust-remote-code"
    summary = "Model or dataset code downloaded and run (trust_remote_code=True)"
    hint = "leave trust_remote_code off, or review the code, vendor it, and pin revision= to that commit hash"
    severity = HIGH
    confidence = HIGH
    cwe = (94, 829)
    tags = ("supply-chain", "ml")
    triggers = ("trust_remote_code",)

    VALID = [
        "from transformers import AutoModel\nmodel = AutoModel.from_pretrained('bert-base-uncased')\n",
        "from transformers import AutoModel\nmodel = AutoModel.from_pretrained(name, trust_remote_code=False)\n",
        "from transformers import pipeline\npipe = pipeline('text-generation', model=name, trust_remote_code=args.trust_remote_code)\n",
        "import datasets\nds = datasets.load_dataset('imdb', trust_remote_code=None)\n",
        "def load(name, trust_remote_code=True):\n    return name\n",
        "config = {'trust_remote_code': True}\n",
        "from transformers import AutoModel\ndef load(name, **kwargs):\n    return AutoModel.from_pretrained(name, **kwargs)\n",
    ]
    INVALID = [
        Invalid("from transformers import AutoModel\nmodel = AutoModel.from_pretrained(name, trust_remote_code=True)\n", 2),
        Invalid("import transformers as tf\npipe = tf.pipeline('text-generation', model=name, trust_remote_code=True)\n", 2),
        Invalid("from datasets import load_dataset as ld\nds = ld('some/dataset', trust_remote_code=True)\n", 2),
        Invalid("from sentence_transformers import *\nmodel = SentenceTransformer(name, trust_remote_code=True)\n", 2),
        Invalid("from transformers import AutoModel\nTRUST = True\nmodel = AutoModel.from_pretrained(name, trust_remote_code=TRUST)\n", 3),
        Invalid("from transformers import AutoModel\nmodel = AutoModel.from_pretrained(name, **{'trust_remote_code': True})\n", 2),
        Invalid("from transformers import AutoTokenizer\ntok = AutoTokenizer.from_pretrained(\n    name,\n    trust_remote_code=True,\n)\n", 4),
        Invalid(
            "from transformers import AutoModel\nclass Loader:\n"
            "    def load(self, name):\n        return AutoModel.from_pretrained(name, trust_remote_code=True, revision='main')\n",
            4,
        ),
        # Through `**dict(...)`: one finding, on the value.
        Invalid("from transformers import AutoModel\nKWARGS = dict(trust_remote_code=True)\nmodel = AutoModel.from_pretrained(name, **KWARGS)\n", 3),
        # Pinned to a commit: still reported, at medium severity.
        Invalid(
            "from transformers import AutoModel\nmodel = AutoModel.from_pretrained(\n    name,\n    trust_remote_code=True,\n"
            "    revision='4a6e9b9e5c2c7c3e0a1f2b3c4d5e6f708192a3b4',\n)\n",
            4,
        ),
    ]

    def visit_Call(self, node: cst.Call, ctx) -> None:
        if not any(arg.star == "**" or (arg.keyword is not None and arg.keyword.value == "trust_remote_code") for arg in node.args):
            return
        if ctx.qualname(node.func) == "builtins.dict":
            return  # `dict(trust_remote_code=True)` is a value; it is reported where it is passed
        value = ctx.keyword(node, "trust_remote_code")
        if value is None or ctx.literal(value) is not True:
            return
        if self._pinned(node, ctx):
            self.report(ctx, value, "trust_remote_code=True runs Python code downloaded from the model hub, pinned to a commit (trust_remote_code=True)",
                        severity=MEDIUM, hint="review the code at that commit and keep the pin; vendoring the code is safer still")
        else:
            self.report(ctx, value, "trust_remote_code=True runs Python code downloaded from the model hub (trust_remote_code=True)")

    @staticmethod
    def _pinned(node: cst.Call, ctx) -> bool:
        for keyword in ("revision", "code_revision"):
            revision = ctx.literal(ctx.keyword(node, keyword))
            if isinstance(revision, str) and _COMMIT_HASH.fullmatch(revision):
                return True
        return False
