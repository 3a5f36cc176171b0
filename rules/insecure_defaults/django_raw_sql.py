from __future__ import annotations

import libcst as cst

from stagewarden.rule import HIGH, MEDIUM, Invalid, PythonRule
from stagewarden.rules.insecure_defaults.sql_string_formatting import built_string

_RAW_SQL = frozenset(["django.db.models.expressions.RawSQL", "django.db.models.RawSQL"])
# QuerySet.extra() arguments that are put into the SQL text as written.
_EXTRA_KEYWORDS = ("select", "where", "tables", "order_by")


class DjangoRawSql(PythonRule):
    """
    ## What it does
    Finds SQL text built from non-constant values (an f-string, `%` formatting, `.format()`
    or `+` concatenation with a part not known before run time) in Django's raw-SQL escape
    hatches: the `sql` of `RawSQL(sql, params)`, and the `select=`, `where=`, `tables=` and
    `order_by=` arguments of `QuerySet.extra()` (a list of formatted strings, a dict of
    formatted values). A string assigned to a variable first is followed.

    `extra()` and `RawSQL` with constant SQL and values passed through `params` /
    `select_params` are left alone (they are still discouraged, but not injectable), and so
    are values the rule cannot see into (a parameter holding the whole list).

    ## Why is this bad?
    Django puts these strings into the query exactly as written, without quoting or
    escaping. A value formatted into them becomes SQL: a crafted value can read or change
    any data the database account can reach (SQL injection, CWE-89).

    ## Example
    ```python
    from django.db.models.expressions import RawSQL

    qs = Item.objects.annotate(rank=RawSQL(f"SELECT rank FROM ranks WHERE name = '{name}'", []))
    qs = Item.objects.extra(where=[f"owner = '{owner}'"])
    ```

    ## Use instead
    ```python
    from django.db.models.expressions import RawSQL

    qs = Item.objects.annotate(rank=RawSQL("SELECT rank FROM ranks WHERE name = %s", [name]))
    qs = Item.objects.filter(owner=owner)  # or extra(where=["owner = %s"], params=[owner])
    ```

    ## Options
    None.

    ## Fix safety
    No fix is offered: the values have to be moved into `params`.

    ## References
    - [CWE-89: SQL Injection](https://cwe.mitre.org/data/definitions/89.html)
    - [Django: RawSQL expressions](https://docs.djangoproject.com/en/stable/ref/models/expressions/#raw-sql-expressions)
    - [Django: QuerySet.extra()](https://docs.djangoproject.com/en/stable/ref/models/querysets/#extra)
    - [Django: SQL injection protection](https://docs.djangoproject.com/en/stable/topics/security/#sql-injection-protection)
    """

    id = "SW141"
    name = "django-raw-sql"
    summary = "Django raw SQL built from non-constant values"
    hint = "keep the SQL constant and pass the values in params=[...] (or use the ORM)"
    severity = HIGH
    confidence = MEDIUM
    cwe = (89,)
    tags = ("sql", "injection", "django")
    bandit = ("B610", "B611")
    ruff = ("S610", "S611")
    triggers = ("RawSQL", "extra")
    # `extra` is a common word; the QuerySet method is always called as `.extra(`.
    requires = rb"RawSQL|\.\s*extra\s*\("

    VALID = [
        "from django.db.models.expressions import RawSQL\nqs = Item.objects.annotate(r=RawSQL('SELECT rank FROM ranks WHERE name = %s', [name]))\n",
        "def f(qs, owner):\n    return qs.extra(where=['owner = %s'], params=[owner])\n",
        "def f(qs):\n    return qs.extra(select={'is_new': 'created > now()'}, order_by=['-is_new'])\n",
        "TABLE = 'ranks'\nfrom django.db.models import RawSQL\nexpr = RawSQL(f'SELECT rank FROM {TABLE} WHERE id = %s', [pk])\n",
        "def f(qs, conditions):\n    return qs.extra(where=conditions)\n",
        "def f(data, name):\n    return data.extra(f'{name}')\n",
        "def RawSQL(sql, params):\n    return sql\nRawSQL(f'SELECT {x}', [])\n",
        "from django.db.models.expressions import RawSQL\ndef f(sql, params):\n    return RawSQL(sql, params)\n",
    ]
    INVALID = [
        Invalid("from django.db.models.expressions import RawSQL\ndef f(name):\n    return RawSQL(f\"SELECT rank FROM ranks WHERE name = '{name}'\", [])\n", 3),
        Invalid("import django.db.models as m\ndef f(col):\n    return m.RawSQL('SELECT ' + col + ' FROM t', ())\n", 3),
        Invalid("from django.db.models import RawSQL as Raw\ndef f(pk):\n    sql = 'SELECT a FROM t WHERE b = %s' % pk\n    return Raw(sql, [])\n", 4),
        Invalid("from django.db.models import *\ndef f(pk):\n    return RawSQL(sql='SELECT a FROM t WHERE b = {}'.format(pk), params=[])\n", 3),
        Invalid("def f(qs, owner):\n    return qs.extra(where=[f\"owner = '{owner}'\"])\n", 2),
        Invalid("def f(qs, col):\n    return qs.extra(\n        select={'value': 'SELECT %s FROM t' % col},\n    )\n", 3),
        Invalid("def f(Item, table, key):\n    clauses = ['id > 0', f'key = {key}']\n    return Item.objects.extra(where=clauses, tables=['t_' + table])\n", 3, 3),
        Invalid("def f(qs, col):\n    return qs.extra(**{'order_by': [f'{col} DESC']})\n", 2),
    ]

    def visit_Call(self, node: cst.Call, ctx) -> None:
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value == "extra":
            self._check_extra(node, ctx)
            return
        if not isinstance(func, (cst.Name, cst.Attribute)):
            return
        name = ctx.match(func, _RAW_SQL)
        if name is None:
            return
        sql = ctx.argument(node, "sql", 0)
        built = built_string(sql, ctx) if sql is not None else None
        if built is not None and built.dynamic:
            self.report(ctx, sql, f"SQL built from non-constant values with {built.how} (RawSQL)")

    def _check_extra(self, node: cst.Call, ctx) -> None:
        for keyword in _EXTRA_KEYWORDS:
            value = ctx.keyword(node, keyword)
            if value is None:
                continue
            container = ctx.value_of(value)
            if isinstance(container, cst.Dict):
                items = [element.value for element in container.elements if isinstance(element, cst.DictElement)]
            elif isinstance(container, (cst.List, cst.Tuple, cst.Set)):
                items = [element.value for element in container.elements if isinstance(element, cst.Element)]
            else:
                continue
            for item in items:
                built = built_string(item, ctx)
                if built is not None and built.dynamic:
                    # An element of a list bound elsewhere is reported where it is written.
                    self.report(ctx, item, f"SQL built from non-constant values with {built.how} (extra({keyword}=...))")
