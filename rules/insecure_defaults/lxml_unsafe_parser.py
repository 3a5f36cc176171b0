from __future__ import annotations

from typing import Optional

import libcst as cst

from stagewarden.findings import FixSafety
from stagewarden.rule import HIGH, MEDIUM, Invalid, NodeFix, PythonRule

_PARSERS = frozenset(
    [
        "lxml.etree.XMLParser", "lxml.etree.ETCompatXMLParser", "lxml.etree.XMLPullParser",
        "lxml.etree.iterparse", "lxml.objectify.makeparser",
    ]
)


class LxmlUnsafeParser(PythonRule):
    """
    ## What it does
    Finds lxml XML parsers configured to resolve external entities or to lift lxml's
    protections: `resolve_entities=True` or `no_network=False` (high severity), and
    `load_dtd=True` / `dtd_validation=True` / `attribute_defaults=True` without
    `resolve_entities=False`, or `huge_tree=True` (medium severity), passed to
    `lxml.etree.XMLParser`, `ETCompatXMLParser`, `XMLPullParser`, `iterparse` or
    `lxml.objectify.makeparser`.

    The default settings, `resolve_entities=False` or `"internal"`, values the rule cannot
    evaluate and the `lxml.html` parsers are left alone.

    ## Why is this bad?
    With entity resolution on, a document can declare `<!ENTITY x SYSTEM "file:///etc/passwd">`
    and have the file's contents put into the parsed tree (XML external entities, XXE,
    CWE-611); with `no_network=False` it can also make the server fetch URLs on the
    internal network (SSRF). Loading the DTD lets a document pull in external definitions,
    and `huge_tree=True` turns off libxml2's limits on tree depth and entity expansion.
    lxml 5 and later resolve only internal entities by default; earlier versions resolve
    external ones too, so setting `resolve_entities=False` explicitly is the portable choice.

    ## Example
    ```python
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=True, load_dtd=True)
    tree = etree.parse(upload, parser)
    ```

    ## Use instead
    ```python
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    tree = etree.parse(upload, parser)
    ```

    ## Options
    None.

    ## Fix safety
    The fix turns `resolve_entities=True` into `False`, and `no_network=False` into `True`. It
    is unsafe: documents that rely on entities or on fetching their DTD over the network will
    parse differently.

    ## References
    - [CWE-611: Improper Restriction of XML External Entity Reference](https://cwe.mitre.org/data/definitions/611.html)
    - [lxml: XMLParser options](https://lxml.de/api/lxml.etree.XMLParser-class.html)
    - [lxml FAQ: how do I use lxml safely as a web-service endpoint?](https://lxml.de/FAQ.html#how-do-i-use-lxml-safely-as-a-web-service-endpoint)
    - [OWASP XXE Prevention Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/XML_External_Entity_Prevention_Cheat_Sheet.html)
    """

    id = "SW132"
    name = "lxml-unsafe-parser"
    summary = "lxml parser that resolves external entities or lifts its limits"
    hint = "pass resolve_entities=False and keep no_network=True"
    severity = HIGH
    confidence = HIGH
    cwe = (611,)
    tags = ("xml", "xxe")
    fix_safety = FixSafety.UNSAFE
    bandit = ("B320", "B410")
    ruff = ("S320", "S410")
    triggers = ("lxml",)

    VALID = [
        "from lxml import etree\nparser = etree.XMLParser(resolve_entities=False)\n",
        "from lxml import etree\nparser = etree.XMLParser()\ntree = etree.parse(f, parser)\n",
        "from lxml import etree\nparser = etree.XMLParser(resolve_entities='internal', no_network=True)\n",
        "from lxml import etree\nparser = etree.XMLParser(load_dtd=True, resolve_entities=False)\n",
        "from lxml import etree\ndef make(trusted):\n    return etree.XMLParser(resolve_entities=trusted, huge_tree=trusted)\n",
        "import lxml.html\nparser = lxml.html.HTMLParser(remove_comments=True)\ndoc = lxml.html.fromstring(page)\n",
        "import xml.etree.ElementTree as ET\nparser = ET.XMLParser(resolve_entities=True)\n",
        "def XMLParser(**options):\n    return options\nXMLParser(resolve_entities=True)\n",
    ]
    INVALID = [
        Invalid("from lxml import etree\nparser = etree.XMLParser(resolve_entities=True)\n", 2),
        Invalid("import lxml.etree as ET\nparser = ET.XMLParser(no_network=False)\n", 2),
        Invalid("from lxml.etree import XMLParser as Parser\nparser = Parser(load_dtd=True)\n", 2),
        Invalid("from lxml.etree import *\nparser = XMLParser(huge_tree=True)\n", 2),
        Invalid("from lxml import etree\nRESOLVE = True\nparser = etree.XMLParser(resolve_entities=RESOLVE)\n", 3),
        Invalid("from lxml import etree\nOPTIONS = {'dtd_validation': True}\nparser = etree.XMLParser(**OPTIONS)\n", 3),
        Invalid("import lxml.etree\nfor event, element in lxml.etree.iterparse(\n    source,\n    resolve_entities=True,\n    no_network=False,\n):\n    pass\n", 4, 5),
        Invalid("from lxml import objectify\nparser = objectify.makeparser(huge_tree=True)\n", 2),
        Invalid("from lxml import etree\nparser = etree.XMLPullParser(load_dtd=True, resolve_entities='internal')\n", 2),
    ]

    def visit_Call(self, node: cst.Call, ctx) -> None:
        func = node.func
        if not isinstance(func, (cst.Name, cst.Attribute)) or not node.args:
            return
        if ctx.match(func, _PARSERS) is None:
            return
        resolve = ctx.keyword(node, "resolve_entities")
        resolve_value = ctx.literal(resolve) if resolve is not None else "default"
        if resolve_value is True:
            self.report(ctx, _site(node, resolve), "XML external entities resolved (resolve_entities=True)",
                        fix=_flip(node, resolve, "resolve_entities=False"))
        network = ctx.keyword(node, "no_network")
        if network is not None and ctx.literal(network) is False:
            self.report(ctx, _site(node, network), "XML parser may fetch external resources over the network (no_network=False)",
                        hint="keep no_network=True (the default)", fix=_flip(node, network, "no_network=True"))
        if resolve_value in ("default", "internal"):
            for option in ("load_dtd", "dtd_validation", "attribute_defaults"):
                value = ctx.keyword(node, option)
                if value is not None and ctx.literal(value) is True:
                    self.report(ctx, _site(node, value), f"XML parser loads external DTDs ({option}=True without resolve_entities=False)",
                                severity=MEDIUM, hint="also pass resolve_entities=False and no_network=True")
                    break
        huge = ctx.keyword(node, "huge_tree")
        if huge is not None and ctx.literal(huge) is True:
            self.report(ctx, _site(node, huge), "XML parser limits on depth and entity expansion turned off (huge_tree=True)",
                        severity=MEDIUM, hint="remove huge_tree=True unless the documents are trusted")


def _direct(call: cst.Call, value: cst.BaseExpression) -> bool:
    """True when `value` is written as a keyword of the call itself (not in a `**` mapping)."""
    return any(arg.keyword is not None and arg.value is value for arg in call.args)


def _site(call: cst.Call, value: cst.BaseExpression) -> cst.CSTNode:
    """Where to report: the keyword value, or the call when the value came through `**mapping`
    (a mapping bound elsewhere in the file would put the finding on another line)."""
    return value if _direct(call, value) else call


def _flip(call: cst.Call, value: cst.BaseExpression, description: str) -> Optional[NodeFix]:
    if _direct(call, value) and isinstance(value, cst.Name) and value.value in ("True", "False"):
        other = "False" if value.value == "True" else "True"
        return NodeFix(f"set {description}", FixSafety.UNSAFE, ((value, cst.Name(other)),))
    return None
