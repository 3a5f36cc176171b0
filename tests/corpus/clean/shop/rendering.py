"""HTML e-mails and receipts."""

from jinja2 import Environment, PackageLoader, select_autoescape
from mako.lookup import TemplateLookup

env = Environment(loader=PackageLoader("shop", "templates"), autoescape=select_autoescape())
legacy_lookup = TemplateLookup(directories=["shop/legacy_templates"], default_filters=["h"])


def render_receipt(order) -> str:
    return env.get_template("receipt.html").render(order=order)


def render_legacy_invoice(order) -> str:
    return legacy_lookup.get_template("invoice.mako").render(order=order)
