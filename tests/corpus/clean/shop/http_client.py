"""Outgoing HTTP: every call has a timeout and verifies certificates (internal CA where needed)."""

import random
import ssl
import time

import httpx
import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

CA_BUNDLE = "/etc/ssl/certs/internal-ca.pem"
TIMEOUT = (3.05, 27)


class PaymentsClient:
    def __init__(self, base_url: str, api_key: str):
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()
        self.session.verify = CA_BUNDLE
        self.session.headers["Authorization"] = f"Bearer {api_key}"
        self.session.mount("https://", HTTPAdapter(max_retries=Retry(total=3, backoff_factor=0.5)))

    def charge(self, order_id: int, amount_cents: int) -> dict:
        response = self.session.post(
            f"{self.base_url}/charges",
            json={"order": order_id, "amount": amount_cents, "currency": "EUR"},
            timeout=TIMEOUT,
        )
        response.raise_for_status()
        return response.json()

    def refund(self, charge_id: str) -> None:
        self.session.post(f"{self.base_url}/charges/{charge_id}/refund", timeout=TIMEOUT).raise_for_status()


class RateLimiter:
    """A token bucket for the partner API, with jitter so that workers do not refill in step."""

    def __init__(self, rate: float, capacity: int):
        self.rate = rate
        self.capacity = capacity
        self.tokens = float(capacity)
        self.token_refill_jitter = random.uniform(0, 0.05)
        self.updated = time.monotonic()

    def acquire(self) -> None:
        while True:
            now = time.monotonic()
            self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
            self.updated = now
            if self.tokens >= 1:
                self.tokens -= 1
                return
            time.sleep(1 / self.rate + self.token_refill_jitter)


def exchange_rates() -> dict:
    response = requests.get("https://api.rates.example.com/latest", params={"base": "EUR"}, timeout=10, verify=True)
    response.raise_for_status()
    return response.json()["rates"]


def inventory_client() -> httpx.Client:
    context = ssl.create_default_context(cafile=CA_BUNDLE)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return httpx.Client(base_url="https://inventory.internal", verify=context, timeout=httpx.Timeout(10.0))


async def stock_level(sku: str) -> int:
    async with httpx.AsyncClient(verify=CA_BUNDLE, timeout=5.0) as client:
        response = await client.get(f"https://inventory.internal/stock/{sku}")
        response.raise_for_status()
        return response.json()["available"]
