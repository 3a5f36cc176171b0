"""Raw database access for reporting and the audit log: always with bound parameters."""

import sqlite3

import sqlalchemy as sa

AUDIT_SCHEMA = """
CREATE TABLE IF NOT EXISTS audit_log (
    id INTEGER PRIMARY KEY,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    created_at TEXT NOT NULL
);
"""
INSERT_AUDIT = "INSERT INTO audit_log (actor, action, created_at) VALUES (?, ?, ?)"
ORDERS_FOR_CUSTOMER = (
    "SELECT id, total_cents, status FROM orders "
    "WHERE customer_id = %s AND status = %s ORDER BY created_at DESC"
)
REVENUE_SINCE = sa.text("SELECT COALESCE(SUM(total_cents), 0) FROM orders WHERE created_at >= :day")
ORDER_SORT_COLUMNS = {"date": "created_at", "total": "total_cents", "status": "status"}


def open_audit_log(path: str) -> sqlite3.Connection:
    connection = sqlite3.connect(path)
    connection.executescript(AUDIT_SCHEMA)
    return connection


def record(connection: sqlite3.Connection, actor: str, action: str, when: str) -> None:
    with connection:
        connection.execute(INSERT_AUDIT, (actor, action, when))


def orders_for(cursor, customer_id: int, status: str = "paid"):
    cursor.execute(ORDERS_FOR_CUSTOMER, (customer_id, status))
    return cursor.fetchall()


def orders_by_ids(cursor, ids):
    placeholders = ", ".join(["%s"] * len(ids))
    cursor.execute(f"SELECT id, status FROM orders WHERE id IN ({placeholders})", list(ids))
    return cursor.fetchall()


def revenue_since(engine: sa.Engine, day) -> int:
    with engine.connect() as connection:
        return connection.execute(REVENUE_SINCE, {"day": day}).scalar_one()


def orders_page(cursor, customer_id: int, sort: str = "date", descending: bool = True):
    # Identifiers cannot be bound as parameters: pick them from an allow-list instead.
    column = ORDER_SORT_COLUMNS[sort]
    direction = "DESC" if descending else "ASC"
    cursor.execute(
        f"SELECT id, total_cents, status FROM orders WHERE customer_id = %s ORDER BY {column} {direction}",
        (customer_id,),
    )
    return cursor.fetchall()


def search_orders(cursor, status=None, sort: str = "date"):
    sql = "SELECT id, status FROM orders WHERE 1 = 1"
    params = []
    if status is not None:
        sql += " AND status = %s"
        params.append(status)
    sql += f" ORDER BY {ORDER_SORT_COLUMNS.get(sort, 'created_at')}"
    cursor.execute(sql, params)
    return cursor.fetchall()
