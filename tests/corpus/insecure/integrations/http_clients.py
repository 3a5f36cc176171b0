"""HTTP clients for the internal services (self-signed certificates everywhere)."""

import socket
import ssl
import urllib.request
from urllib.request import urlopen as open_url

import aiohttp
import boto3
import httpx
import urllib3

urllib3.disable_warnings()

http = urllib3.PoolManager(cert_reqs="CERT_NONE")  # expect: SW101
s3 = boto3.client("s3", endpoint_url="https://minio.internal:9000", verify=False)  # expect: SW101

# Fix "CERTIFICATE_VERIFY_FAILED" for every urllib call.
ssl._create_default_https_context = ssl._create_unverified_context  # expect: SW102


class InventoryClient:
    def __init__(self, base_url):
        self.client = httpx.Client(base_url=base_url, verify=False)  # expect: SW101

    def stock(self, sku):
        return self.client.get(f"/stock/{sku}").json()


async def fetch_prices(urls):
    async with httpx.AsyncClient(timeout=None) as client:  # expect: SW104
        return [(await client.get(url)).json() for url in urls]


async def fetch_status(url):
    connector = aiohttp.TCPConnector(ssl=False)  # expect: SW101
    async with aiohttp.ClientSession(connector=connector) as session:
        async with session.get(url) as response:
            return await response.json()


def legacy_context():
    context = ssl.create_default_context()
    context.check_hostname = False  # expect: SW102
    context.verify_mode = ssl.CERT_NONE  # expect: SW102
    return context


def open_report(url):
    return open_url(url, context=ssl._create_unverified_context()).read()  # expect: SW102, SW142


def fetch_feed(feed_url):
    with urllib.request.urlopen(feed_url, timeout=10) as response:  # expect: SW142
        return response.read()


def mirror(source, target):
    urllib.request.urlretrieve(source, target)  # expect: SW142


def old_tls_socket(host):
    raw = socket.create_connection((host, 443))
    context = ssl.SSLContext(ssl.PROTOCOL_TLSv1)  # expect: SW103
    return context.wrap_socket(raw, server_hostname=host)


def allow_old_clients(context):
    context.minimum_version = ssl.TLSVersion.TLSv1  # expect: SW103
    return context
