from __future__ import annotations

import libcst as cst

from stagewarden.rule import MEDIUM, Invalid, PythonRule, Valid
from stagewarden.rules.insecure_defaults.settings_module import is_test_module

_MAKO_CALLS = frozenset(["mako.template.Template", "mako.lookup.TemplateLookup"])
# Mako's built-in filters that escape for HTML ("h": html_escape, "x": xml_escape, "entity").
_ESCAPING_FILTERS = frozenset(["h", "x", "entity", "html_escape", "filters.html_escape", "xml_escape", "filters.xml_escape"])
# Built-in filters that do not: a list made only of these leaves output unescaped.
_PLAIN_FILTERS = frozenset(["unicode", "str", "n", "trim", "u", "decode.utf8", "decode.utf-8"])


class MakoTemplateUnescaped(PythonRule):
    """
    ## What it does
    Finds Mako templates and template lookups created without HTML escaping:
    `mako.template.Template(...)` and `mako.lookup.TemplateLookup(...)` whose
    `default_filters` is missing or does not include `"h"` (Mako's HTML escaping filter).
    `default_filters=["h"]`, `["h", "unicode"]`, `["unicode", "x"]` are accepted; so is a
    computed value, or a list naming a filter the rule does not know (it may escape). Test
    code (`tests/`, `test_*.py`, `conftest.py`) is skipped.

    ## Why is this bad?
    Mako has no autoescaping by default: `${value}` is written into the page as is, so a
    value containing `<script>` runs in the visitor's browser (cross-site scripting).
    Escaping each expression by hand (`${value | h}`) is easy to forget once.

    ## Example
    ```python
    from mako.lookup import TemplateLookup

    lookup = TemplateLookup(directories=["templates"])
    ```

    ## Use instead
    ```python
    from mako.lookup import TemplateLookup

    lookup = TemplateLookup(directories=["templates"], default_filters=["h"])
    ```
    Trusted markup can still be written unescaped with `${value | n}`. Templates that do
    not produce HTML (code generation, as in Alembic) can keep the default: suppress the
    finding there.

    ## Options
    None.

    ## Fix safety
    No fix is offered: with `"h"` every expression is escaped, including ones that
    deliberately output markup; those need `| n` first.

    ## References
    - [CWE-79: Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')](https://cwe.mitre.org/data/definitions/79.html)
    - [Mako: Filtering and Buffering, the default_filters argument](https://docs.makotemplates.org/en/latest/filtering.html#the-default-filters-argument)
    - [Mako: Expression Escaping](https://docs.makotemplates.org/en/latest/filtering.html#expression-filtering)
    """

    id = "SW146"
    name = "mako-template-unescaped"
    summary = "Mako templates without HTML escaping"
    hint = 'pass default_filters=["h"] to escape every ${...} expression'
    severity = MEDIUM
    confidence = MEDIUM
    cwe = (79,)
    tags = ("mako", "templates", "xss")
    bandit = ("B702",)
    ruff = ("S702",)
    triggers = ("mako",)

    VALID = [
        "from mako.template import Template\nt = Template('hello ${name}', default_filters=['h'])\n",
        "from mako.lookup import TemplateLookup\nlookup = TemplateLookup(directories=['templates'], default_filters=['h', 'unicode'])\n",
        "from mako.template import Template\nfrom .config import FILTERS\nt = Template(text, default_filters=FILTERS)\n",
        "from mako.template import Template\nt = Template(text, default_filters=['decode.utf8', 'my_escape'])\n",
        "from mako.template import Template\ndef build(**options):\n    return Template(text, **options)\n",
        # Same class name, other libraries.
        "from string import Template\nTemplate('$who').substitute(who='tim')\n",
        "from jinja2 import Template\nt = Template('{{ name }}', autoescape=True)\n",
        "def Template(text, **kw):\n    return text\nTemplate('${x}')\n",
        Valid("from mako.template import Template\ndef test_page():\n    assert Template('${x}').render(x=1) == '1'\n", path="tests/test_pages.py"),
    ]
    INVALID = [
        Invalid("from mako.template import Template\nhtml = Template('<p>${name}</p>').render(name=name)\n", 2),
        Invalid("import mako.template as mt\nt = mt.Template(filename='page.html')\n", 2),
        Invalid("from mako.lookup import TemplateLookup as Lookup\nlookup = Lookup(directories=['templates'])\n", 2),
        Invalid("from mako.template import *\nt = Template(text, **{'default_filters': ['unicode']})\n", 2),
        Invalid("from mako.template import Template\nFILTERS = ['str']\nt = Template(text, default_filters=FILTERS)\n", 3),
        Invalid(
            "from mako.lookup import TemplateLookup\nlookup = TemplateLookup(\n    directories=['templates'],\n"
            "    default_filters=['decode.utf8'],\n)\n",
            4,
        ),
        Invalid("import mako.lookup\nclass Views:\n    def __init__(self):\n        self.lookup = mako.lookup.TemplateLookup(directories=['t'])\n", 4),
    ]

    def visit_Call(self, node: cst.Call, ctx) -> None:
        name = ctx.match(node.func, _MAKO_CALLS)
        if name is None or is_test_module(ctx):
            return
        short = name.rsplit(".", 1)[1]
        filters = ctx.keyword(node, "default_filters")
        if filters is None:
            if not ctx.has_star_args(node):
                self.report(ctx, node, f"Mako output is not HTML-escaped ({short} without default_filters)")
            return
        listed = ctx.value_of(filters)
        if not isinstance(listed, (cst.List, cst.Tuple)):
            return
        names = []
        for element in listed.elements:
            value = ctx.literal(element.value) if isinstance(element, cst.Element) else None
            if not isinstance(value, str):
                return  # a computed filter: it may escape
            names.append(value.strip())
        if any(n in _ESCAPING_FILTERS for n in names) or not all(n in _PLAIN_FILTERS for n in names):
            return
        self.report(ctx, filters, f'Mako output is not HTML-escaped (default_filters without "h": {names!r})')
