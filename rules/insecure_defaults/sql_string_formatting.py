from __future__ import annotations

import re
import string
from typing import NamedTuple, Optional

import libcst as cst

from stagewarden.rule import HIGH, LOW, MEDIUM, Invalid, PythonRule

_SQL = re.compile(
    r"\bselect\b.*\bfrom\b"
    r"|\binsert\s+(?:or\s+\w+\s+)?into\b"
    r"|\breplace\s+into\b"
    r"|\bupdate\b.*\bset\b"
    r"|\bdelete\s+from\b"
    r"|\b(?:drop|truncate|alter)\s+table\b"
    r"|\bcreate\s+(?:unique\s+)?(?:table|index|view)\b"
    r"|\bwhere\b"
    r"|\border\s+by\b",
    re.IGNORECASE | re.DOTALL,
)
_CURSOR_METHODS = ("execute", "executemany", "executescript")
_QUERY_FUNCTIONS = {
    "sqlalchemy.text": "text",
    "sqlalchemy.sql.text": "text",
    "sqlalchemy.sql.expression.text": "text",
    "pandas.read_sql": "sql",
    "pandas.read_sql_query": "sql",
    "pandas.io.sql.read_sql": "sql",
    "pandas.io.sql.read_sql_query": "sql",
}
_QUERY_NAMES = frozenset(name.rsplit(".", 1)[1] for name in _QUERY_FUNCTIONS)
# Builtins whose result cannot carry SQL syntax.
_NUMERIC_CALLS = frozenset(["builtins.int", "builtins.float", "builtins.len", "builtins.bool", "builtins.round", "builtins.abs"])
_NUMERIC_PERCENT = set("diouxXeEfFgG")
_NUMERIC_SPEC = set("bdoxXneEfFgG%")
_PERCENT_CONVERSION = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(.)")
_MARK = "\x00"
_MAX_DEPTH = 8


class Built(NamedTuple):
    """What a string-building expression is known to produce."""

    text: str  # its constant text; each part only known at run time is replaced by \x00
    dynamic: bool  # True when a part that could carry arbitrary text goes in
    how: str  # "an f-string", "%-formatting", "str.format()", "string concatenation"; "" for a constant


def built_string(expr: cst.BaseExpression, ctx, depth: int = 0) -> Optional[Built]:
    """Analyse an expression that builds a string, following names to their assigned value.

    None when the expression is not recognisably a string (a parameter, a call, ...).
    A part counts as safe when it is a constant (ctx.is_constant_string, numbers), a number
    made by int()/float()/len(), a value formatted as a number (`%d`, `{n:d}`), a constant
    string repeated (`" " * n`) or a join of constant strings (`", ".join(["?"] * len(ids))`).
    """
    if depth > _MAX_DEPTH:
        return None
    value = ctx.literal(expr)
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if isinstance(value, str):
        return Built(value, False, "")
    expr = ctx.value_of(expr)
    if isinstance(expr, cst.FormattedString):
        return _formatted(expr, ctx, depth)
    if isinstance(expr, cst.ConcatenatedString):
        left = built_string(expr.left, ctx, depth + 1)
        right = built_string(expr.right, ctx, depth + 1)
        if left is None or right is None:
            return None
        return Built(left.text + right.text, left.dynamic or right.dynamic, left.how or right.how)
    if isinstance(expr, cst.BinaryOperation):
        if isinstance(expr.operator, cst.Add):
            return _concatenation(expr, ctx, depth)
        if isinstance(expr.operator, cst.Modulo):
            return _percent(expr, ctx, depth)
        return None
    if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and expr.func.attr.value == "format":
        return _format_call(expr, ctx, depth)
    return None


def _safe(expr: cst.BaseExpression, ctx, depth: int) -> bool:
    """True when a value put into a string cannot carry SQL syntax of an attacker's choosing."""
    value = ctx.literal(expr)
    if value is None or isinstance(value, (str, bytes, int, float, bool)):
        return True
    if ctx.is_constant_string(expr):
        return True
    target = ctx.value_of(expr)
    if isinstance(target, cst.BinaryOperation) and isinstance(target.operator, cst.Multiply):
        return ctx.is_constant_string(target.left) or ctx.is_constant_string(target.right)  # " " * indent
    if isinstance(target, cst.IfExp):  # "DESC" if descending else "ASC"
        return depth < _MAX_DEPTH and _safe(target.body, ctx, depth + 1) and _safe(target.orelse, ctx, depth + 1)
    if isinstance(target, cst.Subscript):  # SORT_COLUMNS[sort]: an allow-list lookup
        return _constant_strings(target.value, ctx)
    if isinstance(target, cst.Call):
        if ctx.match(target.func, _NUMERIC_CALLS) is not None:
            return True
        if _quoting_call(target):
            return True
        if _constant_join(target, ctx):
            return True
        if _allow_list_get(target, ctx):
            return True
    inner = built_string(target, ctx, depth + 1)
    return inner is not None and not inner.dynamic


_QUOTING = re.compile(r"(?:^|_)(?:quote|escape)(?:_|$)|^qn$|^Identifier$|^Literal$")


def _quoting_call(call: cst.Call) -> bool:
    """A value passed through the database's own quoting: `connection.ops.quote_name(table)`,
    `quote_ident(name, conn)`, `conn.escape_string(v)`, `sql.Identifier(t)`: identifiers and
    literals quoted this way cannot break out of the query."""
    func = call.func
    name = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""
    return bool(_QUOTING.search(name))


def _constant_strings(container: cst.BaseExpression, ctx) -> bool:
    """A dict, tuple or list (not empty) whose values are all constant strings: what any
    lookup in it gives is text the program chose (`SORT_COLUMNS = {"name": "last_name"}`)."""
    container = ctx.value_of(container)
    if isinstance(container, cst.Dict):
        values = [e.value if isinstance(e, cst.DictElement) else None for e in container.elements]
    elif isinstance(container, (cst.Tuple, cst.List)):
        values = [e.value if isinstance(e, cst.Element) else None for e in container.elements]
    else:
        return False
    return bool(values) and all(v is not None and ctx.is_constant_string(v) for v in values)


def _allow_list_get(call: cst.Call, ctx) -> bool:
    """`SORT_COLUMNS.get(sort, "id")`: a lookup in a dict of constant strings, with a constant default."""
    func = call.func
    if not (isinstance(func, cst.Attribute) and func.attr.value == "get" and _constant_strings(func.value, ctx)):
        return False
    if not isinstance(ctx.value_of(func.value), cst.Dict) or any(arg.star for arg in call.args):
        return False
    default = ctx.argument(call, "default", 1)
    return default is None or ctx.literal(default) is None or ctx.is_constant_string(default)


def _constant_join(call: cst.Call, ctx) -> bool:
    """`sep.join(items)` where the separator and every item are constant strings."""
    func = call.func
    if not (isinstance(func, cst.Attribute) and func.attr.value == "join" and ctx.is_constant_string(func.value)):
        return False
    items = ctx.positional(call, 0)
    if items is None:
        return False
    if ctx.is_constant_string(items):
        return True
    items = ctx.value_of(items)
    if isinstance(items, cst.BinaryOperation) and isinstance(items.operator, cst.Multiply):
        # ["?"] * len(ids), "?" * n
        return ctx.is_constant_string(items.left) or ctx.is_constant_string(items.right)
    if isinstance(items, (cst.ListComp, cst.GeneratorExp, cst.SetComp)):
        return ctx.is_constant_string(items.elt)
    return False


def _formatted(expr: cst.FormattedString, ctx, depth: int) -> Built:
    text, dynamic = "", False
    for part in expr.parts:
        if isinstance(part, cst.FormattedStringText):
            text += part.value
            continue
        if _numeric_spec(part) or _safe(part.expression, ctx, depth):
            constant = ctx.literal(part.expression)
            text += constant if isinstance(constant, str) and part.conversion is None else "0"
        else:
            text += _MARK
            dynamic = True
    return Built(text, dynamic, "an f-string")


def _numeric_spec(part: cst.FormattedStringExpression) -> bool:
    spec = part.format_spec
    if not spec or part.conversion is not None:
        return False
    if not all(isinstance(piece, cst.FormattedStringText) for piece in spec):
        return False
    written = "".join(piece.value for piece in spec)
    return bool(written) and written[-1] in _NUMERIC_SPEC


def _concatenation(expr: cst.BinaryOperation, ctx, depth: int) -> Optional[Built]:
    left = built_string(expr.left, ctx, depth + 1)
    right = built_string(expr.right, ctx, depth + 1)
    if left is None and right is None:
        return None  # `a + b`: maybe not strings at all
    parts = []
    dynamic = False
    for side, operand in ((left, expr.left), (right, expr.right)):
        if side is not None:
            parts.append(side.text)
            dynamic = dynamic or side.dynamic
        elif _safe(operand, ctx, depth):
            parts.append("0")
        else:
            parts.append(_MARK)
            dynamic = True
    return Built("".join(parts), dynamic, "string concatenation")


def _percent(expr: cst.BinaryOperation, ctx, depth: int) -> Optional[Built]:
    template = built_string(expr.left, ctx, depth + 1)
    if template is None or template.dynamic:
        return template
    conversions = [c for c in _PERCENT_CONVERSION.findall(template.text) if c != "%"]
    if not conversions:
        return None  # not a format string: `%` may be arithmetic on something else
    if all(c in _NUMERIC_PERCENT for c in conversions):
        return Built(template.text, False, "%-formatting")
    values = ctx.value_of(expr.right)
    if isinstance(values, (cst.Tuple, cst.Dict)):
        items = [element.value for element in values.elements]
    else:
        items = [values]
    dynamic = not all(
        not isinstance(item, cst.StarredElement) and _safe(item, ctx, depth) for item in items
    )
    return Built(template.text, dynamic, "%-formatting")


def _format_call(call: cst.Call, ctx, depth: int) -> Optional[Built]:
    template = built_string(call.func.value, ctx, depth + 1)
    if template is None or template.dynamic:
        return template
    try:
        fields = [spec for _, name, spec, _ in string.Formatter().parse(template.text) if name is not None]
    except ValueError:
        fields = None
    if fields is not None and not fields:
        return Built(template.text, False, "str.format()")
    if fields and all(spec and spec[-1] in _NUMERIC_SPEC for spec in fields):
        return Built(template.text, False, "str.format()")
    dynamic = any(arg.star or not _safe(arg.value, ctx, depth) for arg in call.args)
    return Built(template.text, dynamic, "str.format()")


class SqlStringFormatting(PythonRule):
    """
    ## What it does
    Finds SQL statements built by inserting values into the query text: an f-string,
    `%` formatting, `.format()` or `+` concatenation with a non-constant part, whose
    constant text looks like SQL (`SELECT ... FROM`, `INSERT INTO`, `UPDATE ... SET`,
    `DELETE FROM`, `WHERE`, ...), passed as the query to `.execute()`, `.executemany()`
    or `.executescript()` (of any cursor, connection or session), `sqlalchemy.text()`,
    `pandas.read_sql()` / `read_sql_query()`, or a Django `Model.objects.raw()`. A query
    assigned to a variable first and then passed is followed.

    Left alone: parameterized queries (`execute("... WHERE id = %s", (uid,))`), values that
    are constants (`TABLE = "users"` then `f"SELECT * FROM {TABLE}"`), numbers made by `int()`
    or `len()` or formatted with `%d` / `{n:d}`, placeholder lists such as
    `", ".join(["%s"] * len(ids))`, identifiers picked from an allow-list (`SORT_COLUMNS[sort]`
    or `SORT_COLUMNS.get(sort, "id")` where `SORT_COLUMNS` is a dict, tuple or list of constant
    strings), a choice between safe values (`"DESC" if descending else "ASC"`), and strings
    that do not look like SQL.

    ## Why is this bad?
    A value put into the SQL text becomes part of the statement: a name like
    `x' OR '1'='1` or `1; DROP TABLE users` changes what the query does, and can read,
    change or delete any data the database account can reach (SQL injection, CWE-89).
    Escaping by hand is easy to get wrong. Query parameters are sent separately from the
    statement and are never interpreted as SQL.

    ## Example
    ```python
    cursor.execute(f"SELECT * FROM users WHERE name = '{name}'")
    ```

    ## Use instead
    ```python
    cursor.execute("SELECT * FROM users WHERE name = %s", (name,))  # sqlite3: "?"
    # identifiers (table, column names): check them against an allow-list, or use
    # psycopg.sql.Identifier / SQLAlchemy constructs
    ```

    ## Options
    None.

    ## Fix safety
    No fix is offered: moving values into parameters depends on the driver's placeholder style.

    ## References
    - [CWE-89: SQL Injection](https://cwe.mitre.org/data/definitions/89.html)
    - [Python: sqlite3 placeholders](https://docs.python.org/3/library/sqlite3.html#sqlite3-placeholders)
    - [psycopg: passing parameters to SQL queries](https://www.psycopg.org/psycopg3/docs/basic/params.html)
    - [SQLAlchemy: text() with bound parameters](https://docs.sqlalchemy.org/en/20/core/sqlelement.html#sqlalchemy.sql.expression.text)
    - [Django: performing raw SQL queries](https://docs.djangoproject.com/en/stable/topics/db/sql/)
    """

    id = "SW140"
    name = "sql-string-formatting"
    summary = "SQL query built from non-constant values"
    hint = 'pass the values as query parameters: execute("... WHERE id = %s", (user_id,))'
    severity = HIGH
    confidence = MEDIUM
    cwe = (89,)
    tags = ("sql", "injection")
    bandit = ("B608",)
    ruff = ("S608",)
    triggers = ("execute", "executemany", "executescript", "raw", "sqlalchemy", "read_sql", "read_sql_query")

    VALID = [
        # Identifiers quoted by the database backend cannot carry SQL syntax.
        "def count(connection, table):\n    qn = connection.ops.quote_name\n    with connection.cursor() as c:\n        c.execute('SELECT COUNT(*) FROM %s' % connection.ops.quote_name(table))\n",
        "from psycopg2.extensions import quote_ident\ndef drop(cur, name):\n    cur.execute(f'DROP TABLE {quote_ident(name, cur)}')\n",
        "def find(cursor, uid):\n    cursor.execute('SELECT * FROM t WHERE id = %s', (uid,))\n",
        "def find(conn, x):\n    conn.execute('SELECT * FROM t WHERE id = ?', [x])\n",
        "TABLE = 'users'\ndef find(cursor, uid):\n    cursor.execute(f'SELECT * FROM {TABLE} WHERE id = %s', (uid,))\n",
        "def run(executor, job):\n    executor.execute(f'run job {job}')\n",
        "import sqlalchemy\nq = sqlalchemy.text('SELECT 1')\n",
        "def find(cursor, ids):\n    marks = ', '.join(['%s'] * len(ids))\n    cursor.execute(f'SELECT * FROM t WHERE id IN ({marks})', ids)\n",
        "def page(cursor, limit):\n    cursor.execute(f'SELECT * FROM t ORDER BY id LIMIT {int(limit)}')\n    cursor.execute('SELECT * FROM t WHERE id = %d' % limit)\n",
        "from psycopg import sql\ndef count(cur, table):\n    cur.execute(sql.SQL('SELECT count(*) FROM {}').format(sql.Identifier(table)))\n",
        "def run(cursor, query):\n    cursor.execute(query)\n",
        "def find(User, name):\n    return User.objects.raw('SELECT * FROM app_user WHERE name = %s', [name])\n",
        "def f(message, name):\n    log.raw(f'select a from b where c = {name}')\n",
        "COLUMNS = ('id', 'name')\ndef load(cursor):\n    cursor.execute(f\"SELECT {', '.join(COLUMNS)} FROM users\")\n",
        # Identifiers picked from an allow-list of constants, and a choice between constants.
        "SORT_COLUMNS = {'name': 'last_name', 'joined': 'date_joined'}\n"
        "def people(cursor, sort, descending):\n    column = SORT_COLUMNS[sort]\n"
        "    direction = 'DESC' if descending else 'ASC'\n"
        "    cursor.execute(f'SELECT id FROM people ORDER BY {column} {direction}')\n",
        "TABLES = ('orders', 'refunds')\ndef count(cursor, kind):\n"
        "    cursor.execute('SELECT COUNT(*) FROM ' + TABLES[kind] + ' WHERE paid = %s', (True,))\n",
        "ORDERING = {'new': 'created_at DESC', 'old': 'created_at ASC'}\ndef page(cursor, order):\n"
        "    cursor.execute('SELECT id FROM posts ORDER BY {}'.format(ORDERING.get(order, 'id')))\n",
        "def rows(cursor, archived):\n    cursor.execute('SELECT id FROM %s WHERE owner = %%s' % ('archive' if archived else 'live'), (1,))\n",
        # A query built up with `+=` from constants and allow-listed parts.
        "SORT_COLUMNS = {'name': 'last_name'}\ndef people(cursor, sort, active):\n    sql = 'SELECT id FROM people WHERE 1 = 1'\n"
        "    if active:\n        sql += ' AND active = %s'\n    sql += f' ORDER BY {SORT_COLUMNS[sort]}'\n    cursor.execute(sql, (True,))\n",
    ]
    INVALID = [
        Invalid("def find(cursor, name):\n    cursor.execute(f\"SELECT * FROM users WHERE name = '{name}'\")\n", 2),
        Invalid("def find(cursor, uid):\n    cursor.execute('SELECT * FROM t WHERE id = %s' % uid)\n", 2),
        Invalid("def find(cursor, uid):\n    cursor.execute('SELECT * FROM t WHERE id = {}'.format(uid))\n", 2),
        Invalid("def drop(conn, table):\n    conn.executescript('DROP TABLE ' + table)\n", 2),
        Invalid("def find(cursor, uid):\n    query = f'DELETE FROM t WHERE id = {uid}'\n    cursor.execute(query)\n", 3),
        Invalid("import sqlalchemy as sa\ndef find(session, name):\n    return session.execute(sa.text(f\"SELECT * FROM t WHERE name = '{name}'\"))\n", 3),
        Invalid("from sqlalchemy import text as sql_text\ndef q(col):\n    return sql_text('SELECT ' + col + ' FROM t')\n", 3),
        Invalid("from sqlalchemy import *\ndef q(name):\n    return text(f'UPDATE t SET name = {name!r}')\n", 3),
        Invalid("import pandas as pd\ndef load(conn, day):\n    return pd.read_sql(\n        f'SELECT * FROM events WHERE day = {day}',\n        conn,\n    )\n", 4),
        Invalid("def find(User, name):\n    return User.objects.raw(f\"SELECT * FROM app_user WHERE name = '{name}'\")\n", 2),
        Invalid("def insert(cursor, rows, table):\n    cursor.executemany('INSERT INTO %s VALUES (?, ?)' % table, rows)\n", 2),
        Invalid("QUERY = 'SELECT * FROM t WHERE owner = \"%s\"'\ndef find(cursor, owner):\n    cursor.execute(QUERY % owner)\n", 3),
        Invalid("import pandas as pd\ndef load(conn, day):\n    return pd.read_sql_query(f'SELECT * FROM events WHERE day = {day}', conn)\n", 3),
        # Look-ups and choices that can still give text from outside.
        Invalid("SORT_COLUMNS = {'name': 'last_name', 'joined': date_field}\n"
                "def people(cursor, sort):\n    cursor.execute(f'SELECT id FROM people ORDER BY {SORT_COLUMNS[sort]}')\n", 3),
        Invalid("def people(cursor, request):\n    column = request.GET['sort']\n"
                "    cursor.execute(f'SELECT id FROM people ORDER BY {column}')\n", 3),
        Invalid("def people(cursor, sort, descending):\n    direction = 'DESC' if descending else sort\n"
                "    cursor.execute(f'SELECT id FROM people ORDER BY name {direction}')\n", 3),
        Invalid("ORDERING = {'new': 'created_at DESC'}\ndef page(cursor, order):\n"
                "    cursor.execute('SELECT id FROM posts ORDER BY {}'.format(ORDERING.get(order, order)))\n", 3),
        # A query built up with `+=`.
        Invalid("def find(cursor, name):\n    sql = 'SELECT * FROM users WHERE 1 = 1'\n    sql += f\" AND name = '{name}'\"\n    cursor.execute(sql)\n", 4),
    ]

    def visit_Call(self, node: cst.Call, ctx) -> None:
        func = node.func
        if isinstance(func, cst.Attribute):
            method = func.attr.value
            if method in _CURSOR_METHODS:
                query = ctx.argument(node, "sql", 0) or ctx.keyword(node, "query")
                self._check(node, ctx, query, f".{method}()", _has_parameters(node, ctx, ("parameters", "params", "args", "vars")))
                return
            if method == "raw":
                receiver = func.value
                if isinstance(receiver, cst.Attribute) and receiver.attr.value == "objects":
                    self._check(node, ctx, ctx.argument(node, "raw_query", 0), "Manager.raw()", _has_parameters(node, ctx, ("params",)))
                return
            if method not in _QUERY_NAMES:
                return
        elif not isinstance(func, cst.Name):
            return
        name = ctx.match(func, _QUERY_FUNCTIONS)
        if name is not None:
            parameters = name.startswith("pandas.") and ctx.keyword(node, "params") is not None
            self._check(node, ctx, ctx.argument(node, _QUERY_FUNCTIONS[name], 0), f"{name}()", parameters)

    def _check(self, node: cst.Call, ctx, query: Optional[cst.BaseExpression], sink: str, parameters: bool = False) -> None:
        if query is None:
            return
        built = built_string(query, ctx)
        if built is None or not built.dynamic or not _SQL.search(built.text):
            return
        # With query parameters passed as well, the values are most likely bound properly and
        # the formatted part is an identifier or a fragment chosen by the program.
        self.report(ctx, query, f"SQL query built from non-constant values with {built.how} (passed to {sink})",
                    confidence=LOW if parameters else None)


def _has_parameters(call: cst.Call, ctx, keywords) -> bool:
    if ctx.positional(call, 1) is not None:
        return True
    return any(ctx.keyword(call, keyword) is not None for keyword in keywords)
