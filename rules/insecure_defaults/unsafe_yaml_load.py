from __future__ import annotations

import libcst as cst

from stagewarden.findings import FixSafety
from stagewarden.rule import HIGH, Invalid, NodeFix, PythonRule

# Functions that take a `Loader` and are unsafe without a safe one.
_LOADER_CALLS = frozenset(["yaml.load", "yaml.load_all"])
# Functions that always build arbitrary (or "full") Python objects.
_ALWAYS_UNSAFE = frozenset(["yaml.unsafe_load", "yaml.unsafe_load_all", "yaml.full_load", "yaml.full_load_all"])
_UNSAFE_LOADERS = frozenset(
    f"{module}.{loader}"
    for module, loaders in (
        ("yaml", ("Loader", "UnsafeLoader", "FullLoader", "CLoader", "CUnsafeLoader", "CFullLoader")),
        ("yaml.loader", ("Loader", "UnsafeLoader", "FullLoader")),
        ("yaml.cyaml", ("CLoader", "CUnsafeLoader", "CFullLoader")),
    )
    for loader in loaders
)

# ruamel.yaml: the old module-level API (removed in 0.18) defaulted to the unsafe loader.
_RUAMEL_LOADER_CALLS = frozenset(["ruamel.yaml.load", "ruamel.yaml.load_all", "ruamel.yaml.main.load", "ruamel.yaml.main.load_all"])
_RUAMEL_UNSAFE_LOADERS = frozenset(
    [
        "ruamel.yaml.Loader", "ruamel.yaml.UnsafeLoader", "ruamel.yaml.CLoader",
        "ruamel.yaml.loader.Loader", "ruamel.yaml.loader.UnsafeLoader", "ruamel.yaml.cyaml.CLoader",
    ]
)
_RUAMEL_YAML = frozenset(["ruamel.yaml.YAML", "ruamel.yaml.main.YAML"])

_FUNCTION_NAMES = frozenset(
    ["load", "load_all", "unsafe_load", "unsafe_load_all", "full_load", "full_load_all", "YAML"]
)


class UnsafeYamlLoad(PythonRule):
    """
    ## What it does
    Finds YAML loaded with a loader that can build arbitrary Python objects: `yaml.load()` and
    `yaml.load_all()` without a `Loader` or with `yaml.Loader`, `yaml.UnsafeLoader`,
    `yaml.FullLoader` (or their C variants); `yaml.unsafe_load()` and `yaml.full_load()` (and
    their `_all` forms); ruamel.yaml's `YAML(typ="unsafe")` and its old `ruamel.yaml.load()`
    without a safe `Loader`.

    ## Why is this bad?
    These loaders honour tags such as `!!python/object/apply:os.system`, so a YAML document
    can call any Python function while it is being parsed: whoever controls the file (an
    upload, a config fetched over the network, a pull request) runs code in your process.
    `FullLoader` was meant as a middle ground but has been bypassed repeatedly
    (CVE-2020-1747, CVE-2020-14343). A `Loader` this rule cannot resolve (your own class)
    is left alone.

    ## Example
    ```python
    import yaml

    config = yaml.load(stream, Loader=yaml.Loader)
    ```

    ## Use instead
    ```python
    import yaml

    config = yaml.safe_load(stream)  # or yaml.load(stream, Loader=yaml.SafeLoader)
    ```

    With ruamel.yaml, use `YAML()` (round-trip) or `YAML(typ="safe")`.

    ## Options
    None.

    ## Fix safety
    `yaml.load(stream)` without a `Loader` is rewritten to `yaml.safe_load(stream)` (and
    `load_all` to `safe_load_all`). It is unsafe: documents that rely on `!!python/...` tags
    stop loading and must be converted to plain YAML.

    ## References
    - [CWE-502: Deserialization of Untrusted Data](https://cwe.mitre.org/data/definitions/502.html)
    - [PyYAML: yaml.load(input) deprecation](https://github.com/yaml/pyyaml/wiki/PyYAML-yaml.load(input)-Deprecation)
    - [PyYAML documentation: loading YAML](https://pyyaml.org/wiki/PyYAMLDocumentation)
    - [ruamel.yaml: basic usage](https://yaml.dev/doc/ruamel.yaml/basicuse)
    """

    id = "SW105"
    name = "unsafe-yaml-load"
    summary = "YAML loaded with a loader that builds arbitrary Python objects"
    hint = "use yaml.safe_load(), or pass Loader=yaml.SafeLoader"
    severity = HIGH
    confidence = HIGH
    cwe = (502,)
    tags = ("deserialization", "yaml")
    fix_safety = FixSafety.UNSAFE
    bandit = ("B506",)
    ruff = ("S506",)
    triggers = ("yaml",)

    VALID = [
        "import yaml\nconfig = yaml.safe_load(stream)\n",
        "import yaml\nconfig = yaml.load(stream, Loader=yaml.SafeLoader)\n",
        "import yaml\ndocs = yaml.load_all(stream, yaml.CSafeLoader)\n",
        "from yaml import load, BaseLoader\nconfig = load(stream, Loader=BaseLoader)\n",
        # A loader we cannot resolve: the project's own (usually restricted) class.
        "import yaml\nclass ConfigLoader(yaml.SafeLoader):\n    pass\nconfig = yaml.load(stream, Loader=ConfigLoader)\n",
        "import yaml\ndef read(stream, loader):\n    return yaml.load(stream, Loader=loader)\n",
        # `load` on other objects and modules.
        "import json\ndata = json.load(fp)\n",
        "import yaml\nimport pickle\nconfig = settings.load(stream)\n",
        "def load(stream):\n    return stream.read()\nload(f)\n",
        # `**kwargs` may carry a Loader we cannot see.
        "import yaml\ndef read(stream, **kwargs):\n    return yaml.load(stream, **kwargs)\n",
        "from ruamel.yaml import YAML\nyaml = YAML(typ='safe')\ndata = yaml.load(stream)\n",
        "from ruamel.yaml import YAML\nyaml = YAML()\ndata = yaml.load(stream)\n",
        "import ruamel.yaml\ndata = ruamel.yaml.load(stream, Loader=ruamel.yaml.RoundTripLoader)\n",
    ]
    INVALID = [
        Invalid("import yaml\nconfig = yaml.load(stream)\n", 2),
        Invalid("import yaml\nconfig = yaml.load(stream, Loader=yaml.Loader)\n", 2),
        Invalid("import yaml as y\nconfig = y.load(stream, y.UnsafeLoader)\n", 2),
        Invalid("from yaml import load as yload, FullLoader\nconfig = yload(stream, Loader=FullLoader)\n", 2),
        Invalid("from yaml import *\nconfig = load(stream, Loader=CLoader)\n", 2),
        Invalid("import yaml\nLOADER = yaml.loader.Loader\nconfig = yaml.load(stream, Loader=LOADER)\n", 3),
        Invalid("import yaml\nconfig = yaml.load(stream, **{'Loader': yaml.cyaml.CFullLoader})\n", 2),
        Invalid("import yaml\nconfig = yaml.load(\n    stream,\n    Loader=yaml.CUnsafeLoader,\n)\n", 4),
        Invalid("import yaml\nobj = yaml.unsafe_load(stream)\nobjs = yaml.full_load_all(stream)\n", 2, 3),
        Invalid("import yaml\ndocs = list(yaml.load_all(stream))\n", 2),
        Invalid(
            "try:\n    from yaml import CLoader as Loader\nexcept ImportError:\n    from yaml import Loader\n"
            "import yaml\ndata = yaml.load(stream, Loader=Loader)\n",
            6,
        ),
        Invalid("from ruamel.yaml import YAML\nyaml = YAML(typ='unsafe', pure=True)\n", 2),
        Invalid("import ruamel.yaml\nyaml = ruamel.yaml.YAML(typ=['unsafe'])\n", 2),
        Invalid("import ruamel.yaml\ndata = ruamel.yaml.load(stream)\n", 2),
        Invalid("import ruamel.yaml\ndata = ruamel.yaml.load(stream, Loader=ruamel.yaml.Loader)\n", 2),
    ]

    def visit_Call(self, node: cst.Call, ctx) -> None:
        func = node.func
        if isinstance(func, cst.Attribute):
            if func.attr.value not in _FUNCTION_NAMES:
                return
        elif not isinstance(func, cst.Name):
            return
        name = ctx.match(func, _LOADER_CALLS | _ALWAYS_UNSAFE | _RUAMEL_LOADER_CALLS | _RUAMEL_YAML)
        if name is None:
            return
        if name in _ALWAYS_UNSAFE:
            self.report(ctx, node, f"YAML loaded with an unsafe loader: documents can build arbitrary Python objects ({name})",
                        hint="use yaml.safe_load() (or yaml.safe_load_all())")
        elif name in _RUAMEL_YAML:
            self._check_ruamel_typ(node, ctx)
        elif name in _RUAMEL_LOADER_CALLS:
            self._check_loader(node, ctx, name, _RUAMEL_UNSAFE_LOADERS,
                               hint='use YAML(typ="safe").load(), or pass Loader=ruamel.yaml.SafeLoader')
        else:
            self._check_loader(node, ctx, name, _UNSAFE_LOADERS)

    def _check_loader(self, node: cst.Call, ctx, name: str, unsafe: frozenset, hint: str | None = None) -> None:
        loader = ctx.argument(node, "Loader", 1)
        if loader is None:
            if ctx.has_star_args(node):
                return  # a Loader may come through *args / **kwargs
            self.report(ctx, node, f"YAML loaded without a Loader: documents can build arbitrary Python objects ({name} without Loader)",
                        hint=hint, fix=self._safe_load_fix(node, ctx, name))
            return
        bad = ctx.match(loader, unsafe)
        if bad is not None:
            self.report(ctx, loader, f"YAML loaded with an unsafe loader: documents can build arbitrary Python objects (Loader={bad})",
                        hint=hint)

    def _check_ruamel_typ(self, node: cst.Call, ctx) -> None:
        typ = ctx.keyword(node, "typ")
        if typ is None:
            return
        value = ctx.literal(typ)
        if value == "unsafe":
            unsafe = True
        else:
            container = ctx.value_of(typ)
            unsafe = isinstance(container, (cst.List, cst.Tuple)) and any(
                ctx.literal(element.value) == "unsafe" for element in container.elements
            )
        if unsafe:
            self.report(ctx, typ, 'ruamel.yaml set to construct arbitrary Python objects (typ="unsafe")',
                        hint='use YAML() (round-trip) or YAML(typ="safe")')

    @staticmethod
    def _safe_load_fix(node: cst.Call, ctx, name: str) -> NodeFix | None:
        """`<yaml alias>.load(stream)` -> `<yaml alias>.safe_load(stream)`; nothing for other spellings."""
        func = node.func
        if name not in _LOADER_CALLS or not isinstance(func, cst.Attribute) or ctx.qualname(func.value) != "yaml":
            return None
        if len(node.args) != 1 or node.args[0].keyword is not None or node.args[0].star:
            return None
        safe = "safe_" + func.attr.value
        return NodeFix(f"use yaml.{safe}()", FixSafety.UNSAFE, ((func.attr, cst.Name(safe)),))
