"""Imports the partner order feed and the product catalogue."""

import xml.etree.ElementTree as ET
import xml.sax
from xml.dom import minidom

from lxml import etree

FEED_PARSER = etree.XMLParser(resolve_entities=True, no_network=False)  # expect: SW132, SW132


def parse_order_feed(payload):
    root = ET.fromstring(payload)  # expect: SW131
    return [order.attrib for order in root.iter("order")]


def parse_catalog(path):
    return minidom.parse(path)  # expect: SW131


def stream_events(path, handler):
    parser = xml.sax.make_parser()  # expect: SW131
    parser.setFeature(xml.sax.handler.feature_external_ges, True)  # expect: SW131
    parser.setContentHandler(handler)
    parser.parse(path)


def parse_large_export(path):
    parser = etree.XMLParser(huge_tree=True)  # expect: SW132
    return etree.parse(path, parser)


def parse_partner_invoice(data):
    return etree.fromstring(data, FEED_PARSER)
