from __future__ import annotations

import weakref

import libcst as cst

from stagewarden.findings import FixSafety
from stagewarden.rule import HIGH, LOW, MEDIUM, Invalid, NodeFix, PythonRule

_ETREE = ("parse", "iterparse", "fromstring", "fromstringlist", "XML", "XMLParser", "XMLPullParser")
_DOM = ("parse", "parseString")
# Parsing entry points, and the defusedxml function to use instead.
_PARSERS: dict[str, str] = {}
for _module in ("xml.etree.ElementTree", "xml.etree.cElementTree"):
    for _function in _ETREE:
        _PARSERS[f"{_module}.{_function}"] = {
            "fromstringlist": "defusedxml.ElementTree.fromstring",
            "XMLPullParser": "defusedxml.ElementTree.iterparse",
        }.get(_function, f"defusedxml.ElementTree.{_function}")
    _PARSERS[f"{_module}.ElementTree().parse"] = "defusedxml.ElementTree.parse"
for _module, _defused in (("xml.dom.minidom", "minidom"), ("xml.dom.pulldom", "pulldom"), ("xml.dom.expatbuilder", "expatbuilder")):
    for _function in _DOM:
        _PARSERS[f"{_module}.{_function}"] = f"defusedxml.{_defused}.{_function}"
for _function in ("parse", "parseString", "make_parser"):
    _PARSERS[f"xml.sax.{_function}"] = f"defusedxml.sax.{_function}"
_PARSERS["xml.sax.expatreader.create_parser"] = "defusedxml.expatreader.create_parser"

_DATA_FUNCTIONS = frozenset(["fromstring", "fromstringlist", "XML", "parseString"])
_SOURCE_FUNCTIONS = _DATA_FUNCTIONS | {"parse", "iterparse"}
_STRING_METHODS = frozenset(["strip", "lstrip", "rstrip", "encode", "decode"])
_EXTERNAL_FEATURES = frozenset(["xml.sax.handler.feature_external_ges", "xml.sax.handler.feature_external_pes"])
_EXTERNAL_URIS = {
    "http://xml.org/sax/features/external-general-entities": "feature_external_ges",
    "http://xml.org/sax/features/external-parameter-entities": "feature_external_pes",
}
_DEFUSE = frozenset(["defusedxml.defuse_stdlib"])


class XmlStdlibParser(PythonRule):
    """
    ## What it does
    Finds XML parsed with the standard library's parsers: `parse`, `iterparse`,
    `fromstring`, `fromstringlist`, `XML`, `XMLParser` and `XMLPullParser` of
    `xml.etree.ElementTree` (and `cElementTree`), `parse` / `parseString` of
    `xml.dom.minidom`, `xml.dom.pulldom` and `xml.dom.expatbuilder`, and `xml.sax.parse` /
    `parseString` / `make_parser` / `xml.sax.expatreader.create_parser`. A SAX parser given
    `setFeature(feature_external_ges, True)` (external entities, XXE) is reported with high
    severity and confidence.

    Building and writing XML (`Element`, `SubElement`, `tostring`, `ElementTree.write`) is not
    reported, nor is XML written as a constant in the code (`ET.fromstring("<a/>")`), nor
    anything in a file that calls `defusedxml.defuse_stdlib()` at module level. Parsing a file
    whose name is a constant is reported with low confidence. lxml is covered by
    `lxml-unsafe-parser` (SW132).

    ## Why is this bad?
    The standard library parsers expand entities declared in the document itself. A few
    hundred bytes of nested entity declarations ("billion laughs", quadratic blowup) expand to
    gigabytes and exhaust memory and CPU (CWE-776). Expat 2.4.1 and later limit this, but the
    version in use depends on the platform. With external entities switched on, a document
    can also read local files or make the parser send network requests (XXE, CWE-611).

    ## Example
    ```python
    import xml.etree.ElementTree as ET

    root = ET.fromstring(request.body)
    ```

    ## Use instead
    ```python
    import defusedxml.ElementTree as ET

    root = ET.fromstring(request.body)
    ```

    ## Options
    None.

    ## Fix safety
    The only fix offered turns `setFeature(feature_external_ges, True)` into `False`. It is
    unsafe: documents that rely on external entities will no longer have them expanded.

    ## References
    - [CWE-776: Improper Restriction of Recursive Entity References in DTDs](https://cwe.mitre.org/data/definitions/776.html)
    - [CWE-611: Improper Restriction of XML External Entity Reference](https://cwe.mitre.org/data/definitions/611.html)
    - [Python: XML vulnerabilities](https://docs.python.org/3/library/xml.html#xml-vulnerabilities)
    - [defusedxml](https://pypi.org/project/defusedxml/)
    """

    id = "SW131"
    name = "xml-stdlib-parser"
    summary = "untrusted XML parsed with a standard library parser"
    hint = "use defusedxml for data you did not write"
    severity = MEDIUM
    confidence = MEDIUM
    cwe = (776, 611)
    tags = ("xml", "denial-of-service")
    fix_safety = FixSafety.UNSAFE
    bandit = ("B313", "B314", "B315", "B316", "B317", "B318", "B319", "B405", "B406", "B407", "B408", "B409")
    ruff = ("S313", "S314", "S315", "S316", "S317", "S318", "S319", "S405", "S406", "S407", "S408", "S409")
    # Each parser's module path holds one of these; the external-entity features are `xml.sax.handler`
    # names or URIs (`http://xml.org/sax/features/...`) that also spell `sax`.
    triggers = ("etree", "minidom", "pulldom", "expatbuilder", "sax")

    VALID = [
        "import defusedxml.ElementTree as ET\nroot = ET.parse(path)\n",
        "from defusedxml.minidom import parseString\ndoc = parseString(data)\n",
        "import xml.etree.ElementTree as ET\nroot = ET.Element('a')\nET.SubElement(root, 'b')\ndata = ET.tostring(root)\nET.ElementTree(root).write(out)\n",
        "import defusedxml\ndefusedxml.defuse_stdlib()\nimport xml.etree.ElementTree as ET\nroot = ET.fromstring(data)\n",
        "from lxml import etree\nroot = etree.fromstring(data)\n",
        "import json\ndef parse(text):\n    return json.loads(text)\nparse(data)\n",
        "import xml.sax\nfrom xml.sax.handler import feature_external_ges\nparser = xml.sax.make_parser  # a reference, not a call\nhandler.setFeature(feature_external_ges, False)\n",
        "import xml.etree.ElementTree as ET\nroot = ET.fromstring('<config><debug>0</debug></config>')\n",
        "from xml.dom import minidom\nSAMPLE = \"\"\"\n<doc>&amp;</doc>\n\"\"\"\ndoc = minidom.parseString(SAMPLE.strip())\n",
        "import defusedxml\nimport xml.etree.ElementTree as ET\ndef load(p):\n    return ET.parse(p)\ndefusedxml.defuse_stdlib()\n",
        "from xml.etree import ElementTree\nclass Doc:\n    def fromstring(self, s):\n        return s\nDoc().fromstring(data)\n",
    ]
    INVALID = [
        Invalid("import xml.etree.ElementTree as ET\nroot = ET.fromstring(request.body)\n", 2),
        Invalid("import xml.etree.ElementTree\ntree = xml.etree.ElementTree.parse(path)\n", 2),
        Invalid("from xml.etree.ElementTree import fromstring as parse_xml\nroot = parse_xml(data)\n", 2),
        Invalid("from xml.dom.minidom import *\ndoc = parseString(data)\n", 2),
        Invalid("from xml.dom import minidom, pulldom\ndoc = minidom.parse(f)\nevents = pulldom.parseString(\n    data,\n)\n", 2, 3),
        Invalid("import xml.sax\nxml.sax.parseString(data, handler)\nparser = xml.sax.make_parser()\n", 2, 3),
        Invalid("from xml.etree import cElementTree\nfor event, elem in cElementTree.iterparse(f):\n    pass\n", 2),
        Invalid("import xml.etree.ElementTree as ET\ntree = ET.ElementTree()\ntree.parse(path)\n", 3),
        Invalid("import xml.sax\nfrom xml.sax.handler import feature_external_ges\nparser = xml.sax.make_parser()\nparser.setFeature(feature_external_ges, True)\n", 3, 4),
        Invalid("def configure(parser):\n    parser.setFeature('http://xml.org/sax/features/external-general-entities', True)\n", 2),
        # defuse_stdlib() inside a function does not protect the whole module.
        Invalid("import defusedxml\nimport xml.etree.ElementTree as ET\ndef setup():\n    defusedxml.defuse_stdlib()\nroot = ET.fromstring(data)\n", 5),
        Invalid("from xml.sax import expatreader\nparser = expatreader.create_parser()\n", 2),
        Invalid("import xml.etree.ElementTree as ET\nroot = ET.fromstring(data, parser=ET.XMLParser(encoding='utf-8'))\n", 2),
        Invalid("from xml.dom import expatbuilder\ndoc = expatbuilder.parseString(data)\n", 2),
    ]

    _defused: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
    _nested: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()

    def visit_Call(self, node: cst.Call, ctx) -> None:
        func = node.func
        if not isinstance(func, (cst.Name, cst.Attribute)):
            return
        if isinstance(func, cst.Attribute) and func.attr.value == "setFeature":
            if not self._is_defused(ctx):
                self._check_feature(node, ctx)
            return
        name = ctx.match(func, _PARSERS)
        if name is None or self._is_defused(ctx):
            return
        # `ET.fromstring(data, parser=ET.XMLParser())` is one finding, on the outer call.
        nested = self._nested.setdefault(ctx, set())
        if id(node) in nested:
            return
        nested.update(id(arg.value) for arg in node.args if isinstance(arg.value, cst.Call))
        function = name.rsplit(".", 1)[1]
        confidence = None
        if function in _SOURCE_FUNCTIONS:
            if _constant_source(ctx.positional(node, 0), ctx):
                if function in _DATA_FUNCTIONS:
                    return  # XML written in the code itself
                confidence = LOW  # a fixed file name: most likely the project's own file
        self.report(ctx, node, f"{name.replace('()', '')} is open to entity-expansion attacks (billion laughs) on untrusted XML",
                    hint=f"use defusedxml ({_PARSERS[name]}) for data you did not write", confidence=confidence)

    def _is_defused(self, ctx) -> bool:
        """The file calls `defusedxml.defuse_stdlib()` at module level.

        Checked when a parser call is found, not up front: the name tracker binds module-level
        imports as the walk reaches them (functions see the final bindings), so the call can
        only be resolved from inside the walk. Only a positive answer is cached.
        """
        if ctx in self._defused:
            return True
        if _calls_defuse_stdlib(ctx.module.body, ctx):
            self._defused[ctx] = True
            return True
        return False

    def _check_feature(self, node: cst.Call, ctx) -> None:
        feature = ctx.argument(node, "name", 0)
        state = ctx.argument(node, "state", 1)
        if feature is None or state is None:
            return
        name = ctx.match(feature, _EXTERNAL_FEATURES)
        spelling = name.rsplit(".", 1)[1] if name else _EXTERNAL_URIS.get(ctx.literal(feature))
        if spelling is None or ctx.literal(state) not in (True, 1):
            return
        fix = None
        if isinstance(state, cst.Name) and state.value == "True":
            fix = NodeFix("set the feature to False", FixSafety.UNSAFE, ((state, cst.Name("False")),))
        self.report(ctx, node, f"external entities enabled on an XML parser ({spelling}=True), open to XXE",
                    severity=HIGH, confidence=HIGH, fix=fix,
                    hint="leave external entities off (the default) and use defusedxml for untrusted XML")


def _constant_source(expr, ctx, depth: int = 0) -> bool:
    """XML (or a file name) written in the code: a constant, or one with `.strip()` / `.encode()`."""
    if expr is None or depth > 8:  # `text = text.strip()` refers to itself
        return False
    if ctx.is_constant_string(expr):
        return True
    expr = ctx.value_of(expr)
    return (
        isinstance(expr, cst.Call)
        and isinstance(expr.func, cst.Attribute)
        and expr.func.attr.value in _STRING_METHODS
        and _constant_source(expr.func.value, ctx, depth + 1)
    )


def _calls_defuse_stdlib(body, ctx, depth: int = 0) -> bool:
    """A `defusedxml.defuse_stdlib()` call among the statements (or in a top-level if/try)."""
    for statement in body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                value = small.value if isinstance(small, (cst.Expr, cst.Assign, cst.AnnAssign)) else None
                if isinstance(value, cst.Call) and ctx.match(value.func, _DEFUSE) is not None:
                    return True
        elif depth == 0 and isinstance(statement, (cst.If, cst.Try)):
            blocks = [statement.body]
            if isinstance(statement, cst.Try):
                blocks += [handler.body for handler in statement.handlers]
            for block in blocks:
                if isinstance(block, cst.IndentedBlock) and _calls_defuse_stdlib(block.body, ctx, depth + 1):
                    return True
    return False
