from __future__ import annotations

import libcst as cst

from stagewarden.rule import HIGH, MEDIUM, Invalid, PythonRule, Valid
from stagewarden.rules.insecure_defaults.settings_module import is_test_module

# callable -> the name of its string parameter
_MARKERS = {
    "django.utils.safestring.mark_safe": "s",
    "django.utils.html.mark_safe": "s",
    "django.utils.safestring.SafeString": "object",
    "django.utils.safestring.SafeText": "object",
    "markupsafe.Markup": "object",
    "flask.Markup": "object",
    "jinja2.Markup": "object",
    "jinja2.utils.Markup": "object",
}
_MARKER_NAMES = frozenset(_MARKERS)
# Calls whose result is escaped or sanitised HTML (or already a safe string).
_ESCAPING_CALLS = frozenset(
    [
        "django.utils.html.escape", "django.utils.html.conditional_escape", "django.utils.html.format_html",
        "django.utils.html.format_html_join", "django.utils.html.json_script", "django.utils.html.escapejs",
        "django.utils.html.urlize", "django.template.loader.render_to_string", "django.shortcuts.render_to_string",
        "django.template.defaultfilters.escape", "django.template.defaultfilters.linebreaksbr",
        "markupsafe.escape", "markupsafe.escape_silent", "flask.escape", "jinja2.escape", "html.escape",
        "bleach.clean", "bleach.linkify", "nh3.clean",
        "flask.render_template", "flask.render_template_string",
    ]
)
# Translation lookups of constant text: the translated text is the project's own.
_GETTEXT = frozenset(
    [
        "django.utils.translation.gettext", "django.utils.translation.gettext_lazy",
        "django.utils.translation.ugettext", "django.utils.translation.ugettext_lazy",
        "django.utils.translation.pgettext", "django.utils.translation.pgettext_lazy",
        "gettext.gettext", "flask_babel.gettext", "flask_babel.lazy_gettext", "flask_babel._",
    ]
)
_DEPTH = 6
# Builtins whose result is a number: a constant repeated that many times is still constant text.
_COUNTS = frozenset(["builtins.int", "builtins.len", "builtins.round", "builtins.abs"])


def _is_safe(ctx, expr: cst.BaseExpression, depth: int = 0) -> bool:
    """The string cannot carry markup from outside: known before run time (also `"a" + CONST`,
    `"%s" % CONST`, gettext), already escaped or sanitised (`escape(x)`, `format_html(...)`),
    a constant repeated a number of times (`"&#9733;" * int(rating)`), a constant separator
    joining such strings, or `+`, `%`, `.format()` of them."""
    if depth > _DEPTH:
        return False
    if ctx.is_constant_string(expr):
        return True
    name = ctx.qualname(expr)
    if name is not None and name.startswith("django.conf.settings."):
        return True  # the project's own configuration
    expr = ctx.value_of(expr)
    if isinstance(expr, cst.FormattedString):  # f"<ul>{items}</ul>" with safe items
        return all(
            not isinstance(part, cst.FormattedStringExpression)
            or (part.conversion is None and _is_safe_value(ctx, part.expression, depth + 1))
            for part in expr.parts
        )
    if isinstance(expr, cst.BinaryOperation):
        right = expr.right
        if isinstance(expr.operator, cst.Multiply):
            return _repeated_constant(ctx, expr.left, right) or _repeated_constant(ctx, right, expr.left)
        if not isinstance(expr.operator, (cst.Add, cst.Modulo)):
            return False
        if isinstance(expr.operator, cst.Modulo) and isinstance(right, cst.Tuple):
            return _is_safe(ctx, expr.left, depth + 1) and all(
                isinstance(e, cst.Element) and _is_safe_value(ctx, e.value, depth + 1) for e in right.elements
            )
        return _is_safe(ctx, expr.left, depth + 1) and _is_safe_value(ctx, right, depth + 1)
    if isinstance(expr, cst.Call):
        if ctx.match(expr.func, _ESCAPING_CALLS) is not None or ctx.match(expr.func, _MARKER_NAMES) is not None:
            return True  # escaped, sanitised, or marked safe (and checked) on its own
        if ctx.match(expr.func, _GETTEXT) is not None:
            return all(_is_safe(ctx, arg.value, depth + 1) for arg in expr.args)
        func = expr.func
        if isinstance(func, cst.Attribute) and func.attr.value == "format":
            return _is_safe(ctx, func.value, depth + 1) and all(
                not arg.star and _is_safe_value(ctx, arg.value, depth + 1) for arg in expr.args
            )
        if isinstance(func, cst.Attribute) and func.attr.value == "join":
            return _safe_join(ctx, expr, depth + 1)
    return False


def _is_safe_value(ctx, expr: cst.BaseExpression, depth: int) -> bool:
    return isinstance(ctx.literal(expr), (int, float)) or _is_safe(ctx, expr, depth)


def _repeated_constant(ctx, text: cst.BaseExpression, count: cst.BaseExpression) -> bool:
    """`"&#9733;" * int(rating)`, `"&nbsp;" * 4`, `"<td></td>" * len(columns)`."""
    if not ctx.is_constant_string(text):
        return False
    number = ctx.literal(count)
    if type(number) is int:
        return True
    count = ctx.value_of(count)
    return isinstance(count, cst.Call) and ctx.match(count.func, _COUNTS) is not None


def _safe_join(ctx, call: cst.Call, depth: int) -> bool:
    """`"".join(format_html("<li>{}</li>", n) for n in names)`: a constant separator joining
    escaped (or constant) strings; also a list of them and `map(escape, items)`."""
    func = call.func
    if len(call.args) != 1 or call.args[0].star or not ctx.is_constant_string(func.value):
        return False
    items = ctx.value_of(call.args[0].value)
    if isinstance(items, (cst.GeneratorExp, cst.ListComp, cst.SetComp)):
        return _is_safe(ctx, items.elt, depth + 1)
    if isinstance(items, (cst.List, cst.Tuple)):
        return all(isinstance(e, cst.Element) and _is_safe(ctx, e.value, depth + 1) for e in items.elements)
    if isinstance(items, cst.Call) and ctx.qualname(items.func) == "builtins.map" and items.args:
        return ctx.match(items.args[0].value, _ESCAPING_CALLS) is not None
    return False


class MarkSafeDynamic(PythonRule):
    """
    ## What it does
    Finds HTML escaping switched off for a string built at run time: Django's
    `mark_safe(x)`, `SafeString(x)` / `SafeText(x)`, and `Markup(x)` from markupsafe (also
    `flask.Markup`, `jinja2.Markup`), where `x` is not a constant: an f-string with
    placeholders, `%` or `+` with a variable, `.format(...)`, a variable, a call.

    Constant strings are fine, and so is a value that is already escaped or sanitised:
    `mark_safe(escape(x))`, `mark_safe(format_html(...))`, `mark_safe(bleach.clean(x))`,
    `Markup(render_template(...))`, a translated constant (`mark_safe(_("..."))`) and a value
    from Django's own settings (`mark_safe(settings.BANNER_HTML)`). So are a constant repeated
    a number of times (`mark_safe("&#9733;" * int(rating))`, with `int()`, `len()` or an
    integer), a constant separator joining escaped items
    (`mark_safe("".join(format_html("<li>{}</li>", n) for n in names))`), and `+`, `%`,
    `.format()` or an f-string of such parts. Test code (`tests/`, `test_*.py`,
    `conftest.py`) is skipped.
    `Markup("<b>{}</b>").format(name)` is safe too: `Markup.format` escapes its arguments.

    ## Why is this bad?
    `mark_safe` and `Markup` tell the template engine that a string is trusted HTML, so it
    is inserted without escaping. If any part of it comes from a user (a name, a comment, a
    query parameter), that user can inject script into the page (cross-site scripting).

    ## Example
    ```python
    from django.utils.safestring import mark_safe

    def greeting(user):
        return mark_safe(f"<b>Hello {user.first_name}</b>")
    ```

    ## Use instead
    ```python
    from django.utils.html import format_html

    def greeting(user):
        return format_html("<b>Hello {}</b>", user.first_name)  # Markup("<b>Hello {}</b>").format(...) in Jinja2
    ```

    ## Options
    None.

    ## Fix safety
    No fix is offered: rewriting to `format_html` needs the placeholders separated from the
    markup by hand.

    ## References
    - [CWE-79: Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')](https://cwe.mitre.org/data/definitions/79.html)
    - [Django: mark_safe](https://docs.djangoproject.com/en/stable/ref/utils/#django.utils.safestring.mark_safe)
    - [Django: format_html](https://docs.djangoproject.com/en/stable/ref/utils/#django.utils.html.format_html)
    - [MarkupSafe: Working With Safe Text](https://markupsafe.palletsprojects.com/en/stable/escaping/)
    """

    id = "SW137"
    name = "mark-safe-dynamic"
    summary = "Dynamic string marked as safe HTML"
    hint = "build the HTML with format_html(...) or Markup(...).format(...), which escape their arguments"
    severity = HIGH
    confidence = MEDIUM
    cwe = (79,)
    tags = ("django", "flask", "jinja2", "templates", "xss")
    bandit = ("B308", "B703", "B704")
    ruff = ("S308", "S704")
    triggers = ("mark_safe", "SafeString", "SafeText", "Markup")

    VALID = [
        "from django.utils.safestring import mark_safe\nICON = mark_safe('<i class=\"icon\"></i>')\n",
        "from django.utils.safestring import mark_safe\nOPEN = '<b>'\nLABEL = mark_safe(OPEN + 'New' + '</b>')\n",
        "from django.utils.html import format_html\nhtml = format_html('<b>{}</b>', name)\n",
        "from markupsafe import Markup\nhtml = Markup('<b>{}</b>').format(name)\n",
        "from markupsafe import Markup, escape\nhtml = escape(name)\nother = Markup(escape(name))\n",
        "from django.utils.html import escape\nfrom django.utils.safestring import mark_safe\nhtml = mark_safe(escape(comment))\n",
        "import bleach\nfrom django.utils.safestring import mark_safe\nhtml = mark_safe(bleach.clean(comment))\n",
        "from django.utils.safestring import mark_safe\nfrom django.utils.translation import gettext as _\n"
        "help_text = mark_safe(_('Use <b>letters</b> only'))\n",
        # A local function with the same name.
        "def mark_safe(s):\n    return s\nhtml = mark_safe(f'<b>{name}</b>')\n",
        "from django.conf import settings\nfrom django.utils.safestring import mark_safe\nBANNER = mark_safe(settings.SITE_BANNER_HTML)\n",
        "from django.utils.safestring import mark_safe\nhtml = mark_safe(f'<hr>')\n",
        Valid("from django.utils.safestring import mark_safe\ndef test_widget():\n    assert render(mark_safe(f'<b>{x}</b>'))\n",
              path="app/tests/test_widgets.py"),
        # A constant repeated a number of times, and a constant separator joining escaped items.
        "from django.utils.safestring import mark_safe\ndef stars(rating):\n    return mark_safe('&#9733;' * int(rating))\n",
        "from django.utils.safestring import mark_safe\nGAP = mark_safe(3 * '&nbsp;')\ncells = mark_safe('<td></td>' * len(columns))\n",
        "from django.utils.html import format_html\nfrom django.utils.safestring import mark_safe\n"
        "def items(names):\n    return mark_safe(''.join(format_html('<li>{}</li>', n) for n in names))\n",
        "from django.utils.html import escape, format_html\nfrom django.utils.safestring import mark_safe\n"
        "def listing(names):\n    rows = [format_html('<li>{}</li>', n) for n in names]\n"
        "    return mark_safe('<ul>' + ''.join(rows) + '</ul>')\n",
        "from django.utils.html import escape\nfrom markupsafe import Markup\nhtml = Markup('<br>'.join(map(escape, lines)))\n",
        "from django.utils.html import format_html\nfrom django.utils.safestring import mark_safe\n"
        "def items(names):\n    rows = ''.join(format_html('<li>{}</li>', n) for n in names)\n    return mark_safe(f'<ul>{rows}</ul>')\n",
    ]
    INVALID = [
        Invalid("from django.utils.safestring import mark_safe\nhtml = mark_safe(f'<b>{name}</b>')\n", 2),
        Invalid("from django.utils.safestring import mark_safe as ms\nhtml = ms('<b>%s</b>' % name)\n", 2),
        Invalid("import django.utils.safestring as safestring\nhtml = safestring.mark_safe('<b>{}</b>'.format(name))\n", 2),
        Invalid("from django.utils.safestring import *\nhtml = mark_safe('<b>' + name + '</b>')\n", 2),
        Invalid("from django.utils.safestring import SafeString\ndef render(comment):\n    return SafeString(comment.body)\n", 3),
        Invalid("from markupsafe import Markup\nhtml = Markup(\n    f'<a href=\"{url}\">{label}</a>'\n)\n", 2),
        Invalid("import flask\nhtml = flask.Markup(request.args['q'])\n", 2),
        Invalid("from jinja2 import Markup\nHTML = '<br>'.join(lines)\nsnippet = Markup(HTML)\n", 3),
        Invalid("from markupsafe import Markup\nhtml = Markup(object=user_input)\n", 2),
        Invalid("from django.utils.safestring import SafeText\nfrom jinja2.utils import Markup\na = SafeText(value)\nb = Markup(value)\n", 3, 4),
        # Repeated or joined text that comes from outside.
        Invalid("from django.utils.safestring import mark_safe\ndef stars(symbol, rating):\n    return mark_safe(symbol * int(rating))\n", 3),
        Invalid("from django.utils.safestring import mark_safe\ndef items(names):\n"
                "    return mark_safe(''.join(f'<li>{n}</li>' for n in names))\n", 3),
        Invalid("from django.utils.html import escape\nfrom django.utils.safestring import mark_safe\n"
                "def items(names, sep):\n    return mark_safe(sep.join(escape(n) for n in names))\n", 4),
    ]

    def visit_Call(self, node: cst.Call, ctx) -> None:
        if not node.args:
            return
        marker = ctx.match(node.func, _MARKER_NAMES)
        if marker is None or is_test_module(ctx):
            return
        value = ctx.argument(node, _MARKERS[marker], 0)
        if value is None or _is_safe(ctx, value):
            return
        function = marker.rsplit(".", 1)[1]
        self.report(ctx, node, f"HTML escaping bypassed for a dynamic string ({function}(...))")
