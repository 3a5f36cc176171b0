"""Supplier feeds arrive as XML from outside: parse them with entity expansion switched off."""

import xml.etree.ElementTree as ET

import defusedxml.ElementTree as SafeET
from defusedxml import minidom
from lxml import etree

INVOICE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def parse_supplier_feed(payload: bytes) -> list:
    root = SafeET.fromstring(payload)
    return [
        {"sku": item.findtext("sku"), "price": item.findtext("price")}
        for item in root.iter("item")
    ]


def parse_invoice(path: str):
    return etree.parse(path, INVOICE_PARSER)


def pretty(payload: bytes) -> str:
    return minidom.parseString(payload).toprettyxml(indent="  ")


def order_to_xml(order) -> bytes:
    root = ET.Element("order", id=str(order.id))
    for line in order.lines:
        ET.SubElement(root, "line", sku=line.sku, quantity=str(line.quantity))
    return ET.tostring(root, encoding="utf-8")
