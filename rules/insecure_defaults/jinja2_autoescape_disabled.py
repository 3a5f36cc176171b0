from __future__ import annotations

import libcst as cst

from stagewarden.findings import FixSafety
from stagewarden.rule import HIGH, MEDIUM, Invalid, NodeFix, PythonRule, Valid
from stagewarden.rules.insecure_defaults.settings_module import is_test_module

# NativeEnvironment renders Python values, not HTML: autoescape does not apply to it.
_TEMPLATE_CALLS = frozenset(
    [
        "jinja2.Environment", "jinja2.environment.Environment",
        "jinja2.Template", "jinja2.environment.Template",
        "jinja2.sandbox.SandboxedEnvironment", "jinja2.sandbox.ImmutableSandboxedEnvironment",
    ]
)


class Jinja2AutoescapeDisabled(PythonRule):
    """
    ## What it does
    Finds Jinja2 environments and templates created without HTML autoescaping:
    `jinja2.Environment(...)`, `jinja2.Template(...)` and the sandboxed environments with
    `autoescape=False` (high severity) or with no `autoescape` argument at all (medium
    severity and confidence: Jinja2's default is off). `autoescape=True`,
    `autoescape=select_autoescape(...)` and any computed value are accepted. Test code
    (`tests/`, `test_*.py`, `conftest.py`) is skipped.

    ## Why is this bad?
    Without autoescaping, every `{{ value }}` is inserted into the HTML as is: a user name
    like `<script>...</script>` runs in every visitor's browser (cross-site scripting), with
    access to their session and the page. Escaping each variable by hand (`|e`) is easy to
    forget once. If the templates do not produce HTML (configuration files, emails in plain
    text, code), make that explicit with `autoescape=False` and a suppression comment.

    ## Example
    ```python
    from jinja2 import Environment, FileSystemLoader

    env = Environment(loader=FileSystemLoader("templates"))
    ```

    ## Use instead
    ```python
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader("templates"), autoescape=select_autoescape())
    ```

    ## Options
    None.

    ## Fix safety
    For an explicit `autoescape=False` the fix turns it into `autoescape=True`. It is unsafe:
    templates that build HTML from trusted markup in variables will show it escaped until
    those values are marked with `Markup` or the `|safe` filter, and non-HTML output gets
    HTML entities. No fix is offered when the argument is missing.

    ## References
    - [CWE-79: Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')](https://cwe.mitre.org/data/definitions/79.html)
    - [CWE-116: Improper Encoding or Escaping of Output](https://cwe.mitre.org/data/definitions/116.html)
    - [Jinja: Autoescaping](https://jinja.palletsprojects.com/en/stable/api/#autoescaping)
    - [Jinja: select_autoescape](https://jinja.palletsprojects.com/en/stable/api/#jinja2.select_autoescape)
    """

    id = "SW136"
    name = "jinja2-autoescape-disabled"
    summary = "Jinja2 templates without HTML autoescaping"
    hint = "pass autoescape=True or autoescape=select_autoescape()"
    severity = HIGH
    confidence = HIGH
    cwe = (79, 116)
    tags = ("jinja2", "templates", "xss")
    fix_safety = FixSafety.UNSAFE
    bandit = ("B701",)
    ruff = ("S701",)
    triggers = ("jinja2",)

    VALID = [
        "import jinja2\nenv = jinja2.Environment(loader=loader, autoescape=True)\n",
        "from jinja2 import Environment, select_autoescape\nenv = Environment(autoescape=select_autoescape(['html', 'xml']))\n",
        "import jinja2\nenv = jinja2.Environment(autoescape=jinja2.select_autoescape())\n",
        "from jinja2 import Environment\nfrom .config import settings\nenv = Environment(autoescape=settings.AUTOESCAPE)\n",
        "from jinja2 import Environment\ndef make(**options):\n    return Environment(**options)\n",
        # Same class name, other libraries.
        "from string import Template\nTemplate('$who likes $what').substitute(who='tim', what='kung pao')\n",
        "from mako.template import Template\nt = Template('hello ${name}', default_filters=['h'])\n",
        "from django.template import Template\nt = Template('{{ name }}')\n",
        # Renders Python objects, not HTML.
        "from jinja2.nativetypes import NativeEnvironment\nenv = NativeEnvironment()\n",
        "def Environment(**kw):\n    return kw\nenv = Environment(autoescape=False)\n",
        Valid("from jinja2 import Template\ndef test_render():\n    assert Template('{{ x }}').render(x=1) == '1'\n", path="tests/test_render.py"),
    ]
    INVALID = [
        Invalid("import jinja2\nenv = jinja2.Environment(loader=loader, autoescape=False)\n", 2),
        Invalid("import jinja2 as j\nenv = j.Environment(loader=j.FileSystemLoader('templates'))\n", 2),
        Invalid("from jinja2 import Environment as Env\nESCAPE = False\nenv = Env(autoescape=ESCAPE)\n", 3),
        Invalid("from jinja2 import *\nenv = Environment(**{'autoescape': False})\n", 2),
        Invalid("from jinja2.environment import Environment\nenv = Environment(\n    loader=loader,\n    autoescape=False,\n)\n", 4),
        Invalid("from jinja2 import Template\nhtml = Template('<p>{{ name }}</p>').render(name=name)\n", 2),
        Invalid("from jinja2.sandbox import SandboxedEnvironment\nenv = SandboxedEnvironment()\n", 2),
        Invalid("import jinja2\nt = jinja2.Template(source, autoescape=False)\n", 2),
    ]

    def visit_Call(self, node: cst.Call, ctx) -> None:
        if ctx.match(node.func, _TEMPLATE_CALLS) is None or is_test_module(ctx):
            return
        value = ctx.keyword(node, "autoescape")
        if value is None:
            if not ctx.has_star_args(node):
                self.report(
                    ctx, node, "Jinja2 autoescaping is off by default (autoescape not set)",
                    severity=MEDIUM, confidence=MEDIUM,
                )
            return
        if ctx.literal(value) is not False:
            return
        fix = None
        if isinstance(value, cst.Name) and value.value == "False":
            fix = NodeFix("set autoescape=True", FixSafety.UNSAFE, ((value, cst.Name("True")),))
        self.report(ctx, value, "Jinja2 autoescaping disabled (autoescape=False)", fix=fix)
