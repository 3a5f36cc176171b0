"""Client for the payment provider and a couple of partner APIs."""

import functools
import hashlib
import hmac

import requests
import requests as rq
from requests import Session
from requests import get as http_get

API_URL = "https://api.payments.example.com/v1"
VERIFY_SSL = False
REQUEST_OPTIONS = {"verify": False, "timeout": 30}


class PaymentGateway:
    def __init__(self, api_key):
        self.session = requests.Session()
        self.session.verify = False  # expect: SW101
        self.session.headers.update({"Authorization": f"Bearer {api_key}"})

    def charge(self, amount, source):
        response = self.session.post(f"{API_URL}/charges", json={"amount": amount, "source": source})  # expect: SW104
        response.raise_for_status()
        return response.json()

    def refund(self, charge_id):
        return self.session.post(
            f"{API_URL}/refunds",
            json={"charge": charge_id},
            timeout=None,  # expect: SW104
        )


def get_exchange_rate(currency):
    response = requests.get(f"https://rates.example.com/{currency}", verify=VERIFY_SSL)  # expect: SW101, SW104
    return response.json()["rate"]


def notify_partner(url, payload):
    return rq.post(url, json=payload, **REQUEST_OPTIONS)  # expect: SW101


def fetch_invoice_pdf(url):
    return http_get(url, verify=False).content  # expect: SW101, SW104


def sync_customers(urls):
    s = Session()
    for url in urls:
        s.get(url)  # expect: SW104


def upload_document(url, data):
    return requests.put(
        url,
        data=data,
        verify=False,  # expect: SW101
        timeout=10,
    )


fetch_partner_feed = functools.partial(requests.get, verify=False, timeout=10)  # expect: SW101


class PartnerDirectory:
    session = requests.Session()

    def lookup(self, partner_id):
        return self.session.get(f"https://partners.example.com/{partner_id}").json()  # expect: SW104


def verify_github_webhook(secret, body, signature):
    expected = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
    return expected == signature  # expect: SW144


def verify_partner_webhook(secret, body, signature):
    return f"sha256={hmac.new(secret, body, hashlib.sha256).hexdigest()}" == signature  # expect: SW144
