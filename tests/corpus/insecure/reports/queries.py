"""Ad-hoc reports for the finance team."""

import marshal

import pandas as pd
from sqlalchemy import text as sql_text


def customer_report(conn, customer_id):
    cur = conn.cursor()
    cur.execute(f"SELECT * FROM invoices WHERE customer_id = {customer_id}")  # expect: SW140
    return cur.fetchall()


def search_customers(conn, name):
    query = "SELECT id, name FROM customers WHERE name = '%s'" % name
    return conn.execute(query).fetchall()  # expect: SW140


def delete_customer(conn, customer_id):
    conn.executescript("DELETE FROM customers WHERE id = " + str(customer_id) + ";")  # expect: SW140


def monthly_revenue(engine, month):
    with engine.connect() as connection:
        return connection.execute(sql_text(f"SELECT SUM(amount) FROM payments WHERE month = '{month}'")).scalar()  # expect: SW140


def top_products(engine, category, limit):
    return pd.read_sql(
        "SELECT name, sold FROM products WHERE category = '{}' ORDER BY sold DESC LIMIT {}".format(category, limit),  # expect: SW140
        engine,
    )


def filter_invoices(conn, status=None, customer=None):
    sql = "SELECT id, total FROM invoices WHERE 1 = 1"
    if status:
        sql += f" AND status = '{status}'"
    if customer:
        sql += " AND customer_id = " + customer
    return conn.execute(sql).fetchall()  # expect: SW140


def bulk_tag(conn, table, rows):
    conn.executemany("INSERT INTO %s (id, tag) VALUES (?, ?)" % table, rows)  # expect: SW140


def evaluate_formula(formula, row):
    return eval(formula, {"row": row})  # expect: SW112


def run_custom_report(source):
    namespace = {}
    exec(source, namespace)  # expect: SW112
    return namespace["result"]


def load_cached_formula(blob):
    return marshal.loads(blob)  # expect: SW107
