"""HTML statements and invoices."""

import jinja2 as j2
from jinja2 import Template
from mako.lookup import TemplateLookup
from mako.template import Template as MakoTemplate

INVOICE_TEMPLATE = "<h1>Invoice {{ number }}</h1><p>{{ customer.name }}</p>"

email_env = j2.Environment(
    loader=j2.FileSystemLoader("reports/templates"),
    autoescape=False,  # expect: SW136
)

mako_lookup = TemplateLookup(directories=["reports/mako"])  # expect: SW146


def render_invoice(invoice):
    return Template(INVOICE_TEMPLATE).render(number=invoice.number, customer=invoice.customer)  # expect: SW136


def render_statement(customer):
    return MakoTemplate("<p>Statement for ${name}</p>").render(name=customer.name)  # expect: SW146


def render_summary(text):
    return MakoTemplate(text, default_filters=["str"]).render()  # expect: SW146
